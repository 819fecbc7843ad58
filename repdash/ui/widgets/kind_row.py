"""One funnel stage on the dashboard: label, progress to target, count, last 10 working days."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Sparkline

from repdash.ui.widgets.gauge import Gauge

from repdash.core.kinds import label

HOTKEYS = {"call": "c", "pitch": "p", "commit": "v", "deal": "d"}


class KindRow(Horizontal):
    """Updated in place on each keystroke (no re-compose): cheap and flicker-free."""

    DEFAULT_CSS = """
    KindRow {
        height: 1;
        width: 1fr;
        margin: 0 0 1 0;
    }
    KindRow .key { width: 5; color: $text-muted; }
    KindRow .name { width: 16; text-style: bold; }
    KindRow Gauge { width: 1fr; min-width: 12; }
    KindRow .count { width: 11; text-align: right; }
    KindRow.-met .count { color: $success; text-style: bold; }
    KindRow .spark-label { width: 0; }
    KindRow Sparkline { width: 12; margin-left: 2; }
    KindRow Sparkline > .sparkline--max-color { color: $accent; }
    KindRow Sparkline > .sparkline--min-color { color: $primary-muted; }
    """

    def __init__(self, kind: str) -> None:
        super().__init__(id=f"row-{kind}", classes="kind-row")
        self.kind = kind

    def compose(self) -> ComposeResult:
        key = HOTKEYS.get(self.kind)
        yield Label(f"[{key}]" if key else "", classes="key", markup=False)
        yield Label(label(self.kind), classes="name", markup=False)
        yield Gauge()
        yield Label("", classes="count", markup=False)
        yield Sparkline([0], summary_function=max)

    def show(self, count: int, target: int, history: list[int]) -> None:
        met = target > 0 and count >= target
        self.query_one(Gauge).set(count / target if target else (1.0 if count else 0.0), done=met)
        self.set_class(met, "-met")
        text = f"{count} / {target}" if target else f"{count}"
        self.query_one(".count", Label).update(("✓ " if met else "") + text)
        self.query_one(Sparkline).data = history or [0]
