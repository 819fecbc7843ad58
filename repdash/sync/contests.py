"""Contest records from the team location, validated (pure, no I/O): every byte may be hostile.

A record (in the manifest's `contests` list, signed by a manager; or a rep's proposal in their
signed entry) is `core.contests.to_json` plus, in the manifest, `results`: the frozen standings

    {"window": ["YYYY-MM-DD", "YYYY-MM-DD"], "frozen_at": ISO, "by": NAME,
     "standings": [{"name", "rep_id" | "team", "score", "place", "winner"}, ...]}

Anything out of range (sizes, numbers, dates, unknown metric) makes the record invalid: it is
dropped and counted, never fatal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from repdash.core import contests as c
from repdash.core.text import clean_name
from repdash.sync.fields import ID_RE
from repdash.sync.fields import iso_date as _date
from repdash.sync.fields import iso_stamp as _stamp
from repdash.sync.fields import whole as _int

MAX_CONTESTS = 50  # in the manifest (the oldest finished ones give way)
MAX_PROPOSALS = 5  # in one rep's entry
MAX_RESULTS = 8  # frozen windows kept per contest (a repeat's newest)
MAX_ROWS = 2_000  # rows of one frozen result
MAX_SCORE = 1e12


class StandingJSON(TypedDict, total=False):
    """One place of a contest: as `contest show --json` gives it, and as a frozen result stores it."""

    name: str
    rep_id: str
    team: str
    score: float
    place: int
    winner: bool
    crm_backed_week_pct: int | None  # a rep's row: this week's CRM-backed share (services.contests.with_crm_shares)


class Frozen(TypedDict):
    window: list[str]
    frozen_at: str
    by: str
    standings: list[StandingJSON]


@dataclass(frozen=True)
class Record:
    contest: c.Contest
    results: tuple[Frozen, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)  # as stored, for a manager's change


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str) or len(value) > limit:
        return None
    return clean_name(value)


def contest_of(raw: Any) -> c.Contest | None:
    """One contest record, or None for anything a repdash client would not write."""
    if not isinstance(raw, dict):
        return None
    name = _text(raw.get("name"), c.MAX_NAME)
    metric, scoring, every, state = raw.get("metric"), raw.get("scoring", "count"), raw.get("every"), raw.get("state")
    if not name or metric not in c.METRICS or scoring not in c.SCORINGS or state not in c.STATES:
        return None
    if every is not None and every not in c.REPEATS:
        return None
    start = _date(raw["start"]) if raw.get("start") is not None else None
    end = _date(raw["end"]) if raw.get("end") is not None else None
    if start is None or (raw.get("end") is not None and end is None):
        return None
    if every is None:
        if end is None or not 0 <= (end - start).days < c.MAX_DAYS:
            return None
    elif raw.get("end") is not None:
        return None
    winners = _int(raw.get("winners", c.DEFAULT_WINNERS), 1, c.MAX_WINNERS)
    goal = raw.get("goal")
    goal = None if goal is None else _int(goal, 1, c.MAX_GOAL)
    prize = _text(raw.get("prize", ""), c.MAX_PRIZE)
    reason = _text(raw.get("reason", ""), c.MAX_PRIZE)
    proposed_by = _text(raw.get("proposed_by", ""), 200)
    if winners is None or prize is None or reason is None or proposed_by is None:
        return None
    if raw.get("goal") is not None and goal is None:
        return None
    weights = c.DEFAULT_WEIGHTS
    if raw.get("weights") is not None:
        w = raw["weights"]
        if not isinstance(w, dict) or set(w) - set(c.KINDS):
            return None
        got = {k: _int(w.get(k, 0), 0, c.MAX_WEIGHT) for k in c.KINDS}
        if any(v is None for v in got.values()):
            return None
        weights = got  # type: ignore[assignment]
    participants = _names(raw.get("participants", []), c.MAX_MEMBERS)
    teams = _teams(raw.get("teams", []))
    if participants is None or teams is None:
        return None
    return c.Contest(
        name=name,
        metric=metric,
        scoring=scoring,
        start=start,
        end=end,
        every=every,
        winners=winners,
        prize=prize,
        goal=goal,
        weights=weights,
        participants=participants,
        teams=teams,
        state=state,
        reason=reason,
        proposed_by=proposed_by,
    )


def _names(raw: Any, limit: int) -> tuple[str, ...] | None:
    if not isinstance(raw, list) or len(raw) > limit:
        return None
    out = tuple(_text(x, 200) for x in raw)
    return None if any(not x for x in out) else out  # type: ignore[return-value]


def _teams(raw: Any) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    if not isinstance(raw, list) or len(raw) > c.MAX_TEAMS or len(raw) == 1:
        return None
    out: list[tuple[str, tuple[str, ...]]] = []
    for t in raw:
        if not (isinstance(t, list) and len(t) == 2):
            return None
        name, members = _text(t[0], c.MAX_NAME), _names(t[1], c.MAX_MEMBERS)
        if not name or not members:
            return None
        out.append((name, members))
    return tuple(out)


def _row(raw: Any) -> StandingJSON | None:
    if not isinstance(raw, dict):
        return None
    name = _text(raw.get("name"), 1000)
    score, place, winner = raw.get("score"), _int(raw.get("place"), 1, MAX_ROWS), raw.get("winner", False)
    if (
        name is None
        or isinstance(score, bool)
        or not isinstance(score, (int, float))
        or not math.isfinite(score)
        or abs(score) > MAX_SCORE
        or place is None
        or not isinstance(winner, bool)
    ):
        return None
    row: StandingJSON = {"name": name or "(no name)", "score": score, "place": place, "winner": winner}
    if isinstance(raw.get("rep_id"), str) and ID_RE.match(raw["rep_id"]):
        row["rep_id"] = raw["rep_id"]
    elif (team := _text(raw.get("team"), c.MAX_NAME)) is not None and team:
        row["team"] = team
    else:
        return None
    return row


def _result(raw: Any) -> Frozen | None:
    if not isinstance(raw, dict):
        return None
    window, rows = raw.get("window"), raw.get("standings")
    if not (isinstance(window, list) and len(window) == 2 and isinstance(rows, list) and len(rows) <= MAX_ROWS):
        return None
    start, end = _date(window[0]), _date(window[1])
    stamp, by = _stamp(raw.get("frozen_at")), _text(raw.get("by", ""), 200)
    if start is None or end is None or end < start or stamp is None or by is None:
        return None
    checked: list[StandingJSON] = []
    for r in rows:
        row = _row(r)
        if row is None:
            return None
        checked.append(row)
    return {"window": [start.isoformat(), end.isoformat()], "frozen_at": stamp, "by": by, "standings": checked}


def record_of(raw: Any) -> Record | None:
    contest = contest_of(raw)
    if contest is None:
        return None
    results = raw.get("results", [])
    if not isinstance(results, list) or len(results) > MAX_RESULTS:
        return None
    frozen = tuple(_result(r) for r in results)
    if any(f is None for f in frozen):
        return None
    return Record(contest, frozen, raw)  # type: ignore[arg-type]


def records(raw: Any) -> tuple[list[Record], int]:
    """The manifest's `contests` list: (valid records, how many were dropped). Names are unique
    (case-insensitive): a repeated name keeps the first."""
    if not isinstance(raw, list):
        return [], 0 if raw is None else 1
    out: list[Record] = []
    seen: set[str] = set()
    dropped = 0
    for item in raw[: MAX_CONTESTS * 2]:
        rec = record_of(item)
        if rec is None or rec.contest.name.casefold() in seen:
            dropped += 1
            continue
        seen.add(rec.contest.name.casefold())
        out.append(rec)
    return out[:MAX_CONTESTS], dropped + max(len(raw) - MAX_CONTESTS * 2, 0) + max(len(out) - MAX_CONTESTS, 0)


def proposals_of(raw: Any) -> tuple[c.Contest, ...] | None:
    """A rep's `contest_proposals`: at most MAX_PROPOSALS valid proposals, else None (invalid)."""
    if not isinstance(raw, list) or len(raw) > MAX_PROPOSALS:
        return None
    out = tuple(contest_of(x) for x in raw)
    if any(x is None or x.state != "proposed" for x in out):
        return None
    return out  # type: ignore[return-value]


def frozen_window(rec: Record, w: c.Window) -> Frozen | None:
    key = [w.start.isoformat(), w.end.isoformat()]
    return next((f for f in rec.results if f["window"] == key), None)


def standing_rows(rows: Iterable[c.Row]) -> list[StandingJSON]:
    """The places as JSON: a team's row names the team, a rep's their rep id; whole scores as integers."""
    out: list[StandingJSON] = []
    for r in rows:
        score = int(r.score) if float(r.score).is_integer() else r.score
        row: StandingJSON = {"name": r.name, "score": score, "place": r.place, "winner": r.winner}
        if r.team is not None:
            row["team"] = r.team
        else:
            row["rep_id"] = r.rep_id or ""
        out.append(row)
    return out


def freeze_rows(board: c.Standings) -> list[StandingJSON]:
    return standing_rows(board.rows)[:MAX_ROWS]
