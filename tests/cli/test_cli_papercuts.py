"""CLI papercuts from issue 11, as a user runs them: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import re

from paths import ROOT
from teamfile_data import demo_team, write

README = ROOT / "README.md"


def test_a_negative_count_is_a_clear_line(run_cli, home):
    assert run_cli("init", "--name", "Ana").code == 0
    for bad in ("-3", "0", "1.5", "lots"):
        res = run_cli("log", "call", bad)
        assert res.code == 2 and res.out == "", bad
        assert "COUNT must be a whole number ≥ 1" in res.err and res.err.count("\n") == 1, res.err
        assert "No such option" not in res.err
    assert json.loads(run_cli("status", "--json").out)["today"]["call"] == 0  # nothing changed
    assert run_cli("log", "call", "3").code == 0


def test_log_help_lists_the_manager_kinds(run_cli):
    out = run_cli("log", "--help").out
    assert "one_on_one" in out and "coaching" in out


def test_team_file_in_a_missing_folder_is_refused(run_cli, home, tmp_path):
    res = run_cli("init", "--name", "Ana", "--team-file", str(tmp_path / "nowhere" / "team.json"))
    assert res.code == 2 and res.err.count("\n") == 1 and "does not exist" in res.err
    assert not (home / "repdash.json").exists()
    ok = run_cli("init", "--name", "Ana", "--team-file", "s3://bucket/team/team.json")
    assert ok.code == 0, ok.err  # a URL is not a folder: never checked as one


def test_readme_lists_every_command(run_cli):
    from repdash.cli import cli

    listed = set(re.findall(r"^repdash (\w+)", README.read_text(encoding="utf-8"), re.M))
    listed |= set(re.findall(r"/ repdash (\w+)", README.read_text(encoding="utf-8")))
    missing = {name for name in cli.commands if name not in listed}
    assert missing == set()


def test_note_takes_a_unique_start_of_a_name(run_cli, tmp_path):
    team = write(tmp_path / "team.json", demo_team())
    assert run_cli("init", "--name", "Ana Local", "--team-file", str(team), "--manager").code == 0
    assert run_cli("sync").code == 0
    res = run_cli("note", "chlo", "Ask", "about", "the", "renewal")
    assert res.code == 0 and "Note saved for Chloé Martin" in res.out
    assert json.loads(run_cli("note", "CHLOÉ", "--json").out)[0]["text"] == "Ask about the renewal"
    ambiguous = run_cli("note", "ana", "Hi")
    assert ambiguous.code == 2 and ambiguous.err.count("\n") == 1
    assert "Ana Smith" in ambiguous.err and "Ana Local" in ambiguous.err
