"""Board rules (core/board.py): managers apart, momentum counts reps, one wording for coaching prompts."""

from __future__ import annotations

import json
import re

import pendulum
from teamfile_data import AT_STANDARD, TARGETS, demo_team, doc, entry, rid, small_team, write

from repdash.sync import service, teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def view(data: dict) -> dict:
    return service.view_of(teamfile.parse(json.dumps(data).encode()), NOW, "Europe/Berlin")


def test_momentum_counts_reps_not_managers():
    v = view(small_team())
    assert v["at_standard_pct"] == 50.0
    assert v["momentum"]["today"] == {"at": 1, "of": 2, "pct": 50.0}
    assert v["momentum"]["week"]["of"] == 2
    maria = next(r for r in v["reps"] if r["manager"])
    assert maria["at_standard"]  # she did her 1:1s and coaching: at her own standard, yet not in the 1/2
    assert maria["rank"] is None and maria["tier"] is None
    assert [r["name"] for r in v["reps"]] == ["Ana Smith", "Ben Okafor", "Maria Chen"]  # managers listed last, apart


def test_demo_team_momentum_leaves_the_manager_out():
    v = view(demo_team())
    # Ana, Ben and hidden Gia are at standard; Maria (manager) is not counted: 3 of 8 reps.
    assert v["momentum"]["today"] == {"at": 3, "of": 8, "pct": 37.5}
    names = [r["name"] for r in v["reps"]]
    assert names.index("Gia Rossi") < names.index("Maria Chen")  # hidden reps are reps; managers come after


def test_a_manager_is_measured_on_manager_kinds_only():
    # No manager kinds in the team standard, none in her own targets: the manager default, never calls.
    data = small_team(manager_targets=dict(TARGETS))
    data["standard"]["kinds"] = dict(TARGETS)
    maria = next(r for r in view(data)["reps"] if r["manager"])
    assert set(maria["standard"]) == {"one_on_one", "coaching"}
    assert maria["at_standard"] and maria["coaching"] is None


def test_one_wording_for_coaching_prompts():
    prompts = [r["coaching"] for r in view(demo_team())["reps"] if r["coaching"]]
    assert prompts, "the demo team has reps below standard"
    for p in prompts:
        assert re.fullmatch(r"\+\d+ [^\d].* a day", p), p
    maria = next(r for r in view(demo_team())["reps"] if r["manager"])
    # 1 of 2 1:1s so far today but 2 a day on average: nothing to coach, no "1 1:1 to go today".
    assert maria["coaching"] is None


def test_a_rep_at_standard_today_has_no_run_of_days_below():
    data = doc([entry(1, "Ana Smith", {"call": 30, "pitch": 6, "commit": 2, "deal": 0}, today=AT_STANDARD)])
    ana = view(data)["reps"][0]
    assert ana["at_standard"] and ana["days_below"] == 0 and ana["coaching"] is None


def test_team_json_two_reps_and_a_manager(run_cli, tmp_path, home):
    team = write(tmp_path / "team.json", small_team())
    assert run_cli("init", "--name", "Maria Chen", "--manager", "--team-file", str(team)).code == 0
    r = run_cli("team", "--json")
    assert r.code == 0 and r.err == ""
    data = json.loads(r.out)
    assert data["at_standard_pct"] == 50.0
    assert [(x["name"], x["manager"]) for x in data["reps"]] == [
        ("Ana Smith", False),
        ("Ben Okafor", False),
        ("Maria Chen", True),
    ]
    assert {x["rep_id"] for x in data["reps"]} == {rid(1), rid(2), rid(9)}


def test_plain_team_board_counts_reps_and_lists_managers_apart(run_cli, tmp_path, home):
    team = write(tmp_path / "team.json", small_team())
    assert run_cli("init", "--name", "Maria Chen", "--manager", "--team-file", str(team)).code == 0
    r = run_cli("team")  # stdout is a pipe: the board as plain text
    assert r.code == 0 and r.err == ""
    assert "Reps at standard: today 1/2 (50%)" in r.out
    lines = r.out.splitlines()
    divider = next(i for i, line in enumerate(lines) if "setting the example" in line)
    assert any("Ben Okafor" in line for line in lines[:divider])
    assert "Maria Chen" in lines[divider + 1] and lines[divider + 1].split()[0] == "mgr"
