"""`repdash team` in a terminal: the team board on its own (read-only), or `--tv` for a wall screen."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
from textual.app import App
from textual.binding import Binding

from repdash import clock as default_clock
from repdash.ui.terminal_watch import TerminalWatch


class TeamApp(TerminalWatch, App):
    TITLE = "repdash team"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, store, *, clock: Callable[[], pendulum.DateTime] | None = None, tv: bool = False) -> None:
        super().__init__()
        self.store = store
        self._clock = clock or default_clock.now
        self.tv = tv
        self.sync = None  # read-only: no publishing from the board

    def now(self) -> pendulum.DateTime:
        return self._clock()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from repdash.ui import themes

        return themes.variable_defaults()

    def on_mount(self) -> None:
        from repdash.ui import themes

        # Same themes as the dashboard; a bad theme file falls back with a message.
        for warning in themes.register_all(self, self.store.home) + themes.apply_saved(self, self.store):
            self.notify(warning, severity="warning", markup=False)
        self._watch_terminal()  # a wall screen left behind by a closed session must not spin
        if self.tv:
            from repdash.ui.screens.team_tv import TeamTvScreen

            self.push_screen(TeamTvScreen())
        else:
            from repdash.ui.screens.team import TeamScreen

            self.push_screen(TeamScreen())


def run_team_app(store, tv: bool = False) -> None:
    from repdash.ui.run import run_app

    run_app(TeamApp(store, tv=tv), "the team board")
