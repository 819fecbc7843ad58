"""The signed team location's rules in-process: keys and ids, the read cache, pins, Away, what a rep
sees (core/visibility), and freshness (a lost object published again by the dashboard's watcher)."""

from __future__ import annotations

import json
from datetime import date

import pendulum

from repdash.core import visibility
from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now, team_view
from repdash.store.local import LocalStore
from repdash.sync import manifest as mf
from repdash.sync import repobj, signing, teamread
from repdash.sync.layout import LayoutBackend, open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def test_rep_id_is_bound_to_the_key_and_a_signature_to_its_bytes(tmp_path):
    a = signing.load_identity(tmp_path / "a")
    b = signing.load_identity(tmp_path / "b")
    assert a is not None and b is not None
    assert a.rep_id == signing.rep_id_of(a.public) != b.rep_id
    assert signing.load_identity(tmp_path / "a").public == a.public  # kept, not remade
    assert oct((tmp_path / "a" / signing.KEY_FILE).stat().st_mode & 0o777) == "0o600"
    entry = {"rep_id": a.rep_id, "today": {"call": 3}}
    data = repobj.encode(a, entry)
    assert repobj.decode(a.rep_id, data).problem == "invalid"  # signed, but not a full entry
    forged = repobj.encode(b, entry)
    assert repobj.decode(a.rep_id, forged).problem == "signature"  # b's key under a's id
    tampered = data.replace(b'"call":3', b'"call":9')
    assert repobj.decode(a.rep_id, tampered).problem == "signature"
    assert repobj.decode(a.rep_id, b"{").problem == "unreadable"
    assert not signing.verify(a.public, "x" * 88, "rep", entry)


def _team(tmp_path, n: int = 3):
    folder = tmp_path / "team"
    folder.mkdir()
    url = str(folder) + "/"
    mgr = LocalStore(tmp_path / "mgr")
    mgr.init("Mia", team_file=url, tz="Europe/Berlin", manager=True, now=NOW)
    team_layout.set_up_identity(mgr)
    backend = LayoutBackend(open_layout(url))
    sync_now(mgr, NOW, backend=backend)
    reps = []
    for i in range(n):
        s = LocalStore(tmp_path / f"rep{i}")
        s.init(f"Rep {i}", team_file=url, tz="Europe/Berlin", now=NOW)
        team_layout.set_up_identity(s)
        s.log("call", i + 1, now=NOW)
        sync_now(s, NOW, backend=backend)
        team_admin.admit(mgr, backend, f"Rep {i}", NOW.isoformat())
        reps.append(s)
    return folder, backend, mgr, reps


def test_an_unchanged_team_is_one_listing_and_a_change_one_fetch(tmp_path):
    folder, backend, mgr, reps = _team(tmp_path)
    teamread.forget(backend.location)
    first = team_view(mgr, NOW, backend=backend)
    assert first["requests"] == 1 + 0 + 1  # the listing, no rep (the home's cache), the manifest
    again = team_view(mgr, NOW, backend=backend)
    assert again["requests"] == 1
    reps[0].log("call", 1, now=NOW)
    sync_now(reps[0], NOW, backend=backend)
    assert team_view(mgr, NOW, backend=backend)["requests"] == 2


def test_a_lost_object_is_published_again_by_the_watcher(tmp_path):
    folder, backend, mgr, reps = _team(tmp_path, 1)
    rep_id = team_layout.identity(reps[0]).rep_id
    (folder / "reps" / f"{rep_id}.json").unlink()
    assert team_layout.own_object_missing(reps[0], backend)
    view = team_view(reps[0], NOW, backend=backend, heal=True)
    assert (folder / "reps" / f"{rep_id}.json").exists()
    assert "Rep 0" in [r["name"] for r in view["reps"]]
    assert not team_layout.own_object_missing(reps[0], backend)


def test_a_rolled_back_manifest_gives_way_to_the_newer_one_seen(tmp_path):
    folder, backend, mgr, reps = _team(tmp_path, 1)
    old = (folder / "team.json").read_bytes()
    team_admin.set_standard(mgr, backend, {"call": 30}, NOW.isoformat())
    team_view(reps[0], NOW, backend=backend)  # this home has seen the new standard
    (folder / "team.json").write_bytes(old)  # someone with write access restores the old object
    teamread.forget(backend.location)
    view = team_view(reps[0], NOW, backend=backend)
    assert view["standard"] == {"call": 30}
    assert any("rolled back" in w for w in view["warnings"])


def test_a_rolled_back_rep_object_gives_way_to_the_newer_one_seen(tmp_path):
    """A climbing rep with write access restores a rival's older (validly signed) object just before a
    contest ends: a home that verified the newer one keeps it, says so, and the rival's next publish
    (a higher revision) is taken as usual."""
    folder, backend, mgr, reps = _team(tmp_path, 1)
    rival = folder / "reps" / f"{team_layout.identity(reps[0]).rep_id}.json"
    old = rival.read_bytes()
    reps[0].log("call", 40, now=NOW)
    sync_now(reps[0], NOW, backend=backend)
    assert _calls(team_view(mgr, NOW, backend=backend), "Rep 0") == 41
    rival.write_bytes(old)  # the older object, signed by the rival's own key
    teamread.forget(backend.location)  # a fresh process: only the home's cache remembers
    view = team_view(mgr, NOW, backend=backend)
    assert _calls(view, "Rep 0") == 41
    assert any("rolled back" in w and rival.name in w for w in view["warnings"])
    reps[0].log("call", 1, now=NOW)
    sync_now(reps[0], NOW, backend=backend)
    assert _calls(team_view(mgr, NOW, backend=backend), "Rep 0") == 42


def _calls(view, name: str) -> int:
    return next(r for r in view["reps"] if r["name"] == name)["today"]["call"]


def test_away_reps_are_listed_apart_and_not_counted(tmp_path):
    folder, backend, mgr, reps = _team(tmp_path, 2)
    later = pendulum.parse("2026-12-14T10:30:00+01:00")  # 12 working days after the last publish
    sync_now(reps[0], later, backend=backend)
    view = team_view(mgr, later, backend=backend)
    away = {r["name"]: r["away"] for r in view["reps"] if not r["manager"]}
    assert away == {"Rep 0": False, "Rep 1": True}
    assert view["momentum"]["today"]["of"] == 1
    assert next(r for r in view["reps"] if r["name"] == "Rep 1")["rank"] is None


def test_is_away_counts_working_days():
    assert not visibility.is_away(date(2026, 11, 26), date(2026, 11, 26), 10)
    assert not visibility.is_away(date(2026, 11, 26), date(2026, 12, 9), 10)  # 9 working days
    assert visibility.is_away(date(2026, 11, 26), date(2026, 12, 10), 10)


def _row(rep_id, name, week, rank=None, hidden=False, manager=False):
    return {
        "rep_id": rep_id,
        "name": name,
        "week_pct": week,
        "rank": rank,
        "hidden": hidden,
        "manager": manager,
        "coaching": "+2 calls a day",
        "gap": {"call": 2},
        "days_below": 3,
        "tier": "bottom",
        "to_go": {},
    }


def test_for_viewer_keeps_coaching_for_managers_only():
    view = {
        "reps": [
            _row("a", "Ana", 90, 1),
            _row("b", "Ben", 50, 2),
            _row("c", "Cy", 70, hidden=True),
            _row("m", "Mia", 0, manager=True),
        ],
        "tiers": [{"tier": "top", "names": ["Ana"], "reps": ["a"]}],
        "proposals": {"reps": [{"rep_id": "a"}, {"rep_id": "b"}], "median": {"call": 3}},
    }
    mgr = visibility.for_viewer(view, "m", manager=True, board="ranked")
    assert [r["name"] for r in mgr["reps"]] == ["Ana", "Ben", "Cy", "Mia"] and mgr["reps"][0]["coaching"]
    rep = visibility.for_viewer(view, "b", manager=False, board="ranked")
    assert [r["name"] for r in rep["reps"]] == ["Ana", "Ben", "Mia"] and rep["hidden_count"] == 1
    ana = rep["reps"][0]
    assert all(ana[k] is None for k in ("coaching", "gap", "days_below", "tier"))
    assert rep["reps"][1]["coaching"] == "+2 calls a day"  # her own prompt is hers to see
    assert rep["tiers"][0]["names"] == [] and [p["rep_id"] for p in rep["proposals"]["reps"]] == ["b"]
    top = visibility.for_viewer(view, "b", manager=False, board="top 1")
    assert [r["name"] for r in top["reps"]] == ["Ana", "Ben", "Mia"]
    bench = visibility.for_viewer(view, "b", manager=False, board="benchmarks")
    assert [r["name"] for r in bench["reps"]] == ["Ben", "Mia"] and bench["reps"][0]["rank"] is None
    assert bench["benchmarks"] == {"top_quarter_week_pct": 90, "top_half_week_pct": 90}


def test_parse_board_and_a_manifest_signed_by_a_stranger(tmp_path):
    assert mf.parse_board("top 5") == mf.parse_board("top=5") == mf.parse_board("TOP5") == "top 5"
    assert mf.parse_board(" benchmarks ") == "benchmarks"
    owner = signing.load_identity(tmp_path / "o")
    stranger = signing.load_identity(tmp_path / "s")
    assert owner is not None and stranger is not None
    body = mf.new_body(owner, "t", "O", NOW.isoformat())
    assert mf.parse(mf.sign_document(owner, body), "t").owner == owner.public
    doc = json.loads(mf.sign_document(stranger, body))  # the owner's body, signed by someone else
    try:
        mf.parse(json.dumps(doc).encode(), "t")
    except Exception as exc:
        assert getattr(exc, "reason", "") == "signature"
    else:
        raise AssertionError("a manifest signed by a stranger was accepted")


def test_a_deleted_manifest_is_restored_by_repair_not_replaced_by_a_sync(tmp_path, run_cli):
    folder, backend, mgr, reps = _team(tmp_path, 2)
    team_view(reps[0], NOW, backend=backend)  # pinned
    (folder / "team.json").unlink()
    teamread.forget(backend.location)
    sync_now(mgr, NOW, backend=backend)  # a manager who has seen this team never makes a new one
    assert not (folder / "team.json").exists()
    res = run_cli("team", "repair", home_dir=tmp_path / "mgr", env={"REPDASH_TEAM": backend.location})
    assert res.code == 0, res.err
    assert "restored revision" in res.out and "saved again" in res.out
    teamread.forget(backend.location)
    view = team_view(reps[0], NOW, backend=backend)  # the same owner: accepted, the roster is back
    assert sorted(r["name"] for r in view["reps"] if not r["manager"]) == ["Rep 0", "Rep 1"]


def test_the_first_frame_on_a_team_location_loads_no_crypto(tmp_path):
    """A home on a team location, with its key: the dashboard's first frame imports neither
    `cryptography` nor the layout modules (they load with the first sync, after it)."""
    import os
    import subprocess
    import sys
    import textwrap

    folder, backend, mgr, reps = _team(tmp_path, 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(reps[0].home), REPDASH_NOW="2026-11-26T10:30:00+01:00")
    code = textwrap.dedent("""
        import os, sys
        from repdash.store.local import LocalStore
        from repdash.ui.app import RepdashApp

        app = RepdashApp(LocalStore(os.environ["REPDASH_HOME"]))
        after = app._after_first_frame
        watched = ("cryptography", "repdash.sync.signing", "repdash.services.team_layout")

        def first_frame():
            print("LOADED", sorted(m for m in watched if m in sys.modules))
            app.exit()
            after()

        app._after_first_frame = first_frame
        app.run(headless=True, size=(100, 30))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout, proc.stdout


def test_a_put_that_landed_but_timed_out_is_not_another_home(tmp_path, monkeypatch):
    from repdash.sync.layout import FolderLayout
    from repdash.sync.teamfile import TeamFileUnreachable

    folder, backend, mgr, reps = _team(tmp_path, 1)
    real_put = FolderLayout.put

    def put_then_time_out(self, name, data, expected):
        real_put(self, name, data, expected)
        raise TeamFileUnreachable("offline: timed out")

    monkeypatch.setattr(FolderLayout, "put", put_then_time_out)
    reps[0].log("call", 1, now=NOW)
    try:
        sync_now(reps[0], NOW, backend=backend)
    except TeamFileUnreachable:
        pass
    else:
        raise AssertionError("the timed-out PUT did not fail the sync")
    monkeypatch.setattr(FolderLayout, "put", real_put)
    reps[0].log("call", 1, now=NOW)
    synced = sync_now(reps[0], NOW, backend=backend)  # not "published from another home"
    assert synced is not None and synced.result.conflicts == 1
    got = team_view(mgr, NOW, backend=backend)
    assert next(r for r in got["reps"] if r["name"] == "Rep 0")["today"]["call"] == 3
