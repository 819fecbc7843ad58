"""A director's roll-up of many teams (pure): one row per team from its board view, teams ranked.

Teams are ranked by the share of their reps at standard this week, then by deals against the
summed prorated quota, then by name. A team's numbers count reps only (never managers), and
Away reps are already out of its view (core.visibility / services.team_layout).
"""

from __future__ import annotations

from typing import Any, TypedDict


class OrgTeamRow(TypedDict):
    name: str
    location: str
    reps: int
    at_standard_week_pct: float
    deals: int
    quota_this_period: float
    last_week_pct: float | None
    trend: float | None  # this week's share minus last week's, in points
    rank: int


def team_row(name: str, location: str, view: dict[str, Any]) -> OrgTeamRow:
    sellers = [r for r in view.get("reps", []) if not r.get("manager") and not r.get("away")]
    week = float(view.get("at_standard_week_pct") or 0.0)
    last = (view.get("momentum") or {}).get("last_week_pct")
    quota = sum(float(r.get("quota_this_period") or 0) for r in sellers)
    return {
        "name": name,
        "location": location,
        "reps": len(sellers),
        "at_standard_week_pct": week,
        "deals": sum(int((r.get("period") or {}).get("deal", 0)) for r in sellers),
        "quota_this_period": round(quota, 2),
        "last_week_pct": last,
        "trend": round(week - last, 1) if last is not None else None,
        "rank": 0,
    }


def rank_teams(rows: list[OrgTeamRow]) -> list[OrgTeamRow]:
    def attainment(r: OrgTeamRow) -> float:
        return r["deals"] / r["quota_this_period"] if r["quota_this_period"] else 0.0

    ordered = sorted(rows, key=lambda r: (-r["at_standard_week_pct"], -attainment(r), r["name"].casefold()))
    for i, r in enumerate(ordered, start=1):
        r["rank"] = i
    return ordered


def totals(rows: list[OrgTeamRow]) -> dict[str, Any]:
    reps = sum(r["reps"] for r in rows)
    at = sum(r["at_standard_week_pct"] * r["reps"] for r in rows)
    return {
        "teams": len(rows),
        "reps": reps,
        "at_standard_week_pct": round(at / reps, 1) if reps else 0.0,
        "deals": sum(r["deals"] for r in rows),
        "quota_this_period": round(sum(r["quota_this_period"] for r in rows), 2),
    }
