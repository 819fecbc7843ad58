"""The team board: standings by % of own target, momentum, tiers, proposals, coaching prompts.

Pushed by `g` from the dashboard, and the main screen of `repdash team`. Names
come from the shared file: they are untrusted and always rendered as plain
`Text` (never markup). Reading the file happens in a worker; the screen only
renders the `TeamUpdated` / `SyncStateChanged` messages it receives.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from repdash.core.kinds import FUNNEL, label
from repdash.core.text import clean
from repdash.ui.syncing import SyncStateChanged, TeamListener, TeamUpdated, WatchFailed, WatchRead, WatchSame, watch_every

SPARK = "▁▂▃▄▅▆▇█"
BANNERS = {
    "offline": "Offline: the team file is not reachable. Showing the board from {at}; retrying.",
    "missing": "No team file yet: the first `repdash sync` starts it.",
    "busy": "The team file is busy (other reps are syncing). Showing the board from {at}; retrying.",
    "truncated": "The team file looks truncated: it is left untouched. Showing the last good board ({at}).",
    "corrupt": "The team file cannot be parsed: it is left untouched. Showing the last good board ({at}).",
    "foreign": "The team file is not a repdash team file: it is left untouched.",
    "newer": "The team file is from a newer repdash: upgrade to read it. Showing the board from {at}.",
    "too_large": "The team file is too large to read safely: it is left untouched.",
    "none": "No team file configured: `repdash init --team-file PATH` or REPDASH_TEAM_FILE.",
    "error": "⚠ {problem}. Showing the last good board ({at}); retrying.",
}


SHORT = {"call": "calls", "pitch": "pitches", "commit": "commits", "deal": "deals"}


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    import pendulum

    return pendulum.parse(iso).format("ddd D MMM")


def spark(values: list) -> str:
    return "".join(" " if v is None else SPARK[min(int(v / 100 * (len(SPARK) - 1) + 0.5), len(SPARK) - 1)] for v in values)


def pct_text(p: float | None) -> Text:
    if p is None:
        return Text("–", style="dim")
    style = "bold green" if p >= 100 else ("yellow" if p >= 50 else "red")
    return Text(f"{p:.0f}%", style=style)


def hhmm(iso: str | None, today: str | None) -> str:
    if not iso:
        return "–"
    if today and iso[:10] != today:
        return iso[5:10]
    return iso[11:16]


class TeamData(TeamListener):
    """Loading and watching the team view; subclasses implement render_view / render_state.

    Under the dashboard, its sync controller posts `TeamUpdated` / `SyncStateChanged` here.
    Under `repdash team` (no controller) the screen watches the team file itself: a thread
    worker checks its signature and reads it (never writing the store's cache), and posts
    `WatchRead` / `WatchSame` / `WatchFailed` back to this screen.
    """

    view: dict[str, Any] | None = None
    state_reason: str = ""
    problem: str = ""  # the last unexpected error, for the "error" banner
    _sig: Any = None
    _backend: Any = None

    def _store(self):
        return self.app.store

    def start_data(self) -> None:
        from repdash.sync.service import cached_view, open_backend

        if self.view is None:
            cached = cached_view(self._store()) if self._store().initialized else None
            if cached and cached.get("reps") is not None:
                self.view = cached
        if self.view is not None:
            self.render_view(self.view)
        try:
            self._backend = open_backend(self._store())
        except Exception:
            self._backend = None
        if self._backend is None:
            self.render_state("none")
            return
        controller = getattr(self.app, "sync", None)
        if not (controller is not None and getattr(controller, "started", False)):
            self.set_interval(watch_every(self._backend), self.poll)  # no sync controller (repdash team): watch here
        self.poll(force=True)

    def poll(self, force: bool = False) -> None:
        if self._backend is not None:
            store = self._store()
            self.read_team(self._backend, None if force else self._sig, store.tz if store.initialized else "UTC",
                           self.app.now())

    @work(thread=True, exclusive=True, group="team-read", exit_on_error=False)
    def read_team(self, backend, known, tz: str, now) -> None:
        from repdash.sync.service import team_view

        try:
            sig = backend.signature()
            if sig == known and known is not None:
                self.post_message(WatchSame())
                return
            self.post_message(WatchRead(team_view(self._store(), now, backend=backend, tz=tz, cache=False), sig))
        except Exception as exc:
            self.post_message(WatchFailed(exc))

    def on_watch_read(self, message: WatchRead) -> None:
        self._sig = message.signature
        self._show(message.view)
        self.render_state("")

    def on_watch_failed(self, message: WatchFailed) -> None:
        self._sig = None
        # A team-file problem carries its reason; anything else (a bug, bad data that got past
        # validation) is named in the banner, never mistaken for "offline", never fatal.
        error = clean(f"{type(message.error).__name__}: {message.error}", 80)
        self.problem = f"the team board could not be built ({error})"
        self.render_state(getattr(message.error, "reason", "error"))

    def on_team_updated(self, message: TeamUpdated) -> None:
        self._show(message.view)

    def _show(self, view: dict[str, Any]) -> None:
        self.view = view
        if self.state_reason in ("offline", "missing", "busy"):
            self.render_state("")
        self.render_view(view)

    def on_sync_state_changed(self, message: SyncStateChanged) -> None:
        if message.reason == "error":  # the dashboard's worker met something unexpected: its status line says what
            self.problem = message.text.removeprefix("⚠ ")
        self.render_state("" if message.ok else message.reason or "offline")

    def banner_text(self, reason: str) -> str:
        if not reason:
            return ""
        at = hhmm((self.view or {}).get("at"), None) if self.view else "–"
        problem = self.problem or reason
        text = BANNERS.get(reason, "Team sync problem: {at}").format(at=at, problem=problem[:1].upper() + problem[1:])
        if reason == "error" and not self.view:
            text = text.split(". Showing")[0] + ". No board to show yet; retrying."
        if reason == "offline" and not self.view:
            text = "Offline: the team file is not reachable and no board is cached yet; retrying."
        return text


class TeamScreen(TeamData, Screen):
    """The manager's team board (also what reps see with `g`)."""

    DEFAULT_CSS = """
    TeamScreen { layout: vertical; }
    TeamScreen #team-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TeamScreen #team-banner { height: auto; padding: 0 1; background: $warning 30%; color: $text; display: none; }
    TeamScreen #team-banner.show { display: block; }
    TeamScreen #team-banner.bad { background: $error 40%; }
    TeamScreen #team-momentum { height: auto; padding: 0 1; }
    TeamScreen TabbedContent { height: 1fr; }
    TeamScreen DataTable { height: 1fr; }
    TeamScreen #tiers { padding: 0 1; }
    TeamScreen #team-foot { height: 1; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "close", "Back", id="team_back", tooltip="Back to the dashboard"),
        Binding("enter", "detail", "1:1", id="team_detail", tooltip="The selected rep: trend, math, private notes"),
        Binding("r", "reload", "Reload", id="team_reload", tooltip="Read the team file now"),
        Binding("1", "tab('standings')", "Standings", show=False),
        Binding("2", "tab('tiers')", "Tiers", show=False),
        Binding("3", "tab('proposals')", "Proposals", show=False),
    ]

    def __init__(self, view: dict[str, Any] | None = None, state: str = "") -> None:
        super().__init__()
        self.view = view
        self.state_reason = state
        self._row_ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("Team board", id="team-title", markup=False)
        yield Static("", id="team-banner", markup=False)
        yield Static("", id="team-momentum", markup=False)
        with TabbedContent(initial="standings"):
            with TabPane("Standings", id="standings"):
                yield DataTable(id="standings-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Tiers", id="tiers-tab"):
                yield Static("", id="tiers", markup=False)
            with TabPane("Proposals", id="proposals"):
                yield DataTable(id="proposals-table", cursor_type="row")
        yield Static("", id="team-foot", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#standings-table", DataTable)
        wide = self.app.size.width >= 110
        cols = [("rank", "#", 3), ("name", "Rep", 24 if wide else 14), ("today", "Today", 5), ("week", "Week", 5),
                ("std", "Std", 3), ("streak", "Strk", 4), ("level", "Lv", 2), ("synced", "Sync", 5)]
        coach = max(16, self.app.size.width - 4 - sum(w + 2 for _, _, w in cols) - 2)
        for key, title, width in cols + [("coach", "Coach to", coach)]:
            table.add_column(title, key=key, width=width)
        if self.state_reason:
            self.render_state(self.state_reason)
        self.start_data()

    # ---- actions ----------------------------------------------------------
    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2 or getattr(self.app, "sync", None) is not None:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_reload(self) -> None:
        self.poll(force=True)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = {"tiers": "tiers-tab"}.get(tab, tab)

    def action_detail(self) -> None:
        table = self.query_one("#standings-table", DataTable)
        if not self.view or not self._row_ids or table.cursor_row is None:
            return
        rep_id = self._row_ids[min(table.cursor_row, len(self._row_ids) - 1)]
        row = next((r for r in self.view["reps"] if r["rep_id"] == rep_id), None)
        if row is not None:
            from repdash.ui.screens.team_detail import RepDetailScreen

            self.app.push_screen(RepDetailScreen(row, self.view))

    @on(DataTable.RowSelected, "#standings-table")
    def _selected(self) -> None:
        self.action_detail()

    # ---- rendering -----------------------------------------------------------
    def render_state(self, reason: str) -> None:
        self.state_reason = reason
        if not self.children:
            return
        banner = self.query_one("#team-banner", Static)
        text = self.banner_text(reason)
        banner.update(Text(text))
        banner.set_class(bool(text), "show")
        banner.set_class(reason not in ("", "offline", "missing", "busy", "none"), "bad")

    def render_view(self, view: dict[str, Any]) -> None:
        if not self.children:
            return
        std = view.get("standard")
        title = Text("Team board", style="bold")
        title.append(f" · {_day(view.get('date'))}", style="")
        title.append(" · standard ", style="dim")
        title.append(" · ".join(f"{n} {SHORT.get(k, k) if n != 1 else k}" for k, n in std.items() if k in FUNNEL) if std else "not set",
                     style="" if std else "dim")
        self.query_one("#team-title", Static).update(title)
        self.query_one("#team-momentum", Static).update(momentum_text(view))
        self._fill_standings(view)
        self.query_one("#tiers", Static).update(tiers_text(view))
        self._fill_proposals(view)
        counts = view.get("counts", {})
        foot = Text(f"{counts.get('reps', len(view.get('reps', [])))} on the team")
        if counts.get("hidden"):
            foot.append(f" · {counts['hidden']} hidden (counted in momentum)")
        skipped = view.get("skipped", 0)
        if skipped:
            foot.append(f" · {skipped} invalid entr{'y' if skipped == 1 else 'ies'} skipped", style="bold yellow")
        if view.get("bad_copies"):
            foot.append(f" · {view['bad_copies']} unreadable conflict cop{'y' if view['bad_copies'] == 1 else 'ies'}")
        self.query_one("#team-foot", Static).update(foot)

    def _fill_standings(self, view: dict[str, Any]) -> None:
        table = self.query_one("#standings-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        self._row_ids = []
        today = view.get("date")
        for r in view.get("reps", []):
            if r.get("rank"):
                rank = Text(str(r["rank"]), style="bold")
            elif r.get("manager") and not r.get("hidden"):
                rank = Text("mgr", style="italic cyan")
            else:
                rank = Text("–", style="dim")
            name = Text(r["name"], style="dim" if r.get("hidden") else "")
            if r.get("hidden"):
                name.append(" ⊘", style="dim")
            std = Text("✓", style="bold green") if r.get("at_standard") else Text("·", style="dim")
            coach = Text(r.get("coaching") or "", style="yellow" if r.get("coaching") else "")
            if r.get("days_below"):
                coach.append(f" {r['days_below']}d↓", style="red")  # working days in a row below
            synced = Text(hhmm(r.get("last_sync"), today), style="dim" if r.get("stale") else "")
            table.add_row(rank, name, pct_text(r.get("today_pct")), pct_text(r.get("week_pct")), std,
                          Text(f"{r.get('streak', 0)}d" if r.get("streak") else "–"), Text(str(r.get("level", 1))),
                          synced, coach, key=r["rep_id"])
            self._row_ids.append(r["rep_id"])
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)

    def _fill_proposals(self, view: dict[str, Any]) -> None:
        table = self.query_one("#proposals-table", DataTable)
        table.clear(columns=True)
        props = view.get("proposals") or {}
        kinds = props.get("kinds") or list(FUNNEL)
        table.add_column("Daily targets", key="who")
        for k in kinds:
            table.add_column(label(k), key=k)

        def cells(values: dict, style: str = "") -> list[Text]:
            return [Text("–" if values.get(k) is None else f"{values[k]:g}", style=style) for k in kinds]

        table.add_row(Text("Team standard", style="bold"), *cells(props.get("standard") or {}, "bold"), key="__standard")
        table.add_row(Text("Median proposal", style="italic"), *cells(props.get("median") or {}, "italic"), key="__median")
        std = props.get("standard") or {}
        for p in props.get("reps", []):
            row = []
            for k in kinds:
                v, s = p["targets"].get(k), std.get(k)
                style = "" if v is None or s is None else ("green" if v > s else ("red" if v < s else ""))
                row.append(Text("–" if v is None else str(v), style=style))
            table.add_row(Text(p["name"]), *row, key="p-" + p["rep_id"])


def momentum_text(view: dict[str, Any]) -> Text:
    m = view.get("momentum") or {}
    today, week = m.get("today") or {"at": 0, "of": 0, "pct": 0.0}, m.get("week") or {"at": 0, "of": 0, "pct": 0.0}
    t = Text("At standard ", style="bold")
    t.append("today ")
    t.append(f"{today['at']}/{today['of']} {today['pct']:.0f}%", style="bold green" if today["pct"] >= 50 else "bold yellow")
    t.append(" · week ")
    t.append(f"{week['at']}/{week['of']} {week['pct']:.0f}%", style="bold green" if week["pct"] >= 50 else "bold yellow")
    last = m.get("last_week_pct")
    if last is not None:
        delta = week["pct"] - last
        t.append(f" {'▲' if delta >= 0 else '▼'}{abs(delta):.0f} vs last", style="green" if delta >= 0 else "red")
    trend = m.get("trend") or []
    if any(v is not None for v in trend):
        t.append(" · 10d ", style="dim")
        t.append(spark(trend), style="cyan")
    return t


def tiers_text(view: dict[str, Any]) -> Text:
    t = Text()
    t.append("The reality check: what top, middle and bottom performers actually do per working day\n", style="dim")
    t.append("(tiers by period attainment pace; rates from each rep's last 20 working days)\n\n", style="dim")
    header = f"{'tier':<8}{'reps':>5}{'pace':>7}  " + "".join(f"{label(k)[:7]:>8}" for k in FUNNEL) + "   p/call c/pitch d/commit\n"
    t.append(header, style="bold")
    for tier in view.get("tiers", []):
        pace = f"{tier['pace']:.0f}%" if tier.get("pace") is not None else "–"
        t.append(f"{tier['tier']:<8}{tier['count']:>5}{pace:>7}  ")
        for k in FUNNEL:
            v = tier["avg_per_day"].get(k)
            t.append(f"{'–' if v is None else f'{v:g}':>8}")
        r = tier["rates"]
        t.append("   " + "  ".join(f"{'–' if r.get(k) is None else f'{r[k]:.2f}':>6}"
                                   for k in ("pitch_per_call", "commit_per_pitch", "deal_per_commit")) + "\n")
    for tier in view.get("tiers", []):
        if tier.get("names"):
            t.append(f"\n{tier['tier']}: ", style="bold")
            t.append(", ".join(tier["names"]))
    return t
