"""p50/p95 of one `log` (keystroke -> entry fsynced on disk) at 1k to 100k stored entries.

Times `LocalStore.log`, the call the dashboard makes on a keystroke: it writes the undo stack
and today's day file, each fsynced and atomically replaced (the totals cache waits for the next
full read). History is spread over the working days of the `--years` before "now". The sizes
are timed in turn, one key each, so a change in the machine's load lands on all of them alike;
CPU time (this thread's) beside the wall time separates the store's work from fsync waits.

    .venv/bin/python benchmarks/bench_log.py [--samples N] [--sizes 1000,10000,60000,100000] [--years 1]

Target (issue 2, 13): p95 <= 16 ms, and flat from 1k to 100k (the whole key: make bench).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repdash.core.kinds import FUNNEL  # noqa: E402
from repdash.store.local import LocalStore  # noqa: E402

TZ = "Europe/Berlin"
NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def history(store: LocalStore, n: int, seed: int = 1, years: int = 1) -> list:
    """n entries spread over the working days of the years before NOW (today excluded)."""
    rng = random.Random(seed)
    today = store.today(NOW)
    days = [today - timedelta(days=i) for i in range(1, 365 * years + 1)]
    days = [d for d in days if d.weekday() < 5]
    weights = {"call": 0.7, "pitch": 0.2, "commit": 0.07, "deal": 0.03}
    out = []
    for i in range(n):
        d = days[i % len(days)]
        at = pendulum.datetime(d.year, d.month, d.day, 8, tz=TZ).add(seconds=rng.randrange(10 * 3600))
        kind = rng.choices(FUNNEL, weights=[weights[k] for k in FUNNEL])[0]
        out.append(store.make_entry(kind, 1, at, source="log", now=at))
    return out


def build(home: Path, n: int, years: int = 1) -> LocalStore:
    store = LocalStore(home)
    store.init("Bench Rep", tz=TZ, now=NOW)
    store.add_entries(history(store, n, years=years))
    return store


def percentile(samples: list[float], p: float) -> float:
    s = sorted(samples)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def bench(sizes: list[int], samples: int, years: int) -> dict[int, tuple[list[float], list[float]]]:
    """(wall ms, CPU ms) of `samples` logs per size, the sizes taking turns key by key."""
    with tempfile.TemporaryDirectory(prefix="repdash-bench-") as tmp:
        stores = {}
        for n in sizes:
            build(Path(tmp) / str(n), n, years)
            # A fresh store object, as after start-up: caches are loaded by the first call.
            store = LocalStore(Path(tmp) / str(n))
            store.check()
            store.daily_counts()
            stores[n] = store
        kinds = list(FUNNEL)
        times: dict[int, tuple[list[float], list[float]]] = {n: ([], []) for n in sizes}
        for i in range(samples):
            now = NOW.add(seconds=i)
            for n in sizes if i % 2 == 0 else sizes[::-1]:
                cpu = time.thread_time()
                t0 = time.perf_counter()
                stores[n].log(kinds[i % 4], 1, now=now)
                times[n][0].append((time.perf_counter() - t0) * 1000)
                times[n][1].append((time.thread_time() - cpu) * 1000)
        return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--sizes", default="1000,10000,60000,100000")
    ap.add_argument("--years", type=int, default=1, help="years of history the entries are spread over")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"LocalStore.log, {args.samples} samples per size, {args.years} year(s) of history (ms; with every fsync)")
    print(f"{'entries':>8} {'p50':>8} {'p95':>8} {'max':>8} {'CPU p50':>8} {'CPU p95':>8}")
    for n, (wall, cpu) in bench(sizes, args.samples, args.years).items():
        print(
            f"{n:>8} {percentile(wall, 50):>8.2f} {percentile(wall, 95):>8.2f} {max(wall):>8.2f}"
            f" {percentile(cpu, 50):>8.2f} {percentile(cpu, 95):>8.2f}"
        )


if __name__ == "__main__":
    main()
