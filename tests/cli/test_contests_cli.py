"""`repdash contest ...` end to end (issue 23): on a shared folder and on moto's S3 (loopback), through
the real entry point (click's CliRunner) and as real processes. propose -> accept -> run -> end ->
a frozen result identical on three homes; a started contest cannot be edited; a cancel is shown."""

from __future__ import annotations

import json

import pytest
from objstores import prepared

MANAGER_NOW = "2026-11-26T10:30:00+01:00"  # Thursday before the contest
DAY1 = "2026-12-01T11:00:00+01:00"
DAY2 = "2026-12-02T16:00:00+01:00"
OVER = "2026-12-03T23:30:00+01:00"  # the last day, late: ended nowhere yet
AFTER = "2026-12-05T14:00:00+01:00"  # over everywhere and a day of grace: due to freeze
BLITZ = ["--metric", "call", "--start", "2026-12-01", "--end", "2026-12-03", "--prize", "Lunch [bold]x[/]"]


@pytest.fixture(params=["folder", "s3"])
def team(request, tmp_path, run_cli, monkeypatch):
    if request.param == "folder":
        folder = tmp_path / "team"
        folder.mkdir()
        url = str(folder) + "/"
    else:
        url = prepared(request, monkeypatch, "s3").url("team1/")

    def as_(who, *args, now=MANAGER_NOW):
        return run_cli(*args, home_dir=tmp_path / who, now=now)

    ok(as_("mia", "init", "--name", "Mia", "--manager", "--team", url))
    for who, name in (("ana", "Ana"), ("cy", "Cy"), ("ben", "Ben")):
        ok(as_(who, "init", "--name", name, "--team", url))
    ok(as_("mia", "sync"))
    for who in ("ana", "cy", "ben"):
        ok(as_(who, "sync"))
    for name in ("Ana", "Cy", "Ben"):
        ok(as_("mia", "team", "admit", name))
    return as_


def ok(res):
    assert res.code == 0, (res.code, res.out, res.err)
    assert "Traceback" not in res.err
    return res


def refused(res, code: int = 2) -> str:
    assert res.code == code, (res.code, res.out, res.err)
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repdash: ") and "Traceback" not in res.err
    return lines[0]


def listed(as_, who, *args, now=MANAGER_NOW) -> dict[str, dict]:
    got = json.loads(ok(as_(who, "contest", "list", "--json", *args, now=now)).out)
    return {c["name"]: c for c in got["contests"]}


def shown(as_, who, name, now) -> dict:
    return json.loads(ok(as_(who, "contest", "show", name, "--json", now=now)).out)


def test_propose_accept_run_end_and_the_frozen_result_on_three_homes(team):
    as_ = team
    ok(as_("ana", "contest", "propose", "Dec blitz", *BLITZ))
    # The manager sees the proposal; another rep does not; the proposer does.
    assert listed(as_, "mia")["Dec blitz"]["status"] == "proposed"
    assert listed(as_, "mia")["Dec blitz"]["proposed_by"] == "Ana"
    assert "Dec blitz" not in listed(as_, "cy")
    assert listed(as_, "ana")["Dec blitz"]["status"] == "proposed"
    # Only a manager accepts.
    assert "only a manager" in refused(as_("cy", "contest", "accept", "Dec blitz"))
    ok(as_("mia", "contest", "accept", "Dec blitz"))
    assert listed(as_, "cy")["Dec blitz"]["status"] == "upcoming"

    # The contest runs: each rep logs and syncs (the entry carries the contest's days).
    for who, calls in (("ana", "5"), ("cy", "7"), ("ben", "3")):
        ok(as_(who, "log", "call", calls, now=DAY1))
        ok(as_(who, "sync", now=DAY1))
    ok(as_("ana", "log", "call", "4", now=DAY2))
    ok(as_("ana", "sync", now=DAY2))
    live = shown(as_, "ben", "Dec blitz", DAY2)
    assert live["status"] == "running" and live["frozen"] is False
    assert [(r["name"], r["score"], r["place"]) for r in live["standings"]] == [
        ("Ana", 9, 1),
        ("Cy", 7, 2),
        ("Ben", 3, 3),
    ]
    assert {"name", "metric", "scoring", "start", "end", "status", "winners", "prize", "standings"} <= set(live)
    assert all({"name", "rep_id", "score", "place"} <= set(r) for r in live["standings"])
    assert live["prize"] == "Lunch [bold]x[/]"  # literal
    # The board view every screen reads carries the same standings (the UI's contest card and tab).
    view = json.loads(ok(as_("ben", "team", "--json", now=DAY2)).out)
    assert [c["standings"] for c in view["contests"]] == [live["standings"]]
    text = ok(as_("ben", "contest", "show", "Dec blitz", now=DAY2)).out
    assert "Lunch [bold]x[/]" in text and "Ana" in text and "left" in text

    # Once started its rules cannot change: new with the same name is refused, nothing written.
    msg = refused(
        as_(
            "mia",
            "contest",
            "new",
            "Dec blitz",
            "--metric",
            "deal",
            "--start",
            "2026-12-01",
            "--end",
            "2026-12-09",
            now=DAY2,
        )
    )
    assert "cannot change" in msg
    assert shown(as_, "cy", "Dec blitz", DAY2)["metric"] == "call"
    # A rep cannot start a contest.
    assert "only a manager" in refused(as_("ana", "contest", "new", "Mine", *BLITZ[:2], "--every", "day"))

    # Ended, not frozen yet (not over everywhere): every home computes the same standings live.
    assert shown(as_, "cy", "Dec blitz", OVER)["status"] == "running"
    before = shown(as_, "ana", "Dec blitz", AFTER)
    assert before["status"] == "ended" and before["frozen"] is False
    # A manager's home freezes it (listing is enough), once: freezing again changes nothing.
    listed(as_, "mia", now=AFTER)
    after = [shown(as_, who, "Dec blitz", AFTER) for who in ("ana", "cy", "ben")]
    assert after[0]["frozen"] is True and after[0] == after[1] == after[2]
    assert [r["score"] for r in after[0]["standings"]] == [9, 7, 3]
    assert [r["winner"] for r in after[0]["standings"]] == [True, True, True]
    ok(as_("ana", "log", "call", "50", now=AFTER))  # late activity does not change a frozen result
    ok(as_("ana", "sync", now=AFTER))
    listed(as_, "mia", now=AFTER)
    assert shown(as_, "cy", "Dec blitz", AFTER) == after[1]
    # Gone from the plain list a week after its end, kept in --all.
    late = "2026-12-20T10:00:00+01:00"
    assert "Dec blitz" not in listed(as_, "cy", now=late)
    assert listed(as_, "cy", "--all", now=late)["Dec blitz"]["frozen"] is True


def test_cancel_is_shown_to_everyone_and_decline_drops_a_proposal(team):
    as_ = team
    ok(as_("mia", "contest", "new", "Weekly deals", "--metric", "deal", "--every", "week", "--winners", "1"))
    assert listed(as_, "ana")["Weekly deals"]["status"] == "running"
    assert "only a manager" in refused(as_("ana", "contest", "cancel", "Weekly deals", "--reason", "no"))
    ok(as_("mia", "contest", "cancel", "Weekly deals", "--reason", "Holiday week"))
    got = listed(as_, "ana")["Weekly deals"]
    assert got["status"] == "cancelled" and got["reason"] == "Holiday week"
    assert "Holiday week" in ok(as_("cy", "contest", "list")).out
    assert "already cancelled" in refused(as_("mia", "contest", "cancel", "Weekly deals", "--reason", "again"))

    ok(as_("cy", "contest", "propose", "Pitch party", "--metric", "pitch", "--every", "day"))
    ok(as_("mia", "contest", "decline", "Pitch party"))
    ok(as_("cy", "sync"))
    assert "Pitch party" not in listed(as_, "mia")
    assert listed(as_, "cy", "--all")["Pitch party"]["status"] == "cancelled"


def test_team_against_team_and_points(team):
    as_ = team
    ok(
        as_(
            "mia",
            "contest",
            "new",
            "East v West",
            "--metric",
            "points",
            "--weights",
            "call=1,deal=10",
            "--start",
            "2026-12-01",
            "--end",
            "2026-12-03",
            "--teams",
            "East:Ana,Ben;West:Cy",
            "--goal",
            "30",
        )
    )
    for who, kind, n in (("ana", "call", "4"), ("ben", "deal", "1"), ("cy", "call", "12")):
        ok(as_(who, "log", kind, n, now=DAY1))
        ok(as_(who, "sync", now=DAY1))
    got = shown(as_, "cy", "East v West", DAY1)
    assert [(r["team"], r["score"], r["place"]) for r in got["standings"]] == [("East", 14, 1), ("West", 12, 2)]
    assert got["goal_total"] == 26 and got["weights"]["deal"] == 10


def test_bad_input_is_one_line_and_changes_nothing(team):
    as_ = team
    assert "--start and --end" in refused(as_("mia", "contest", "new", "X", "--metric", "call"))
    assert "before --start" in refused(
        as_("mia", "contest", "new", "X", *BLITZ[:2], "--start", "2026-12-05", "--end", "2026-12-01")
    )
    assert "YYYY-MM-DD" in refused(
        as_("mia", "contest", "new", "X", *BLITZ[:2], "--start", "Monday", "--end", "2026-12-01")
    )
    assert "team" in refused(as_("mia", "contest", "new", "X", *BLITZ[:2], "--every", "day", "--teams", "East:Ana"))
    assert "weights" in refused(
        as_("mia", "contest", "new", "X", "--metric", "call", "--weights", "call=1", "--every", "day")
    )
    assert "is over already" in refused(
        as_("mia", "contest", "new", "X", *BLITZ[:2], "--start", "2026-11-02", "--end", "2026-11-06")
    )
    assert "propose it to your manager" in refused(as_("ana", "contest", "new", "X", *BLITZ))
    assert "no contest" in refused(as_("ana", "contest", "show", "Nope"))
    res = as_("ana", "contest", "show", "Nope", "--json")
    assert res.code == 2 and json.loads(res.out)["ok"] is False
    assert listed(as_, "ana") == {}


def test_a_single_team_file_is_refused_with_the_way_to_move(run_cli, tmp_path):
    ok(run_cli("init", "--name", "Solo", "--team-file", str(tmp_path / "team.json")))
    assert "contests need a team location: repdash team migrate" in refused(run_cli("contest", "list"))


def test_as_real_processes(run_cli_process, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()

    def as_(who, *args, now=MANAGER_NOW):
        return run_cli_process(*args, home_dir=tmp_path / who, now=now)

    ok(as_("mia", "init", "--name", "Mia", "--manager", "--team", str(folder) + "/"))
    ok(as_("ana", "init", "--name", "Ana", "--team", str(folder) + "/"))
    ok(as_("mia", "sync"))
    ok(as_("ana", "sync"))
    ok(as_("mia", "team", "admit", "Ana"))
    res = as_("ana", "contest", "new", "Blitz", *BLITZ)
    assert res.code == 2 and "only a manager" in res.err and res.out == ""
    ok(as_("mia", "contest", "new", "Blitz", *BLITZ))
    ok(as_("ana", "log", "call", "3", now=DAY1))
    ok(as_("ana", "sync", now=DAY1))
    got = json.loads(ok(as_("ana", "contest", "show", "Blitz", "--json", now=DAY1)).out)
    assert got["standings"][0]["name"] == "Ana" and got["standings"][0]["score"] == 3


def test_a_managers_sync_freezes_once_and_freezing_again_writes_nothing(run_cli, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()

    def as_(who, *args, now=MANAGER_NOW):
        return run_cli(*args, home_dir=tmp_path / who, now=now)

    def rev() -> int:
        return json.loads((folder / "team.json").read_bytes())["manifest"]["rev"]

    ok(as_("mia", "init", "--name", "Mia", "--manager", "--team", str(folder) + "/"))
    ok(as_("ana", "init", "--name", "Ana", "--team", str(folder) + "/"))
    ok(as_("mia", "sync"))
    ok(as_("ana", "sync"))
    ok(as_("mia", "team", "admit", "Ana"))
    ok(as_("mia", "contest", "new", "Blitz", *BLITZ))
    ok(as_("ana", "log", "call", "6", now=DAY1))
    ok(as_("ana", "sync", now=DAY1))
    # A rep's sync after the end cannot freeze (no authority) and does not fail.
    before = rev()
    ok(as_("ana", "sync", now=AFTER))
    assert rev() == before
    ok(as_("mia", "sync", now=AFTER))  # the manager's dashboard or `sync` freezes it
    frozen = rev()
    assert frozen == before + 1
    doc = json.loads((folder / "team.json").read_bytes())["manifest"]["contests"][0]
    assert [(r["name"], r["score"]) for r in doc["results"][0]["standings"]] == [("Ana", 6)]
    for _ in range(2):
        ok(as_("mia", "sync", now=AFTER))
        listed(as_, "mia", now=AFTER)
    assert rev() == frozen
    assert shown(as_, "ana", "Blitz", AFTER)["frozen"] is True


def test_a_repeating_contest_freezes_each_finished_day_into_its_history(run_cli, tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()

    def as_(who, *args, now=DAY1):
        return run_cli(*args, home_dir=tmp_path / who, now=now)

    ok(as_("mia", "init", "--name", "Mia", "--manager", "--team", str(folder) + "/"))
    for who, name in (("ana", "Ana"), ("cy", "Cy")):
        ok(as_(who, "init", "--name", name, "--team", str(folder) + "/"))
    ok(as_("mia", "sync"))
    for who in ("ana", "cy"):
        ok(as_(who, "sync"))
        ok(as_("mia", "team", "admit", who.capitalize()))
    ok(as_("mia", "contest", "new", "Daily dials", "--metric", "call", "--every", "day", "--winners", "1"))
    ok(as_("ana", "log", "call", "4"))
    ok(as_("cy", "log", "call", "2"))
    for who in ("ana", "cy"):
        ok(as_(who, "sync"))
    today = shown(as_, "cy", "Daily dials", DAY1)
    assert today["window"] == ["2026-12-01", "2026-12-01"] and today["standings"][0]["name"] == "Ana"
    later = "2026-12-03T14:00:00+01:00"  # 1 December is over everywhere, and a day more
    ok(as_("mia", "sync", now=later))
    got = shown(as_, "cy", "Daily dials", later)
    assert got["status"] == "running" and got["window"] == ["2026-12-03", "2026-12-03"]
    assert got["history"] == [
        {
            "window": ["2026-12-01", "2026-12-01"],
            "winners": [
                {
                    "name": "Ana",
                    "rep_id": got["history"][0]["winners"][0]["rep_id"],
                    "score": 4,
                    "place": 1,
                    "winner": True,
                }
            ],
        }
    ]
