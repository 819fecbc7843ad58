"""Contests, composed (issue 23): what a rep publishes for them, the standings as every screen shows
them, a manager's changes (new, accept, decline, cancel) and the freezing of results.

    entry_fields(store, today, daily)     -> {"contest_days", "contest_proposals"} for build_entry
    contest_views(records, entries, now, viewer_tz, standard, ...) -> [ContestJSON]  (pure glue)
    list_contests(store, backend, now, include_all) -> [ContestJSON] (reads the team; a manager's home
        freezes what has ended first)
    card(view, rep_id, now_local)        -> core.contests.ViewerView  (the dashboard card)
    new / propose / accept / decline / cancel

Rules: contests live in the manifest's `contests` list (signed by a manager); a rep's proposal travels
in their own signed entry until a manager accepts or declines it. Once started, a contest's rules
cannot change (only a cancel, whose reason everyone sees). A result is frozen into its record's
`results` by the first manager home that sees it due (`core.contests.freeze_due`: the end date over in
every zone, plus a day), compare-and-swap, and only when not frozen yet (freezing twice is a no-op).
A rep's home cannot sign the manifest: until a manager's home has frozen it, every home computes the
same result live from the same objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, TypedDict

from repdash.core import contests as c
from repdash.core.team import TeamEntry
from repdash.errors import BadInput
from repdash.sync import contests as sc
from repdash.sync.contests import StandingJSON
from repdash.sync.teamfile import MAX_CONTEST_DAYS

RECENT_END_DAYS = 7  # a finished or cancelled contest stays in the plain list this long
PUBLISH_AFTER_END_DAYS = 14  # a rep keeps publishing an ended contest's days this long (for freezing)
LAYOUT_ONLY = "contests need a team location: repdash team migrate OLD NEW/ (or `repdash init --team PATH/`)"


class ContestJSON(TypedDict, total=False):
    name: str
    metric: str
    scoring: str
    start: str | None
    end: str | None  # a repeat: the current window's end
    every: str | None
    status: str
    winners: int
    prize: str
    goal: int | None
    goal_total: int | None
    weights: dict[str, int]
    teams: list[dict[str, Any]]  # [{"team", "score", "place", "winner", "members"}]
    standings: list[StandingJSON]
    reps: list[StandingJSON]  # a team contest's individual rows
    window: list[str] | None
    frozen: bool
    reason: str
    proposed_by: str
    time_left_s: int | None
    history: list[dict[str, Any]]  # frozen windows: {"window": [START, END], "winners": [StandingJSON]}


# ---------------------------------------------------------------- what a rep publishes


def kept_manifest(store, location: str):
    """The manifest this home verified last (`sync.manifest.Manifest`, or None), no network."""
    from repdash.sync import teamread

    text = teamread.location_state(store.home, location).get("manifest")
    return _parsed(text, location) if isinstance(text, str) and text else None


@lru_cache(maxsize=8)
def _parsed(text: str, location: str):
    from repdash.sync import manifest as mf
    from repdash.sync.teamfile import BadTeamFile

    try:
        return mf.parse(text.encode(), location)
    except BadTeamFile:
        return None


def kept_records(store, location: str) -> list[sc.Record]:
    """The contests of the manifest this home verified last (no network)."""
    m = kept_manifest(store, location)
    return sc.records(m.body.get("contests"))[0] if m is not None else []


def needed_days(records: Iterable[sc.Record], today: dt.date) -> set[dt.date]:
    """The local dates whose counts the open contests need (their windows so far, a repeat's last
    window too, and four weeks before each for `improvement`)."""
    out: set[dt.date] = set()
    for rec in records:
        ct = rec.contest
        if ct.state != "accepted" or ct.start is None or ct.start > today:
            continue
        windows = [c.window(ct, today), c.previous_window(ct, today)]
        for w in windows:
            if w is None or (ct.every is None and (today - w.end).days > PUBLISH_AFTER_END_DAYS):
                continue
            first = w.start - dt.timedelta(days=c.BASELINE_DAYS if ct.scoring == "improvement" else 0)
            last = min(w.end, today)
            day = max(first, today - dt.timedelta(days=MAX_CONTEST_DAYS - 1))
            while day <= last:
                out.add(day)
                day += dt.timedelta(days=1)
    return out


def entry_fields(store, today: dt.date, daily: Mapping[dt.date, Mapping[str, int]]) -> dict[str, Any]:
    """`contest_days` and `contest_proposals` for this rep's entry (build_entry's one line)."""
    from repdash.sync.teamio import open_backend

    try:
        backend = open_backend(store)
    except BadInput:
        return {}
    if not getattr(backend, "is_layout", False) or backend is None:
        return {}
    records = kept_records(store, backend.location)
    days = sorted(needed_days(records, today))[-MAX_CONTEST_DAYS:]
    counts = {
        d: {k: n for k, n in daily[d].items() if k in c.KINDS and 0 < n}
        for d in days
        if d in daily and any(daily[d].get(k, 0) for k in c.KINDS)
    }
    taken = {r.contest.name.casefold() for r in records}
    mine = [p for p in own_proposals(store, backend.location) if p.name.casefold() not in taken]
    return {"contest_days": counts, "contest_proposals": tuple(mine)}


def own_proposals(store, location: str) -> list[c.Contest]:
    from repdash.sync import teamread

    raw = teamread.location_state(store.home, location).get("contest_proposals")
    got = sc.proposals_of(raw) if isinstance(raw, list) else None
    return list(got or ())


# ---------------------------------------------------------------- standings as screens show them


def daily_target(entry: TeamEntry, standard: Mapping[str, int] | None) -> dict[str, int]:
    """% of standard: per kind the higher of the rep's own daily target and the team standard."""
    std = standard or {}
    return {k: max(int(entry.targets.get(k, 0)), int(std.get(k, 0))) for k in c.KINDS}


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def contest_view(
    rec: sc.Record,
    entries: list[TeamEntry],
    now: dt.datetime,
    viewer_tz: str,
    standard: Mapping[str, int] | None = None,
    entrants: list[c.Entrant] | None = None,
) -> ContestJSON:
    """One contest as `contest show --json`, the board tab and the TV show it, on the viewer's date.
    `entrants`: `entries` as `core.contests.entrant_of` makes them, when the caller has them already."""
    from zoneinfo import ZoneInfo

    ct = rec.contest
    now_local = now.astimezone(ZoneInfo(viewer_tz))
    today = now_local.date()
    state = c.status(ct, today)
    w = c.window(ct, today)
    out: ContestJSON = {
        "name": ct.name,
        "metric": ct.metric,
        "scoring": ct.scoring,
        "start": ct.start.isoformat() if ct.start else None,
        "end": ct.end.isoformat() if ct.end else None,
        "every": ct.every,
        "status": state,
        "winners": ct.winners,
        "prize": ct.prize,
        "goal": ct.goal,
        "goal_total": None,
        "window": [w.start.isoformat(), w.end.isoformat()] if w else None,
        "frozen": False,
        "standings": [],
        "reps": [],
        "teams": [],
        "time_left_s": None,
    }
    if ct.metric == "points":
        out["weights"] = dict(ct.weights)
    if ct.reason:
        out["reason"] = ct.reason
    if ct.proposed_by:
        out["proposed_by"] = ct.proposed_by
    if rec.results:  # the frozen windows (a repeat's past days or weeks), newest last: their winners
        out["history"] = [
            {"window": list(f["window"]), "winners": [dict(r) for r in f["standings"] if r.get("winner")]}
            for f in rec.results
        ]
    if state in ("proposed", "cancelled", "upcoming") or w is None:
        return out
    frozen = sc.frozen_window(rec, w) if state == "ended" else None
    if frozen is not None:
        out["frozen"] = True
        out["standings"] = [dict(r) for r in frozen["standings"]]  # type: ignore[misc]
        return out
    targets = {e.rep_id: daily_target(e, standard) for e in entries} if ct.scoring == "standard" else None
    board = c.standings_in(ct, entrants if entrants is not None else [c.entrant_of(e) for e in entries], w, targets)
    out["standings"] = sc.standing_rows(board.rows)
    if ct.teams:
        out["reps"] = sc.standing_rows(board.reps)
        out["teams"] = [
            {"team": t.team, "score": _num(t.score), "place": t.place, "winner": t.winner, "members": list(t.members)}
            for t in board.teams
        ]
    if board.goal is not None:
        out["goal_total"] = board.goal.total
    left = c.time_left(ct, now_local)
    out["time_left_s"] = int(left.total_seconds()) if left is not None else None
    return out


def contest_views(
    records: Iterable[sc.Record],
    entries: list[TeamEntry],
    now: dt.datetime,
    viewer_tz: str,
    standard: Mapping[str, int] | None = None,
    *,
    include_all: bool = True,
) -> list[ContestJSON]:
    """Every contest of the manifest (proposals are listed apart: `proposal_views`)."""
    out = []
    for rec in records:
        if rec.contest.state == "declined":
            continue
        view = contest_view(rec, entries, now, viewer_tz, standard)
        if include_all or _recent(rec, view, now, viewer_tz):
            out.append(view)
    return out


def _recent(rec: sc.Record, view: ContestJSON, now: dt.datetime, viewer_tz: str) -> bool:
    from zoneinfo import ZoneInfo

    if view["status"] not in ("ended", "cancelled"):
        return True
    today = now.astimezone(ZoneInfo(viewer_tz)).date()
    since = sc._date(rec.raw.get("cancelled_on")) if view["status"] == "cancelled" else rec.contest.end
    return since is None or (today - since).days <= RECENT_END_DAYS


def proposal_views(entries: Iterable[TeamEntry], taken: set[str]) -> list[ContestJSON]:
    out: list[ContestJSON] = []
    for e in sorted(entries, key=lambda e: e.rep_id):
        for p in e.contest_proposals:
            if p.name.casefold() in taken:
                continue
            taken.add(p.name.casefold())
            rec = sc.Record(p._replace(proposed_by=e.name))
            view: ContestJSON = {
                "name": p.name,
                "metric": p.metric,
                "scoring": p.scoring,
                "start": p.start.isoformat() if p.start else None,
                "end": p.end.isoformat() if p.end else None,
                "every": p.every,
                "status": "proposed",
                "winners": p.winners,
                "prize": p.prize,
                "goal": p.goal,
                "standings": [],
                "proposed_by": rec.contest.proposed_by,
            }
            out.append(view)
    return out


def card(view: ContestJSON, rep_id: str, now_local: dt.datetime) -> c.ViewerView | None:
    """The dashboard card's numbers from a contest as the cached board holds it (None: not running)."""
    if view.get("status") != "running":
        return None
    ct = c.Contest(
        view["name"],
        view["metric"],
        scoring=view["scoring"],
        start=dt.date.fromisoformat(str(view["start"])) if view.get("start") else None,
        end=dt.date.fromisoformat(str(view["end"])) if view.get("end") else None,
        every=view.get("every"),
        winners=view["winners"],
        teams=tuple((t["team"], tuple(t["members"])) for t in view.get("teams", [])),
    )

    def rows(items: Iterable[StandingJSON]) -> tuple[c.Row, ...]:
        return tuple(
            c.Row(r["name"], r["score"], r["place"], r.get("winner", False), r.get("rep_id"), r.get("team"))
            for r in items
        )

    ranked = rows(view.get("standings", []))
    reps = rows(view.get("reps", [])) if ct.teams else ranked
    teams = tuple(
        c.TeamTotal(t["team"], t["score"], t["place"], t["winner"], tuple(t["members"])) for t in view.get("teams", [])
    )
    board = c.Standings(None, ranked, reps, teams, None)
    return c.viewer_view(ct, board, rep_id, now_local)


# ---------------------------------------------------------------- the board view's contests


def crm_shares(entries: Iterable[TeamEntry], now: dt.datetime) -> dict[str, int | None]:
    """Each rep's "% CRM-backed this week" as the team board shows it (core.board.crm_share_on, on
    the rep's local date): it is this week's share, whatever a contest's window (docs/contests.md)."""
    from repdash.core.board import crm_share_on
    from repdash.core.workdays import local_date

    return {e.rep_id: crm_share_on(e, local_date(e.tz, now)) for e in entries}


def with_crm_shares(
    views: Iterable[ContestJSON], shares: Mapping[str, int | None], viewer_id: str | None, manager: bool
) -> None:
    """Each rep's standing row gets `crm_backed_week_pct` from `shares` (crm_shares), so a manager sees
    beside a score how much of it a CRM backs; null where core.visibility says the viewer may not see
    it (a rep sees their own). In place: the rows are the views' own (contest_view makes them)."""
    from repdash.core.visibility import sees_manager_only

    for view in views:
        for row in (*view.get("standings", ()), *view.get("reps", ())):
            if "rep_id" in row:  # a rep's place (a team's row has no share)
                rep_id = row["rep_id"]
                row["crm_backed_week_pct"] = (
                    shares.get(rep_id) if sees_manager_only(rep_id, viewer_id, manager=manager) else None
                )


def participants(read) -> list[TeamEntry]:
    """Reps a contest may count: admitted, signed by themselves (or migrated by a manager), not
    managers. Hidden reps take part only where a contest names them (a list or a team)."""
    m = read.manifest
    out: list[TeamEntry] = []
    if m is None:
        return out
    for obj in read.objects.values():
        e = obj.entry
        if obj.problem is not None or e is None or not m.admitted(obj.rep_id):
            continue
        if obj.migrated and not m.has_authority(obj.key):
            continue
        if e.manager or (not obj.migrated and m.has_authority(obj.key)):
            continue  # a manager: not ranked
        out.append(e)
    return out


def entries_for(ct: c.Contest, entries: list[TeamEntry]) -> list[TeamEntry]:
    if ct.participants or ct.teams:
        return entries
    return [e for e in entries if not e.hidden]


def board_contests(
    read, now, viewer_tz: str, viewer_id: str | None, authority: bool, *, include_all: bool = False
) -> dict[str, Any]:
    """What the board view carries for screens (`view["contests"]`, `view["contest_proposals"]`): the
    manifest's contests as `contest show --json` gives them (finished and cancelled ones for a week;
    `include_all`: all, declined proposals too), and the proposals waiting for a manager (to a
    manager, and each proposer their own)."""
    m = read.manifest
    if m is None:
        return {"contests": [], "contest_proposals": []}
    records, _ = sc.records(m.body.get("contests"))
    entries = participants(read)
    if not records and not any(e.contest_proposals for e in entries):
        return {"contests": [], "contest_proposals": []}
    entrants = {e.rep_id: c.entrant_of(e) for e in entries}  # once for every contest
    standard = dict(m.standard.kinds) if m.standard else None
    views = []
    for rec in records:
        if rec.contest.state == "declined" and not include_all:
            continue
        who = entries_for(rec.contest, entries)
        ents = [entrants[e.rep_id] for e in who]
        view = contest_view(rec, who, now, viewer_tz, standard, ents)
        if include_all or _recent(rec, view, now, viewer_tz):
            views.append(view)
    with_crm_shares(views, crm_shares(entries, now), viewer_id, authority)
    taken = {r.contest.name.casefold() for r in records}
    proposers = [e for e in entries if authority or e.rep_id == viewer_id]
    return {"contests": views, "contest_proposals": proposal_views(proposers, taken)}
