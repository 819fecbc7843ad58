"""A realistic data set for the benchmarks: a year of heavy history, and a big team file.

Deterministic (fixed seed) so runs compare.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pendulum

from repdash.core import game
from repdash.store.local import LocalStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

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
        for _ in range(per_day):
            if made >= entries:
                break
            kind = rng.choices(["call", "pitch", "commit", "deal"], weights=[70, 20, 7, 3])[0]
            at = d.add(hours=8, seconds=rng.randrange(9 * 3600))
            batch.append(store.make_entry(kind, 1, at, source="bench", now=at))
            made += 1
    store.add_entries(batch)
    return store


def team_file(path: Path, reps: int, tag: str = "t") -> Path:
    """A team file of `reps` reps (the test suite's realistic entries), written once."""
    from teamfile_data import doc, entry

    entries = [
        entry(i % 100, f"Rep {i}", {"call": 30 + i % 20, "pitch": 6, "commit": 2, "deal": 1}) for i in range(reps)
    ]
    for i, e in enumerate(entries):
        e["rep_id"] = f"{i:08d}" + tag * 24
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc(entries)))
    return path


def with_team(store: LocalStore, reps: int = 500) -> LocalStore:
    """Join a `reps`-rep team and cache its view, as the last sync left it (the board offline)."""
    from repdash.services import team_sync
    from repdash.sync.filestore import FileBackend

    path = team_file(store.home.parent / f"team-{reps}" / "team.json", reps)
    store.update_config(team_file=str(path))
    team_sync.team_view(store, NOW.in_timezone("UTC"), backend=FileBackend(path))
    assert store.team_cache(), "the team view was not cached"
    return store


def total_xp(daily, targets) -> int:
    """XP of a whole history against one set of targets (the benchmark pins targets; the app dates them)."""
    return sum(game.xp_of_day(counts, targets) for counts in daily.values())


def pin_game_state(store: LocalStore, level: int, call_target: int = 100_000) -> dict:
    """Make homes of any size play the same game during a keystroke run: every home at the
    start of `level` plus a margin (one backfilled entry a year ago tops up the XP), and a
    call target no run reaches, so no level-up, target or streak banner is ever due."""
    store.set_targets({"call": call_target}, now=NOW)
    daily = store.daily_counts()
    xp = total_xp(daily, store.targets)
    goal = game.xp_to_reach(level) + 2_000
    if xp > goal:
        raise ValueError(f"home already past level {level}")
    calls = (goal - xp) // game.xp_for("call")
    if calls:
        at = NOW.subtract(days=364).start_of("day").add(hours=9)
        store.add_entries([store.make_entry("call", calls, at, source="bench", now=at)])
    state = game.level_for(total_xp(store.daily_counts(), store.targets))
    assert state.level == level and state.to_next > 5_000, state
    return {"level": state.level, "xp_to_next": state.to_next}


def pin_same_level(homes) -> int:
    """Pin every home (any sizes) at one level: one past the level of the most XP among them."""
    level = max(game.level_for(total_xp(LocalStore(h).daily_counts(), {"call": 10**9})).level for h in homes) + 1
    for home in homes:
        pin_game_state(LocalStore(home), level)
    return level
