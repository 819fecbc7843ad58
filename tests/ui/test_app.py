"""The dashboard driven with the Textual pilot: keys reach the disk, the day rolls over, keys remap."""

from __future__ import annotations

import pendulum
from waiting import palette_search_done

from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp


class MovableClock:
    def __init__(self, start: pendulum.DateTime) -> None:
        self.moment = start

    def __call__(self) -> pendulum.DateTime:
        return self.moment


async def test_each_key_is_on_disk_before_the_screen_shows_it(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "c", "p", "v", "d")
        await pilot.pause()
        # A fresh store object reads only what is on disk.
        on_disk = LocalStore(store.home).day_counts(store.today(frozen_now))
        assert on_disk == {"call": 2, "pitch": 1, "commit": 1, "deal": 1}
        assert app.summary["today"] == {"call": 2, "pitch": 1, "commit": 1, "deal": 1}


async def test_the_totals_cache_is_saved_after_a_burst_of_keys_not_by_each(store, frozen_now):
    """A key leaves totals.json (every day of the history) alone; the achievement check that
    follows a burst of keys saves it, so the next start finds today's totals fresh."""
    import json

    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.check_achievements()  # the start-up scan
        cache = store.totals_path
        before = cache.stat().st_ino if cache.exists() else None
        await pilot.press("c", "c", "p")
        await pilot.pause()
        assert (cache.stat().st_ino if cache.exists() else None) == before
        app.check_achievements()  # the debounced check after the burst
        assert json.loads(cache.read_text())["2026-11-26"][1] == {"call": 2, "pitch": 1}


async def test_undo_key_removes_the_last_entry(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "p", "u")
        await pilot.pause()
        assert LocalStore(store.home).day_counts(store.today(frozen_now)) == {"call": 1}


async def test_today_rolls_over_at_local_midnight(store):
    # 23:59:30 in Berlin on Thursday; the app keeps running past midnight.
    clock = MovableClock(pendulum.datetime(2026, 11, 26, 23, 59, 30, tz="Europe/Berlin").in_timezone("UTC"))
    app = RepdashApp(store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "c")
        await pilot.pause()
        assert app.summary["date"] == "2026-11-26"
        assert app.summary["today"]["call"] == 2
        clock.moment = clock.moment.add(minutes=1)
        app.check_day()
        await pilot.pause()
        assert app.summary["date"] == "2026-11-27"
        assert app.summary["today"]["call"] == 0
        await pilot.press("c")
        await pilot.pause()
        assert app.summary["today"]["call"] == 1


async def test_day_survives_the_autumn_dst_change(home):
    store = LocalStore(home)
    # 25 Oct 2026: Berlin goes from +02:00 to +01:00 at 03:00; 23:30 local is still the 25th.
    late = pendulum.datetime(2026, 10, 25, 23, 30, tz="Europe/Berlin")
    store.init("Ana", tz="Europe/Berlin", now=late)
    app = RepdashApp(store, clock=lambda: late.in_timezone("UTC"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.summary["date"] == "2026-10-25"
        assert store.day_counts(pendulum.date(2026, 10, 25)) == {"call": 1}


async def test_keymap_from_config_remaps_a_binding(store, frozen_now):
    store.update_config(keymap={"log_call": "k"})
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k")
        await pilot.pause()
        assert app.summary["today"]["call"] == 1


async def test_command_palette_offers_dashboard_actions_and_keeps_defaults(store, frozen_now):
    from textual.command import CommandPalette

    app = RepdashApp(store, clock=lambda: frozen_now)
    from textual.app import App

    assert all(p in RepdashApp.COMMANDS for p in App.COMMANDS)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Deal")
        await palette_search_done(pilot, "Deal")
        await pilot.press("enter")
        await pilot.pause()
        assert LocalStore(store.home).day_counts(store.today(frozen_now)) == {"deal": 1}


async def test_onboarding_creates_the_rep(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Jo Lee", "enter")
        await pilot.pause()
        assert LocalStore(home).config.name == "Jo Lee"
        await pilot.press("c")
        await pilot.pause()
        assert app.summary["today"]["call"] == 1


async def test_a_manager_logs_their_own_kinds_with_keys(home, frozen_now):
    store = LocalStore(home)
    store.init("Maria Chen", tz="Europe/Berlin", manager=True, now=frozen_now)
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "o", "k", "c")
        await pilot.pause()
        assert app.summary["today"]["one_on_one"] == 2
        assert app.summary["today"]["coaching"] == 1
        assert app.summary["today"]["call"] == 1


async def test_a_rep_has_no_manager_keys(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o", "k")
        await pilot.pause()
        assert "one_on_one" not in app.summary["today"]
        assert LocalStore(store.home).day_counts(store.today(frozen_now)) == {}


async def test_theme_chosen_in_the_palette_is_remembered(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Theme: repdash-light")
        await palette_search_done(pilot, "Theme: repdash-light")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "repdash-light"
    assert LocalStore(store.home).config.theme == "repdash-light"
    again = RepdashApp(LocalStore(store.home), clock=lambda: frozen_now)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "repdash-light"


async def test_quiet_mode_is_remembered(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("z")
        await pilot.pause()
    assert LocalStore(store.home).config.quiet is True


async def test_the_app_quits_when_its_terminal_is_gone(store, frozen_now, tmp_path):
    """A closed tmux/ssh session leaves a hung-up tty: the dashboard exits instead of spinning."""
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        app._tty = str(tmp_path)  # the terminal device still exists: keep running
        app._check_terminal()
        await pilot.pause()
        assert app.return_code is None
        app._tty = str(tmp_path / "pts-0-gone")
        app._check_terminal()
        await pilot.pause()
        assert app.return_code == 0
