"""A director's org board: every team of an org location read as a manager sees it, rolled up.

A director needs no rep home: nothing is pinned or cached on disk; this process keeps what it
verified in memory (`sync/teamread.py`), so a refresh of an unchanged org re-verifies nothing.
On object storage the whole org is one paged LIST (`sync/org.py`).
"""

from __future__ import annotations

from typing import Any

from repdash.core.org import rank_teams, team_row, totals
from repdash.sync import teamread
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

    # Teams with objects to fetch from object storage are read several at once (round trips);
    # the rest, and every team in a folder, in this thread (threads would only share the GIL).
    remote = [
        t
        for t in teams
        if t.layout.scheme != "file"
        and t.listing is not None
        and not teamread.known(t.layout.location, None, t.listing)
    ]
    by_team: dict[str, Any] = {}
    if remote:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=TEAM_THREADS) as pool:
            by_team.update(zip((t.folder for t in remote), pool.map(read, remote), strict=True))
    results = [by_team[t.folder] if t.folder in by_team else read(t) for t in teams]
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
