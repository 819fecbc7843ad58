"""The trophy room: earned achievements with their dates, locked ones with progress,
the lifetime level and title, this season's summary and the team quest.

The data comes from repdash.services.trophy_case (no widgets there).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from repdash.core import achievements as ach
from repdash.core import seasons, titles
from repdash.core.wording import count
from repdash.services import contest_wins
from repdash.services.trophy_case import trophy_data

if TYPE_CHECKING:
    from textual import getters

    from repdash.ui.app import RepdashApp

# ---------------------------------------------------------------- widgets


def won_line(w: contest_wins.Win) -> Content:
    """ "★ December call blitz  #2 · ended 28 Nov 2026 · Team dinner" (name and prize literally)."""
    try:
        when = f" · ended {short_date(date.fromisoformat(w['end']))}" if w["end"] else ""
    except (TypeError, ValueError):
        when = ""
    return Content.assemble(
        ("★ ", "$trophy"),
        (w["name"], "bold"),
        (f"  #{w['place']}{when}", "$text-muted"),
        ((" · " + w["prize"]) if w["prize"] else "", "$trophy"),
    )


def short_date(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


# ---------------------------------------------------------------- widgets


class ProgressLine(Widget):
    """A one-line bar: ━ filled, ╸ half a cell, dim track."""

    DEFAULT_CSS = """
    ProgressLine { height: 1; width: 1fr; }
    """

    def __init__(self, fraction: float) -> None:
        super().__init__(classes="bar")
        self.fraction = max(0.0, min(1.0, fraction))

    def render(self) -> Content:
        width = self.size.width
        full, half = divmod(round(self.fraction * width * 2), 2)
        filled = "━" * full + ("╸" if half else "")
        return Content.assemble((filled, "$xp"), ("━" * max(0, width - len(filled)), "$foreground 15%"))


class TrophyRow(Horizontal):
    """One achievement. Earned: one line with its date. Locked: two lines with a progress bar."""

    DEFAULT_CSS = """
    TrophyRow { height: 1; }
    TrophyRow.-locked { height: 2; margin-bottom: 1; }
    TrophyRow .icon { width: 3; color: $trophy; text-style: bold; }
    TrophyRow .name { width: 17; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    TrophyRow .rule { width: 1fr; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    TrophyRow .when { width: 13; color: $trophy; text-align: right; }
    TrophyRow .about { width: 1fr; height: 2; }
    TrophyRow .about .name { width: 1fr; }
    TrophyRow .side { width: 32; height: 2; padding-left: 2; }
    TrophyRow .how { width: 1fr; color: $text-muted; text-align: right; text-wrap: nowrap; text-overflow: ellipsis; }
    TrophyRow.-locked .icon { color: $locked; }
    TrophyRow.-locked .name { color: $foreground 80%; }
    """

    def __init__(self, a: ach.Achievement, earned: date | None, progress: ach.Progress | None) -> None:
        super().__init__(id=f"trophy-{a.id}", classes="-earned" if earned else "-locked")
        self.a, self.earned, self.prog = a, earned, progress

    def compose(self) -> ComposeResult:
        yield Static(self.a.icon, classes="icon", markup=False)
        if self.earned:
            yield Static(self.a.name, classes="name", markup=False)
            yield Static(self.a.rule, classes="rule", markup=False)
            yield Static(short_date(self.earned), classes="when", markup=False)
            return
        with Vertical(classes="about"):
            yield Static(self.a.name, classes="name", markup=False)
            yield Static(self.a.rule, classes="rule", markup=False)
        with Vertical(classes="side"):
            yield ProgressLine(self.prog.fraction if self.prog else 0.0)
            yield Static(self.prog.text if self.prog else "", classes="how", markup=False)


class TrophiesScreen(Screen):
    """Reads `self.app.store` and `self.app.now()`; Escape closes."""

    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    DEFAULT_CSS = """
    TrophiesScreen { background: $background; }
    TrophiesScreen #trophy-top { height: 1; background: $primary 30%; padding: 0 1; }
    TrophiesScreen #trophy-brand { width: auto; color: $accent; text-style: bold; margin-right: 2; }
    TrophiesScreen #trophy-count { width: 1fr; text-align: right; color: $text-muted; }
    TrophiesScreen #trophy-head {
        height: auto;
        margin: 1 1 0 1;
        padding: 0 1;
        border: round $xp;
        border-title-color: $xp;
        border-title-style: bold;
    }
    TrophiesScreen #level-line { text-style: bold; color: $xp; }
    TrophiesScreen #season-line { color: $foreground; }
    TrophiesScreen #quest-line { color: $quest; }
    TrophiesScreen #trophy-list { margin: 1 1 0 1; padding: 0 1; scrollbar-size-vertical: 1; }
    TrophiesScreen .section { color: $text-muted; text-style: bold; margin: 1 0; }
    TrophiesScreen .section.-first { margin-top: 0; }
    TrophiesScreen .contest-win { height: 1; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="trophies_close", tooltip="Back to the dashboard"),
    ]

    def compose(self) -> ComposeResult:
        data = trophy_data(self.app.store, self.app.now())
        earned: dict[str, date] = data["earned"]
        life: seasons.Lifetime = data["lifetime"]
        season: seasons.SeasonSummary = data["season"]
        with Horizontal(id="trophy-top"):
            yield Static("◆ repdash", id="trophy-brand")
            yield Static("Trophies", id="trophy-title")
            yield Static(
                f"{len([a for a in ach.ACHIEVEMENTS if a.id in earned])} of {len(ach.ACHIEVEMENTS)} earned",
                id="trophy-count",
            )
        head = Vertical(id="trophy-head")
        head.border_title = "Career"
        with head:
            nxt = titles.next_title(life.level)
            tail = f" · next: {nxt[1]} at {nxt[0]}" if nxt else ""
            yield Static(Content(f"{life.label} · {life.xp:,} XP{tail}"), id="level-line")
            yield Static(
                Content(
                    f"{season.name} · {season.tier} {season.tier_bar} · season lvl {season.level}"
                    f" · on target {season.target_days} of {count(season.working_days_done, 'working day')}"
                ),
                id="season-line",
            )
            quest = data["quest"]
            if quest is not None:
                yield Static(Content(f"Team quest · {quest.line}"), id="quest-line")
        with VerticalScroll(id="trophy-list"):
            got = sorted((a for a in ach.ACHIEVEMENTS if a.id in earned), key=lambda a: earned[a.id], reverse=True)
            locked = sorted(
                (a for a in ach.ACHIEVEMENTS if a.id not in earned), key=lambda a: -data["progress"][a.id].fraction
            )
            won = contest_wins.wins(self.app.store)  # issue 23: contests won, kept in the store
            if won:
                yield Static(f"CONTESTS WON · {len(won)}", classes="section -first")
                for w in won:
                    yield Static(won_line(w), classes="contest-win", markup=False)
            if got:
                yield Static(f"EARNED · {len(got)}", classes="section" + ("" if won else " -first"))
                for a in got:
                    yield TrophyRow(a, earned[a.id], None)
            if locked:
                yield Static(f"NEXT UP · {len(locked)}", classes="section" + ("" if got or won else " -first"))
                for a in locked:
                    yield TrophyRow(a, None, data["progress"][a.id])
        yield Footer(compact=True)

    def action_close(self) -> None:
        self.app.pop_screen()
