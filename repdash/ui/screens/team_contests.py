"""The board's Contests tab (issue 23): live standings per contest, winners marked, team-vs-team
totals, goal progress, a countdown, a cancelled contest's reason, ended contests' frozen results, and
(for a manager) the proposals waiting, with `y` accept and `n` decline.

It reads the board view's `contests` and `contest_proposals` (`services.contest_board`); accepting
and declining call `services.contest_admin` in a worker. Names, prizes, reasons and team names come
from the manifest or teammates: always `Content` (never parsed as markup), cleaned of escapes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from repdash.core import contests as c
from repdash.core.text import clean
from repdash.core.wording import count
from repdash.services import contest_board as cb
from repdash.services.contests import ContestJSON
from repdash.ui.board_text import day_label
from repdash.ui.screens.team_text import CRM_LOW

STATUS_STYLE = {
    "running": "bold $success",
    "upcoming": "bold $accent",
    "ended": "bold $trophy",
    "cancelled": "bold $error",
    "proposed": "bold $warning",
}
SHOWN_ROWS = 8  # standings rows per contest before "+N more"
COUNTDOWN_TICK = 30.0  # seconds between countdown redraws


def unit_of(contest: ContestJSON) -> str:
    return "%" if contest.get("scoring") == "standard" else c.UNITS.get(str(contest.get("metric")), "point")


def _bar(fraction: float, width: int) -> tuple[str, str]:
    filled = max(0, min(width, round(width * fraction)))
    return "█" * filled, "░" * (width - filled)


def rules_line(contest: ContestJSON) -> Content:
    metric = "points" if contest.get("metric") == "points" else c.plural(c.UNITS.get(str(contest.get("metric")), ""))
    scoring = {"count": "most", "standard": "% of standard", "improvement": "most improved"}.get(
        str(contest.get("scoring")), ""
    )
    when = (
        f"every {contest['every']}"
        if contest.get("every")
        else f"{day_label(contest.get('start'))} – {day_label(contest.get('end'))}"
    )
    parts = [f"{metric} · {scoring}", when, count(int(contest.get("winners", c.DEFAULT_WINNERS)), "winner")]
    out = Content.styled("   " + " · ".join(parts), "$text-muted")
    if contest.get("prize"):
        out = Content.assemble(
            out, ("\n   ★ prize: ", "$trophy"), (clean(contest["prize"], c.MAX_PRIZE), "bold $trophy")
        )
    return out


def header(contest: ContestJSON, now_local: dt.datetime, width: int) -> Content:
    status = str(contest.get("status", ""))
    left = cb.seconds_left(contest, now_local) if status == "running" else None
    tag = status.upper()
    if left is not None:
        tag += " · " + cb.countdown(left) + (" · LAST HOUR!" if left <= cb.LAST_HOUR else " left")
    elif status == "upcoming":
        tag += " · starts " + day_label(contest.get("start"))
    elif status == "ended":
        tag += " · final" if contest.get("frozen") else " · results"
    name = clean(contest.get("name", ""), c.MAX_NAME)
    room = max(width - len(tag) - 4, 8)
    if len(name) > room:
        name = name[: room - 1] + "…"
    pad = " " * max(width - len(name) - len(tag) - 3, 1)
    style = "bold $warning reverse" if left is not None and left <= cb.LAST_HOUR else STATUS_STYLE.get(status, "bold")
    return Content.assemble(("● ", STATUS_STYLE.get(status, "")), (name, "bold"), pad, (tag, style))


def crm_cell(row: Mapping[str, Any]) -> tuple[str, str]:
    """A manager's note beside a rep's score: this week's CRM-backed share ("82% CRM"), a share under
    50% in the warning colour, a dimmed dash for a rep without a CRM import."""
    pct = row.get("crm_backed_week_pct")
    if pct is None:
        return "     — CRM", "$text-muted"
    return f"  {pct:>3}% CRM", "bold $warning" if pct < CRM_LOW else "$text-muted"


def standings_lines(
    contest: ContestJSON, rows: Sequence[Mapping[str, Any]], width: int, rep_id: str | None, crm: bool = False
) -> list[Content]:
    """The places; `crm` (a manager's tab): each rep's CRM-backed share of this week beside the score."""
    unit = unit_of(contest)
    out = []
    name_w = max(12, min(28, width - 30))
    for r in rows[:SHOWN_ROWS]:
        mark = ("★ ", "$trophy") if r.get("winner") else ("  ", "")
        name = clean(r.get("name", ""), 60)
        name = name if len(name) <= name_w else name[: name_w - 1] + "…"
        me = rep_id is not None and r.get("rep_id") == rep_id
        out.append(
            Content.assemble(
                "   ",
                mark,
                (f" {r.get('place', ''):>2}  ", "$text-muted"),
                (name.ljust(name_w), "bold $accent" if me else ("bold" if r.get("winner") else "")),
                (f"{cb.amount(r.get('score'), unit):>14}", "bold $trophy" if r.get("winner") else ""),
                crm_cell(r) if crm and "team" not in r else ("", ""),
                (" ← you" if me else "", "$accent"),
            )
        )
    if len(rows) > SHOWN_ROWS:
        out.append(Content.styled(f"        +{len(rows) - SHOWN_ROWS} more", "$text-muted"))
    return out


def teams_lines(contest: ContestJSON, width: int) -> list[Content]:
    teams = contest.get("teams") or []
    if not teams:
        return []
    unit = unit_of(contest)
    top = max((float(t.get("score", 0)) for t in teams), default=0.0) or 1.0
    bar_w = max(6, min(30, width - 48))
    out = [Content.styled("   Team vs team", "bold")]
    for t in teams:
        full, empty = _bar(max(float(t.get("score", 0)), 0) / top, bar_w)
        mark = ("★ ", "$trophy") if t.get("winner") else ("  ", "")
        out.append(
            Content.assemble(
                "   ",
                mark,
                (f" {clean(t.get('team', ''), c.MAX_NAME)[:14]:<14} ", "bold"),
                (full, "$trophy" if t.get("winner") else "$accent"),
                (empty, "$panel-lighten-2"),
                (f" {cb.amount(t.get('score'), unit):>12}", "bold"),
                (f"  {len(t.get('members', []))} reps", "$text-muted"),
            )
        )
    return out


def goal_line(contest: ContestJSON, width: int) -> Content | None:
    goal, total = contest.get("goal"), contest.get("goal_total")
    if not goal or total is None:
        return None
    frac = min(total / goal, 1.0)
    full, empty = _bar(frac, max(10, min(40, width - 40)))
    unit = "points" if contest.get("metric") == "points" else c.plural(c.UNITS.get(str(contest.get("metric")), ""))
    done = total >= goal
    return Content.assemble(
        ("   Team goal ", "bold"),
        (full, "$success" if done else "$accent"),
        (empty, "$panel-lighten-2"),
        (f" {total:,} / {goal:,} {unit}", "bold"),
        (" ✓ reached!" if done else f" ({round(100 * frac)}%)", "$success" if done else "$text-muted"),
    )


def contest_block(
    contest: ContestJSON, now_local: dt.datetime, width: int, rep_id: str | None, crm: bool = False
) -> Content:
    lines = [header(contest, now_local, width), rules_line(contest)]
    status = contest.get("status")
    if status == "cancelled":
        reason = clean(contest.get("reason", ""), 300) or "no reason given"
        lines.append(Content.assemble(("   Cancelled: ", "bold $error"), (reason, "")))
    elif status == "upcoming":
        lines.append(Content.styled("   Not started yet: everyone starts at zero.", "$text-muted"))
    elif status in ("running", "ended"):
        lines.extend(teams_lines(contest, width))
        rows = list(contest.get("standings") or [])
        if contest.get("teams"):
            rows = list(contest.get("reps") or [])
            if rows:
                lines.append(Content.styled("   Reps", "bold"))
        lines.extend(
            standings_lines(contest, rows, width, rep_id, crm) or [Content.styled("   No scores yet.", "$text-muted")]
        )
        goal = goal_line(contest, width)
        if goal is not None:
            lines.append(goal)
    return Content("\n").join(lines)


def contests_text(view: Mapping[str, Any] | None, now_local: dt.datetime, width: int, rep_id: str | None) -> Content:
    contests = cb.contests_of(view)
    if not contests:
        return Content.styled(
            "No contests yet. A manager starts one with `repdash contest new`; any rep can propose one "
            "with `repdash contest propose`.",
            "$text-muted",
        )
    order = {"running": 0, "upcoming": 1, "ended": 2, "cancelled": 3}
    contests = sorted(contests, key=lambda x: order.get(str(x.get("status")), 4))
    # A manager's tab: the CRM-backed share beside each score, once a rep has one (as the board's column).
    crm = bool(view and view.get("authority")) and any(
        isinstance(r, dict) and r.get("crm_backed_week_pct") is not None
        for x in contests
        for r in (*(x.get("standings") or ()), *(x.get("reps") or ()))
    )
    return Content("\n\n").join(contest_block(x, now_local, width, rep_id, crm) for x in contests)


def viewer_context(app, screen) -> tuple[dt.datetime, str | None]:
    """Now in the viewer's zone (an aware stdlib datetime) and the viewer's rep id, from the app's
    clock and the screen's store (the board, the TV and the served board all have both)."""
    from zoneinfo import ZoneInfo

    store = screen._store()
    tz, rep_id = "UTC", None
    try:
        if store.initialized:
            tz, rep_id = store.tz, store.config.rep_id
    except Exception:
        pass
    return dt.datetime.fromtimestamp(app.now().timestamp(), tz=ZoneInfo(tz)), rep_id


class ContestsPane(VerticalScroll, can_focus=True):
    """The tab's content: `show(view, now_local)`; `y`/`n` on a proposal (a manager)."""

    DEFAULT_CSS = """
    ContestsPane { padding: 0 1; }
    ContestsPane #contests-text { width: 1fr; height: auto; margin-top: 1; }
    ContestsPane #contest-proposals-title { margin-top: 1; text-style: bold; color: $warning; display: none; }
    ContestsPane #contest-proposals { height: auto; max-height: 10; display: none; }
    ContestsPane.-proposals #contest-proposals-title, ContestsPane.-proposals #contest-proposals { display: block; }
    """
    BINDINGS = [
        Binding("y", "answer('accept')", "Accept contest", id="contest_accept", tooltip="Accept the proposed contest"),
        Binding("n", "answer('decline')", "Decline", id="contest_decline", tooltip="Decline the proposed contest"),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: Mapping[str, Any] | None = None
        self.proposals: list[ContestJSON] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="contests-text", markup=False)
        yield Static("Proposed contests: y accept · n decline", id="contest-proposals-title", markup=False)
        yield DataTable(id="contest-proposals", cursor_type="row")

    def on_mount(self) -> None:
        self.set_interval(COUNTDOWN_TICK, self._tick)  # the countdowns move between team reads
        table = self.query_one("#contest-proposals", DataTable)
        for key, title in (("name", "Contest"), ("by", "Proposed by"), ("rules", "Rules"), ("prize", "Prize")):
            table.add_column(title, key=key)

    def _tick(self) -> None:
        if self.view is not None and self.display:
            now_local, rep_id = viewer_context(self.app, self.screen)
            width = max((self.size.width or self.app.size.width) - 4, 40)
            self.query_one("#contests-text", Static).update(contests_text(self.view, now_local, width, rep_id))

    @property
    def manager(self) -> bool:
        return bool(self.view and self.view.get("authority"))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "answer":
            return self.manager and bool(self.proposals)
        return True

    def show(self, view: Mapping[str, Any] | None) -> None:
        """Redraw from a board view, at the app's clock in the viewer's zone."""
        now_local, rep_id = viewer_context(self.app, self.screen)
        self.view = view
        width = max((self.size.width or self.app.size.width) - 4, 40)
        self.query_one("#contests-text", Static).update(contests_text(view, now_local, width, rep_id))
        self.proposals = cb.proposals_of(view) if self.manager else []
        table = self.query_one("#contest-proposals", DataTable)
        table.clear()
        for p in self.proposals:
            rules = f"{p.get('metric')} · {p.get('scoring')} · {day_label(p.get('start'))} – {day_label(p.get('end'))}"
            table.add_row(
                Content(clean(p.get("name", ""), c.MAX_NAME)),
                Content(clean(p.get("proposed_by", ""), 60)),
                Content(rules if not p.get("every") else f"{p.get('metric')} · every {p['every']}"),
                Content(clean(p.get("prize", ""), 40)),
            )
        self.set_class(bool(self.proposals), "-proposals")
        self.refresh_bindings()

    def action_answer(self, verb: str) -> None:
        table = self.query_one("#contest-proposals", DataTable)
        row = table.cursor_row
        if not self.proposals or row is None or not 0 <= row < len(self.proposals):
            return
        self._answer(verb, self.proposals[row]["name"])

    @work(thread=True, exclusive=True, group="contest-answer", exit_on_error=False)
    def _answer(self, verb: str, name: str) -> None:
        from repdash.services import contest_admin
        from repdash.sync.teamio import require_backend

        screen = self.screen
        store = screen._store()  # type: ignore[attr-defined]
        try:
            getattr(contest_admin, verb)(store, require_backend(store), name, self.app.now())  # type: ignore[attr-defined]
        except Exception as exc:
            self.app.call_from_thread(self.app.notify, clean(str(exc), 200), severity="error", markup=False)
            return
        done = "accepted" if verb == "accept" else "declined"
        self.app.call_from_thread(self.app.notify, f"Contest {clean(name, c.MAX_NAME)!r} {done}.", markup=False)
        self.app.call_from_thread(screen.poll, True)  # type: ignore[attr-defined]
