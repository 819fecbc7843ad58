"""Coaching names an activity the rep controls (issue 20): one rule for the board, the 1:1 view,
`team --json` and the dashboard's gap line.

The kind to coach is the activity (call, pitch, commit; a manager's 1:1s and coaching) furthest
behind the standard relative to that standard, earliest in the kind order on a tie, in whole
units of that kind ("+11 calls a day"). A deal is an outcome, never "+1 deal a day": it is named
only once every activity meets the standard, and then as the conversion to work on
("commits → deals 25 % vs team 40 %").
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from repdash.core.kinds import MANAGER_KINDS, kind_order, noun

EPS = 1e-9


def furthest_behind(short: Mapping[str, float], standard: Mapping[str, int]) -> str | None:
    """The activity kind with the largest shortfall relative to its standard (ties: kind order).
    `short` is standard minus what was done (per day), for kinds short only; deals are never picked."""
    kinds = [k for k, v in short.items() if v > EPS and k != "deal" and standard.get(k, 0) > 0]
    if not kinds:
        return None
    return min(kinds, key=lambda k: (-short[k] / standard[k], kind_order(k)))


def whole_units(x: float) -> int:
    """A part of a call is a whole call: round a shortfall up, but never 0.4000000001 to 2."""
    return max(1, math.ceil(x - EPS))


def conversion_prompt(
    rates: Mapping[str, float | None] | None, team_rates: Mapping[str, float | None] | None
) -> str | None:
    """Every activity at standard, deals still short: the commit → deal conversion against the team's."""
    own = (rates or {}).get("deal_per_commit")
    team = (team_rates or {}).get("deal_per_commit")
    if own is None:
        return None
    text = f"commits → deals {round(100 * own)} %"
    return text + (f" vs team {round(100 * team)} %" if team is not None else "")


def coaching_prompt(
    avg: Mapping[str, float | None],
    standard: Mapping[str, int],
    rates: Mapping[str, float | None] | None = None,
    team_rates: Mapping[str, float | None] | None = None,
) -> str | None:
    """The one coaching prompt from the recent daily average per kind against the standard.

    "+11 calls a day" for the activity furthest behind; once every activity meets the standard
    and deals do not, the conversion to work on; None when nothing is short (or nothing is known)."""
    short = {k: n - a for k, n in standard.items() if (a := avg.get(k)) is not None and a < n}
    kind = furthest_behind(short, standard)
    if kind is not None:
        return f"+{noun(kind, whole_units(short[kind]))} a day"
    if "deal" in short and not any(k in MANAGER_KINDS for k in standard):
        return conversion_prompt(rates, team_rates)
    return None


def gap_line(today: Mapping[str, int], standard: Mapping[str, int]) -> str | None:
    """The dashboard's gap line: today's furthest-behind activity in whole units ("+3 pitches to standard");
    deals only when every activity is at standard."""
    short = {k: n - today.get(k, 0) for k, n in standard.items() if today.get(k, 0) < n}
    kind = furthest_behind(short, standard) or ("deal" if "deal" in short else None)
    if kind is None:
        return None
    return f"+{noun(kind, int(short[kind]))} to standard"
