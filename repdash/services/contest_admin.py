"""Contest commands on a team location (issue 23): list/show, new, propose, accept, decline, cancel,
and the freezing of ended results. Each manager change is one compare-and-swap of `team.json`
(`team_admin.change_manifest`), refused with exit 2 (`NoAuthority`) without authority. The rules
live in `core/contests.py`; composing them for screens in `services/contests.py`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from repdash.core import contests as c
from repdash.core.team import TeamEntry
from repdash.core.text import clean
from repdash.errors import BadInput
from repdash.services import contests as sv
from repdash.sync import contests as sc
from repdash.sync import teamread

MAX_CONTESTS_BYTES = 2 * 1024 * 1024  # the manifest stays far below its 4 MiB read limit


class _Unchanged(Exception):
    """Raised inside a manifest change that turned out to be needed no more (frozen already)."""


def require_layout(backend) -> None:
    if not getattr(backend, "is_layout", False):
        raise BadInput(sv.LAYOUT_ONLY)


def _read(store, backend):
    read = teamread.read_layout(backend.layout, store.home)
    if read.manifest is None:
        from repdash.sync.teamfile import TeamFileMissing

        raise TeamFileMissing(f"no team at {backend.location} yet: its first manager creates it with `repdash sync`")
    return read


def list_contests(store, backend, now, *, include_all: bool = False) -> list[sv.ContestJSON]:
    """Every contest this home may see (a manager's home freezes due results first)."""
    require_layout(backend)
    freeze_due(store, backend, now)
    read = _read(store, backend)
    from repdash.services.team_layout import identity

    ident = identity(store)
    got = sv.board_contests(
        read, now, store.tz, ident.rep_id, read.manifest.has_authority(ident.public), include_all=include_all
    )
    return got["contests"] + got["contest_proposals"]


def show(store, backend, now, name: str) -> sv.ContestJSON:
    views = list_contests(store, backend, now, include_all=True)
    found = [v for v in views if v["name"].casefold() == name.strip().casefold()]
    if not found:
        raise BadInput(f"no contest named {clean(name, 60)!r} (see `repdash contest list --all`)")
    return found[0]


# ---------------------------------------------------------------- changes


def _records_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    raw = body.get("contests")
    return [x for x in raw if isinstance(x, dict)] if isinstance(raw, list) else []


def _find(body: dict[str, Any], name: str) -> tuple[int, sc.Record] | None:
    for i, raw in enumerate(_records_in(body)):
        rec = sc.record_of(raw)
        if rec is not None and rec.contest.name.casefold() == name.strip().casefold():
            return i, rec
    return None


def _fit(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the list within its bounds: the oldest finished contests give way first."""
    while len(records) > sc.MAX_CONTESTS or len(json.dumps(records)) > MAX_CONTESTS_BYTES:
        done = [i for i, r in enumerate(records) if r.get("state") != "accepted" or r.get("results")]
        if not done:
            raise BadInput(f"the team has {len(records)} contests: cancel some first")
        records.pop(done[0])
    return records


def _change(store, backend, now, change, what: str):
    from repdash.services import team_admin

    stamp = now.in_timezone(store.tz).isoformat()
    try:
        return team_admin.change_manifest(store, backend, stamp, change, what=what)
    except _Unchanged:
        return None


def new(store, backend, contest: c.Contest, now) -> c.Contest:
    """A manager's contest (accepted). A contest of the same name that has not started is replaced;
    one that has started cannot change (only be cancelled)."""
    require_layout(backend)
    today = store.today(now)

    def change(body, m, ident):
        records = _records_in(body)
        found = _find(body, contest.name)
        if found is not None:
            i, rec = found
            old = rec.contest
            if old.state in ("cancelled", "declined"):
                raise BadInput(f"a contest named {clean(old.name, 60)!r} was {old.state}; choose another name")
            if c.started(old, today):
                raise BadInput(
                    f"{clean(old.name, 60)!r} has started: its rules cannot change. "
                    f"Cancel it (`repdash contest cancel NAME --reason ...`) and start a new one"
                )
            records.pop(i)
        records.append(c.to_json(contest._replace(state="accepted")))
        body["contests"] = _fit(records)

    _change(store, backend, now, change, "start contests")
    return contest


def accept(store, backend, name: str, now) -> c.Contest:
    require_layout(backend)
    read = _read(store, backend)
    from repdash.services.team_admin import _require
    from repdash.services.team_layout import identity

    _require(store, read.manifest, identity(store), "accept contests")
    taken = {r.contest.name.casefold() for r in sc.records(read.manifest.body.get("contests"))[0]}
    for e in sorted(sv.participants(read), key=lambda e: e.rep_id):
        for p in e.contest_proposals:
            if p.name.casefold() == name.strip().casefold() and p.name.casefold() not in taken:
                return new(store, backend, p._replace(proposed_by=e.name), now)
    raise BadInput(f"no proposal named {clean(name, 60)!r} (see `repdash contest list`)")


def decline(store, backend, name: str, now) -> str:
    require_layout(backend)
    read = _read(store, backend)
    for e in sorted(sv.participants(read), key=lambda e: e.rep_id):
        for p in e.contest_proposals:
            if p.name.casefold() == name.strip().casefold():

                def change(body, m, ident, p=p, e=e):
                    if _find(body, p.name) is not None:
                        raise BadInput(f"{clean(p.name, 60)!r} is already on the team's contest list")
                    who = clean(store.config.name, 60)
                    rec = c.to_json(p._replace(state="declined", proposed_by=e.name, reason=f"declined by {who}"))
                    body["contests"] = _fit([*_records_in(body), rec])

                _change(store, backend, now, change, "decline contests")
                return p.name
    raise BadInput(f"no proposal named {clean(name, 60)!r} (see `repdash contest list`)")


def cancel(store, backend, name: str, reason: str, now) -> str:
    require_layout(backend)
    today = store.today(now)

    def change(body, m, ident):
        found = _find(body, name)
        if found is None:
            raise BadInput(f"no contest named {clean(name, 60)!r} (see `repdash contest list --all`)")
        i, rec = found
        if rec.contest.state in ("cancelled", "declined"):
            raise BadInput(f"{clean(rec.contest.name, 60)!r} is already {rec.contest.state}")
        raw = dict(rec.raw)
        raw.update(state="cancelled", reason=reason, cancelled_on=today.isoformat())
        records = _records_in(body)
        records[i] = raw
        body["contests"] = records

    _change(store, backend, now, change, "cancel contests")
    return name


def propose(store, backend, contest: c.Contest, now) -> c.Contest:
    """A rep's proposal: kept in this home's team state and published in the rep's signed entry."""
    require_layout(backend)
    read = _read(store, backend)
    if any(
        r.contest.name.casefold() == contest.name.casefold() for r in sc.records(read.manifest.body.get("contests"))[0]
    ):
        raise BadInput(f"a contest named {clean(contest.name, 60)!r} exists already; choose another name")
    mine = [p for p in sv.own_proposals(store, backend.location) if p.name.casefold() != contest.name.casefold()]
    if len(mine) >= sc.MAX_PROPOSALS:
        raise BadInput(f"you have {len(mine)} open proposals (at most {sc.MAX_PROPOSALS}); wait for a manager's answer")
    mine.append(contest._replace(state="proposed", proposed_by=store.config.name))
    teamread.update_location_state(store.home, backend.location, contest_proposals=[c.to_json(p) for p in mine])
    return contest  # it travels in this rep's entry: the caller publishes it (team_sync.sync_now)


# ---------------------------------------------------------------- freezing


def _due(body: dict[str, Any], now_utc: dt.datetime) -> list[tuple[int, sc.Record, c.Window]]:
    """(index, record, window) of every result due and not frozen yet."""
    out = []
    for i, raw in enumerate(_records_in(body)):
        rec = sc.record_of(raw)
        if rec is None:
            continue
        ct = rec.contest
        w = c.window(ct, ct.end) if ct.end and c.freeze_due(ct, now_utc) else c.repeat_freeze_due(ct, now_utc)
        if w is not None and sc.frozen_window(rec, w) is None:
            out.append((i, rec, w))
    return out


def freeze_due(store, backend, now, *, kept_first: bool = False) -> int:
    """Freeze every result that is due and not frozen yet (a manager's home only): idempotent, one
    compare-and-swap for all of them. How many were frozen. `kept_first` (after a sync): decide from
    the manifest this home verified last, so a rep's home, or nothing due, costs no request."""
    from repdash.services.team_layout import identity

    ident = identity(store)
    now_utc = now.astimezone(dt.UTC)
    if kept_first:
        kept = sv.kept_manifest(store, backend.location)
        if kept is None or not kept.has_authority(ident.public) or not _due(kept.body, now_utc):
            return 0
    read = _read(store, backend)
    m = read.manifest
    if not m.has_authority(ident.public) or not _due(m.body, now_utc):
        return 0
    entries = sv.participants(read)
    standard = dict(m.standard.kinds) if m.standard else None
    count = 0

    def change(body, m2, ident):
        nonlocal count
        todo = _due(body, now_utc)
        if not todo:
            raise _Unchanged
        records = _records_in(body)
        for i, rec, w in todo:
            ct = rec.contest
            who = sv.entries_for(ct, entries)
            targets = {e.rep_id: sv.daily_target(e, standard) for e in who} if ct.scoring == "standard" else None
            board = c.standings_in(ct, [c.entrant_of(e) for e in who], w, targets)
            frozen: sc.Frozen = {
                "window": [w.start.isoformat(), w.end.isoformat()],
                "frozen_at": now.in_timezone(store.tz).isoformat(),
                "by": store.config.name,
                "standings": sc.freeze_rows(board),
            }
            raw = dict(rec.raw)
            raw["results"] = [*rec.results, frozen][-sc.MAX_RESULTS :]
            records[i] = raw
        count = len(todo)
        body["contests"] = _fit(records)

    _change(store, backend, now, change, "freeze contest results")
    return count


def after_sync(store, backend, now, entry: TeamEntry) -> TeamEntry | None:
    """After a publish and a read on a team location: freeze what is due (a manager's home), and
    publish again when the manifest just read asks for other contest days than were published. The
    entry published again, or None when nothing changed. Never fails the sync it follows: a busy
    manifest or an unreachable location is left for the next one."""
    import dataclasses

    from repdash.sync.backend import WriteConflict
    from repdash.sync.teamfile import TeamFileError

    changed = False
    try:
        changed = freeze_due(store, backend, now, kept_first=True) > 0
    except (BadInput, TeamFileError, WriteConflict, OSError):
        pass
    fields = sv.entry_fields(store, store.today(now), store.daily_counts())
    if not fields or (
        dict(fields["contest_days"]) == dict(entry.contest_days)
        and tuple(fields["contest_proposals"]) == tuple(entry.contest_proposals)
    ):
        return entry if changed else None
    from repdash.services import team_layout

    again = dataclasses.replace(entry, **fields)
    team_layout.publish(store, backend, again, entry.last_sync)
    return again
