"""Who sees what on a signed team's board, and who is away (pure: no I/O, no clock).

Managers (with authority) see the whole board. A rep sees the standings (names, %, streaks,
levels) and the team's momentum; coaching prompts, gaps, days-below runs, tiers, the CRM-backed
share of each rep's week and the targets others proposed are for managers (a rep sees their own).
A hidden rep's numbers are not on other reps' boards (they still count in momentum:
`core.team.counts_toward_team`). The team's `board` setting:

- `ranked`: every rep with their rank (today's board);
- `top N`: ranks 1..N and the viewer's own row;
- `benchmarks`: only the viewer's own row, against what it takes to reach the top quarter and
  the top half of the team this week (Barankay: rank feedback alone lowered sales; benchmarks
  raised them).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from repdash.core.workdays import count_working_days

if TYPE_CHECKING:
    from repdash.core.shapes import BoardRow, BoardTier, BoardView, Proposals

# Seen by managers on every row and by a rep on their own row only. The CRM-backed share tells a
# manager how far to trust a rep's numbers; it is not a standing for teammates to compare.
MANAGER_ONLY = ("coaching", "gap", "days_below", "tier", "to_go", "crm_backed_week_pct")


def is_away(last_date: date, today: date, away_days: int, off: frozenset[date] = frozenset()) -> bool:
    """Not published for `away_days` working days: every working day after the last publish up to today."""
    if last_date >= today:
        return False
    return count_working_days(last_date + timedelta(days=1), today, off) >= away_days


def top_n(board: str) -> int | None:
    return int(board.split()[1]) if board.startswith("top ") else None


def benchmarks(week_pcts: list[float]) -> dict[str, float | None]:
    """This week's % (of own standard) it takes to be in the top quarter and the top half."""
    ranked = sorted(week_pcts, reverse=True)
    if not ranked:
        return {"top_quarter_week_pct": None, "top_half_week_pct": None}

    def at(share: float) -> float:
        return ranked[max(math.ceil(len(ranked) * share) - 1, 0)]

    return {"top_quarter_week_pct": at(0.25), "top_half_week_pct": at(0.5)}


def for_viewer(view: BoardView, viewer_id: str | None, *, manager: bool, board: str) -> BoardView:
    """The board `view` (core.board.build_view) as this viewer may see it; a new dict."""
    out = view.copy()
    rows = view.get("reps", [])
    sellers = [r for r in rows if not r.get("manager")]
    out["board"] = board
    out["benchmarks"] = benchmarks([r["week_pct"] for r in sellers if not r.get("hidden")])
    out["hidden_count"] = sum(1 for r in sellers if r.get("hidden"))
    if manager:
        return out
    out["reps"] = [r for row in rows if (r := _as_seen_by(row, viewer_id, board)) is not None]
    # Tier averages stay (the rep's sales math compares with them); who is in which tier does not.
    out["tiers"] = [_anonymous(t) for t in view.get("tiers", [])]
    proposals = cast("Proposals", dict(view.get("proposals") or {}))
    proposals["reps"] = [p for p in proposals.get("reps", []) if p.get("rep_id") == viewer_id]
    proposals["median"] = {}
    out["proposals"] = proposals
    return out


def _as_seen_by(r: BoardRow, viewer_id: str | None, board: str) -> BoardRow | None:
    """A row as a rep (not a manager) may see it on a `board` setting; None: not shown to them."""
    limit = top_n(board)
    if sees_manager_only(r.get("rep_id"), viewer_id, manager=False):  # their own row
        return cast("BoardRow", {**r, "rank": None}) if board == "benchmarks" else r
    if r.get("manager"):
        return _without_coaching(r)
    if r.get("hidden"):
        return None  # a hidden rep's numbers are not on other reps' boards
    if board == "benchmarks":
        return None
    if limit is not None and (r.get("rank") or limit + 1) > limit:
        return None
    return _without_coaching(r)


def sees_manager_only(rep_id: str | None, viewer_id: str | None, *, manager: bool) -> bool:
    """Whether a viewer may see a rep's MANAGER_ONLY fields outside the board's rows (a contest's
    standings: the CRM-backed share): a manager every rep's, a rep their own. The rule `for_viewer`
    applies to the board."""
    return manager or (viewer_id is not None and rep_id == viewer_id)


def _without_coaching(r: BoardRow) -> BoardRow:
    hidden: dict[str, Any] = {k: None for k in MANAGER_ONLY if k in r}
    return cast("BoardRow", {**r, **hidden})


def _anonymous(t: BoardTier) -> BoardTier:
    return cast("BoardTier", {**t, "reps": [], "names": []})
