"""The board `repdash serve` runs in each browser tab: the TV screen, read-only by construction.

It is its own small App, not the manager's: it is given a `ReadOnlyHome` (no write
method, no notes), it binds one key (`n`, next page) and nothing else — no quit, no
command palette, no 1:1 view — so a keyboard at the wall screen can change nothing.
Its lifetime belongs to the server: the tab closing (textual-serve's quit message) or
the server going away ends it.

Run by the server as `python -m repdash.ui.served_board --home DIR --rotate SECONDS`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

import pendulum
from textual.app import App
from textual.binding import Binding

from repdash import clock as default_clock
from repdash.store.readonly import ReadOnlyHome
from repdash.ui.screens.team_tv import ROTATE, TeamTvScreen

if TYPE_CHECKING:
    from textual.binding import BindingType

ORPHAN_CHECK = 2.0  # seconds between checks that the server that started this board is still there


class ServedTvScreen(TeamTvScreen, inherit_bindings=False):
    """The TV pages with only the key that turns the page."""

    BINDINGS = [Binding("n", "next_page", "Next page", id="tv_next")]


class ServedBoardApp(App, inherit_bindings=False):
    TITLE = "repdash team board"
    ENABLE_COMMAND_PALETTE = False  # the palette offers quit, screenshots and theme changes
    BINDINGS: ClassVar[list[BindingType]] = []

    def __init__(
        self, home: ReadOnlyHome, *, clock: Callable[[], pendulum.DateTime] | None = None, rotate: float = ROTATE
    ) -> None:
        super().__init__()
        self.rotate = rotate
        self.store = home  # TeamData reads the zone, the team file and the cached view from it
        self._clock = clock or default_clock.now
        self.sync = None  # nothing is published from a board
        self._parent_pid = os.getppid()

    def now(self) -> pendulum.DateTime:
        return self._clock()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from repdash.ui import themes

        return themes.variable_defaults()

    def on_mount(self) -> None:
        from repdash.ui import themes

        for warning in themes.register_all(self, self.store.home):
            self.notify(warning, severity="warning", markup=False)
        wanted = self.store.config.theme
        self.theme = wanted if wanted in self.available_themes else themes.DEFAULT_THEME
        if not self.is_headless:
            # A server killed outright cannot send "quit": a board whose parent changed is an orphan.
            self.set_interval(ORPHAN_CHECK, self._check_parent)
        self.push_screen(ServedTvScreen(rotate=self.rotate))

    def _check_parent(self) -> None:
        if os.getppid() != self._parent_pid:
            self.exit()


def main(argv: list[str] | None = None) -> None:
    from repdash.ui.serve_limits import die_with_parent

    die_with_parent()  # a server killed outright takes its boards with it (Linux)
    parser = argparse.ArgumentParser(prog="repdash-board", description=__doc__.splitlines()[0])
    parser.add_argument("--home", help="the home folder to read (default: REPDASH_HOME or the platform's)")
    parser.add_argument("--rotate", type=float, default=ROTATE, help="seconds per page (0: no rotation)")
    args = parser.parse_args(argv)
    try:
        home = ReadOnlyHome(args.home)
    except Exception as exc:  # a bad store: say so on stderr (textual-serve shows it in the server's log)
        print(f"repdash board: {exc}", file=sys.stderr)
        sys.exit(1)
    ServedBoardApp(home, rotate=args.rotate).run()


if __name__ == "__main__":
    main()
