"""The undo stack (`recent.json`): the ids of the last logged entries, an index to the day files.

The day files are the truth (see ARCHITECTURE.md, "One commit point"): `log` pushes here first and
then writes its day file, `undo` removes from the day file and then saves the stack, so a kill in
between leaves an id with no entry, which undo skips. A damaged stack is rebuilt from the entries.
The caller holds the store's write lock for every write.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

from repdash.store.atomic import atomic_write
from repdash.store.docfile import CorruptStoreError

UNDO_DEPTH = 200

Stack = list[list[str]]  # [local date, entry id] pairs, oldest first


class Logged(Protocol):
    """What the stack needs of an entry: its day, id, source and when it was written."""

    @property
    def date(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def logged_at(self) -> str: ...


class UndoStack:
    """`recent.json`. `entries` lists every stored entry: read only to rebuild a damaged stack."""

    def __init__(self, path: Path, entries: Callable[[], Iterable[Logged]]) -> None:
        self.path = path
        self._entries = entries

    def read(self) -> Stack:
        """The stack, oldest first. A damaged one (unreadable, or not a list of pairs) is rebuilt
        from the day files: a bad recent.json never stops a log or an undo."""
        from repdash.store.tinystore import open_db  # TinyDB: never on the first frame's path

        try:
            with open_db(self.path) as db:
                docs = db.table("stack").all()
            items = docs[0]["items"] if docs else []
            stack = [[str(d), str(i)] for d, i in items if isinstance(d, str) and isinstance(i, str)]
            if len(stack) == len(items):
                for day_iso, _ in stack:
                    date.fromisoformat(day_iso)
                return stack
        except (CorruptStoreError, AttributeError, KeyError, TypeError, ValueError):
            pass
        return self.rebuild()

    def rebuild(self) -> Stack:
        """The newest logged entries (imports are never on the stack), in logging order.
        Reads every day file: only after damage, never on the keystroke path."""
        logged = [e for e in self._entries() if e.source != "import"]
        logged.sort(key=lambda e: e.logged_at)
        return [[e.date, e.id] for e in logged[-UNDO_DEPTH:]]

    def push(self, entry: Logged) -> None:
        """Add an entry on top, keeping the newest UNDO_DEPTH."""
        stack = self.read()[-(UNDO_DEPTH - 1) :]
        stack.append([entry.date, entry.id])
        self.save(stack)

    def save(self, stack: Stack) -> None:
        # One whole-file write (not truncate + insert: two fsynced rewrites on every key).
        atomic_write(self.path, json.dumps({"stack": {"1": {"items": stack}}}, separators=(",", ":")).encode())
