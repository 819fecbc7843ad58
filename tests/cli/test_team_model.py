"""One rule in one place: tiers, quota in deals, the typed team entry, the backend resolver,
the compare-and-swap publish loop and refusing a team file that is not a regular file."""

from __future__ import annotations

import json
import os
import sys

import pendulum
import pytest
from teamfile_data import TODAY, demo_team, doc, entry, rid

from repdash.core import salesmath
from repdash.core.board import build_view
from repdash.errors import BadInput
from repdash.services import team_sync
from repdash.store.atomic import atomic_write
from repdash.sync import teamfile, teamio
from repdash.sync.backend import TeamFileBusy
from repdash.sync.filestore import FileBackend

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


# ---------------------------------------------------------------- tiers


def _team(n: int) -> teamfile.TeamDoc:
    """n sellers (some with equal deals, to exercise ties) and a manager who never gets a tier."""
    deals = [9, 4, 4, 12, 0, 7, 4, 1, 15]
    reps = [
        entry(
            i + 1, f"Rep {chr(65 + (i * 5) % 9)}", {"call": 30 + i, "pitch": 6, "commit": 2, "deal": 1}, deals=deals[i]
        )
        for i in range(n)
    ]
    reps.append(entry(20, "Maria", {"one_on_one": 2, "coaching": 1}, manager=True))
    return teamfile.parse(json.dumps(doc(reps)).encode())


@pytest.mark.parametrize("n", range(1, 10))
def test_math_screen_and_board_put_the_same_reps_in_each_tier(n):
    view = team_sync.view_of(_team(n), NOW, "Europe/Berlin")
    board = {t["tier"]: t["reps"] for t in view["tiers"]}
    # The Sales Math screen reads the cached board (the rows) and splits it with salesmath.tiers.
    math_tiers = {name: [r["rep_id"] for r in members] for name, members in salesmath.tiers(view["reps"]).items()}
    assert math_tiers == board
    report = salesmath.math_report({"quota": 20, "rep_id": rid(1)}, {}, TODAY, team=view)
    assert {name: t["reps"] for name, t in report["tiers"].items()} == {name: len(ids) for name, ids in board.items()}
    assert sum(len(ids) for ids in board.values()) == n  # every seller, never the manager


def test_four_reps_split_two_one_one_on_both_screens():
    view = team_sync.view_of(_team(4), NOW, "Europe/Berlin")
    assert [t["count"] for t in view["tiers"]] == [2, 1, 1]
    assert [len(v) for v in salesmath.tiers(view["reps"]).values()] == [2, 1, 1]


# ---------------------------------------------------------------- quota in deals


def test_money_quota_in_deals_is_exact():
    assert salesmath.quota_in_deals(34_999.65, 4_999.95) == 7  # float division says 7.000000000000001
    assert salesmath.quota_in_deals(35_000, 4_999.95) == 8
    assert salesmath.quota_in_deals(20.5) == 21
    assert salesmath.quota_in_deals(None, 100) == 0 and salesmath.quota_in_deals(True) == 0


def test_seven_deals_in_init_math_and_the_published_entry(run_cli, tmp_path):
    team = tmp_path / "share" / "team.json"
    team.parent.mkdir()
    init = run_cli(
        "init",
        "--name",
        "Ana",
        "--tz",
        "Europe/Berlin",
        "--quota",
        "34999.65",
        "--deal-value",
        "4999.95",
        "--team-file",
        str(team),
    )
    assert init.code == 0 and "Quota: 7 deals per month." in init.out
    math = run_cli("math", "--json")
    assert math.code == 0 and json.loads(math.out)["quota"] == 7
    assert run_cli("sync").code == 0
    (published,) = json.loads(team.read_text())["reps"].values()
    assert published["quota"] == 7


# ---------------------------------------------------------------- the typed entry


def test_a_validated_entry_writes_back_what_it_read():
    for key, raw in demo_team()["reps"].items():
        e = teamfile.validate_entry(key, raw)
        assert e is not None
        assert teamfile.validate_entry(key, e.to_json()) == e
        assert {k: v for k, v in e.to_json().items() if k != "quota"} == {k: v for k, v in raw.items() if k != "quota"}


def test_build_entry_is_typed_and_publishes_the_documented_keys(store, frozen_now):
    e = team_sync.build_entry(store, frozen_now)
    assert e.rep_id == store.config.rep_id and e.date.isoformat() == "2026-11-26" and e.quota == 20
    assert set(e.to_json()) == {
        "rep_id",
        "rev",
        "name",
        "tz",
        "date",
        "last_sync",
        "today",
        "week",
        "period",
        "period_name",
        "period_start",
        "period_end",
        "quota",
        "targets",
        "rates",
        "streak",
        "level",
        "xp",
        "hidden",
        "manager",
        "recent",
        "start_date",
        "quota_this_period",
    }
    assert e.quota_this_period == 20 and e.start_date is not None


def test_board_takes_typed_entries():
    d = teamfile.parse(json.dumps(demo_team()).encode())
    view = build_view(d.valid.values(), d.standard, NOW, viewer_tz="Europe/Berlin", skipped=d.skipped_count)
    assert view["standard_meta"]["set_by_name"] == "Maria Chen" and view["counts"]["reps"] == 9


# ---------------------------------------------------------------- where the team file is


def test_a_path_is_a_file_backend(tmp_path):
    b = teamio.backend_for(str(tmp_path / "team.json"))
    assert isinstance(b, FileBackend) and b.scheme == "file" and b.location == str(tmp_path / "team.json")


@pytest.mark.parametrize("url", ["s3://bucket/team.json", "gs://bucket/team.json", "az://box/team.json"])
def test_object_storage_without_the_extra_is_bad_input(monkeypatch, url):
    monkeypatch.setitem(sys.modules, "repdash.sync.objstore", None)  # as if the extra is not installed
    with pytest.raises(BadInput, match=r"pip install '\.\[s3\]'"):
        teamio.backend_for(url)


def test_sync_json_names_the_backend(run_cli, tmp_path):
    team = tmp_path / "team.json"
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", "--team-file", str(team)).code == 0
    res = run_cli("sync", "--json")
    assert res.code == 0
    data = json.loads(res.out)
    assert data["backend"] == "file" and data["team_file"] == str(team)


# ---------------------------------------------------------------- compare-and-swap


class _SyncToolInTheWay(FileBackend):
    """Between our read and our write, a sync tool puts another rep's entry in place (no lock)."""

    def __init__(self, path, times):
        super().__init__(path)
        self.times = times
        self.reads = 0

    def read(self):
        snap = super().read()
        self.reads += 1
        if self.reads <= self.times:
            other = json.loads(self.path.read_bytes())
            other["reps"][rid(40 + self.reads)] = entry(40 + self.reads, f"Other {self.reads}", {"call": 10})
            atomic_write(self.path, json.dumps(other).encode(), durable=False)
        return snap


def _mine():
    return teamfile.validate_entry(rid(1), entry(1, "Ana", {"call": 40}))


def test_a_lost_race_is_re_read_and_re_merged(tmp_path):
    path = tmp_path / "team.json"
    path.write_text(json.dumps(doc([entry(2, "Ben", {"call": 30})])))
    backend = _SyncToolInTheWay(path, times=2)
    result = teamio.publish(backend, _mine(), 0)
    assert backend.reads == 3  # two lost compare-and-swaps, then a clean one
    assert set(teamfile.parse(path.read_bytes()).valid) == {rid(1), rid(2), rid(41), rid(42)} == set(result.doc.valid)


def test_losing_every_try_is_busy_and_writes_nothing_of_ours(tmp_path):
    path = tmp_path / "team.json"
    path.write_text(json.dumps(doc([entry(2, "Ben", {"call": 30})])))
    backend = _SyncToolInTheWay(path, times=99)
    with pytest.raises(TeamFileBusy, match="busy"):
        teamio.publish(backend, _mine(), 0, tries=3)
    assert backend.reads == 3  # counted tries, no clock
    assert rid(1) not in teamfile.parse(path.read_bytes()).valid


# ---------------------------------------------------------------- only a regular file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
@pytest.mark.parametrize("args", [["sync"], ["team", "--json"], ["team"], ["standard"], ["standard", "--json"]])
def test_a_fifo_at_the_team_file_path_is_refused_at_once(run_cli, tmp_path, args):
    team = tmp_path / "team.json"
    os.mkfifo(team)  # opening it for reading would wait for a writer forever
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", "--team-file", str(team)).code == 0
    res = run_cli(*args)  # a blocking open would hit run_cli's timeout and fail the test
    assert res.code == 1, res
    assert "not a regular file" in res.err and res.err.count("\n") == 1 and "Traceback" not in res.err
