"""The team as typed values: one rep's published summary and the team's daily standard (pure).

`sync/teamfile.py` is the edge that validates raw JSON into these; the publish builds a
`TeamEntry` and writes `to_json()`. The on-disk shape is docs/team-file.md; the board's
computation on top of these lives in `core/board.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from repdash.core.contests import Contest
from repdash.core.contests import to_json as contest_json
from repdash.core.kinds import RATE_NAMES

RATE_KEYS = RATE_NAMES  # the one list of rate names: core.kinds

# What a valid entry may hold (sync/teamfile.py refuses anything else; the board's calendar math
# and `team --json` rely on it: dates it can step through, numbers it can divide by).
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
MAX_PERIOD_DAYS = 366  # a quarter or a year at most: the board counts the period's working days
MAX_REV = 2**53  # exact in every JSON reader (a double); a publish never goes past it
MAX_COUNT = 10_000_000
MAX_QUOTA = 1_000_000_000  # deals per period
MIN_QUOTA = 0.01  # a positive quota below this is damage, not a target (pace divides by it)
MAX_RATE = float(MAX_COUNT)
MAX_NAME_CHARS = 1_000  # as stored; shown cut to core.text.MAX_NAME


def counts_toward_team(rep: Mapping[str, Any]) -> bool:
    """The one rule for "N of M reps" (momentum, quests): every rep counts, hidden ones too; managers do not.

    Hiding takes a rep off the ranked standings, not out of the team's shared numbers; where a
    screen lists names (the ranking, a quest's parts) hidden reps stay unnamed.
    """
    return not rep.get("manager")


def in_date_range(day: dt.date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def usable_quota(q: int | float) -> bool:
    """A published quota the board can divide by: 0 (none) or MIN_QUOTA..MAX_QUOTA, finite."""
    return q == 0 or MIN_QUOTA <= q <= MAX_QUOTA  # NaN fails both comparisons


@dataclass(frozen=True)
class TeamEntry:
    """One rep's summary as the team sees it: counts per kind, never the event log or notes.

    Counts are plain dicts in kind order; treat an entry as read-only (validated entries are
    shared between reads).
    """

    rep_id: str
    name: str
    date: dt.date  # the rep's local date of the summary
    tz: str
    today: Mapping[str, int]
    week: Mapping[str, int]
    targets: Mapping[str, int]
    last_sync: str  # ISO-8601 with offset
    period: Mapping[str, int] = field(default_factory=dict)
    period_name: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    quota: int | float | None = None  # deals per period (a money quota is published in deals)
    # The rep's start date and the quota they are measured on this period (prorated in the period
    # holding the start date, core.salesmath.quota_this_period). Absent in entries from older versions.
    start_date: dt.date | None = None
    quota_this_period: int | float | None = None
    rates: Mapping[str, float | None] = field(default_factory=lambda: {k: None for k in RATE_KEYS})
    streak: int = 0
    level: int = 1
    xp: int = 0
    hidden: bool = False
    manager: bool = False
    recent_days: tuple[dt.date, ...] = ()
    recent_counts: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # Daily counts by the rep's local date for the days the team's open contests need (issue 23;
    # composed by services/contests.py). Absent when no contest is open.
    contest_days: Mapping[dt.date, Mapping[str, int]] = field(default_factory=dict)
    # Contests this rep proposes (a rep cannot sign the manifest; a manager accepts or declines).
    contest_proposals: tuple[Contest, ...] = ()
    # The share (0..100) of this week's activity (the week of `date`) that a CRM import backs, as the
    # rep's own client computes it (services.summary; core.crm.reconcile.backed_share). None: the rep
    # never imported from a CRM, or logged nothing this week. Absent in entries from older versions.
    crm_backed_week_pct: int | None = None
    rev: int = 0

    def to_json(self) -> dict[str, Any]:
        """The entry as written to the team file (docs/team-file.md)."""
        out: dict[str, Any] = {
            "rep_id": self.rep_id,
            "rev": self.rev,
            "name": self.name,
            "tz": self.tz,
            "date": self.date.isoformat(),
            "last_sync": self.last_sync,
            "today": dict(self.today),
            "week": dict(self.week),
            "period": dict(self.period),
            "period_start": _iso(self.period_start),
            "period_end": _iso(self.period_end),
            "quota": _whole(self.quota),
            "targets": dict(self.targets),
            "rates": dict(self.rates),
            "streak": self.streak,
            "level": self.level,
            "xp": self.xp,
            "hidden": self.hidden,
            "manager": self.manager,
            "recent": self.recent_json(),
        }
        if self.period_name is not None:
            out["period_name"] = self.period_name
        # Only extended: older readers ignore these, and entries without them stay as they were.
        if self.start_date is not None:
            out["start_date"] = self.start_date.isoformat()
        if self.quota_this_period is not None:
            out["quota_this_period"] = _whole(self.quota_this_period)
        if self.contest_days:
            out["contest_days"] = {d.isoformat(): dict(c) for d, c in sorted(self.contest_days.items())}
        if self.contest_proposals:
            out["contest_proposals"] = [contest_json(c) for c in self.contest_proposals]
        if self.crm_backed_week_pct is not None:
            out["crm_backed_week_pct"] = self.crm_backed_week_pct
        return out

    def recent_json(self) -> dict[str, Any]:
        return {
            "days": [d.isoformat() for d in self.recent_days],
            "counts": {k: list(seq) for k, seq in self.recent_counts.items()},
        }

    def payload(self) -> dict[str, Any]:
        """What the rep says, without when it was said: equal payloads need no new publish."""
        out = self.to_json()
        del out["last_sync"], out["rev"]
        return out


@dataclass(frozen=True)
class Standard:
    """The team's daily standard, set by a manager; the highest revision wins."""

    kinds: Mapping[str, int]
    rev: int = 0
    set_by: str | None = None
    set_by_name: str = ""
    set_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rev": self.rev,
            "kinds": dict(self.kinds),
            "set_by": self.set_by,
            "set_by_name": self.set_by_name,
            "set_at": self.set_at,
        }

    def meta(self) -> dict[str, Any]:
        """Who set it and when (the board's `standard_meta`)."""
        return {"rev": self.rev, "set_by": self.set_by, "set_by_name": self.set_by_name, "set_at": self.set_at}


def _whole(n: int | float | None) -> int | float | None:
    return int(n) if isinstance(n, float) and n.is_integer() else n


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
