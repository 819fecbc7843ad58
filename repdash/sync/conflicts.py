"""Conflict copies that sync folders leave beside the team file instead of merging.

    Dropbox:     "team (Ana's conflicted copy 2026-11-26).json", "team (conflicted copy).json"
    Syncthing:   "team.sync-conflict-20261126-103000-ABCDEFG.json"
    OneDrive:    "team-DESKTOP-AB12CDE.json"  (keep both: the computer name is appended)
    Google Drive for desktop: "team (1).json"  (two Drive files of one name, shown numbered)

The Dropbox and Syncthing names cannot be anything else. The OneDrive and Google Drive names
can (a second team "team-EMEA.json", a browser download "team (1).json"), so they are narrowed
twice: the OneDrive suffix must look like a Windows computer name (1-15 of A-Z, 0-9 and '-',
starting with a letter: the form %COMPUTERNAME% takes, so "team-2025" or "team-backup" never
match), and such a copy counts only if it is a team file sharing at least one rep with the
team file itself. A copy missed costs little (each rep republishes its own entry on the next
sync); a file taken for a copy by mistake would be merged and deleted, so we stay narrow.

File names come from the folder listing only; the contents only confirm a doubtful name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from repdash.sync.teamfile import MAX_BYTES, BadTeamFile, parse

MAX_COPIES = 50


def conflict_pattern(path: Path) -> re.Pattern[str]:
    """Names that are conflict copies whatever they hold (Dropbox, Syncthing)."""
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return re.compile(
        rf"^(?:{stem} \([^()/\\]*conflicted copy[^()/\\]*\){suffix}"
        rf"|{stem}\.sync-conflict-\d{{8}}-\d{{6}}(?:-[A-Za-z0-9]+)?{suffix})$"
    )


def doubtful_pattern(path: Path) -> re.Pattern[str]:
    """Names that may be conflict copies (OneDrive, Google Drive for desktop)."""
    stem, suffix = re.escape(path.stem), re.escape(path.suffix)
    return re.compile(
        rf"^(?:{stem}-[A-Z][A-Z0-9-]{{0,14}}{suffix}"
        rf"|{stem} \([1-9]\d?\){suffix})$"
    )


def _rep_ids(path: Path) -> set[str] | None:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        return set(parse(data, path.name).raw)
    except (OSError, BadTeamFile):
        return None


def find_conflict_copies(path: Path) -> list[Path]:
    certain, doubtful = conflict_pattern(path), doubtful_pattern(path)
    out: list[Path] = []
    maybe: list[Path] = []
    try:
        with os.scandir(path.parent) as it:
            for e in it:
                kind = out if certain.match(e.name) else maybe if doubtful.match(e.name) else None
                if kind is None:
                    continue
                try:
                    if e.is_file(follow_symlinks=False):
                        kind.append(path.parent / e.name)
                except OSError:
                    continue
    except OSError:
        return []
    if maybe:
        team = _rep_ids(path)
        if team:
            out += [c for c in sorted(maybe)[:MAX_COPIES] if team & (_rep_ids(c) or set())]
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
