"""Crash-safe file replacement: temp file in the same folder, fsync, replace, fsync the folder.

A kill at any instant leaves either the old file or the new one, never a torn mix.
Platform differences (folder fsync, replace over an open file, modes) live in repdash.portable.
"""

from __future__ import annotations

import os
from pathlib import Path

from repdash import portable


def atomic_write(
    path: Path, data: bytes, retries: int = portable.REPLACE_TRIES, durable: bool = True, shared: bool = False
) -> None:
    """Replace `path` with `data`. durable=False skips the fsyncs (still atomic against a kill).

    shared=False (the rep's home): the file is 0600 and a missing folder is made 0700.
    shared=True (a team folder several accounts write): the file is created 0666 minus the
    umask with the setgid folder's group, and a file it replaces keeps its mode and group.
    """
    path = Path(path)
    folder = path.parent
    if shared:
        folder.mkdir(parents=True, exist_ok=True)
    else:
        portable.make_private_dir(folder)
    fd, tmp = portable.create_temp(folder, f".{path.name}.", shared=shared)
    try:
        with os.fdopen(fd, "wb") as f:
            if shared:
                portable.keep_mode_and_group(f.fileno(), path)
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        portable.replace(tmp, path, tries=retries)
        if durable:
            portable.fsync_dir(folder)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError) and exc.filename is None and exc.errno is not None:
            # A write into a full disk names no file ("[Errno 28] No space left on device"): name it.
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
