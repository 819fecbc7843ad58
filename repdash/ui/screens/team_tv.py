"""`repdash team --tv`: a wall screen. Large type, auto-refresh, rotates standings and momentum."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Digits, Static

from repdash.ui.screens.team import TeamData, momentum_text, spark

ROTATE = 15.0  # seconds per page


class TeamTvScreen(TeamData, Screen):
    DEFAULT_CSS = """
    TeamTvScreen { layout: vertical; background: $background; }
    TeamTvScreen #tv-title { height: 1; content-align: center middle; text-style: bold; background: $panel; }
    TeamTvScreen #tv-banner { height: auto; display: none; background: $warning 30%; padding: 0 1; }
    TeamTvScreen #tv-banner.show { display: block; }
    TeamTvScreen ContentSwitcher { height: 1fr; }
    TeamTvScreen .tv-row { height: 3; }
    TeamTvScreen .tv-rank { width: 8; color: $accent; }
    TeamTvScreen .tv-name { width: 1fr; height: 3; content-align: left middle; text-style: bold; padding: 0 1; }
    TeamTvScreen .tv-pct { width: auto; min-width: 14; }
    TeamTvScreen .tv-pct.good { color: $success; }
    TeamTvScreen #tv-momentum { align: center middle; }
    TeamTvScreen .tv-label { width: 100%; content-align: center middle; text-style: bold; }
    TeamTvScreen .tv-big { width: auto; }
    TeamTvScreen .tv-center { width: 100%; height: auto; align: center middle; }
    TeamTvScreen #tv-spark { width: 100%; content-align: center middle; color: $accent; }
    TeamTvScreen #tv-foot { height: 1; color: $text-muted; content-align: center middle; }
    """
    BINDINGS = [
        Binding("n", "next_page", "Next page", id="tv_next"),
        Binding("escape", "close", "Back", id="tv_back"),
        Binding("q", "app.quit", "Quit", id="tv_quit", show=False),
    ]
    ROWS = 5

    def compose(self) -> ComposeResult:
        yield Static("", id="tv-title", markup=False)
        yield Static("", id="tv-banner", markup=False)
        with ContentSwitcher(initial="tv-standings"):
            yield Vertical(id="tv-standings")
            with Vertical(id="tv-momentum"):
                yield Static("AT STANDARD TODAY", classes="tv-label", markup=False)
                with Horizontal(classes="tv-center"):
                    yield Digits("0%", id="tv-today", classes="tv-big")
                yield Static("", id="tv-today-of", classes="tv-label", markup=False)
                yield Static("THIS WEEK", classes="tv-label", markup=False)
                with Horizontal(classes="tv-center"):
                    yield Digits("0%", id="tv-week", classes="tv-big")
                yield Static("", id="tv-spark", markup=False)
        yield Static("", id="tv-foot", markup=False)

    def on_mount(self) -> None:
        self.ROWS = max(3, (self.app.size.height - 4) // 3)
        self.set_interval(ROTATE, self.action_next_page)
        self.start_data()

    def action_next_page(self) -> None:
        sw = self.query_one(ContentSwitcher)
        sw.current = "tv-momentum" if sw.current == "tv-standings" else "tv-standings"

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def render_state(self, reason: str) -> None:
        self.state_reason = reason
        if not self.children:
            return
        banner = self.query_one("#tv-banner", Static)
        text = self.banner_text(reason)
        banner.update(Text(text))
        banner.set_class(bool(text), "show")

    def render_view(self, view: dict[str, Any]) -> None:
        if not self.children:
            return
        self.query_one("#tv-title", Static).update(Text(f"TEAM STANDINGS · {view.get('date', '')} · % of own target this week"))
        box = self.query_one("#tv-standings", Vertical)
        box.remove_children()
        ranked = [r for r in view.get("reps", []) if r.get("rank")][: self.ROWS]
        rows = []
        for r in ranked:
            pct = min(int(round(r.get("week_pct", 0))), 999)
            rows.append(Horizontal(
                Digits(str(r["rank"]), classes="tv-rank"),
                Static(Text(r["name"] + ("  ✓" if r.get("at_standard") else "")), classes="tv-name", markup=False),
                Digits(f"{pct}%", classes="tv-pct" + (" good" if pct >= 100 else "")),
                classes="tv-row",
            ))
        if rows:
            box.mount_all(rows)
        else:
            box.mount(Static("No ranked reps yet.", classes="tv-label", markup=False))
        m = view.get("momentum") or {}
        today, week = m.get("today") or {"at": 0, "of": 0, "pct": 0}, m.get("week") or {"pct": 0}
        self.query_one("#tv-today", Digits).update(f"{today['pct']:.0f}%")
        self.query_one("#tv-week", Digits).update(f"{week['pct']:.0f}%")
        self.query_one("#tv-today-of", Static).update(Text(f"{today['at']} of {today['of']} reps"))  # managers are not counted
        trend = m.get("trend") or []
        self.query_one("#tv-spark", Static).update(Text(f"last 10 working days  {spark(trend)}" if trend else ""))
        self.query_one("#tv-foot", Static).update(momentum_text(view))
