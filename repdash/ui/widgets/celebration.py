"""A short animated banner for wins: target hit, level-up, achievement, team quest.

Against notification fatigue:
- one banner at a time, a queue of at most MAX_QUEUE; anything beyond folds into
  "+N more" on the last one, so a burst of wins is one moment, not five;
- quiet mode (remembered by the app in the store config): no animation, no box,
  one muted line that goes away by itself;
- no sound, ever: this widget never rings the bell.

The banner floats over the screen (absolute position, screen overlay), so showing
it never shifts the dashboard's layout. Click it to dismiss.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.timer import Timer

TONES = ("trophy", "xp", "quest", "target", "streak")


@dataclass(frozen=True)
class Cheer:
    title: str
    subtitle: str = ""
    icon: str = "★"
    tone: str = "trophy"


class Celebration(Widget):
    """Mount once on a screen; call `show(title, subtitle)`; set `quiet` from the config."""

    DEFAULT_CSS = """
    Celebration {
        position: absolute;
        overlay: screen;
        offset: 0 2;
        width: 100%;
        height: auto;
        align-horizontal: center;
        display: none;
    }
    Celebration.-showing { display: block; }
    Celebration #cheer-box {
        width: 62;
        max-width: 100%;
        height: auto;
        padding: 0 2;
        border: round $trophy;
        background: $surface;
    }
    Celebration #cheer-title { text-style: bold; color: $trophy; width: 1fr; content-align: center middle; }
    Celebration #cheer-sub { color: $foreground 80%; width: 1fr; content-align: center middle; }
    Celebration.-tone-xp #cheer-box { border: round $xp; }
    Celebration.-tone-xp #cheer-title { color: $xp; }
    Celebration.-tone-quest #cheer-box { border: round $quest; }
    Celebration.-tone-quest #cheer-title { color: $quest; }
    Celebration.-tone-target #cheer-box { border: round $success; }
    Celebration.-tone-target #cheer-title { color: $success; }
    Celebration.-tone-streak #cheer-box { border: round $streak; }
    Celebration.-tone-streak #cheer-title { color: $streak; }

    Celebration.-quiet { offset: 0 1; align-horizontal: right; }
    Celebration.-quiet #cheer-box {
        width: auto;
        max-width: 100%;
        border: none;
        padding: 0 1;
        background: $panel;
    }
    Celebration.-quiet #cheer-title { color: $text-muted; text-style: none; width: auto; }
    Celebration.-quiet #cheer-sub { display: none; }
    """

    HOLD = 3.5  # seconds a banner stays
    QUIET_HOLD = 2.5
    MAX_QUEUE = 3

    quiet: reactive[bool] = reactive(False)

    def __init__(self, *, quiet: bool = False, id: str | None = "celebration") -> None:
        super().__init__(id=id)
        self.set_reactive(Celebration.quiet, quiet)
        self._queue: deque[Cheer] = deque()
        self._folded = 0
        self._current: Cheer | None = None
        self._timer: Timer | None = None
        self.shown: list[Cheer] = []  # everything shown, for tests and a future "today's wins" list

    def compose(self) -> ComposeResult:
        with Vertical(id="cheer-box"):
            yield Static("", id="cheer-title", markup=False)
            yield Static("", id="cheer-sub", markup=False)

    # ---- API -------------------------------------------------------------
    def show(self, title: str, subtitle: str = "", *, icon: str = "★", tone: str = "trophy") -> None:
        """Queue a celebration. Text is shown literally (never parsed as markup)."""
        cheer = Cheer(title, subtitle, icon, tone if tone in TONES else "trophy")
        if self._current is None:
            self._start(cheer)
        elif len(self._queue) < self.MAX_QUEUE:
            self._queue.append(cheer)
        else:
            self._folded += 1

    def dismiss(self) -> None:
        """Hide now and drop anything queued."""
        self._queue.clear()
        self._folded = 0
        self._finish()

    @property
    def showing(self) -> Cheer | None:
        return self._current

    # ---- internals ---------------------------------------------------------
    def _start(self, cheer: Cheer) -> None:
        self._current = cheer
        self.shown.append(cheer)
        more = ""
        if not self._queue and self._folded:
            more = f"  (+{self._folded} more)"
            self._folded = 0
        title = self.query_one("#cheer-title", Static)
        sub = self.query_one("#cheer-sub", Static)
        for tone in TONES:
            self.remove_class(f"-tone-{tone}")
        self.add_class(f"-tone-{cheer.tone}")
        self.set_class(self.quiet, "-quiet")
        if self.quiet:
            line = f"{cheer.icon} {cheer.title}" + (f" · {cheer.subtitle}" if cheer.subtitle else "") + more
            title.update(Content(line))
            sub.update("")
            self.styles.opacity = 1.0
            self.add_class("-showing")
            hold = self.QUIET_HOLD
        else:
            title.update(Content(f"{cheer.icon}  {cheer.title}  {cheer.icon}"))
            sub.update(Content(cheer.subtitle + more))
            self.add_class("-showing")
            # Fade in (skipped instantly when the app's animation level is "none").
            self.styles.opacity = 0.0
            self.styles.animate("opacity", value=1.0, duration=0.35, easing="out_cubic")
            hold = self.HOLD
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(hold, self._next)

    def _next(self) -> None:
        self._timer = None
        if self._queue:
            self._start(self._queue.popleft())
        else:
            self._finish()

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._current = None
        self.remove_class("-showing")

    def on_click(self) -> None:
        self.dismiss()

    def watch_quiet(self, quiet: bool) -> None:
        if quiet and self._current is not None:
            self.dismiss()  # going quiet means quiet now
