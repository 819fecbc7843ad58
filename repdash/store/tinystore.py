"""A TinyDB Storage that never tears a file.

TinyDB's JSONStorage seeks, writes and truncates in place: a kill mid-write
corrupts it. This one writes the whole document through `atomic_write`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from repdash.store.atomic import atomic_write
from repdash.store.docfile import CorruptStoreError, read_document

__all__ = ["AtomicJSONStorage", "CorruptStoreError", "open_db"]


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)

    def read(self) -> dict | None:
        return read_document(self.path)

    def write(self, data: dict) -> None:
        atomic_write(self.path, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())

    def close(self) -> None:
        pass


def open_db(path: Path) -> TinyDB:
    # No query cache games: each process opens, reads and closes; files are small.
    return TinyDB(path, storage=AtomicJSONStorage)
