"""Crash-safe file replacement: temp file in the same folder, fsync, os.replace, fsync the folder.

A kill at any instant leaves either the old file or the new one, never a torn mix.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms (Windows) cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, retries: int = 5, durable: bool = True) -> None:
    """Replace `path` with `data`. durable=False skips the fsyncs (still atomic against a kill)."""
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        for attempt in range(retries):
            try:
                os.replace(tmp, path)
                break
            except PermissionError:
                # The target is held open (Windows, some network shares): a short bounded retry.
                if attempt == retries - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        if durable:
            fsync_dir(folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
