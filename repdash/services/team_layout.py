"""The signed team layout, composed: publish, read the board, manager changes, migrate, whoami.

`services/team_sync.py` sends `sync_now` / `team_view` here when the team setting names a location
(`sync/layout.is_layout`). The pieces: `sync/layout.py` moves bytes, `sync/signing.py` holds the
home's key, `sync/repobj.py` and `sync/manifest.py` sign and verify, `sync/teamread.py` reads only
what changed and pins the owner, `core/visibility.py` decides who sees what.

Rules (docs/team-file.md, "Trust"): a rep writes only `reps/<own id>.json` (If-Match the version
it wrote last, so a second home with the same key is noticed); only a manager with authority
(the owner, or a key the owner granted) writes `team.json`, with compare-and-swap; only admitted
reps are ranked and counted; a rep not yet admitted is "asking to join".
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from repdash import portable
from repdash.core.board import build_view
from repdash.core.team import MAX_REV, TeamEntry
from repdash.core.text import clean
from repdash.core.visibility import for_viewer, is_away
from repdash.core.workdays import local_date
from repdash.errors import BadInput
from repdash.sync import manifest as mf
from repdash.sync import repobj, signing, teamread
from repdash.sync.backend import WriteConflict
from repdash.sync.layout import MANIFEST, MAX_MANIFEST_BYTES, MAX_REP_BYTES, LayoutBackend
from repdash.sync.teamfile import BadTeamFile, TeamFileError, TeamFileMissing

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

MANIFEST_TRIES = 12


class DuplicateRep(TeamFileError):
    """Another home published with this home's key since our last publish (exit 1)."""

    reason = "duplicate"


class NoAuthority(BadInput):
    """A manager change from someone without authority (exit 2, nothing written)."""


class WhoAmI(TypedDict):
    name: str
    rep_id: str
    fingerprint: str
    manager: bool
    authority: bool


def identity(store) -> signing.Identity:
    ident = signing.load_identity(store.home)
    assert ident is not None
    return ident


def _rep_name(rep_id: str) -> str:
    return f"reps/{rep_id}.json"


# ---------------------------------------------------------------- publish


@dataclasses.dataclass
class LayoutResult:
    rev: int
    created: bool = False  # this publish made the team (its manifest): we are its owner
    conflicts: int = 0
    merged_copies: int = 0
    retired_copies: int = 0
    bad_copies: int = 0
    doc: Any = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def publish(store, backend: LayoutBackend, entry: TeamEntry, now_iso: str, *, take_over: bool = False) -> LayoutResult:
    """One conditional PUT of this rep's own object; the manifest too when the location is empty
    and this home is a manager (the first manager to publish owns the team).

    One publish at a time per home (a blocking lock in the home, `.publish.lock`): the dashboard's
    worker and a `repdash sync` in another terminal take turns instead of racing their own object,
    which would read as another home's write."""
    with portable.ExclusiveLock(Path(store.home) / PUBLISH_LOCK):
        return _publish(store, backend, entry, now_iso, take_over=take_over)


PUBLISH_LOCK = ".publish.lock"


WRITTEN_KEPT = 64  # digests of this home's last publishes: a restored older one is recognised as ours


def _publish(store, backend: LayoutBackend, entry: TeamEntry, now_iso: str, *, take_over: bool) -> LayoutResult:
    layout, home = backend.layout, store.home
    ident = identity(store)
    entry = dataclasses.replace(entry, rep_id=ident.rep_id)
    name = _rep_name(ident.rep_id)
    mine = teamread.location_state(home, layout.location)
    expected = mine.get("etag") if isinstance(mine.get("etag"), str) else None
    last_rev = rev_ if isinstance(rev_ := mine.get("rev"), int) else 0
    rev = min(max(last_rev, 0) + 1, MAX_REV)
    conflicts = 0
    # What this home wrote or tried to write: a PUT that timed out may still have landed, and
    # must not read as another home's at the next publish.
    # An older object of ours restored by someone with write access is ours too (a rollback, not a copy).
    written = [d for d in mine.get("written", []) if isinstance(d, str)][-WRITTEN_KEPT:]
    ours_known = {mine.get("digest"), mine.get("pending"), *written} - {None}
    for _ in range(3):
        data = repobj.encode(ident, entry.to_json() | {"rev": rev})
        ours_known.add(_digest(data))
        teamread.update_location_state(home, layout.location, pending=_digest(data))
        try:
            version = layout.put(name, data, expected)
            break
        except WriteConflict:
            conflicts += 1
            got = layout.get(name, MAX_REP_BYTES)
            if got is None:
                expected = None  # our object is gone (deleted, or a lost bucket): write it again
                continue
            current = repobj.decode(ident.rep_id, got[0])
            theirs = current.raw.get("rev") if current.raw else None
            signed_by_us = current.problem is None and current.key == ident.public
            # Validly signed with our key but not what we wrote last: another home holds this key.
            # Anything else under our id (damage, a forgery, an edit) is simply written over.
            another_home = signed_by_us and _digest(got[0]) not in ours_known
            if another_home and not take_over:
                when = clean(str(current.raw.get("last_sync", "")), 40) if current.raw else "unknown"
                raise DuplicateRep(
                    f"your rep id {ident.rep_id[:12]}… was also published from another home (last at {when}): "
                    "two copies of one home publish as one rep. Use one of them; on the one you keep, "
                    "`repdash sync --take-over`"
                ) from None
            expected = got[1]
            if isinstance(theirs, int) and not isinstance(theirs, bool):
                rev = min(max(rev, theirs + 1), MAX_REV)
    else:
        raise DuplicateRep(f"{layout.location}{name} keeps changing under this publish; try again")
    digest = _digest(data)
    teamread.update_location_state(
        home,
        layout.location,
        etag=version,
        rev=rev,
        digest=digest,
        pending=None,
        written=[*written, digest][-WRITTEN_KEPT:],
    )
    created = False
    if store.config.manager:
        created = _create_team(layout, ident, store.config.name, now_iso, pinned=mine)
    return LayoutResult(rev=rev, created=created, conflicts=conflicts)


def _create_team(layout, ident: signing.Identity, name: str, now_iso: str, pinned: dict | None = None) -> bool:
    """Make the manifest of an empty location (this manager owns it). Where this home has seen a
    team before, never a new one: its owner restores theirs (`repdash team repair`), and a manifest
    with another owner would be refused by every home."""
    if layout.head(MANIFEST) is not None:
        return False
    if pinned and pinned.get("owner"):
        return False
    team = clean(layout.location.rstrip("/").rsplit("/", 1)[-1], 60) or "team"
    body = mf.new_body(ident, team, name, now_iso)
    try:
        layout.put(MANIFEST, mf.sign_document(ident, body), None)
    except WriteConflict:
        return False  # another manager was first: they own it
    teamread.forget(layout.location)
    return True


# ---------------------------------------------------------------- reading the board


def board_view(
    backend: LayoutBackend,
    now,
    viewer_tz: str,
    *,
    home: Path | None,
    viewer: signing.Identity | None,
    as_manager: bool | None = None,
    write: bool = True,
    listing: dict[str, str] | None = None,
    cached: dict[str, Any] | None = None,
    checked: teamread.Checked | None = None,
) -> BoardView:
    """The board as `viewer` may see it: a manager's when their key has authority (or `as_manager`:
    a director's roll-up), else a rep's (a wall board with no key sees what every rep sees).
    `cached`: the team's part of a director's org cache (`sync/orgcache.py`)."""
    read = teamread.read_layout(backend.layout, home, write=write, listing=listing, cached=cached, checked=checked)
    key = _view_key(backend, read, now, viewer_tz, home, viewer, as_manager)
    held = _VIEWS.get(backend.location)
    if key is not None and held is not None and held[0] == key:
        return held[1] | {"requests": (1 if listing is None else 0) + read.fetched, "fetched": read.fetched}
    view = _board_view(read, now, viewer_tz, viewer, as_manager)
    view["requests"] = (1 if listing is None else 0) + read.fetched
    view["fetched"] = read.fetched
    if key is not None:
        if len(_VIEWS) > 10_000:
            _VIEWS.clear()
        _VIEWS[backend.location] = (key, view)
    return view


# A board is a function of the objects (their versions), the viewer and the day: an unchanged team
# is not rebuilt. `now` counts by the quarter hour (every zone's midnight falls on one); `at` is
# the moment the board was built. Not kept when the read warned (a rollback, a legacy file).
_VIEWS: dict[str, tuple[tuple[Any, ...], BoardView]] = {}
VIEW_BUCKET_S = 15 * 60


def _view_key(backend, read, now, viewer_tz, home, viewer, as_manager) -> tuple | None:
    if read.warnings or (read.manifest is not None and read.manifest.body.get("legacy")):
        return None
    return (
        hash(frozenset(read.versions.items())),
        int(now.timestamp() // VIEW_BUCKET_S),
        viewer_tz,
        str(home),
        viewer.public if viewer else None,
        as_manager,
    )


def _board_view(read, now, viewer_tz: str, viewer, as_manager) -> BoardView:
    m = read.manifest
    legacy = _legacy_entries(m, read.warnings)
    included: list[TeamEntry] = []
    away: list[TeamEntry] = []
    asking: list[dict[str, str]] = []
    ignored = 0
    for obj in read.objects.values():
        if obj.problem == "signature":
            ignored += 1
            continue
        e = obj.entry
        if e is None:
            continue  # unreadable: counted in `skipped`, named in `unreadable`
        if obj.migrated:
            if m is None or not m.has_authority(obj.key) or not m.admitted(obj.rep_id):
                ignored += 1
                continue
            manager = e.manager
            e = legacy.get(obj.rep_id, e) if legacy.get(obj.rep_id, e).rev > e.rev else e
        else:
            manager = m is not None and m.has_authority(obj.key)
            if not manager:
                member = m.roster.get(obj.rep_id) if m is not None else None
                if member is None:
                    asking.append({"rep_id": obj.rep_id, "name": e.name})
                    continue
                if member.status != "admitted":
                    ignored += 1
                    continue
        if e.manager != manager:
            e = dataclasses.replace(e, manager=manager)
        if not manager and m is not None and is_away(e.date, local_date(e.tz, now), m.away_days):
            away.append(e)
            continue
        included.append(e)
    standard = m.standard if m is not None else None
    accepted = m.accepted if m is not None else None
    view = build_view(included, standard, now, viewer_tz=viewer_tz, skipped=len(read.bad_names), accepted=accepted)
    for r in view["reps"]:
        r["away"] = False
    if away:  # listed after the reps, before the managers: not ranked, not coached, not counted
        at = next((i for i, r in enumerate(view["reps"]) if r["manager"]), len(view["reps"]))
        rows = build_view(away, standard, now, viewer_tz=viewer_tz, accepted=accepted)["reps"]
        view["reps"][at:at] = [
            r | {"rank": None, "tier": None, "coaching": None, "days_below": 0, "gap": {}, "away": True} for r in rows
        ]
    view["away_count"] = len(away)
    view["accepted_dropped"] = m.accepted_dropped if m is not None else 0  # malformed acceptances left out
    view["ignored"] = ignored
    view["unreadable"] = sorted(read.bad_names)
    view["team_name"] = m.team if m else None
    view["warnings"] = read.warnings
    view["layout"] = True
    authority = (
        as_manager
        if as_manager is not None
        else (viewer is not None and m is not None and m.has_authority(viewer.public))
    )
    view["authority"] = authority
    asking.sort(key=lambda a: (a["name"].casefold(), a["rep_id"]))
    view["asking_to_join"] = [a["name"] for a in asking] if authority else []
    view["asking"] = asking if authority else []
    from repdash.services.contests import board_contests  # issue 23: what the contest screens show

    contests = board_contests(read, now, viewer_tz, viewer.rep_id if viewer else None, bool(authority))
    view["contests"], view["contest_proposals"] = contests["contests"], contests["contest_proposals"]
    return for_viewer(view, viewer.rep_id if viewer else None, manager=authority, board=m.board if m else "ranked")


def _legacy_entries(m: mf.Manifest | None, warnings: list[str]) -> dict[str, TeamEntry]:
    """During a mixed period (after `team migrate`, before every rep moved): the single team file's
    newer entries of reps still migrated. Unsigned, as that file always was; read only."""
    raw = m.body.get("legacy") if m is not None else None
    if not isinstance(raw, str) or not raw or not any(x.migrated for x in m.roster.values()):  # type: ignore[union-attr]
        return {}
    from repdash.sync.teamio import backend_for, read_team

    try:
        return dict(read_team(backend_for(raw, layout=False)).doc.valid)
    except Exception as exc:  # the old file gone or damaged: the migrated entries stand
        warnings.append(f"the single team file of the mixed period could not be read ({clean(str(exc), 80)})")
        return {}


def store_view(store, backend: LayoutBackend, now, viewer_tz: str) -> BoardView:
    """The board for this home. A read-only home (the browser board) reads its pins and cache but
    writes nothing, and is shown what every rep sees: it is a wall."""
    writable = hasattr(store, "update_config") and store.initialized
    viewer = identity(store) if writable else None
    return board_view(
        backend, now, viewer_tz, home=store.home if store.initialized else None, viewer=viewer, write=writable
    )


def own_object_missing(store, backend: LayoutBackend) -> bool:
    """Freshness: our object is gone, or is not the one we wrote last (a lost or rolled-back object)."""
    if not store.initialized or not signing.has_identity(store.home):
        return False
    mine = teamread.location_state(store.home, backend.location)
    if not mine.get("etag"):
        return False
    current = backend.layout.head(_rep_name(identity(store).rep_id))
    return current is None or current != mine.get("etag")


def whoami(store, backend: LayoutBackend | None) -> WhoAmI:
    config = store.require()
    ident = identity(store)
    authority = False
    if backend is not None:
        try:
            m, _ = _read_manifest(backend.layout, store.home)
            authority = m.has_authority(ident.public)
        except (TeamFileError, BadTeamFile):
            kept = teamread.location_state(store.home, backend.location).get("manifest")
            try:
                authority = (
                    isinstance(kept, str)
                    and bool(kept)
                    and (mf.parse(kept.encode(), backend.location).has_authority(ident.public))
                )
            except BadTeamFile:
                authority = False
    return {
        "name": config.name,
        "rep_id": ident.rep_id,
        "fingerprint": ident.fingerprint,
        "manager": bool(config.manager),
        "authority": authority,
    }


def team_status(backend: LayoutBackend, ident: signing.Identity) -> str:
    """For `init --manager`: "empty" (you will own it), "authority", "no-authority", or "unknown"."""
    try:
        got = backend.layout.get(MANIFEST, MAX_MANIFEST_BYTES)
        if got is None:
            return "empty"
        m = mf.parse(got[0], backend.location + MANIFEST)
    except (TeamFileError, BadTeamFile, OSError):
        return "unknown"
    return "authority" if m.has_authority(ident.public) else "no-authority"


def set_up_identity(store) -> list[str]:
    """`init`: make this home's key (once); a new home's rep id is the key's. What to tell the user."""
    from repdash.sync.teamio import open_backend

    home = store.home
    had = signing.has_identity(home)
    ident = identity(store)
    config = store.config
    lines: list[str] = []
    if not had:
        if config.sync_rev is None and config.rep_id != ident.rep_id:
            config = store.update_config(rep_id=ident.rep_id)
        lines.append(f"Your key: {ident.fingerprint} (it signs what you publish; keep your repdash folder safe).")
    if not config.manager:
        return lines
    try:
        backend = open_backend(store)
    except BadInput:
        backend = None
    if not getattr(backend, "is_layout", False):
        return lines
    status = team_status(backend, ident)  # type: ignore[arg-type]
    if status == "empty":
        lines.append("The team location is empty: your first `repdash sync` creates the team and makes you its owner.")
    elif status == "authority":
        lines.append("You are a manager with authority over this team.")
    else:
        lines.append(
            "You have the manager kinds (1:1s, coaching) but no authority over this team: only its owner "
            f"grants that (`repdash team grant {clean(config.name, 60)}`); until then you cannot set the standard "
            "or change the roster."
        )
    return lines


def _read_manifest(layout, home: Path | None) -> tuple[mf.Manifest, str]:
    got = layout.get(MANIFEST, MAX_MANIFEST_BYTES)
    if got is None:
        raise TeamFileMissing(
            f"no team at {layout.location} yet: its first manager creates it with `repdash sync` (`init --manager`)"
        )
    data, version = got
    m = mf.parse(data, layout.location + MANIFEST)
    pinned = teamread._pinned(m, layout.location, home, teamread.LayoutRead(None, None))
    if pinned is not m:
        m = pinned  # a rolled-back manifest: build the change on the newer one this home saw
    return m, version
