"""The board's legend (`?` on the team board): every key and every symbol on the board, in one box.

It is the board's help: the words here are the board's own (same symbols, same colours), so a
manager or a rep can read "19d↓" or "▲4" without asking.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from repdash.core.standard import RANKING_RULE


def _sym(*parts: tuple[str, str]) -> Text:
    return Text.assemble(*parts)


def legend_rows(manager: bool) -> list[tuple[Text, str]]:
    """(symbol, meaning) in the order the eye meets them on the board: keys, columns, momentum, tabs.

    Meanings stay under ~56 characters (the ranking rule, quoted whole from core.standard, takes four
    lines), so at 80x24 the legend scrolls by a few lines; from 80x30 it fits whole.
    """
    enter = "the 1:1 view" if manager else "read-only"
    return [
        (_sym(("↑ ↓  Enter", "bold")), f"move · open the rep under the cursor ({enter})"),
        (_sym(("1 2 3 4  ← →", "bold")), "Standings · Tiers · Proposals · Contests"),
        (_sym(("r  esc  ctrl+p", "bold")), "reload the team file · back · the command palette"),
        (
            _sym(("#  ", "bold"), ("mgr", "italic cyan"), ("  ⊘", "dim")),
            "rank · manager · hidden",
        ),
        (_sym(("Ranking", "bold")), RANKING_RULE),
        (_sym(("Today  Week", "bold")), "% of max(own target, standard): green 100+, yellow 50+"),
        *_crm_rows(manager),
        (
            _sym(("Std  ", "bold"), ("✓", "bold green"), ("  ·", "dim")),
            "at the team standard today (every kind) · not yet",
        ),
        (_sym(("Strk  Lv", "bold")), "working days in a row at own targets · level"),
        (_sym(("Sync", "bold")), "last sync: time today, else the date (today shows 0)"),
        (_sym(("Below  ", "bold"), ("19d↓", "red")), "working days in a row below standard, up to yesterday"),
        (_sym(("Coach to", "bold")), "the specific number a day that closes the gap:"),
        (_sym(("+2 pitches a day", "yellow")), "activity furthest below standard (5-day average)"),
        (
            _sym(("Managers", "bold")),
            "Setting the example: measured on 1:1s and coaching; not ranked, not in tiers or momentum",
        ),
        (_sym(("today 3/8 38%", "bold green")), "reps at standard today · this week (not managers)"),
        (_sym(("▲4", "green"), ("  ▼4", "red")), "points up or down on last week"),
        (_sym(("10d ", "dim"), ("▁▃▆█", "cyan")), "reps at standard on each of the last 10 working days"),
        (_sym(("Tiers", "bold")), "top, middle, bottom thirds by period pace (deals/quota)"),
        (_sym(("Proposals", "bold")), "reps' own targets: green above the standard, red below"),
        (_sym(("40 ✓", "cyan")), "a proposal a manager accepted: counts from its date (p)"),
        (_sym(("Contests", "bold"), (" ★", "yellow")), "live standings, ★ winners, countdown; y/n a proposal"),
    ]


def _crm_rows(manager: bool) -> list[tuple[Text, str]]:
    """The CRM column: on a manager's board only (core.visibility)."""
    if not manager:
        return []
    return [
        (
            _sym(("CRM  ", "bold"), ("31%", "bold yellow"), ("  —", "dim")),
            "% of this week's activity CRM-backed · under 50% · none",
        )
    ]


class BoardLegendScreen(ModalScreen):
    DEFAULT_CSS = """
    BoardLegendScreen { align: center middle; }
    BoardLegendScreen > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; border-title-color: $accent; border-title-style: bold;
        background: $surface; padding: 0 1; }
    BoardLegendScreen .legend-row { height: auto; }
    BoardLegendScreen .legend-symbol { width: 17; }
    BoardLegendScreen .legend-meaning { width: 1fr; }
    """
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="legend_close")]

    def __init__(self, manager: bool = True) -> None:
        super().__init__()
        self.manager = manager

    def compose(self) -> ComposeResult:
        box = VerticalScroll(id="legend-box")
        box.border_title = "Team board: keys and symbols"
        with box:
            for symbol, meaning in legend_rows(self.manager):
                with Horizontal(classes="legend-row"):
                    yield Static(symbol, classes="legend-symbol", markup=False)
                    yield Static(meaning, classes="legend-meaning", markup=False)
        yield Footer()
