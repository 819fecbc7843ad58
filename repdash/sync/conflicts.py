"""Conflict copies that sync folders leave beside the team file instead of merging.

    Dropbox:    "team (Ana's conflicted copy 2026-11-26).json", "team (conflicted copy).json"
    Syncthing:  "team.sync-conflict-20261126-103000-ABCDEFG.json"

Only names from the folder listing are used, never anything read from a file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MAX_COPIES = 50


def conflict_pattern(path: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return re.compile(
        rf"^(?:{stem} \([^()/\\]*conflicted copy[^()/\\]*\){suffix}"
        rf"|{stem}\.sync-conflict-\d{{8}}-\d{{6}}(?:-[A-Za-z0-9]+)?{suffix})$"
    )


def find_conflict_copies(path: Path) -> list[Path]:
    pattern = conflict_pattern(path)
    out = []
    try:
        with os.scandir(path.parent) as it:
            for e in it:
                if pattern.match(e.name):
                    try:
                        if e.is_file(follow_symlinks=False):
                            out.append(path.parent / e.name)
                    except OSError:
                        continue
    except OSError:
        return []
    return sorted(out)[:MAX_COPIES]


def retire(copy: Path) -> bool:
    """A merged conflict copy goes away (its entries now live in the team file)."""
    try:
        copy.unlink()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True
