"""The dashboard App's sync workers and the handlers of their outcomes (see repdash.ui.syncing).

Apart from `syncing` so that the app's class, built at start-up, does not wait for the message
dataclasses and the controller: the workers import them when they first run, after the first frame.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from textual.app import App

    from repdash.core.shapes import BoardView
    from repdash.ui.syncing import (
        SyncController,
        SyncFailed,
        SyncPublished,
        SyncSkipped,
        WatchFailed,
        WatchRead,
        WatchSame,
    )


def _quest(store, now, view: BoardView):
    """This week's team quest from a fresh view (pure work: done in the worker, not on the UI thread)."""
    from repdash.services.trophy_case import team_quest

    return team_quest(store, now, view)


if TYPE_CHECKING:
    _App = App[Any]  # a mixin of the dashboard App: the type checker sees the App it becomes
else:
    _App = object


class SyncWorkers(_App):
    """Mixin for the dashboard App: the sync workers and the handlers of their outcomes."""

    if TYPE_CHECKING:
        sync: SyncController | None

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def publish_team(self, backend, store, now, history, quiet_payload: dict | None) -> None:
        from repdash.services.team_sync import sync_now
        from repdash.ui.syncing import SyncFailed, SyncPublished, SyncSkipped

        try:
            synced = sync_now(
                store, now, backend=backend, history=history, cached_standard=True, unless_payload=quiet_payload
            )
            if synced is None:
                self.post_message(SyncSkipped())
                return
            self.post_message(
                SyncPublished(
                    synced.view,
                    synced.result.rev,
                    synced.entry.last_sync,
                    synced.entry.payload(),
                    _signature(backend),
                    _quest(store, now, synced.view),
                )
            )
        except Exception as exc:  # a team file or summary problem never breaks the dashboard
            self.post_message(SyncFailed(exc))

    @work(thread=True, exclusive=True, group="team-watch", exit_on_error=False)
    def watch_team(self, backend, store, known: Hashable | None, now) -> None:
        from repdash.services.team_sync import team_view
        from repdash.ui.syncing import WatchFailed, WatchRead, WatchSame

        try:
            sig = backend.signature()
            if sig == known:
                self.post_message(WatchSame())
                return
            # heal: on a team location, our own object missing (or not ours) is published again now.
            view = team_view(store, now, backend=backend, heal=True)
            self.post_message(WatchRead(view, sig, _quest(store, now, view)))
        except Exception as exc:
            self.post_message(WatchFailed(exc))

    @property
    def _controller(self) -> SyncController:
        """The sync controller: these messages come only from the workers it started."""
        assert self.sync is not None
        return self.sync

    def on_sync_published(self, message: SyncPublished) -> None:
        self._controller.published(message)

    def on_sync_skipped(self, message: SyncSkipped) -> None:
        self._controller.publish_done()

    def on_sync_failed(self, message: SyncFailed) -> None:
        self._controller.publish_failed(message.error)

    def on_watch_read(self, message: WatchRead) -> None:
        self._controller.watch_read(message)

    def on_watch_same(self, message: WatchSame) -> None:
        self._controller.watch_done()

    def on_watch_failed(self, message: WatchFailed) -> None:
        self._controller.watch_failed(message.error)


def _signature(backend) -> Hashable | None:
    try:
        return backend.signature()
    except Exception:
        return None
