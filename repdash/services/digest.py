"""The Monday digest (issue 25): last week per rep, from the cached team view, for a manager to paste.

Composed here from the team view as last synced (`store.team_cache()`: no network, no team
file read); rendered by the pure functions of `services/digest_render.py`. Per rep:

- activity against the standard: the working days of the week at standard, of those the cached
  view knows (each row's `trend` holds the 10 working days before the rep's date of the view);
- the week before, the same way, and the trend between the two;
- deals this period against the quota the rep is measured on (prorated in the period holding
  their start date), with the deal pace, as of the view's date;
- who needs a 1:1 and why (under half the known days at standard, two days or more down on the
  week before, or deals under 70 % of pace), with the coaching prompt as the talking point.

Managers are not listed (they are measured on 1:1s and coaching, not on these). A rep's (not a
manager's) digest carries no coaching prompt and no 1:1 flag for anyone (as `team --json`).
Contest results belong to the contests issue: `contests` is their place in the digest, empty
until contests exist.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from repdash.core.text import clean_name
from repdash.core.workdays import previous_working_days, week_bounds
from repdash.errors import BadInput

if TYPE_CHECKING:
    from repdash.core.shapes import BoardRow, BoardView

TREND_DAYS = 10  # core.board.TREND_DAYS: the working days each cached row's `trend` covers
PACE_1ON1 = 70.0  # deal pace (% of the quota due by now) under which a 1:1 is suggested


class RepWeek(TypedDict):
    name: str  # cleaned of control characters; still untrusted (escape when rendering)
    rep_id: str
    at_standard: int  # working days of the week at standard
    known: int  # working days of the week the cached view knows
    before_at_standard: int
    before_known: int
    trend: str  # "up" | "down" | "same" | "new" (nothing known the week before)
    deals: int | None  # this period, as of the view's date
    quota: float | None  # the quota this period (prorated where the rep started in it)
    pace: float | None  # deal pace in % of the quota due by the view's date
    coaching: str | None  # "+2 pitches a day"
    one_on_one: list[str] | None  # reasons for a 1:1 (empty: none needed); None: not the viewer's to see


class Digest(TypedDict):
    week: str  # "2026-W48"
    start: str  # Monday, ISO date
    end: str  # Friday, ISO date
    as_of: str  # the date of the cached view
    standard: dict[str, int] | None
    team_days_pct: float | None  # share of known rep-days at standard
    reps: list[RepWeek]
    contests: list[dict[str, Any]]  # contest results: none until contests exist (their own issue)


def parse_week(raw: str) -> date:
    """ "2026-W48" -> the Monday of that ISO week; BadInput otherwise."""
    text = raw.strip().upper()
    year, sep, week = text.partition("-W")
    try:
        if not sep or len(year) != 4 or len(week) != 2:
            raise ValueError
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise BadInput(f"--week {raw!r} is not an ISO week (YYYY-Www, e.g. 2026-W48)") from None


def week_name(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _days_at_standard(row: BoardRow, monday: date) -> tuple[tuple[int, int], tuple[int, int]]:
    """((at standard, known) this week, (at standard, known) the week before) from the row's trend."""
    try:
        day = date.fromisoformat(row["date"])
        flags = list(row.get("trend") or [])
    except (KeyError, TypeError, ValueError):
        return (0, 0), (0, 0)
    days = previous_working_days(day, TREND_DAYS, include=False)[-len(flags) :] if flags else []
    by_day = dict(zip(days, flags, strict=False))

    def count(start: date) -> tuple[int, int]:
        known = [by_day[d] for d in (start + timedelta(days=i) for i in range(5)) if by_day.get(d) is not None]
        return sum(1 for f in known if f), len(known)

    return count(monday), count(monday - timedelta(days=7))


def _trend(now: tuple[int, int], before: tuple[int, int]) -> str:
    if not before[1] or not now[1]:
        return "new"
    a, b = now[0] / now[1], before[0] / before[1]
    return "up" if a > b else "down" if a < b else "same"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def compose(view: BoardView, monday: date, *, manager: bool, me: str = "") -> Digest:
    """The digest of the week starting `monday` from a board view (`core.board.build_view`, as cached)."""
    reps: list[RepWeek] = []
    met_days = known_days = 0
    for row in view.get("reps") or []:
        if not isinstance(row, dict) or row.get("manager"):
            continue
        (at, known), (b_at, b_known) = _days_at_standard(row, monday)
        met_days, known_days = met_days + at, known_days + known
        pace = _number(row.get("pace"))
        deals = (row.get("period") or {}).get("deal")
        sees = manager or row.get("rep_id") == me
        reasons: list[str] = []
        if known and 2 * at < known:
            reasons.append(f"at standard {at} of {known} days")
        if known and b_known and b_at - at >= 2:
            reasons.append(f"down from {b_at} of {b_known} days")
        if pace is not None and pace < PACE_1ON1:
            reasons.append(f"deals at {pace:.0f}% of pace")
        reps.append(
            RepWeek(
                name=clean_name(row.get("name", "")) or "(no name)",
                rep_id=str(row.get("rep_id", "")),
                at_standard=at,
                known=known,
                before_at_standard=b_at,
                before_known=b_known,
                trend=_trend((at, known), (b_at, b_known)),
                deals=deals if isinstance(deals, int) else None,
                quota=_number(row.get("quota_this_period")),
                pace=pace,
                coaching=clean_name(row.get("coaching") or "") or None if sees else None,
                one_on_one=reasons if sees else None,
            )
        )
    reps.sort(key=lambda r: (-(r["at_standard"] / r["known"]) if r["known"] else 1, r["name"].casefold(), r["rep_id"]))
    return Digest(
        week=week_name(monday),
        start=monday.isoformat(),
        end=(monday + timedelta(days=4)).isoformat(),
        as_of=str(view.get("date", "")),
        standard=view.get("standard"),
        team_days_pct=round(100 * met_days / known_days, 1) if known_days else None,
        reps=reps,
        contests=[],
    )


def last_week(today: date) -> date:
    """The Monday of the week before the one holding `today`."""
    return week_bounds(today)[0] - timedelta(days=7)


def weekly_digest(store, today: date, week: str | None = None) -> Digest:
    """The digest from the store's cached team view; BadInput for a week it knows nothing of."""
    from repdash.services.team_sync import cached_view

    monday = parse_week(week) if week else last_week(today)
    view = cached_view(store)
    if not view or not isinstance(view.get("reps"), list):
        raise BadInput("no team view cached yet: run `repdash sync` (or open the dashboard) first")
    digest = compose(view, monday, manager=store.config.manager, me=store.config.rep_id)
    if not any(r["known"] for r in digest["reps"]):
        raise BadInput(
            f"the team view cached on {digest['as_of']} knows nothing of {digest['week']} "
            f"({digest['start']} to {digest['end']}): it holds the {TREND_DAYS} working days before that date; "
            "run `repdash sync` for a later view"
        )
    return digest
