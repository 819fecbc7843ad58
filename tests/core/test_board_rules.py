"""Board rules (core/board.py): managers apart, momentum counts reps, one wording for coaching prompts."""

from __future__ import annotations

import json
import re

import pendulum
from teamfile_data import AT_STANDARD, TARGETS, demo_team, doc, entry, rid, small_team, write

from repdash.services import team_sync
from repdash.sync import teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def view(data: dict) -> dict:
    return team_sync.view_of(teamfile.parse(json.dumps(data).encode()), NOW, "Europe/Berlin")


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


def _starter(**fields) -> dict:
    """A rep who started Wed 18 Nov 2026 on 15 deals a month and closed one deal a day since (7 by Thu 26)."""
    e = entry(1, "Ana Smith", {"call": 30, "pitch": 6, "commit": 2, "deal": 1}, quota=15, deals=7)
    e.update(fields)
    return e


def test_a_rep_who_started_mid_period_is_paced_on_the_prorated_quota():
    # Prorated: 7 of 15 deals over 9 of 21 working days; by Thu 26 Nov, 7 of those 9 days are done.
    ana = view(doc([_starter(start_date="2026-11-18", quota_this_period=7)]))["reps"][0]
    assert ana["pace"] == round(100 * 7 / (7 * 7 / 9), 1)  # 128.6: ahead, as her own math screen says
    assert ana["pace"] >= 100
    assert ana["pace_prorated"] is True  # the 1:1 view says so beside the pace


def test_an_old_entry_without_start_date_is_paced_on_the_whole_quota_as_before():
    ana = view(doc([_starter()]))["reps"][0]
    # From 2 Nov: 19 of 21 working days done, 7 of 15 deals: behind.
    assert ana["pace"] == round(100 * 7 / (15 * 19 / 21), 1)
    assert ana["pace"] < 100
    assert ana["pace_prorated"] is False


async def test_the_one_on_one_view_says_a_pace_is_on_a_prorated_quota(tmp_path):
    from textual.app import App

    from repdash.store.local import LocalStore
    from repdash.ui.screens.team_detail import RepDetailScreen

    class Board(App):  # what the 1:1 view asks of its app: a store (for the time zone) and the time
        store = LocalStore(tmp_path / "home")

        def now(self):
            return NOW

    prorated = view(doc([_starter(start_date="2026-11-18", quota_this_period=7)]))["reps"][0]
    whole = view(doc([_starter()]))["reps"][0]
    for row, says in ((prorated, "Period pace 129% of quota (prorated: 7 deals since Wed 18 Nov)"), (whole, None)):
        app = Board()
        async with app.run_test(size=(100, 40)) as pilot:
            await app.push_screen(RepDetailScreen(row, private=False))
            await pilot.pause()
            text = str(app.screen.query_one("#detail-summary").render())
            line = next(x for x in text.splitlines() if x.startswith("Period pace"))
            assert line == (says or f"Period pace {whole['pace']:.0f}% of quota"), line


def test_a_start_date_without_its_prorated_quota_is_paced_as_before():
    old = view(doc([_starter()]))["reps"][0]["pace"]
    assert view(doc([_starter(start_date="2026-11-18")]))["reps"][0]["pace"] == old


def test_a_start_date_before_the_period_changes_nothing():
    old = view(doc([_starter()]))["reps"][0]["pace"]
    assert view(doc([_starter(start_date="2026-10-05", quota_this_period=15)]))["reps"][0]["pace"] == old


def test_the_status_line_and_the_quest_count_the_same_reps():
    from repdash.core import quests

    v = view(demo_team())
    trend_days = v["momentum"]["trend_days"]
    quest = quests.weekly_quest([dict(r, trend_days=trend_days) for r in v["reps"]], v["standard"], NOW.date())
    assert quest is not None
    # Hidden Gia plays and counts; Maria (manager) does not: the same 8 as "team 3/8 at standard".
    assert quest.reps_total == v["momentum"]["today"]["of"] == 8
    gia = [p for p in quest.parts if p.hidden]
    assert len(gia) == 1 and gia[0].name == ""  # counted, never named
    assert "Gia Rossi" not in [p.name for p in quest.parts]


def test_a_starter_s_own_sync_puts_her_on_pace_on_the_board(run_cli, tmp_path, home):
    """End to end: init --start Wed 18 Nov, a deal a day from a steady funnel, sync: board and math agree."""
    from repdash.store.local import LocalStore

    team = tmp_path / "team.json"
    init = ("init", "--name", "Ana", "--quota", "15", "--tz", "Europe/Berlin", "--start", "2026-11-18")
    assert run_cli(*init, "--team-file", str(team)).code == 0
    store = LocalStore(home)
    for day in ("2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"):
        at = pendulum.parse(f"{day}T11:00:00", tz="Europe/Berlin")
        for kind, n in (("call", 50), ("pitch", 10), ("commit", 4), ("deal", 1)):
            store.log(kind, n, at=at, now=at)
    math = json.loads(run_cli("math", "--json").out)
    assert (math["quota_this_period"], math["start_date"]) == (7, "2026-11-18")
    assert math["pace"] in ("ahead", "on pace")
    assert run_cli("sync").code == 0
    (published,) = json.loads(team.read_text())["reps"].values()
    assert (published["quota_this_period"], published["start_date"], published["quota"]) == (7, "2026-11-18", 15)
    (ana,) = json.loads(run_cli("team", "--json").out)["reps"]
    assert (ana["quota_this_period"], ana["start_date"]) == (7, "2026-11-18")
    assert ana["pace"] >= 100  # 6 deals where 7 x 7/9 = 5.4 are due; the whole quota would say 45 %
