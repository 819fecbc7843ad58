"""An org location: a folder or prefix whose sub-folders are teams (I/O only).

`org_teams(raw)` finds the teams and, on object storage, lists the whole org in one paged LIST
(then each team's objects are already known: no LIST per team); in a folder each team is one
scandir. A sub-folder is a team when it holds `team.json` or `reps/`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from repdash.errors import BadInput
from repdash.sync.layout import MANIFEST, REPS, FolderLayout, Layout, ObjectLayout, check_location, open_layout
from repdash.sync.location import url_scheme
from repdash.sync.teamfile import TeamFileUnreachable

MAX_TEAMS = 5_000


@dataclass
class OrgTeam:
    folder: str  # the sub-folder's name
    layout: Layout
    listing: dict[str, str] | None  # known already (object storage), or None: the team lists itself


def org_teams(raw: str) -> tuple[str, list[OrgTeam]]:
    """(the org's location, its teams by folder name)."""
    got = org_listing(raw)
    return got.location, got.teams


@dataclass
class OrgListing:
    location: str
    teams: list[OrgTeam]
    requests: int  # what finding the teams cost: LIST pages (object storage) or scandirs (a folder)


LIST_PAGE = 1000  # keys in one page of an S3 LIST (ListObjectsV2's limit)


def check_org(raw: str) -> str:
    """An org location as given (`repdash org LOCATION`, `serve --org`), checked and normalised; one
    team's location is refused (its sub-folders are not teams: the org board would be empty)."""
    location = check_location(raw, "the org location")
    layout = open_layout(location)
    try:
        is_team = layout.head(MANIFEST) is not None
    except TeamFileUnreachable:
        return location  # unreachable now: the board says so, and tries again
    if is_team:
        raise BadInput(
            f"{location} is one team's location, not an org's: an org is a folder (or prefix) whose "
            "sub-folders are teams; give the folder above it"
        )
    return location


def org_listing(raw: str) -> OrgListing:
    """The org's teams, and what listing them cost in requests."""
    location = check_location(raw, "the org location")
    if url_scheme(location) is None:
        root = Path(location.rstrip("/"))
        if not root.is_dir():
            raise BadInput(f"the org folder {root} does not exist")
        teams = []
        try:
            entries = sorted(os.scandir(root), key=lambda e: e.name)
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot list the org folder {root}: {exc.strerror}") from None
        for e in entries:
            if not e.is_dir() or e.name.startswith("."):
                continue
            path = Path(e.path)
            if (path / MANIFEST).exists() or (path / "reps").is_dir():
                teams.append(OrgTeam(e.name, FolderLayout(path), None))
        return OrgListing(location, teams[:MAX_TEAMS], 1)
    org = open_layout(location)
    assert isinstance(org, ObjectLayout)
    grouped: dict[str, dict[str, str]] = {}
    everything = org.listing_everything()
    for name, version in everything.items():
        team, sep, rest = name.partition("/")
        if sep and (rest == MANIFEST or (rest.startswith(REPS) and rest.endswith(".json"))):
            grouped.setdefault(team, {})[rest] = version
    teams = [OrgTeam(t, org.sub(t + "/"), grouped[t]) for t in sorted(grouped)]
    return OrgListing(location, teams[:MAX_TEAMS], max(1, -(-len(everything) // LIST_PAGE)))
