"""Contests as the screens show them (issue 23): the dashboard card, the board tab, the TV page.

Everything here reads the board view's `contests` (`services.contest_admin.board_contests`, carried in
the cached team view and in every view a sync worker posts): no I/O, no clock (the caller passes
`now_local`, an aware datetime in the viewer's zone). The rules stay in `core/contests.py`; the card's
numbers come from `services.contests.card` (`core.contests.viewer_view`).

    dashboard_card(view, rep_id, now_local) -> Card | None   (the contest ending soonest the rep is in)
    seconds_left(contest, now_local)        -> int | None     (a live countdown from the view's dates)
    countdown(seconds)                      -> "2d 4h" | "3h 12m" | "12m" | "<1m"
    on_tv(view, now_local)                  -> [ContestJSON]  (running, and winners for a day after the end)
    cheers(before, after)                   -> [(title, subtitle)]  (took the lead)
    won(view, rep_id)                       -> [name]  (ended contests the rep or their team won)
    standings_of_rep(view, rep_id, now_local) -> [(name, place, seconds left)]  (for core.nudges)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple, cast

from repdash.core import contests as c
from repdash.services.contests import ContestJSON, card

LAST_HOUR = 3600  # seconds: the last hour is highlighted ("last hour!")
WINNERS_SHOWN_DAYS = 1  # the TV shows an ended contest's winners this long after its end date


class Card(NamedTuple):
    """The dashboard card: one running contest the rep is in."""

    name: str  # untrusted (manifest): show literally
    prize: str  # untrusted
    place: int
    of: int
    score: str  # "42 calls", "87.5%"
    chase: str  # "3 calls to pass Ben" or "you lead by 4 calls" or "you lead"
    seconds_left: int | None
    more: int  # other running contests the rep is in
    winning: bool

    @property
    def last_hour(self) -> bool:
        return self.seconds_left is not None and self.seconds_left <= LAST_HOUR


def contests_of(view: Mapping[str, Any] | None) -> list[ContestJSON]:
    got = (view or {}).get("contests")  # from the cached team view: any shape may be in it
    return [cast(ContestJSON, v) for v in got if isinstance(v, dict)] if isinstance(got, list) else []


def proposals_of(view: Mapping[str, Any] | None) -> list[ContestJSON]:
    got = (view or {}).get("contest_proposals")
    return [cast(ContestJSON, v) for v in got if isinstance(v, dict)] if isinstance(got, list) else []


def amount(score: float | None, unit: str) -> str:
    """ "42 calls", "1 deal", "87.5%"."""
    if score is None:
        return "–"
    n = f"{score:g}"
    if unit == "%":
        return f"{n}%"
    return f"{n} {unit if score == 1 else c.plural(unit)}"


def countdown(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return "<1m"
    minutes = seconds // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {mins:02d}m"
    return f"{mins}m"


def seconds_left(contest: ContestJSON, now_local: dt.datetime) -> int | None:
    """Until the end of the contest's current window in the viewer's zone (None: not running)."""
    got = card(contest, "", now_local)
    if got is None or got.time_left is None:
        return None
    return int(got.time_left.total_seconds())


def _lead(contest: ContestJSON, unit: str, score: float | None) -> str:
    rows = contest.get("standings") or []
    if sum(1 for r in rows if r.get("place") == 1) > 1:  # ties share a place
        return "you share the lead"
    second = next((r for r in rows if r.get("place", 0) > 1), None)
    if second is None or score is None:
        return "you lead"
    gap = round(score - float(second.get("score", 0)), 1)
    return f"you lead by {amount(gap, unit)}" if gap > 0 else "you share the lead"


def dashboard_card(view: Mapping[str, Any] | None, rep_id: str, now_local: dt.datetime) -> Card | None:
    """The running contest the rep is in that ends soonest, plus how many more there are."""
    mine: list[tuple[ContestJSON, c.ViewerView]] = []
    for contest in contests_of(view):
        try:
            got = card(contest, rep_id, now_local)
        except (KeyError, TypeError, ValueError):  # a view from an older or newer repdash
            continue
        if got is not None and got.place is not None:
            mine.append((contest, got))
    if not mine:
        return None
    far = dt.timedelta(days=c.MAX_DAYS + 1)
    mine.sort(key=lambda item: (item[1].time_left or far, item[0]["name"].casefold()))
    contest, v = mine[0]
    chase = v.pass_text() or _lead(contest, v.unit, v.score)
    left = int(v.time_left.total_seconds()) if v.time_left is not None else None
    return Card(
        contest["name"],
        contest.get("prize", ""),
        v.place or 0,
        v.of,
        amount(v.score, v.unit),
        chase,
        left,
        len(mine) - 1,
        v.winning,
    )


def standings_of_rep(
    view: Mapping[str, Any] | None, rep_id: str, now_local: dt.datetime
) -> list[tuple[str, int, int | None]]:
    """(name, place, seconds left) of every running contest the rep is in (for the notices)."""
    out = []
    for contest in contests_of(view):
        try:
            got = card(contest, rep_id, now_local)
        except (KeyError, TypeError, ValueError):
            continue
        if got is not None and got.place is not None:
            left = int(got.time_left.total_seconds()) if got.time_left is not None else None
            out.append((contest["name"], got.place, left))
    return out


def on_tv(view: Mapping[str, Any] | None, now_local: dt.datetime) -> list[ContestJSON]:
    """What the TV's contest page shows: running contests, and ended ones (their winners) for
    WINNERS_SHOWN_DAYS after the end date."""
    today = now_local.date()
    out = []
    for contest in contests_of(view):
        status = contest.get("status")
        if status == "running":
            out.append(contest)
        elif status == "ended" and contest.get("end"):
            end = dt.date.fromisoformat(str(contest["end"]))
            if (today - end).days <= WINNERS_SHOWN_DAYS:
                out.append(contest)
    return out


def cheers(before: Card | None, after: Card | None) -> list[tuple[str, str]]:
    """A celebration when the rep takes the lead of the card's contest (not on the first look)."""
    if before is None or after is None or before.name != after.name:
        return []
    if after.place == 1 and before.place != 1:
        return [("You took the lead!", after.name)]
    return []


def won(view: Mapping[str, Any] | None, rep_id: str) -> list[str]:
    """Names of ended contests the rep (or their team) won, as the view holds them."""
    return [w["name"] for w in wins_in(view, rep_id)]


def wins_in(view: Mapping[str, Any] | None, rep_id: str) -> list[dict[str, Any]]:
    """Ended contests the rep (or their team) won: {"name", "end", "place", "prize"}."""
    out = []
    for contest in contests_of(view):
        if contest.get("status") != "ended":
            continue
        mine: Mapping[str, Any] | None = next(
            (r for r in contest.get("standings") or [] if r.get("rep_id") == rep_id), None
        )
        if mine is None and contest.get("teams"):  # a team contest: the rep's team's row
            me = next((r for r in contest.get("reps") or [] if r.get("rep_id") == rep_id), None)
            team = next(
                (t for t in contest["teams"] if me is not None and me.get("name") in t.get("members", [])), None
            )
            mine = team
        if mine is not None and mine.get("winner"):
            out.append(
                {
                    "name": contest["name"],
                    "end": contest.get("end"),
                    "place": mine.get("place"),
                    "prize": contest.get("prize", ""),
                }
            )
    return out
