"""Managers, one rule: measured on manager kinds (1:1s, coaching) in status, the dashboard and quests."""

from __future__ import annotations

import json

from repdash.core.standard import applicable_standard
from repdash.services.trophy_case import team_quest
from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp

STANDARD = {"call": 35, "pitch": 8, "commit": 3, "deal": 1, "one_on_one": 2, "coaching": 1}


def manager(home, now, standard=STANDARD) -> LocalStore:
    store = LocalStore(home)
    store.init("Maria Chen", tz="Europe/Berlin", manager=True, now=now)
    store.update_config(standard=standard)
    return store


def test_each_side_gets_its_own_part_of_the_standard():
    assert applicable_standard(STANDARD, manager=False) == {"call": 35, "pitch": 8, "commit": 3, "deal": 1}
    assert applicable_standard(STANDARD, manager=True) == {"one_on_one": 2, "coaching": 1}
    assert applicable_standard({"call": 35}, manager=True) is None  # no manager standard: own targets lead


def test_status_measures_a_manager_on_manager_kinds(run_cli, home, frozen_now):
    store = manager(home, frozen_now)
    store.log("call", 1, now=frozen_now)
    store.log("one_on_one", 1, now=frozen_now)
    res = run_cli("status")
    assert res.code == 0, res.err
    call_line = next(line for line in res.out.splitlines() if line.strip().startswith("call"))
    assert "standard" not in call_line and "gap" not in call_line and "target 0" not in call_line
    one_on_one = next(line for line in res.out.splitlines() if line.strip().startswith("one_on_one"))
    assert "standard 2 (gap 1)" in one_on_one
    data = json.loads(run_cli("status", "--json").out)
    assert data["standard"] == {"one_on_one": 2, "coaching": 1}


async def test_the_dashboard_never_tells_a_manager_to_pitch_to_standard(home, frozen_now):
    store = manager(home, frozen_now)
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        text = app.team_text(app.summary)
        assert "pitch" not in text and "call" not in text
        assert text.startswith("+1 1:1 to standard") or text.startswith("+1 coaching session to standard")


def test_a_managers_quest_counts_reps_against_the_reps_standard(home, frozen_now):
    store = manager(home, frozen_now)
    today = frozen_now.in_timezone("Europe/Berlin").date().isoformat()
    reps = [
        {
            "name": "Ana",
            "date": today,
            "today": {"call": 40, "pitch": 9, "commit": 3, "deal": 1},
            "week": {"call": 40, "pitch": 9, "commit": 3, "deal": 1},
            "manager": False,
        },
        {"name": "Ben", "date": today, "today": {"call": 3}, "week": {"commit": 0}, "manager": False},
        {"name": "Maria Chen", "date": today, "today": {"one_on_one": 2}, "week": {}, "manager": True},
    ]
    quest = team_quest(store, frozen_now, {"reps": reps, "momentum": {}})
    assert quest is not None and quest.reps_total == 2  # "N of 2 reps": the manager is not one of them
    assert quest.id == "standard_days"  # the quest of the week of 26 Nov 2026
    # Ana met the reps' standard today: measured against calls and pitches, not the manager's 1:1s.
    assert [p.value for p in quest.parts] == [1, 0]
