"""The shapes of the core's dicts that cross layers: the math report, the board view and its rows.

TypedDicts only, for the type checker: at runtime these stay plain dicts (their JSON is a contract
in SPEC.md: `math --json`, `team --json`, the team cache). Import them under `TYPE_CHECKING`, so a
module on the start path pays nothing for them. Keys marked `NotRequired` are added by a later
step (`core.visibility`, `services.team_layout`) or only in some cases.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

Counts = dict[str, int]  # kind -> count


# ---- the math report (core.salesmath.math_report) ---------------------------------------------
class RateWindow(TypedDict):
    first_day: str | None
    working_days: int
    totals: dict[str, int]
    min_base: dict[str, int]


class RateFields(TypedDict):
    """The rates a report uses, where each comes from, the rep's own, and the window they cover."""

    rates: dict[str, float]
    rate_sources: dict[str, str]  # rate name -> "own" | "team" | "config" | "default"
    own_rates: dict[str, float | None]
    low_data: bool
    rate_window: RateWindow


class Prorated(TypedDict):
    working_days: int
    of: int


class Gaps(TypedDict):
    today: Counts
    week: Counts
    period: Counts


class TierRates(TypedDict):
    reps: int
    rates: dict[str, float]
    you: NotRequired[bool]


class MathReport(RateFields):
    """Everything `repdash math --json` and the Sales Math screen show."""

    date: str
    quota: int
    quota_this_period: int
    start_date: str | None
    prorated: Prorated | None
    quota_money: float | None
    deal_value: float | None
    period: str
    period_start: str
    period_end: str
    working_days_in_period: int
    working_days_since_start: int
    working_days_elapsed: int
    working_days_left: int
    no_working_days_left: bool
    deals_so_far: int
    deals_needed: int
    quota_met: bool
    needed_per_day: Counts
    targets: Counts
    targets_land: int
    target_mismatches: list[dict[str, Any]]
    elapsed_fraction_today: float
    working_days_elapsed_exact: float
    today: Counts
    period_counts: Counts
    projected_deals: int
    pace: str
    gaps: Gaps
    history: list[dict[str, Any]]  # {"date": ISO, kind: count, ...} per working day
    tiers: dict[str, TierRates] | None
    team_median: NotRequired[dict[str, float] | None]  # only with a team
    standard: NotRequired[Counts | None]  # the team standard as cached (services.sales_report adds it)


# ---- the board (core.board.build_view) --------------------------------------------------------
# A proposal a manager accepted: counted from "from" on ("from" is a keyword: functional syntax).
AcceptedTargets = TypedDict("AcceptedTargets", {"from": str, "targets": Counts})


class Recent(TypedDict):
    days: list[str]
    counts: dict[str, list[int]]


class BoardRow(TypedDict):
    """One rep's line on the board, seen on the rep's own local date."""

    rep_id: str
    name: str
    rank: int | None
    tier: str | None
    hidden: bool
    manager: bool
    tz: str
    date: str
    synced_date: str
    stale: bool
    today: Counts
    week: Counts
    period: Counts
    targets: Counts
    standard: Counts
    standard_source: str
    at_standard: bool
    at_standard_week: bool
    today_pct: float
    week_pct: float
    measured_on: Counts
    proposal: Counts
    accepted: AcceptedTargets | None
    week_from: str
    pace: float | None
    activity_pace: float | None
    start_date: str | None
    quota_this_period: int | float | None
    pace_prorated: bool
    rates: dict[str, float | None]
    avg_per_day: dict[str, float | None]
    # The manager-only fields are None on a rep's view of the others (core.visibility.MANAGER_ONLY).
    gap: Counts | None
    to_go: Counts | None
    coaching: str | None
    days_below: int | None
    crm_backed_week_pct: int | None  # this week's CRM-backed share; None: no CRM import (or not the viewer's to see)
    streak: int
    level: int
    xp: int
    last_sync: str
    trend: list[bool | None]
    recent: dict[str, Any]  # Recent, as TeamEntry.recent_json writes it
    away: NotRequired[bool]  # a team location's rep not publishing for a while


class Share(TypedDict):
    at: int
    of: int
    pct: float


class Momentum(TypedDict):
    today: Share
    week: Share
    trend: list[float | None]
    trend_days: list[str]
    yesterday_pct: float | None
    last_week_pct: float | None


class BoardTier(TypedDict):
    tier: str
    count: int
    reps: list[str]
    names: list[str]
    avg_per_day: dict[str, float | None]
    rates: dict[str, float | None]
    pace: float | None


class ProposalRow(TypedDict):
    rep_id: str
    name: str
    targets: dict[str, int | None]
    proposal: Counts
    accepted: AcceptedTargets | None


class Proposals(TypedDict):
    kinds: list[str]
    median: dict[str, float | None]
    standard: dict[str, int | None]
    reps: list[ProposalRow]


class BoardCounts(TypedDict):
    reps: int
    ranked: int
    hidden: int
    managers: int
    sellers: int


class BoardView(TypedDict):
    """The whole board for a viewer: `team --json`, the board screens and the team cache."""

    at: str
    date: str
    standard: Counts | None
    standard_meta: dict[str, Any] | None
    at_standard_pct: float
    at_standard_week_pct: float
    momentum: Momentum
    tiers: list[BoardTier]
    proposals: Proposals
    skipped: int
    bad_copies: int
    counts: BoardCounts
    reps: list[BoardRow]
    # As a viewer of a signed team may see it (core.visibility.for_viewer).
    board: NotRequired[str]
    benchmarks: NotRequired[dict[str, float | None]]
    hidden_count: NotRequired[int]
    # A signed team location (services.team_layout).
    layout: NotRequired[bool]
    authority: NotRequired[bool]
    away_count: NotRequired[int]
    accepted_dropped: NotRequired[int]
    ignored: NotRequired[int]
    unreadable: NotRequired[list[str]]
    team_name: NotRequired[str | None]
    warnings: NotRequired[list[str]]
    asking_to_join: NotRequired[list[str]]
    asking: NotRequired[list[dict[str, Any]]]
    requests: NotRequired[int]
    fetched: NotRequired[int]
    # Issue 23 (a team location): services/contests.ContestJSON, as `contest show --json` gives them.
    contests: NotRequired[list[dict[str, Any]]]
    contest_proposals: NotRequired[list[dict[str, Any]]]
