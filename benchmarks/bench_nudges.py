"""What the notices cost the dashboard (issue 25): one `Nudger.check` per key, per team update and
per 30 s tick, at 1 to 2,000 teammates.

Times the two parts on the UI thread: `core.nudges.due` (the rule, every check) and
`core.nudges.team_deals` (the walk of the team view, once per new view: a key reuses it). "new
view" rows: every check sees another team view (the worst case: a team update each time); "same
view" rows: a key or a tick while the team view stands (what almost every check is).
CPU time of this thread, p50 and p95 over `--samples` calls; the key itself (`bench_log.py`)
costs milliseconds, so the rule should stay in microseconds.

    .venv/bin/python benchmarks/bench_nudges.py [--samples N] [--sizes 1,100,500,2000]

Measured 2026-12-03 on the shared 2-core machine (load ~13): a check with the team view unchanged
costs ~14 µs p50 (17 µs p95) at any team size; a new team view at 2,000 teammates ~0.9 ms (rule)
+ ~1.5 ms (walk) p50, once per team update.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repdash.core import nudges  # noqa: E402

TARGETS = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}


def view(n: int, deals: int) -> dict:
    reps = [
        {"rep_id": f"r{i}", "name": f"Rep {i}", "today": {"call": 10, "deal": (deals + i) % 3}, "stale": False}
        for i in range(n)
    ]
    return {"date": "2026-12-03", "reps": reps}


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--sizes", default="1,100,500,2000")
    args = parser.parse_args()
    start = datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    print(f"{'teammates':>9} {'':>8}  {'due p50':>9} {'due p95':>9}  {'team_deals p50':>14} {'p95':>9}   (µs, CPU)")
    for n, kind in ((int(s), kind) for s in args.sizes.split(",") for kind in ("new view", "same view")):
        views = [view(n, k) for k in range(3)] if kind == "new view" else [view(n, 0)] * 3
        cache: dict = {}
        walk, rule = [], []
        settings, memory, previous = nudges.Settings(), nudges.Memory(), None
        for i in range(args.samples):
            t0 = time.thread_time_ns()
            v = views[i % 3]
            if cache.get("view") is not v:  # as ui/nudging.Nudger: walked once per view
                cache.update(view=v, deals=nudges.team_deals(v, "me", "2026-12-03"))
            deals = cache["deals"]
            t1 = time.thread_time_ns()
            current = nudges.Moment(start + timedelta(seconds=20 * i), True, {"call": i % 50}, TARGETS, 3, deals)
            t2 = time.thread_time_ns()
            _, memory = nudges.due(previous, current, settings, memory)
            t3 = time.thread_time_ns()
            previous = current
            walk.append((t1 - t0) / 1000)
            rule.append((t3 - t2) / 1000)
        print(f"{n:>9} {kind:>9} {p(rule, 50):>9.1f} {p(rule, 95):>9.1f}  {p(walk, 50):>14.1f} {p(walk, 95):>9.1f}")


if __name__ == "__main__":
    main()
