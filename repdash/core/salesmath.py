"""Sales math: conversion rates, the reverse funnel from quota, projection, tiers.

Pure functions over *daily counts* (local date -> {kind: count}) and plain dicts;
no I/O, no Textual. The definitions are the decisions below (README "Command line"
lists what `repdash math` shows).

Decisions (documented here because the UI and `math --json` both rely on them):
- The rate window is the last 20 working days *including today*: a deal logged now
  moves the rates now. Activity logged on a weekend inside the window counts too.
- A rate needs a minimum base (MIN_BASE) and a non-zero value to count as the rep's
  own; otherwise it falls back to the team median, then to configured defaults, then
  to built-in defaults. Resolved rates are always in (0, 1], so every division below
  is finite: the math never shows an infinity, only a source flag ("low data").
- Rates are capped at 1: pitches logged without calls (inbound) must not make calls
  look optional in the reverse funnel.
- "Elapsed" working days in the period include today (today is under way).
- A deal-equivalent flow turns per-day activity into deals per day: each funnel stage
  times the rates below it; the flow is the largest of those. For actual activity only
  the leading stages count (call, pitch, commit): one lucky early deal must not
  project a record month. Targets use every stage, deals included: a rep who meets
  every target lands at least each stage's flow. Max keeps both monotone in activity.
- Projected deals never fall below deals already closed (banked deals stay banked).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from repdash.core.kinds import BUILTIN_RATES, FUNNEL, RATE_NAMES
from repdash.core.team import MAX_QUOTA
from repdash.core.workdays import (
    DEFAULT_PERIOD,
    Proration,
    count_working_days,
    is_working_day,
    period_bounds,
    previous_working_days,
    proration,
    week_bounds,
    working_days,
)

if TYPE_CHECKING:
    from repdash.core.shapes import Gaps, MathReport, RateFields, TierRates

DailyCounts = Mapping[date, Mapping[str, int]]

WINDOW = 20
# (from kind, to kind, rate name): the funnel's three steps.
STEPS: tuple[tuple[str, str, str], ...] = (
    ("call", "pitch", "pitch_per_call"),
    ("pitch", "commit", "commit_per_pitch"),
    ("commit", "deal", "deal_per_commit"),
)
# Fewer than this many in the window and a rate is noise (1 deal from 2 commits is not "50%").
MIN_BASE: dict[str, int] = {"pitch_per_call": 40, "commit_per_pitch": 10, "deal_per_commit": 5}
LEADING: tuple[str, ...] = ("call", "pitch", "commit")
# Floats like 2.0000000001 from 18 / 9 / 0.25 must not round up to 3.
EPS = 1e-9
# Below 1 in 10,000 a rate is noise or junk, not something to plan a day with.
MIN_RATE = 1e-4
AHEAD_FACTOR = 1.1


# ---- rates ------------------------------------------------------------------
@dataclass(frozen=True)
class Rates:
    """The rep's own conversion over the window.

    `values[name]` is the rate, or None when the window holds too little data (or a
    zero rate) to plan with: publish `values`, `median_rates` skips the Nones.
    `measured[name]` is the raw ratio even when too thin to trust (None: nothing to divide).
    """

    values: dict[str, float | None]
    measured: dict[str, float | None]
    totals: dict[str, int]
    first_day: date | None = None
    working_days: int = 0


def sum_counts(daily: DailyCounts, start: date, end: date, kinds: Iterable[str] = FUNNEL) -> dict[str, int]:
    out = {k: 0 for k in kinds}
    for d, counts in daily.items():
        if start <= d <= end:
            for k in out:
                out[k] += int(counts.get(k, 0) or 0)
    return out


def rates(daily: DailyCounts, today: date, off: Collection[date] = frozenset(), window: int = WINDOW) -> Rates:
    """Conversion over the last `window` working days, today included."""
    days = previous_working_days(today, window, off)
    first = days[0] if days else today
    totals = sum_counts(daily, first, today)
    values: dict[str, float | None] = {}
    measured: dict[str, float | None] = {}
    for src, dst, name in STEPS:
        base = totals[src]
        raw = min(totals[dst] / base, 1.0) if base > 0 else None
        measured[name] = raw
        values[name] = raw if raw is not None and raw >= MIN_RATE and base >= MIN_BASE[name] else None
    return Rates(values, measured, totals, first, len(days))


def _valid_rate(v: Any) -> float | None:
    """A rate from config or the (untrusted) team file: a finite number in [MIN_RATE, 1], else None."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    rate = float(v)
    if not math.isfinite(rate) or rate < MIN_RATE:
        return None
    return min(rate, 1.0)


def median_rates(rate_dicts: Iterable[Any]) -> dict[str, float]:
    """Per rate name, the median of the valid values given (names with none are left out)."""
    pools: dict[str, list[float]] = {n: [] for n in RATE_NAMES}
    for rd in rate_dicts:
        if not isinstance(rd, Mapping):
            continue
        for n in RATE_NAMES:
            v = _valid_rate(rd.get(n))
            if v is not None:
                pools[n].append(v)
    return {n: statistics.median(vs) for n, vs in pools.items() if vs}


def resolve_rates(
    own: Rates | Mapping[str, float | None],
    team_median: Mapping[str, float] | None,
    defaults: Mapping[str, float] | None,
) -> tuple[dict[str, float], dict[str, str]]:
    """Per rate: own, else team median, else configured default -> (rates, sources).

    Every resolved rate is in (0, 1] (a zero or broken default falls through to the
    built-in one, reported as "default").
    """
    own_values = own.values if isinstance(own, Rates) else own
    out: dict[str, float] = {}
    sources: dict[str, str] = {}
    for n in RATE_NAMES:
        for source, pool in (
            ("own", own_values),
            ("team", team_median),
            ("default", defaults),
            ("default", BUILTIN_RATES),
        ):
            v = _valid_rate((pool or {}).get(n))
            if v is not None:
                out[n], sources[n] = v, source
                break
    return out, sources


# ---- quota and calendar -----------------------------------------------------
# The most deals a quota can mean: the team model's cap, so every reader accepts what we publish.
MAX_QUOTA_DEALS = MAX_QUOTA


def _finite(v: Any) -> float | None:
    """A positive finite number from config, else None (JSON has no inf or NaN)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
        return None
    return v


def quota_in_deals(quota: Any, deal_value: Any = None) -> int:
    """Deals per period: the quota itself, or ceil(money / average deal value).

    Exact decimal arithmetic on the numbers as written: 34,999.65 at 4,999.95 a deal is 7
    deals, where binary floats make it 7.000000000000001 and so 8. The one rule for the
    math screen, `init`, status and the published team entry.
    """
    q, v = _finite(quota), _finite(deal_value)
    if q is None:
        return 0
    deals = math.ceil(Decimal(str(q)) if v is None else Decimal(str(q)) / Decimal(str(v)))
    # A tiny deal value (2.4e-307) makes a number no float holds: the team file caps quota there too.
    return min(deals, MAX_QUOTA_DEALS)


@dataclass(frozen=True)
class Calendar:
    """The period holding `today`, seen in working days."""

    start: date
    end: date
    total: int  # working days in the period
    elapsed: int  # working days from start through today (today included)
    left: int  # working days from today through end (today included)


def calendar(today: date, period: str, off: Collection[date] = frozenset(), start_date: date | None = None) -> Calendar:
    """The period holding `today`; a rep who started inside it counts only from the start date.

    `start`/`end` stay the period's bounds; `total` and `elapsed` count working days from
    max(period start, start date): pace and projection never count days before the rep was there.
    """
    start, end = period_bounds(today, period)
    share = proration(today, start, end, start_date, off)
    days = working_days(share.start, end, off)
    elapsed = sum(1 for d in days if d <= today)
    left = sum(1 for d in days if d >= today)
    return Calendar(start, end, share.days, elapsed, left)


def quota_this_period(
    quota: int, start_date: date | None, period_start: date, period_end: date, off: Collection[date] = frozenset()
) -> int:
    """The quota a rep is measured on in this period: prorated in the period holding their start date.

    ceil(quota x working days from the start date to period end / working days in the period);
    the whole quota when they started on or before the period's first day (SPEC "Start date").
    A period that ends before the start date (a start set ahead) keeps the whole quota: a rep is
    not measured there, and "no quota" would misstate their plan. The rule: workdays.proration.
    """
    if quota <= 0:
        return 0
    return proration(period_start, period_start, period_end, start_date, off).share(quota)


# ---- the funnel, both ways --------------------------------------------------
# Beyond any real sales target: absurd inputs (a quota of 1e307) give this, never inf.
MAX_WHOLE = 10**12


def ceil_up(x: float) -> int:
    if not math.isfinite(x) or x >= MAX_WHOLE:
        return MAX_WHOLE if x > 0 else 0
    return max(0, math.ceil(x - EPS))


def reverse_funnel(deals_needed: float, days_left: int, rate: Mapping[str, float]) -> dict[str, float]:
    """Exact (unrounded) activity per day that lands `deals_needed` over `days_left` days."""
    if deals_needed <= 0 or days_left <= 0:
        return {k: 0.0 for k in FUNNEL}
    deal = deals_needed / days_left
    commit = deal / rate["deal_per_commit"]
    pitch = commit / rate["commit_per_pitch"]
    call = pitch / rate["pitch_per_call"]
    return {"call": call, "pitch": pitch, "commit": commit, "deal": deal}


def needed_per_day(deals_needed: float, days_left: int, rate: Mapping[str, float]) -> dict[str, int]:
    """The reverse funnel, each figure rounded up to a whole number (a part of a call is a whole call)."""
    return {k: ceil_up(v) for k, v in reverse_funnel(deals_needed, days_left, rate).items()}


def deal_flow(per_day: Mapping[str, float], rate: Mapping[str, float], stages: Iterable[str] = FUNNEL) -> float:
    """Deals per day that this activity per day yields at these rates (see module notes)."""
    best = 0.0
    for kind in stages:
        x = max(float(per_day.get(kind, 0) or 0), 0.0)
        i = FUNNEL.index(kind)
        for _src, _dst, name in STEPS[i:]:
            x *= rate[name]
        best = max(best, x)
    return best


def elapsed_days(cal: Calendar, today_is_counted: bool, fraction_today: float) -> float:
    """Working days elapsed in the period with today counted by the part of its working hours passed
    (issue 20): before 09:00 today adds 0, after 17:00 a whole day, so nothing lurches at midnight."""
    if not today_is_counted:
        return float(cal.elapsed)
    return max(cal.elapsed - 1 + min(max(fraction_today, 0.0), 1.0), 0.0)


def project(
    period_counts: Mapping[str, int], cal: Calendar, rate: Mapping[str, float], elapsed: float | None = None
) -> float:
    """Deals at period end: period-to-date pace per elapsed working day x working days in period x rates.
    `elapsed` (default: whole days, today included) is `elapsed_days` when the hour is known."""
    banked = float(period_counts.get("deal", 0) or 0)
    done = float(cal.elapsed) if elapsed is None else elapsed
    if done <= EPS:
        return banked
    pace = {k: (period_counts.get(k, 0) or 0) / done for k in LEADING}
    return max(banked, deal_flow(pace, rate, LEADING) * cal.total)


def bottleneck_flow(targets: Mapping[str, int], rate: Mapping[str, float]) -> float:
    """Deals per day that hitting every daily target gives at these rates: each stage's target carried
    down the funnel, the smallest wins (a stage without a target caps nothing)."""
    flows = []
    for kind in FUNNEL:
        t = float(targets.get(kind, 0) or 0)
        if t > 0:
            flows.append(deal_flow({kind: t}, rate, (kind,)))
    return min(flows) if flows else 0.0


def land_with_targets(
    targets: Mapping[str, int], deals_so_far: int, days_left: int, rate: Mapping[str, float]
) -> float:
    """Deals by period end if the rep meets these daily targets every working day left: the bottleneck."""
    return deals_so_far + bottleneck_flow(targets, rate) * max(days_left, 0)


# A stage's target this far from what the stage above gives (x or 1/x) is not a plan but a wish.
MISMATCH = 1.5


def target_mismatches(targets: Mapping[str, int], rate: Mapping[str, float]) -> list[dict[str, Any]]:
    """Where one stage's daily target is inconsistent with the next at these rates (the seed's step 1,
    the reality check): {"from", "to", "gives", "target"} for "240 calls a day give 48 pitches at your
    rates; your pitch target is 8"."""
    out = []
    for src, dst, name in STEPS:
        a, b = int(targets.get(src, 0) or 0), int(targets.get(dst, 0) or 0)
        if a <= 0 or b <= 0:
            continue
        gives = a * rate[name]
        if gives >= b * MISMATCH or gives * MISMATCH <= b:
            out.append({"from": src, "to": dst, "count": a, "gives": round(gives, 1), "target": b})
    return out


def whole(x: float) -> int:
    """Deals are whole: round half up (projection is an expectation, not a promise)."""
    return int(math.floor(x + 0.5 + EPS)) if math.isfinite(x) else 0


# The pace words, once: the math screen and `repdash math` both say them.
PACE_WORDS: dict[str, str] = {
    "ahead": "ahead of pace",
    "on pace": "on pace",
    "behind": "behind pace",
    "starting": "starting",
    "met": "quota met",
    "no quota": "no quota set",
}


def today_keeps_pace(needed: Mapping[str, int]) -> str:
    """The first day's line instead of a verdict: "1 deal today keeps you on pace"."""
    from repdash.core.kinds import noun

    return f"{noun('deal', needed.get('deal', 0))} today keeps you on pace"


def mismatch_line(m: Mapping[str, Any]) -> str:
    """ "240 calls a day give 48 pitches at your rates; your pitch target is 8"."""
    from repdash.core.kinds import PLURAL, SINGULAR, noun

    gives = m["gives"]
    shown = f"{gives:g}" if gives != int(gives) else str(int(gives))
    return (
        f"{noun(m['from'], m['count'])} a day give {shown} {PLURAL.get(m['to'], m['to'])} at your rates; "
        f"your {SINGULAR.get(m['to'], m['to'])} target is {m['target']}"
    )


def pace_status(quota: int, deals_so_far: int, projected: int, starting: bool = False) -> str:
    """ "starting" on a period's or a rep's first working day: one morning says nothing about pace."""
    if quota <= 0:
        return "no quota"
    if deals_so_far >= quota:
        return "met"
    if starting:
        return "starting"
    if projected >= quota * AHEAD_FACTOR:
        return "ahead"
    if projected >= quota:
        return "on pace"
    return "behind"


# ---- tiers ------------------------------------------------------------------
def attainment(rep: Mapping[str, Any]) -> tuple[float, ...]:
    """Period attainment pace for ranking (best first when sorted descending).

    An explicit pace/attainment if published; a board row without one (no quota or no
    period) ranks below every rep with one; else deals / quota when a quota is known,
    else deals (reps share the calendar). Ties: the activity pace, then the deeper funnel stages."""
    raw_period = rep.get("period")
    period: Mapping[str, Any] = raw_period if isinstance(raw_period, Mapping) else {}

    def num(v: Any) -> float:
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else 0.0

    primary = None
    for key in ("pace", "attainment"):
        if isinstance(rep.get(key), (int, float)) and not isinstance(rep.get(key), bool):
            primary = num(rep[key])
            break
    if primary is None and "pace" in rep:
        primary = -1.0
    if primary is None:
        quota = num(rep.get("quota"))
        primary = num(period.get("deal")) / quota if quota > 0 else num(period.get("deal"))
    return (
        primary,
        num(rep.get("activity_pace")),
        num(period.get("commit")),
        num(period.get("pitch")),
        num(period.get("call")),
    )


def _name_key(rep: Mapping[str, Any]) -> tuple[str, str]:
    name, rep_id = rep.get("name"), rep.get("rep_id") or rep.get("id")
    return (name.casefold() if isinstance(name, str) else "", rep_id if isinstance(rep_id, str) else "")


RepRow = TypeVar("RepRow", bound=Mapping[str, Any])


def tiers(reps: Iterable[RepRow], key: Callable[[RepRow], Any] = attainment) -> dict[str, list[RepRow]]:
    """Sellers (never managers) in top, middle and bottom thirds by `key`, best first.

    The one tier rule: the team board and the Sales Math screen both call it. Remainders go
    to top, then bottom (4 reps: 2/1/1); equal keys go by name, then rep id.
    """
    sellers = sorted((r for r in reps if isinstance(r, Mapping) and r.get("manager") is not True), key=_name_key)
    ranked = sorted(sellers, key=key, reverse=True)  # stable: ties stay in name order
    n = len(ranked)
    base, extra = divmod(n, 3)
    top = base + (1 if extra >= 1 else 0)
    bottom = base + (1 if extra >= 2 else 0)
    middle = n - top - bottom
    return {"top": ranked[:top], "middle": ranked[top : top + middle], "bottom": ranked[top + middle :]}


def tier_summary(values: Iterable[float]) -> float | None:
    """The one summary of a tier's numbers: the median. A tier is a third of a small team (2-5 reps):
    one rep with 1 deal from 1 commit (100 %) or one imported record week drags a mean far from
    what the tier does; the median stays with the typical rep. None with nothing to summarise."""
    vals = [float(v) for v in values]
    return statistics.median(vals) if vals else None


def tier_rates(groups: Mapping[str, list[Mapping[str, Any]]]) -> dict[str, TierRates]:
    """Each tier's median rates and size: the "sales math of top, middle and bottom performers"."""
    return {
        name: {"reps": len(members), "rates": median_rates(m.get("rates") for m in members)}
        for name, members in groups.items()
    }


# ---- the whole report -------------------------------------------------------
def _team_reps(team: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    reps = team.get("reps") if isinstance(team, Mapping) else None
    return [r for r in reps if isinstance(r, Mapping)] if isinstance(reps, list) else []


class _Quota(NamedTuple):
    """The period, its calendar from the start date, and the quota this rep is measured on in it."""

    period: str
    full: int  # the whole quota, in deals
    this_period: int  # prorated in the period holding the start date
    cal: Calendar
    working_days: int  # working days in the whole period
    share: Proration


def _quota(config: Mapping[str, Any], today: date, off: Collection[date], start_date: date | None) -> _Quota:
    period = config.get("period") or DEFAULT_PERIOD
    full_quota = quota_in_deals(config.get("quota"), config.get("deal_value"))
    cal = calendar(today, period, off, start_date)
    period_days = count_working_days(cal.start, cal.end, off)
    share = proration(today, cal.start, cal.end, start_date, off)
    quota = share.share(full_quota) if full_quota > 0 else 0
    return _Quota(period, full_quota, quota, cal, period_days, share)


def _is_me(rep: Mapping[str, Any], me: Any) -> bool:
    return bool(me) and (rep.get("id") == me or rep.get("rep_id") == me)


def _team_median(reps: list[Mapping[str, Any]], me: Any) -> dict[str, float] | None:
    """The median rates of the rest of the team (None without teammates)."""
    others = [r for r in reps if not _is_me(r, me)]
    return median_rates(r.get("rates") for r in others) if others else None


def _rate_fields(own: Rates, rate: Mapping[str, float], sources: dict[str, str]) -> RateFields:
    """The report's rates: those used, where each comes from, the rep's own, and the window they cover."""
    return {
        "rates": {n: round(rate[n], 6) for n in RATE_NAMES},
        "rate_sources": sources,
        "own_rates": {n: (round(v, 6) if v is not None else None) for n, v in own.measured.items()},
        "low_data": any(s != "own" for s in sources.values()),
        "rate_window": {
            "first_day": own.first_day.isoformat() if own.first_day else None,
            "working_days": own.working_days,
            "totals": own.totals,
            "min_base": dict(MIN_BASE),
        },
    }


def _gaps(
    q: _Quota,
    daily: DailyCounts,
    today: date,
    off: Collection[date],
    rate: Mapping[str, float],
    needed: Mapping[str, int],
    elapsed: float,
    today_left: float,
) -> Gaps:
    """Short of the plan that spreads the whole quota evenly over the period: today (against what is
    needed per day), this week and this period (against the plan's share of the days elapsed).
    `today_left` is the part of today still to come (0 when today is not counted)."""
    plan = reverse_funnel(q.this_period, q.cal.total, rate)
    wk_from = max(q.share.week_from, q.cal.start)
    week_days = len(working_days(wk_from, today, off)) - today_left
    today_counts = sum_counts(daily, today, today)
    week_counts = sum_counts(daily, wk_from, today)
    period_counts = sum_counts(daily, q.cal.start, today)
    return {
        "today": {k: max(needed[k] - today_counts[k], 0) for k in FUNNEL},
        "week": {k: ceil_up(plan[k] * week_days) - week_counts[k] for k in FUNNEL},
        "period": {k: ceil_up(plan[k] * elapsed) - period_counts[k] for k in FUNNEL},
    }


def _history(daily: DailyCounts, today: date, off: Collection[date]) -> list[dict[str, Any]]:
    """Each kind's count on the last WINDOW working days (the chart)."""
    return [
        {"date": d.isoformat(), **{k: int(daily.get(d, {}).get(k, 0) or 0) for k in FUNNEL}}
        for d in previous_working_days(today, WINDOW, off)
    ]


def _tier_fields(reps: list[Mapping[str, Any]], me: Any) -> dict[str, TierRates]:
    """The team's tiers (median rates and size), and which one is the rep's."""
    groups = tiers(reps)
    summary = tier_rates(groups)
    for name, members in groups.items():
        summary[name]["you"] = any(_is_me(m, me) for m in members)
    return summary


def math_report(
    config: Mapping[str, Any],
    daily: DailyCounts,
    today: date,
    off: Collection[date] = frozenset(),
    team: Mapping[str, Any] | None = None,
    start_date: date | None = None,
    elapsed_fraction_today: float = 1.0,
) -> MathReport:
    """Everything `repdash math --json` and the Sales Math screen show (JSON-ready).

    `elapsed_fraction_today` is the part of today's working hours passed (workdays.elapsed_fraction):
    pace, projection and gaps count today only that far.

    `config` is the store's config (quota, deal_value, period, targets, default_rates,
    rep_id); `team` the cached team read ({"reps": [...], "standard": ...}) or None;
    `start_date` the rep's start (see start_date_of): in the period holding it the rep is
    measured on a prorated quota, and pace, projection and gaps count only from it.
    """
    q = _quota(config, today, off, start_date)
    cal, quota = q.cal, q.this_period
    own = rates(daily, today, off)
    reps = _team_reps(team)
    me = config.get("rep_id")
    team_median = _team_median(reps, me)
    rate, sources = resolve_rates(own, team_median, config.get("default_rates"))

    period_counts = sum_counts(daily, cal.start, today)
    deals_so_far = period_counts["deal"]
    deals_needed = max(quota - deals_so_far, 0)
    needed = needed_per_day(deals_needed, cal.left, rate)
    counted_today = is_working_day(today, off) and (start_date is None or today >= start_date)
    fraction = min(max(float(elapsed_fraction_today), 0.0), 1.0)
    elapsed = elapsed_days(cal, counted_today, fraction)
    projected = whole(project(period_counts, cal, rate, elapsed))
    targets = {k: int(config.get("targets", {}).get(k, 0) or 0) for k in FUNNEL}
    # A period's or a rep's first working day: "starting", never "behind" (issue 20).
    starting = counted_today and cal.elapsed == 1
    rf = _rate_fields(own, rate, sources)
    report: MathReport = {
        "date": today.isoformat(),
        "rates": rf["rates"],
        "rate_sources": rf["rate_sources"],
        "own_rates": rf["own_rates"],
        "low_data": rf["low_data"],
        "rate_window": rf["rate_window"],
        "quota": q.full,
        "quota_this_period": quota,
        "start_date": start_date.isoformat() if start_date else None,
        # "prorated: 9 of 21 working days" (None outside the period holding the start date).
        "prorated": {"working_days": cal.total, "of": q.working_days} if q.share.prorated else None,
        "quota_money": _finite(config.get("quota")) if _finite(config.get("deal_value")) else None,
        "deal_value": _finite(config.get("deal_value")),
        "period": q.period,
        "period_start": cal.start.isoformat(),
        "period_end": cal.end.isoformat(),
        "working_days_in_period": q.working_days,
        "working_days_since_start": cal.total,
        "working_days_elapsed": cal.elapsed,
        "working_days_left": cal.left,
        "no_working_days_left": cal.left == 0,
        "deals_so_far": deals_so_far,
        "deals_needed": deals_needed,
        "quota_met": quota > 0 and deals_so_far >= quota,
        "needed_per_day": needed,
        "targets": targets,
        "targets_land": whole(land_with_targets(targets, deals_so_far, cal.left, rate)),
        "target_mismatches": target_mismatches(targets, rate),
        "elapsed_fraction_today": round(fraction, 4) if counted_today else 0.0,
        "working_days_elapsed_exact": round(elapsed, 4),
        "today": sum_counts(daily, today, today),
        "period_counts": period_counts,
        "projected_deals": projected,
        "pace": pace_status(quota, deals_so_far, projected, starting),
        "gaps": _gaps(q, daily, today, off, rate, needed, elapsed, (1 - fraction) if counted_today else 0),
        "history": _history(daily, today, off),
        "tiers": None,
    }
    if reps:
        report["tiers"] = _tier_fields(reps, me)
        report["team_median"] = team_median or None
    return report


def daily_window_start(today: date, period: str, off: Collection[date] = frozenset()) -> date:
    """The oldest date math_report reads: callers load only this much history."""
    first = previous_working_days(today, WINDOW, off)
    start = min(period_bounds(today, period)[0], week_bounds(today)[0])
    return min(first[0], start) if first else start


# ---- words ------------------------------------------------------------------
def odds(r: float) -> str:
    """A rate the way a coach says it: "1 in 4", "2 in 5", "every"."""
    if not math.isfinite(r) or r <= 0:
        return "none"
    if r >= 0.995:
        return "every"
    for d in range(2, 11):
        n = round(r * d)
        if 0 < n < d and abs(n / d - r) <= 0.01:
            return f"{n} in {d}"
    n = max(2, round(1 / r))
    return f"1 in {n}" if abs(1 / n - r) / r <= 0.03 else f"about 1 in {n}"


def period_name(period: str, start: date) -> str:
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if period == "week":
        return f"the week of {start.day} {start.strftime('%b')}"
    return f"{start.strftime('%B')} {start.year}"
