"""Team file I/O: where the team file is, the one read and the one compare-and-swap publish (no Textual).

Where the team file lives is a `TeamBackend` (sync/backend.py): `FileBackend` for a path, object
storage for s3://, gs://, az://, a team location (`PATH/`, `s3://BUCKET/PREFIX/`) for the layout.

    backend_for(raw) / open_backend(store) / require_backend(store)   the backend of a setting
    read_doc(backend) / read_team(backend)   the parsed team file (read_team merges conflict copies)
    publish(backend, entry, rev)             read, merge, replace our entry, compare-and-swap write

Only the backend is touched here: composing this rep's entry, the board and the local cache is
`services/team_sync.py` (`sync_now`, `team_view`).
"""

from __future__ import annotations

import importlib
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repdash import portable
from repdash.core.team import MAX_REV, TeamEntry
from repdash.core.wording import INSTALL_S3
from repdash.errors import BadInput
from repdash.sync.backend import TeamBackend, TeamFileBusy, WriteConflict
from repdash.sync.filestore import FileBackend
from repdash.sync.location import parse_object_url, url_scheme
from repdash.sync.teamfile import (
    BadTeamFile,
    TeamDoc,
    TeamFileMissing,
    empty_doc,
    merge_into,
    parse,
    serialize,
)

PUBLISH_TRIES = 12  # compare-and-swap rounds lost to other writers before "busy, try again"
BACKOFF_CAP = 1.0  # seconds: the longest pause between two tries


class NoTeamFile(BadInput):
    """No team file configured (bad usage, exit 2)."""


# ---------------------------------------------------------------- where the team file is


def team_file_setting(store) -> str | None:
    """REPDASH_TEAM (a team location), REPDASH_TEAM_FILE, else the configured team file or location:
    a path or an object storage URL; a trailing slash (or a folder) names a team location."""
    raw = (
        os.environ.get("REPDASH_TEAM")
        or os.environ.get("REPDASH_TEAM_FILE")
        or (store.config.team_file if store is not None else None)
    )
    return str(raw) if raw else None


def backend_for(raw: str, *, layout: bool | None = None) -> TeamBackend:
    """The backend for a setting: a team location (`PATH/`, `s3://BUCKET/PREFIX/`) goes to the
    layout; s3://, gs://, az:// go to object storage, any other URL is refused (BadInput),
    anything else is a path."""
    from repdash.sync.layout import LayoutBackend, is_layout, open_layout

    if layout if layout is not None else is_layout(raw):
        return LayoutBackend(open_layout(raw))  # type: ignore[return-value]
    if url_scheme(raw) is not None:
        parse_object_url(raw)  # a malformed or unsupported URL is BadInput, with or without the extra
        try:
            # import_module, not `from repdash.sync import objstore`: the latter finds a
            # package attribute left by an earlier import even when the extra is gone.
            objstore = importlib.import_module("repdash.sync.objstore")
        except ImportError:
            raise BadInput(INSTALL_S3) from None
        return objstore.open_url(raw)
    return FileBackend(Path(os.path.expanduser(raw)).absolute())


def open_backend(store) -> TeamBackend | None:
    # REPDASH_TEAM names a team location and REPDASH_TEAM_FILE one file, whatever their shape; the
    # configured setting is a location when it ends in a slash (as `init --team` stores it).
    if os.environ.get("REPDASH_TEAM"):
        return backend_for(os.environ["REPDASH_TEAM"], layout=True)
    if os.environ.get("REPDASH_TEAM_FILE"):
        return backend_for(os.environ["REPDASH_TEAM_FILE"], layout=False)
    raw = team_file_setting(store)
    return backend_for(raw) if raw else None


def require_backend(store) -> TeamBackend:
    backend = open_backend(store)
    if backend is None:
        raise NoTeamFile(
            "no team file configured: run `repdash init --name NAME --team-file PATH` or set REPDASH_TEAM_FILE "
            "(a team location: `--team PATH/`, REPDASH_TEAM)"
        )
    return backend


# ---------------------------------------------------------------- reading


def _read_doc(backend: TeamBackend):
    """(snapshot, parsed doc or None when absent). BadTeamFile for anything unusable."""
    for attempt in range(2):
        snap = backend.read()
        if snap.data is None:
            return snap, None
        try:
            return snap, parse(snap.data, backend.location)
        except BadTeamFile as exc:
            # A sync tool may be midway through writing it: one more look before giving up.
            if attempt == 0 and exc.reason in ("truncated", "corrupt"):
                portable.pause(0.05)
                continue
            raise
    raise AssertionError("unreachable")


def read_doc(backend: TeamBackend) -> TeamDoc:
    """The team file as it is now. Missing -> TeamFileMissing; damaged -> BadTeamFile."""
    doc = _read_doc(backend)[1]
    if doc is None:
        raise TeamFileMissing(f"no team file at {backend.location} yet: run `repdash sync` to start it")
    return doc


@dataclass
class ReadResult:
    doc: TeamDoc
    merged_copies: list[Path] = field(default_factory=list)
    bad_copies: int = 0


def _merge_copies(backend: TeamBackend, doc: TeamDoc) -> tuple[list[Path], int]:
    """Merge a sync folder's conflict copies into `doc` (object storage has none)."""
    merged, bad = [], 0
    for copy, data in getattr(backend, "conflict_copies", lambda: [])():
        try:
            other = parse(data, copy.name) if data is not None else None
        except BadTeamFile:
            other = None
        if other is None:
            bad += 1
            continue
        merge_into(doc, other)
        merged.append(copy)
    return merged, bad


def read_team(backend: TeamBackend) -> ReadResult:
    """Read only: the file plus any conflict copies, merged in memory. Nothing is written."""
    doc = _read_doc(backend)[1]
    if doc is None:
        doc = empty_doc()
        merged, bad = _merge_copies(backend, doc)
        if not merged and not bad:
            raise TeamFileMissing(f"no team file at {backend.location} yet: run `repdash sync` to start it")
        return ReadResult(doc, merged, bad)
    merged, bad = _merge_copies(backend, doc)
    return ReadResult(doc, merged, bad)


# ---------------------------------------------------------------- publishing


@dataclass
class PublishResult:
    doc: TeamDoc
    rev: int
    merged_copies: int = 0
    retired_copies: int = 0
    bad_copies: int = 0
    created: bool = False
    conflicts: int = 0  # compare-and-swap tries lost to other writers before this one landed


def publish(
    backend: TeamBackend,
    entry: TeamEntry | None,
    local_rev: object = 0,
    *,
    standard: dict[str, Any] | None = None,
    tries: int = PUBLISH_TRIES,
) -> PublishResult:
    """Read, merge (with conflict copies), replace only our own entry, compare-and-swap write.

    `with backend.session(): snap = read(); merge; write(serialize(doc), snap)`. A write that
    loses to another writer (WriteConflict) is re-read, re-merged and retried after a jittered
    backoff, `tries` times at most (counted, never timed), then TeamFileBusy. A file that
    cannot be parsed is never overwritten: BadTeamFile propagates. `standard` (a manager
    setting it) replaces the standard with the next revision.
    """
    for attempt in range(tries):
        with backend.session():
            snap, doc = _read_doc(backend)
            created = doc is None
            doc = doc if doc is not None else empty_doc()
            merged, bad = _merge_copies(backend, doc)
            rev = next_rev(local_rev, None) - 1  # our counter as it is (0 when out of range)
            if entry is not None:
                raw_prev = doc.raw.get(entry.rep_id)
                rev = next_rev(local_rev, raw_prev.get("rev") if isinstance(raw_prev, dict) else None)
                doc.put(entry.rep_id, entry.to_json() | {"rev": rev})
            if standard is not None:
                old = doc.standard.rev if doc.standard else 0
                doc.set_standard(dict(standard, rev=min(old + 1, MAX_REV)))
            try:
                backend.write(serialize(doc), snap)
            except WriteConflict:
                pass
            else:
                retire = getattr(backend, "retire", None)
                retired = retire(merged) if retire and merged else 0
                return PublishResult(doc, rev, len(merged), retired, bad, created, conflicts=attempt)
        # Outside the session, so others go first. Full jitter under a doubling cap (1 s at most):
        # losers spread out instead of colliding again in step; 12 tries wait ~3 s on average in
        # all, enough for 24 processes publishing back to back to one S3 object (make bench).
        portable.pause(random.uniform(0, min(BACKOFF_CAP, 0.02 * 2**attempt)))
    raise TeamFileBusy(f"the team file {backend.location} is busy (other reps are syncing); try again in a moment")


def next_rev(local_rev: object, file_rev: object) -> int:
    """Our next revision: one above the higher of our counter and our entry in the file.

    Either may be damage (a crafted `"rev": 10**100` once copied into the local counter):
    a value outside 0..MAX_REV-1 is ignored, so the next publish is valid again and the rep
    is back on the board instead of hidden for good.
    """
    known = [r for r in (local_rev, file_rev) if isinstance(r, int) and not isinstance(r, bool) and 0 <= r < MAX_REV]
    return max(known, default=0) + 1


def flat_standard(doc: TeamDoc) -> dict[str, int] | None:
    """The team standard of a parsed file as kind -> count (None when it has none)."""
    return dict(doc.standard.kinds) if doc.standard else None
