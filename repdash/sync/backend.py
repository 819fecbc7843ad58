"""Where the team file lives: one small interface for a shared folder and for object storage.

The publish protocol is the same for every backend (see docs/team-file.md):

    snap = backend.read()                      # bytes and a version (ETag, or a file stamp)
    doc = parse(snap.data) ... merge our entry
    backend.write(serialize(doc), snap)        # compare-and-swap against snap.version

`write` raises `WriteConflict` when someone else wrote since `snap` was read; the caller
re-reads, re-merges and tries again a bounded number of times. A shared folder gets the
same guarantee from a lock held around read-and-write (`session()`); object storage gets
it from a conditional PUT (If-Match the ETag, or create-if-absent) and needs no lock.

Backends only move bytes: validation, merging and serialising live in `teamfile.py`.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeGuard

from repdash.sync.teamfile import TeamFileUnreachable

if TYPE_CHECKING:
    from repdash.sync.layout import LayoutBackend


@dataclass(frozen=True)
class Snapshot:
    """The team file as read: `data` is None when nobody has published yet."""

    data: bytes | None
    version: str | None = None


class WriteConflict(Exception):
    """Somebody else wrote the team file after our read (HTTP 412 / a changed stamp): re-read and retry."""


class TeamFileBusy(TeamFileUnreachable):
    """Every compare-and-swap try lost to another writer: busy, try again (exit 1)."""

    reason = "busy"


class TeamBackend(Protocol):
    #: "file", or the URL scheme ("s3", "gs", "az"); reported by `sync --json` as "backend".
    scheme: str
    #: Where the team file is, for messages. Never holds a secret.
    location: str

    def session(self) -> AbstractContextManager[object]:
        """Held around one read-merge-write: a lock for a folder, nothing for object storage."""
        ...

    def read(self) -> Snapshot:
        """The whole team file (at most teamfile.MAX_BYTES + 1 bytes) and its version.

        Raises TeamFileUnreachable (offline, timed out, permission) or BadTeamFile
        (something that is not a team file: a folder, a FIFO, ...).
        """
        ...

    def write(self, data: bytes, expected: Snapshot) -> None:
        """Replace the team file only if it is still `expected` (create it only if still absent).

        Raises WriteConflict when it changed, TeamFileUnreachable when it cannot be written.
        """
        ...

    def signature(self) -> Hashable | None:
        """A cheap token that changes when the team file changes (stat, or ETag); None if absent."""
        ...


def is_layout_backend(backend: object) -> TypeGuard[LayoutBackend]:
    """A team location's backend (signed objects per rep), not a single team file: the one test
    (`is_layout`), which also tells the type checker what the backend is."""
    return bool(getattr(backend, "is_layout", False))
