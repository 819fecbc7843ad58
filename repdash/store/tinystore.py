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

from repdash.errors import Failure
from repdash.store.atomic import atomic_write


class CorruptStoreError(Failure):
    """A store file exists but cannot be parsed (a runtime failure: exit 1, clear message)."""


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)

    def read(self) -> dict | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise CorruptStoreError(f"{self.path} is not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise CorruptStoreError(f"{self.path} does not hold a TinyDB document")
        return data

    def write(self, data: dict) -> None:
        atomic_write(self.path, json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())

    def close(self) -> None:
        pass


def open_db(path: Path) -> TinyDB:
    # No query cache games: each process opens, reads and closes; files are small.
    return TinyDB(path, storage=AtomicJSONStorage)
