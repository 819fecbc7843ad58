"""Reading a team layout cheaply and safely: one listing, fetch and verify only what changed.

`read_layout(layout, home)` lists the location (one LIST or one scandir), compares each object's
version (ETag, or the file's stamp) with what this process or the home's cache
(`team_objects.json`) already verified, fetches and checks only the changed ones
(`repobj.decode`, `manifest.parse`), and returns every rep object with its verdict. A damaged
object costs only its own rep (`problem`), never the team. An unchanged team of 500 is one
listing and no parsing (the verdicts of this process are kept in memory).

The manifest goes through this home's pins (`team_state.json`, like SSH's known_hosts): the
owner key seen first, and the highest manifest and managers revisions seen. A manifest with
another owner is refused (`OwnerChanged`); an older one (rolled back by someone with write
access) is replaced by the newer copy this home verified before, with a warning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repdash import fastjson
from repdash.store.atomic import atomic_write
from repdash.sync import manifest as mf
from repdash.sync import repobj
from repdash.sync.layout import MANIFEST, MAX_MANIFEST_BYTES, MAX_REP_BYTES, REP_NAME, Layout
from repdash.sync.teamfile import BadTeamFile, TeamFileError

STATE_FILE = "team_state.json"
OBJECTS_FILE = "team_objects.json"
PROBLEMS = ("unreadable", "signature", "invalid")  # a rep object's verdicts (`repobj.RepObject.problem`)
Checked = Callable[[bytes], bool]  # whether these exact bytes were verified already (sync/sigcheck.py)


class OwnerChanged(TeamFileError):
    """The manifest's owner is not the one this home pinned (exit 1 until `repdash team trust`)."""

    reason = "owner_changed"


@dataclass
class LayoutRead:
    manifest: mf.Manifest | None
    manifest_version: str | None
    objects: dict[str, repobj.RepObject] = field(default_factory=dict)
    bad_names: list[str] = field(default_factory=list)  # objects that could not be read at all
    warnings: list[str] = field(default_factory=list)
    fetched: int = 0  # GETs made by this read (the listing is one more request)
    versions: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- the home's pins


def load_state(home: Path | None) -> dict[str, Any]:
    if home is None:
        return {}
    try:
        data = fastjson.loads((Path(home) / STATE_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_state(home: Path | None, state: dict[str, Any]) -> None:
    if home is not None and Path(home).is_dir():
        atomic_write(Path(home) / STATE_FILE, fastjson.dumps(state))


def location_state(home: Path | None, location: str) -> dict[str, Any]:
    got = load_state(home).get(location)
    return dict(got) if isinstance(got, dict) else {}


def update_location_state(home: Path | None, location: str, **changes: Any) -> None:
    if home is None:
        return
    state = load_state(home)
    got = state.get(location)
    mine: dict[str, Any] = got if isinstance(got, dict) else {}
    new = {**mine, **changes}
    if new != mine:
        state[location] = new
        save_state(home, state)


# ---------------------------------------------------------------- verified objects, by version

_LOCK = threading.Lock()
# (location, home) -> {"manifest": (version, Manifest | BadTeamFile), "reps": {name: (version, RepObject)}}
_MEMORY: dict[tuple[str, str], dict[str, Any]] = {}


def _memory(location: str, home: Path | None) -> dict[str, Any]:
    with _LOCK:
        return _MEMORY.setdefault((location, str(home)), {"manifest": None, "reps": {}})


def _load_disk_cache(home: Path | None, location: str) -> dict[str, Any]:
    if home is None:
        return {}
    try:
        data = fastjson.loads((Path(home) / OBJECTS_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("location") != location or not isinstance(data.get("reps"), dict):
        return {}
    return data


def _cached_manifest(cached: dict[str, Any] | None, version: str, location: str) -> mf.Manifest | None:
    """The manifest an org cache holds for exactly this version, verified again from its document."""
    held = cached.get("manifest") if isinstance(cached, dict) else None
    if not isinstance(held, dict) or held.get("version") != version or not isinstance(held.get("document"), str):
        return None
    try:
        return mf.parse(held["document"].encode(), location + MANIFEST)
    except (BadTeamFile, UnicodeEncodeError):
        return None


def _from_disk(rep_id: str, cached: Any, version: str) -> repobj.RepObject | None:
    """A verdict this home stored for exactly this version (the entry is re-validated, not re-verified)."""
    if not isinstance(cached, dict) or cached.get("version") != version:
        return None
    from repdash.sync.teamfile import validate_entry

    problem, key = cached.get("problem"), cached.get("key")
    if key is not None and not isinstance(key, str):
        return None
    if problem is not None:
        if problem not in PROBLEMS:
            return None
        return repobj.RepObject(rep_id, None, key, bool(cached.get("migrated")), str(problem))
    raw = cached.get("entry")
    entry = validate_entry(rep_id, raw)
    if entry is None:
        return None
    return repobj.RepObject(rep_id, entry, key, bool(cached.get("migrated")), None, raw)


def _seen_before(
    name: str, rep_id: str, reps_mem: dict[str, tuple[str, repobj.RepObject]], disk: dict[str, Any] | None
) -> repobj.RepObject | None:
    """The object this process (or else this home's cache) verified last under `name`, whatever its version."""
    held = reps_mem.get(name)
    if held is not None:
        return held[1]
    reps = (disk or {}).get("reps")  # a cache file is untrusted too: any shape may be in it
    cached = reps.get(name) if isinstance(reps, dict) else None
    return _from_disk(rep_id, cached, str(cached.get("version"))) if isinstance(cached, dict) else None


def _not_rolled_back(
    name: str, obj: repobj.RepObject, before: repobj.RepObject | None, out: LayoutRead
) -> repobj.RepObject:
    """A rep's revision only grows (every publish is one higher): a validly signed object older than
    one this home verified under the same key was restored by someone with write access (to pull a
    rival down before a contest ends, say). Keep the newer one until the rep publishes again."""
    if obj.entry is None or before is None or before.entry is None or before.key != obj.key:
        return obj
    if obj.entry.rev >= before.entry.rev:
        return obj
    out.warnings.append(
        f"{name} is older (revision {obj.entry.rev}) than one you saw (revision {before.entry.rev}): "
        "it was rolled back; using the newer one until the rep publishes again"
    )
    return before


def read_layout(
    layout: Layout,
    home: Path | None,
    *,
    write: bool = True,
    listing: dict[str, str] | None = None,
    cached: dict[str, Any] | None = None,
    checked: Checked | None = None,
) -> LayoutRead:
    """`write=False` (a read-only board): the home's cache and pins are read, never written.
    `listing`: the team's objects when the caller listed them already (an org's one LIST).
    `cached`: this team's part of a director's org cache (`sync/orgcache.py`, shaped like
    `cache_entry`), read instead of a home's `team_objects.json`; untrusted like it.
    `checked(data)`: whether these exact bytes were verified already (`sync/sigcheck.py`)."""
    listing = layout.listing() if listing is None else listing
    mem = _memory(layout.location, home)
    disk: dict[str, Any] | None = cached if isinstance(cached, dict) else None
    out = LayoutRead(None, listing.get(MANIFEST), versions=listing)
    version = listing.get(MANIFEST)
    if version is not None:
        _read_manifest(layout, home, mem, version, disk, out, write=write, checked=checked)
    _read_reps(layout, home, mem, listing, disk, out, write=write, checked=checked)
    return out


def _read_manifest(
    layout: Layout,
    home: Path | None,
    mem: dict[str, Any],
    version: str,
    disk: dict[str, Any] | None,
    out: LayoutRead,
    *,
    write: bool,
    checked: Checked | None = None,
) -> None:
    """The manifest: parsed once per version (or taken from an org cache), then pinned (a bad one:
    the last good one is kept)."""
    held = mem["manifest"]
    if held is not None and held[0] == version:
        parsed = held[1]
    elif (parsed := _cached_manifest(disk, version, layout.location)) is not None:
        mem["manifest"] = (version, parsed)
    else:
        version, parsed = _fetch_manifest(layout, version, out, checked)
        mem["manifest"] = (version, parsed)
    out.manifest_version = version
    if isinstance(parsed, BadTeamFile):
        out.manifest = _kept(parsed, layout.location, home, out)
    else:
        out.manifest = _pinned(parsed, layout.location, home, out, write=write) if parsed is not None else None


def _fetch_manifest(layout: Layout, version: str, out: LayoutRead, checked: Checked | None = None) -> tuple[str, Any]:
    """(version, the parsed manifest, or the BadTeamFile it is, or None when it is gone)."""
    got = layout.get(MANIFEST, MAX_MANIFEST_BYTES)
    out.fetched += 1
    if got is None:
        return version, None
    data, version = got
    try:
        if len(data) > MAX_MANIFEST_BYTES:
            raise BadTeamFile(f"{layout.location}{MANIFEST} is too large; not touching it", "too_large")
        return version, mf.parse(data, layout.location + MANIFEST, signature_checked=bool(checked and checked(data)))
    except BadTeamFile as exc:
        return version, exc


def _known_reps(
    home: Path | None,
    location: str,
    listing: dict[str, str],
    reps_mem: dict[str, tuple[str, repobj.RepObject]],
    disk: dict[str, Any] | None,
) -> tuple[dict[str, tuple[str, repobj.RepObject]], list[str], dict[str, Any] | None]:
    """The rep objects verified already (in this process, or this home's or org's cache), the names
    to fetch, and the cache as read (loaded only when this process had not verified something)."""
    fresh: dict[str, tuple[str, repobj.RepObject]] = {}
    to_fetch: list[str] = []
    for name, v in listing.items():
        m = REP_NAME.match(name)
        if m is None:
            continue
        held_rep = reps_mem.get(name)
        if held_rep is not None and held_rep[0] == v:
            fresh[name] = held_rep
            continue
        if disk is None:
            disk = _load_disk_cache(home, location)
        disk_reps = disk.get("reps") if disk else None
        obj = _from_disk(m.group(1), disk_reps.get(name), v) if isinstance(disk_reps, dict) else None
        if obj is None:
            to_fetch.append(name)
        else:
            fresh[name] = (v, obj)
    return fresh, to_fetch, disk


def _read_reps(
    layout: Layout,
    home: Path | None,
    mem: dict[str, Any],
    listing: dict[str, str],
    disk: dict[str, Any] | None,
    out: LayoutRead,
    *,
    write: bool,
    checked: Checked | None = None,
) -> None:
    """The reps: only what changed since this process (or this home) last verified it."""
    reps_mem: dict[str, tuple[str, repobj.RepObject]] = mem["reps"]
    fresh, to_fetch, disk = _known_reps(home, layout.location, listing, reps_mem, disk)
    changed = bool(to_fetch)
    for name, got in _fetch_all(layout, to_fetch):
        out.fetched += 1
        if got is None:
            continue  # deleted between the listing and the read
        data, v = got
        rep_id = REP_NAME.match(name).group(1)  # type: ignore[union-attr]
        small = len(data) <= MAX_REP_BYTES
        obj = repobj.decode(
            rep_id, data if small else None, signature_checked=small and bool(checked and checked(data))
        )
        fresh[name] = (v, _not_rolled_back(name, obj, _seen_before(name, rep_id, reps_mem, disk), out))
    changed = changed or set(fresh) != set(reps_mem)
    with _LOCK:
        mem["reps"] = fresh
    for name, (_v, obj) in fresh.items():
        out.objects[obj.rep_id] = obj
        if obj.problem in ("unreadable", "invalid"):
            out.bad_names.append(name)
    if changed and write:
        _save_disk_cache(home, layout.location, fresh)


FETCH_THREADS = 16  # GETs in flight for a cold read (object storage answers in parallel)


def _fetch_all(layout: Layout, names: list[str]) -> list[tuple[str, tuple[bytes, str] | None]]:
    """GET each object; many at once on object storage, where each GET is a round trip."""
    if len(names) <= 2 or layout.scheme == "file":
        return [(n, layout.get(n, MAX_REP_BYTES)) for n in names]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(FETCH_THREADS, len(names))) as pool:
        return list(zip(names, pool.map(lambda n: layout.get(n, MAX_REP_BYTES), names), strict=True))


def _save_disk_cache(home: Path | None, location: str, fresh: dict[str, tuple[str, repobj.RepObject]]) -> None:
    if home is None or not Path(home).is_dir():
        return
    reps = _disk_reps(fresh)
    try:
        atomic_write(Path(home) / OBJECTS_FILE, fastjson.dumps({"location": location, "reps": reps}), durable=False)
    except OSError:
        pass  # a cache: the next read fetches again


def _disk_reps(fresh: dict[str, tuple[str, repobj.RepObject]]) -> dict[str, Any]:
    return {
        name: {"version": v, "problem": o.problem, "key": o.key, "migrated": o.migrated, "entry": o.raw}
        for name, (v, o) in fresh.items()
    }


def known(location: str, home: Path | None, listing: dict[str, str]) -> bool:
    """Whether this process verified every object of `listing` already (nothing to fetch)."""
    mem = _MEMORY.get((location, str(home)))
    if mem is None or mem["manifest"] is None or mem["manifest"][0] != listing.get(MANIFEST):
        return False
    reps = mem["reps"]
    return all(reps.get(n, ("",))[0] == v for n, v in listing.items() if n != MANIFEST)


def cache_entry(location: str, home: Path | None = None) -> dict[str, Any] | None:
    """What this process verified of one team, as an org cache keeps it (None: nothing read yet).
    A damaged manifest is not kept (it is fetched again); rep verdicts are, damaged ones included."""
    mem = _MEMORY.get((location, str(home)))
    if mem is None:
        return None
    out: dict[str, Any] = {"reps": _disk_reps(mem["reps"])}
    held = mem["manifest"]
    if held is not None and isinstance(held[1], mf.Manifest) and held[1].document:
        out["manifest"] = {"version": held[0], "document": _document_text(held[1])}
    return out


def needs_fetch(location: str, listing: dict[str, str], cached: Any = None, home: Path | None = None) -> bool:
    """Whether reading `listing` would GET anything: an object neither this process nor `cached`
    (an org cache's entry for the team) holds at its listed version."""
    mem = _MEMORY.get((location, str(home))) or {"manifest": None, "reps": {}}
    disk: dict[str, Any] = cached if isinstance(cached, dict) else {}
    got_reps, got_man = disk.get("reps"), disk.get("manifest")
    disk_reps: dict[str, Any] = got_reps if isinstance(got_reps, dict) else {}
    disk_man: dict[str, Any] = got_man if isinstance(got_man, dict) else {}
    for name, v in listing.items():
        if name == MANIFEST:
            if (mem["manifest"] is None or mem["manifest"][0] != v) and disk_man.get("version") != v:
                return True
        elif REP_NAME.match(name):
            held = disk_reps.get(name)
            if mem["reps"].get(name, ("",))[0] != v and not (isinstance(held, dict) and held.get("version") == v):
                return True
    return False


def held(location: str, home: Path | None = None) -> bool:
    """Whether this process read anything of `location` already."""
    return (location, str(home)) in _MEMORY


def forget(location: str) -> None:
    with _LOCK:
        for key in [k for k in _MEMORY if k[0] == location]:
            del _MEMORY[key]


# ---------------------------------------------------------------- pins (trust on first use)


def _pinned(m: mf.Manifest, location: str, home: Path | None, out: LayoutRead, *, write: bool = True) -> mf.Manifest:
    if home is None:
        return m
    mine = location_state(home, location)
    owner = mine.get("owner")
    if owner and owner != m.owner:
        raise OwnerChanged(
            "the team's owner changed since you joined; if that was intended: `repdash team trust`"
            f" (team at {location})"
        )
    seen_rev, seen_mgr = mine.get("manifest_rev", -1), mine.get("managers_rev", -1)
    if m.rev < seen_rev or m.managers_rev < seen_mgr:
        kept = mine.get("manifest")
        try:
            old = mf.parse(kept.encode(), location + MANIFEST) if isinstance(kept, str) else None
        except BadTeamFile:
            old = None
        if old is None or old.owner != m.owner:
            raise BadTeamFile(
                f"the team manifest at {location} is older (revision {m.rev}) than one you saw "
                f"(revision {seen_rev}): it was rolled back; a manager fixes it by saving any change",
                "rolled_back",
            )
        out.warnings.append(
            f"the team manifest was rolled back to revision {m.rev}; using revision {old.rev} seen before"
        )
        return old
    if write and (owner != m.owner or seen_rev != m.rev or seen_mgr != m.managers_rev):
        update_location_state(
            home,
            location,
            owner=m.owner,
            manifest_rev=m.rev,
            managers_rev=m.managers_rev,
            manifest=_document_text(m),
        )
    return m


def _kept(problem: BadTeamFile, location: str, home: Path | None, out: LayoutRead) -> mf.Manifest:
    """A damaged or unsigned manifest: the verified copy this home kept stands in (with a warning);
    a home that never saw a good one cannot read the team (the problem is raised)."""
    kept = location_state(home, location).get("manifest")
    try:
        old = mf.parse(kept.encode(), location + MANIFEST) if isinstance(kept, str) and kept else None
    except BadTeamFile:
        old = None
    if old is None:
        raise problem
    out.warnings.append(f"the team manifest is unusable ({problem}); using revision {old.rev} seen before")
    return old


def _document_text(m: mf.Manifest) -> str:
    """The verified document, kept to stand in for a rolled-back one (it carries its signature)."""
    import json

    return json.dumps(m.document, sort_keys=True) if m.document else ""
