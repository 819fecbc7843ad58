"""The team board: standings by % of target or standard (the higher), momentum, tiers, proposals, coaching prompts.

Pushed by `g` from the dashboard, and the main screen of `repdash team`. Names
come from the shared file: they are untrusted and always rendered as plain
`Text` (never markup). Reading the file happens in a worker; the screen only
renders the `TeamUpdated` / `SyncStateChanged` messages it receives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from repdash.core.kinds import FUNNEL, label
from repdash.core.text import clean
from repdash.ui.board_text import day_label
from repdash.ui.palette import ActionCommands
from repdash.ui.screens.team_contests import ContestsPane
from repdash.ui.screens.team_data import TeamData
from repdash.ui.screens.team_roster import (
    ASK_PREFIX,
    ASKING_ROW,
    ConfirmAccept,
    ConfirmRemove,
    asking_cells,
    asking_divider,
    asking_rows,
)
from repdash.ui.screens.team_text import (
    divider_cells,
    fit,
    foot_text,
    momentum_text,
    proposal_row,
    standard_text,
    standing_cells,
    standings_columns,
    tiers_text,
)

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

TABS = ("standings", "tiers-tab", "proposals", "contests")
PROPOSALS_MAX_WIDTH = 40  # a column of the Proposals table (a long name is cut there)
MANAGERS_ROW = "__managers"  # the divider above the managers: not a person, the cursor skips it


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

    def __init__(self, view: BoardView | None = None, state: str = "") -> None:
        super().__init__()
        self.view = view
        self.state_reason = state
        self._row_ids: list[str] = []
        self._cursor = 0  # the row the cursor was on, to step over the managers' divider
        self._cols: list[tuple[str, str, int]] = []
        self._proposals_shown: object = None  # what the Proposals table holds (it is rebuilt only on a change)

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
        if self._cols != self._columns(self.app.size.width):
            self._build_columns(self.app.size.width)
            if self.view is not None:
                self._fill_standings(self.view)

    def _build_columns(self, width: int) -> None:
        table = self.query_one("#standings-table", DataTable)
        table.clear(columns=True)
        self._cols = self._columns(width)
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

    def _columns(self, width: int) -> list[tuple[str, str, int]]:
        """The standings' columns; a manager's board has the CRM-backed share (a rep has it on the dashboard)
        once a rep on it has imported from a CRM: a team that never did keeps the room for coaching."""
        reps = self.view.get("reps", []) if self.view else []
        crm = self.viewer_is_manager and any(r.get("crm_backed_week_pct") is not None for r in reps)
        return standings_columns(width, crm=crm)

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
        row = next((r for r in (self.view.get("reps", []) if self.view else []) if r["rep_id"] == rep_id), None)
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
        props = (self.view.get("proposals") or {}).get("reps", []) if self.view else []
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
        from repdash.sync.teamio import require_backend

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

    def render_view(self, view: BoardView) -> None:
        if not self.children:
            return
        standard, style = standard_text(view.get("standard"))
        title = Text("Team board", style="bold")
        title.append(f" · {day_label(view.get('date'))}", style="")
        title.append(" · standard ", style="dim")
        title.append(standard, style=style)
        self.query_one("#team-title", Static).update(title)
        self.query_one("#team-momentum", Static).update(momentum_text(view))
        self._fill_standings(view)
        self.query_one("#tiers", Static).update(tiers_text(view))
        self._fill_proposals(view)
        self.query_one(ContestsPane).show(view)
        self.query_one("#team-foot", Static).update(foot_text(view))

    def _fill_standings(self, view: BoardView) -> None:
        table = self.query_one("#standings-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        self._row_ids = []
        today = view.get("date")
        if self._cols != self._columns(self.app.size.width):  # the view decides who is a manager (authority)
            self._build_columns(self.app.size.width)
        width = {key: w for key, _, w in self._cols}
        reps = view.get("reps", [])
        divider = False
        for r in reps:
            if r.get("manager") and not divider:
                divider = True
                table.add_row(*divider_cells(width), key=MANAGERS_ROW)
                self._row_ids.append(MANAGERS_ROW)
            table.add_row(*standing_cells(r, today, width), key=r["rep_id"])
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

    def _fill_proposals(self, view: BoardView) -> None:
        table = self.query_one("#proposals-table", DataTable)
        props = view.get("proposals") or {}
        if props == self._proposals_shown:  # unchanged (every periodic refresh): left as it is
            return
        self._proposals_shown = props
        cursor = table.cursor_row
        table.clear(columns=True)
        kinds = props.get("kinds") or list(FUNNEL)

        def cells(values: dict, style: str = "") -> list[Text]:
            return [Text("–" if values.get(k) is None else f"{values[k]:g}", style=style) for k in kinds]

        std = props.get("standard") or {}
        rows = [
            ("__standard", [Text("Team standard", style="bold"), *cells(std, "bold")]),
            ("__median", [Text("Median proposal", style="italic"), *cells(props.get("median") or {}, "italic")]),
            *(("p-" + p["rep_id"], proposal_row(p, kinds, std)) for p in props.get("reps", [])),
        ]
        # Each column as wide as what it holds, set here: left to the table, the widths follow the
        # rows only once it is next idle, and the columns jumped (a snapshot under load caught them).
        titles = ["Daily targets", *(label(k) for k in kinds)]
        for i, (key, title) in enumerate(zip(["who", *kinds], titles, strict=True)):
            width = max(cell_len(title), *(row[i].cell_len for _, row in rows))
            table.add_column(title, key=key, width=min(width, PROPOSALS_MAX_WIDTH))
        for key, row in rows:
            table.add_row(*row, key=key)
        if cursor and cursor < table.row_count:
            table.move_cursor(row=cursor)  # a reload (after `p`) keeps the manager's place
