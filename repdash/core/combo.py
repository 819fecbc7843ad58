"""Combos and momentum: pure functions over entry timestamps (no Textual, no I/O).

A *combo* is a burst: entries each logged within COMBO_GAP of the previous one.
The multiplier is for the screen only: it never changes XP, so hammering the
call key earns nothing extra (XP stays weighted to deeper funnel stages).

*Momentum* is a gauge of the last hour: activity per 5-minute bucket and a 0..1
level against a pace (by default the rep's daily call target spread over a day).
Deeper kinds weigh more when kinds are given, as in XP.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import NamedTuple

COMBO_GAP = timedelta(minutes=3)
# (hits in the burst, multiplier)
COMBO_STEPS: tuple[tuple[int, int], ...] = ((3, 2), (5, 3), (8, 4), (12, 5))
MOMENTUM_WINDOW = timedelta(hours=1)
MOMENTUM_BUCKETS = 12
WORKDAY_HOURS = 8
# Relative weight of a kind in the momentum gauge (a call is 1).
KIND_WEIGHT: dict[str, float] = {"call": 1, "pitch": 2, "commit": 4, "deal": 8, "one_on_one": 3, "coaching": 3}
# Above zero activity: "warming up", then by level.
MOMENTUM_LABELS: tuple[tuple[float, str], ...] = (
    (0.4, "rolling"),
    (0.75, "hot"),
    (1.0, "on fire"),
)


class Combo(NamedTuple):  # a NamedTuple: defined on every start before the first frame, ~6x cheaper than a dataclass
    hits: int  # entries in the current burst (0 when the burst is over)
    multiplier: int  # 1 = no combo
    started: datetime | None
    expires: datetime | None  # when the burst ends unless something is logged

    @property
    def active(self) -> bool:
        return self.multiplier > 1

    @property
    def label(self) -> str:
        return f"COMBO ×{self.multiplier}" if self.active else ""


def multiplier_for(hits: int) -> int:
    m = 1
    for at, mult in COMBO_STEPS:
        if hits >= at:
            m = mult
    return m


def combo(times: Iterable[datetime], now: datetime, gap: timedelta = COMBO_GAP) -> Combo:
    """The burst that is still alive at `now`: entries each within `gap` of the previous one,
    the last within `gap` of now. Future timestamps (clock skew, backfills) are ignored."""
    ts = sorted(t for t in times if t <= now)
    if not ts or now - ts[-1] > gap:
        return Combo(0, 1, None, None)
    hits = 1
    start = ts[-1]
    for prev in reversed(ts[:-1]):
        if start - prev > gap:
            break
        hits += 1
        start = prev
    return Combo(hits, multiplier_for(hits), start, ts[-1] + gap)


class Momentum(NamedTuple):  # a NamedTuple: defined on every start before the first frame, ~6x cheaper than a dataclass
    buckets: tuple[float, ...]  # weight per bucket, oldest first
    total: float
    pace: float  # what one full hour at pace looks like
    level: float  # 0..1

    @property
    def label(self) -> str:
        if self.total <= 0:
            return "cold"
        name = "warming up"
        for at, n in MOMENTUM_LABELS:
            if self.level >= at:
                name = n
        return name

    def gauge(self, width: int = 10) -> str:
        """A text gauge like '██████░░░░'."""
        full = round(self.level * width)
        return "█" * full + "░" * (width - full)

    def spark(self) -> str:
        """One block character per bucket."""
        blocks = " ▁▂▃▄▅▆▇█"
        top = max(self.buckets, default=0) or 1
        return "".join(blocks[min(8, round(8 * b / top))] if b else "·" for b in self.buckets)


def pace_per_hour(targets: Mapping[str, int] | None, hours: float = WORKDAY_HOURS) -> float:
    """Weighted activity per hour that meets the daily targets over a working day."""
    if not targets:
        return 6.0
    total = sum(KIND_WEIGHT.get(k, 1) * n for k, n in targets.items())
    return max(1.0, total / hours)


def momentum(
    events: Iterable[datetime | tuple[datetime, str] | tuple[datetime, str, int]],
    now: datetime,
    pace: float = 6.0,
    window: timedelta = MOMENTUM_WINDOW,
    buckets: int = MOMENTUM_BUCKETS,
) -> Momentum:
    """The last hour's activity. Events: datetimes, or (datetime, kind[, count]) to weigh by kind."""
    size = window.total_seconds() / buckets
    start = now - window
    out = [0.0] * buckets
    for ev in events:
        if isinstance(ev, tuple):
            t, kind = ev[0], ev[1]
            count = ev[2] if len(ev) > 2 else 1
            w = KIND_WEIGHT.get(kind, 1) * count
        else:
            t, w = ev, 1.0
        if not (start < t <= now):
            continue
        i = min(buckets - 1, int((t - start).total_seconds() / size))
        out[i] += w
    total = sum(out)
    level = min(1.0, total / pace) if pace > 0 else 0.0
    return Momentum(tuple(out), total, pace, level)
