"""The two apps the benchmarks compare: repdash's dashboard and a bare Textual app.

Run as a script for cold start and idle measurements:
    python benchmarks/apps.py repdash|bare exit|idle
"exit" quits right after the first complete frame; "idle" runs until killed.
"""

from __future__ import annotations

import os
import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class BareApp(App):
    """A Static and a Footer: the floor any Textual app pays."""

    BINDINGS = [("c", "count", "Count")]

    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")
        yield Footer()

    def action_count(self) -> None:
        self.n += 1
        self.query_one("#count", Static).update(str(self.n))


def make(kind: str) -> App:
    if kind == "bare":
        return BareApp()
    from repdash.store.local import LocalStore
    from repdash.ui.app import RepdashApp

    return RepdashApp(LocalStore(os.environ["REPDASH_HOME"]))


def main() -> None:
    kind, mode = sys.argv[1], sys.argv[2]
    app = make(kind)
    if mode == "exit":
        # First complete frame: once ready (dashboard pushed and shown), exit after the next refresh.
        app.call_later(lambda: app.call_after_refresh(app.exit))
    app.run(headless=True, size=(100, 30))
    if mode == "exit" and kind == "repdash" and getattr(app, "summary", None) is None:
        print("dashboard was not painted", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
