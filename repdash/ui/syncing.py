"""Team sync in the TUI: publish on log (debounced) and on a timer, watch the file for others' changes.

Threading model: the UI thread builds this rep's summary (it owns the store) and
hands it to a thread worker (group "sync", exclusive) that does the only slow
part, the team file on a share: lock, read, merge, write. Results come back to
the UI thread through the event loop; the controller then writes the local
cache and posts `TeamUpdated` / `SyncStateChanged` to the app (and to any team
board on the screen stack). Workers never touch widgets or the store.

The watcher is a cheap timer: at most one stat of the team file in flight (in a
worker, so a hung share cannot freeze the UI); a changed mtime/size leads to one
read. Bursts of changes collapse into one refresh per tick. No timed thread waits.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from textual.message import Message

DEBOUNCE = 2.0  # seconds after a log before publishing (bursts of keys: one publish)
POLL = 3.0  # how often the watcher looks at the team file
PERIOD = 60.0  # periodic publish check (only when something changed, or a heartbeat)
HEARTBEAT = 600.0  # publish at least this often so `last sync` stays honest
BACKOFF = (5, 10, 20, 40, 80, 160, 300)


class TeamUpdated(Message):
    """A fresh team view (the dict of repdash.sync.board.build_view)."""

    bubble = False

    def __init__(self, view: dict[str, Any], quest=None) -> None:
        super().__init__()
        self.view = view
        self.quest = quest  # this week's team quest, computed in the worker (repdash.core.quests.Quest)


class SyncStateChanged(Message):
    """The sync line changed: `text` for the status bar; ok False for offline or an unusable file."""

    bubble = False

    def __init__(self, text: str, ok: bool, reason: str = "") -> None:
        super().__init__()
        self.text = text
        self.ok = ok
        self.reason = reason  # "", "offline", "missing", "corrupt", "truncated", "foreign", "newer", "too_large"


def file_signature(path: Path) -> tuple:
    """mtime/size of the file and its folder (a new conflict copy changes the folder)."""
    st = os.stat(path) if path.exists() else None
    folder = os.stat(path.parent)
    return (st.st_mtime_ns, st.st_size) if st else None, folder.st_mtime_ns


class SyncController:
    def __init__(self, app) -> None:
        self.app = app
        self.loop: asyncio.AbstractEventLoop | None = None
        self.path: Path | None = None
        self.in_flight = False
        self.poll_in_flight = False
        self.pending: str | None = None
        self.debounce_timer = None
        self.failures = 0
        self.next_try = 0.0
        self.last_publish = 0.0
        self.last_payload: Any = None
        self.signature: tuple | None = None
        self.last_ok_at: str | None = None  # local HH:mm of the last good sync
        self.state_text = ""
        self.ok = True
        self.reason = ""
        self.started = False

    # ---- hooks the app calls --------------------------------------------
    def start(self) -> None:
        """Begin timers / the watcher. Never blocks the UI thread."""
        from repdash.sync.service import team_file_path

        self.loop = asyncio.get_running_loop()
        self.path = team_file_path(self.app.store)
        last = self.app.store.config.get("last_sync")
        if last:
            self.last_ok_at = self._hhmm(last)
        if self.path is None:
            self._set_state("solo: no team file yet (repdash init --team-file PATH)", True, "")
            return
        self.started = True
        self._set_state(f"last synced {self.last_ok_at}" if self.last_ok_at else "syncing…", True, "")
        self.app.set_interval(POLL, self._tick)
        self.app.set_interval(PERIOD, partial(self.request_sync, "timer"))
        self.request_sync("start")

    def request_sync(self, reason: str = "manual") -> None:
        """Ask for a publish+read soon (debounced for logs). Never blocks the UI thread."""
        if self.path is None:
            if reason == "manual":
                self.app.notify("No team file configured: `repdash init --team-file PATH`.", severity="warning")
            return
        if reason == "log":
            self.pending = self.pending or "log"
            if self.debounce_timer is None:
                self.debounce_timer = self.app.set_timer(DEBOUNCE, self._debounced)
            return
        if reason == "manual":
            self.next_try = 0.0
            self.failures = 0
        self.pending = reason if self.pending in (None, "log", "timer") else self.pending
        self._kick()

    def status_text(self) -> str:
        return self.state_text

    # ---- scheduling (UI thread) -------------------------------------------
    def _debounced(self) -> None:
        self.debounce_timer = None
        self._kick()

    def _tick(self) -> None:
        if self.pending and not self.in_flight:
            self._kick()
        elif not self.in_flight and not self.poll_in_flight and time.monotonic() >= self.next_try:
            self._start_poll()

    def _kick(self) -> None:
        if self.in_flight or not self.pending or time.monotonic() < self.next_try:
            return
        reason, self.pending = self.pending, None
        store = self.app.store
        if not store.initialized:
            return
        self.in_flight = True
        # The summary is built in the worker too: it reads the store, never widgets.
        quiet_payload = self.last_payload if reason == "timer" and time.monotonic() - self.last_publish < HEARTBEAT else None
        self.app.run_worker(partial(self._publish_work, self.path, store, self.app.now(),
                                    getattr(self.app, "history", None), quiet_payload),
                            name="team-sync", group="sync", thread=True, exclusive=True, exit_on_error=False)

    def _start_poll(self) -> None:
        self.poll_in_flight = True
        store = self.app.store
        self.app.run_worker(partial(self._poll_work, self.path, self.signature, store.tz, self.app.now()),
                            name="team-watch", group="team-watch", thread=True, exclusive=True, exit_on_error=False)

    # ---- workers (threads: the team file and the store's cache, never widgets) ------
    def _publish_work(self, path, store, now, history, quiet_payload) -> None:
        from repdash.sync.board import build_view
        from repdash.sync.service import build_entry, publish
        from repdash.sync.standard import current_standard
        from repdash.sync.teamfile import TeamFileError

        try:
            entry = build_entry(store, now, current_standard(store, cached_only=True), history=history)
        except Exception as exc:  # never let a summary problem break the dashboard
            self._post(self._publish_done, ("failed", exc))
            return
        payload = {k: v for k, v in entry.items() if k != "last_sync"}
        if quiet_payload is not None and payload == quiet_payload:
            self._post(self._publish_done, ("unchanged",))  # a timer tick with nothing new to say
            return
        tz, rev = store.tz, int(store.config.get("sync_rev") or 0)
        try:
            result = publish(path, entry, rev)
            view = build_view(result.doc, now, viewer_tz=tz, bad_copies=result.bad_copies)
            self._remember(view, rev=result.rev, synced_at=entry["last_sync"])
            sig = _safe_signature(path)
            outcome = ("published", view, result.rev, entry["last_sync"], payload, sig, self._quest(view, now))
        except TeamFileError as exc:
            outcome = ("failed", exc)
        except Exception as exc:
            outcome = ("failed", exc)
        self._post(self._publish_done, outcome)

    def _poll_work(self, path, known, tz, now) -> None:
        from repdash.sync.board import build_view
        from repdash.sync.service import read_team
        from repdash.sync.teamfile import TeamFileError

        try:
            sig = file_signature(path)
            if sig == known:
                outcome = ("same",)
            else:
                got = read_team(path)
                view = build_view(got.doc, now, viewer_tz=tz, bad_copies=got.bad_copies)
                self._remember(view)
                outcome = ("read", view, sig, self._quest(view, now))
        except TeamFileError as exc:
            outcome = ("failed", exc)
        except OSError as exc:
            from repdash.sync.teamfile import TeamFileUnreachable

            outcome = ("failed", TeamFileUnreachable(f"cannot reach the team file: {exc.strerror or exc}"))
        except Exception as exc:
            outcome = ("failed", exc)
        self._post(self._poll_done, outcome)

    def _quest(self, view: dict, now):
        """This week's team quest from the fresh view (pure work: done here, not on the UI thread)."""
        from repdash.trophy_case import team_quest

        return team_quest(self.app.store, now, view)

    def _remember(self, view: dict, **kwargs) -> None:
        """Cache the view in the store, here in the worker: it can be megabytes to write.
        Store writes take the store's lock, so this is safe beside the UI thread's logging."""
        from repdash.sync.service import remember

        try:
            remember(self.app.store, view, **kwargs)
        except Exception:
            pass  # a cache, never worth breaking the dashboard for

    def _post(self, fn, outcome) -> None:
        try:
            if self.loop is not None and not self.loop.is_closed():
                self.loop.call_soon_threadsafe(fn, outcome)
        except RuntimeError:
            pass  # the app is shutting down

    # ---- results (UI thread) --------------------------------------------------
    def _publish_done(self, outcome) -> None:
        self.in_flight = False
        if outcome[0] == "published":
            _, view, rev, synced_at, payload, sig, quest = outcome
            self.last_payload, self.last_publish, self.signature = payload, time.monotonic(), sig
            self._accept(view, rev=rev, synced_at=synced_at, quest=quest)
        elif outcome[0] == "failed":
            self._failed(outcome[1])
        if self.pending and self.debounce_timer is None:
            self._kick()

    def _poll_done(self, outcome) -> None:
        self.poll_in_flight = False
        if outcome[0] == "read":
            self.signature = outcome[2]
            self._accept(outcome[1], quest=outcome[3])
        elif outcome[0] == "failed":
            self.signature = None
            self._failed(outcome[1])
        elif not self.ok and self.reason in ("offline",):
            pass

    def _accept(self, view: dict, rev: int | None = None, synced_at: str | None = None, quest=None) -> None:
        if synced_at:
            self.last_ok_at = self._hhmm(synced_at)
            self.failures, self.next_try = 0, 0.0
        if self.ok or synced_at:
            self._set_state(f"synced {self.last_ok_at}" if self.last_ok_at else "team file read", True, "")
        self._broadcast(TeamUpdated(view, quest))

    def _failed(self, exc: Exception) -> None:
        reason = getattr(exc, "reason", "error")
        self.failures += 1
        self.next_try = time.monotonic() + BACKOFF[min(self.failures, len(BACKOFF)) - 1]
        since = f"last synced {self.last_ok_at}" if self.last_ok_at else "not synced yet"
        if reason in ("offline", "missing") and not isinstance(exc, FileNotFoundError):
            if reason == "missing":
                self.pending = self.pending or "start"  # publishing creates it
                self.next_try = 0.0
                text = "starting the team file…"
            else:
                text = f"offline, {since}"
        elif reason == "error":
            text = f"sync failed ({str(exc)[:60]}), {since}"
        else:
            # The name, not the full path: the banner must fit, and the reason says what to fix.
            problem = {"truncated": "is cut short", "corrupt": "cannot be read", "foreign": "is not a repdash team file",
                       "newer": "is from a newer repdash", "too_large": "is too large"}.get(reason, "cannot be used")
            text = f"⚠ team file {self.path.name} {problem}: left untouched, sync paused"
        self._set_state(text, False, reason)

    # ---- helpers ----------------------------------------------------------
    def _set_state(self, text: str, ok: bool, reason: str) -> None:
        changed = (text, ok, reason) != (self.state_text, self.ok, self.reason)
        self.state_text, self.ok, self.reason = text, ok, reason
        if changed:
            self._broadcast(SyncStateChanged(text, ok, reason))

    def _broadcast(self, message_factory_or_msg) -> None:
        # No team screen can be open before its module was imported: don't import it at start-up.
        team_module = sys.modules.get("repdash.ui.screens.team")
        team_screen = team_module.TeamScreen if team_module else ()
        msg = message_factory_or_msg
        targets = [self.app] + [s for s in self.app.screen_stack if team_screen and isinstance(s, team_screen)]
        for i, target in enumerate(targets):
            m = msg if i == 0 else type(msg)(*_args(msg))
            try:
                target.post_message(m)
            except Exception:
                pass

    def _hhmm(self, iso: str) -> str:
        import pendulum

        try:
            return pendulum.parse(iso).in_timezone(self.app.store.tz).format("HH:mm")
        except Exception:
            return "?"


def _args(msg) -> tuple:
    if isinstance(msg, TeamUpdated):
        return (msg.view, msg.quest)
    return (msg.text, msg.ok, msg.reason)


def _safe_signature(path: Path):
    try:
        return file_signature(path)
    except OSError:
        return None
