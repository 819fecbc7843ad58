"""Snapshots of the Sales Math (`m`) and Targets (`t`) screens, frozen at Thu 26 Nov 2026 10:30 Berlin."""

from __future__ import annotations

import pendulum
import pytest

from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp

SIZES = [(80, 24), (120, 40)]


def fill(store: LocalStore, now: pendulum.DateTime, days: int = 24, deals: int = 1) -> None:
    """`days` calendar days of steady weekday work before today, and a morning's work today."""
    day = now.in_timezone(store.tz).start_of("day")
    for back in range(1, days + 1):
        d = day.subtract(days=back)
        if d.day_of_week in (pendulum.SATURDAY, pendulum.SUNDAY):
            continue
        at = d.add(hours=11)
        for kind, n in (
            ("call", 50 + back % 7 * 4),
            ("pitch", 9 + back % 4),
            ("commit", 3 + back % 3),
            ("deal", deals if back % 2 else 0),
        ):
            if n:
                store.log(kind, n, at=at, now=at)
    at = day.add(hours=9)
    for kind, n in (("call", 31), ("pitch", 6), ("commit", 2)):
        store.log(kind, n, at=at, now=at)


def team(store: LocalStore) -> None:
    reps = [
        {
            "name": f"[b]Rep {i}[/b]",
            "id": f"r{i}",
            "rates": {
                "pitch_per_call": 0.12 + i / 100,
                "commit_per_pitch": 0.25 + i / 50,
                "deal_per_commit": 0.2 + i / 40,
            },
            "period": {"call": 900 + 40 * i, "pitch": 150 + 9 * i, "commit": 40 + 3 * i, "deal": 4 + i},
        }
        for i in range(6)
    ]
    reps.append({"name": "Ana Smith", "id": store.config.rep_id, "rates": {}, "period": {"deal": 7}})
    store.set_team_cache({"reps": reps, "standard": None})


def make_app(store, frozen_now):
    return RepdashApp(store, clock=lambda: frozen_now)


@pytest.mark.parametrize("size", SIZES)
def test_math_behind_pace(snap_compare, store, frozen_now, size):
    fill(store, frozen_now)
    assert snap_compare(make_app(store, frozen_now), terminal_size=size, press=["m"])


def test_math_low_data(snap_compare, store, frozen_now):
    store.log("call", 12, at=frozen_now.subtract(hours=1), now=frozen_now)
    store.log("pitch", 2, at=frozen_now.subtract(hours=1), now=frozen_now)
    assert snap_compare(make_app(store, frozen_now), terminal_size=(80, 24), press=["m"])


@pytest.mark.parametrize("size", SIZES)
def test_math_quota_met(snap_compare, store, frozen_now, size):
    fill(store, frozen_now, deals=2)
    store.update_config(quota=12)
    assert snap_compare(make_app(store, frozen_now), terminal_size=size, press=["m"])


def test_math_with_team_tiers(snap_compare, store, frozen_now):
    fill(store, frozen_now)
    team(store)
    assert snap_compare(make_app(store, frozen_now), terminal_size=(120, 40), press=["m"])


@pytest.mark.parametrize("size", SIZES)
def test_targets(snap_compare, store, frozen_now, size):
    fill(store, frozen_now)
    store.update_config(standard={"call": 60, "pitch": 10, "commit": 3, "deal": 1})
    assert snap_compare(make_app(store, frozen_now), terminal_size=size, press=["t"])


def test_targets_set_to_quota_needs(snap_compare, store, frozen_now):
    fill(store, frozen_now)
    assert snap_compare(make_app(store, frozen_now), terminal_size=(80, 24), press=["t", "ctrl+n"])


def test_targets_invalid_input(snap_compare, store, frozen_now):
    fill(store, frozen_now)
    press = ["t", "ctrl+u", "ctrl+k", "tab", "ctrl+u", "ctrl+k", "enter"]
    assert snap_compare(make_app(store, frozen_now), terminal_size=(80, 24), press=press)


async def test_targets_screen_saves_with_history(store, frozen_now):
    fill(store, frozen_now)
    app = make_app(store, frozen_now)
    before = len(store.targets_history())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "ctrl+n")
        needed = app.screen.report["needed_per_day"]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DashboardScreen"
    assert store.targets == needed
    assert len(store.targets_history()) == before + 1


async def test_invalid_target_is_not_saved(store, frozen_now):
    app = make_app(store, frozen_now)
    targets = store.targets
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "ctrl+u", "ctrl+k", "enter")
        assert type(app.screen).__name__ == "TargetsScreen"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "DashboardScreen"
    assert store.targets == targets


async def test_math_screen_closes_with_escape_and_m(store, frozen_now):
    app = make_app(store, frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        for close in ("escape", "m"):
            await pilot.press("m")
            assert type(app.screen).__name__ == "SalesMathScreen"
            await pilot.press(close)
            assert type(app.screen).__name__ == "DashboardScreen"
        await pilot.press("m", "t")
        assert type(app.screen).__name__ == "TargetsScreen"


def test_math_first_morning_is_starting_not_behind(snap_compare, home):
    """Issue 20: a new hire's first morning at 08:00 (also the month's first working day) says
    "Starting: 1 deal today keeps you on pace", never "behind pace, 24 calls short"."""
    now = pendulum.parse("2026-12-01T08:00:00+01:00")
    store = LocalStore(home)
    store.init("Dee New", tz="Europe/Berlin", quota=15, now=now, start_date=now.date())
    assert snap_compare(make_app(store, now), terminal_size=(80, 24), press=["m"])


def test_targets_screen_says_where_a_stage_does_not_fit(snap_compare, store, frozen_now):
    """Issue 20: "240 calls a day give 48 pitches at your rates; your pitch target is 8" (the bottleneck lands)."""
    store.set_targets({"call": 240, "pitch": 8, "commit": 3, "deal": 1}, now=frozen_now)
    assert snap_compare(make_app(store, frozen_now), terminal_size=(100, 32), press=["t"])
