"""Reading a TinyDB document file without TinyDB: the read path of a start-up.

The dashboard's first frame reads the config and today's day file; importing TinyDB
for that costs more than the reads. Writes go through TinyDB (repdash.store.tinystore),
whose `AtomicJSONStorage.read` is this same function: one rule for what a valid file is.
A TinyDB document is {table: {doc_id: document}}; documents keep their insertion order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from repdash.errors import Failure
from repdash.store.safe_read import UnreadableFile, read_regular


class CorruptStoreError(Failure):
    """A store file exists but cannot be parsed (a runtime failure: exit 1, clear message)."""


def read_document(path: Path) -> dict | None:
    """The whole document, or None when the file is missing or empty."""
    try:
        raw = read_regular(path)  # a FIFO or /dev/zero at the path never hangs a command
    except UnreadableFile as exc:
        raise CorruptStoreError(str(exc)) from None
    if raw is None or not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise CorruptStoreError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise CorruptStoreError(f"{path} does not hold a TinyDB document")
    return data


def table_docs(path: Path, table: str) -> list[dict[str, Any]]:
    """The documents of one table, in TinyDB's order (what `db.table(table).all()` returns)."""
    docs = (read_document(path) or {}).get(table) or {}
    if not isinstance(docs, dict):
        raise CorruptStoreError(f"{path} does not hold a TinyDB document")
    return [dict(d) for d in docs.values()]
