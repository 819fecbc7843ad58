"""Tests of the rep's commands (repdash/cli/rep.py), as a user runs them (in-process: see conftest.run_cli).

The clock is pinned by REPDASH_NOW to Thursday 2026-11-26 10:30 in Berlin (see conftest).
Every bad-input case checks the contract: exit 2, exactly one line on stderr
starting `repdash:`, no traceback, and the home folder byte-for-byte unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_checks import assert_one_line_error, bad, cli, rep, snapshot  # noqa: F401 - fixtures

KINDS = ["call", "pitch", "commit", "deal"]


def status(cli, **kw) -> dict:
    return json.loads(cli("status", "--json", **kw).out)


def export_rows(cli, *args) -> list[dict]:
    return json.loads(cli("export", "--format", "json", *args).out)


# ---- help, init, home ---------------------------------------------------------


def test_module_help_lists_the_commands(cli):
    out = cli("--help").out
    for command in ("init", "log", "undo", "status", "targets", "export", "import"):
        assert command in out


def test_unknown_command_and_option_are_bad_usage(rep, bad):
    bad("frobnicate")
    bad("log", "call", "--bogus")


def test_init_sets_up_the_rep_with_default_targets(cli, home):
    res = cli("init", "--name", "Ana Smith", "--quota", "12", "--period", "week")
    assert "Ana Smith" in res.out
    data = status(cli)
    assert data["rep"] == "Ana Smith"
    assert data["date"] == "2026-11-26"
    assert set(data["targets"]) == set(KINDS)
    assert all(isinstance(n, int) and n >= 0 for n in data["targets"].values())
    assert data["targets"]["call"] > 0
    assert (home / "repdash.json").exists()


def test_init_takes_given_targets_and_keeps_identity_on_rerun(cli):
    cli("init", "--name", "Ana", "--call", "25", "--deal", "0")
    first = status(cli)
    assert first["targets"]["call"] == 25 and first["targets"]["deal"] == 0
    cli("init", "--name", "Ana Maria")
    second = status(cli)
    assert second["rep"] == "Ana Maria"
    assert second["rep_id"] == first["rep_id"]  # a rep is a stable id, not a name
    assert second["targets"]["call"] == 25  # re-running init does not reset targets


def test_init_cleans_control_characters_but_keeps_markup(cli):
    cli("init", "--name", "Ana \x1b[1m[/] Smith\x07")
    assert status(cli)["rep"] == "Ana [/] Smith"


@pytest.mark.parametrize(
    "args",
    [
        ["--name", "\x1b\x07"],  # nothing visible left
        ["--name", "Ana", "--tz", "Mars/Olympus"],
        ["--name", "Ana", "--period", "fortnight"],
        ["--name", "Ana", "--call", "-3"],
        ["--name", "Ana", "--quota", "lots"],
        [],  # --name is required
    ],
)
def test_init_bad_input(bad, home, args):
    bad("init", *args)
    assert not any(home.iterdir())


@pytest.mark.parametrize(
    "command",
    [
        ["log", "call"],
        ["undo"],
        ["status"],
        ["status", "--json"],
        ["targets"],
        ["targets", "--call", "3"],
        ["export"],
        ["import", "x.csv"],
    ],
)
def test_commands_before_init_are_refused(bad, home, command):
    bad(*command, contains="init")
    assert not any(home.iterdir()), "a refused command created files"


def test_home_option_beats_the_environment(cli, home, tmp_path):
    other = tmp_path / "elsewhere"
    cli("--home", str(other), "init", "--name", "Bo")
    cli("--home", str(other), "log", "deal")
    assert (other / "repdash.json").exists()
    assert not any(home.iterdir()), "data went to REPDASH_HOME instead of --home"
    assert status(cli, env={"REPDASH_HOME": str(other)})["today"]["deal"] == 1


def test_repdash_home_environment_holds_everything(cli, home, tmp_path):
    cli("init", "--name", "Ana")
    cli("log", "call")
    files = {p.relative_to(home) for p in home.rglob("*") if p.is_file()}
    assert Path("repdash.json") in files
    assert any(str(f).startswith("days") for f in files)
    # nothing written to the working directory (tmp_path) outside the home folder
    assert {p.name for p in tmp_path.iterdir()} == {"home"}


# ---- log ---------------------------------------------------------------------


def test_log_counts_default_to_one_and_add_up(rep, cli):
    res = cli("log", "call")
    assert "call" in res.out
    cli("log", "call", "4")
    cli("log", "deal")
    today = status(cli)["today"]
    assert today == {"call": 5, "pitch": 0, "commit": 0, "deal": 1}


@pytest.mark.parametrize(
    "alias,kind",
    [
        ("calls", "call"),
        ("CALL", "call"),
        ("pitches", "pitch"),
        ("p", "pitch"),
        ("verbal", "commit"),
        ("v", "commit"),
        ("commitment", "commit"),
        ("deals", "deal"),
        ("d", "deal"),
    ],
)
def test_log_aliases(rep, cli, alias, kind):
    cli("log", alias, "2")
    assert status(cli)["today"][kind] == 2


@pytest.mark.parametrize(
    "args,contains",
    [
        (["log", "email"], "email"),
        (["log", ""], None),
        (["log", "call", "0"], None),
        (["log", "call", "-1"], None),
        (["log", "call", "abc"], None),
        (["log", "call", "2.5"], None),
        (["log", "call", "10001"], None),
        (["log", "call", "--at", "garbage"], "--at"),
        (["log", "call", "--at", "2026-11-26T25:00"], "--at"),
        (["log", "call", "--at", "2026-11-27T09:00"], "future"),
        (["log", "call", "--at", "2027-01-01T09:00:00+00:00"], "future"),
        (["log"], None),
    ],
)
def test_log_bad_input(rep, cli, bad, args, contains):
    cli("log", "pitch")  # some history to keep intact
    bad(*args, contains=contains)


def test_log_at_local_time_backfills_that_day(rep, cli):
    res = cli("log", "pitch", "--at", "2026-11-25T14:00")
    assert "2026-11-25" in res.out
    assert status(cli)["today"]["pitch"] == 0
    rows = export_rows(cli)
    assert rows == [{"at": "2026-11-25T14:00:00+01:00", "kind": "pitch", "count": 1}]


def test_log_at_with_offset_is_converted_to_the_reps_local_day(rep, cli):
    # 23:30 in New York on the 25th is 05:30 on the 26th in Berlin: it counts today.
    cli("log", "call", "3", "--at", "2026-11-25T23:30:00-05:00")
    cli("log", "deal", "--at", "2026-11-25T12:00:00Z")
    assert status(cli)["today"]["call"] == 3
    rows = export_rows(cli)
    assert {"at": "2026-11-26T05:30:00+01:00", "kind": "call", "count": 3} in rows
    assert {"at": "2026-11-25T13:00:00+01:00", "kind": "deal", "count": 1} in rows
    assert export_rows(cli, "--since", "2026-11-26", "--until", "2026-11-26") == [
        {"at": "2026-11-26T05:30:00+01:00", "kind": "call", "count": 3}
    ]


def test_log_at_a_minute_ago_and_the_pinned_now_are_accepted(rep, cli):
    cli("log", "call", "--at", "2026-11-26T10:29")
    cli("log", "call", "--at", "2026-11-26T10:30:00+01:00")
    assert status(cli)["today"]["call"] == 2


def test_log_follows_the_local_calendar_at_midnight(rep, cli):
    cli("log", "call", now="2026-11-26T23:59:00+01:00")
    cli("log", "call", now="2026-11-26T23:30:00Z")  # 00:30 on the 27th in Berlin
    assert status(cli, now="2026-11-27T08:00:00+01:00")["today"]["call"] == 1
    assert status(cli, now="2026-11-26T23:59:30+01:00")["today"]["call"] == 1


# ---- undo --------------------------------------------------------------------


def test_undo_with_nothing_to_undo(rep, bad):
    bad("undo", contains="nothing to undo")


def test_undo_removes_the_most_recent_entries_in_order(rep, cli, bad):
    cli("log", "call", "3")
    cli("log", "pitch")
    res = cli("undo")
    assert "pitch" in res.out
    assert status(cli)["today"] == {"call": 3, "pitch": 0, "commit": 0, "deal": 0}
    res = cli("undo")
    assert "3 calls" in res.out
    assert status(cli)["today"]["call"] == 0
    bad("undo", contains="nothing to undo")


def test_undo_after_a_backfill_removes_the_backfill(rep, cli):
    cli("log", "call", "2")
    cli("log", "deal", "--at", "2026-11-24T16:00")
    res = cli("undo")
    assert "deal" in res.out and "2026-11-24" in res.out
    assert export_rows(cli) == [{"at": "2026-11-26T10:30:00+01:00", "kind": "call", "count": 2}]


# ---- status --------------------------------------------------------------------


def test_status_json_contract(rep, cli):
    cli("log", "call", "3")
    cli("log", "pitch", "2")
    data = status(cli)
    for key in ("date", "rep", "today", "targets", "standard", "streak", "level", "xp"):
        assert key in data
    assert data["date"] == "2026-11-26"
    assert data["rep"] == "Ana Smith"
    assert data["today"] == {"call": 3, "pitch": 2, "commit": 0, "deal": 0}
    assert data["standard"] is None
    assert isinstance(data["streak"], int) and isinstance(data["level"], int) and data["level"] >= 1
    from repdash.core.game import xp_for

    assert data["xp"] == xp_for("call", 3) + xp_for("pitch", 2)


def test_status_text_shows_counts_targets_and_level(rep, cli):
    cli("log", "pitch", "2")
    out = cli("status").out
    assert "Ana Smith" in out and "2026-11-26" in out
    assert "level 1" in out
    assert "pitch" in out and "target 8" in out


def test_status_streak_over_working_days(cli):
    cli(
        "init",
        "--name",
        "Ana",
        "--tz",
        "Europe/Berlin",
        "--call",
        "1",
        "--pitch",
        "0",
        "--commit",
        "0",
        "--deal",
        "0",
        now="2026-11-16T08:00:00+01:00",
    )
    # Thu 19, Fri 20, (weekend), Mon 23 ... Wed 25: five working days in a row.
    for day in ("19", "20", "23", "24", "25"):
        cli("log", "call", "--at", f"2026-11-{day}T09:00")
    data = status(cli)
    assert data["streak"] == 5  # today (Thursday) not done yet: it does not break the streak
    cli("log", "call")
    assert status(cli)["streak"] == 6
    # On Monday the 30th, having missed Friday the 27th, the streak is gone.
    assert status(cli, now="2026-11-30T10:00:00+01:00")["streak"] == 0


def test_status_on_a_store_from_a_newer_repdash_is_refused(rep, cli, bad, home):
    cli("log", "call")
    main = home / "repdash.json"
    doc = json.loads(main.read_text())
    doc["meta"] = {"1": {"schema": 99}}
    main.write_text(json.dumps(doc))
    for command in (["status"], ["log", "call"], ["undo"], ["import", "nothing.csv"], ["init", "--name", "X"]):
        bad(*command, code=1, contains="newer")


# ---- targets --------------------------------------------------------------------


def test_targets_show_and_set(rep, cli):
    shown = cli("targets").out
    assert "40 calls" in shown
    res = cli("targets", "--call", "50", "--deal", "0")
    assert "50 calls" in res.out
    assert status(cli)["targets"] == {"call": 50, "pitch": 8, "commit": 3, "deal": 0}
    assert "50 calls" in cli("targets").out


@pytest.mark.parametrize(
    "args", [["--call", "-1"], ["--pitch", "abc"], ["--deal", "1.5"], ["--coffee", "3"], ["--call"]]
)
def test_targets_bad_input(rep, bad, args):
    bad("targets", *args)


# ---- export ------------------------------------------------------------------------


@pytest.fixture
def week_of_history(rep, cli):
    for day, kind in (("23", "call"), ("24", "pitch"), ("25", "commit"), ("26", "deal")):
        cli("log", kind, "2", "--at", f"2026-11-{day}T09:15")
    return rep


def test_export_csv_has_the_contract_header(week_of_history, cli):
    out = cli("export").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == "at,kind,count"
    assert [r["kind"] for r in rows] == ["call", "pitch", "commit", "deal"]
    assert rows[0] == {"at": "2026-11-23T09:15:00+01:00", "kind": "call", "count": "2"}


def test_export_json_is_a_list_of_entries(week_of_history, cli):
    rows = export_rows(cli)
    assert len(rows) == 4
    assert all(set(r) == {"at", "kind", "count"} for r in rows)
    assert rows[-1] == {"at": "2026-11-26T09:15:00+01:00", "kind": "deal", "count": 2}


def test_export_since_and_until_are_inclusive(week_of_history, cli):
    rows = export_rows(cli, "--since", "2026-11-24", "--until", "2026-11-25")
    assert [r["kind"] for r in rows] == ["pitch", "commit"]
    assert [r["kind"] for r in export_rows(cli, "--since", "2026-11-25")] == ["commit", "deal"]
    assert [r["kind"] for r in export_rows(cli, "--until", "2026-11-23")] == ["call"]
    assert export_rows(cli, "--since", "2026-11-26", "--until", "2026-11-26")[0]["kind"] == "deal"
    csv_rows = list(csv.DictReader(io.StringIO(cli("export", "--since", "2026-11-24", "--until", "2026-11-24").out)))
    assert [r["kind"] for r in csv_rows] == ["pitch"]


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "2026-11-26", "--until", "2026-11-25"],
        ["--since", "2026-13-01"],
        ["--until", "yesterday"],
        ["--since", "26/11/2026"],
        ["--format", "xml"],
    ],
)
def test_export_bad_input(week_of_history, bad, args):
    bad("export", *args)


# ---- import -------------------------------------------------------------------------


def test_import_round_trips_an_export(week_of_history, cli, run_cli, tmp_path):
    # two identical rows (two calls backfilled to the same minute) must both survive
    cli("log", "call", "--at", "2026-11-20T11:00")
    cli("log", "call", "--at", "2026-11-20T11:00")
    exported = cli("export").out
    file = tmp_path / "history.csv"
    file.write_text(exported)
    other = tmp_path / "other"
    cli("init", "--name", "Bo", "--tz", "Europe/Berlin", env={"REPDASH_HOME": str(other)})
    res = cli("import", str(file), env={"REPDASH_HOME": str(other)})
    assert "6" in res.out
    assert cli("export", env={"REPDASH_HOME": str(other)}).out == exported
    assert status(cli, env={"REPDASH_HOME": str(other)})["today"]["deal"] == 2
    # importing the same file again adds nothing, duplicates included
    assert "skipped 6" in cli("import", str(file), env={"REPDASH_HOME": str(other)}).out
    assert cli("export", env={"REPDASH_HOME": str(other)}).out == exported


def test_reimport_skips_entries_already_present(week_of_history, cli, tmp_path):
    file = tmp_path / "history.csv"
    file.write_text(cli("export").out)
    before = export_rows(cli)
    res = cli("import", str(file))
    assert "skipped 4" in res.out
    assert export_rows(cli) == before
    # a file with one new row adds just that row
    file.write_text(file.read_text() + "2026-11-20T08:00:00+01:00,call,7\n")
    cli("import", str(file))
    assert len(export_rows(cli)) == len(before) + 1


def test_import_accepts_local_times_and_offsets(rep, cli, tmp_path):
    file = tmp_path / "sheet.csv"
    file.write_text("at,kind,count\n2026-11-02T09:00,calls,10\n2026-11-02T15:00:00-05:00,pitch,2\n")
    cli("import", str(file))
    assert export_rows(cli) == [
        {"at": "2026-11-02T09:00:00+01:00", "kind": "call", "count": 10},
        {"at": "2026-11-02T21:00:00+01:00", "kind": "pitch", "count": 2},
    ]


GOOD_ROWS = [
    "2026-11-02T09:00:00+01:00,call,3",
    "2026-11-03T09:00:00+01:00,pitch,1",
    "2026-11-04T09:00:00+01:00,deal,1",
]


@pytest.mark.parametrize(
    "bad_row",
    [
        "2026-11-05T09:00:00+01:00,email,1",
        "2026-11-05T09:00:00+01:00,call,0",
        "2026-11-05T09:00:00+01:00,call,-2",
        "2026-11-05T09:00:00+01:00,call,abc",
        "2026-11-05T09:00:00+01:00,call,",
        "not a date,call,1",
        "2026-11-30T09:00:00+01:00,call,1",
        ",,",
    ],
)
@pytest.mark.parametrize("position", [0, 1, 3])
def test_import_bad_row_anywhere_imports_nothing(rep, cli, bad, tmp_path, bad_row, position):
    cli("log", "call")
    rows = list(GOOD_ROWS)
    rows.insert(position, bad_row)
    file = tmp_path / "sheet.csv"
    file.write_text("at,kind,count\n" + "\n".join(rows) + "\n")
    res = bad("import", str(file), contains="nothing imported")
    assert f"line {position + 2}" in res.err


@pytest.mark.parametrize("content", ["", "when,what,how many\n2026-11-02T09:00,call,1\n", "\x00\xff garbage"])
def test_import_bad_file(rep, bad, tmp_path, content):
    file = tmp_path / "sheet.csv"
    file.write_bytes(content.encode("latin-1"))
    bad("import", str(file))


def test_import_missing_file(rep, bad, tmp_path):
    bad("import", str(tmp_path / "nope.csv"))


def test_targets_history_shows_each_change_with_its_date(run_cli):
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", now="2026-11-02T09:00:00+01:00").code == 0
    assert run_cli("targets", "--call", "55", now="2026-11-16T09:00:00+01:00").code == 0
    res = run_cli("targets", "--history")
    assert res.code == 0, res.err
    assert res.out.splitlines() == [
        "2026-11-02  40 calls, 8 pitches, 3 commitments, 1 deal",
        "2026-11-16  55 calls, 8 pitches, 3 commitments, 1 deal",
    ]
    bad = run_cli("targets", "--history", "--call", "3")
    assert bad.code == 2 and bad.err.startswith("repdash:") and len(bad.err.splitlines()) == 1
