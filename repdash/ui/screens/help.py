"""The help panel: every key, what it does, and the sales math in one breath."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

if TYPE_CHECKING:
    from textual import getters

    from repdash.ui.app import RepdashApp

INTRO = (
    "Log every call, pitch, verbal commitment and deal with one key. Your sales math "
    "turns today's activity into the deals that hit quota; your targets are yours to set."
)


class HelpScreen(ModalScreen):
    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    CSS_PATH = Path(__file__).parent.parent / "help.tcss"  # loaded with the screen, not at start-up
    BINDINGS = [("escape,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Label("repdash help", id="help-title")
            yield Static(INTRO, id="help-intro", markup=False)
            for key, description in self.app.key_help():
                yield Static(f"{key:>8}   {description}", classes="help-row", markup=False)
            yield Static(
                "ctrl+p opens the command palette: every action is there too. Esc closes.", id="help-foot", markup=False
            )
