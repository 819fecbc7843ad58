"""`repdash org LOCATION`: a director's board of many teams (read-only), and `--tv` for a wall.

Teams are ranked by the share of reps at standard this week, with deals against the summed
prorated quota, the trend against last week and the rep count (core/org.py). Enter drills into
a team's board (read-only). The org is read in a thread worker (services/org.py), on mount and
every minute (30 s on a wall); the UI thread only renders. Team and rep names are untrusted:
plain `Text`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pendulum
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from repdash import clock as default_clock
from repdash.core.text import clean
from repdash.ui.screens.team_text import pct_text
from repdash.ui.terminal_watch import TerminalWatch
from repdash.ui.widgets.big_number import BigNumber

REFRESH = 60.0
TV_REFRESH = 30.0
SHARE_WIDE, SHARE_NARROW = 20, 14  # the share-at-standard column: bar and number


def _share_style(p: float) -> str:
    """A share of reps at standard (not a rep's % of the standard: team_text.pct_text colours those)."""
    return "bold green" if p >= 80 else ("yellow" if p >= 50 else "red")


def pct(p: float | None) -> Text:
    if p is None:
        return Text("–", style="dim")
    return Text(f"{p:.0f}%", style=_share_style(p))


def share_bar(p: float | None, width: int) -> Text:
    """The share of reps at standard as a bar and its number, `width` cells in all ("███░░ 60%")."""
    if p is None:
        return Text("–", style="dim")
    cells = max(width - 5, 0)
    filled = min(cells, round(cells * max(p, 0) / 100))
    bar = Text("█" * filled, style=_share_style(p))
    bar.append("░" * (cells - filled), style="dim")
    bar.append(f"{p:>4.0f}%", style=_share_style(p))
    return bar


def trend(t: float | None) -> Text:
    """Points of the share at standard against last week."""
    if t is None:
        return Text("–", style="dim")
    if round(t) == 0:
        return Text("= same", style="dim")
    return Text(f"{'▲' if t > 0 else '▼'} {abs(t):.0f} pts", style="green" if t > 0 else "red")


def _num(n: float) -> str:
    return f"{n:g}" if n < 1000 else f"{n:,.0f}"


class OrgScreen(Screen):
    DEFAULT_CSS = """
    OrgScreen #org-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    OrgScreen #org-totals { height: auto; padding: 0 1; }
    OrgScreen DataTable { height: 1fr; }
    OrgScreen #org-foot { height: 1; padding: 0 1; color: $text-muted; }
    OrgScreen #org-wall { height: auto; padding: 1 2; background: $boost; }
    OrgScreen .wall-box { width: auto; height: auto; padding: 0 4 0 0; }
    OrgScreen .wall-box BigNumber { color: $accent; }
    OrgScreen .wall-caption { width: auto; color: $text-muted; }
    OrgScreen #wall-share.-good BigNumber { color: $success; }
    OrgScreen #wall-share.-low BigNumber { color: $error; }
    """
    AUTO_FOCUS = "#org-table"
    BINDINGS = [
        Binding("enter", "open_team", "Team board", priority=True),
        Binding("r", "reload", "Reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: dict[str, Any] | None = None
        self._locations: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Org board", id="org-title", markup=False)
        if getattr(self.app, "tv", False):  # on a wall: the org's two numbers in block type
            with Horizontal(id="org-wall"):
                with Vertical(id="wall-share", classes="wall-box"):
                    yield BigNumber("-", scale=2)
                    yield Static("of reps at standard this week", classes="wall-caption", markup=False)
                with Vertical(id="wall-deals", classes="wall-box"):
                    yield BigNumber("-", scale=2)
                    yield Static("deals", id="wall-deals-caption", classes="wall-caption", markup=False)
        yield Static("Reading the teams…", id="org-totals", markup=False)
        yield DataTable(id="org-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="org-foot", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        wide = self.app.size.width >= 120
        for key, title, w in (
            ("rank", "#", 3),
            ("team", "Team", 36 if wide else 20),
            ("reps", "Reps", 4),
            ("std", "At standard wk", SHARE_WIDE if wide else SHARE_NARROW),
            ("deals", "Deals / quota", 13),
            ("trend", "vs last wk", 10),
        ):
            table.add_column(title, key=key, width=w)
        self.action_reload()
        self.set_interval(TV_REFRESH if getattr(self.app, "tv", False) else REFRESH, self.action_reload)

    def action_reload(self) -> None:
        self.refresh_org(self.app.location, self.app.now())  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="org", exit_on_error=False)
    def refresh_org(self, location: str, now: pendulum.DateTime) -> None:
        from repdash.services.org import org_view

        try:
            view = org_view(location, now)  # with the collector paused (services.org: late frames)
        except Exception as exc:  # an unreachable org: say so, keep the last board
            self.app.call_from_thread(self._failed, clean(str(exc), 200))
            return
        self.app.call_from_thread(self._show, view)

    def _failed(self, problem: str) -> None:
        self.query_one("#org-foot", Static).update(Text(f"⚠ {problem}", style="bold yellow"))

    def _show(self, view: dict[str, Any]) -> None:
        same = self.view is not None and self.view["teams"] == view["teams"]
        self.view = view
        if same:  # an unchanged org: nothing to redraw (the drill-down uses the new views)
            return
        t = view["totals"]
        title = Text("Org board", style="bold")
        title.append(f" · {t['teams']} teams · {t['reps']} reps", style="")
        self.query_one("#org-title", Static).update(title)
        totals = Text("At standard this week ", style="bold")
        totals.append_text(share_bar(t["at_standard_week_pct"], 15))
        totals.append(f"  ·  deals {_num(t['deals'])} of {_num(t['quota_this_period'])}")
        totals.append(" (prorated quota)", style="dim")
        self.query_one("#org-totals", Static).update(totals)
        if getattr(self.app, "tv", False):
            self._show_wall(t)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self._locations = []
        width = {str(c.key.value): c.width for c in table.columns.values()}
        share_w = width.get("std", SHARE_NARROW)
        for r in view["teams"]:
            name = Text(r["name"])
            name.truncate(width.get("team", 22), overflow="ellipsis")
            table.add_row(
                Text(str(r["rank"]), style="bold"),
                name,
                Text(str(r["reps"])),
                share_bar(r["at_standard_week_pct"], share_w),
                Text(f"{_num(r['deals'])} / {_num(r['quota_this_period'])}"),
                trend(r["trend"]),
                key=r["location"],
            )
            self._locations.append(r["location"])
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)
        foot = Text(f"{len(view['teams'])} teams")
        if view["problems"]:
            foot.append(f" · {len(view['problems'])} unreadable", style="bold yellow")
        foot.append(" · Enter: a team's board", style="dim")
        self.query_one("#org-foot", Static).update(foot)

    def _show_wall(self, t: dict[str, Any]) -> None:
        share = float(t["at_standard_week_pct"])
        box = self.query_one("#wall-share", Vertical)
        box.set_class(share >= 80, "-good")
        box.set_class(share < 50, "-low")
        box.query_one(BigNumber).show(f"{share:.0f}%")
        self.query_one("#wall-deals BigNumber", BigNumber).show(f"{t['deals']:.0f}")
        self.query_one("#wall-deals-caption", Static).update(
            f"deals of {_num(t['quota_this_period'])} (the teams' prorated quota)"
        )

    def action_open_team(self) -> None:
        table = self.query_one(DataTable)
        if not self.view or not self._locations or table.cursor_row is None:
            return
        location = self._locations[min(table.cursor_row, len(self._locations) - 1)]
        row = next(r for r in self.view["teams"] if r["location"] == location)
        self.app.push_screen(OrgTeamScreen(row["name"], self.view["views"][location]))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open_team()


class OrgTeamScreen(Screen):
    """One team of the org, read-only: its reps ranked, Away and asking to join counted."""

    DEFAULT_CSS = """
    OrgTeamScreen #orgteam-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    OrgTeamScreen #orgteam-momentum { height: auto; padding: 0 1; }
    OrgTeamScreen DataTable { height: 1fr; }
    """
    AUTO_FOCUS = "#orgteam-table"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back to the org")]

    def __init__(self, name: str, view: dict[str, Any]) -> None:
        super().__init__()
        self.team_name = name
        self.view = view

    def compose(self) -> ComposeResult:
        title = Text("Team ", style="bold")
        title.append(self.team_name)
        title.append(" · read-only", style="dim")
        yield Static(title, id="orgteam-title", markup=False)
        m = self.view.get("momentum", {})
        line = Text("At standard today ")
        line.append_text(pct(m.get("today", {}).get("pct")))
        line.append(" · this week ")
        line.append_text(pct(m.get("week", {}).get("pct")))
        extra = []
        if self.view.get("away_count"):
            extra.append(f"{self.view['away_count']} away")
        if self.view.get("asking_to_join"):
            extra.append(f"{len(self.view['asking_to_join'])} asking to join")
        if extra:
            line.append(" · " + " · ".join(extra), style="dim")
        yield Static(line, id="orgteam-momentum", markup=False)
        yield DataTable(id="orgteam-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, title, w in (
            ("rank", "#", 3),
            ("name", "Rep", 24),
            ("today", "Today", 6),
            ("week", "Week", 6),
            ("std", "Std", 3),
            ("streak", "Strk", 4),
            ("coach", "Coach to", 20),
        ):
            table.add_column(title, key=key, width=w)
        for r in self.view.get("reps", []):
            rank = str(r["rank"]) if r.get("rank") else ("mgr" if r.get("manager") else "–")
            name = Text(r["name"] + (" (away)" if r.get("away") else ""))
            name.truncate(24, overflow="ellipsis")
            table.add_row(
                Text(rank),
                name,
                pct_text(r.get("today_pct")),  # a rep's % of the standard: the team board's colours
                pct_text(r.get("week_pct")),
                Text("✓", style="bold green") if r.get("at_standard") else Text("·", style="dim"),
                Text(f"{r.get('streak') or 0}d" if r.get("streak") else "–"),
                Text(r.get("coaching") or "", style="yellow"),
            )


class OrgApp(TerminalWatch, App):
    TITLE = "repdash org"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(
        self, location: str, *, clock: Callable[[], pendulum.DateTime] | None = None, tv: bool = False
    ) -> None:
        super().__init__()
        self.location = location
        self._clock = clock or default_clock.now
        self.tv = tv

    def now(self) -> pendulum.DateTime:
        return self._clock()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        from repdash.ui import themes

        return themes.variable_defaults()

    def on_mount(self) -> None:
        import sys

        from repdash.ui.syncing import SWITCH_INTERVAL

        # The org is read in a worker thread: hand the GIL back to the UI thread often (as the
        # dashboard does once it syncs), so a cold read of thousands of reps never stalls a frame.
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._watch_terminal()
        self.push_screen(OrgScreen())
        # As the dashboard does after its first frame: start-up's objects leave the collector's
        # full passes, which otherwise walk them all while a cold read makes thousands of dicts.
        import gc

        self.call_after_refresh(gc.freeze)


def run_org_app(location: str, tv: bool = False) -> None:
    from repdash.ui.run import run_app

    run_app(OrgApp(location, tv=tv), "the org board")


def main(argv: list[str] | None = None) -> None:
    """`python -m repdash.ui.org_app LOCATION`: the org board for `repdash serve --org` (one per tab)."""
    import sys

    from repdash.ui.serve_limits import die_with_parent

    die_with_parent()  # like every served board: a server killed outright takes it with it (Linux)

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m repdash.ui.org_app LOCATION", file=sys.stderr)
        sys.exit(2)
    OrgApp(args[0], tv=True).run()


if __name__ == "__main__":
    main()
