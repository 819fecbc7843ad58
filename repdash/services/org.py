"""A director's org board: every team of an org location read as a manager sees it, rolled up.

A director needs no rep home: nothing is pinned in one. What was verified is kept in memory for
this process (`sync/teamread.py`) and in the director's private org cache on disk
(`sync/orgcache.py`), so a refresh of an unchanged org, in this process or a new one, fetches and
verifies nothing: one paged LIST on object storage (`sync/org.py`), one scandir per team in a
folder. Only objects whose version changed are fetched (several at once on object storage).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from repdash.core.org import rank_teams, team_row, totals
from repdash.sync import orgcache, teamread
from repdash.sync.layout import FolderLayout, LayoutBackend
from repdash.sync.org import org_listing
from repdash.sync.sigcheck import Prechecked
from repdash.sync.teamfile import TeamFileError

TEAM_THREADS = 4
# A folder org with at least this many teams that nothing (memory, org cache) holds yet is read with
# a signature-checking helper process beside the reader (`sync/sigcheck.py`): on two cores a cold
# read of 5,000 reps drops from ~3.5 s to ~2.3 s. Fewer teams: starting a process costs more.
HELPER_MIN_TEAMS = 40


def _unknown_folders(teams, disk: dict[str, Any]) -> list[str]:
    """The team folders a read would fetch and verify in full: neither this process nor the org cache
    holds anything of them yet."""
    return [
        str(t.layout.root)
        for t in teams
        if isinstance(t.layout, FolderLayout) and t.layout.location not in disk and not teamread.held(t.layout.location)
    ]


# Per org location: the teams the cache on disk holds, once this process read or wrote it (after the
# first refresh, memory holds everything the disk did: the file is not read again).
_ON_DISK: dict[str, frozenset[str]] = {}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A cold read makes hundreds of thousands of small, acyclic objects: with the cyclic collector on,
    its passes (which stop every thread) cost ~10 % of the read and made late frames on a wall board.
    Off for the read; what the read keeps is then frozen out of later full passes (it is still freed
    by reference counts when a later read replaces it)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def org_view(raw: str, now, viewer_tz: str = "UTC", *, cache: bool = True) -> dict[str, Any]:
    """{"location", "teams": [row...], "totals", "views": {location: team view}, "problems": [..],
    "requests": {"list": n, "get": n}}. `cache=False`: the org cache on disk is neither read nor written."""
    with _collector_paused():
        return _org_view(raw, now, viewer_tz, cache=cache)


def _org_view(raw: str, now, viewer_tz: str, *, cache: bool) -> dict[str, Any]:
    from repdash.services.team_layout import board_view

    listed = org_listing(raw)
    location, teams = listed.location, listed.teams
    rows, views, problems = [], {}, []
    disk: dict[str, Any] = {}
    if cache and location not in _ON_DISK:
        disk = orgcache.load(location)
        _ON_DISK[location] = frozenset(disk)

    unknown = _unknown_folders(teams, disk)
    helper = Prechecked(unknown) if len(unknown) >= HELPER_MIN_TEAMS and _cores() > 1 else None

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
                cached=disk.get(t.layout.location),
                checked=helper.checked if helper is not None else None,
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
        and teamread.needs_fetch(t.layout.location, t.listing, disk.get(t.layout.location))
    ]
    by_team: dict[str, Any] = {}
    if remote:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=TEAM_THREADS) as pool:
            by_team.update(zip((t.folder for t in remote), pool.map(read, remote), strict=True))
    try:
        results = [by_team[t.folder] if t.folder in by_team else read(t) for t in teams]
    finally:
        if helper is not None:
            helper.close()
    gets, team_list = 0, 0
    for t, view in zip(teams, results, strict=True):
        if isinstance(view, TeamFileError):
            problems.append(f"{t.folder}: {view}")
            continue
        gets += view.get("fetched", 0)
        team_list += view.get("requests", 0) - view.get("fetched", 0)
        name = view.get("team_name") or t.folder
        rows.append(team_row(name, t.layout.location, view))
        views[t.layout.location] = view
    if cache and (gets or _ON_DISK.get(location) != frozenset(views)):
        _save_cache(location, teams, views)
    ranked = rank_teams(rows)
    return {
        "location": location,
        "teams": ranked,
        "totals": totals(ranked),
        "views": views,
        "problems": problems,
        "requests": {"list": listed.requests + team_list, "get": gets},
    }


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _save_cache(location: str, teams, views) -> None:
    """The org cache: what this process verified of every team read now (a team gone from the org,
    or one that could not be read, leaves it)."""
    kept = {}
    for t in teams:
        entry = teamread.cache_entry(t.layout.location) if t.layout.location in views else None
        if entry is not None:
            kept[t.layout.location] = entry
    if orgcache.save(location, kept):
        _ON_DISK[location] = frozenset(kept)


def org_json(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "location": view["location"],
        "teams": view["teams"],
        "totals": view["totals"],
        "problems": view["problems"],
        "requests": view["requests"],  # what this refresh cost: {"list": LIST pages or scandirs, "get": n}
    }
