"""Writing a CRM import as one batch: new entries, and entries replaced by newer versions.

All or nothing, with the store's pending-import marker (`LocalStore.check` rolls an interrupted
batch back on the next open): the marker names the batch and every day file it touches; each
written entry carries `batch`, and an entry that replaces an older version of the same CRM record
carries that version in `replaces`, so a roll-back (or an undo of the import) removes the batch's
entries and puts the replaced ones back. Each day file is rewritten once (one fsync per day).
The roll-back itself (`roll_back`, and `undo_newest_batch` for `repdash undo --import`) lives here too.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from repdash import portable
from repdash.store.atomic import atomic_write
from repdash.store.docfile import read_document, table_docs
from repdash.store.totals_cache import Stamp, TotalsCache, totals_of


class BatchStore(Protocol):
    """What a batch needs of the store it writes to (`LocalStore` is one)."""

    totals: TotalsCache

    def write_lock(self) -> AbstractContextManager[None]: ...
    def day_path(self, day: date) -> Path: ...
    def day_stamp(self, day: date) -> Stamp | None: ...
    def day_entries(self, day: date) -> Sequence[Any]: ...
    def set_pending_import(self, pending: dict | None) -> None: ...
    def stored_days(self) -> list[date]: ...


def _rewrite_day(
    store: BatchStore, day_iso: str, remove: set[str], insert: list[dict[str, Any]], folders: set[Path] | None = None
) -> None:
    """Rewrite one day file: temp file, fsync, replace. With `folders`, the folder's fsync (which
    makes the rename durable) is left to the caller, once per folder for the whole batch."""
    day = date.fromisoformat(day_iso)
    path = store.day_path(day)
    document = read_document(path) or {}
    table = dict(document.get("entries") or {})
    if remove:
        table = {k: d for k, d in table.items() if d.get("id") not in remove}
    next_id = max((int(k) for k in table if k.isdigit()), default=0) + 1
    for doc in insert:
        table[str(next_id)] = doc
        next_id += 1
    document["entries"] = table
    data = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()
    if folders is None:
        atomic_write(path, data)
    else:
        _write_synced(path, data)
        folders.add(path.parent)
    # The day's totals from what was just written (no second parse of the file).
    stamp = store.day_stamp(day)
    if stamp is not None:
        store.totals.put(day, stamp, totals_of((doc["kind"], int(doc.get("count", 0))) for doc in table.values()))


def _write_synced(path: Path, data: bytes) -> None:
    """`atomic_write` without the folder's fsync: temp file in the folder, written, fsynced, replaced."""
    portable.make_private_dir(path.parent)
    fd, tmp = portable.create_temp(path.parent, f".{path.name}.", shared=False)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        portable.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_batch(store: BatchStore, inserts: Iterable[dict[str, Any]]) -> tuple[str, list[str]]:
    """Insert `inserts`; an insert with `replaces` (an older doc of the same record) removes that
    doc. Returns the batch id and the days written. Takes the store's lock.

    Days that gain entries are written first, with the removals of replaced docs of the same day;
    the days that only lose a replaced doc (the record moved to another day) come after, so at any
    instant a removed doc is held in the `replaces` of a written entry of the batch."""
    batch = uuid.uuid4().hex
    adds: dict[str, list[dict[str, Any]]] = {}
    same: dict[str, set[str]] = {}
    later: dict[str, set[str]] = {}
    for doc in inserts:
        adds.setdefault(doc["date"], []).append({**doc, "batch": batch})
        old = doc.get("replaces")
        if old:
            (same if old["date"] == doc["date"] else later).setdefault(old["date"], set()).add(old["id"])
    days = sorted(set(adds) | set(later))
    if not days:
        return batch, []
    with store.write_lock():
        store.set_pending_import({"batch": batch, "days": days})
        folders: set[Path] = set()
        for day_iso in sorted(adds):
            _rewrite_day(store, day_iso, same.get(day_iso, set()), adds[day_iso], folders)
        for day_iso in sorted(later):
            _rewrite_day(store, day_iso, later[day_iso], [], folders)
        for folder in sorted(folders):  # every rename durable before the marker goes
            portable.fsync_dir(folder)
        store.set_pending_import(None)
        store.totals.save()
    return batch, days


def restore_replaced(store: BatchStore, docs: Iterable[dict[str, Any]]) -> None:
    """Put back entries a rolled-back batch had replaced (unless they are there already)."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_day.setdefault(doc["date"], []).append(doc)
    for day_iso, day_docs in by_day.items():
        present = {e.id for e in store.day_entries(date.fromisoformat(day_iso))}
        missing = [d for d in day_docs if d.get("id") not in present]
        if missing:
            _rewrite_day(store, day_iso, set(), missing)
    if by_day:
        store.totals.save()


def roll_back(store: BatchStore, pending: dict[str, Any]) -> None:
    """Remove the batch `pending` names from its days; an entry it replaced comes back (`replaces`);
    then clear the marker. Under the store's lock (the open's check, or an undo of an import)."""
    from tinydb import Query

    from repdash.store.tinystore import open_db

    of_batch = Query().batch == pending["batch"]
    restored: list[dict[str, Any]] = []
    for day_iso in pending.get("days", []):
        path = store.day_path(date.fromisoformat(day_iso))
        if path.exists():
            with open_db(path) as db:
                table = db.table("entries")
                restored += [d["replaces"] for d in table.search(of_batch) if d.get("replaces")]
                table.remove(of_batch)
    restore_replaced(store, restored)
    store.set_pending_import(None)
    store.totals.refresh([date.fromisoformat(d) for d in pending.get("days", [])])


def undo_newest_batch(store: BatchStore) -> tuple[int, list[date]] | None:
    """Undo the newest import as one batch: (entries removed, their days), None with no import.

    The batch is marked pending first, exactly as an interrupted import is: a kill midway is
    finished on the next open, so an import is never half undone. Under the store's lock."""
    batches: dict[str, tuple[str, set[str], int]] = {}
    for d in store.stored_days():
        for doc in table_docs(store.day_path(d), "entries"):
            batch = doc.get("batch")
            if not isinstance(batch, str):
                continue
            logged, days, n = batches.get(batch, ("", set(), 0))
            batches[batch] = (max(logged, str(doc.get("logged_at", ""))), days | {d.isoformat()}, n + 1)
    if not batches:
        return None
    batch = max(batches, key=lambda b: (batches[b][0], b))
    _, days, n = batches[batch]
    pending = {"batch": batch, "days": sorted(days)}
    store.set_pending_import(pending)
    roll_back(store, pending)
    return n, [date.fromisoformat(d) for d in sorted(days)]
