"""What the screens need from the apps that host them, for the type checker only.

Textual types a screen's `self.app` as a bare `App`: the dashboard's own attributes (the store, the
clock, the sync controller, ...) were untyped reaches. Each screen declares the app it runs under with
a typed `app` property under `TYPE_CHECKING` (no runtime cost, nothing changes at runtime):

- the dashboard's screens run under `RepdashApp` only;
- a team board (`screens/team.py`, `team_tv.py`) runs under three apps (the dashboard, `repdash team`,
  the browser board), so it sees a `BoardApp`: Textual's App plus the `BoardHost` protocol below,
  which each of the three provably satisfies (`_board_hosts`, checked by mypy).

`textual.getters.app(AppClass)` does this at runtime with an isinstance assert against one class: it
fits neither a screen shown under three apps nor the dashboard's screens (imported by `ui.app`
before `RepdashApp` exists). Import this module under `TYPE_CHECKING` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pendulum
from textual.app import App

from repdash.store.config import Config

if TYPE_CHECKING:
    from repdash.ui.app import RepdashApp
    from repdash.ui.served_board import ServedBoardApp
    from repdash.ui.syncing import SyncController
    from repdash.ui.team_app import TeamApp


class BoardStore(Protocol):
    """What a board reads from its home: a `LocalStore`, or the browser board's `ReadOnlyHome`."""

    @property
    def home(self) -> Path: ...
    @property
    def initialized(self) -> bool: ...
    @property
    def tz(self) -> str: ...
    @property
    def config(self) -> Config: ...
    def team_cache(self) -> dict[str, Any] | None: ...


class BoardHost(Protocol):
    """What a board screen needs from its app, beyond Textual's."""

    @property
    def store(self) -> BoardStore: ...
    @property
    def sync(self) -> SyncController | None: ...  # None: nothing publishes (repdash team, the browser)
    def now(self) -> pendulum.DateTime: ...


class BoardApp(App[Any], BoardHost):
    """The app a board screen sees: Textual's App and a BoardHost (never instantiated)."""


def _board_hosts(dashboard: RepdashApp, team: TeamApp, served: ServedBoardApp) -> list[BoardHost]:
    """Fails type checking when an app that shows a board stops being a BoardHost."""
    return [dashboard, team, served]
