"""Bounded reads of regular files only: what a file in the home (or an import) may make a command do.

A FIFO at `repdash.json` (or any day file) made every command wait forever for a writer, and a
link to /dev/zero grew memory without bound (issue 26). `read_regular` opens without blocking
(O_NONBLOCK: opening a FIFO returns at once), refuses anything that is not a regular file (checked
on the open descriptor: the path may be swapped after a stat), and reads at most `limit` bytes.

Both refusals are `NotAFile` / `TooLarge`, subclasses of `UnreadableFile` (a `Failure`: exit 1,
one line naming the path); a caller that holds only a cache treats them as a damaged cache.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from repdash.errors import Failure

MAX_STORE_FILE = 64 * 1024 * 1024  # a home file past this was not written by repdash


class UnreadableFile(Failure):
    """A path in the home (or given to a command) that cannot be read as a file of ours."""


class NotAFile(UnreadableFile):
    pass


class TooLarge(UnreadableFile):
    pass


def read_regular(path: Path | str, limit: int = MAX_STORE_FILE) -> bytes | None:
    """The bytes of the regular file at `path` (a link to one is fine); None when it does not exist."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise NotAFile(f"{path} is a folder, not a file") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise NotAFile(f"{path} is not a regular file (a pipe, socket or device?); move it away")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path} is larger than {limit // (1024 * 1024)} MiB; not a file repdash wrote")
    return data
