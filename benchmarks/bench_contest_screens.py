"""What the contest screens cost per redraw (issue 23): 500 reps, 5 running contests in the team view.

    .venv/bin/python benchmarks/bench_contest_screens.py

Times the dashboard card (`contest_board.dashboard_card`, run at each dashboard redraw and every 30 s),
the notices' per-contest places (`standings_of_rep`, at each nudge check: every key) and the board tab's
text (`team_contests.contests_text`, at each team read and every 30 s). Best of 7 runs of 20 calls.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from repdash.core import contests as c  # noqa: E402
from repdash.services import contest_board as cb  # noqa: E402
from repdash.services.contests import _rows  # noqa: E402

REPS, CONTESTS = 500, 5
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def view() -> dict:
    today = NOW.date()
    people = [
        c.Entrant(f"{i:032d}", f"Rep {i}", today, {today: {"call": (i * 37) % 90, "pitch": i % 11}})
        for i in range(REPS)
    ]
    out = []
    for k in range(CONTESTS):
        ct = c.Contest(f"Contest {k}", "call", start=today - dt.timedelta(days=2), end=today + dt.timedelta(days=k + 1))
        board = c.standings(ct, people, today)
        out.append(
            {
                "name": ct.name,
                "metric": "call",
                "scoring": "count",
                "start": ct.start.isoformat(),
                "end": ct.end.isoformat(),
                "every": None,
                "status": "running",
                "winners": 3,
                "prize": "",
                "standings": _rows(board.rows),
                "reps": [],
                "teams": [],
            }  # fmt: skip
        )
    return {"contests": out}


def best(fn) -> float:
    times = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(20):
            fn()
        times.append((time.perf_counter() - t) / 20)
    return min(times) * 1000


def main() -> None:
    from repdash.ui.screens.team_contests import contests_text

    v = view()
    me = f"{250:032d}"
    print(f"{REPS} reps, {CONTESTS} running contests")
    print(f"dashboard card        {best(lambda: cb.dashboard_card(v, me, NOW)):7.2f} ms")
    print(f"notice places         {best(lambda: cb.standings_of_rep(v, me, NOW)):7.2f} ms")
    print(f"board tab text        {best(lambda: contests_text(v, NOW, 120, me)):7.2f} ms")


if __name__ == "__main__":
    main()
