"""Team sync in the TUI (placeholder until issue 4 lands): the app calls these hooks."""

from __future__ import annotations


class SyncController:
    def __init__(self, app) -> None:
        self.app = app

    def start(self) -> None:
        """Begin timers / watchers. Never blocks the UI thread."""

    def request_sync(self, reason: str = "manual") -> None:
        """Ask for a publish+read soon (debounced). Never blocks the UI thread."""
        if reason == "manual":
            self.app.notify("No team file configured yet.", severity="warning")

    def status_text(self) -> str:
        return ""
