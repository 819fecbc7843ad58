"""The team file in a shared folder (network share, Dropbox/OneDrive/Syncthing, local path).

Implements `sync/backend.py`: a lock file beside the team file (`team.json.lock`, filelock
with a bounded number of non-blocking tries) makes read-merge-write exclusive; `write`
still checks the file's stamp against the read (a sync tool may have replaced it under
us) and replaces it atomically (`store/atomic.py`). Sync folders also leave conflict
copies beside the file instead of merging: `conflict_copies()` / `retire()` handle those
(object storage has none).

Only a regular file is a team file: a folder, FIFO, socket or device at the path is
refused at once (BadTeamFile), never opened in a way that could block.

A team path that is a symbolic link (a team file kept in a Dropbox folder, linked from
elsewhere) is resolved once, when the backend is made: the lock, the reads and the
replacement all happen beside the link's target, so the link stays a link and the file
everyone else reads is the one that is updated. A temp file a killed sync left beside the
team file (`.team.json.<random>.tmp`, our own name) is removed by the next publish once
it is older than STALE_TEMP_AGE.
"""

from __future__ import annotations

import errno
import os
import random
import stat
import time
from collections.abc import Hashable
from contextlib import AbstractContextManager
from pathlib import Path

from repdash import portable
from repdash.store import leftovers
from repdash.store.atomic import atomic_write
from repdash.sync import conflicts
from repdash.sync.backend import Snapshot, WriteConflict
from repdash.sync.teamfile import MAX_BYTES, BadTeamFile, TeamFileUnreachable

LOCK_TRIES = 200  # x 10-50 ms: a bounded wait of a few seconds, counted in tries, not clock time
# A temp file beside the team file older than this is a killed sync's, not a write in progress
# (a write takes milliseconds, on a slow share seconds).
STALE_TEMP_AGE = 15 * 60


def _why(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__


def read_regular(path: Path, limit: int = MAX_BYTES + 1) -> tuple[bytes, os.stat_result] | None:
    """The first `limit` bytes of a regular file and its stat; None when it does not exist.

    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    The type is checked on the open descriptor too (the path may be swapped after a stat).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(st.st_mode):
        raise BadTeamFile(f"{path} is a folder, not a team file", "foreign")
    if not stat.S_ISREG(st.st_mode):
        raise BadTeamFile(f"{path} is not a regular file (a pipe, socket or device?); not touching it", "foreign")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise BadTeamFile(f"{path} is not a regular file (a pipe, socket or device?); not touching it", "foreign")
        return f.read(limit), st


def through_links(path: Path) -> Path:
    """The file a team path names: a symbolic link's target (followed to the end, made absolute),
    so that replacing it replaces the file the link points at instead of the link."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise TeamFileUnreachable(f"the team file {path} is a link that leads nowhere ({exc})") from None


def remove_stale_temps(path: Path, max_age: float = STALE_TEMP_AGE) -> int:
    """Remove our own temp copies of `path` (`.<name>.<random>.tmp`) older than `max_age` seconds;
    how many went. Anything else in the shared folder, and a write in progress, is left alone."""
    now = time.time()

    def stale(temp: Path) -> bool:
        try:
            return now - temp.lstat().st_mtime > max_age
        except OSError:
            return False

    found = leftovers.leftover_temps(path.parent, lambda target: target == path.name)
    return leftovers.remove([t for t in found if stale(t)])


def _stamp(st: os.stat_result) -> str:
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"


class _Lock:
    """filelock with a bounded number of non-blocking tries (no clock-based timeout)."""

    def __init__(self, path: Path, tries: int) -> None:
        self.path = path.with_name(path.name + ".lock")
        self.lock = portable.filelock_for(self.path, shared=True)  # 0666 minus umask: every account opens it
        self.tries = tries

    def __enter__(self) -> _Lock:
        from filelock import Timeout

        for _ in range(self.tries):
            try:
                self.lock.acquire(timeout=0)
                return self
            except Timeout:
                portable.pause(random.uniform(0.01, 0.05))  # time.sleep skips under a frozen clock
            except OSError as exc:
                raise TeamFileUnreachable(f"cannot lock the team file ({self.path}): {_why(exc)}") from None
        raise TeamFileUnreachable(f"the team file stays locked by another sync ({self.path}); try again in a moment")

    def __exit__(self, *exc: object) -> None:
        try:
            self.lock.release()
        except OSError:
            pass


class FileBackend:
    """A team file at a path. Thread-safe for separate calls; one `session()` per publish."""

    scheme = "file"

    def __init__(self, path: Path, lock_tries: int = LOCK_TRIES) -> None:
        self.path = through_links(Path(path))
        self.location = str(self.path)
        self.lock_tries = lock_tries

    def _folder_reachable(self) -> None:
        if not self.path.parent.is_dir():
            raise TeamFileUnreachable(f"the team folder {self.path.parent} is not reachable (offline or not mounted?)")

    def session(self) -> AbstractContextManager[object]:
        self._folder_reachable()
        return _Lock(self.path, self.lock_tries)

    def read(self) -> Snapshot:
        self._folder_reachable()
        try:
            got = read_regular(self.path)
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot reach the team file {self.path}: {_why(exc)}") from None
        if got is None:
            return Snapshot(None, None)
        data, st = got
        return Snapshot(data, _stamp(st))

    def _current_version(self) -> str | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot reach the team file {self.path}: {_why(exc)}") from None
        return _stamp(st)

    def write(self, data: bytes, expected: Snapshot) -> None:
        if self._current_version() != expected.version:
            raise WriteConflict(self.location)
        remove_stale_temps(self.path)
        try:
            atomic_write(self.path, data, shared=True)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise TeamFileUnreachable(f"the team folder {self.path.parent} is full: {exc.strerror}") from None
            raise TeamFileUnreachable(f"cannot reach the team file {self.path}: {_why(exc)}") from None

    def signature(self) -> Hashable | None:
        """mtime/size of the file and its folder's mtime (a new conflict copy changes the folder)."""
        try:
            folder = os.stat(self.path.parent).st_mtime_ns
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot reach the team folder {self.path.parent}: {_why(exc)}") from None
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return (None, folder)
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot reach the team file {self.path}: {_why(exc)}") from None
        return ((st.st_mtime_ns, st.st_size), folder)

    # ---- what only a sync folder has -------------------------------------------------
    def conflict_copies(self) -> list[tuple[Path, bytes | None]]:
        """Conflict copies beside the team file and their bytes (None: unreadable or not a file)."""
        out: list[tuple[Path, bytes | None]] = []
        for copy in conflicts.find_conflict_copies(self.path):
            try:
                got = read_regular(copy)
            except (OSError, BadTeamFile):
                got = None
            out.append((copy, got[0] if got else None))
        return out

    def retire(self, copies: list[Path]) -> int:
        """Delete merged conflict copies (their entries now live in the team file); how many went."""
        return sum(1 for c in copies if conflicts.retire(c))
