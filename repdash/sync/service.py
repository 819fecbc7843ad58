"""The one publish and the one team read (team file I/O, the local cache; no Textual).

Everything that syncs goes through here: `repdash sync`/`team`/`standard`, the demo, the
TUI's sync workers and the board screens. Where the team file lives is a `TeamBackend`
(sync/backend.py): `FileBackend` for a path, object storage for s3://, gs://, az://.

    sync_now(store, now)   build this rep's entry, publish it, build the board, cache it
    team_view(store, now)  read the team (with conflict copies, in memory), build the board

Thread use: both read the store and write its team cache (`remember`); the TUI runs them
in thread workers (store writes take the store's lock). `publish` and `read_team` touch
only the backend.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pendulum

from repdash import portable
from repdash.core import salesmath
from repdash.core.board import build_view
from repdash.core.team import MAX_REV, TeamEntry, in_date_range, usable_quota
from repdash.core.wording import INSTALL_S3
from repdash.core.workdays import period_bounds, previous_working_days
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

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

RECENT_DAYS = 20
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


# ---------------------------------------------------------------- what a rep shares


def build_entry(store, now: pendulum.DateTime, standard: dict | None = None, history=None) -> TeamEntry:
    """This rep's summary as published: never the event log, never notes.

    `history` (repdash.services.summary.History) lets the dashboard reuse what it already computed.
    """
    from repdash.services.sales_report import rep_start_date
    from repdash.services.summary import rep_summary

    s = rep_summary(store, now, standard, history=history)
    config = store.config
    today = store.today(now)
    daily = store.daily_counts()
    recent_days = previous_working_days(today, RECENT_DAYS, store.off_days)
    kinds = list(s["today"])
    p_start, p_end = period_bounds(today, config.period)
    deals = salesmath.quota_in_deals(config.quota, config.deal_value) if config.quota is not None else None
    start = rep_start_date(store)
    # The quota the rep's own math screen measures them on, so the board paces them the same way.
    deals_now = salesmath.quota_this_period(deals, start, p_start, p_end, store.off_days) if deals else None
    return TeamEntry(
        rep_id=config.rep_id,
        name=config.name,
        tz=store.tz,
        date=today,
        last_sync=now.in_timezone(store.tz).isoformat(),
        today=s["today"],
        week=s["week"],
        period=s["period"],
        period_name=config.period,
        period_start=p_start,
        period_end=p_end,
        # Published in deals, by the one rule the math screen uses (exact decimals).
        # Only a quota every reader accepts: an out-of-range one would hide the whole entry.
        quota=deals if deals is not None and usable_quota(deals) else None,
        start_date=start if start is not None and in_date_range(start) else None,
        quota_this_period=deals_now if deals_now is not None and usable_quota(deals_now) else None,
        targets=s["targets"],
        # Low-data rates are published as None, so team medians use only real conversion.
        rates={
            k: (round(v, 4) if v is not None else None)
            for k, v in salesmath.rates(daily, today, store.off_days).values.items()
        },
        streak=s["streak"],
        level=s["level"],
        xp=s["xp"],
        hidden=config.hidden,
        manager=config.manager,
        recent_days=tuple(recent_days),
        recent_counts={k: tuple(daily.get(d, {}).get(k, 0) for d in recent_days) for k in kinds},
    )


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


# ---------------------------------------------------------------- one sync, one read


def view_of(doc: TeamDoc, now: pendulum.DateTime, viewer_tz: str, bad_copies: int = 0) -> BoardView:
    """The board (core.board.build_view) for a parsed team file."""
    return build_view(
        doc.valid.values(), doc.standard, now, viewer_tz=viewer_tz, skipped=doc.skipped_count, bad_copies=bad_copies
    )


def viewer_tz(store) -> str:
    """The zone the board is seen in: the rep's, or this machine's before `init`."""
    if store.initialized:
        return store.tz
    from repdash.store.local import detect_timezone

    return detect_timezone()


@dataclass
class Synced:
    result: PublishResult
    view: BoardView
    entry: TeamEntry
    backend: TeamBackend


def sync_now(
    store,
    now: pendulum.DateTime,
    *,
    standard: dict[str, Any] | None = None,
    history=None,
    backend: TeamBackend | None = None,
    cached_standard: bool = False,
    unless_payload: dict[str, Any] | None = None,
    take_over: bool = False,
) -> Synced | None:
    """Publish this rep's summary, read everyone's, cache the board and the standard in the store.

    `standard`: a manager setting the team standard. `cached_standard`: measure against the
    standard cached at the last sync, never reading the share first (the TUI). Returns None,
    publishing nothing, when the entry's payload equals `unless_payload` (a heartbeat check).
    """
    from repdash.sync.standard import current_standard

    backend = backend or require_backend(store)
    entry = build_entry(store, now, current_standard(store, cached_only=cached_standard), history=history)
    if unless_payload is not None and entry.payload() == unless_payload:
        return None
    if getattr(backend, "is_layout", False):
        return _sync_layout(store, now, backend, entry, standard, take_over=take_over)
    result = publish(backend, entry, store.config.sync_rev or 0, standard=standard)
    view = view_of(result.doc, now, viewer_tz(store), result.bad_copies)
    remember(store, view, rev=result.rev, synced_at=entry.last_sync)
    return Synced(result, view, entry, backend)


def team_view(
    store,
    now: pendulum.DateTime,
    *,
    backend: TeamBackend | None = None,
    tz: str | None = None,
    cache: bool = True,
    heal: bool = False,
) -> BoardView:
    """Read the team (read only: conflict copies merged in memory) and build the board.

    `cache`: also keep it in the store's team cache (the board screen of `repdash team` does not).
    `heal` (the dashboard's watcher, on a team location): when this rep's own object is missing or
    not the one it wrote last, publish it again at once (not only on the heartbeat).
    """
    backend = backend or require_backend(store)
    if getattr(backend, "is_layout", False):
        from repdash.services import team_layout

        if heal and team_layout.own_object_missing(store, backend):  # type: ignore[arg-type]
            synced = sync_now(store, now, backend=backend, cached_standard=True)
            assert synced is not None
            return synced.view
        view = team_layout.store_view(store, backend, now, tz or viewer_tz(store))  # type: ignore[arg-type]
    else:
        got = read_team(backend)
        view = view_of(got.doc, now, tz or viewer_tz(store), got.bad_copies)
    if cache:
        remember(store, view)
    return view


def _sync_layout(store, now, backend, entry: TeamEntry, standard, *, take_over: bool) -> Synced:
    """sync_now on a team location: the manifest change first (a manager with authority), then
    this rep's own object, then the board."""
    from repdash.services import team_layout

    stamp = now.in_timezone(store.tz).isoformat()
    if standard is not None:
        from repdash.services import team_admin

        team_admin.set_standard(store, backend, dict(standard["kinds"]), stamp)
    res = team_layout.publish(store, backend, entry, entry.last_sync, take_over=take_over)
    entry = dataclasses.replace(entry, rep_id=team_layout.identity(store).rep_id)
    view = team_layout.store_view(store, backend, now, viewer_tz(store))
    remember(store, view, rev=res.rev, synced_at=entry.last_sync)
    return Synced(res, view, entry, backend)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the local cache


def flat_standard(doc: TeamDoc) -> dict[str, int] | None:
    return dict(doc.standard.kinds) if doc.standard else None


def remember(store, view: BoardView, *, rev: int | None = None, synced_at: str | None = None) -> None:
    """Cache the team view and the standard in the local store (on the caller's thread:
    the CLI's, or a TUI sync worker's; store writes take the store's lock).

    The cache row is the whole view (minus each rep's raw recent history): the
    sales math reads team median rates and tiers from it, and the board shows it
    while the share is offline.
    """
    if not store.initialized:
        return
    changes: dict[str, Any] = {}
    if store.config.standard != (view.get("standard") or None):
        changes["standard"] = view.get("standard")
    if rev is not None and store.config.sync_rev != rev:
        changes["sync_rev"] = rev
    if synced_at is not None:
        changes["last_sync"] = synced_at
    if changes:
        store.update_config(**changes)
    cached = dict(view)
    cached["reps"] = [{k: v for k, v in r.items() if k != "recent"} for r in view.get("reps", [])]
    store.set_team_cache(cached)


def cached_view(store) -> BoardView | None:
    """The board view this home cached at its last sync (written from a BoardView, read back as JSON)."""
    try:
        return cast("BoardView | None", store.team_cache())
    except Exception:
        return None
