"""Start the dashboard (imported lazily so CLI commands never load Textual)."""

from __future__ import annotations


def run_dashboard(store) -> None:
    import gc

    # No cyclic collections while Textual is imported and the first frame is built (~80 of them,
    # ~13 ms of a start): start-up makes few cycles. The app turns collection back on after its
    # first frame (RepdashApp._after_first_frame).
    gc.disable()
    from repdash.ui.app import RepdashApp

    RepdashApp(store).run()
