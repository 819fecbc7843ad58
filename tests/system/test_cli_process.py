"""Every command once in a process of its own, as a user runs it (`python -m repdash ...`).

The rest of the suite runs commands in-process (`run_cli`, fast); these prove what only a real
process shows: the entry point, the exit code the shell sees, stdout and stderr as the terminal gets
them (no traceback), and the lazy imports of a cold start.
"""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def rep(run_cli_process, tmp_path):
    """A rep set up through a real process, on a team file in tmp_path."""
    team = tmp_path / "team.json"
    r = run_cli_process("init", "--name", "Ana", "--team-file", str(team))
    assert r.code == 0 and r.err == "", r
    r = run_cli_process("sync")
    assert r.code == 0, r
    return team


def ok(res):
    assert res.code == 0, res
    assert res.err == "", res.err
    assert "Traceback" not in res.out
    return res


@pytest.mark.parametrize(
    "args, shows",
    [
        (("log", "call", "3"), "call"),
        (("status",), "Level"),
        (("targets",), "call"),
        (("quota",), "quota"),
        (("math",), "deal"),
        (("standard",), ""),
        (("hide",), ""),
        (("unhide",), ""),
    ],
)
def test_each_command_in_its_own_process(run_cli_process, rep, args, shows):
    res = ok(run_cli_process(*args))
    assert shows.lower() in res.out.lower()


def test_note_as_a_rep_is_refused_in_its_own_process(run_cli_process, rep):
    res = run_cli_process("note", "Ana", "ask about the Q4 pipeline")
    assert res.code == 2 and res.out == "" and "for managers" in res.err and res.err.count("\n") == 1


def test_log_undo_export_import_sync_team_across_processes(run_cli_process, rep, tmp_path):
    ok(run_cli_process("log", "deal"))
    ok(run_cli_process("log", "deal", "2"))
    ok(run_cli_process("undo"))  # the newest entry, both its deals
    status = json.loads(ok(run_cli_process("status", "--json")).out)
    assert status["today"]["deal"] == 1
    csv = ok(run_cli_process("export")).out
    assert csv.splitlines()[0] == "at,kind,count"
    (tmp_path / "x.csv").write_text(csv)
    ok(run_cli_process("import", "x.csv"))  # the same entries again: skipped, nothing doubled
    assert json.loads(ok(run_cli_process("status", "--json")).out)["today"]["deal"] == 1
    ok(run_cli_process("sync"))
    board = json.loads(ok(run_cli_process("team", "--json")).out)
    assert "Ana" in json.dumps(board)


def test_bad_input_in_a_process_is_one_line_and_exit_2(run_cli_process, rep):
    res = run_cli_process("log", "call", "-3")
    assert res.code == 2, res
    assert res.out == ""
    assert len(res.err.strip().splitlines()) == 1 and res.err.startswith("repdash: "), res.err


def test_help_and_version_in_a_process(run_cli_process):
    assert "Commands:" in ok(run_cli_process("--help")).out
    assert ok(run_cli_process("--version")).out.strip()
