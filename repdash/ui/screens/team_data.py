"""Loading and watching the team view for a board screen (`TeamData`), and the banners it shows.

Shared by the board (`team.py`) and the TV board (`team_tv.py`). Reading the team file happens
in a thread worker; the screen only renders the `TeamUpdated` / `SyncStateChanged` /
`Watch*` messages it receives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from repdash.core.text import clean
from repdash.ui.board_text import hhmm
from repdash.ui.syncing import (
    SyncStateChanged,
    TeamListener,
    TeamUpdated,
    WatchFailed,
    WatchRead,
    WatchSame,
    failed_toast,
    synced_toast,
    watch_every,
)

if TYPE_CHECKING:
    from textual import getters
    from textual.screen import Screen

    from repdash.core.shapes import BoardView
    from repdash.ui.hosts import BoardApp, BoardStore

BANNERS = {
    "offline": "Offline: the team file is not reachable. Showing the board from {at}; retrying.",
    "missing": "No team file yet: the first `repdash sync` starts it.",
    "busy": "The team file is busy (other reps are syncing). Showing the board from {at}; retrying.",
    "truncated": "The team file looks truncated: it is left untouched. Showing the last good board ({at}). "
    "To recover: restore it, or `repdash team repair` (moves it aside; the next syncs rebuild it).",
    "corrupt": "The team file cannot be parsed: it is left untouched. Showing the last good board ({at}). "
    "To recover: restore it, or `repdash team repair` (moves it aside; the next syncs rebuild it).",
    "foreign": "The team file is not a repdash team file: it is left untouched.",
    "newer": "The team file is from a newer repdash: upgrade to read it. Showing the board from {at}.",
    "too_large": "The team file is too large to read safely: it is left untouched.",
    "none": "No team file configured: `repdash init --team-file PATH` or REPDASH_TEAM_FILE.",
    # A signed team location (services/team_layout.py).
    "owner_changed": "The team's owner changed since you joined: refused. If that was intended: `repdash team trust`.",
    "signature": "The team manifest has a bad signature: refused. Showing the last good board ({at}).",
    "rolled_back": "The team manifest was rolled back: refused. Showing the last good board ({at}).",
    "duplicate": "⚠ {problem}",
    "error": "⚠ {problem}. Showing the last good board ({at}); retrying.",
}


if TYPE_CHECKING:
    _Screen = Screen[None]  # a mixin of board screens: the type checker sees the Screen it becomes
else:
    _Screen = object


class TeamData(TeamListener, _Screen):
    """Loading and watching the team view; subclasses implement render_view / render_state.

    Under the dashboard, its sync controller posts `TeamUpdated` / `SyncStateChanged` here.
    Under `repdash team` (no controller) the screen watches the team file itself: a thread
    worker checks its signature and reads it (never writing the store's cache), and posts
    `WatchRead` / `WatchSame` / `WatchFailed` back to this screen.
    """

    if TYPE_CHECKING:
        app = getters.app(BoardApp)  # the app it runs under: the dashboard, `repdash team` or the browser (ui/hosts.py)

        def render_view(self, view: BoardView) -> None: ...
        def render_state(self, reason: str) -> None: ...

    view: BoardView | None = None
    state_reason: str = ""
    problem: str = ""  # the last unexpected error, for the "error" banner
    _sig: Any = None
    _backend: Any = None

    def _store(self) -> BoardStore:
        return self.app.store

    def start_data(self) -> None:
        from repdash.services.team_sync import cached_view
        from repdash.sync.teamio import open_backend

        if self.view is None:
            cached = cached_view(self._store()) if self._store().initialized else None
            if cached and cached.get("reps") is not None:
                self.view = cached
        if self.view is not None:
            self.render_view(self.view)
        try:
            self._backend = open_backend(self._store())
        except Exception:
            self._backend = None
        if self._backend is None:
            self.render_state("none")
            return
        controller = getattr(self.app, "sync", None)
        if not (controller is not None and getattr(controller, "started", False)):
            self.set_interval(watch_every(self._backend), self.poll)  # no sync controller (repdash team): watch here
        self.poll(force=True)

    def poll(self, force: bool = False) -> None:
        if self._backend is not None:
            store = self._store()
            self.read_team(
                self._backend, None if force else self._sig, store.tz if store.initialized else "UTC", self.app.now()
            )

    @work(thread=True, exclusive=True, group="team-read", exit_on_error=False)
    def read_team(self, backend, known, tz: str, now) -> None:
        from repdash.services.team_sync import team_view

        try:
            sig = backend.signature()
            if sig == known and known is not None:
                self.post_message(WatchSame())
                return
            self.post_message(WatchRead(team_view(self._store(), now, backend=backend, tz=tz, cache=False), sig))
        except Exception as exc:
            self.post_message(WatchFailed(exc))

    manual_read = False  # `r` asked for this read: its outcome gets a toast

    def on_watch_read(self, message: WatchRead) -> None:
        self._sig = message.signature
        self._show(message.view)
        self.render_state("")
        if self.manual_read:
            self.manual_read = False
            text = synced_toast(self._hhmm_now(), message.view).replace("Synced at", "Read the team file at", 1)
            self.app.notify(text, title="Team board", markup=False)

    def _hhmm_now(self) -> str:
        store = self._store()
        return self.app.now().in_timezone(store.tz if store.initialized else "UTC").format("HH:mm")

    def on_watch_failed(self, message: WatchFailed) -> None:
        self._sig = None
        # A team-file problem carries its reason; anything else (a bug, bad data that got past
        # validation) is named in the banner, never mistaken for "offline", never fatal.
        error = clean(f"{type(message.error).__name__}: {message.error}", 80)
        self.problem = f"the team board could not be built ({error})"
        self.render_state(getattr(message.error, "reason", "error"))
        if self.manual_read:
            self.manual_read = False
            self.app.notify(
                failed_toast(message.error),
                title=f"Reading the team file failed at {self._hhmm_now()}",
                severity="warning",
                markup=False,
            )

    def on_team_updated(self, message: TeamUpdated) -> None:
        self._show(message.view)

    def _show(self, view: BoardView) -> None:
        self.view = view
        if self.state_reason in ("offline", "missing", "busy"):
            self.render_state("")
        self.render_view(view)

    def on_sync_state_changed(self, message: SyncStateChanged) -> None:
        if message.reason == "error":  # the dashboard's worker met something unexpected: its status line says what
            self.problem = message.text.removeprefix("⚠ ")
        self.render_state("" if message.ok else message.reason or "offline")

    def banner_text(self, reason: str) -> str:
        if not reason:
            return ""
        at = hhmm((self.view or {}).get("at"), None) if self.view else "–"
        problem = self.problem or reason
        text = BANNERS.get(reason, "Team sync problem: {at}").format(at=at, problem=problem[:1].upper() + problem[1:])
        if reason == "error" and not self.view:
            text = text.split(". Showing")[0] + ". No board to show yet; retrying."
        if reason == "offline" and not self.view:
            text = "Offline: the team file is not reachable and no board is cached yet; retrying."
        return text
