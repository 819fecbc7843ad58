"""A director's org board: every team of an org location read as a manager sees it, rolled up.

A director needs no rep home: nothing is pinned or cached on disk; this process keeps what it
verified in memory (`sync/teamread.py`), so a refresh of an unchanged org re-verifies nothing.
On object storage the whole org is one paged LIST (`sync/org.py`).
"""

from __future__ import annotations

from typing import Any

from repdash.core.org import rank_teams, team_row, totals
from repdash.sync.layout import LayoutBackend
from repdash.sync.org import org_teams
from repdash.sync.teamfile import TeamFileError

TEAM_THREADS = 4


def org_view(raw: str, now, viewer_tz: str = "UTC") -> dict[str, Any]:
    """{"location", "teams": [row...], "totals", "views": {location: team view}, "problems": [..]}."""
    from repdash.services.team_layout import board_view

    location, teams = org_teams(raw)
    rows, views, problems = [], {}, []

    def read(t):
        try:
            return board_view(
                LayoutBackend(t.layout),
                now,
                viewer_tz,
                home=None,
                viewer=None,
                as_manager=True,
                write=False,
                listing=t.listing,
            )
        except TeamFileError as exc:
            return exc

    if teams and teams[0].layout.scheme != "file":  # round trips: several teams in flight
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=TEAM_THREADS) as pool:
            results = list(pool.map(read, teams))
    else:
        results = [read(t) for t in teams]
    for t, view in zip(teams, results, strict=True):
        if isinstance(view, TeamFileError):
            problems.append(f"{t.folder}: {view}")
            continue
        name = view.get("team_name") or t.folder
        rows.append(team_row(name, t.layout.location, view))
        views[t.layout.location] = view
    ranked = rank_teams(rows)
    return {"location": location, "teams": ranked, "totals": totals(ranked), "views": views, "problems": problems}


def org_json(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "location": view["location"],
        "teams": view["teams"],
        "totals": view["totals"],
        "problems": view["problems"],
    }
