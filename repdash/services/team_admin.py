"""A signed team's manager changes: roster, managers, standard, board; trust, migrate, repair.

Each change is one compare-and-swap of `team.json` (`change_manifest`: read, check authority, change,
sign, PUT If-Match; in a folder under the manifest's lock), refused with exit 2 (`NoAuthority`) for
anyone without authority: the owner alone grants and revokes managers; the owner and granted managers
set the standard, admit and remove reps, and choose the board. Reading and publishing live in
`services/team_layout.py`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from repdash import portable
from repdash.core.team import MAX_REV
from repdash.core.text import clean
from repdash.errors import BadInput
from repdash.services.team_layout import (
    MANIFEST_TRIES,
    LayoutBackend,
    NoAuthority,
    _create_team,
    _read_manifest,
    _rep_name,
    identity,
)
from repdash.sync import manifest as mf
from repdash.sync import repobj, signing, teamread
from repdash.sync.backend import WriteConflict
from repdash.sync.layout import MANIFEST, MAX_MANIFEST_BYTES
from repdash.sync.teamfile import TeamFileError, TeamFileMissing

# ---------------------------------------------------------------- manager changes


def change_manifest(
    store,
    backend: LayoutBackend,
    now_iso: str,
    change: Callable[[dict[str, Any], mf.Manifest, signing.Identity], None],
    *,
    what: str,
    owner_only: bool = False,
) -> mf.Manifest:
    """Compare-and-swap a manager's change into team.json (a lock and a re-read in a folder)."""
    layout, home = backend.layout, store.home
    ident = identity(store)
    for _ in range(MANIFEST_TRIES):
        with layout.manifest_lock():
            m, version = _read_manifest(layout, home)
            _require(store, m, ident, what, owner_only)
            body = mf.next_body(m, ident, now_iso)
            change(body, m, ident)
            data = mf.sign_document(ident, body)
            try:
                layout.put(MANIFEST, data, version)
            except WriteConflict:
                pass
            else:
                new = mf.parse(data, layout.location + MANIFEST)
                teamread.forget(layout.location)
                teamread._pinned(new, layout.location, home, teamread.LayoutRead(None, None))
                return new
        portable.pause(0.02)
    raise TeamFileError(f"the team manifest at {layout.location} is busy (another manager is saving); try again")


def _require(store, m: mf.Manifest, ident: signing.Identity, what: str, owner_only: bool = False) -> None:
    """NoAuthority (exit 2, nothing written) unless this home may make the change."""
    if owner_only and ident.public != m.owner:
        raise NoAuthority(f"only the team's owner can {what}")
    if not m.has_authority(ident.public):
        raise NoAuthority(
            f"only a manager granted by the team's owner can {what}; "
            f"ask the owner to run `repdash team grant {clean(store.config.name, 60)}`"
        )


def set_standard(store, backend: LayoutBackend, kinds: dict[str, int], now_iso: str) -> mf.Manifest:
    def change(body, m, ident):
        old = m.standard
        body["standard"] = {
            "rev": min((old.rev if old else 0) + 1, MAX_REV),
            "kinds": kinds,
            "set_by": ident.rep_id,
            "set_by_name": store.config.name,
            "set_at": now_iso,
        }

    return change_manifest(store, backend, now_iso, change, what="set the team standard")


def _find(candidates: list[dict[str, str]], who: str, where: str) -> dict[str, str]:
    """One of `candidates` ({rep_id, name, ...}) by name (case-insensitive), rep id (prefix) or start of a name."""
    key = who.strip()
    for match in (
        lambda c: c["rep_id"].startswith(key) and len(key) >= 6,
        lambda c: c["name"].casefold() == key.casefold(),
        lambda c: c["name"].casefold().startswith(key.casefold()),
    ):
        found = [c for c in candidates if key and match(c)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            ids = ", ".join(f"{clean(c['name'], 40)} ({c['rep_id'][:8]})" for c in found[:10])
            raise BadInput(f"{clean(who, 60)!r} matches {len(found)} people {where}: {ids}; use a rep id")
    raise BadInput(f"no {clean(who, 60)!r} {where}")


def _published(backend: LayoutBackend, home: Path | None) -> dict[str, repobj.RepObject]:
    read = teamread.read_layout(backend.layout, home)
    return {i: o for i, o in read.objects.items() if o.problem is None and o.entry is not None}


def admit(store, backend: LayoutBackend, who: str, now_iso: str) -> str:
    objs = _published(backend, store.home)
    m, _ = _read_manifest(backend.layout, store.home)
    _require(store, m, identity(store), "admit reps", owner_only=False)
    candidates = [
        {"rep_id": i, "name": o.entry.name}
        for i, o in objs.items()
        if not o.migrated and not m.admitted(i) and not m.has_authority(o.key) and o.entry is not None
    ]
    pick = _find(candidates, who, "asking to join (or removed)")

    def change(body, m, ident):
        roster = body.setdefault("roster", {})
        # A rep migrated from a single team file who now publishes with their own key replaces that entry.
        for rid, member in list(roster.items()):
            if member.get("migrated") and str(member.get("name", "")).casefold() == pick["name"].casefold():
                del roster[rid]
        roster[pick["rep_id"]] = {"name": pick["name"], "status": "admitted"}
        if not any(isinstance(x, dict) and x.get("migrated") for x in roster.values()):
            body.pop("legacy", None)  # everyone has moved: the mixed period is over

    change_manifest(store, backend, now_iso, change, what="admit reps")
    return pick["name"]


def remove(store, backend: LayoutBackend, who: str, now_iso: str) -> str:
    m, _ = _read_manifest(backend.layout, store.home)
    _require(store, m, identity(store), "remove reps", owner_only=False)
    candidates = [{"rep_id": i, "name": mem.name} for i, mem in m.roster.items() if mem.status == "admitted"]
    pick = _find(candidates, who, "on the team's roster")

    def change(body, m, ident):
        body.setdefault("roster", {})[pick["rep_id"]] = {"name": pick["name"], "status": "removed"}

    change_manifest(store, backend, now_iso, change, what="remove reps")
    return pick["name"]


def grant(store, backend: LayoutBackend, who: str, now_iso: str) -> str:
    objs = _published(backend, store.home)
    m, _ = _read_manifest(backend.layout, store.home)
    _require(store, m, identity(store), "grant or revoke managers", owner_only=True)
    candidates = [
        {"rep_id": i, "name": o.entry.name, "key": o.key or ""}
        for i, o in objs.items()
        if not o.migrated and o.entry is not None and o.key and o.key != m.owner and o.key not in m.managers
    ]
    pick = _find(candidates, who, "who published to the team and is not a manager yet")

    def change(body, m, ident):
        keys = [{"key": k, "name": n} for k, n in m.managers.items()] + [{"key": pick["key"], "name": pick["name"]}]
        body["managers"] = mf.managers_block(ident, m.managers_rev + 1, keys)
        body.setdefault("roster", {})[pick["rep_id"]] = {"name": pick["name"], "status": "admitted"}

    change_manifest(store, backend, now_iso, change, what="grant or revoke managers", owner_only=True)
    return pick["name"]


def revoke(store, backend: LayoutBackend, who: str, now_iso: str) -> str:
    m, _ = _read_manifest(backend.layout, store.home)
    _require(store, m, identity(store), "grant or revoke managers", owner_only=True)
    candidates = [{"rep_id": signing.rep_id_of(k), "name": n, "key": k} for k, n in m.managers.items()]
    pick = _find(candidates, who, "among the team's granted managers")

    def change(body, m, ident):
        keys = [{"key": k, "name": n} for k, n in m.managers.items() if k != pick["key"]]
        body["managers"] = mf.managers_block(ident, m.managers_rev + 1, keys)

    change_manifest(store, backend, now_iso, change, what="grant or revoke managers", owner_only=True)
    return pick["name"]


def accept(store, backend: LayoutBackend, who: str, now_iso: str) -> tuple[str, dict[str, int]]:
    """Accept a rep's current proposal (their own targets below the standard, as their signed entry
    publishes them): counted from the manager's date today on, those numbers only (issue 20)."""
    from repdash.core import standard as standard_rule

    objs = _published(backend, store.home)
    m, _ = _read_manifest(backend.layout, store.home)
    _require(store, m, identity(store), "accept proposals")
    std = standard_rule.applicable_standard(m.standard.kinds if m.standard else None, False)
    candidates: list[dict[str, str]] = []
    below: dict[str, dict[str, int]] = {}
    for rep_id, o in objs.items():
        if o.entry is None or not m.admitted(rep_id) or (m.has_authority(o.key) and not o.migrated):
            continue
        acc = m.accepted.get(rep_id)
        own = {k: n for k, n in o.entry.targets.items() if k in (std or {})}
        if standard_rule.proposals(own, std, acc.targets if acc else None):
            below[rep_id] = standard_rule.proposals(own, std)  # every own target below the standard, now
            candidates.append({"rep_id": rep_id, "name": o.entry.name})
    pick = _find(candidates, who, "with a proposal to accept (own targets below the team standard)")
    day = now_iso[:10]

    def change(body, m, ident):
        kept = body.get("accepted")
        body["accepted"] = dict(kept) if isinstance(kept, dict) else {}
        body["accepted"][pick["rep_id"]] = {"from": day, "targets": below[pick["rep_id"]]}

    change_manifest(store, backend, now_iso, change, what="accept proposals")
    return pick["name"], below[pick["rep_id"]]


def set_board(store, backend: LayoutBackend, board: str | None, away_days: int | None, now_iso: str) -> mf.Manifest:
    def change(body, m, ident):
        if board is not None:
            body["board"] = board
        if away_days is not None:
            body["away_days"] = away_days

    return change_manifest(store, backend, now_iso, change, what="change the board setting")


def trust(store, backend: LayoutBackend) -> mf.Manifest:
    """Accept the manifest's owner as it is now (after the owner key changed on purpose)."""
    got = backend.layout.get(MANIFEST, MAX_MANIFEST_BYTES)
    if got is None:
        raise TeamFileMissing(f"no team at {backend.location} yet")
    m = mf.parse(got[0], backend.location + MANIFEST)
    teamread.update_location_state(
        store.home,
        backend.location,
        owner=m.owner,
        manifest_rev=m.rev,
        managers_rev=m.managers_rev,
        manifest=teamread._document_text(m),
    )
    teamread.forget(backend.location)
    return m


# ---------------------------------------------------------------- migrate


def migrate(store, old_raw: str, new_backend: LayoutBackend, now_iso: str) -> dict[str, int]:
    """Copy a single team file into a layout: each rep's entry to its object (signed by this
    manager, marked migrated), the standard to the manifest. Existing objects are left alone."""
    from repdash.sync.teamio import backend_for, read_doc

    config = store.require()
    if not config.manager:
        raise BadInput("only a manager can migrate a team (set up with `repdash init --manager`)")
    from repdash.sync.location import url_scheme

    if url_scheme(old_raw) is None:
        old_raw = str(Path(os.path.expanduser(old_raw)).absolute())
    doc = read_doc(backend_for(old_raw, layout=False))
    ident = identity(store)
    layout = new_backend.layout
    _create_team(layout, ident, config.name, now_iso)
    copied = skipped = 0
    listing = layout.listing()
    migrated: dict[str, str] = {}
    for rep_id, entry in doc.valid.items():
        if rep_id == config.rep_id:
            continue  # the migrating manager publishes their own signed object
        name = _rep_name(rep_id)
        raw = doc.raw[rep_id]
        if name in listing:
            skipped += 1
            continue
        try:
            layout.put(name, repobj.encode(ident, raw, migrated=True), None)
        except WriteConflict:
            skipped += 1
            continue
        migrated[rep_id] = entry.name
        copied += 1

    def change(body, m, ident):
        roster = body.setdefault("roster", {})
        for rid, nm in migrated.items():
            roster.setdefault(rid, {"name": nm, "status": "admitted", "migrated": True})
        if migrated and len(old_raw) <= 1024:
            body["legacy"] = old_raw  # read beside the location until every rep has moved
        if doc.standard is not None and (m.standard is None or m.standard.rev < doc.standard.rev):
            body["standard"] = doc.standard.to_json()

    change_manifest(store, new_backend, now_iso, change, what="migrate a team")
    return {"copied": copied, "skipped": skipped, "invalid": len(doc.raw) - len(doc.valid)}


def repair(store, backend: LayoutBackend, now, publish_entry: Callable[[], Any]) -> list[str]:
    """`repdash team repair` on a team location: what can be put right from this home.

    This rep's own object is written again (taken over if it is damaged or someone else's); a
    manager with authority also saves the manifest at the next revision (a rolled-back or deleted
    manifest comes back from the newer copy this home verified) . Unreadable objects of others are
    named: only their owners can rewrite them (their next publish does)."""
    lines: list[str] = []
    publish_entry()
    lines.append("Your own entry was published again.")
    read = teamread.read_layout(backend.layout, store.home)
    ident = identity(store)
    m = read.manifest
    if m is None:
        kept = teamread.location_state(store.home, backend.location).get("manifest")
        if isinstance(kept, str) and kept:
            old = mf.parse(kept.encode(), backend.location + MANIFEST)
            if old.has_authority(ident.public):
                try:
                    backend.layout.put(MANIFEST, kept.encode(), None)
                    lines.append(f"The team manifest was missing: restored revision {old.rev} from this home.")
                    m = old
                except WriteConflict:
                    pass
    if m is not None and m.has_authority(ident.public):
        stamp = now.in_timezone(store.tz).isoformat()
        new = change_manifest(store, backend, stamp, lambda body, m, ident: None, what="repair the manifest")
        lines.append(f"The team manifest was saved again (revision {new.rev}).")
    if read.bad_names:
        lines.append(
            f"{len(read.bad_names)} unreadable rep entr{'y' if len(read.bad_names) == 1 else 'ies'} "
            f"({', '.join(read.bad_names[:5])}): each is rewritten by its rep's next publish."
        )
    return lines
