"""Importing a CRM export into the rep's log (issue 24): the glue between the pure core
(`repdash.core.crm`: parse, map, reconcile) and the store (`store.batch`: one all-or-nothing batch).

`import_export` reads the file, maps the rep's rows, plans against every stored entry (a record is
found by its id wherever it was dated before) and writes the plan as one batch; `--dry-run` stops
before the write. `watch_once` imports the new export files of a folder. (This week's CRM-backed share
is in `services.summary`.)
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

from repdash.core import crm
from repdash.errors import BadInput
from repdash.store.local import Entry, LocalStore

WATCH_FILE = "crm_watch.json"


class DayChange(TypedDict):
    date: str
    kind: str
    added: int
    updated: int
    crm: int
    hand: int
    matched: int


class ImportReport(TypedDict):
    """What `repdash import --from ... --json` prints (SPEC: added, updated, skipped, by_kind)."""

    added: int
    updated: int
    skipped: int
    by_kind: dict[str, int]
    unchanged: int
    skipped_reasons: dict[str, int]
    crm: str  # the CRM (--from)
    file: str
    owner: str | None
    dry_run: bool
    from_crm: dict[str, int]  # the rep's CRM records per kind on the days the file covers
    hand_matched: dict[str, int]  # per kind: hand-logged activity the CRM records already hold
    days: list[DayChange]


def read_export(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with a BOM (spreadsheet exports)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start + 1}); export it as CSV in UTF-8") from None


def _stored(entries: list[Entry]) -> list[crm.Stored]:
    return [crm.Stored(e.id, e.ref, e.kind, e.date, e.at, e.count, e.value) for e in entries]


def _doc(store: LocalStore, act: crm.Activity, count: int, now: datetime, old: Entry | None) -> dict[str, Any]:
    entry = Entry(
        id=old.id if old else uuid.uuid4().hex,
        at=act.at,
        date=act.date,
        tz=store.tz,
        kind=act.kind,
        count=count,
        logged_at=now.astimezone(UTC).isoformat(),
        source="import",
        ref=act.ref,
        value=act.value,
    )
    doc = entry.as_dict()
    if old is not None:
        doc["replaces"] = old.as_dict()
    return doc


def import_export(
    store: LocalStore,
    path: Path,
    vendor: str | None,
    owner: str | None,
    now: datetime,
    dry_run: bool = False,
) -> ImportReport:
    config = store.require()
    text = read_export(path)
    if vendor is None:
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        header = next(csv.reader([first.rstrip("\r")], delimiter=crm.parse.delimiter(first)), [])
        vendor = crm.detect(header)
        if vendor is None:
            raise BadInput(f"{path}: cannot tell which CRM exported it; import it with --from {'|'.join(crm.NAMES)}")
    settings = dict(config.crm)
    remembered = dict(settings.get("owner") or {})
    owner = owner.strip() if owner is not None and owner.strip() else None
    wanted = owner or remembered.get(vendor)
    rules = crm.rules_for(vendor, settings.get("map"))
    try:
        parsed = crm.parse_export(text, vendor, rules, store.tz, now, owner=wanted)
    except crm.CrmFileError as exc:
        raise BadInput(f"{path}, {exc}; nothing imported") from None
    if wanted is None and len(parsed.owners) > 1:
        shown = ", ".join(parsed.owners[:5]) + (", ..." if len(parsed.owners) > 5 else "")
        raise BadInput(
            f"{path}: rows of {len(parsed.owners)} owners ({shown}); pass --owner NAME_OR_ID "
            "(it is remembered); nothing imported"
        )
    by_id = {e.id: e for e in store.entries()}
    plan = crm.plan(parsed.activities, _stored(list(by_id.values())))
    if not dry_run:
        docs = [_doc(store, a, n, now, None) for a, n in plan.adds]
        docs += [_doc(store, a, n, now, by_id[o.id]) for o, a, n in plan.updates]
        for old, n in plan.recounts:
            e = by_id[old.id]
            act = crm.Activity(e.ref or "", e.kind, e.at, e.date, e.value, 0)
            docs.append(_doc(store, act, n, now, e))
        from repdash.store.batch import write_batch

        with store.write_lock():
            if docs:
                write_batch(store, docs)
            changed = {"last_import": now.isoformat()}
            if owner and remembered.get(vendor) != owner:
                changed["owner"] = {**remembered, vendor: owner}  # type: ignore[dict-item]
            store.update_config(crm={**_plain(settings), **changed})
    return ImportReport(
        added=len(plan.adds),
        updated=len(plan.updates),
        skipped=sum(parsed.skipped.values()) + plan.unchanged,
        by_kind=plan.by_kind(),
        unchanged=plan.unchanged,
        skipped_reasons=dict(parsed.skipped),
        crm=vendor,
        file=str(path),
        owner=wanted,
        dry_run=dry_run,
        from_crm=plan.totals("crm"),
        hand_matched={k: n for k, n in plan.totals("matched").items() if n},
        days=[DayChange(**d._asdict()) for d in plan.days if d.added or d.updated or d.matched],  # type: ignore[typeddict-item]
    )


def _plain(value: Any) -> Any:
    """A config table (read-only views inside) as plain JSON values."""
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def set_mapping(store: LocalStore, vendor: str, changes: dict[str, Any], reset: bool) -> dict[str, Any]:
    """Store mapping overrides (`repdash crm map VENDOR KEY=VALUE ...`); `reset` drops the given
    keys (all of the vendor's when none is given). Returns the rules now in force."""
    settings = _plain(dict(store.require().crm))
    overrides = dict(settings.get("map") or {})
    mine = dict(overrides.get(vendor) or {})
    owners = dict(settings.get("owner") or {})
    if reset:
        for key in changes or list(mine) + ["owner"]:
            mine.pop(key, None)
            if key == "owner":
                owners.pop(vendor, None)
    else:
        for key, value in changes.items():
            if key == "owner":
                owners[vendor] = value
            else:
                mine[key] = value
    if mine:
        overrides[vendor] = mine
    else:
        overrides.pop(vendor, None)
    settings["map"], settings["owner"] = overrides, owners
    store.update_config(crm=settings)
    return crm.rules_for(vendor, overrides)


# ---- the watched folder ----------------------------------------------------
def _seen_path(store: LocalStore) -> Path:
    return store.home / WATCH_FILE


def _load_seen(store: LocalStore) -> dict[str, list[int]]:
    try:
        data = json.loads(_seen_path(store).read_bytes())
        return {str(k): [int(x) for x in v] for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def watch_once(
    store: LocalStore, folder: Path, vendor: str | None, owner: str | None, now: datetime
) -> list[tuple[Path, ImportReport | str]]:
    """Import every CSV file of `folder` not imported in this version yet (by size and mtime);
    a file that fails is reported (its message) and not retried until it changes."""
    if not folder.is_dir():
        raise BadInput(f"--watch {folder}: not a folder")
    seen = _load_seen(store)
    out: list[tuple[Path, ImportReport | str]] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_file() or not entry.name.lower().endswith(".csv") or entry.name.startswith("."):
            continue
        st = entry.stat()
        stamp = [st.st_size, st.st_mtime_ns]
        key = os.path.abspath(entry.path)
        if seen.get(key) == stamp:
            continue
        try:
            result: ImportReport | str = import_export(store, Path(entry.path), vendor, owner, now)
        except BadInput as exc:
            result = str(exc)
        seen[key] = stamp
        out.append((Path(entry.path), result))
    if out:
        from repdash.store.atomic import atomic_write

        atomic_write(_seen_path(store), json.dumps(seen, separators=(",", ":")).encode())
    return out
