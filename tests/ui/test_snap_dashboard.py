"""Snapshots of onboarding and the dashboard, before and after key presses (frozen clock)."""

from __future__ import annotations

import pendulum
import pytest

from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp

SIZES = [(80, 24), (120, 40)]


def history(store: LocalStore, now: pendulum.DateTime) -> None:
    """Ten working days of steady activity, and a good morning today."""
    tz = store.tz
    day = now.in_timezone(tz).start_of("day")
    for back in range(1, 15):
        d = day.subtract(days=back)
        if d.day_of_week in (pendulum.SATURDAY, pendulum.SUNDAY):
            continue
        at = d.add(hours=11)
        for kind, n in (("call", 40 + back), ("pitch", 8 + back % 3), ("commit", 3 + back % 2), ("deal", 1 + back % 2)):
            if n:
                store.log(kind, n, at=at, now=at)
    at = day.add(hours=9)
    for kind, n in (("call", 24), ("pitch", 5), ("commit", 3)):
        store.log(kind, n, at=at, now=at)


@pytest.fixture
def app(store, frozen_now):
    history(store, frozen_now)
    return RepdashApp(store, clock=lambda: frozen_now)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_after_keys(snap_compare, app, size):
    """A call, a pitch and the deal that completes every target (a toast celebrates)."""
    assert snap_compare(app, terminal_size=size, press=["c", "p", "d"])


def test_dashboard_after_undo(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), press=["c", "c", "u"])


def test_help_panel(snap_compare, app):
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"])


def test_markup_name_renders_literally(snap_compare, home, frozen_now):
    store = LocalStore(home)
    store.init("Ana [/] [@click=app.quit]Smith[/] [bold red]Boss[/]", tz="Europe/Berlin", now=frozen_now)
    assert snap_compare(RepdashApp(store, clock=lambda: frozen_now), terminal_size=(80, 24), press=["c"])


@pytest.mark.parametrize("size", SIZES)
def test_onboarding(snap_compare, home, frozen_now, size):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=size)


def test_onboarding_filled_in(snap_compare, home, frozen_now):
    """Typing a name and pressing Enter lands on the dashboard with default targets."""
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24), press=[*"Jo [b]Lee", "enter", "c"])


def test_onboarding_requires_a_name(snap_compare, home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24), press=["enter"])


def test_onboarding_escape_asks_before_leaving(snap_compare, home, frozen_now):
    """Esc with nothing open: a confirm over the form, what was typed still there (issue 27)."""
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24), press=[*"Bo Fast", "escape"])


async def _synced(pilot) -> None:
    """Wait for the sync worker's first publish and read (no sleeps standing in for it)."""
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if pilot.app.team_view is not None or not pilot.app.sync_ok:
            return


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_with_team_standard(snap_compare, store, frozen_now, tmp_path, size):
    """With a team file: the Team card shows this rep's gap to the standard and the team momentum."""
    from teamfile_data import demo_team, write

    history(store, frozen_now)
    team = write(tmp_path / "team.json", demo_team())
    store.update_config(team_file=str(team))
    app = RepdashApp(store, clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=size, run_before=_synced)


def test_manual_sync_answers_with_a_toast(snap_compare, store, frozen_now, tmp_path):
    """`s`: a toast says what happened and when (issue 27), on the demo-like team of 8 reps."""
    from teamfile_data import demo_team, write

    history(store, frozen_now)
    team = write(tmp_path / "team.json", demo_team())
    store.update_config(team_file=str(team))
    app = RepdashApp(store, clock=lambda: frozen_now)

    async def sync_by_hand(pilot) -> None:
        await _synced(pilot)
        await pilot.press("s")
        for _ in range(100):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if pilot.app._notifications:
                return

    assert snap_compare(app, terminal_size=(80, 24), run_before=sync_by_hand)


def test_offline_sync_toast_and_line(snap_compare, store, frozen_now, tmp_path):
    """Offline, `s` says why in a toast; the red line's text sits in the column of the lines above."""
    history(store, frozen_now)
    store.update_config(team_file="/repdash-snapshot-share-not-mounted/team.json")  # a fixed path, never there
    app = RepdashApp(store, clock=lambda: frozen_now)

    async def sync_by_hand(pilot) -> None:
        await _synced(pilot)
        await pilot.press("s")
        for _ in range(100):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if pilot.app._notifications:
                return

    assert snap_compare(app, terminal_size=(80, 24), run_before=sync_by_hand)


def test_dashboard_with_a_corrupt_team_file_shows_a_banner(snap_compare, store, frozen_now, tmp_path):
    history(store, frozen_now)
    team = tmp_path / "team.json"
    team.write_text('{"format": "repdash-team", "version": 1, "reps": {', encoding="utf-8")
    store.update_config(team_file=str(team))
    app = RepdashApp(store, clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_synced)
    assert team.read_text(encoding="utf-8").endswith('"reps": {')  # never overwritten


def test_achievement_banner(snap_compare, home, frozen_now):
    """A new rep's first call earns an achievement: the banner celebrates it."""
    store = LocalStore(home)
    store.init("Ana Smith", tz="Europe/Berlin", now=frozen_now)

    async def first_call(pilot):
        # The banner is mounted after the first frame; a press before that raced its styling.
        for _ in range(100):
            if pilot.app.celebration() is not None and pilot.app.celebration().is_mounted:
                break
            await pilot.pause(0.02)
        await pilot.press("c")
        pilot.app.check_achievements()
        await pilot.pause()
        await pilot.pause()

    app = RepdashApp(store, clock=lambda: frozen_now)
    # No fade-in: the banner as it stays on screen, not a frame of its 0.35 s fade (which frame
    # the snapshot caught depended on the machine's load).
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(80, 24), run_before=first_call)


def test_quiet_mode_keeps_celebrations_small(snap_compare, app):
    """z turns quiet mode on (remembered); the deal that completes every target shows no big banner."""
    assert snap_compare(app, terminal_size=(80, 24), press=["z", "c", "p", "d"])


@pytest.mark.parametrize("theme", ["repdash-dark", "repdash-light", "repdash-contrast", "repdash-neon"])
def test_each_theme_on_the_dashboard(snap_compare, store, frozen_now, theme):
    history(store, frozen_now)
    store.update_config(theme=theme)
    assert snap_compare(RepdashApp(store, clock=lambda: frozen_now), terminal_size=(80, 24))


def test_a_broken_theme_file_falls_back_without_a_crash(snap_compare, store, frozen_now):
    (store.home / "themes").mkdir()
    (store.home / "themes" / "mine.json").write_text(
        '{"name": "mine", "colors": {"primary": "not-a-colour"', encoding="utf-8"
    )
    store.update_config(theme="mine")
    app = RepdashApp(store, clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24))
    assert app.theme == "repdash-dark"


def test_manager_dashboard(snap_compare, home, frozen_now):
    """A manager's own kinds (1:1s, coaching) sit under the funnel with their keys."""
    store = LocalStore(home)
    store.init("Maria Chen", tz="Europe/Berlin", manager=True, now=frozen_now)
    assert snap_compare(RepdashApp(store, clock=lambda: frozen_now), terminal_size=(80, 24), press=["o", "k", "k"])


def test_trophies_from_the_dashboard(snap_compare, app):
    """a opens the trophy room over two weeks of history (achievements recorded first)."""

    async def open_trophies(pilot):
        pilot.app.check_achievements()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_trophies)


def test_dashboard_streak_kept_by_a_freeze(snap_compare, store, frozen_now):
    """Issue 25.3: ten met working days earn a freeze; Wednesday 25 Nov missed uses it; on Thursday the
    Streak card says "streak kept (freeze used)" once."""
    day = frozen_now.in_timezone(store.tz).start_of("day")
    back, met = 2, 0
    while met < 10:
        d = day.subtract(days=back)
        back += 1
        if d.day_of_week in (pendulum.SATURDAY, pendulum.SUNDAY):
            continue
        at = d.add(hours=11)
        for kind, n in (("call", 40), ("pitch", 8), ("commit", 3), ("deal", 1)):
            store.log(kind, n, at=at, now=at)
        met += 1
    app = RepdashApp(store, clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(80, 24))
