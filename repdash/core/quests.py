"""Weekly team quests from team data: pure functions (no Textual, no I/O).

Input: the reps of the team file as summaries ({"name", "date", "today", "week",
"targets", "at_standard", optionally "recent": {"days": [...], "counts": {kind: [...]}}
or the board's "trend" flags with "trend_days", "manager", "hidden"}) and the team's
daily standard ({kind: n}, or None).

Quests are shared goals, not rankings: progress is "the team is 70% there" and
"8 of 12 reps have done their part", never a sorted list. The quest rotates every
ISO week so it stays fresh, and counts working days only (a holiday shortens the week
and the goal with it).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from repdash.core.game import met_day
from repdash.core.kinds import MANAGER_KINDS
from repdash.core.team import counts_toward_team
from repdash.core.wording import count
from repdash.core.workdays import week_bounds, working_days

STANDARD_DAYS = "standard_days"
TEAM_PITCHES = "team_pitches"
EVERYONE_COMMITS = "everyone_commits"
ROTATION = (STANDARD_DAYS, TEAM_PITCHES, EVERYONE_COMMITS)
PITCH_SHARE = 0.9  # the team pitch goal: 90% of everyone's standard for the week


@dataclass(frozen=True)
class RepPart:
    name: str  # "" for a hidden rep: they count, but are not named where parts are listed
    value: float
    goal: float
    hidden: bool = False

    @property
    def done(self) -> bool:
        return self.value >= self.goal


@dataclass(frozen=True)
class Quest:
    id: str
    week: str  # ISO week, e.g. 2026-W48
    title: str
    description: str
    current: float
    goal: float
    reps_done: int
    reps_total: int
    parts: tuple[RepPart, ...]  # per rep, in team-file order (not ranked); hidden reps unnamed

    @property
    def progress(self) -> float:
        return 1.0 if self.goal <= 0 else max(0.0, min(1.0, self.current / self.goal))

    @property
    def done(self) -> bool:
        return self.reps_total > 0 and self.current >= self.goal

    @property
    def line(self) -> str:
        """One line for every rep's dashboard."""
        pct = round(100 * self.progress)
        status = "complete! ✓" if self.done else f"{pct}%"
        if self.id == TEAM_PITCHES and not self.done:
            status = f"{self.current:,.0f} so far ({pct}%)"
        return f"{self.title}: {status} · {self.reps_done} of {count(self.reps_total, 'rep')} there"


def iso_week(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def quest_kind_for(day: date) -> str:
    _, w, _ = day.isocalendar()
    return ROTATION[w % len(ROTATION)]


def _players(reps: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Reps who play the quest: the same reps momentum counts (core.team.counts_toward_team).

    Hidden reps play and count in "N of M reps", so the quest line and the status line's
    "team 3/9 at standard" mean the same M; a hidden rep's part carries no name (RepPart.hidden).
    Managers do not play: they have their own standard.
    """
    return [r for r in reps if counts_toward_team(r)]


def _part(rep: Mapping[str, Any], value: float, goal: float) -> RepPart:
    """A rep's share of the quest; a hidden rep's name is never put on it."""
    hidden = bool(rep.get("hidden"))
    return RepPart("" if hidden else str(rep.get("name", "")), value, goal, hidden)


def rep_standard(rep: Mapping[str, Any], standard: Mapping[str, int] | None) -> dict[str, int]:
    """The team standard, else the standard the board row carries, else the rep's own targets."""
    goal = standard or rep.get("standard") or rep.get("targets") or {}
    return {k: int(n) for k, n in goal.items() if k not in MANAGER_KINDS and n > 0}


def _day_flags(rep: Mapping[str, Any], goal: Mapping[str, int], today: date) -> dict[date, bool]:
    """At standard or not, per day, as far as the summary tells.

    Sources: the published recent history ("recent": {"days", "counts"}), or the
    board's per-day flags ("trend" with "trend_days"), plus today's counts.
    """
    out: dict[date, bool] = {}
    recent = rep.get("recent") or {}
    counts = recent.get("counts") or {}
    for i, iso in enumerate(recent.get("days") or []):
        try:
            d = date.fromisoformat(iso)
        except (TypeError, ValueError):
            continue
        c = {k: int(seq[i]) for k, seq in counts.items() if i < len(seq)}
        out[d] = met_day(c, goal)
    for iso, flag in zip(rep.get("trend_days") or [], rep.get("trend") or [], strict=False):
        try:
            d = date.fromisoformat(iso)
        except (TypeError, ValueError):
            continue
        if flag is not None:
            out.setdefault(d, bool(flag))
    today_counts = rep.get("today")
    if rep.get("date") == today.isoformat() and isinstance(today_counts, Mapping):
        out[today] = met_day(today_counts, goal)
    return out


def days_at_standard(
    rep: Mapping[str, Any], standard: Mapping[str, int] | None, today: date, off: Collection[date] = ()
) -> int:
    """Working days this week (up to today) on which the rep met the standard.

    With day-by-day data in the summary it counts real days; without it, it counts
    whole 'standard days' in the week totals (what a day at standard adds up to).
    """
    goal = rep_standard(rep, standard)
    if not goal:
        return 0
    start, _ = week_bounds(today)
    week_days = working_days(start, today, off)
    flags = _day_flags(rep, goal, today)
    if any(d in flags for d in week_days if d != today) or not rep.get("week"):
        return sum(1 for d in week_days if flags.get(d))
    week = rep.get("week") or {}
    whole = min(int(week.get(k, 0)) // n for k, n in goal.items())
    return min(whole, len(week_days))


def _required_days(today: date, off: Collection[date]) -> int:
    start, end = week_bounds(today)
    n = len(working_days(start, end, off))
    return max(1, math.floor(0.8 * n + 1e-9)) if n else 0


def weekly_quest(
    reps: Sequence[Mapping[str, Any]],
    standard: Mapping[str, int] | None,
    today: date,
    off: Collection[date] = (),
    kind: str | None = None,
) -> Quest | None:
    """This week's team quest and its progress. None when nobody plays (no reps)."""
    players = _players(reps)
    if not players:
        return None
    kind = kind or quest_kind_for(today)
    week = iso_week(today)
    if kind == STANDARD_DAYS:
        need = _required_days(today, off)
        parts = tuple(_part(r, days_at_standard(r, standard, today, off), need) for r in players)
        current = sum(min(p.value, p.goal) for p in parts)
        goal = need * len(parts)
        total_days = len(working_days(*week_bounds(today), off))
        title = f"Everyone at standard {need} of {total_days} days"
        desc = "Every rep meets the daily standard on enough days this week. Help the ones still short!"
    elif kind == TEAM_PITCHES:
        start, end = week_bounds(today)
        n_days = len(working_days(start, end, off))
        parts = tuple(
            _part(r, int((r.get("week") or {}).get("pitch", 0)), rep_standard(r, standard).get("pitch", 0) * n_days)
            for r in players
        )
        goal = math.ceil(PITCH_SHARE * sum(p.goal for p in parts)) or len(parts) * 5
        current = sum(p.value for p in parts)  # over-achievers carry the team: that is the point
        title = f"Team pitches, goal {goal:,} this week"
        desc = "Pitches add up across the team: every one counts toward the shared goal."
    elif kind == EVERYONE_COMMITS:
        parts = tuple(_part(r, min(2, int((r.get("week") or {}).get("commit", 0))), 2) for r in players)
        current = sum(p.value for p in parts)
        goal = 2 * len(parts)
        title = "Everyone wins 2 commitments"
        desc = "Every rep lands two verbal commitments this week: pair up, role-play, share openers."
    else:
        raise ValueError(f"unknown quest {kind!r}")
    done = sum(1 for p in parts if p.done)
    return Quest(kind, week, title, desc, float(current), float(goal), done, len(parts), parts)


def just_completed(before: Quest | None, after: Quest | None) -> bool:
    """True once, when a quest flips to done (celebrate for everyone)."""
    return bool(after and after.done and not (before and before.done and before.week == after.week))
