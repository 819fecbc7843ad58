"""Team sync in the TUI: publish on log (debounced) and on a timer, watch the team file for others' changes.

Threading model, the Textual way:
- `SyncWorkers` (a mixin of the dashboard App, in `repdash.ui.sync_workers`: the app's class needs
  it at import, this module and its message dataclasses only after the first frame) holds two
  `@work(thread=True, exclusive=True)` workers. `publish_team` runs `sync_now` (build this rep's
  summary from the store, publish it to the team file, build the board, and write the team cache
  into the local store — store writes take the store's lock, so this is safe beside the UI
  thread's logging).
  `watch_team` compares the team file's cheap signature (a stat, or an ETag) with the last
  one and, when it changed, runs `team_view` (read, build the board, write the team cache).
- Each outcome is one `Message` dataclass posted to the app (`SyncPublished`, `SyncSkipped`,
  `SyncFailed`, `WatchRead`, `WatchSame`, `WatchFailed`). Workers never touch widgets.
- The app's handlers (UI thread) hand them to `SyncController`, which owns the sync state
  and posts `TeamUpdated` / `SyncStateChanged` to the app and to any team board
  (`TeamListener`) on the screen stack.

The watcher is a cheap timer: at most one signature check in flight (in a worker, so a hung
share cannot freeze the UI); a changed signature leads to one read. Bursts of changes
collapse into one refresh per tick. No timed thread waits. A signature is a stat for a file
but a HEAD request for object storage (billed, rate-limited, ~3 s to fail on a hung endpoint),
so there the watcher looks every `watch_every(backend)` = 10 s, never faster, and not at all
while backing off after a failure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Hashable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message

from repdash.core.text import clean

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView
    from repdash.sync.backend import TeamBackend

DEBOUNCE = 2.0  # seconds after a log before publishing (bursts of keys: one publish)
POLL = 3.0  # the controller's tick: kicks a pending publish, and looks at a team file on disk
OBJECT_POLL = 10.0  # how often the watcher looks at a team file on object storage (one HEAD each)
PERIOD = 60.0  # periodic publish check (only when something changed, or a heartbeat)
HEARTBEAT = 600.0  # publish at least this often so `last sync` stays honest
BACKOFF = (5, 10, 20, 40, 80, 160, 300)
# How long a running thread may keep the GIL while another waits for it (Python's default: 5 ms).
# A sync worker is pure Python for ~100 ms at 500 reps; at 1 ms the UI thread gets the GIL back
# within a millisecond of asking, and no 60 Hz frame comes late (benchmarks/results.md).
SWITCH_INTERVAL = 0.001


def watch_every(backend) -> float:
    """Seconds between looks at the team file: a stat is cheap, a request to object storage is not."""
    return POLL if getattr(backend, "scheme", "file") == "file" else OBJECT_POLL


# ---- what a manual sync answers (a toast: what happened, and when) -------------------------
def synced_toast(at: str, view: BoardView) -> str:
    """ "Synced at 10:42 — 12 reps" (managers counted apart)."""
    from repdash.core.wording import count

    reps = view.get("reps") or []
    managers = sum(1 for r in reps if r.get("manager"))
    also = f" and {count(managers, 'manager')}" if managers else ""
    return f"Synced at {at} — {count(len(reps) - managers, 'rep')}{also} on the board."


def failed_toast(error: Exception) -> str:
    """Why a sync failed, in one sentence: offline says what the share or endpoint answered."""
    reason = getattr(error, "reason", "error")
    text = clean(str(error), 160) or type(error).__name__
    if reason == "offline":
        return f"Offline: {text}."
    if reason == "error":
        return f"{type(error).__name__}: {text}."
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# ---- what the app and the team boards hear --------------------------------------------
@dataclass
class TeamUpdated(Message, bubble=False):
    """A fresh team view (the dict of repdash.core.board.build_view) and this week's team quest."""

    view: BoardView
    quest: Any = None  # repdash.core.quests.Quest, computed in the worker


@dataclass
class SyncStateChanged(Message, bubble=False):
    """The sync line changed: `text` for the status bar; ok False for offline or an unusable file."""

    text: str
    ok: bool
    reason: str = ""  # "", "offline", "missing", "busy", "corrupt", "truncated", "foreign", "newer", "too_large"


class TeamListener:
    """Marker for screens that want `TeamUpdated` / `SyncStateChanged` (the team boards)."""


# ---- what the workers report (one message per outcome) --------------------------------
@dataclass
class SyncPublished(Message, bubble=False):
    view: BoardView
    rev: int
    synced_at: str
    payload: dict[str, Any]  # what was said, for the heartbeat's "nothing new" check
    signature: Hashable | None
    quest: Any = None


@dataclass
class SyncSkipped(Message, bubble=False):
    """A timer tick with nothing new to say: nothing was published."""


@dataclass
class SyncFailed(Message, bubble=False):
    error: Exception


@dataclass
class WatchRead(Message, bubble=False):
    view: BoardView
    signature: Hashable | None
    quest: Any = None


@dataclass
class WatchSame(Message, bubble=False):
    """The team file's signature did not change: nothing was read."""


@dataclass
class WatchFailed(Message, bubble=False):
    error: Exception


class SyncController:
    """The sync state of the dashboard (UI thread only): scheduling, backoff, the status line."""

    def __init__(self, app) -> None:
        self.app = app
        self.backend: TeamBackend | None = None
        self.in_flight = False
        self.poll_in_flight = False
        self.pending: str | None = None
        self.debounce_timer = None
        self.failures = 0
        self.next_try = 0.0
        self.last_publish = 0.0
        self.last_payload: dict[str, Any] | None = None
        self.signature: Hashable | None = None
        self.next_poll = 0.0  # monotonic time of the next look at the team file
        self.last_ok_at: str | None = None  # local HH:mm of the last good sync
        self.state_text = ""
        self.ok = True
        self.reason = ""
        self.started = False
        self.manual = False  # a sync the user asked for (`s`, the board's `r`): its outcome gets a toast

    # ---- hooks the app calls --------------------------------------------
    def start(self) -> None:
        """Begin timers / the watcher. Never blocks the UI thread."""
        from repdash.sync.teamio import open_backend

        last = self.app.store.config.last_sync
        if last:
            self.last_ok_at = self._hhmm(last)
        try:
            self.backend = open_backend(self.app.store)
        except Exception as exc:  # e.g. an s3:// team file without the s3 extra
            self._set_state(f"sync off: {str(exc)[:60]}", False, "error")
            return
        if self.backend is None:
            self._set_state("solo: no team file yet (repdash init --team-file PATH)", True, "")
            return
        self.started = True
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._set_state(f"last synced {self.last_ok_at}" if self.last_ok_at else "syncing…", True, "")
        self.app.set_interval(POLL, self._tick)
        self.app.set_interval(PERIOD, partial(self.request_sync, "timer"))
        self.request_sync("start")

    def request_sync(self, reason: str = "manual") -> None:
        """Ask for a publish+read soon (debounced for logs). Never blocks the UI thread."""
        if self.backend is None:
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
            self.manual = True
        self.pending = reason if self.pending in (None, "log", "timer") else self.pending
        self._kick()

    def status_text(self) -> str:
        return self.state_text

    # ---- scheduling -----------------------------------------------------------
    def _debounced(self) -> None:
        self.debounce_timer = None
        self._kick()

    def _tick(self) -> None:
        if self.pending and not self.in_flight:
            self._kick()
        elif not self.in_flight and not self.poll_in_flight and time.monotonic() >= max(self.next_try, self.next_poll):
            self.poll_in_flight = True
            self.next_poll = time.monotonic() + watch_every(self.backend)
            self.app.watch_team(self.backend, self.app.store, self.signature, self.app.now())

    def _kick(self) -> None:
        if self.in_flight or not self.pending or time.monotonic() < self.next_try:
            return
        reason, self.pending = self.pending, None
        store = self.app.store
        if not store.initialized:
            return
        self.in_flight = True
        quiet = reason == "timer" and time.monotonic() - self.last_publish < HEARTBEAT
        self.app.publish_team(
            self.backend,
            store,
            self.app.now(),
            getattr(self.app, "history", None),
            self.last_payload if quiet else None,
        )

    # ---- outcomes (the app's message handlers call these) ----------------------------
    def published(self, message: SyncPublished) -> None:
        self.last_payload, self.last_publish, self.signature = message.payload, time.monotonic(), message.signature
        self.next_poll = self.last_publish + watch_every(self.backend)  # we have just read it
        self._accept(message.view, synced_at=message.synced_at, quest=message.quest)
        if self.manual:
            self.manual = False
            self.app.notify(synced_toast(self.last_ok_at or "?", message.view), title="Team sync", markup=False)
        self.publish_done()

    def publish_failed(self, error: Exception) -> None:
        self._failed(error)
        if self.manual:
            self.manual = False
            since = f"Last synced {self.last_ok_at}." if self.last_ok_at else "Not synced yet."
            wait = max(0, round(self.next_try - time.monotonic()))
            retry = f" Retrying in {wait} s." if self.reason in ("offline", "busy", "missing") and wait else ""
            self.app.notify(
                f"{failed_toast(error)} {since}{retry}",
                title=f"Sync failed at {self._hhmm(self.app.now().isoformat())}",
                severity="warning",
                markup=False,
            )
        self.publish_done()

    def publish_done(self) -> None:
        self.in_flight = False
        if self.pending and self.debounce_timer is None:
            self._kick()

    def watch_read(self, message: WatchRead) -> None:
        self.poll_in_flight = False
        self.signature = message.signature
        self._accept(message.view, quest=message.quest)

    def watch_failed(self, error: Exception) -> None:
        self.poll_in_flight = False
        self.signature = None
        self._failed(error)

    def watch_done(self) -> None:
        self.poll_in_flight = False

    def _accept(self, view: BoardView, synced_at: str | None = None, quest=None) -> None:
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
        if reason == "missing":
            self.pending = self.pending or "start"  # publishing creates it
            self.next_try = 0.0
            text = "starting the team file…"
        elif reason == "offline":
            text = f"offline, {since}"
        elif reason == "busy":
            text = f"team file busy, {since}"
        elif reason == "error":
            # Anything unexpected from the worker (a bug, team data past validation): named, never fatal.
            text = f"⚠ sync failed ({clean(f'{type(exc).__name__}: {exc}', 60)}), {since}"
        else:
            # The name, not the full location: the banner must fit, and the reason says what to fix.
            problem = {
                "truncated": "is cut short",
                "corrupt": "cannot be read",
                "foreign": "is not a repdash team file",
                "newer": "is from a newer repdash",
                "too_large": "is too large",
            }.get(reason, "cannot be used")
            name = self.backend.location.replace("\\", "/").rsplit("/", 1)[-1] if self.backend else "team file"
            text = f"⚠ team file {name} {problem}: left untouched, sync paused"
        self._set_state(text, False, reason)

    # ---- helpers ----------------------------------------------------------
    def _set_state(self, text: str, ok: bool, reason: str) -> None:
        changed = (text, ok, reason) != (self.state_text, self.ok, self.reason)
        self.state_text, self.ok, self.reason = text, ok, reason
        if changed:
            self._broadcast(SyncStateChanged(text, ok, reason))

    def _broadcast(self, message: TeamUpdated | SyncStateChanged) -> None:
        """To the app, and a copy to each team board on the screen stack (a message is delivered once)."""
        targets = [self.app] + [s for s in self.app.screen_stack if isinstance(s, TeamListener)]
        for i, target in enumerate(targets):
            try:
                target.post_message(message if i == 0 else replace(message))
            except Exception:
                pass  # the app is shutting down

    def _hhmm(self, iso: str) -> str:
        import pendulum

        try:
            at = pendulum.parse(iso)
            assert isinstance(at, pendulum.DateTime)  # a sync time (else the fallback below)
            return at.in_timezone(self.app.store.tz).format("HH:mm")
        except Exception:
            return "?"
