"""The two apps the benchmarks compare: repdash's dashboard and a bare Textual app.

Run as a script for cold start and idle measurements:
    python benchmarks/apps.py repdash|bare exit|idle|terminal
"exit" quits right after the first complete frame; "idle" runs headless until killed;
"terminal" runs in the terminal it was started in, as a user runs it (bench_idle.py).
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


def first_frame(app: App) -> None:
    """Print when the first complete frame was drawn (wall clock, and this process's CPU so far),
    then exit. Work queued for after the first frame (team sync, the achievement scan) is not
    in the figure: the user already sees the screen.

    repdash: the moment its own after-first-frame hook runs (the dashboard was composed, filled
    and rendered; the hook is the first callback after that refresh). Bare: its first refresh."""
    import time

    def drawn() -> None:
        print(f"first-frame {time.time():.6f} {time.process_time():.6f}", flush=True)
        app.exit()

    if hasattr(app, "_after_first_frame"):
        after = app._after_first_frame

        def hook() -> None:
            drawn()
            after()

        app._after_first_frame = hook
    else:
        app.call_later(lambda: app.call_after_refresh(drawn))


def main() -> None:
    kind, mode = sys.argv[1], sys.argv[2]
    app = make(kind)
    if mode == "exit":
        first_frame(app)
    if mode == "terminal":
        app.run()
        return
    app.run(headless=True, size=(100, 30))
    if mode == "exit" and kind == "repdash" and getattr(app, "summary", None) is None:
        print("dashboard was not painted", file=sys.stderr)
        sys.exit(3)


if __name__ == "__main__":
    main()
