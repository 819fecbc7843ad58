"""The daily totals cache (`totals.json`): totals per kind for every day file, keyed by the file's stamp.

Start-up does not parse a year of history: a day whose file's stamp (mtime, size, inode) is the
one cached is not read again; a stale or damaged cache is rebuilt from the day files. It holds every
day, so a key does not rewrite it: a key marks it unsaved and the next full read (`daily_counts`:
the achievement check after a burst of keys, start-up, `status`) saves it. Only a cache: written
atomically but not fsynced, and a failed write is ignored. Callers hold the store's lock to write.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Protocol

from repdash.store.atomic import atomic_write
from repdash.store.safe_read import UnreadableFile, read_regular

Stamp = tuple[int, ...]  # what identifies one version of a day file
Totals = dict[str, int]  # kind -> count


class Counted(Protocol):
    """What a total needs of an entry."""

    @property
    def kind(self) -> str: ...
    @property
    def count(self) -> int: ...


def totals_of(counts: Iterable[tuple[str, int]]) -> Totals:
    """The day's totals per kind from (kind, count) pairs: the one sum of a day file's entries."""
    totals: Totals = {}
    for kind, count in counts:
        totals[kind] = totals.get(kind, 0) + count
    return totals


class TotalsCache:
    """`stamp(day)` is the day file's current stamp (None: no file), `day_entries(day)` its
    entries, `stored_days()` every day with a file."""

    def __init__(
        self,
        path: Path,
        stamp: Callable[[date], Stamp | None],
        day_entries: Callable[[date], Iterable[Counted]],
        stored_days: Callable[[], list[date]],
    ) -> None:
        self.path = path
        self._stamp = stamp
        self._day_entries = day_entries
        self._stored_days = stored_days
        self._totals: dict[date, tuple[Stamp, Totals]] | None = None
        # True when the totals in memory are newer than totals.json (a key updated them).
        self.unsaved = False

    def load(self) -> dict[date, tuple[Stamp, Totals]]:
        """The cache in memory (read from totals.json the first time)."""
        if self._totals is None:
            self._totals = {}
            try:
                raw = json.loads(read_regular(self.path) or b"{}")
                for iso, (stamp, counts) in raw.items():
                    stamp = tuple(int(x) for x in stamp) if isinstance(stamp, list) else (int(stamp),)
                    self._totals[date.fromisoformat(iso)] = (stamp, {k: int(v) for k, v in counts.items()})
            except (OSError, ValueError, TypeError, AttributeError, RecursionError, UnreadableFile):
                self._totals = {}  # a missing or damaged cache is rebuilt from the day files
        return self._totals

    def put(self, day: date, stamp: Stamp, totals: Totals) -> None:
        """The totals of a day file this process just wrote (no second parse); saved later."""
        self.load()[day] = (stamp, totals)
        self.unsaved = True

    def refresh(self, days: Iterable[date], save: bool = True) -> None:
        """Re-read `days` from their files (a day without a file leaves the cache)."""
        cache = self.load()
        for day in days:
            stamp = self._stamp(day)
            if stamp is None:
                cache.pop(day, None)
            else:
                cache[day] = (stamp, totals_of((e.kind, e.count) for e in self._day_entries(day)))
        if save:
            self.save()
        else:
            self.unsaved = True

    def save(self) -> None:
        cache = self.load()
        self.unsaved = False
        data = {d.isoformat(): [list(stamp), counts] for d, (stamp, counts) in sorted(cache.items())}
        try:
            # Only a cache, checked against the day files: atomic (a kill never tears it),
            # but not worth an fsync on every key.
            atomic_write(self.path, json.dumps(data, separators=(",", ":")).encode(), durable=False)
        except OSError:
            pass  # only a cache

    def daily_counts(self, since: date | None = None, until: date | None = None) -> dict[date, Totals]:
        """Totals per kind for every local date with activity (a stat per day file, parse only stale ones)."""
        cache = self.load()
        stale = []
        seen = set()
        for day in self._stored_days():
            seen.add(day)
            if (since and day < since) or (until and day > until):
                continue
            hit = cache.get(day)
            stamp = self._stamp(day)
            if stamp is None:
                continue
            if not hit or hit[0] != stamp:
                stale.append(day)
        gone = [d for d in cache if d not in seen]
        if stale or gone or self.unsaved:
            for d in gone:
                cache.pop(d, None)
            self.refresh(stale)
        return {
            d: dict(counts)
            for d, (_, counts) in sorted(cache.items())
            if counts and not ((since and d < since) or (until and d > until))
        }

    def day_counts(self, day: date) -> Totals:
        """Totals of one day: one stat, a parse only when the file changed (the keystroke path)."""
        cache = self.load()
        stamp = self._stamp(day)
        if stamp is None:
            return {}
        hit = cache.get(day)
        if not hit or hit[0] != stamp:
            self.refresh([day])
            hit = cache.get(day)
        return dict(hit[1]) if hit else {}
