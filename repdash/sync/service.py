"""Publishing to and reading the team file (file I/O and the local cache; no Textual).

Thread use: `build_entry` and `remember` touch the local store and run on the
caller's thread (the UI thread in the TUI); `publish` and `read_team` touch only
the team file and are what TUI workers run.
"""

from __future__ import annotations

import errno
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum

from repdash.core import salesmath
from repdash.core.workdays import period_bounds, previous_working_days
from repdash import portable
from repdash.errors import BadInput
from repdash.store.atomic import atomic_write
from repdash.sync import conflicts
from repdash.sync.teamfile import (
    MAX_BYTES,
    BadTeamFile,
    TeamDoc,
    TeamFileMissing,
    TeamFileUnreachable,
    empty_doc,
    merge_into,
    parse,
    serialize,
)

RECENT_DAYS = 20
LOCK_TRIES = 200  # x 10-50 ms: a bounded wait of a few seconds, counted in tries, not clock time


class NoTeamFile(BadInput):
    """No team file configured (bad usage, exit 2)."""


def team_file_path(store) -> Path | None:
    raw = os.environ.get("REPDASH_TEAM_FILE") or (store.config.get("team_file") if store is not None else None)
    if not raw:
        return None
    return Path(os.path.expanduser(str(raw))).absolute()


def require_team_file(store) -> Path:
    path = team_file_path(store)
    if path is None:
        raise NoTeamFile("no team file configured: run `repdash init --name NAME --team-file PATH` "
                         "or set REPDASH_TEAM_FILE")
    return path


# ---------------------------------------------------------------- what a rep shares


def build_entry(store, now: pendulum.DateTime, standard: dict | None = None, history=None) -> dict[str, Any]:
    """This rep's summary as published: never the event log, never notes.

    `history` (repdash.summary.History) lets the dashboard reuse what it already computed.
    """
    from repdash.summary import rep_summary

    s = rep_summary(store, now, standard, history=history)
    config = store.config
    today = store.today(now)
    daily = store.daily_counts()
    recent_days = previous_working_days(today, RECENT_DAYS, store.off_days)
    kinds = list(s["today"])
    p_start, p_end = period_bounds(today, config.get("period", "month"))
    quota, value = config.get("quota"), config.get("deal_value")
    quota_deals = (math.ceil(quota / value) if value else math.ceil(quota)) if isinstance(quota, (int, float)) else None
    return {
        "rep_id": config["rep_id"],
        "name": config["name"],
        "tz": store.tz,
        "date": today.isoformat(),
        "last_sync": now.in_timezone(store.tz).isoformat(),
        "today": s["today"],
        "week": s["week"],
        "period": s["period"],
        "period_name": config.get("period", "month"),
        "period_start": p_start.isoformat(),
        "period_end": p_end.isoformat(),
        "quota": quota_deals,
        "targets": s["targets"],
        # Low-data rates are published as None, so team medians use only real conversion.
        "rates": {k: (round(v, 4) if v is not None else None)
                  for k, v in salesmath.rates(daily, today, store.off_days).values.items()},
        "streak": s["streak"],
        "level": s["level"],
        "xp": s["xp"],
        "hidden": bool(config.get("hidden", False)),
        "manager": bool(config.get("manager", False)),
        "recent": {"days": [d.isoformat() for d in recent_days],
                   "counts": {k: [daily.get(d, {}).get(k, 0) for d in recent_days] for k in kinds}},
    }


# ---------------------------------------------------------------- reading


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(MAX_BYTES + 1)


def _offline(path: Path, exc: OSError) -> TeamFileUnreachable:
    why = exc.strerror or exc.__class__.__name__
    return TeamFileUnreachable(f"cannot reach the team file {path}: {why}")


def read_main(path: Path) -> TeamDoc:
    """The team file as it is now. Missing file -> TeamFileMissing; damaged -> BadTeamFile."""
    if not path.parent.is_dir():
        raise TeamFileUnreachable(f"the team folder {path.parent} is not reachable (offline or not mounted?)")
    for attempt in range(2):
        try:
            data = _read_bytes(path)
        except FileNotFoundError:
            raise TeamFileMissing(f"no team file at {path} yet: run `repdash sync` to start it") from None
        except IsADirectoryError:
            raise BadTeamFile(f"{path} is a folder, not a team file", "foreign") from None
        except OSError as exc:
            raise _offline(path, exc) from None
        try:
            return parse(data, str(path))
        except BadTeamFile as exc:
            # A sync tool may be midway through writing it: one more look before giving up.
            if attempt == 0 and exc.reason in ("truncated", "corrupt"):
                time.sleep(0.05)
                continue
            raise
    raise AssertionError("unreachable")


@dataclass
class ReadResult:
    doc: TeamDoc
    merged_copies: list[Path] = field(default_factory=list)
    bad_copies: int = 0


def merge_conflict_copies(path: Path, doc: TeamDoc) -> tuple[list[Path], int]:
    merged, bad = [], 0
    for copy in conflicts.find_conflict_copies(path):
        try:
            other = parse(_read_bytes(copy), copy.name)
        except (BadTeamFile, OSError):
            bad += 1
            continue
        merge_into(doc, other)
        merged.append(copy)
    return merged, bad


def read_team(path: Path) -> ReadResult:
    """Read only: the file plus any conflict copies, merged in memory. Nothing is written."""
    try:
        doc = read_main(path)
    except TeamFileMissing:
        if not conflicts.find_conflict_copies(path):
            raise
        doc = empty_doc()
    merged, bad = merge_conflict_copies(path, doc)
    return ReadResult(doc, merged, bad)


# ---------------------------------------------------------------- publishing


class _Lock:
    """filelock with a bounded number of non-blocking tries (no clock-based timeout)."""

    def __init__(self, path: Path, tries: int) -> None:
        self.path = path.with_name(path.name + ".lock")
        self.lock = portable.filelock_for(self.path, shared=True)  # 0666 minus umask: every account opens it
        self.tries = tries

    def __enter__(self):
        from filelock import Timeout

        for _ in range(self.tries):
            try:
                self.lock.acquire(timeout=0)
                return self
            except Timeout:
                portable.pause(random.uniform(0.01, 0.05))  # time.sleep skips under a frozen clock
            except OSError as exc:
                raise TeamFileUnreachable(f"cannot lock the team file ({self.path}): {exc.strerror or exc}") from None
        raise TeamFileUnreachable(f"the team file stays locked by another sync ({self.path}); try again in a moment")

    def __exit__(self, *exc) -> None:
        try:
            self.lock.release()
        except OSError:
            pass


@dataclass
class PublishResult:
    doc: TeamDoc
    rev: int
    merged_copies: int = 0
    retired_copies: int = 0
    bad_copies: int = 0
    created: bool = False


def publish(path: Path, entry: dict[str, Any] | None, local_rev: int = 0, *,
            standard: dict[str, Any] | None = None, lock_tries: int = LOCK_TRIES) -> PublishResult:
    """Lock, read, merge (with conflict copies), replace only our own entry, atomic write.

    A file that cannot be parsed is never overwritten: BadTeamFile propagates.
    `standard` (a manager setting it) replaces the standard with the next revision.
    """
    if not path.parent.is_dir():
        raise TeamFileUnreachable(f"the team folder {path.parent} is not reachable (offline or not mounted?)")
    with _Lock(path, lock_tries):
        created = False
        try:
            doc = read_main(path)
        except TeamFileMissing:
            doc, created = empty_doc(), True
        merged, bad = merge_conflict_copies(path, doc)
        rev = local_rev
        if entry is not None:
            rep_id = entry["rep_id"]
            raw_prev = doc.raw.get(rep_id)
            prev = raw_prev.get("rev") if isinstance(raw_prev, dict) else None
            file_rev = prev if isinstance(prev, int) and not isinstance(prev, bool) else -1
            rev = max(local_rev, file_rev) + 1
            doc.put(rep_id, dict(entry, rev=rev))
        if standard is not None:
            old = doc.standard["rev"] if doc.standard else 0
            doc.set_standard(dict(standard, rev=old + 1))
        try:
            atomic_write(path, serialize(doc), shared=True)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise TeamFileUnreachable(f"the team folder is full: {exc.strerror}") from None
            raise _offline(path, exc) from None
        retired = sum(1 for c in merged if conflicts.retire(c))
    return PublishResult(doc, rev, len(merged), retired, bad, created)


# ---------------------------------------------------------------- the local cache


def flat_standard(doc: TeamDoc) -> dict[str, int] | None:
    return dict(doc.standard["kinds"]) if doc.standard else None


def remember(store, view: dict[str, Any], *, rev: int | None = None, synced_at: str | None = None) -> None:
    """Cache the team view and the standard locally (runs on the store's thread).

    The cache row is the whole view (minus each rep's raw recent history): the
    sales math reads team median rates and tiers from it, and the board shows it
    while the share is offline.
    """
    if not store.initialized:
        return
    changes: dict[str, Any] = {}
    if store.config.get("standard") != view.get("standard"):
        changes["standard"] = view.get("standard")
    if rev is not None and store.config.get("sync_rev") != rev:
        changes["sync_rev"] = rev
    if synced_at is not None:
        changes["last_sync"] = synced_at
    if changes:
        store.update_config(**changes)
    cached = dict(view)
    cached["reps"] = [{k: v for k, v in r.items() if k != "recent"} for r in view.get("reps", [])]
    store.set_team_cache(cached)


def cached_view(store) -> dict[str, Any] | None:
    try:
        return store.team_cache()
    except Exception:
        return None
