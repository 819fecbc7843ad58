"""Deterministic team files for tests (fixed rep ids, fixed clock 2026-11-26T10:30+01:00 Berlin)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from repdash.core.workdays import previous_working_days

TODAY = date(2026, 11, 26)
TARGETS = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
STANDARD = {"call": 40, "pitch": 8, "commit": 3, "deal": 1, "one_on_one": 2, "coaching": 1}


def rid(n: int) -> str:
    return f"{n:02d}" + "a" * 30


def entry(
    n: int,
    name: str,
    per_day: dict[str, int],
    *,
    today: dict[str, int] | None = None,
    day: date = TODAY,
    targets: dict | None = None,
    hidden: bool = False,
    manager: bool = False,
    rev: int = 1,
    streak: int = 0,
    level: int = 3,
    xp: int = 1500,
    quota: int = 20,
    deals: int | None = None,
    tz: str = "Europe/Berlin",
) -> dict:
    days = previous_working_days(day, 20)
    kinds = list(per_day)
    today = dict(today if today is not None else {k: v // 2 for k, v in per_day.items()})
    counts = {k: [per_day[k]] * 19 + [today.get(k, 0)] for k in kinds}
    week_start = day - timedelta(days=day.weekday())
    week_days = [i for i, d in enumerate(days) if d >= week_start]
    week = {k: sum(counts[k][i] for i in week_days) for k in kinds}
    month_days = [i for i, d in enumerate(days) if d.month == day.month]
    period = {k: sum(counts[k][i] for i in month_days) for k in kinds}
    if deals is not None:
        period["deal"] = deals
    tot = {k: sum(counts[k]) for k in kinds}
    rates = {
        "pitch_per_call": round(tot.get("pitch", 0) / tot["call"], 4) if tot.get("call") else None,
        "commit_per_pitch": round(tot.get("commit", 0) / tot["pitch"], 4) if tot.get("pitch") else None,
        "deal_per_commit": round(tot.get("deal", 0) / tot["commit"], 4) if tot.get("commit") else None,
    }
    return {
        "rep_id": rid(n),
        "rev": rev,
        "name": name,
        "tz": tz,
        "date": day.isoformat(),
        "last_sync": f"{day.isoformat()}T10:{n:02d}:00+01:00",
        "today": today,
        "week": week,
        "period": period,
        "period_name": "month",
        "period_start": day.replace(day=1).isoformat(),
        "period_end": "2026-11-30",
        "quota": quota,
        "targets": dict(targets or TARGETS),
        "rates": rates,
        "streak": streak,
        "level": level,
        "xp": xp,
        "hidden": hidden,
        "manager": manager,
        "recent": {"days": [d.isoformat() for d in days], "counts": counts},
    }


def doc(entries: list[dict], standard: dict | None = STANDARD, std_rev: int = 1) -> dict:
    return {
        "format": "repdash-team",
        "version": 1,
        "standard": (
            {
                "rev": std_rev,
                "kinds": standard,
                "set_by": rid(99),
                "set_by_name": "Maria Chen",
                "set_at": "2026-11-20T09:00:00+01:00",
            }
            if standard
            else None
        ),
        "reps": {e["rep_id"]: e for e in entries},
    }


def demo_team() -> dict:
    """Nine people: three tiers, a hidden rep, a rep named like markup, a stale rep, a manager."""
    return doc(
        [
            entry(
                1,
                "Ana Smith",
                {"call": 48, "pitch": 10, "commit": 4, "deal": 1},
                today={"call": 41, "pitch": 9, "commit": 3, "deal": 1},
                streak=7,
                level=6,
                xp=5200,
                deals=14,
            ),
            entry(
                2,
                "Ben Okafor",
                {"call": 44, "pitch": 9, "commit": 3, "deal": 1},
                today={"call": 40, "pitch": 8, "commit": 3, "deal": 1},
                streak=4,
                level=5,
                xp=4100,
                deals=12,
            ),
            entry(
                3,
                "[bold red]Boss[/]",
                {"call": 38, "pitch": 7, "commit": 3, "deal": 1},
                today={"call": 22, "pitch": 4, "commit": 1, "deal": 0},
                streak=0,
                level=4,
                xp=3000,
                deals=10,
            ),
            entry(
                4,
                "Chloé Martin",
                {"call": 35, "pitch": 7, "commit": 2, "deal": 0},
                today={"call": 18, "pitch": 3, "commit": 1, "deal": 0},
                level=4,
                xp=2600,
                deals=7,
            ),
            entry(
                5,
                "Dev Patel",
                {"call": 30, "pitch": 6, "commit": 2, "deal": 0},
                today={"call": 12, "pitch": 2, "commit": 0, "deal": 0},
                level=3,
                xp=1800,
                deals=5,
            ),
            entry(
                6,
                "Eve Nakamura",
                {"call": 25, "pitch": 5, "commit": 1, "deal": 0},
                today={"call": 9, "pitch": 1, "commit": 0, "deal": 0},
                level=2,
                xp=900,
                deals=3,
            ),
            entry(
                7,
                "Finn Weber",
                {"call": 20, "pitch": 4, "commit": 1, "deal": 0},
                day=TODAY - timedelta(days=1),
                today={"call": 15, "pitch": 3, "commit": 1, "deal": 0},
                level=2,
                xp=700,
                deals=2,
            ),
            entry(
                8,
                "Gia Rossi",
                {"call": 42, "pitch": 8, "commit": 3, "deal": 1},
                today={"call": 40, "pitch": 8, "commit": 3, "deal": 1},
                hidden=True,
                streak=2,
                level=5,
                xp=3900,
                deals=11,
            ),
            entry(
                9,
                "Maria Chen",
                {"one_on_one": 2, "coaching": 1, "call": 0, "pitch": 0, "commit": 0, "deal": 0},
                today={"one_on_one": 1, "coaching": 1, "call": 0, "pitch": 0, "commit": 0, "deal": 0},
                manager=True,
                targets={**TARGETS, "one_on_one": 2, "coaching": 1},
                level=7,
                xp=6400,
                deals=0,
            ),
        ]
    )


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# A small team for the board rules: two reps and a manager.
AT_STANDARD = {"call": 41, "pitch": 9, "commit": 3, "deal": 1}
BELOW = {"call": 10, "pitch": 2, "commit": 0, "deal": 0}
MANAGER_DAY = {"one_on_one": 2, "coaching": 1, "call": 0, "pitch": 0, "commit": 0, "deal": 0}


def small_team(manager_targets: dict | None = None) -> dict:
    """Two reps (one at standard today) and a manager who has done their own part today."""
    return doc(
        [
            entry(1, "Ana Smith", {"call": 44, "pitch": 9, "commit": 3, "deal": 1}, today=AT_STANDARD),
            entry(2, "Ben Okafor", {"call": 30, "pitch": 6, "commit": 2, "deal": 0}, today=BELOW),
            entry(
                9,
                "Maria Chen",
                MANAGER_DAY,
                today=MANAGER_DAY,
                manager=True,
                targets=manager_targets or {**TARGETS, "one_on_one": 2, "coaching": 1},
            ),
        ]
    )
