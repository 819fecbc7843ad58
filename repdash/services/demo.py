"""A generated demo team: 12 reps and a manager with 8 weeks of believable history.

Deterministic for a seed and a `now`: the same people, the same days, the same ids.
Everything goes under one root folder (a temporary one for `repdash demo`):

    ROOT/team.json              the shared team file (written through repdash.sync, like real reps)
    ROOT/homes/<slug>/          one complete rep home each (LocalStore.init + add_entries)

Tiers: three stars, a solid middle of six, two stragglers, one comeback (slow first
five weeks, strong last three); plus the manager, who logs 1:1s and coaching and
sets the team standard. One rep has a few days off (PTO) to show the streak freeze.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum

from repdash.core.workdays import is_working_day, local_date
from repdash.store.local import Entry, LocalStore

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

SEED = 20261126
TZ = "Europe/Berlin"
WEEKS = 8
DEMO_REP = "Alex Morgan"
MANAGER = "Dana Whitfield"
STANDARD = {"call": 40, "pitch": 8, "commit": 2}


@dataclass(frozen=True)
class Profile:
    name: str
    tier: str  # star | middle | straggler | comeback | manager
    volume: float  # share of the call target a typical day reaches
    pitch_rate: float
    commit_rate: float
    deal_rate: float
    show_up: float = 0.97  # chance of logging on a working day
    early: float = 0.2  # chance of starting before 8:30
    targets: dict[str, int] = field(default_factory=dict)
    hot_days: int = 0  # working days right before today that hit every target (a streak to show)


TEAM: tuple[Profile, ...] = (
    Profile(
        "Maya Okafor", "star", 1.22, 0.27, 0.42, 0.48, 0.99, 0.6, {"call": 45, "pitch": 10, "commit": 3, "deal": 1}
    ),
    Profile(
        "Lukas Brenner", "star", 1.15, 0.25, 0.40, 0.45, 0.98, 0.4, {"call": 45, "pitch": 10, "commit": 3, "deal": 1}
    ),
    Profile(
        "Sofia Marquez", "star", 1.12, 0.28, 0.38, 0.50, 0.98, 0.3, {"call": 42, "pitch": 10, "commit": 3, "deal": 1}
    ),
    Profile(
        DEMO_REP,
        "middle",
        1.08,
        0.23,
        0.40,
        0.55,
        1.0,
        0.35,
        {"call": 40, "pitch": 8, "commit": 2, "deal": 1},
        hot_days=6,
    ),
    Profile(
        "Priya Raman", "middle", 1.0, 0.21, 0.34, 0.40, 0.97, 0.2, {"call": 40, "pitch": 8, "commit": 2, "deal": 1}
    ),
    Profile(
        "Jonas Keller", "middle", 0.97, 0.20, 0.35, 0.38, 0.96, 0.1, {"call": 40, "pitch": 8, "commit": 2, "deal": 1}
    ),
    Profile(
        "Amara Diallo", "middle", 0.98, 0.21, 0.33, 0.40, 0.97, 0.25, {"call": 38, "pitch": 8, "commit": 2, "deal": 1}
    ),
    Profile(
        "Tom Nakamura", "middle", 0.95, 0.20, 0.32, 0.36, 0.96, 0.15, {"call": 40, "pitch": 8, "commit": 2, "deal": 1}
    ),
    Profile(
        "Elena Petrova", "middle", 0.94, 0.22, 0.33, 0.38, 0.95, 0.2, {"call": 38, "pitch": 8, "commit": 2, "deal": 1}
    ),
    Profile(
        "Ben Carter", "straggler", 0.62, 0.15, 0.26, 0.30, 0.88, 0.05, {"call": 35, "pitch": 6, "commit": 2, "deal": 1}
    ),
    Profile(
        "Chloe Dubois",
        "straggler",
        0.58,
        0.16,
        0.25,
        0.28,
        0.86,
        0.05,
        {"call": 35, "pitch": 6, "commit": 2, "deal": 1},
    ),
    Profile(
        "Ravi Shah", "comeback", 1.05, 0.23, 0.36, 0.42, 0.97, 0.3, {"call": 40, "pitch": 8, "commit": 2, "deal": 1}
    ),
)
MANAGER_PROFILE = Profile(MANAGER, "manager", 1.0, 0, 0, 0, 0.97, 0.5, {"one_on_one": 2, "coaching": 1})


@dataclass
class DemoTeam:
    root: Path
    team_file: Path
    homes: dict[str, Path]
    tiers: dict[str, str]
    demo_home: Path
    manager_home: Path
    now: pendulum.DateTime

    def store(self, name: str = DEMO_REP) -> LocalStore:
        return LocalStore(self.homes[name])


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def _day_counts(rng: random.Random, p: Profile, day_index: int, n_days: int) -> dict[str, int]:
    volume, pr, cr, dr = p.volume, p.pitch_rate, p.commit_rate, p.deal_rate
    if p.tier == "comeback":
        # Five slow weeks, then a turnaround (coaching worked): the board shows the climb.
        if day_index < n_days - 15:
            volume, pr, cr, dr = 0.6, 0.16, 0.26, 0.30
        else:
            ramp = min(1.0, (day_index - (n_days - 15)) / 5)
            volume = 0.8 + 0.3 * ramp
    # A gentle weekly rhythm (Mondays slower, Thursdays strong) plus day-to-day noise.
    calls = max(0, round(rng.gauss(p.targets.get("call", 40) * volume, 4)))
    pitches = _binomial(rng, calls, pr)
    commits = _binomial(rng, pitches, cr)
    deals = _binomial(rng, commits, dr)
    return {"call": calls, "pitch": pitches, "commit": commits, "deal": deals}


def _manager_counts(rng: random.Random) -> dict[str, int]:
    return {
        "one_on_one": rng.choice([1, 2, 2, 3]),
        "coaching": rng.choice([0, 1, 1, 2]),
        "call": rng.choice([0, 2, 4, 5]),
        "pitch": rng.choice([0, 1, 1, 2]),
    }


def _times(rng: random.Random, n: int, early: bool) -> list[int]:
    """n minutes-after-midnight between the day's start and 17:45, sorted."""
    start = rng.randint(7 * 60 + 40, 8 * 60 + 25) if early else rng.randint(8 * 60 + 35, 9 * 60 + 20)
    end = 17 * 60 + 45
    return sorted(rng.randint(start, end) for _ in range(n))


def _entries(
    rng: random.Random,
    p: Profile,
    day: date,
    counts: dict[str, int],
    cutoff: int | None,
    now_utc: pendulum.DateTime,
    tz: str = TZ,
) -> list[Entry]:
    """One entry per logged unit (as a rep pressing a key), funnel kinds in funnel order within the day."""
    total = sum(counts.values())
    minutes = _times(rng, total, rng.random() < p.early)
    kinds = [k for k, n in counts.items() for _ in range(n)]
    # Deeper kinds tend to come later in the day: keep calls early in the shuffle.
    rng.shuffle(kinds)
    order = {"call": 0, "one_on_one": 0, "pitch": 1, "coaching": 1, "commit": 2, "deal": 3}
    kinds.sort(key=lambda k: order.get(k, 1) + rng.random() * 5)
    out = []
    for minute, kind in zip(minutes, kinds, strict=True):
        if cutoff is not None and minute > cutoff:
            continue
        at = pendulum.datetime(day.year, day.month, day.day, minute // 60, minute % 60, rng.randint(0, 59), tz=tz)
        out.append(
            Entry(
                id=f"{rng.getrandbits(64):016x}",
                at=at.isoformat(),
                date=day.isoformat(),
                tz=tz,
                kind=kind,
                count=1,
                logged_at=min(at, now_utc).in_timezone("UTC").isoformat(),
                source="demo",
            )
        )
    return out


def _sync(store: LocalStore, now: pendulum.DateTime, standard: dict | None = None) -> BoardView:
    """Publish like a rep's `repdash sync` does (the same sync_now)."""
    from repdash.services.team_sync import sync_now

    synced = sync_now(store, now, standard=standard)
    assert synced is not None  # only a heartbeat check skips a publish
    return synced.view


def _refresh(store: LocalStore, now: pendulum.DateTime) -> None:
    from repdash.services.team_sync import team_view

    team_view(store, now)


def generate(
    root: Path | str, now: pendulum.DateTime, seed: int = SEED, *, achievements: bool = True, tz: str = TZ
) -> DemoTeam:
    """Write the demo team under `root` (created; must be empty). Returns where everything is.

    `tz` is the team's zone: `repdash demo` passes the machine's, so its times read as the user's clock
    (the days and hours of the history are the same local ones in any zone); tests keep Berlin."""
    # The demo never follows the user's team file, whatever the environment says.
    os.environ.pop("REPDASH_TEAM_FILE", None)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    team_file = root / "team.json"
    now = now.in_timezone("UTC")
    today = local_date(tz, now)
    local_now = now.in_timezone(tz)
    cutoff_today = local_now.hour * 60 + local_now.minute
    first = today - timedelta(days=7 * WEEKS - 1)
    first -= timedelta(days=first.weekday())  # start on a Monday
    days = [first + timedelta(days=i) for i in range((today - first).days + 1)]

    homes: dict[str, Path] = {}
    tiers: dict[str, str] = {}
    stores: dict[str, LocalStore] = {}
    for p in (MANAGER_PROFILE, *TEAM):
        prng = random.Random(f"{seed}:{p.name}")
        home = root / "homes" / slug(p.name)
        store = LocalStore(home)
        manager = p.tier == "manager"
        start = pendulum.datetime(first.year, first.month, first.day, 8, tz=tz)
        store.init(
            p.name,
            team_file=str(team_file),
            quota=18 if p.tier != "straggler" else 15,
            period="month",
            manager=manager,
            targets=p.targets,
            tz=tz,
            now=start,
        )
        days_off: list[date] = []
        if p.name == "Priya Raman":
            # A long weekend of PTO three weeks ago: her streak survives it.
            friday = today - timedelta(days=today.weekday() + 17)
            days_off = [friday, friday + timedelta(days=3)]
        store.update_config(
            rep_id=f"demo-{slug(p.name)}-{prng.getrandbits(32):08x}", days_off=[d.isoformat() for d in days_off]
        )
        entries: list[Entry] = []
        working = [d for d in days if is_working_day(d, days_off)]
        for i, day in enumerate(working):
            if day != today and prng.random() > p.show_up:
                continue  # a sick day or a day of meetings
            counts = _manager_counts(prng) if manager else _day_counts(prng, p, i, len(working))
            if day != today and len(working) - 1 - i <= p.hot_days:
                counts = {k: max(n, p.targets.get(k, 0) + (1 if k == "call" else 0)) for k, n in counts.items()}
            entries += _entries(prng, p, day, counts, cutoff_today if day == today else None, now, tz)
        store.add_entries(entries)
        homes[p.name] = home
        tiers[p.name] = p.tier
        stores[p.name] = store

    # The manager sets the standard first, then everyone syncs, then all read the final file.
    mgr = stores[MANAGER]
    _sync(
        mgr,
        now,
        standard={
            "kinds": dict(STANDARD, **MANAGER_PROFILE.targets),
            "set_by": mgr.config.rep_id,
            "set_by_name": MANAGER,
            "set_at": now.in_timezone(tz).isoformat(),
        },
    )
    for p in TEAM:
        _sync(stores[p.name], now)
    for store in stores.values():
        _refresh(store, now)
        if achievements:
            from repdash.services.trophy_case import record_new_achievements

            record_new_achievements(store, now)
    return DemoTeam(
        root=root,
        team_file=team_file,
        homes=homes,
        tiers=tiers,
        demo_home=homes[DEMO_REP],
        manager_home=homes[MANAGER],
        now=now,
    )
