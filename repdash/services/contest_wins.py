"""The trophy case's won contests (issue 23): kept in the rep's own store, because the team view lists
an ended contest for a week only. `record` adds what a view shows as won (once per contest and end
date) and says what is new, so the dashboard celebrates each win once; `wins` lists them, newest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from repdash.services.contest_board import wins_in

TABLE = "contest_wins"
MAX_KEPT = 500  # a bound on what a teammate-written manifest can add over the years


class Win(TypedDict):
    name: str  # untrusted (the team manifest): shown literally
    end: str | None
    place: int
    prize: str


def wins(store) -> list[Win]:
    got = [d for d in store.table_all(TABLE) if isinstance(d.get("name"), str)]
    out: list[Win] = [
        {"name": d["name"], "end": d.get("end"), "place": int(d.get("place") or 0), "prize": str(d.get("prize") or "")}
        for d in got
    ]
    return sorted(out, key=lambda w: str(w["end"] or ""), reverse=True)


def record(store, view: Mapping[str, Any] | None, rep_id: str) -> list[Win]:
    """Keep the wins `view` shows that are not kept yet; returns the new ones."""
    found = wins_in(view, rep_id)
    if not found:
        return []
    kept = {(w["name"], w["end"]) for w in wins(store)}
    new: list[Win] = []
    for w in found:
        if (w["name"], w["end"]) not in kept and len(kept) < MAX_KEPT:
            win: Win = {
                "name": w["name"],
                "end": w["end"],
                "place": int(w["place"] or 0),
                "prize": str(w["prize"] or ""),
            }
            store.table_insert(TABLE, win)
            kept.add((w["name"], w["end"]))
            new.append(win)
    return new
