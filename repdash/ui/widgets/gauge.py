"""A one-line progress gauge: lighter than ProgressBar (no ETA, no percentage, no child widgets).

The dashboard draws five of them and redraws them on every key, so they stay a single render.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class Gauge(Widget):
    DEFAULT_CSS = """
    Gauge { height: 1; width: 1fr; }
    """

    progress: reactive[float] = reactive(0.0)
    done: reactive[bool] = reactive(False)

    def __init__(self, *, color: str = "$primary", done_color: str = "$success", id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.color = color
        self.done_color = done_color

    def set(self, progress: float, done: bool = False) -> None:
        self.progress = max(0.0, min(1.0, progress))
        self.done = done

    def render(self) -> Content:
        width = self.size.width
        half_cells = round(self.progress * width * 2)
        full, half = divmod(half_cells, 2)
        color = self.done_color if self.done else self.color
        # ━ full cells, ╸ a half cell, then the empty track.
        filled = "━" * full + ("╸" if half else "")
        track = "━" * max(0, width - len(filled))
        return Content.assemble((filled, color), (track, "$foreground 15%"))
