"""What an import changes in the log: pure, from the parsed activities and the stored entries.

One entry per CRM record (its `ref`): a new record is added, a record whose kind, time or amount
changed updates its entry, an unchanged one is left alone. Nothing is counted twice against what
the rep logged by hand: per local day and kind, the CRM records and the hand-logged count are the
same activity as far as they overlap, so the day counts max(hand, CRM). The overlapping CRM
entries are stored with count 0 ("already logged by hand"): they keep their record id (a re-import
finds them) and they back the hand entries (the CRM-backed share), without adding to any total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from repdash.core.crm.parse import Activity


class Stored(NamedTuple):
    """An entry of the log as the plan needs it."""

    id: str
    ref: str | None  # None: logged by hand (or a plain import)
    kind: str
    date: str
    at: str
    qty: int  # the stored count
    value: float | None = None


class DayKind(NamedTuple):
    date: str
    kind: str
    added: int
    updated: int
    crm: int  # CRM records that day and kind, after the import
    hand: int  # counted by hand that day and kind
    matched: int  # CRM records stored with count 0: already logged by hand


class Plan(NamedTuple):
    adds: list[tuple[Activity, int]]  # (activity, count to store)
    updates: list[tuple[Stored, Activity, int]]  # (old entry, new content, count)
    recounts: list[tuple[Stored, int]]  # unchanged records whose count changes (hand logs came or went)
    unchanged: int
    days: list[DayKind]  # every day and kind the file touches, in order

    @property
    def changes(self) -> bool:
        return bool(self.adds or self.updates or self.recounts)

    def by_kind(self) -> dict[str, int]:
        """Added plus updated entries per kind."""
        out: Counter[str] = Counter(a.kind for a, _ in self.adds)
        out.update(a.kind for _, a, _ in self.updates)
        return dict(out)

    def totals(self, field: str) -> dict[str, int]:
        """One DayKind field summed per kind (crm, hand, matched ...)."""
        out: Counter[str] = Counter()
        for d in self.days:
            out[d.kind] += getattr(d, field)
        return dict(out)


def _same(old: Stored, new: Activity) -> bool:
    return (old.kind, old.date, old.at, old.value) == (new.kind, new.date, new.at, new.value)


def plan(activities: Mapping[str, Activity], stored: Iterable[Stored]) -> Plan:
    stored = list(stored)
    by_ref = {s.ref: s for s in stored if s.ref}
    hand: Counter[tuple[str, str]] = Counter()
    for s in stored:
        if not s.ref:
            hand[(s.date, s.kind)] += s.qty
    adds: list[Activity] = []
    updates: list[tuple[Stored, Activity]] = []
    unchanged = 0
    for ref, act in activities.items():
        old = by_ref.get(ref)
        if old is None:
            adds.append(act)
        elif _same(old, act):
            unchanged += 1
        else:
            updates.append((old, act))
    affected = {(a.date, a.kind) for a in activities.values()} | {(o.date, o.kind) for o, _ in updates}
    moved = {o.ref for o, _ in updates}
    members: dict[tuple[str, str], list[tuple[str, str]]] = {dk: [] for dk in affected}
    for s in by_ref.values():
        dk = (s.date, s.kind)
        if dk in members and s.ref not in moved:
            members[dk].append((s.at, s.ref or ""))
    for a in [*adds, *(a for _, a in updates)]:
        members[(a.date, a.kind)].append((a.at, a.ref))
    counts: dict[str, int] = {}
    days = []
    added = Counter((a.date, a.kind) for a in adds)
    updated = Counter((a.date, a.kind) for _, a in updates)
    for dk in sorted(affected):
        refs = sorted(members[dk])
        matched = min(hand[dk], len(refs))
        for i, (_, ref) in enumerate(refs):
            counts[ref] = 0 if i < matched else 1
        days.append(DayKind(dk[0], dk[1], added[dk], updated[dk], len(refs), hand[dk], matched))
    new = {a.ref for a in adds}
    recounts = [
        (s, counts[s.ref])
        for s in by_ref.values()
        if s.ref in counts and s.ref not in moved and s.ref not in new and s.qty != counts[s.ref]
    ]
    return Plan(
        adds=[(a, counts[a.ref]) for a in adds],
        updates=[(o, a, counts[a.ref]) for o, a in updates],
        recounts=recounts,
        unchanged=unchanged,
        days=days,
    )


def backed_share(entries: Iterable[tuple[str | None, int]]) -> tuple[int, int]:
    """(CRM-backed, total) activity of (ref, count) entries: every CRM record backs one unit of
    activity (its own, or a hand-logged one it matched); the total is what the day counts."""
    backed = total = 0
    for ref, count in entries:
        total += count
        if ref:
            backed += 1
    return min(backed, total), total
