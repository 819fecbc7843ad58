"""The dashboard App's sync workers and the handlers of their outcomes (see repdash.ui.syncing).

Apart from `syncing` so that the app's class, built at start-up, does not wait for the message
dataclasses and the controller: the workers import them when they first run, after the first frame.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from textual import work

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView
    from repdash.ui.syncing import SyncFailed, SyncPublished, SyncSkipped, WatchFailed, WatchRead, WatchSame


def _quest(store, now, view: BoardView):
    """This week's team quest from a fresh view (pure work: done in the worker, not on the UI thread)."""
    from repdash.services.trophy_case import team_quest

    return team_quest(store, now, view)


class SyncWorkers:
    """Mixin for the dashboard App: the sync workers and the handlers of their outcomes."""

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def publish_team(self, backend, store, now, history, quiet_payload: dict | None) -> None:
        from repdash.sync.service import sync_now
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
        from repdash.sync.service import team_view
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

    def on_sync_published(self, message: SyncPublished) -> None:
        self.sync.published(message)

    def on_sync_skipped(self, message: SyncSkipped) -> None:
        self.sync.publish_done()

    def on_sync_failed(self, message: SyncFailed) -> None:
        self.sync.publish_failed(message.error)

    def on_watch_read(self, message: WatchRead) -> None:
        self.sync.watch_read(message)

    def on_watch_same(self, message: WatchSame) -> None:
        self.sync.watch_done()

    def on_watch_failed(self, message: WatchFailed) -> None:
        self.sync.watch_failed(message.error)


def _signature(backend) -> Hashable | None:
    try:
        return backend.signature()
    except Exception:
        return None
