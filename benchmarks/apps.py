"""The two apps the benchmarks compare: repdash's dashboard and a bare Textual app.

Run as a script for cold start and idle measurements:
    python benchmarks/apps.py repdash|bare|bare-nogc exit|idle|terminal
"exit" quits right after the first complete frame; "idle" runs headless until killed;
"terminal" runs in the terminal it was started in, as a user runs it (bench_idle.py).

Cold start measures repdash as a rep starts it: `repdash` alone, through the real entry point
(`repdash.cli.main`, REPDASH_HOME from the environment), headless at 100x30 like the bare app. This
module imports nothing of Textual before that entry point runs, so the start-up repdash pays is all in
the figure. The bare app is the smallest Textual app with a footer, started the plain way;
"bare-nogc" is the same app with the cyclic collector paused until its first frame, as repdash does.
"""

from __future__ import annotations

import os
import sys


def bare_app():
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

    return BareApp()


def make(kind: str):
    if kind == "bare":
        return bare_app()
    from repdash.store.local import LocalStore
    from repdash.ui.app import RepdashApp

    return RepdashApp(LocalStore(os.environ["REPDASH_HOME"]))


def first_frame(app) -> None:
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


def run_headless(app, mode: str) -> None:
    if mode == "exit":
        first_frame(app)
    app.run(headless=True, size=(100, 30))


def run_repdash_command(mode: str) -> None:
    """`repdash` as typed, with only the terminal swapped for a headless 100x30 one."""
    import repdash.ui.run
    from repdash.cli import main

    def run_app(app, what: str) -> None:
        run_headless(app, mode)
        if mode == "exit" and getattr(app, "summary", None) is None:
            print("dashboard was not painted", file=sys.stderr)
            sys.exit(3)

    repdash.ui.run.run_app = run_app
    main([])


def main() -> None:
    kind, mode = sys.argv[1], sys.argv[2]
    if mode == "terminal":
        make(kind).run()
        return
    if kind == "repdash":
        run_repdash_command(mode)
    elif kind == "bare-nogc":
        import gc

        gc.disable()  # before Textual's import, as `repdash` does
        run_headless(make("bare"), mode)
    else:
        run_headless(make(kind), mode)


if __name__ == "__main__":
    main()
