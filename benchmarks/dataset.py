"""A realistic data set for the benchmarks: a year of heavy history, and a big team file.

Deterministic (fixed seed) so runs compare.
"""

from __future__ import annotations

import random
from pathlib import Path

import pendulum

from repdash.store.local import LocalStore

TZ = "Europe/Berlin"
NOW = pendulum.datetime(2026, 11, 26, 10, 30, tz=TZ)


def heavy_home(home: Path, entries: int = 60_000, seed: int = 7) -> LocalStore:
    """A rep with `entries` logged entries spread over the year before NOW."""
    rng = random.Random(seed)
    store = LocalStore(home)
    store.init("Bench Rep", tz=TZ, quota=20, now=NOW)
    days = [NOW.subtract(days=i).start_of("day") for i in range(1, 366)]
    days = [d for d in days if d.day_of_week not in (pendulum.SATURDAY, pendulum.SUNDAY)]
    per_day = max(1, entries // len(days))
    batch = []
    made = 0
    for d in days:
        for i in range(per_day):
            if made >= entries:
                break
            kind = rng.choices(["call", "pitch", "commit", "deal"], weights=[70, 20, 7, 3])[0]
            at = d.add(hours=8, seconds=rng.randrange(9 * 3600))
            batch.append(store.make_entry(kind, 1, at, source="bench", now=at))
            made += 1
    store.add_entries(batch)
    return store
