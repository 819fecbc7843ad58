"""The signed team location (#21, #22) as reps and managers use it: `repdash` processes against a
shared folder, against moto's S3 server and against Azurite (Azure Blob) on loopback
(tests/support/objstores.py); nothing patched.

Each test runs on both: `loc` is the location, with `read`/`write` of raw objects as a teammate
with write access (or a careless sync tool) would touch them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from objstores import BACKENDS, prepared

from repdash.sync import signing


@dataclass
class Loc:
    url: str
    folder: Path | None
    server: Any = None  # tests/support/objstores.py: moto's S3 or Azurite

    def read(self, name: str) -> bytes:
        if self.folder is not None:
            return (self.folder / name).read_bytes()
        return self.server.get_raw("team1/" + name)

    def write(self, name: str, data: bytes) -> None:
        if self.folder is not None:
            (self.folder / name).write_bytes(data)
        else:
            self.server.put_raw("team1/" + name, data)

    def delete(self, name: str) -> None:
        if self.folder is not None:
            (self.folder / name).unlink()
        else:
            self.server.delete_raw("team1/" + name)


@pytest.fixture(params=["folder", *BACKENDS])
def loc(request, tmp_path, monkeypatch):
    if request.param == "folder":
        folder = tmp_path / "team"
        folder.mkdir()
        return Loc(str(folder) + "/", folder)
    server = prepared(request, monkeypatch, request.param)
    return Loc(server.url("team1/"), None, server)


@pytest.fixture
def as_(run_cli_process, tmp_path):
    """Run `repdash ARGS` as a real process for the person whose home is tmp_path/WHO."""

    def run(who: str, *args: str, env: dict | None = None):
        return run_cli_process(*args, home_dir=tmp_path / who, env=env)

    return run


def ok(res):
    assert res.code == 0, res.err + res.out
    assert "Traceback" not in res.err
    return res


def board(res) -> dict:
    return json.loads(ok(res).out)


def names(view: dict) -> list[str]:
    return [r["name"] for r in view["reps"]]


def setup_team(as_, loc: Loc) -> dict[str, str]:
    """A manager (the owner), Ana and Cy admitted, Ben asking; returns rep ids by home."""
    ok(as_("mia", "init", "--name", "Mia Manager", "--manager", "--team", loc.url))
    for who, name in (("ana", "Ana"), ("cy", "Cy"), ("ben", "Ben Brooks")):
        ok(as_(who, "init", "--name", name, "--team", loc.url))
    ok(as_("mia", "sync"))
    for who, calls in (("ana", "5"), ("cy", "7"), ("ben", "3")):
        ok(as_(who, "log", "call", calls))
        ok(as_(who, "sync"))
    ok(as_("mia", "team", "admit", "Ana"))
    ok(as_("mia", "team", "admit", "Cy"))
    return {who: json.loads(ok(as_(who, "whoami", "--json")).out)["rep_id"] for who in ("mia", "ana", "cy", "ben")}


def test_owner_roster_and_what_a_rep_sees(as_, loc):
    ids = setup_team(as_, loc)
    mgr = board(as_("mia", "team", "--json"))
    assert sorted(r["name"] for r in mgr["reps"] if not r["manager"]) == ["Ana", "Cy"]
    assert mgr["asking_to_join"] == ["Ben Brooks"]
    assert mgr["momentum"]["today"]["of"] == 2  # only admitted reps are counted
    assert json.loads(ok(as_("mia", "whoami", "--json")).out)["authority"] is True
    who = json.loads(ok(as_("ana", "whoami", "--json")).out)
    assert set(who) == {"name", "rep_id", "fingerprint", "manager", "authority"}
    assert (who["name"], who["manager"], who["authority"]) == ("Ana", False, False)
    assert who["fingerprint"].startswith("SHA256:")
    # The rep id is bound to the key: the object is named by it.
    assert json.loads(loc.read(f"reps/{ids['ana']}.json"))["entry"]["rep_id"] == ids["ana"]

    # A rep's board: standings, no coaching fields for others; nobody asking (that is for managers).
    rep = board(as_("ana", "team", "--json"))
    others = [r for r in rep["reps"] if r["name"] != "Ana"]
    assert others and all(r.get(k) is None for r in others for k in ("coaching", "gap", "days_below", "tier"))
    assert {r["name"]: r["rank"] for r in rep["reps"] if not r["manager"]} == {"Cy": 1, "Ana": 2}
    assert rep["board"] == "ranked" and rep["ignored"] == 0

    # hide: gone from other reps' boards, still on the manager's, still counted.
    ok(as_("cy", "hide"))
    ok(as_("cy", "sync"))
    rep = board(as_("ana", "team", "--json"))
    assert "Cy" not in names(rep) and rep["hidden_count"] == 1 and rep["momentum"]["today"]["of"] == 2
    mgr = board(as_("mia", "team", "--json"))
    cy = next(r for r in mgr["reps"] if r["name"] == "Cy")
    assert cy["hidden"] is True and cy["today"]["call"] == 7

    # remove: off every board, later entries ignored; admit brings them back.
    ok(as_("mia", "team", "remove", "Ana"))
    ok(as_("ana", "sync"))
    mgr = board(as_("mia", "team", "--json"))
    assert "Ana" not in names(mgr) and mgr["ignored"] == 1
    ok(as_("mia", "team", "admit", "Ana"))
    assert "Ana" in names(board(as_("mia", "team", "--json")))


def test_a_self_declared_manager_has_no_authority(as_, loc):
    setup_team(as_, loc)
    ok(as_("ben2", "init", "--name", "Ben Boss", "--manager", "--team", loc.url))
    res = as_("ben2", "init", "--name", "Ben Boss", "--manager", "--team", loc.url)
    assert "no authority" in res.out
    ok(as_("ben2", "sync"))
    before = loc.read("team.json")
    res = as_("ben2", "standard", "--call", "5", "--pitch", "1", "--commit", "0", "--deal", "0")
    assert res.code == 2 and "only a manager granted by the team's owner" in res.err
    assert loc.read("team.json") == before  # nothing written
    res = as_("ben2", "team", "admit", "Ben Brooks")
    assert res.code == 2
    res = as_("ana", "team", "grant", "Ana")
    assert res.code == 2 and "owner" in res.err

    # grant -> authority; revoke -> none again.
    ok(as_("mia", "team", "grant", "Ben Boss"))
    assert json.loads(ok(as_("ben2", "whoami", "--json")).out)["authority"] is True
    ok(as_("ben2", "standard", "--call", "30"))
    assert board(as_("ana", "team", "--json"))["standard"] == {"call": 30}
    ok(as_("mia", "team", "revoke", "Ben Boss"))
    assert json.loads(ok(as_("ben2", "whoami", "--json")).out)["authority"] is False
    assert as_("ben2", "standard", "--call", "1").code == 2


def test_edits_of_another_reps_object_change_nothing(as_, loc, tmp_path):
    ids = setup_team(as_, loc)
    name = f"reps/{ids['ana']}.json"
    original = loc.read(name)
    # Without a key: Ben bumps Ana's calls in place; the signature no longer verifies.
    doc = json.loads(original)
    doc["entry"]["today"]["call"] = 0
    loc.write(name, json.dumps(doc).encode())
    view = board(as_("cy", "team", "--json"))
    assert "Ana" not in names(view) and view["ignored"] == 1
    # With his own key: a validly signed object under Ana's id is still not Ana's.
    ben = signing.load_identity(tmp_path / "ben")
    assert ben is not None
    forged = dict(doc["entry"], today={"call": 0})
    from repdash.sync import repobj

    loc.write(name, repobj.encode(ben, forged))
    view = board(as_("mia", "team", "--json"))
    assert "Ana" not in names(view) and view["ignored"] == 1
    res = ok(as_("mia", "sync"))
    assert "bad signature" in res.out
    # Ana's next publish heals it: what is under her id is not validly hers, so it is written over.
    ok(as_("ana", "sync"))
    ana = next(r for r in board(as_("mia", "team", "--json"))["reps"] if r["name"] == "Ana")
    assert ana["today"]["call"] == 5


def test_a_manifest_replaced_by_a_rep_is_refused(as_, loc, tmp_path):
    setup_team(as_, loc)
    ok(as_("ana", "team", "--json"))  # every home has pinned the owner by now
    ben = signing.load_identity(tmp_path / "ben")
    assert ben is not None
    from repdash.sync import manifest as mf

    body = mf.new_body(ben, "team1", "Ben Brooks", "2026-11-26T10:00:00+01:00")
    body["standard"] = {"rev": 99, "kinds": {"call": 1}}
    loc.write("team.json", mf.sign_document(ben, body))
    for who in ("ana", "cy", "mia"):
        res = as_(who, "team", "--json")
        assert res.code == 1, who
        assert "the team's owner changed since you joined" in res.err and "repdash team trust" in res.err
    # An unsigned or damaged manifest is refused too: a home that saw a good one keeps using it and
    # says so; a home that never did cannot read the team.
    loc.write("team.json", b'{"format": "repdash-team", "version": 2, "manifest": {}}')
    res = ok(as_("mia", "sync"))
    assert "Warning: the team manifest is unusable" in res.out and "bad signature" in res.out
    ok(as_("dan", "init", "--name", "Dan", "--team", loc.url))
    res = as_("dan", "team", "--json")
    assert res.code == 1 and "bad signature" in res.err


def test_a_damaged_object_costs_only_its_rep_and_a_lost_object_heals(as_, loc):
    ids = setup_team(as_, loc)
    loc.write(f"reps/{ids['cy']}.json", b'{"format": "repdash-rep", "ver')
    res = ok(as_("ana", "sync"))
    assert "1 unreadable rep entry skipped: reps/" in res.out
    view = board(as_("mia", "team", "--json"))
    assert "Ana" in names(view) and "Cy" not in names(view)
    # Cy's own next publish replaces the damaged object.
    ok(as_("cy", "sync"))
    assert "Cy" in names(board(as_("mia", "team", "--json")))
    # A deleted object (a lost bucket, a careless teammate) is written again by the next publish.
    loc.delete(f"reps/{ids['ana']}.json")
    assert "Ana" not in names(board(as_("mia", "team", "--json")))
    ok(as_("ana", "sync"))
    assert "Ana" in names(board(as_("mia", "team", "--json")))


def test_the_same_rep_id_from_two_homes_is_reported(as_, loc, tmp_path):
    setup_team(as_, loc)
    shutil.copytree(tmp_path / "ana", tmp_path / "ana-laptop")
    ok(as_("ana-laptop", "log", "call", "2"))
    ok(as_("ana-laptop", "sync"))
    res = as_("ana", "sync")
    assert res.code == 1 and "also published from another home" in res.err
    assert "Traceback" not in res.err
    # The home kept takes it back on purpose; the other one is then reported in turn.
    ok(as_("ana", "sync", "--take-over"))
    assert as_("ana-laptop", "sync").code == 1


def test_a_single_team_file_migrates_with_the_same_board(as_, loc, tmp_path):
    old = str(tmp_path / "old" / "team.json")
    (tmp_path / "old").mkdir()
    ok(as_("mia", "init", "--name", "Mia Manager", "--manager", "--team-file", old))
    for who, name, calls in (("ana", "Ana", "5"), ("cy", "Cy", "7")):
        ok(as_(who, "init", "--name", name, "--team-file", old))
        ok(as_(who, "log", "call", calls))
        ok(as_(who, "sync"))
    ok(as_("mia", "standard", "--call", "6"))
    before = board(as_("ana", "team", "--json"))
    res = ok(as_("mia", "team", "migrate", old, loc.url))
    assert "Migrated 2 rep entries" in res.out
    after = board(as_("mia", "team", "--json", env={"REPDASH_TEAM": loc.url}))

    def standings(v):
        return sorted((r["name"], r["today"].get("call", 0), r["at_standard"]) for r in v["reps"] if not r["manager"])

    assert standings(after) == standings(before) and after["standard"] == before["standard"] == {"call": 6}
    # The old file still reads (format 1 keeps working).
    assert standings(board(as_("cy", "team", "--json"))) == standings(before)

    # The mixed period: Cy still publishes to the old file; the location's board shows it.
    ok(as_("cy", "log", "call", "3"))
    ok(as_("cy", "sync"))
    loc_env = {"REPDASH_TEAM": loc.url}
    cy = [r for r in board(as_("mia", "team", "--json", env=loc_env))["reps"] if r["name"] == "Cy"]
    assert [r["today"]["call"] for r in cy] == [10]
    # Cy moves: his home's id is his key's, so his first signed publish takes over the migrated
    # object and he stays on the team (a home older than keys asks to join and is admitted by name).
    ok(as_("cy", "init", "--name", "Cy", "--team", loc.url))
    ok(as_("cy", "log", "call", "1"))
    ok(as_("cy", "sync"))
    view = board(as_("mia", "team", "--json", env=loc_env))
    assert [r["today"]["call"] for r in view["reps"] if r["name"] == "Cy"] == [11]
    assert view["asking_to_join"] == []


def test_board_setting_top_and_benchmarks(as_, loc):
    setup_team(as_, loc)
    res = as_("ana", "team", "board", "benchmarks")
    assert res.code == 2
    ok(as_("mia", "team", "board", "top", "1"))
    view = board(as_("ana", "team", "--json"))
    assert view["board"] == "top 1"
    assert [r["name"] for r in view["reps"] if not r["manager"]] == ["Cy", "Ana"]  # the top one and herself
    ok(as_("mia", "team", "board", "benchmarks"))
    view = board(as_("ana", "team", "--json"))
    assert [r["name"] for r in view["reps"] if not r["manager"]] == ["Ana"]
    assert view["benchmarks"]["top_half_week_pct"] is not None
    mgr = board(as_("mia", "team", "--json"))
    assert sorted(r["name"] for r in mgr["reps"] if not r["manager"]) == ["Ana", "Cy"]


def test_a_missing_bucket_or_container_is_offline_not_busy(as_, bucket):
    """A location whose bucket (S3) or container (Azure) does not exist: every command says so in one
    line and exits 1; a publish is not told "keeps changing" (a 404 on PUT is not a lost race)."""
    missing = bucket.url("t/", container="no-such-box")
    what = "no such container" if bucket.scheme == "az" else "no such bucket"
    ok(as_("ana", "init", "--name", "Ana", "--team", missing))
    for args in (("sync",), ("team", "--json"), ("org", bucket.url("", container="no-such-box"), "--json")):
        res = as_("ana", *args)
        assert res.code == 1, (args, res)
        assert res.err.count("\n") == 1 and what in res.err and "Traceback" not in res.err, (args, res.err)
        assert "keeps changing" not in res.err and "like S3" not in res.err
        if "--json" in args:
            assert json.loads(res.out)["ok"] is False
