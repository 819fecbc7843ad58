"""A small bordered card: a bold value, an optional gauge, a caption. One render, no children."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from repdash.ui.widgets.today_panel import gauge


class StatCard(Widget):
    DEFAULT_CSS = """
    StatCard {
        width: 1fr;
        height: 5;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, title: str, *, bar: bool = False, color: str = "$accent", id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self.with_bar = bar
        self.color = color
        self.value, self.caption, self.progress = "", "", 0.0

    def show(self, value: str, caption: str = "", progress: float | None = None) -> None:
        """Redraw only on change: the dashboard's 30 s tick calls this with the same values all day."""
        progress = self.progress if progress is None else progress
        if (value, caption, progress) == (self.value, self.caption, self.progress):
            return
        self.value, self.caption, self.progress = value, caption, progress
        self.refresh()

    def render(self) -> Content:
        lines = [Content.styled(self.value, f"bold {self.color}")]
        if self.with_bar:
            lines.append(gauge(self.progress, self.size.width, self.color))
        lines.append(Content.styled(self.caption, "$text-muted"))
        return Content("\n").join(lines)
