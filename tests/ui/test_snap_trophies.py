"""Snapshots of the trophy room, a celebration banner and quiet mode (fixed seed, frozen clock).

A small host App shows the screen on a demo rep's store until the dashboard app
wires the trophy room in; it does what that app must do for themes: register the
theme files and return the game-colour defaults.
"""

from __future__ import annotations

import pendulum
import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from repdash.services import demo
from repdash.store.local import LocalStore
from repdash.ui import themes

FROZEN = pendulum.parse("2026-11-26T10:30:00+01:00")


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory):
    return demo.generate(tmp_path_factory.mktemp("snapdemo") / "demo", FROZEN).demo_home


class Host(App):
    """Hosts one screen or widget the way RepdashApp does (store, frozen clock, themes)."""

    def __init__(self, store: LocalStore, theme: str = "repdash-dark", quiet: bool = False) -> None:
        super().__init__()
        self.store = store
        self.quiet = quiet
        self._theme_name = theme
        self.animation_level = "none"

    def now(self) -> pendulum.DateTime:
        return FROZEN.in_timezone("UTC")

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return themes.variable_defaults()

    def on_mount(self) -> None:
        themes.register_all(self, self.store.home)
        self.theme = self._theme_name


class TrophyHost(Host):
    def on_mount(self) -> None:
        super().on_mount()
        from repdash.ui.screens.trophies import TrophiesScreen

        self.push_screen(TrophiesScreen())


@pytest.mark.parametrize(
    "size, theme",
    [
        ((80, 24), "repdash-dark"),
        ((120, 40), "repdash-dark"),
        ((120, 40), "repdash-light"),
        ((120, 40), "repdash-contrast"),
        ((120, 40), "repdash-neon"),
    ],
)
def test_trophies(snap_compare, demo_home, size, theme):
    assert snap_compare(TrophyHost(LocalStore(demo_home), theme), terminal_size=size)


def test_trophies_new_rep(snap_compare, store):
    """A rep on day one: nothing earned yet, everything to play for."""
    store.log("call", 3, at=FROZEN.subtract(hours=1), now=FROZEN.subtract(hours=1))
    from repdash.services.trophy_case import record_new_achievements

    assert [e.id for e in record_new_achievements(store, FROZEN)] == ["first_log"]
    assert snap_compare(TrophyHost(store), terminal_size=(100, 34))


async def test_escape_closes_trophies(demo_home):
    from repdash.ui.screens.trophies import TrophiesScreen

    app = TrophyHost(LocalStore(demo_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TrophiesScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, TrophiesScreen)


class CelebrationHost(Host):
    """A stand-in dashboard behind the banner: the banner must float over it."""

    def compose(self) -> ComposeResult:
        from repdash.ui.widgets.celebration import Celebration

        for i in range(20):
            yield Static(f"  dashboard line {i:02d} · calls 24 / 40 · pitches 5 / 8", classes="filler")
        yield Celebration(quiet=self.quiet)


async def _celebrate(pilot):
    from repdash.ui.widgets.celebration import Celebration

    c = pilot.app.query_one(Celebration)
    c.show("LEVEL UP!", "Level 28 · Legend — 50,760 XP, next title at level 30", icon="▲", tone="xp")
    c.show("Five in a Row", "Achievement earned", icon="✦")
    await pilot.pause()


def test_celebration_banner(snap_compare, store):
    assert snap_compare(CelebrationHost(store), terminal_size=(80, 24), run_before=_celebrate)


def test_celebration_quiet(snap_compare, store):
    assert snap_compare(CelebrationHost(store, quiet=True), terminal_size=(80, 24), run_before=_celebrate)


async def test_celebration_queue_and_dismiss(store):
    from repdash.ui.widgets.celebration import Celebration

    app = CelebrationHost(store)
    async with app.run_test(size=(80, 24)) as pilot:
        c = app.query_one(Celebration)
        assert not c.has_class("-showing")
        for i in range(6):
            c.show(f"win {i}")
        await pilot.pause()
        assert c.showing.title == "win 0" and len(c._queue) == Celebration.MAX_QUEUE
        # the banner floats: the layout under it does not move
        first = app.query(".filler").first()
        assert first.region.y == 0
        c._next()
        c._next()
        c._next()
        await pilot.pause()
        assert c.showing.title == "win 3"
        assert "+2 more" in str(c.query_one("#cheer-sub").render())
        await pilot.click(Celebration)
        assert c.showing is None and not c.has_class("-showing")
        c.show("again")
        c.quiet = True  # going quiet hides the current banner at once
        assert c.showing is None


async def test_quiet_has_no_animation_and_no_bell(store, monkeypatch):
    from repdash.ui.widgets.celebration import Celebration

    app = CelebrationHost(store, quiet=True)
    app.animation_level = "full"
    rang = []
    monkeypatch.setattr(app, "bell", lambda: rang.append(1))
    async with app.run_test(size=(80, 24)) as pilot:
        c = app.query_one(Celebration)
        c.show("Target hit", "40 calls today")
        await pilot.pause()
        assert c.has_class("-quiet") and c.styles.opacity == 1.0
        assert not app.animator.is_being_animated(c.styles, "opacity")
        c.quiet = False
        c.show("Level up")
        c._next()
        c.show("Loud one")
        await pilot.pause()
    assert rang == []
