"""The TV's contest page (issue 23): one contest per page, read from across a room.

A running contest shows its countdown in block type (hours:minutes), the top of its standings (winners
marked with a trophy) and, for teams, the team totals as bars; in its last hour the page turns the
warning colour and says "LAST HOUR!". An ended contest's winners stay up for a day after its end date
(`services.contest_board.on_tv`). Names, prizes and team names are untrusted: `Content`, cleaned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from repdash.core import contests as c
from repdash.core.text import clean
from repdash.services import contest_board as cb
from repdash.services.contests import ContestJSON
from repdash.ui.screens.team_contests import COUNTDOWN_TICK, teams_lines, unit_of, viewer_context
from repdash.ui.widgets.big_number import BigNumber

TOP = 5  # standings rows on the page


def big_clock(seconds: int) -> str:
    """The block-type countdown: "2d 13h" a day or more ahead (hours would read as a time of day),
    then "5:14" (hours:minutes) on the last day."""
    minutes = max(seconds, 0) // 60
    hours = minutes // 60
    if hours >= 24:
        return f"{hours // 24}d {hours % 24}h"
    return f"{hours}:{minutes % 60:02d}"


def clock_caption(seconds: int, now_local: dt.datetime) -> str:
    """The line under the big countdown: what it does not already say (when the window ends)."""
    if seconds <= cb.LAST_HOUR:
        return " LAST HOUR! "
    ends = now_local + dt.timedelta(seconds=seconds)
    if seconds >= 24 * 3600:
        last = (ends - dt.timedelta(microseconds=1)).date()
        return f"left · ends {last:%a} {last.day} {last:%b}"  # a contest that ends Friday counts Friday
    return "left · ends at midnight" if ends.time() == dt.time(0) else f"left · ends at {ends:%H:%M}"


def rows_text(contest: ContestJSON, rows: Sequence[Mapping[str, Any]], width: int) -> Content:
    unit = unit_of(contest)
    name_w = max(14, min(40, width - 34))
    lines = []
    for r in rows[:TOP]:
        win = bool(r.get("winner"))
        name = clean(r.get("name", ""), 60)
        name = name if len(name) <= name_w else name[: name_w - 1] + "…"
        lines.append(
            Content.assemble(
                ("★ " if win else "  ", "$trophy"),  # as wide as the star and its space
                (f"{r.get('place', ''):>2}  ", "bold $accent"),
                (name.ljust(name_w), "bold" if win else ""),
                (f"{cb.amount(r.get('score'), unit):>16}", "bold $trophy" if win else "bold"),
            )
        )
    if len(rows) > TOP:
        lines.append(Content.styled(f"      +{len(rows) - TOP} more", "$text-muted"))
    return Content("\n\n").join(lines) if lines else Content.styled("No scores yet.", "$text-muted")


class ContestTvPage(Vertical):
    DEFAULT_CSS = """
    ContestTvPage { padding: 1 2; }
    ContestTvPage #tvc-name {
        height: auto; text-style: bold; color: $trophy; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ContestTvPage #tvc-rules { height: auto; color: $text-muted; margin-bottom: 1; }
    ContestTvPage #tvc-top { height: auto; }
    ContestTvPage #tvc-clock-box { width: auto; height: auto; padding: 0 2 0 0; }
    ContestTvPage #tvc-clock { color: $accent; }
    ContestTvPage #tvc-left { height: auto; color: $text-muted; }
    ContestTvPage #tvc-rows { width: 1fr; height: auto; padding: 0 1; }
    ContestTvPage #tvc-teams { height: auto; margin-top: 1; }
    ContestTvPage.-last-hour #tvc-clock { color: $warning; }
    ContestTvPage.-last-hour #tvc-left { color: $warning; text-style: bold reverse; }
    ContestTvPage.-last-hour { background: $warning 12%; }
    ContestTvPage.-ended #tvc-clock-box { display: none; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contests: list[ContestJSON] = []
        self.page = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="tvc-name", markup=False)
        yield Static("", id="tvc-rules", markup=False)
        with Horizontal(id="tvc-top"):
            with Vertical(id="tvc-clock-box"):
                yield BigNumber("0:00", id="tvc-clock")
                yield Static("", id="tvc-left", markup=False)
            yield Static("", id="tvc-rows", markup=False)
        yield Static("", id="tvc-teams", markup=False)

    def on_mount(self) -> None:
        self.set_interval(COUNTDOWN_TICK, lambda: self._draw(viewer_context(self.app, self.screen)[0]))

    @property
    def pages(self) -> int:
        return len(self.contests)

    def show(self, view: Mapping[str, Any] | None) -> None:
        now_local, _ = viewer_context(self.app, self.screen)
        self.contests = cb.on_tv(view, now_local)
        self.page = min(self.page, max(self.pages - 1, 0))
        self._draw(now_local)

    def turn(self) -> bool:
        """The next contest; False when the last one was up (the rotation moves on)."""
        if self.page + 1 < self.pages:
            self.page += 1
            self._draw(viewer_context(self.app, self.screen)[0])
            return True
        self.page = 0
        self._draw(viewer_context(self.app, self.screen)[0])
        return False

    def subtitle(self) -> str:
        """What the header says about the contest up now."""
        if self.contests and self.contests[self.page].get("status") == "ended":
            return "final results: the winners"
        return "live standings"

    def _draw(self, now_local: dt.datetime) -> None:
        if not self.children:
            return
        if not self.contests:
            self.query_one("#tvc-name", Static).update(Content("No contest running"))
            for sel in ("#tvc-rules", "#tvc-rows", "#tvc-teams", "#tvc-left"):
                self.query_one(sel, Static).update("")
            self.set_class(True, "-ended")
            self.set_class(False, "-last-hour")
            return
        contest = self.contests[self.page]
        ended = contest.get("status") == "ended"
        left = cb.seconds_left(contest, now_local)
        last_hour = left is not None and left <= cb.LAST_HOUR
        self.set_class(ended or left is None, "-ended")
        self.set_class(last_hour, "-last-hour")
        name = Content.assemble(("★ WINNERS · " if ended else "", "bold $success"), clean(contest["name"], c.MAX_NAME))
        self.query_one("#tvc-name", Static).update(name)
        prize = clean(contest.get("prize", ""), c.MAX_PRIZE)
        rules = Content.assemble(
            (f"{contest.get('winners', c.DEFAULT_WINNERS)} winners, equal prizes", ""),
            ("  ·  prize: " if prize else "", ""),
            (prize, "$trophy"),
        )
        self.query_one("#tvc-rules", Static).update(rules)
        if left is not None:
            self.query_one("#tvc-clock", BigNumber).show(big_clock(left))
            self.query_one("#tvc-left", Static).update(Content(clock_caption(left, now_local)))
        width = self.size.width or self.app.size.width
        rows = list(contest.get("reps") or []) if contest.get("teams") else list(contest.get("standings") or [])
        self.query_one("#tvc-rows", Static).update(rows_text(contest, rows, width - (0 if ended else 30)))
        self.query_one("#tvc-teams", Static).update(Content("\n").join(teams_lines(contest, width)))
