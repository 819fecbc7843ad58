"""The one publish and the one team read, composed: this rep's entry, the board, the local cache (no Textual).

Everything that syncs goes through here: `repdash sync`/`team`/`standard`, the demo, the
TUI's sync workers and the board screens. The I/O (backends, the read, the compare-and-swap
publish) is `sync/teamio.py`; a team location's is `services/team_layout.py`.

    sync_now(store, now)   build this rep's entry, publish it, build the board, cache it
    team_view(store, now)  read the team (with conflict copies, in memory), build the board

Thread use: both read the store and write its team cache (`remember`); the TUI runs them
in thread workers (store writes take the store's lock).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pendulum

from repdash.core import salesmath
from repdash.core.board import build_view
from repdash.core.team import TeamEntry, in_date_range, usable_quota
from repdash.core.workdays import period_bounds, previous_working_days
from repdash.services.sales_report import rep_start_date
from repdash.services.summary import rep_summary
from repdash.services.team_standard import current_standard
from repdash.sync.backend import TeamBackend
from repdash.sync.teamfile import TeamDoc
from repdash.sync.teamio import PublishResult, publish, read_team, require_backend

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

RECENT_DAYS = 20


# ---------------------------------------------------------------- what a rep shares


def build_entry(store, now: pendulum.DateTime, standard: dict | None = None, history=None) -> TeamEntry:
    """This rep's summary as published: never the event log, never notes.

    `history` (repdash.services.summary.History) lets the dashboard reuse what it already computed.
    """
    from repdash.services.contests import entry_fields

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
        crm_backed_week_pct=s["crm_backed_week_pct"],  # this week's CRM-backed share (services.summary)
        **entry_fields(store, today, daily),  # the days open contests need, this rep's proposals (issue 23)
    )


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
    from repdash.services.contest_admin import after_sync  # freeze ended contests; new contests' days

    if (again := after_sync(store, backend, now, entry)) is not None:
        entry, view = again, team_layout.store_view(store, backend, now, viewer_tz(store))
    remember(store, view, rev=res.rev, synced_at=entry.last_sync)
    return Synced(res, view, entry, backend)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the local cache


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
