"""Start the dashboard (imported lazily so CLI commands never load Textual)."""

from __future__ import annotations

from repdash.errors import Failure


def run_dashboard(store) -> None:
    import gc

    # No cyclic collections while Textual is imported and the first frame is built (~80 of them,
    # ~13 ms of a start): start-up makes few cycles. The app turns collection back on after its
    # first frame (RepdashApp._after_first_frame).
    gc.disable()
    from repdash.ui.app import RepdashApp

    run_app(RepdashApp(store), "the dashboard")


def run_app(app, what: str) -> None:
    """Run a Textual app; a crash is a runtime failure (exit 1), never a quiet exit 0.

    Textual catches an exception that escapes the app, prints its traceback after restoring
    the terminal, and sets `return_code` to 1; `run()` itself returns normally.
    """
    app.run()
    if app.return_code:
        raise Failure(f"{what} stopped on an unexpected error (details above)")
