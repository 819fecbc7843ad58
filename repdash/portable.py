"""Every call that differs between Linux, macOS and Windows lives here (no Textual, no clock).

    lock      home folder and team file: an exclusive lock the OS drops when the process dies.
              Where fcntl exists: flock(LOCK_EX), which waits inside the kernel (no polling, so a
              frozen libfaketime clock cannot stretch or spin it). Elsewhere (Windows): filelock's
              FileLock (LockFileEx), same guarantee, blocking acquire with no timeout.
    fsync     of a folder after a rename: Unix only (see fsync_dir).
    replace   os.replace over a file another process holds open: bounded retry, counted in tries.
    pause     the wait between bounded tries, which must really wait under a frozen clock.
    modes     private files 0600 / folders 0700 in the rep's home; shared files 0666 minus the
              umask, group from a setgid folder, an existing file's mode and group kept.
    signals   SIGHUP where it exists.
    terminal  the controlling tty's device path, to notice when the terminal goes away.

`tests/store/test_portable.py` fails if any other module imports fcntl, termios, pwd, grp or
msvcrt, or touches signal.SIGHUP. REPDASH_PORTABLE_ONLY=1 switches the Unix-only lock off
(filelock alone, as on Windows) so the portable path is tested on Linux too.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

IS_WINDOWS = os.name == "nt"
PORTABLE_ONLY_ENV = "REPDASH_PORTABLE_ONLY"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
SHARED_FILE = 0o666  # the kernel takes the umask off at creation (0664 under umask 002)
REPLACE_TRIES = 8
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def native_lock_available() -> bool:
    """flock, unless REPDASH_PORTABLE_ONLY asks for the path Windows takes."""
    return fcntl is not None and os.environ.get(PORTABLE_ONLY_ENV, "") in ("", "0")


# ---------------------------------------------------------------- locks


class ExclusiveLock:
    """A blocking, exclusive, inter-process lock on `path` (created if missing).

    Never a no-op: if no lock can be taken the error propagates. The OS releases it when
    the process dies (flock and LockFileEx both belong to the open file). Not re-entrant
    and not shared between threads: callers own one instance per hold.
    """

    def __init__(self, path: Path, *, shared: bool = False) -> None:
        self.path = Path(path)
        self.shared = shared
        self.kind = "flock" if native_lock_available() else "filelock"
        self._fd: int | None = None
        self._filelock: Any = None

    def acquire(self) -> None:
        if self.kind == "flock":
            mode = SHARED_FILE if self.shared else PRIVATE_FILE
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW, mode)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # waits in the kernel; no clock involved
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        else:
            lock = filelock_for(self.path, shared=self.shared)
            lock.acquire()  # timeout -1: wait as long as it takes, never give up silently
            self._filelock = lock

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
        if self._filelock is not None:
            self._filelock.release()
            self._filelock = None

    def __enter__(self) -> ExclusiveLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def filelock_for(path: Path, *, shared: bool = True):
    """filelock's native lock (flock on Unix, LockFileEx on Windows) for one hold.

    fallback_to_soft=False: on a filesystem without flock filelock would otherwise switch to a
    marker file that a crashed process leaves behind; we would rather fail loudly.
    A shared lock file gets no explicit mode, so it is created 0666 minus the umask and an
    existing one keeps its own; a private one is 0600. Blocking acquires poll with
    time.sleep (under a frozen libfaketime clock that sleep returns at once: it spins but ends
    when the holder lets go; a timed wait would never expire, so callers pass none or 0).
    """
    from filelock import FileLock

    kwargs: dict[str, Any] = {} if shared else {"mode": PRIVATE_FILE}
    return FileLock(str(path), thread_local=False, is_singleton=False, fallback_to_soft=False, **kwargs)


# ---------------------------------------------------------------- folders and modes


def make_private_dir(folder: Path) -> None:
    """Create `folder` and any missing parents 0700 (Windows: inherits the profile's ACL)."""
    folder = Path(folder)
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for d in reversed(missing):
        try:
            os.mkdir(d, PRIVATE_DIR)
        except FileExistsError:
            if not d.is_dir():
                raise


def create_temp(folder: Path, prefix: str, *, shared: bool) -> tuple[int, Path]:
    """A new temp file beside its target: 0600, or 0666 minus the umask when shared.

    The kernel applies the umask and, in a setgid folder (Linux; always on macOS), gives the
    file the folder's group. tempfile.mkstemp would force 0600.
    """
    mode = SHARED_FILE if shared else PRIVATE_FILE
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW
    for _ in range(100):
        tmp = Path(folder) / f"{prefix}{os.urandom(6).hex()}.tmp"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def keep_mode_and_group(fd: int, target: Path) -> None:
    """Give a replacement the mode and group of the file it replaces, where the OS lets us.

    Windows: no POSIX mode or group; a new file inherits the folder's ACL, which is how a
    shared folder grants access there. Changing to a group we are not in is refused
    (EPERM): then the setgid folder's group stays, which is what a team folder wants.
    """
    if IS_WINDOWS:  # its st_mode holds only a read-only bit; copying that would make us read-only
        return
    try:
        st = os.stat(target)
    except OSError:
        return
    fchmod = getattr(os, "fchmod", None)
    fchown = getattr(os, "fchown", None)
    if fchmod is not None:
        try:
            fchmod(fd, stat.S_IMODE(st.st_mode))
        except OSError:
            pass
    if fchown is not None and os.fstat(fd).st_gid != st.st_gid:
        try:
            fchown(fd, -1, st.st_gid)
        except OSError:
            pass


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable.

    Skipped on Windows: a folder cannot be opened with os.open there (it needs
    FILE_FLAG_BACKUP_SEMANTICS, which os.open cannot pass), and NTFS journals the rename's
    metadata itself. Elsewhere an error is ignored: some filesystems refuse fsync on folders.
    """
    if IS_WINDOWS:
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace(src: Path, dst: Path, tries: int = REPLACE_TRIES) -> None:
    """os.replace, retried a bounded number of times while the target is held open.

    Windows refuses to replace a file another process has open without FILE_SHARE_DELETE
    (an editor, a virus scanner, a sync client), and some network shares do the same. The
    wait grows per try (10, 20, 30 ms ...): counted in tries, never a clock deadline.
    """
    for attempt in range(tries):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == tries - 1:
                raise
            pause(0.01 * (attempt + 1))


def pause(seconds: float) -> None:
    """Wait about `seconds` between tries, even under a frozen libfaketime clock.

    There time.sleep returns at once (Python sleeps until an absolute point of a clock that
    no longer moves), so a loop of bounded tries would burn through them in microseconds;
    select's relative timeout really waits. Windows' select needs a socket: time.sleep there.
    """
    if IS_WINDOWS:
        time.sleep(seconds)
        return
    import select

    select.select([], [], [], seconds)


# ---------------------------------------------------------------- signals and the terminal


def on_hangup(loop: Any, callback: Callable[[], Any]) -> bool:
    """Run `callback` on SIGHUP (the terminal closed). False where there is no SIGHUP
    (Windows) or the loop cannot take signal handlers."""
    import signal

    sighup = getattr(signal, "SIGHUP", None)
    if sighup is None:
        return False
    try:
        loop.add_signal_handler(sighup, callback)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


def terminal_device() -> str | None:
    """The controlling tty's device path (/dev/pts/3), or None (not a tty, or Windows,
    where os.ttyname does not exist and a closed console ends the process itself)."""
    ttyname = getattr(os, "ttyname", None)
    stdin = sys.__stdin__
    if ttyname is None or stdin is None:
        return None
    try:
        return ttyname(stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None


def terminal_gone(device: str) -> bool:
    """A hung-up pty's device node disappears (a closed tmux pane or ssh session)."""
    return not os.path.exists(device)
