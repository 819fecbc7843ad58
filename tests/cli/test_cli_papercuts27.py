"""CLI papercuts from issue 27, as a new rep or manager runs them: exit codes, stdout, stderr."""

from __future__ import annotations

import json

from paths import ROOT
from teamfile_data import demo_team, write


def test_sync_and_team_json_say_ok_false_on_failure(run_cli, home, tmp_path):
    team = tmp_path / "team.json"
    team.write_text('{"bad', encoding="utf-8")
    assert run_cli("init", "--name", "Ana", "--team-file", str(team)).code == 0
    for command in ("sync", "team"):
        res = run_cli(command, "--json")
        assert res.code == 1, res
        out = json.loads(res.out)
        assert out["ok"] is False and "truncated" in out["error"], res.out
        assert res.err.startswith("repdash: ") and res.err.count("\n") == 1
    bad = run_cli("status", "--json", "--nope")  # bad usage of a --json command: JSON too, exit 2
    assert bad.code == 2 and json.loads(bad.out)["ok"] is False
    assert not run_cli("sync").out.lstrip().startswith("{")  # without --json: the one line on stderr only


def test_json_failure_as_a_real_process(run_cli_process, home):
    res = run_cli_process("status", "--json")  # not set up yet
    assert res.code == 2, res
    assert json.loads(res.out) == {"ok": False, "error": res.err.strip().removeprefix("repdash: ")}


def test_quota_remove_of_a_date_not_listed_says_so(run_cli, home):
    assert run_cli("init", "--name", "Ana").code == 0
    assert run_cli("quota", "--holiday", "2026-12-24").code == 0
    res = run_cli("quota", "--remove", "2026-12-25")
    assert res.code == 2 and "2026-12-25" in res.err and "not a holiday or day off" in res.err
    assert "2026-12-24" in run_cli("quota").out  # nothing changed
    assert run_cli("quota", "--remove", "2026-12-24").code == 0


def test_a_json_export_imports_back(run_cli, home, tmp_path):
    assert run_cli("init", "--name", "Ana").code == 0
    assert run_cli("log", "call", "3").code == 0
    assert run_cli("log", "deal", "--at", "2026-11-02T10:00").code == 0
    exported = run_cli("export", "--format", "json").out
    (tmp_path / "e.json").write_text(exported, encoding="utf-8")
    other = tmp_path / "other"
    assert run_cli("init", "--name", "Bo", home_dir=other).code == 0
    res = run_cli("import", str(tmp_path / "e.json"), home_dir=other)
    assert res.code == 0 and "Imported 2 entries" in res.out, res
    assert json.loads(run_cli("export", "--format", "json", home_dir=other).out) == json.loads(exported)
    again = run_cli("import", str(tmp_path / "e.json"), home_dir=other)
    assert "skipped 2 already present" in again.out
    (tmp_path / "bad.json").write_text('[{"at": "2026-11-02T10:00:00+00:00", "kind": "call", "count": 0}]')
    bad = run_cli("import", str(tmp_path / "bad.json"), home_dir=other)
    assert bad.code == 2 and "count '0'" in bad.err and "nothing imported" in bad.err


def test_note_is_for_managers_only(run_cli, home, tmp_path):
    team = write(tmp_path / "team.json", demo_team())
    assert run_cli("init", "--name", "Ana Local", "--team-file", str(team)).code == 0
    assert run_cli("sync").code == 0
    res = run_cli("note", "chlo", "Ask", "about", "it")
    assert res.code == 2 and "managers" in res.err and res.err.count("\n") == 1
    assert run_cli("note", "chlo").code == 2  # listing too
    assert "(manager)" in run_cli("note", "--help").out


def test_install_hints_work_from_a_checkout():
    """repdash is not on a package index: `pip install 'repdash[s3]'` cannot work, '.[s3]' does."""
    for doc in ("README.md", "docs/team-file.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert "repdash[s3]" not in text, doc
        assert "pip install '.[s3]'" in text, doc
    assert "pipx inject repdash obstore" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_missing_extra_says_what_to_run(run_cli_process, home):
    """The runtime error, in a process where obstore cannot be imported."""
    blocker = home.parent / "blocked"
    blocker.mkdir()
    (blocker / "obstore.py").write_text("raise ImportError('blocked for this test')\n")
    assert run_cli_process("init", "--name", "Ana", "--team-file", "s3://acme-sales/team.json").code == 0
    res = run_cli_process("sync", env={"PYTHONPATH": str(blocker)})
    assert res.code == 2 and "pip install '.[s3]'" in res.err and "pipx inject repdash obstore" in res.err, res


def test_init_says_which_team_file_is_used_and_why(run_cli, home, tmp_path):
    configured, from_env = tmp_path / "team.json", tmp_path / "env.json"
    res = run_cli("init", "--name", "Ana", "--team-file", str(configured), env={"REPDASH_TEAM_FILE": str(from_env)})
    assert res.code == 0
    line = next(x for x in res.out.splitlines() if x.startswith("Team file:"))
    assert line == f"Team file: {from_env} (from REPDASH_TEAM_FILE, which overrides the configured {configured})"
    plain = run_cli("init", "--name", "Ana").out
    assert f"Team file: {configured}\n" in plain and "REPDASH_TEAM_FILE" not in plain


def test_init_says_an_import_adjusts_the_prorated_quota(run_cli, home):
    out = run_cli("init", "--name", "Ana").out  # Thursday 26 November: a prorated month
    assert "(prorated: " in out
    assert "Importing your history (`repdash import FILE`) moves the start date back" in out


def test_readme_documents_now_tz_history_and_the_theme_format():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in ("REPDASH_NOW=", "--tz ZONE", "--history", '"variables": {', '"colors": {'):
        assert words in readme, words
    import re

    from repdash.ui.themes import parse_theme

    example = re.search(r"```json\n(.*?)```", readme, re.S)
    assert example is not None
    assert parse_theme(json.loads(example.group(1))).name == "my-team"  # the README's example is a valid theme


def test_a_damaged_team_file_says_how_to_recover_and_repair_moves_it_aside(run_cli, home, tmp_path):
    team = tmp_path / "team.json"
    assert run_cli("init", "--name", "Ana", "--team-file", str(team)).code == 0
    assert run_cli("sync").code == 0
    damaged = b'{"format": "repdash-team", "version": 1, "reps": {"x": '
    team.write_bytes(damaged)
    res = run_cli("sync")
    assert res.code == 1 and res.err.count("\n") == 1
    assert "truncated" in res.err and "`repdash team repair`" in res.err and "restore it from a backup" in res.err
    fixed = run_cli("team", "repair")
    assert fixed.code == 0, fixed
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("team.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # kept byte for byte
    assert str(aside[0]) in fixed.out
    assert not team.exists()
    assert run_cli("sync").code == 0  # the next sync starts the team file again
    assert json.loads(run_cli("team", "--json").out)["reps"][0]["name"] == "Ana"
    again = run_cli("team", "repair")
    assert again.code == 0 and "nothing to repair" in again.out
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("team.damaged-")]) == 1


def test_repair_leaves_a_newer_team_file_alone_as_a_real_process(run_cli_process, home, tmp_path):
    team = tmp_path / "team.json"
    assert run_cli_process("init", "--name", "Ana", "--team-file", str(team)).code == 0
    newer = b'{"format": "repdash-team", "version": 7, "reps": {}}'
    team.write_bytes(newer)
    res = run_cli_process("team", "repair")
    assert res.code == 2 and "newer" in res.err and res.err.count("\n") == 1, res
    assert team.read_bytes() == newer and not [p for p in tmp_path.iterdir() if "damaged" in p.name]
    team.write_bytes(b"\x00garbage")
    res = run_cli_process("team", "repair")
    assert res.code == 0 and "Moved the damaged team file aside" in res.out and res.err == "", res


# ---- item 10: wording, written once with correct plurals ---------------------------------------
def test_wording_helpers():
    from repdash.core.wording import count, join, versus

    assert [count(n, "rep") for n in (0, 1, 2)] == ["0 reps", "1 rep", "2 reps"]
    assert count(1, "working day") == "1 working day" and count(3, "entry") == "3 entries"
    assert join(["a"]) == "a" and join(["a", "b", "c"]) == "a, b and c"
    assert (
        versus(0.3) == "same as last week" and versus(8) == "▲8 vs last week" and versus(-2.6, "last") == "▼3 vs last"
    )


def test_status_streak_and_low_data_read_as_sentences(run_cli, home):
    assert run_cli("init", "--name", "Ana").code == 0
    assert run_cli("log", "call", "43").code == 0
    status = run_cli("status").out.splitlines()[0]
    assert status.endswith("streak 0 working days") and "(s)" not in status
    low = next(line for line in run_cli("math").out.splitlines() if line.startswith("Low data"))
    assert low.startswith("Low data: your last 20 working days hold 43 calls, 0 pitches, 0 commitments and 0 deals,")
    assert "but no" not in low and low.count("0 pitches") == 1


def test_click_words_ranges_plainly(run_cli, home):
    assert run_cli("init", "--name", "Ana").code == 0
    res = run_cli("targets", "--call", "abc")
    assert res.code == 2 and "'abc' is not a valid whole number." in res.err and "integer range" not in res.err
    res = run_cli("targets", "--call", "-3")
    assert res.code == 2 and "-3 is not in the range 0 to 100,000." in res.err
    helptext = run_cli("init", "--help").out
    assert "[0 to 1,000,000,000,000]" in " ".join(helptext.split()) and "<=x<=" not in helptext


def test_team_quest_line_says_the_goal_is_a_goal():
    from repdash.core.quests import TEAM_PITCHES, Quest

    quest = Quest(TEAM_PITCHES, "2026-W48", "Team pitches, goal 72 this week", "", 21.0, 72.0, 0, 1, ())
    assert quest.line == "Team pitches, goal 72 this week: 21 so far (29%) · 0 of 1 rep there"


def test_readme_gap_line_is_the_apps():
    from repdash.ui.screens.dashboard import to_go_line

    example = to_go_line({"call": 12, "pitch": 2})
    assert f'("{example}")' in (ROOT / "README.md").read_text(encoding="utf-8")


# ---- item 9: the demo's zone and the first-activity trophy -------------------------------------
def test_the_demo_uses_the_machines_zone(run_cli_process, tmp_path):
    from repdash.store.local import LocalStore

    target = tmp_path / "demo"
    res = run_cli_process("demo", "--dir", str(target), env={"TZ": "America/New_York"})
    assert res.code == 0, res
    homes = [LocalStore(h) for h in (target / "homes").iterdir()]
    assert homes and {h.tz for h in homes} == {"America/New_York"}
    at = homes[0].entries()[-1].at
    assert at.endswith(("-05:00", "-04:00")), at  # times written (and shown) in the machine's zone


def test_a_managers_first_one_on_one_does_not_claim_a_dial():
    from repdash.core import achievements as ach

    first = next(a for a in ach.ACHIEVEMENTS if a.id == "first_log")
    assert "Dial" not in first.name and first.rule == "Log your first activity"
