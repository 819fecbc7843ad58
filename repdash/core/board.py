"""The team board as data: standings, momentum, tiers, proposals, coaching prompts (pure).

Input is the validated team (TeamEntry values and the Standard) and the current moment;
output is a plain dict that `team --json`, the board screens and the local cache all use.
Every rep is seen in their own time zone: a rep whose summary is from an earlier local
date shows zero for today (and for the week once the week has turned).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from statistics import median
from typing import TYPE_CHECKING, Any, NamedTuple

import pendulum

from repdash.core import standard as standard_rule
from repdash.core.coaching import coaching_prompt
from repdash.core.kinds import FUNNEL
from repdash.core.salesmath import median_rates, tier_summary
from repdash.core.salesmath import tiers as split_tiers
from repdash.core.team import RATE_KEYS, Standard, TeamEntry, counts_toward_team
from repdash.core.workdays import (
    count_working_days,
    is_working_day,
    local_date,
    previous_working_days,
    proration,
    week_bounds,
)

if TYPE_CHECKING:
    from repdash.core.shapes import BoardRow, BoardTier, BoardView, Momentum, Proposals, Share

PCT_CAP = 2.0  # one kind far over target cannot hide another far under it
AVG_DAYS = 5  # the recent average a coaching prompt is based on
TREND_DAYS = 10
BELOW_MAX = 20


def mean(vals: Iterable[float]) -> float:
    values = list(vals)
    return sum(values) / len(values)


def rep_standard(standard: dict[str, int] | None, entry: TeamEntry) -> tuple[dict[str, int], str]:
    """What this rep is measured against, and where it comes from: the one rule is core.standard."""
    return standard_rule.rep_standard(standard, entry.targets, entry.manager)


def _pct(counts: dict[str, int], targets: dict[str, int], days: int = 1) -> float:
    parts = [min(counts.get(k, 0) / (t * days), PCT_CAP) for k, t in targets.items() if t > 0]
    return round(100 * mean(parts), 1) if parts else 0.0


def _standing_pct(counts: dict[str, int], measured: dict[str, int], days: int, deals_due: float | None) -> float:
    """% for the standings (issue 20): activity against the measured targets (max(own, standard)) over
    `days` working days, and deals against the share of the prorated quota due in them (the deal target
    only where no quota is known). Each part capped at PCT_CAP, then averaged."""
    parts = [min(counts.get(k, 0) / (t * days), PCT_CAP) for k, t in measured.items() if t > 0 and k != "deal"]
    if deals_due is not None and deals_due > 0:
        parts.append(min(counts.get("deal", 0) / deals_due, PCT_CAP))
    elif measured.get("deal", 0) > 0:
        parts.append(min(counts.get("deal", 0) / (measured["deal"] * days), PCT_CAP))
    return round(100 * mean(parts), 1) if parts else 0.0


def _met(counts: dict[str, int], std: dict[str, int], days: int = 1) -> bool:
    return all(counts.get(k, 0) >= n * days for k, n in std.items())


def _working_days(first: date, last: date) -> list[date]:
    out, d = [], first
    while d <= last:
        if is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def _due(days: list[date], per_day: Callable[[date], Mapping[str, int]]) -> dict[str, int]:
    """Per kind, the sum of `per_day(d)` over `days`: a target that changed inside the window."""
    out: dict[str, int] = {}
    for d in days:
        for k, n in per_day(d).items():
            out[k] = out.get(k, 0) + n
    return out


def _floor_on(std: dict[str, int], accepted: standard_rule.Accepted, day: date) -> dict[str, int]:
    return standard_rule.floor(std, standard_rule.active(accepted, day))


class _History:
    """A rep's daily totals by date: known days from the summary, zero after it, unknown before."""

    def __init__(self, entry: TeamEntry, today: date) -> None:
        self.days: dict[date, dict[str, int]] = {}
        for i, day in enumerate(entry.recent_days):
            self.days[day] = {k: seq[i] for k, seq in entry.recent_counts.items()}
        self.last = entry.date
        # Before the rep's first logged activity we know nothing (they may have just joined).
        active = [d for d, c in self.days.items() if any(c.values())]
        self.first = min(active) if active else self.last
        self.days[self.last] = dict(entry.today)
        self.today = today

    def on(self, day: date) -> dict[str, int] | None:
        if day > self.last:
            return {}  # after the last sync: nothing logged as far as the team knows
        if day < self.first:
            return None
        return self.days.get(day, {})


# Rows by (validated entry, the rep's local date, standard). Validated entries are memoised by
# content (sync.teamfile.validate_entry), so a rep who did not publish since costs a dict copy.
_ROWS: dict[tuple[Any, ...], tuple[TeamEntry, BoardRow]] = {}


def _cached_row(
    entry: TeamEntry,
    now: pendulum.DateTime,
    standard: dict[str, int] | None,
    accepted: standard_rule.Accepted | None = None,
) -> BoardRow:
    acc_key = (accepted.since, tuple(sorted(accepted.targets.items()))) if accepted else None
    key = (id(entry), local_date(entry.tz, now), tuple(sorted((standard or {}).items())), acc_key)
    hit = _ROWS.get(key)
    if hit is None or hit[0] is not entry:
        if len(_ROWS) >= 20_000:
            _ROWS.clear()
        hit = _ROWS[key] = (entry, rep_row(entry, now, standard, accepted))  # keeps entry alive: ids stay unique
    return hit[1].copy()  # build_view sets rank and tier on the copy


class _Seen(NamedTuple):
    """A rep's published counts as seen on their own local date `today`."""

    stale: bool  # the summary is from an earlier local date
    today: dict[str, int]  # zero when stale
    week: dict[str, int]  # zero once the week has turned
    period: dict[str, int]  # zero once the period has ended
    streak: int  # zero after a whole working day without a sync
    crm_backed_week_pct: int | None  # None once the week has turned (the share was of the week synced)


def _seen_on(entry: TeamEntry, today: date) -> _Seen:
    synced = entry.date
    stale = synced < today
    today_counts = {k: 0 for k in entry.today} if stale else dict(entry.today)
    same_week = week_bounds(synced)[0] == week_bounds(today)[0]
    week = dict(entry.week) if same_week else {k: 0 for k in entry.week}
    period_end = entry.period_end
    period = {k: 0 for k in entry.period} if period_end and today > period_end else dict(entry.period)
    streak = entry.streak
    if stale and any(is_working_day(d) for d in _between(synced, today)):
        streak = 0  # a whole working day without a sync: the streak is not what it was
    return _Seen(stale, today_counts, week, period, streak, crm_share_on(entry, today))


def crm_share_on(entry: TeamEntry, today: date) -> int | None:
    """The rep's published "% CRM-backed this week" as seen on their local date `today`: None once
    the week it was of has turned (as the week's counts turn to zero). The one rule for the board and
    the contests' standings; who may see it: core.visibility."""
    return entry.crm_backed_week_pct if week_bounds(entry.date)[0] == week_bounds(today)[0] else None


@dataclass(frozen=True)
class _Yardstick:
    """What a rep is measured against, day by day: the standard (floored by an accepted proposal
    from its date on) for "at standard", and max(own target, standard) for the standings."""

    base: dict[str, int]  # the standard (or the rep's own targets without one)
    source: str  # "team" or "own"
    own: dict[str, int]  # the rep's own targets, as the standard rule reads them
    team_std: dict[str, int] | None  # the team's standard, when the rep is measured on it
    accepted: standard_rule.Accepted | None  # a proposal a manager accepted (never for a manager)

    def std_on(self, day: date) -> dict[str, int]:
        accepted = self.accepted
        return standard_rule.floor(self.base, standard_rule.active(accepted, day)) if accepted else self.base

    def measured_by(self, day: date) -> dict[str, int]:
        return standard_rule.measured_on(self.own, self.team_std, standard_rule.active(self.accepted, day))


def _yardstick(
    entry: TeamEntry, standard: dict[str, int] | None, accepted: standard_rule.Accepted | None
) -> _Yardstick:
    std, source = rep_standard(standard, entry)
    own = standard_rule.rep_standard(None, entry.targets, entry.manager)[0]
    team_std = std if source == "team" else None
    if entry.manager or team_std is None:
        accepted = None
    return _Yardstick(std, source, own, team_std, accepted)


class _Week(NamedTuple):
    """This week so far, for "at standard this week" and the week's standing."""

    week_from: date  # the week's first day, or the start date for a rep who started this week
    working_days: int  # working days from `week_from` to today (at least 1)
    at_standard: bool  # at standard on every finished working day of the week (today's own state on a Monday)
    due: tuple[dict[str, int], int]  # (targets, days): what the week's standing is measured against


def _week_so_far(entry: TeamEntry, seen: _Seen, yard: _Yardstick, today: date, at_std: bool) -> _Week:
    wk_start = week_bounds(today)[0]
    # The week counts from the start date for a rep who started this week (issue 20).
    wk_from = proration(today, wk_start, today, entry.start_date).week_from
    wd_week = max(count_working_days(wk_from, today), 1)
    wd_done = count_working_days(wk_start, today - timedelta(days=1))
    week_before = {k: seen.week.get(k, 0) - seen.today.get(k, 0) for k in seen.week}
    at_std_week = _met(week_before, yard.std_on(today), wd_done) if wd_done else at_std
    if wd_done and yard.accepted:  # each day against what counted on it: the acceptance has a date
        due = _due(_working_days(wk_start, today - timedelta(days=1)), yard.std_on)
        at_std_week = all(week_before.get(k, 0) >= n for k, n in due.items())
    week_due = (yard.measured_by(today), wd_week)
    if yard.accepted and (days := _working_days(wk_from, today)):
        week_due = (_due(days, yard.measured_by), 1)
    return _Week(wk_from, wd_week, at_std_week, week_due)


def _days_below(hist: _History, today: date, yard: _Yardstick) -> int:
    """Working days in a row below standard up to yesterday (the caller skips it when today is at standard)."""
    days_below = 0
    for d in reversed(previous_working_days(today, BELOW_MAX, include=False)):
        counts = hist.on(d)
        if counts is None or _met(counts, yard.std_on(d)):
            break
        days_below += 1
    return days_below


def _recent_average(hist: _History, today: date, kinds: Iterable[str]) -> dict[str, float | None]:
    """Per kind, the average over the last AVG_DAYS finished working days we know of (None: none known)."""
    recent_done = [
        c for c in (hist.on(d) for d in previous_working_days(today, AVG_DAYS, include=False)) if c is not None
    ]
    return {k: (sum(c.get(k, 0) for c in recent_done) / len(recent_done)) if recent_done else None for k in kinds}


def _trend(hist: _History, today: date, yard: _Yardstick) -> list[bool | None]:
    """At standard on each of the last TREND_DAYS finished working days (None: before the rep's data)."""
    trend: list[bool | None] = []
    for d in previous_working_days(today, TREND_DAYS, include=False):
        c = hist.on(d)
        trend.append(None if c is None else _met(c, yard.std_on(d)))
    return trend


def rep_row(
    entry: TeamEntry,
    now: pendulum.DateTime,
    standard: dict[str, int] | None,
    accepted: standard_rule.Accepted | None = None,
) -> BoardRow:
    """One rep's line on the board, seen on the rep's own local date. `accepted`: the rep's proposal
    a manager accepted; it takes the standard's place from its date on (issue 20)."""
    today = local_date(entry.tz, now)
    seen = _seen_on(entry, today)
    yard = _yardstick(entry, standard, accepted)
    accepted = yard.accepted
    measured = yard.measured_by(today)
    std = yard.std_on(today)  # what "at standard" and the coaching mean today
    at_std = _met(seen.today, std)
    week = _week_so_far(entry, seen, yard, today, at_std)
    window = pace_window(entry)
    per_day = _deals_per_day(window)
    hist = _History(entry, today)
    # Working days in a row below standard up to yesterday; reaching it today ends the run.
    days_below = 0 if at_std else _days_below(hist, today, yard)
    avg = _recent_average(hist, today, std)
    gap = {k: math.ceil(n - a - 1e-9) for k, n in std.items() if (a := avg[k]) is not None and a < n}
    to_go = {k: n - seen.today.get(k, 0) for k, n in std.items() if seen.today.get(k, 0) < n}
    coaching = coaching_prompt(avg, std, entry.rates) if not at_std else None
    pace, activity_pace = _paces(window, today, seen.period, yard.own)
    return {
        "rep_id": entry.rep_id,
        "name": entry.name,
        "rank": None,
        "tier": None,
        "hidden": entry.hidden,
        "manager": entry.manager,
        "tz": entry.tz,
        "date": today.isoformat(),
        "synced_date": entry.date.isoformat(),
        "stale": seen.stale,
        "today": seen.today,
        "week": seen.week,
        # This week's CRM-backed share as the rep published it; who may see it: core.visibility.
        "crm_backed_week_pct": seen.crm_backed_week_pct,
        "period": seen.period,
        "targets": dict(entry.targets),
        "standard": std,
        "standard_source": yard.source,
        "at_standard": at_std,
        "at_standard_week": week.at_standard,
        "today_pct": _standing_pct(seen.today, measured, 1, per_day),
        "week_pct": _standing_pct(seen.week, *week.due, per_day * week.working_days if per_day is not None else None),
        "measured_on": measured,  # max(own target, standard) per kind: what the standings count
        "proposal": {}
        if entry.manager
        else standard_rule.proposals(yard.own, yard.team_std, standard_rule.active(accepted, today)),
        # A proposal the manager accepted (the manifest's): counted from "from" on, that number only.
        "accepted": {"from": accepted.since.isoformat(), "targets": dict(accepted.targets)} if accepted else None,
        "week_from": week.week_from.isoformat(),
        "pace": pace,
        "activity_pace": activity_pace,
        "start_date": entry.start_date.isoformat() if entry.start_date else None,
        "quota_this_period": entry.quota_this_period,
        "pace_prorated": pace is not None and window is not None and window[2],  # the 1:1 view says so
        "rates": dict(entry.rates),
        "avg_per_day": {k: (round(v, 2) if v is not None else None) for k, v in avg.items()},
        "gap": gap,
        "to_go": to_go,
        "coaching": coaching,
        "days_below": days_below,
        "streak": seen.streak,
        "level": entry.level,
        "xp": entry.xp,
        "last_sync": entry.last_sync,
        "trend": _trend(hist, today, yard),
        "recent": entry.recent_json(),
    }


def _paces(
    window: PaceWindow | None, today: date, period: dict[str, int], own: dict[str, int]
) -> tuple[float | None, float | None]:
    """(deal pace in % of the quota due by today, activity pace in % of targets) this period,
    over the rep's `pace_window`."""
    if window is None:
        return None, None
    (start, p_end), quota, _ = window
    if today < start:
        return None, None
    elapsed = max(count_working_days(start, min(today, p_end)), 1)
    total = max(count_working_days(start, p_end), 1)
    activity_pace = _pct(period, {k: n for k, n in own.items() if k in FUNNEL}, elapsed)
    pace = round(100 * period.get("deal", 0) / (quota * elapsed / total), 1) if quota else None
    return pace, activity_pace


# ((paced from, period end), against this quota, prorated?)
PaceWindow = tuple[tuple[date, date], float | None, bool]


def pace_window(entry: TeamEntry) -> PaceWindow | None:
    """((paced from, period end), against this quota, prorated?), None without a period: a rep who
    started inside the period is paced from the start date against the prorated quota they
    published; anyone else from the period's first day against the whole quota."""
    p_start, p_end = entry.period_start, entry.period_end
    if not (p_start and p_end):
        return None
    joined, prorated_quota = entry.start_date, entry.quota_this_period
    # Both fields, or neither: a start date alone would pace a shorter window against the whole quota.
    if joined is not None and prorated_quota is not None and proration(p_start, p_start, p_end, joined).prorated:
        return (joined, p_end), prorated_quota, True
    return (p_start, p_end), entry.quota, False


def _between(a: date, b: date) -> Iterator[date]:
    d = a + timedelta(days=1)
    while d < b:
        yield d
        d += timedelta(days=1)


def _deals_per_day(window: PaceWindow | None) -> float | None:
    """The prorated quota spread over the working days it covers (None without a quota)."""
    if window is None:
        return None
    (start, p_end), quota, _ = window
    if not quota:
        return None
    days = count_working_days(start, p_end)
    return float(quota) / days if days else None


def _share(flags: list[bool]) -> Share:
    n = len(flags)
    at = sum(1 for f in flags if f)
    return {"at": at, "of": n, "pct": round(100 * at / n, 1) if n else 0.0}


def _tier_row(name: str, members: list[BoardRow]) -> BoardTier:
    """One tier's size, names and the median of its members' daily averages, rates and pace."""
    avg: dict[str, float | None] = {}
    for k in FUNNEL:
        vals = [v for r in members if (v := r["avg_per_day"].get(k)) is not None]
        if not vals:
            # Fallback: what the tier did per working day this week.
            vals = [r["week"].get(k, 0) for r in members]
        avg[k] = round(summary, 1) if (summary := tier_summary(vals)) is not None else None
    rates: dict[str, float | None] = {}
    for k in RATE_KEYS:
        rate_vals = [v for r in members if (v := r["rates"].get(k)) is not None]
        rates[k] = round(summary, 3) if (summary := tier_summary(rate_vals)) is not None else None
    paces = [p for r in members if (p := r["pace"]) is not None]
    return {
        "tier": name,
        "count": len(members),
        "reps": [r["rep_id"] for r in members],
        "names": [r["name"] for r in members],
        "avg_per_day": avg,
        "rates": rates,
        "pace": round(summary, 1) if (summary := tier_summary(paces)) is not None else None,
    }


def _tiers(rows: list[BoardRow]) -> list[BoardTier]:
    """Sellers in top, middle and bottom thirds: the one tier rule the Sales Math screen uses too."""
    sellers = sorted((r for r in rows if not r["manager"]), key=lambda r: (r["name"].casefold(), r["rep_id"]))
    out = []
    for name, members in split_tiers(sellers).items():
        for r in members:
            r["tier"] = name
        out.append(_tier_row(name, members))
    return out


def _rows(
    entries: Iterable[TeamEntry],
    now: pendulum.DateTime,
    standard: dict[str, int] | None,
    accepted: Mapping[str, standard_rule.Accepted] | None,
) -> tuple[list[BoardRow], int]:
    """Every rep's row, and how many could not be computed (skipped, not the team)."""
    rows, failed = [], 0
    for e in entries:
        try:
            rows.append(_cached_row(e, now, standard, (accepted or {}).get(e.rep_id)))
        except ArithmeticError:  # validation bounds every field; should one still not compute, skip it, not the team
            failed += 1
    return rows, failed


def _coach_against_team(rows: list[BoardRow]) -> None:
    """The conversion prompt compares a rep's rate with the team's, known only once every row is built."""
    team_rates = median_rates(r["rates"] for r in rows if not r["manager"])
    for r in rows:
        coaching = r["coaching"]
        if not r["at_standard"] and coaching and coaching.startswith("commits → deals"):
            r["coaching"] = coaching_prompt(r["avg_per_day"], r["standard"], r["rates"], team_rates)


def _by_name(r: BoardRow) -> tuple[str, str]:
    return (r["name"].casefold(), r["rep_id"])


class _Order(NamedTuple):
    """The board's three groups, in the order it lists them."""

    ranked: list[BoardRow]  # visible sellers by week %, then today %, then name (ranks set)
    hidden: list[BoardRow]  # sellers who hide from the ranking, by name
    managers: list[BoardRow]  # listed apart (setting the example): never ranked, in tiers or momentum


def _order(rows: list[BoardRow]) -> _Order:
    ranked = sorted(
        (r for r in rows if not r["hidden"] and not r["manager"]),
        key=lambda r: (-r["week_pct"], -r["today_pct"], r["name"].casefold(), r["rep_id"]),
    )
    for i, r in enumerate(ranked, start=1):
        r["rank"] = i
    hidden = sorted((r for r in rows if r["hidden"] and not r["manager"]), key=_by_name)
    managers = sorted((r for r in rows if r["manager"]), key=lambda r: (r["hidden"], *_by_name(r)))
    return _Order(ranked, hidden, managers)


def _momentum(sellers: list[BoardRow], viewer_today: date, standard: dict[str, int] | None) -> Momentum:
    """The share of sellers at standard today, this week, on each of the last working days, and last week."""
    trend_days = previous_working_days(viewer_today, TREND_DAYS, include=False)
    trend = []
    for i, _d in enumerate(trend_days):
        flags = [t for r in sellers if i < len(r["trend"]) and (t := r["trend"][i]) is not None]
        trend.append(_share(flags)["pct"] if flags else None)
    return {
        "today": _share([r["at_standard"] for r in sellers]),
        "week": _share([r["at_standard_week"] for r in sellers]),
        "trend": trend,
        "trend_days": [d.isoformat() for d in trend_days],
        "yesterday_pct": next((t for t in reversed(trend) if t is not None), None),
        "last_week_pct": _last_week_share(sellers, viewer_today, standard_rule.applicable_standard(standard, False)),
    }


def _proposals(sellers: list[BoardRow], standard: dict[str, int] | None) -> Proposals:
    """The reps' own daily targets beside the standard and their median (the Proposals tab)."""
    kinds = [k for k in FUNNEL if any(k in r["targets"] for r in sellers)] or list(FUNNEL)
    return {
        "kinds": kinds,
        "median": {k: _median([r["targets"].get(k) for r in sellers]) for k in kinds},
        "standard": {k: (standard or {}).get(k) for k in kinds},
        "reps": [
            {
                "rep_id": r["rep_id"],
                "name": r["name"],
                "targets": {k: r["targets"].get(k) for k in kinds},
                "proposal": r["proposal"],  # below the standard, not counted
                "accepted": r.get("accepted"),  # accepted by a manager: counted from its date
            }
            for r in sorted(sellers, key=_by_name)
        ],
    }


def build_view(
    entries: Iterable[TeamEntry],
    team_standard: Standard | None,
    now: pendulum.DateTime,
    *,
    viewer_tz: str = "UTC",
    skipped: int = 0,
    bad_copies: int = 0,
    accepted: Mapping[str, standard_rule.Accepted] | None = None,
) -> BoardView:
    """The whole board for a viewer in `viewer_tz`; `skipped` entries failed validation.
    `accepted`: proposals a manager accepted, by rep id (a team location's manifest)."""
    standard = dict(team_standard.kinds) if team_standard else None
    rows, failed = _rows(entries, now, standard, accepted)
    _coach_against_team(rows)
    tiers = _tiers(rows)
    order = _order(rows)
    sellers = [r for r in rows if counts_toward_team(r)]  # momentum: reps (hidden too), not managers
    viewer_today = local_date(viewer_tz, now)
    momentum = _momentum(sellers, viewer_today, standard)
    return {
        "at": now.in_timezone(viewer_tz).isoformat(),
        "date": viewer_today.isoformat(),
        "standard": standard,
        "standard_meta": team_standard.meta() if team_standard else None,
        "at_standard_pct": momentum["today"]["pct"],
        "at_standard_week_pct": momentum["week"]["pct"],
        "momentum": momentum,
        "tiers": tiers,
        "proposals": _proposals(sellers, standard),
        "skipped": skipped + failed,
        "bad_copies": bad_copies,
        "counts": {
            "reps": len(rows),
            "ranked": len(order.ranked),
            "hidden": len(order.hidden),
            "managers": len(order.managers),
            "sellers": len(sellers),
        },
        "reps": order.ranked + order.hidden + order.managers,
    }


def _median(vals: Iterable[float | None]) -> float | None:
    values = [v for v in vals if v is not None]
    return median(values) if values else None


def _last_week_share(rows: list[BoardRow], today: date, team_std: dict[str, int] | None) -> float | None:
    start = week_bounds(today)[0] - timedelta(days=7)
    flags = []
    for r in rows:
        days = [start + timedelta(days=i) for i in range(5)]
        rec = {date.fromisoformat(d): i for i, d in enumerate(r["recent"]["days"])}
        if not all(d in rec for d in days):
            continue
        tot = {k: sum(r["recent"]["counts"].get(k, [0] * len(rec))[rec[d]] for d in days) for k in r["standard"]}
        acc = r.get("accepted")
        if acc and team_std:
            got = standard_rule.Accepted(date.fromisoformat(acc["from"]), dict(acc["targets"]))
            due = _due(days, partial(_floor_on, team_std, got))
            flags.append(all(tot.get(k, 0) >= n for k, n in due.items()))
            continue
        flags.append(_met(tot, r["standard"], 5))
    return _share(flags)["pct"] if flags else None


def team_json(view: BoardView) -> dict[str, Any]:
    """`team --json`: the contract keys first, extras after; no raw history."""
    reps = []
    for r in view["reps"]:
        reps.append(
            {
                "name": r["name"],
                "today": r["today"],
                "week": r["week"],
                "targets": r["targets"],
                "at_standard": r["at_standard"],
                "streak": r["streak"],
                "level": r["level"],
                "xp": r["xp"],
                "last_sync": r["last_sync"],
                "rep_id": r["rep_id"],
                "rank": r["rank"],
                "tier": r["tier"],
                "hidden": r["hidden"],
                "away": r.get("away", False),  # a team location's rep not publishing for a while
                "manager": r["manager"],
                "at_standard_week": r["at_standard_week"],
                "today_pct": r["today_pct"],
                "week_pct": r["week_pct"],
                "standard": r["standard"],
                "standard_source": r["standard_source"],
                "coaching": r["coaching"],
                "gap": r["gap"],
                "days_below": r["days_below"],
                "rates": r["rates"],
                "pace": r["pace"],
                "tz": r["tz"],
                "date": r["date"],
                "stale": r["stale"],
                "start_date": r["start_date"],  # what the pace is measured from and on (null: older entries)
                "quota_this_period": r["quota_this_period"],
                "pace_prorated": r["pace_prorated"],
                "measured_on": r["measured_on"],  # what the standings count: max(own target, standard) per kind
                "proposal": r["proposal"],  # own targets below the standard, not counted until accepted
                "accepted": r.get("accepted"),  # {"from", "targets"}: a proposal a manager accepted (or null)
                # % of this week's activity a CRM import backs (null: no CRM import; others' for a rep's view)
                "crm_backed_week_pct": r.get("crm_backed_week_pct"),
            }
        )
    out = {k: v for k, v in view.items() if k != "reps"}
    out["reps"] = reps
    return out
