"""The team board: standings by % of target or standard (the higher), momentum, tiers, proposals, coaching prompts.

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
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from repdash.core.kinds import FUNNEL, label
from repdash.core.text import clean
from repdash.core.wording import count, versus
from repdash.ui.palette import ActionCommands
from repdash.ui.screens.team_contests import ContestsPane
from repdash.ui.screens.team_roster import (
    ASK_PREFIX,
    ASKING_ROW,
    ConfirmAccept,
    ConfirmRemove,
    asking_cells,
    asking_divider,
    asking_rows,
)
from repdash.ui.syncing import (
    SyncStateChanged,
    TeamListener,
    TeamUpdated,
    WatchFailed,
    WatchRead,
    WatchSame,
    failed_toast,
    synced_toast,
    watch_every,
)

SPARK = "▁▂▃▄▅▆▇█"
BANNERS = {
    "offline": "Offline: the team file is not reachable. Showing the board from {at}; retrying.",
    "missing": "No team file yet: the first `repdash sync` starts it.",
    "busy": "The team file is busy (other reps are syncing). Showing the board from {at}; retrying.",
    "truncated": "The team file looks truncated: it is left untouched. Showing the last good board ({at}). "
    "To recover: restore it, or `repdash team repair` (moves it aside; the next syncs rebuild it).",
    "corrupt": "The team file cannot be parsed: it is left untouched. Showing the last good board ({at}). "
    "To recover: restore it, or `repdash team repair` (moves it aside; the next syncs rebuild it).",
    "foreign": "The team file is not a repdash team file: it is left untouched.",
    "newer": "The team file is from a newer repdash: upgrade to read it. Showing the board from {at}.",
    "too_large": "The team file is too large to read safely: it is left untouched.",
    "none": "No team file configured: `repdash init --team-file PATH` or REPDASH_TEAM_FILE.",
    # A signed team location (services/team_layout.py).
    "owner_changed": "The team's owner changed since you joined: refused. If that was intended: `repdash team trust`.",
    "signature": "The team manifest has a bad signature: refused. Showing the last good board ({at}).",
    "rolled_back": "The team manifest was rolled back: refused. Showing the last good board ({at}).",
    "duplicate": "⚠ {problem}",
    "error": "⚠ {problem}. Showing the last good board ({at}); retrying.",
}


SHORT = {"call": "calls", "pitch": "pitches", "commit": "commits", "deal": "deals"}
TABS = ("standings", "tiers-tab", "proposals", "contests")
MANAGERS_ROW = "__managers"  # the divider above the managers: not a person, the cursor skips it
WIDE = 100  # from this width the board shows the level column and longer names


def standings_columns(width: int) -> list[tuple[str, str, int]]:
    """(key, title, width) of the standings at a terminal `width`: every column fits, none runs into the next.

    The coaching prompt gets what is left (at least 16); the days below have their own column.
    """
    wide = width >= WIDE
    cols = [
        ("rank", "#", 3),
        ("name", "Rep", 24 if wide else 14),
        ("today", "Today", 5),
        ("week", "Week", 5),
        ("std", "Std", 3),
    ]
    if wide:
        cols += [("streak", "Strk", 4), ("level", "Lv", 2)]
    cols += [("synced", "Sync", 6), ("below", "Below", 5)]
    # Each column has one cell of padding either side; keep two cells for the vertical scrollbar.
    coach = max(16, width - sum(w + 2 for _, _, w in cols) - 2 - 2)
    return cols + [("coach", "Coach to", coach)]


def fit(text: Text, width: int) -> Text:
    """One line of at most `width` cells, cut with an ellipsis."""
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    from datetime import date

    d = date.fromisoformat(iso[:10])
    return f"{d:%a} {d.day} {d:%b}"  # strftime: no locale data to load


def spark(values: list) -> str:
    return "".join(
        " " if v is None else SPARK[min(int(v / 100 * (len(SPARK) - 1) + 0.5), len(SPARK) - 1)] for v in values
    )


def pct_text(p: float | None) -> Text:
    if p is None:
        return Text("–", style="dim")
    style = "bold green" if p >= 100 else ("yellow" if p >= 50 else "red")
    return Text(f"{p:.0f}%", style=style)


def hhmm(iso: str | None, today: str | None) -> str:
    """A sync time as the rep wrote it: "10:03" today, "25 Nov" on an earlier date."""
    if not iso:
        return "–"
    if today and iso[:10] != today:
        return _day(iso).split(" ", 1)[1]
    return iso[11:16]


class BoardCommands(ActionCommands):
    """The board's own actions (tabs, legend, 1:1, reload) in the command palette, beside the app's."""

    def _commands(self):
        screen = self.screen
        for binding in type(screen).BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.description and binding.id != "team_back":
                if screen.check_action(binding.action.partition("(")[0], ()) is not False:
                    yield binding.description, binding.tooltip or binding.description, binding.action

    def _runner(self, action: str):
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run


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
            self.read_team(
                self._backend, None if force else self._sig, store.tz if store.initialized else "UTC", self.app.now()
            )

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

    manual_read = False  # `r` asked for this read: its outcome gets a toast

    def on_watch_read(self, message: WatchRead) -> None:
        self._sig = message.signature
        self._show(message.view)
        self.render_state("")
        if self.manual_read:
            self.manual_read = False
            text = synced_toast(self._hhmm_now(), message.view).replace("Synced at", "Read the team file at", 1)
            self.app.notify(text, title="Team board", markup=False)

    def _hhmm_now(self) -> str:
        store = self._store()
        return self.app.now().in_timezone(store.tz if store.initialized else "UTC").format("HH:mm")

    def on_watch_failed(self, message: WatchFailed) -> None:
        self._sig = None
        # A team-file problem carries its reason; anything else (a bug, bad data that got past
        # validation) is named in the banner, never mistaken for "offline", never fatal.
        error = clean(f"{type(message.error).__name__}: {message.error}", 80)
        self.problem = f"the team board could not be built ({error})"
        self.render_state(getattr(message.error, "reason", "error"))
        if self.manual_read:
            self.manual_read = False
            self.app.notify(
                failed_toast(message.error),
                title=f"Reading the team file failed at {self._hhmm_now()}",
                severity="warning",
                markup=False,
            )

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
    """The manager's team board (also what reps see with `g`).

    It drives like a table: focus starts on the standings, ↑/↓ move the cursor, Enter opens the
    row under it (the 1:1 view for a manager, a read-only summary for a rep), 1/2/3 or ←/→ switch
    tabs, ? opens the legend.
    """

    DEFAULT_CSS = """
    TeamScreen { layout: vertical; }
    TeamScreen #team-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    TeamScreen #team-banner { height: auto; padding: 0 1; background: $warning 30%; color: $text; display: none; }
    TeamScreen #team-banner.show { display: block; }
    TeamScreen #team-banner.bad { background: $error 40%; }
    TeamScreen #team-momentum { height: auto; padding: 0 1; }
    TeamScreen TabbedContent { height: 1fr; }
    TeamScreen DataTable { height: 1fr; }
    TeamScreen #tiers-scroll { padding: 0 1; }
    TeamScreen #team-foot { height: 1; padding: 0 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#standings-table"
    COMMANDS = {BoardCommands}

    BINDINGS = [
        Binding("escape", "close", "Back", id="team_back", tooltip="Back to the dashboard"),
        # Priority: Enter opens the row at once, so keys typed right after it reach the 1:1 view.
        Binding(
            "enter",
            "detail",
            "1:1",
            id="team_detail",
            priority=True,
            tooltip="The rep under the cursor: 1:1 view with trend, math and private notes",
        ),
        Binding(
            "enter",
            "summary",
            "Details",
            id="team_summary",
            priority=True,
            tooltip="The rep under the cursor: a read-only summary",
        ),
        # ←/→ switch tabs (the table fits the screen: nothing to scroll sideways).
        Binding(
            "right",
            "next_tab(1)",
            "Tabs",
            id="team_next_tab",
            key_display="←→",
            priority=True,
            tooltip="Next tab: Standings, Tiers, Proposals, Contests",
        ),
        Binding(
            "left",
            "next_tab(-1)",
            "Previous tab",
            id="team_prev_tab",
            show=False,
            priority=True,
            tooltip="Previous tab",
        ),
        Binding(
            "question_mark",
            "legend",
            "Legend",
            id="team_legend",
            tooltip="What every symbol and key on the board means",
        ),
        Binding("r", "reload", "Reload", id="team_reload", tooltip="Read the team file now"),
        Binding("a", "admit", "Admit", id="team_admit", tooltip="Admit the rep under the cursor (asking to join)"),
        Binding(
            "x",
            "remove",
            "Remove",
            id="team_remove",
            show=False,
            tooltip="Remove the rep under the cursor from the team",
        ),
        Binding(
            "p",
            "accept_proposal",
            "Accept proposal",
            id="team_accept",
            show=False,
            tooltip="Accept the proposal under the cursor on the Proposals tab (counted from today on)",
        ),
        Binding(
            "1",
            "tab('standings')",
            "Standings",
            id="team_tab_standings",
            show=False,
            tooltip="Standings: reps by % of target or standard (the higher), coaching prompts",
        ),
        Binding(
            "2",
            "tab('tiers')",
            "Tiers",
            id="team_tab_tiers",
            show=False,
            tooltip="Tiers: what top, middle and bottom performers do per day",
        ),
        Binding("4", "tab('contests')", "Contests", id="team_tab_contests", show=False, tooltip="Contests: standings"),
        Binding(
            "3",
            "tab('proposals')",
            "Proposals",
            id="team_tab_proposals",
            show=False,
            tooltip="Proposals: reps' own daily targets against the standard",
        ),
    ]

    def __init__(self, view: dict[str, Any] | None = None, state: str = "") -> None:
        super().__init__()
        self.view = view
        self.state_reason = state
        self._row_ids: list[str] = []
        self._cursor = 0  # the row the cursor was on, to step over the managers' divider
        self._cols: list[tuple[str, str, int]] = []

    def compose(self) -> ComposeResult:
        from textual.containers import VerticalScroll

        yield Static("Team board", id="team-title", markup=False)
        yield Static("", id="team-banner", markup=False)
        yield Static("", id="team-momentum", markup=False)
        with TabbedContent(initial="standings"):
            with TabPane("1 Standings", id="standings"):
                yield DataTable(id="standings-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Tiers", id="tiers-tab"):
                with VerticalScroll(id="tiers-scroll"):
                    yield Static("", id="tiers", markup=False)
            with TabPane("3 Proposals", id="proposals"):
                yield DataTable(id="proposals-table", cursor_type="row")
            with TabPane("4 Contests", id="contests"):  # issue 23: its own module
                yield ContestsPane(id="contests-pane")
        yield Static("", id="team-foot", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._build_columns(self.app.size.width)
        if self.state_reason:
            self.render_state(self.state_reason)
        self.start_data()

    def on_resize(self) -> None:
        if self._cols != standings_columns(self.app.size.width):
            self._build_columns(self.app.size.width)
            if self.view is not None:
                self._fill_standings(self.view)

    def _build_columns(self, width: int) -> None:
        table = self.query_one("#standings-table", DataTable)
        table.clear(columns=True)
        self._cols = standings_columns(width)
        for key, title, w in self._cols:
            table.add_column(title, key=key, width=w)

    @property
    def active_bindings(self) -> dict:
        """What the footer shows: the board's own keys and Quit. Under the dashboard its keys (log,
        targets, ...) still work here, but in the footer they would push Quit and the palette off an
        80-column line; help and the palette list them."""
        return {
            key: b
            for key, b in super().active_bindings.items()
            if b.node is not self.app or b.binding.action in ("quit", "app.quit", "command_palette")
        }

    @property
    def viewer_is_manager(self) -> bool:
        if self.view and self.view.get("layout"):  # a signed team: authority, not the home's own flag
            return bool(self.view.get("authority"))
        store = self._store()
        try:
            return store.initialized and store.config.manager
        except Exception:
            return False

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # One Enter key, two meanings: the 1:1 view (and its private notes) is for managers only.
        if action == "detail":
            return self.viewer_is_manager
        if action == "summary":
            return not self.viewer_is_manager
        if action in (
            "admit",
            "remove",
            "accept_proposal",
        ):  # the roster of a signed team, for a manager with authority
            return bool(self.view and self.view.get("layout") and self.view.get("authority"))
        return True

    # ---- actions ----------------------------------------------------------
    def action_close(self) -> None:
        if len(self.app.screen_stack) > 2 or getattr(self.app, "sync", None) is not None:
            self.app.pop_screen()
        else:
            self.app.exit()

    def action_reload(self) -> None:
        controller = getattr(self.app, "sync", None)
        if controller is not None and getattr(controller, "started", False):
            controller.request_sync("manual")  # under the dashboard: a full sync, answered by its toast
            return
        self.manual_read = True
        self.poll(force=True)

    def action_tab(self, tab: str) -> None:
        pane = {"tiers": "tiers-tab"}.get(tab, tab)
        self.query_one(TabbedContent).active = pane
        target = {
            "standings": "#standings-table",
            "tiers-tab": "#tiers-scroll",
            "proposals": "#proposals-table",
            "contests": "#contests-pane",
        }[pane]
        self.query_one(target).focus()

    def action_next_tab(self, step: int) -> None:
        active = self.query_one(TabbedContent).active
        i = TABS.index(active) if active in TABS else 0
        self.action_tab(TABS[(i + step) % len(TABS)])

    def action_legend(self) -> None:
        from repdash.ui.screens.team_legend import BoardLegendScreen

        self.app.push_screen(BoardLegendScreen(manager=self.viewer_is_manager))

    def action_summary(self) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        if self.query_one(TabbedContent).active != "standings":
            return
        table = self.query_one("#standings-table", DataTable)
        if not self.view or not self._row_ids or table.cursor_row is None:
            return
        rep_id = self._row_ids[min(table.cursor_row, len(self._row_ids) - 1)]
        row = next((r for r in self.view["reps"] if r["rep_id"] == rep_id), None)
        if row is not None:
            from repdash.ui.screens.team_detail import RepDetailScreen

            self.app.push_screen(RepDetailScreen(row, self.view, private=self.viewer_is_manager))

    def _cursor_id(self) -> str | None:
        table = self.query_one("#standings-table", DataTable)
        if not self._row_ids or table.cursor_row is None:
            return None
        return self._row_ids[min(table.cursor_row, len(self._row_ids) - 1)]

    def action_admit(self) -> None:
        rep_id = self._cursor_id()
        if rep_id and rep_id.startswith(ASK_PREFIX):
            self._roster_change("admit", rep_id[len(ASK_PREFIX) :])

    def action_remove(self) -> None:
        rep_id = self._cursor_id()
        row = next((r for r in (self.view or {}).get("reps", []) if r["rep_id"] == rep_id), None)
        if row is None or row.get("manager"):
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._roster_change("remove", row["rep_id"])

        self.app.push_screen(ConfirmRemove(row["name"]), answered)

    def action_accept_proposal(self) -> None:
        if self.query_one(TabbedContent).active != "proposals":
            self.action_tab("proposals")
            return
        table = self.query_one("#proposals-table", DataTable)
        if table.cursor_row is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value or ""
        props = ((self.view or {}).get("proposals") or {}).get("reps", [])
        p = next((p for p in props if "p-" + p["rep_id"] == key), None)
        if p is None:
            return
        if not p.get("proposal"):
            self.app.notify(f"{clean(p['name'], 60)} has no proposal to accept.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._roster_change("accept", p["rep_id"])

        self.app.push_screen(ConfirmAccept(p["name"], p["proposal"]), answered)

    @work(thread=True, exclusive=True, group="team-roster", exit_on_error=False)
    def _roster_change(self, action: str, rep_id: str) -> None:
        from repdash.services import team_admin
        from repdash.sync.service import require_backend

        store = self._store()
        try:
            stamp = self.app.now().in_timezone(store.tz).isoformat()  # accept: the manager's date
            done = getattr(team_admin, action)(store, require_backend(store), rep_id, stamp)
        except Exception as exc:
            self.app.call_from_thread(self.app.notify, clean(str(exc), 200), severity="error", markup=False)
            return
        if action == "accept":
            done = f"{done[0]}'s proposal"
        verb = {"admit": "is on the team", "remove": "was removed from the team"}.get(
            action, "is accepted from today on"
        )
        self.app.call_from_thread(self.app.notify, f"{clean(done, 60)} {verb}.", markup=False)
        self.app.call_from_thread(self.poll, True)

    @on(DataTable.RowSelected, "#standings-table")
    def _selected(self) -> None:
        self.action_detail()  # a mouse click on a row

    @on(DataTable.RowHighlighted, "#standings-table")
    def _step_over_divider(self, event: DataTable.RowHighlighted) -> None:
        row = event.cursor_row
        if event.row_key.value in (MANAGERS_ROW, ASKING_ROW):
            table = event.data_table
            step = 1 if row >= self._cursor else -1
            target = row + step if 0 <= row + step < table.row_count else row - step
            if 0 <= target < table.row_count:
                table.move_cursor(row=target)
                return
        self._cursor = row

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
        title.append(
            " · ".join(f"{n} {SHORT.get(k, k) if n != 1 else k}" for k, n in std.items() if k in FUNNEL)
            if std
            else "not set",
            style="" if std else "dim",
        )
        self.query_one("#team-title", Static).update(title)
        self.query_one("#team-momentum", Static).update(momentum_text(view))
        self._fill_standings(view)
        self.query_one("#tiers", Static).update(tiers_text(view))
        self._fill_proposals(view)
        self.query_one(ContestsPane).show(view)
        counts = view.get("counts", {})
        managers = counts.get("managers", 0)
        reps = counts.get("sellers", counts.get("reps", len(view.get("reps", []))) - managers)
        foot = Text(count(reps, "rep"))
        if managers:
            foot.append(f" · {count(managers, 'manager')}")
        if counts.get("hidden"):
            foot.append(f" · {counts['hidden']} hidden (counted in momentum)")
        elif view.get("hidden_count") and not view.get("authority"):
            foot.append(f" · {view['hidden_count']} rep{'s' if view['hidden_count'] != 1 else ''} hidden")
        if view.get("away_count"):
            foot.append(f" · {view['away_count']} away")
        bench = view.get("benchmarks") or {}
        if (
            view.get("board") == "benchmarks"
            and not view.get("authority")
            and bench.get("top_half_week_pct") is not None
        ):
            foot.append(
                f" · this week, top quarter from {bench['top_quarter_week_pct']:.0f}%, "
                f"top half from {bench['top_half_week_pct']:.0f}%",
                style="bold",
            )
        if view.get("ignored"):
            foot.append(f" · {view['ignored']} ignored (signature or roster)", style="bold yellow")
        skipped = view.get("skipped", 0)
        if skipped:
            foot.append(f" · {count(skipped, 'invalid entry', 'invalid entries')} skipped", style="bold yellow")
        if view.get("bad_copies"):
            foot.append(f" · {count(view['bad_copies'], 'unreadable conflict copy', 'unreadable conflict copies')}")
        foot.append(" · ? legend", style="dim")
        self.query_one("#team-foot", Static).update(foot)

    def _fill_standings(self, view: dict[str, Any]) -> None:
        table = self.query_one("#standings-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        self._row_ids = []
        today = view.get("date")
        width = {key: w for key, _, w in self._cols}
        reps = view.get("reps", [])
        divider = False
        for r in reps:
            if r.get("manager") and not divider:
                divider = True
                self._add_divider(table, width)
            table.add_row(*self._cells(r, today, width), key=r["rep_id"])
            self._row_ids.append(r["rep_id"])
        asking = asking_rows(view)
        if asking:
            table.add_row(*asking_divider(width, fit), key=ASKING_ROW)
            self._row_ids.append(ASKING_ROW)
            for a in asking:
                table.add_row(*asking_cells(a, width, fit), key=a["rep_id"])
                self._row_ids.append(a["rep_id"])
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)

    def _add_divider(self, table: DataTable, width: dict[str, int]) -> None:
        """ "Setting the example": the managers below are measured on 1:1s and coaching, apart from the reps."""
        cells = {key: Text("") for key in width}
        cells["rank"] = Text("───", style="dim")
        cells["name"] = fit(Text("Managers", style="bold"), width["name"])
        cells["coach"] = fit(Text("Setting the example", style="italic"), width["coach"])
        table.add_row(*(cells[key] for key in width), key=MANAGERS_ROW)
        self._row_ids.append(MANAGERS_ROW)

    def _cells(self, r: dict[str, Any], today: str | None, width: dict[str, int]) -> list[Text]:
        if r.get("rank"):
            rank = Text(str(r["rank"]), style="bold")
        elif r.get("manager"):
            rank = Text("mgr", style="italic cyan")
        else:
            rank = Text("–", style="dim")
        name = Text(r["name"], style="dim" if r.get("hidden") or r.get("away") else "")
        name = fit(name, width["name"] - (2 if r.get("hidden") else 0) - (7 if r.get("away") else 0))
        if r.get("hidden"):
            name.append(" ⊘", style="dim")
        if r.get("away"):
            name.append(" (away)", style="dim")
        below = Text(f"{r['days_below']}d↓", style="red") if r.get("days_below") else Text("")
        cells = {
            "rank": rank,
            "name": name,
            "today": pct_text(r.get("today_pct")),
            "week": pct_text(r.get("week_pct")),
            "std": Text("✓", style="bold green") if r.get("at_standard") else Text("·", style="dim"),
            "streak": Text(f"{r.get('streak', 0)}d" if r.get("streak") else "–"),
            "level": Text(str(r.get("level", 1))),
            "synced": Text(hhmm(r.get("last_sync"), today), style="dim" if r.get("stale") else ""),
            "below": below,
            "coach": fit(Text(r.get("coaching") or "", style="yellow"), width["coach"]),
        }
        return [cells[key] for key in width]

    def _fill_proposals(self, view: dict[str, Any]) -> None:
        table = self.query_one("#proposals-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        props = view.get("proposals") or {}
        kinds = props.get("kinds") or list(FUNNEL)
        table.add_column("Daily targets", key="who")
        for k in kinds:
            table.add_column(label(k), key=k)

        def cells(values: dict, style: str = "") -> list[Text]:
            return [Text("–" if values.get(k) is None else f"{values[k]:g}", style=style) for k in kinds]

        table.add_row(
            Text("Team standard", style="bold"), *cells(props.get("standard") or {}, "bold"), key="__standard"
        )
        table.add_row(
            Text("Median proposal", style="italic"), *cells(props.get("median") or {}, "italic"), key="__median"
        )
        std = props.get("standard") or {}
        for p in props.get("reps", []):
            row = []
            accepted = (p.get("accepted") or {}).get("targets") or {}
            for k in kinds:
                v, s = p["targets"].get(k), std.get(k)
                style = "" if v is None or s is None else ("green" if v > s else ("red" if v < s else ""))
                if v is not None and s is not None and k in accepted and accepted[k] <= v < s:
                    row.append(Text(f"{v} ✓", style="cyan"))  # below the standard, accepted: it counts
                    continue
                row.append(Text("–" if v is None else str(v), style=style))
            who = Text(p["name"])
            if accepted:
                who.append(f" ✓ from {p['accepted']['from']}", style="cyan")
            table.add_row(who, *row, key="p-" + p["rep_id"])
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)  # a reload (after `p`) keeps the manager's place


def momentum_text(view: dict[str, Any]) -> Text:
    m = view.get("momentum") or {}
    today, week = m.get("today") or {"at": 0, "of": 0, "pct": 0.0}, m.get("week") or {"at": 0, "of": 0, "pct": 0.0}
    t = Text("At standard ", style="bold")
    t.append("today ")
    t.append(
        f"{today['at']}/{today['of']} {today['pct']:.0f}%", style="bold green" if today["pct"] >= 50 else "bold yellow"
    )
    t.append(" · week ")
    t.append(
        f"{week['at']}/{week['of']} {week['pct']:.0f}%", style="bold green" if week["pct"] >= 50 else "bold yellow"
    )
    last = m.get("last_week_pct")
    if last is not None:
        delta = week["pct"] - last
        t.append(f" {versus(delta)}", style="green" if delta >= 0 else "red")
    trend = m.get("trend") or []
    if any(v is not None for v in trend):
        t.append(" · 10d ", style="dim")
        t.append(spark(trend), style="cyan")
    return t


TIER_KINDS = {"call": "Calls", "pitch": "Pitches", "commit": "Commits", "deal": "Deals"}
TIER_RATES = (("pitch_per_call", "p/call"), ("commit_per_pitch", "c/pitch"), ("deal_per_commit", "d/commit"))


def tiers_text(view: dict[str, Any]) -> Text:
    """The tiers as a fixed-width table of 76 cells: fits an 80-column terminal without wrapping."""
    t = Text()
    t.append("The reality check: what each tier actually does per working day\n", style="dim")
    t.append("(tiers by period pace; rates from each rep's last 20 working days)\n\n", style="dim")
    header = f"{'tier':<7}{'reps':>4}{'pace':>6}" + "".join(f"{TIER_KINDS[k]:>8}" for k in FUNNEL)
    header += "".join(f"{name:>9}" for _, name in TIER_RATES) + "\n"
    t.append(header, style="bold")
    for tier in view.get("tiers", []):
        pace = f"{tier['pace']:.0f}%" if tier.get("pace") is not None else "–"
        t.append(f"{tier['tier']:<7}{tier['count']:>4}{pace:>6}")
        for k in FUNNEL:
            v = tier["avg_per_day"].get(k)
            t.append(f"{'–' if v is None else f'{v:g}':>8}")
        r = tier["rates"]
        t.append("".join(f"{'–' if r.get(k) is None else f'{r[k]:.2f}':>9}" for k, _ in TIER_RATES) + "\n")
    for tier in view.get("tiers", []):
        if tier.get("names"):
            t.append(f"\n{tier['tier']}: ", style="bold")
            t.append(", ".join(tier["names"]))
    return t
