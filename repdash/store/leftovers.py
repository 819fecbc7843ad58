"""Temp files of ours that a kill left behind, found and removed on open.

`store/atomic.py` writes `.<target>.<8 random characters>.tmp` (tempfile.mkstemp) beside the
file it replaces; a kill between the write and the rename leaves one. Only that pattern, and
only for a target that is one of our own files in one of our own folders, is ever removed:
nothing else in the home (a user's own `.x.tmp`) is touched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

# mkstemp's random part: 8 characters from its alphabet (tempfile._RandomNameSequence).
# portable.create_temp names them ".<target>.<12 hex>.tmp" (tempfile used 8 characters: both are ours).
TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8,12}\.tmp")


def leftover_temps(folder: Path, is_ours: Callable[[str], bool]) -> list[Path]:
    """Temp files in `folder` (not below it) whose target name `is_ours`."""
    try:
        # Names, not Paths: this lists a year of day files on every start (a Path each costs more).
        names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".tmp")]
    except OSError:  # a missing or unreadable folder holds nothing to clean
        return []
    out = []
    for name in names:
        match = TEMP_NAME.fullmatch(name)
        path = folder / name
        if match and is_ours(match["target"]) and path.is_file() and not path.is_symlink():
            out.append(path)
    return sorted(out)


def remove(paths: list[Path]) -> int:
    removed = 0
    for path in paths:
        try:
            path.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed
