"""A small bordered card: a big value, a caption, an optional progress bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from repdash.ui.widgets.gauge import Gauge


class StatCard(Vertical):
    DEFAULT_CSS = """
    StatCard {
        width: 1fr;
        height: 5;
        border: round $panel-lighten-2;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    StatCard .value { text-style: bold; width: 1fr; }
    StatCard .caption { color: $text-muted; width: 1fr; }
    """

    def __init__(self, title: str, *, bar: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title
        self.with_bar = bar

    def compose(self) -> ComposeResult:
        yield Label("", classes="value", markup=False)
        if self.with_bar:
            yield Gauge(color="$accent", done_color="$accent")
        yield Label("", classes="caption", markup=False)

    def show(self, value: str, caption: str = "", progress: float | None = None) -> None:
        self.query_one(".value", Label).update(value)
        self.query_one(".caption", Label).update(caption)
        if self.with_bar and progress is not None:
            self.query_one(Gauge).set(progress)
