"""Contests as the board view carries them (`view["contests"]`, `view["contest_proposals"]`: the shape of
`contest show --json`, built by `services.contest_admin.board_contests` on the contest branch), for the
screens' tests. The standings are computed by the real core from daily counts, not typed in.

`with_contests(monkeypatch, me_id)` makes every team view (the sync worker's, the board's, the cache)
carry them, so the screens read them the way they do in the product.
"""

from __future__ import annotations

import datetime as dt

from repdash.core import contests as c
from repdash.services.contests import ContestJSON, with_crm_shares
from repdash.sync.contests import standing_rows as _rows

TZ = "Europe/Berlin"


def _entrants(me_id: str, calls: dict[str, int]) -> list[c.Entrant]:
    today = dt.date(2026, 11, 26)
    out = []
    for i, (name, n) in enumerate(calls.items()):
        rep_id = me_id if name == "Ana Smith" else f"{i + 2:02d}" + "b" * 30
        days = {today - dt.timedelta(days=2): {"call": n // 2}, today: {"call": n - n // 2, "deal": n // 40}}
        out.append(c.Entrant(rep_id, name, today, days))
    return out


def _view(ct: c.Contest, entrants: list[c.Entrant], now: dt.datetime, **extra) -> ContestJSON:
    today = now.date()
    status = c.status(ct, today)
    w = c.window(ct, today)
    out: ContestJSON = {
        "name": ct.name,
        "metric": ct.metric,
        "scoring": ct.scoring,
        "start": ct.start.isoformat() if ct.start else None,
        "end": ct.end.isoformat() if ct.end else None,
        "every": ct.every,
        "status": status,
        "winners": ct.winners,
        "prize": ct.prize,
        "goal": ct.goal,
        "goal_total": None,
        "window": [w.start.isoformat(), w.end.isoformat()] if w else None,
        "frozen": status == "ended",
        "standings": [],
        "reps": [],
        "teams": [],
        "time_left_s": None,
    }
    if ct.reason:
        out["reason"] = ct.reason
    if status in ("running", "ended") and w is not None:
        board = c.standings_in(ct, entrants, w)
        out["standings"] = _rows(board.rows)
        if ct.teams:
            out["reps"] = _rows(board.reps)
            out["teams"] = [
                {"team": t.team, "score": t.score, "place": t.place, "winner": t.winner, "members": list(t.members)}
                for t in board.teams
            ]
        if board.goal is not None:
            out["goal_total"] = board.goal.total
    out.update(extra)  # type: ignore[typeddict-item]
    return out


CRM_SHARES = {"Ben Okafor": 100, "Ana Smith": 82, "[bold red]Boss[/]": 31}  # the others never imported
CALLS = {"Ben Okafor": 142, "Ana Smith": 139, "Chloé Martin": 120, "[bold red]Boss[/]": 95, "Dev Patel": 80}


def contests(me_id: str, now: dt.datetime, calls: dict[str, int] | None = None) -> dict:
    """Four contests (running; team vs team with a goal; cancelled; ended yesterday) and a proposal."""
    people = _entrants(me_id, calls or CALLS)
    blitz = c.Contest(
        "December call blitz",
        "call",
        start=dt.date(2026, 11, 23),
        end=dt.date(2026, 11, 28),
        prize="Team dinner at [b]Nobu[/b]",
    )
    teams = c.Contest(
        "East vs West",
        "call",
        start=dt.date(2026, 11, 2),
        end=dt.date(2026, 11, 30),
        winners=1,
        goal=1000,
        prize="Trophy + half day off",
        teams=(("East", ("Ana Smith", "Ben Okafor", "Dev Patel")), ("West", ("Chloé Martin", "[bold red]Boss[/]"))),
    )
    cancelled = c.Contest(
        "Pitch sprint",
        "pitch",
        start=dt.date(2026, 11, 30),
        end=dt.date(2026, 12, 4),
        state="cancelled",
        reason="[red]Quarter close[/red]: we'll run it in January",
    )
    ended = c.Contest(
        "November deals", "call", start=dt.date(2026, 11, 20), end=dt.date(2026, 11, 25), prize="€100 each"
    )
    views = [_view(ct, people, now) for ct in (blitz, teams, cancelled, ended)]
    # This week's CRM-backed shares, attached by the service's own step (a manager's view: every rep's)
    shares = {e.rep_id: CRM_SHARES.get(e.name) for e in people}
    with_crm_shares(views, shares, me_id, manager=True)
    proposal: ContestJSON = {
        "name": "Friday demo derby",
        "metric": "pitch",
        "scoring": "count",
        "start": "2026-12-04",
        "end": "2026-12-04",
        "every": None,
        "status": "proposed",
        "winners": 3,
        "prize": "Coffee [i]for a week[/i]",
        "goal": None,
        "standings": [],
        "proposed_by": "Ben Okafor",
    }
    return {"contests": views, "contest_proposals": [proposal]}


def with_contests(monkeypatch, me_id: str, now: dt.datetime, calls: dict[str, int] | None = None) -> dict:
    """Every team view carries the contests (a dict the test may change: `calls` then `refresh`)."""
    from repdash.services import team_sync as service

    state = {"calls": dict(calls or CALLS)}
    real_view_of, real_cached = service.view_of, service.cached_view

    def add(view):
        if view is not None:
            view = dict(view, **contests(me_id, now, state["calls"]))
            view.setdefault("authority", True)
        return view

    monkeypatch.setattr(service, "view_of", lambda *a, **k: add(real_view_of(*a, **k)))
    monkeypatch.setattr(service, "cached_view", lambda store: add(real_cached(store)))
    return state
