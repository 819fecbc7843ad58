"""p50/p95 of one `log` (keystroke -> entry fsynced on disk) at 1k, 10k and 60k stored entries.

Times `LocalStore.log`, the call the dashboard makes on a keystroke: it writes
today's day file, the undo stack and the totals cache, each fsynced and
atomically replaced. History is spread over the year before "now".

    .venv/bin/python benchmarks/bench_log.py [--samples N] [--sizes 1000,10000,60000]

Target (issue 2): p95 <= 16 ms at 60k entries, and flat from 1k to 60k.
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


def history(store: LocalStore, n: int, seed: int = 1) -> list:
    """n entries spread over the working days of the year before NOW (today excluded)."""
    rng = random.Random(seed)
    today = store.today(NOW)
    days = [today - timedelta(days=i) for i in range(1, 366)]
    days = [d for d in days if d.weekday() < 5]
    weights = {"call": 0.7, "pitch": 0.2, "commit": 0.07, "deal": 0.03}
    out = []
    for i in range(n):
        d = days[i % len(days)]
        at = pendulum.datetime(d.year, d.month, d.day, 8, tz=TZ).add(seconds=rng.randrange(10 * 3600))
        kind = rng.choices(FUNNEL, weights=[weights[k] for k in FUNNEL])[0]
        out.append(store.make_entry(kind, 1, at, source="log", now=at))
    return out


def build(home: Path, n: int) -> LocalStore:
    store = LocalStore(home)
    store.init("Bench Rep", tz=TZ, now=NOW)
    store.add_entries(history(store, n))
    return store


def percentile(samples: list[float], p: float) -> float:
    s = sorted(samples)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def bench(n: int, samples: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="repdash-bench-") as tmp:
        build(Path(tmp), n)
        # A fresh store object, as after start-up: caches are loaded by the first call.
        store = LocalStore(Path(tmp))
        store.check()
        store.day_counts(store.today(NOW))
        kinds = list(FUNNEL)
        times = []
        for i in range(samples):
            now = NOW.add(seconds=i)
            t0 = time.perf_counter()
            store.log(kinds[i % 4], 1, now=now)
            times.append((time.perf_counter() - t0) * 1000)
        return percentile(times, 50), percentile(times, 95), max(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--sizes", default="1000,10000,60000")
    args = ap.parse_args()
    print(f"LocalStore.log, {args.samples} samples per size (ms; includes every fsync)")
    print(f"{'entries':>8} {'p50':>8} {'p95':>8} {'max':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        p50, p95, worst = bench(n, args.samples)
        print(f"{n:>8} {p50:>8.2f} {p95:>8.2f} {worst:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
