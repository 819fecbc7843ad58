"""Importing a CRM export into the rep's log (issue 24): the glue between the pure core
(`repdash.core.crm`: parse, map, reconcile) and the store (`store.batch`: one all-or-nothing batch).

`import_export` reads the file, maps the rep's rows, plans against every stored entry (a record is
found by its id wherever it was dated before) and writes the plan as one batch; `--dry-run` stops
before the write. `watch_once` imports the new export files of a folder. (This week's CRM-backed share
is in `services.summary`.)
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypedDict

from repdash.core import crm
from repdash.errors import BadInput
from repdash.store.local import LocalStore

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


EXPORT_MAX_BYTES = 512 * 1024 * 1024  # a CRM export of years of activity is tens of MB


def read_export(path: Path) -> str:
    """The file's text: UTF-8 (with or without BOM) or UTF-16 with a BOM (spreadsheet exports)."""
    from repdash.store.safe_read import UnreadableFile, read_regular

    try:
        raw = read_regular(path, EXPORT_MAX_BYTES)  # a FIFO or /dev/zero is refused, never waited on
        if raw is None:
            raise BadInput(f"{path}: no such file")
    except UnreadableFile as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text (byte {exc.start + 1}); export it as CSV in UTF-8") from None


def _stored_docs(store: LocalStore) -> dict[str, dict[str, Any]]:
    """Every stored entry as its raw document, by id: a year of day files read with orjson (our own
    files; `fastjson.loads` falls back to the stdlib), no Entry objects built. A damaged day file
    stops the import (exit 1) before anything is written."""
    from repdash import fastjson
    from repdash.store.docfile import CorruptStoreError
    from repdash.store.safe_read import UnreadableFile, read_regular

    docs: dict[str, dict[str, Any]] = {}
    for day in store.stored_days():
        path = store.day_path(day)
        try:
            raw = read_regular(path)
            if raw is None:
                continue
            table = (fastjson.loads(raw) if raw.strip() else {}).get("entries") or {}
            for doc in table.values():
                docs[doc["id"]] = doc
        except FileNotFoundError:
            continue
        except (ValueError, AttributeError, KeyError, TypeError, UnreadableFile) as exc:
            raise CorruptStoreError(f"{path} is not a valid day file ({exc})") from None
    return docs


def _stored(docs: dict[str, dict[str, Any]]) -> list[crm.Stored]:
    return [
        crm.Stored(d["id"], d.get("ref"), d["kind"], d["date"], d["at"], int(d.get("count", 0)), d.get("value"))
        for d in docs.values()
    ]


def _doc(tz: str, act: crm.Activity, count: int, logged_at: str, old: dict[str, Any] | None) -> dict[str, Any]:
    """An entry document (the fields of `store.local.Entry`, plus the CRM's) for the batch."""
    doc: dict[str, Any] = {
        "id": old["id"] if old else uuid.uuid4().hex,
        "at": act.at,
        "date": act.date,
        "tz": tz,
        "kind": act.kind,
        "count": count,
        "logged_at": logged_at,
        "source": "import",
        "ref": act.ref,
    }
    if act.value is not None:
        doc["value"] = act.value
    if old is not None:
        doc["replaces"] = {k: v for k, v in old.items() if k != "replaces"}
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
    # Read, plan and write under the store's lock: a key logged or another import run meanwhile
    # is either in the plan or after the batch, never lost or doubled. (A dry run only reads.)
    with contextlib.nullcontext() if dry_run else store.write_lock():
        by_id = _stored_docs(store)
        plan = crm.plan(parsed.activities, _stored(by_id))
        if not dry_run:
            _write(store, plan, by_id, now)
            changed: dict[str, Any] = {"last_import": now.isoformat()}
            if owner and remembered.get(vendor) != owner:
                changed["owner"] = {**remembered, vendor: owner}
            store.update_config(crm={**_plain(dict(store.config.crm)), **changed})
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


def _write(store: LocalStore, plan: crm.Plan, by_id: dict[str, dict[str, Any]], now: datetime) -> None:
    """The plan as one batch (store/batch.py): new entries, and new versions replacing old ones."""
    from repdash.store.batch import write_batch

    tz, stamp = store.tz, now.astimezone(UTC).isoformat()
    docs = [_doc(tz, a, n, stamp, None) for a, n in plan.adds]
    docs += [_doc(tz, a, n, stamp, by_id[o.id]) for o, a, n in plan.updates]
    for old, n in plan.recounts:
        act = crm.Activity(old.ref or "", old.kind, old.at, old.date, old.value, 0)
        docs.append(_doc(tz, act, n, stamp, by_id[old.id]))
    if docs:
        write_batch(store, docs)


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


def set_watch(store: LocalStore, folder: str | None) -> None:
    """The folder the dashboard watches (`repdash crm watch`), or none."""
    settings = _plain(dict(store.require().crm))
    if folder:
        settings["watch"] = folder
    else:
        settings.pop("watch", None)
    store.update_config(crm=settings)


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
