"""`repdash team --tv` and `repdash serve`: a wall screen. Block type, auto-refresh, rotating pages.

Every ranked rep appears: when they do not all fit one screen, the rotation shows standings pages
1..n (ranks 1-6, 7-12, ...) and then momentum; `n` turns the page.

Read from across a room: the header says which page is up (STANDINGS / MOMENTUM),
numbers are solid block type (`BigNumber`), each rep has a bar toward their own
target, and colours are the theme's success / warning / error. Names come from the
team file and are shown literally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from repdash.core.wording import count, versus
from repdash.ui.board_text import day_label
from repdash.ui.screens.team_data import TeamData
from repdash.ui.screens.team_text import momentum_text, spark
from repdash.ui.screens.team_tv_contests import ContestTvPage
from repdash.ui.widgets.big_number import BigNumber

if TYPE_CHECKING:
    from repdash.core.shapes import BoardRow, BoardView

ROTATE = 15.0  # seconds per page
PAGES = {"tv-standings": "STANDINGS", "tv-momentum": "MOMENTUM", "tv-contests": "CONTEST"}
SUBTITLES = {
    "tv-standings": "% of target or standard (the higher), this week",
    "tv-momentum": "reps at the team standard",
    "tv-contests": "live standings",
}


def level_class(pct: float) -> str:
    return "good" if pct >= 100 else ("fair" if pct >= 50 else "low")


class Meter(Widget):
    """A one-row bar toward 100 % (full past it), as wide as its column."""

    DEFAULT_CSS = "Meter { height: 1; width: 1fr; }"

    def __init__(self, pct: float, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.pct = pct

    def render(self) -> RenderResult:
        width = self.size.width
        filled = min(width, round(width * max(self.pct, 0) / 100))
        return Text("█" * filled + "▁" * (width - filled), no_wrap=True)


class TeamTvScreen(TeamData, Screen):
    DEFAULT_CSS = """
    TeamTvScreen { layout: vertical; background: $background; }
    TeamTvScreen #tv-header { height: 1; background: $panel; }
    TeamTvScreen #tv-page { width: auto; padding: 0 2; text-style: bold; background: $accent; color: $background; }
    TeamTvScreen #tv-title {
        width: 1fr; padding: 0 2; text-style: bold; color: $text; text-wrap: nowrap; text-overflow: ellipsis;
    }
    TeamTvScreen #tv-next { width: auto; padding: 0 2; color: $text-muted; }
    TeamTvScreen #tv-banner { height: auto; display: none; background: $warning 30%; padding: 0 1; }
    TeamTvScreen #tv-banner.show { display: block; }
    TeamTvScreen ContentSwitcher { height: 1fr; }
    TeamTvScreen .tv-row { height: 3; padding: 0 2; }
    TeamTvScreen .tv-row.odd { background: $panel 60%; }
    TeamTvScreen .tv-rank { width: 9; color: $accent; }
    TeamTvScreen .tv-name { width: 2fr; height: 3; padding: 0 1; }
    TeamTvScreen .tv-bar { width: 1fr; margin: 1 2 1 0; }
    TeamTvScreen .tv-pct { width: 18; content-align: right top; }
    TeamTvScreen .good { color: $success; }
    TeamTvScreen .fair { color: $warning; }
    TeamTvScreen .low { color: $error; }
    TeamTvScreen #tv-momentum { align: center middle; }
    TeamTvScreen #tv-cards { height: auto; layout: vertical; }
    TeamTvScreen.wide #tv-cards { layout: horizontal; }
    TeamTvScreen .tv-card { height: auto; width: 1fr; }
    TeamTvScreen .tv-label { width: 100%; content-align: center middle; text-style: bold; }
    TeamTvScreen .tv-center { width: 100%; height: auto; align: center middle; margin-bottom: 1; }
    TeamTvScreen .tv-of { width: 100%; content-align: center middle; color: $text-muted; margin-bottom: 1; }
    TeamTvScreen #tv-spark { width: 100%; content-align: center middle; color: $accent; }
    TeamTvScreen #tv-foot { height: 1; color: $text-muted; content-align: center middle; }
    """
    BINDINGS = [
        Binding("n", "next_page", "Next page", id="tv_next"),
        Binding("escape", "close", "Back", id="tv_back"),
        Binding("q", "app.quit", "Quit", id="tv_quit", show=False),
    ]
    ROWS = 5

    def __init__(self, rotate: float = ROTATE) -> None:
        super().__init__()
        self.rotate = rotate  # seconds per page; 0 stays on a page until `n`
        self.ranked: list[BoardRow] = []  # every ranked rep, in rank order
        self.standings_page = 0  # which slice of ROWS reps the standings page shows

    def compose(self) -> ComposeResult:
        with Horizontal(id="tv-header"):
            yield Static(PAGES["tv-standings"], id="tv-page", markup=False)
            yield Static("", id="tv-title", markup=False)
            yield Static("", id="tv-next", markup=False)
        yield Static("", id="tv-banner", markup=False)
        with ContentSwitcher(initial="tv-standings"):
            yield Vertical(id="tv-standings")
            with Vertical(id="tv-momentum"):
                with Horizontal(id="tv-cards"):
                    with Vertical(classes="tv-card"):
                        yield Static("AT STANDARD TODAY", classes="tv-label", markup=False)
                        with Horizontal(classes="tv-center"):
                            yield BigNumber("0%", scale=2, id="tv-today")
                        yield Static("", id="tv-today-of", classes="tv-of", markup=False)
                    with Vertical(classes="tv-card"):
                        yield Static("THIS WEEK", classes="tv-label", markup=False)
                        with Horizontal(classes="tv-center"):
                            yield BigNumber("0%", scale=2, id="tv-week")
                        yield Static("", id="tv-week-of", classes="tv-of", markup=False)
                yield Static("", id="tv-spark", markup=False)
            yield ContestTvPage(id="tv-contests")  # issue 23: in the rotation while a contest runs (or just ended)
        yield Static("", id="tv-foot", markup=False)

    def on_resize(self) -> None:
        # Wide screens (a TV is about 96 × 27 cells, see the serve page) put the two numbers side by side.
        self.set_class(self.size.width >= 96, "wide")
        rows = max(3, (self.app.size.height - 4) // 3)
        if self.view is not None:
            self._momentum(self.view)
            if rows != self.ROWS and self.children:  # a browser tab resized: the pages are cut again
                self.ROWS = rows
                self.standings_page = min(self.standings_page, self.standings_pages - 1)
                self._fill_standings()
                self._show_header()
        self.ROWS = rows

    def _number_scale(self) -> int:
        """The largest block type in which "100%" fits its card (width) and the page (height)."""
        width, height = self.size
        wide = width >= 96
        card_width = width // 2 if wide else width
        number_rows = (height - 5) // (1 if wide else 2) - 2  # less header, foot, spark; label and caption
        return 3 if card_width >= 72 and number_rows >= 10 else 2

    def on_mount(self) -> None:
        self.ROWS = max(3, (self.app.size.height - 4) // 3)
        if self.rotate > 0:
            self.set_interval(self.rotate, self.action_next_page)
        self._show_header()
        self.start_data()

    @property
    def standings_pages(self) -> int:
        return max(1, -(-len(self.ranked) // self.ROWS))

    def action_next_page(self) -> None:
        """Standings 1..n, then momentum, then standings 1 again."""
        sw = self.query_one(ContentSwitcher)
        if sw.current == "tv-standings" and self.standings_page + 1 < self.standings_pages:
            self.standings_page += 1
            self._fill_standings()
        elif sw.current == "tv-standings":
            sw.current = "tv-momentum"
        elif sw.current == "tv-momentum" and self.query_one(ContestTvPage).pages:
            sw.current = "tv-contests"
        elif sw.current == "tv-contests" and self.query_one(ContestTvPage).turn():
            pass  # the next contest
        else:
            sw.current = "tv-standings"
            if self.standings_page:
                self.standings_page = 0
                self._fill_standings()
        self._show_header()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def _show_header(self) -> None:
        page = self.query_one(ContentSwitcher).current or "tv-standings"
        pages, at = self.standings_pages, self.standings_page
        paged = page == "tv-standings" and pages > 1
        self.query_one("#tv-page", Static).update(PAGES[page] + (f" {at + 1}/{pages}" if paged else ""))
        day = day_label(self.view.get("date") if self.view else None)
        subtitle = self.query_one(ContestTvPage).subtitle() if page == "tv-contests" else SUBTITLES[page]
        title = subtitle + (f" · {day}" if day else "")
        if paged:  # more reps than rows: say which ranks are up first, it must not be cut
            first, last = at * self.ROWS + 1, min((at + 1) * self.ROWS, len(self.ranked))
            title = f"ranks {first}–{last} of {len(self.ranked)} · {title}"
        self.query_one("#tv-title", Static).update(Text(title))
        contests = self.query_one(ContestTvPage)
        if page == "tv-standings" and at + 1 < pages:
            following = f"standings {at + 2}/{pages}"
        elif page == "tv-momentum" and contests.pages:
            following = "contest"
        elif page == "tv-contests" and contests.page + 1 < contests.pages:
            following = f"contest {contests.page + 2}/{contests.pages}"
        else:
            following = "momentum" if page == "tv-standings" else "standings"
        if page == "tv-contests":
            self.query_one("#tv-page", Static).update(
                PAGES[page] + (f" {contests.page + 1}/{contests.pages}" if contests.pages > 1 else "")
            )
        self.query_one("#tv-next", Static).update(Text(f"next: {following}"))

    def render_state(self, reason: str) -> None:
        self.state_reason = reason
        if not self.children:
            return
        banner = self.query_one("#tv-banner", Static)
        text = self.banner_text(reason)
        banner.update(Text(text))
        banner.set_class(bool(text), "show")

    def render_view(self, view: BoardView) -> None:
        if not self.children:
            return
        self.ranked = [r for r in view.get("reps", []) if r.get("rank")]
        self.standings_page = min(self.standings_page, self.standings_pages - 1)
        tv_contests = self.query_one(ContestTvPage)
        tv_contests.show(view)
        self._show_header()
        self._fill_standings()
        self._momentum(view)
        sw = self.query_one(ContentSwitcher)
        if sw.current == "tv-contests" and not tv_contests.pages:  # the contest page has nothing left to show
            sw.current = "tv-standings"
            self._show_header()
        self.query_one("#tv-foot", Static).update(momentum_text(view))

    def _fill_standings(self) -> None:
        box = self.query_one("#tv-standings", Vertical)
        box.remove_children()
        first = self.standings_page * self.ROWS
        rows = [self._row(i, r) for i, r in enumerate(self.ranked[first : first + self.ROWS])]
        if rows:
            box.mount_all(rows)
        else:
            box.mount(Static("No ranked reps yet.", classes="tv-label", markup=False))

    def _momentum(self, view: BoardView) -> None:
        m = view.get("momentum") or {}
        today = m.get("today") or {"at": 0, "of": 0, "pct": 0}
        week = m.get("week") or {"at": 0, "of": 0, "pct": 0}
        self._big("#tv-today", today["pct"])
        self._big("#tv-week", week["pct"])
        self.query_one("#tv-today-of", Static).update(
            Text(f"{today['at']} of {count(today['of'], 'rep')}")
        )  # managers are not counted
        week_of = Text(f"{week.get('at', 0)} of {count(week.get('of', 0), 'rep')}")
        last = m.get("last_week_pct")
        if last is not None:
            week_of.append(f"  {versus(week['pct'] - last)}")
        self.query_one("#tv-week-of", Static).update(week_of)
        trend = m.get("trend") or []
        self.query_one("#tv-spark", Static).update(Text(f"last 10 working days  {spark(trend)}" if trend else ""))

    def _big(self, selector: str, pct: float) -> None:
        big = self.query_one(selector, BigNumber)
        big.show(f"{min(int(round(pct)), 999)}%", self._number_scale())
        for cls in ("good", "fair", "low"):
            big.set_class(cls == level_class(pct * 2), cls)  # half the team at standard is a good day

    def _row(self, index: int, r: BoardRow) -> Horizontal:
        pct = min(int(round(r.get("week_pct") or 0)), 999)
        name = Text("\n")  # the name on the middle row, level with the numbers
        name.append(r["name"], style="bold")
        detail = []
        if r.get("at_standard"):
            detail.append(("✓ at standard", "green"))
        if r.get("streak"):
            detail.append((f"{r['streak']}-day streak", ""))
        if detail:
            name.append("\n")
            for i, (part, style) in enumerate(detail):
                name.append(("  ·  " if i else "") + part, style=style)
        return Horizontal(
            BigNumber(str(r["rank"]), classes="tv-rank"),
            Static(name, classes="tv-name", markup=False),
            Meter(pct, classes="tv-bar " + level_class(pct)),
            BigNumber(f"{pct}%", classes="tv-pct " + level_class(pct)),
            classes="tv-row" + (" odd" if index % 2 else ""),
        )
