"""The parts LocalStore is a façade over, each on its own: the undo stack, the totals cache, the team cache.

Real files in a temporary folder; the day files are stood in for by plain functions, as the store
hands its own to the parts.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import NamedTuple

from repdash.store.team_cache import read_team_cache, write_team_cache
from repdash.store.totals_cache import TotalsCache, totals_of
from repdash.store.undo_stack import UNDO_DEPTH, UndoStack

D1, D2, D3 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)


class Logged(NamedTuple):
    date: str
    id: str
    kind: str = "call"
    count: int = 1
    source: str = "log"
    logged_at: str = ""


# ---- the undo stack -------------------------------------------------------------------


def test_the_stack_pushes_reads_and_keeps_the_newest(tmp_path):
    stack = UndoStack(tmp_path / "recent.json", lambda: [])
    assert stack.read() == []
    for i in range(UNDO_DEPTH + 5):
        stack.push(Logged("2026-11-26", f"id{i}"))
    items = UndoStack(tmp_path / "recent.json", lambda: []).read()
    assert len(items) == UNDO_DEPTH
    assert items[-1] == ["2026-11-26", f"id{UNDO_DEPTH + 4}"] and items[0] == ["2026-11-26", "id5"]


def test_a_damaged_stack_is_rebuilt_from_the_entries_in_logging_order_without_imports(tmp_path):
    path = tmp_path / "recent.json"
    entries = [
        Logged("2026-11-26", "b", logged_at="2026-11-26T10:00:00+00:00"),
        Logged("2026-11-25", "a", logged_at="2026-11-26T09:00:00+00:00"),
        Logged("2026-11-20", "imp", source="import", logged_at="2026-11-26T11:00:00+00:00"),
    ]
    for damage in (b"{not json", json.dumps({"stack": {"1": {"items": [["2026-13-45", "x"]]}}}).encode()):
        path.write_bytes(damage)
        assert UndoStack(path, lambda: entries).read() == [["2026-11-25", "a"], ["2026-11-26", "b"]]


def test_a_saved_stack_is_what_is_read_back(tmp_path):
    stack = UndoStack(tmp_path / "recent.json", lambda: [Logged("2026-11-26", "never")])
    stack.save([["2026-11-25", "a"], ["2026-11-26", "b"]])
    assert stack.read() == [["2026-11-25", "a"], ["2026-11-26", "b"]]


# ---- the totals cache -----------------------------------------------------------------


class Days:
    """Day files in memory: entries per day, and a stamp that changes with every write."""

    def __init__(self) -> None:
        self.entries: dict[date, list[Logged]] = {}
        self.stamps: dict[date, tuple[int, ...]] = {}
        self.reads: list[date] = []

    def write(self, day: date, *entries: Logged) -> None:
        self.entries[day] = list(entries)
        self.stamps[day] = (self.stamps.get(day, (0,))[0] + 1,)

    def remove(self, day: date) -> None:
        self.entries.pop(day)
        self.stamps.pop(day)

    def read(self, day: date) -> list[Logged]:
        self.reads.append(day)
        return self.entries.get(day, [])

    def cache(self, path: Path) -> TotalsCache:
        return TotalsCache(path, self.stamps.get, self.read, lambda: sorted(self.entries))


def test_totals_of_sums_counts_per_kind():
    assert totals_of([("call", 2), ("deal", 1), ("call", 3)]) == {"call": 5, "deal": 1}
    assert totals_of([]) == {}


def test_daily_counts_parse_each_day_once_then_only_changed_days(tmp_path):
    days = Days()
    days.write(D1, Logged("", "a", "call", 2), Logged("", "b", "deal", 1))
    days.write(D2, Logged("", "c", "pitch", 3))
    path = tmp_path / "totals.json"
    assert days.cache(path).daily_counts() == {D1: {"call": 2, "deal": 1}, D2: {"pitch": 3}}
    assert sorted(days.reads) == [D1, D2] and path.exists()
    # A new process: nothing changed, nothing parsed (the saved cache is trusted by stamp).
    days.reads.clear()
    assert days.cache(path).daily_counts() == {D1: {"call": 2, "deal": 1}, D2: {"pitch": 3}}
    assert days.reads == []
    # One day rewritten, one removed, one added: only the changed and new ones are read.
    days.write(D2, Logged("", "c", "pitch", 4))
    days.remove(D1)
    days.write(D3, Logged("", "d", "call", 1))
    assert days.cache(path).daily_counts() == {D2: {"pitch": 4}, D3: {"call": 1}}
    assert sorted(days.reads) == [D2, D3]
    assert days.cache(path).daily_counts(since=D3) == {D3: {"call": 1}}
    assert days.cache(path).daily_counts(until=D2) == {D2: {"pitch": 4}}


def test_a_put_is_used_without_a_parse_and_saved_by_the_next_full_read(tmp_path):
    days = Days()
    path = tmp_path / "totals.json"
    cache = days.cache(path)
    days.write(D3, Logged("", "a", "call", 7))
    cache.put(D3, days.stamps[D3], {"call": 7})
    assert cache.unsaved and not path.exists()
    assert cache.day_counts(D3) == {"call": 7} and days.reads == []
    assert cache.daily_counts() == {D3: {"call": 7}}
    assert not cache.unsaved and json.loads(path.read_bytes()) == {"2026-11-26": [[1], {"call": 7}]}


def test_a_stale_put_is_read_again_and_a_damaged_cache_rebuilt(tmp_path):
    days = Days()
    path = tmp_path / "totals.json"
    days.write(D3, Logged("", "a", "call", 1))
    cache = days.cache(path)
    cache.put(D3, (999,), {"call": 50})  # a stamp the file no longer has: never trusted
    assert cache.day_counts(D3) == {"call": 1}
    path.write_bytes(b'{"2026-11-26": "garbage"')
    assert days.cache(path).daily_counts() == {D3: {"call": 1}}


# ---- the team cache -------------------------------------------------------------------


def test_the_team_cache_round_trips_and_damage_reads_as_none(tmp_path):
    path = tmp_path / "team_cache.json"
    assert read_team_cache(path) is None
    view = {"reps": [{"name": "[bold]Ana[/]", "today": {"call": 3}}], "standard": {"call": 30}}
    write_team_cache(path, view)
    assert read_team_cache(path) == view
    for damage in (b"{truncated", b"[1, 2]", b""):
        path.write_bytes(damage)
        assert read_team_cache(path) is None


# ---- the import batch -----------------------------------------------------------------


def _doc(store, entry_id: str, iso: str, kind: str, count: int, ref: str, **more) -> dict:
    return {
        "id": entry_id, "at": f"{iso}T09:00:00+01:00", "date": iso, "tz": store.tz, "kind": kind,
        "count": count, "logged_at": f"{iso}T08:00:00+00:00", "source": "import", "ref": ref, **more,
    }  # fmt: skip


def test_the_newest_batch_is_undone_whole_and_what_it_replaced_comes_back(store, frozen_now):
    from repdash.store.batch import undo_newest_batch, write_batch
    from repdash.store.docfile import table_docs

    logged = store.log("call", 2, now=frozen_now)
    old = _doc(store, "old", "2026-11-20", "commit", 1, "crm:1")
    write_batch(store, [old])
    stored_old = table_docs(store.day_path(date(2026, 11, 20)), "entries")[0]  # as stored: with its batch
    # The record moved to the 24th and became a deal: the new batch replaces the old version.
    newer = _doc(store, "new", "2026-11-24", "deal", 1, "crm:1", replaces=stored_old)
    _, days = write_batch(store, [newer, _doc(store, "other", "2026-11-24", "call", 3, "crm:2")])
    assert days == ["2026-11-20", "2026-11-24"]
    assert {e.id for e in store.entries()} == {logged.id, "new", "other"}
    with store.write_lock():
        assert undo_newest_batch(store) == (2, [date(2026, 11, 24)])
    assert {e.id for e in store.entries()} == {logged.id, "old"}
    assert store.daily_counts() == {date(2026, 11, 20): {"commit": 1}, frozen_now.date(): {"call": 2}}
    with store.write_lock():
        assert undo_newest_batch(store) == (1, [date(2026, 11, 20)])
        assert undo_newest_batch(store) is None
    assert [e.id for e in store.entries()] == [logged.id]
