"""Start the dashboard (imported lazily so CLI commands never load Textual)."""

from __future__ import annotations


def run_dashboard(store) -> None:
    from repdash.ui.app import RepdashApp

    RepdashApp(store).run()
