"""Unit tests of the local store: layout, caches, targets history, undo, import rollback, refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pendulum
import pytest

from repdash.errors import Failure
from repdash.store.atomic import atomic_write
from repdash.store.local import SCHEMA, LocalStore, StoreError
from repdash.store.tinystore import AtomicJSONStorage, CorruptStoreError, open_db
from repdash.store.undo_stack import UNDO_DEPTH

TZ = "Europe/Berlin"


def at(iso: str) -> pendulum.DateTime:
    return pendulum.parse(iso)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- layout -----------------------------------------------------------------------


def test_entries_live_in_one_file_per_local_day(store, home, frozen_now):
    e1 = store.log("call", 2, now=frozen_now)
    e2 = store.log("pitch", at=at("2026-11-25T23:30:00+01:00"), now=frozen_now)
    # 23:30 in UTC on the 25th is 00:30 on the 26th in Berlin: today's file
    e3 = store.log("deal", at=at("2026-11-25T23:30:00+00:00"), now=frozen_now)
    assert store.day_path(date(2026, 11, 26)) == home / "days" / "2026" / "2026-11-26.json"
    assert {e.id for e in store.day_entries(date(2026, 11, 26))} == {e1.id, e3.id}
    assert [e.id for e in store.day_entries(date(2026, 11, 25))] == [e2.id]
    assert store.stored_days() == [date(2026, 11, 25), date(2026, 11, 26)]


def test_an_entry_records_offset_local_date_and_zone(store, frozen_now):
    e = store.log("commit", 3, at=at("2026-11-25T18:00:00-05:00"), now=frozen_now)
    assert e.at == "2026-11-26T00:00:00+01:00"
    assert e.date == "2026-11-26"
    assert e.tz == TZ
    assert e.count == 3
    stored = store.day_entries(date(2026, 11, 26))[0]
    assert stored == e
    assert pendulum.parse(stored.at).utcoffset().total_seconds() == 3600


def test_logging_rewrites_only_todays_file(store, home, frozen_now):
    store.log("call", at=at("2026-11-02T09:00:00+01:00"), now=frozen_now)
    store.log("call", at=at("2026-10-02T09:00:00+02:00"), now=frozen_now)
    old = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (home / "days").rglob("*.json")}
    store.log("call", now=frozen_now)
    for p, (data, mtime) in old.items():
        assert p.read_bytes() == data and p.stat().st_mtime_ns == mtime


def test_no_temporary_files_are_left_behind(store, home, frozen_now):
    for _ in range(5):
        store.log("call", now=frozen_now)
    store.undo(now=frozen_now)
    assert not [p for p in home.rglob("*") if p.name.endswith(".tmp")]


# ---- totals cache -------------------------------------------------------------------


def test_daily_counts_sum_per_day(store, frozen_now):
    store.log("call", 3, now=frozen_now)
    store.log("call", 2, now=frozen_now)
    store.log("deal", at=at("2026-11-24T12:00:00+01:00"), now=frozen_now)
    assert store.daily_counts() == {date(2026, 11, 24): {"deal": 1}, date(2026, 11, 26): {"call": 5}}
    assert store.daily_counts(since=date(2026, 11, 25)) == {date(2026, 11, 26): {"call": 5}}
    assert store.daily_counts(until=date(2026, 11, 25)) == {date(2026, 11, 24): {"deal": 1}}
    assert store.day_counts(date(2026, 11, 26)) == {"call": 5}
    assert store.day_counts(date(2026, 11, 20)) == {}


def test_totals_cache_follows_writes_by_another_process(store, home, frozen_now):
    store.log("call", now=frozen_now)
    assert store.day_counts(date(2026, 11, 26)) == {"call": 1}
    other = LocalStore(home)
    other.log("call", 4, now=frozen_now)
    other.log("pitch", at=at("2026-11-23T10:00:00+01:00"), now=frozen_now)
    assert store.day_counts(date(2026, 11, 26)) == {"call": 5}
    assert store.daily_counts()[date(2026, 11, 23)] == {"pitch": 1}


def test_totals_cache_is_not_fooled_by_an_equal_mtime(store, home, frozen_now):
    """mtime ticks coarsely: a write by another process within one tick keeps the mtime."""
    day = date(2026, 11, 26)
    store.log("call", now=frozen_now)
    assert store.day_counts(day) == {"call": 1}
    path = store.day_path(day)
    st = path.stat()
    LocalStore(home).log("call", now=frozen_now)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert store.day_counts(day) == {"call": 2}
    assert store.daily_counts()[day] == {"call": 2}


def test_stale_cache_file_is_rebuilt(store, home, frozen_now):
    store.log("call", 2, now=frozen_now)
    store.daily_counts()  # a full read saves the cache
    stale = (home / "totals.json").read_bytes()
    store.log("call", 3, now=frozen_now)
    (home / "totals.json").write_bytes(stale)  # e.g. restored from an old backup
    assert LocalStore(home).daily_counts() == {date(2026, 11, 26): {"call": 5}}


def test_a_key_rewrites_nothing_that_grows_with_history(store, home, frozen_now):
    """A logged key writes the undo stack and today's file, not the totals of every past day:
    that cache is saved by the next full read, and a store opened before then is still right."""
    past = [frozen_now.subtract(days=i) for i in range(1, 120)]
    store.add_entries([store.make_entry("call", 3, d, source="log", now=d) for d in past])
    assert len(store.daily_counts()) == 119

    def versions() -> dict[str, tuple[int, int]]:
        return {str(p.relative_to(home)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in home.rglob("*.json")}

    before = versions()
    store.log("call", now=frozen_now)
    after = versions()
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed == ["days/2026/2026-11-26.json", "recent.json"]
    assert LocalStore(home).daily_counts()[date(2026, 11, 26)] == {"call": 1}  # stamps catch the stale cache
    store.daily_counts()  # the next full read saves it
    assert json.loads((home / "totals.json").read_text())["2026-11-26"][1] == {"call": 1}
    store.undo(now=frozen_now)
    assert date(2026, 11, 26) not in LocalStore(home).daily_counts()


def test_a_key_does_not_parse_the_day_file_it_just_wrote(store, home, frozen_now, monkeypatch):
    """The store knows what it wrote under its lock: the totals and the screen's list of
    today's entries come from that, not from parsing today's file again (a key grew by 0.8 ms
    per 250 entries today). What it knows is what a fresh reader finds on disk."""
    import repdash.store.local as local

    day = date(2026, 11, 26)
    store.log("call", now=frozen_now)
    store.log("deal", at=at("2026-11-20T12:00:00+01:00"), now=frozen_now)  # a backfill
    reads: list[Path] = []
    real = local.table_docs
    monkeypatch.setattr(local, "table_docs", lambda path, table: reads.append(path) or real(path, table))
    store.log("pitch", now=frozen_now)
    store.log("call", 2, now=frozen_now)
    assert store.day_counts(day) == {"call": 3, "pitch": 1}
    assert [e.kind for e in store.day_entries(day)] == ["call", "pitch", "call"]
    assert reads == []
    fresh = LocalStore(home)
    assert fresh.day_entries(day) == store.day_entries(day)
    expected = {date(2026, 11, 20): {"deal": 1}, day: {"call": 3, "pitch": 1}}
    assert fresh.daily_counts() == store.daily_counts() == expected


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[1, 2]",
        b'{"2026-11-26": 7}',
        b'{"x": [1, {}]}',
        b'{"2026-11-26": [[1, 2, 3], {"call": "many"}]}',
    ],
)
def test_damaged_cache_file_is_rebuilt(store, home, frozen_now, damage):
    store.log("call", 2, now=frozen_now)
    store.log("deal", at=at("2026-11-20T12:00:00+01:00"), now=frozen_now)
    (home / "totals.json").write_bytes(damage)
    fresh = LocalStore(home)
    assert fresh.daily_counts() == {date(2026, 11, 20): {"deal": 1}, date(2026, 11, 26): {"call": 2}}
    # and the rebuilt cache is saved again
    assert json.loads((home / "totals.json").read_text())["2026-11-26"][1] == {"call": 2}


def test_missing_cache_file_is_rebuilt_and_removed_days_are_dropped(store, home, frozen_now):
    store.log("call", now=frozen_now)
    store.log("pitch", at=at("2026-11-20T12:00:00+01:00"), now=frozen_now)
    store.daily_counts()  # a full read saves the cache
    (home / "totals.json").unlink()
    fresh = LocalStore(home)
    assert fresh.daily_counts() == {date(2026, 11, 20): {"pitch": 1}, date(2026, 11, 26): {"call": 1}}
    fresh.day_path(date(2026, 11, 20)).unlink()
    assert fresh.daily_counts() == {date(2026, 11, 26): {"call": 1}}
    assert LocalStore(home).daily_counts() == {date(2026, 11, 26): {"call": 1}}


# ---- config and targets history -------------------------------------------------------


def test_init_stores_schema_config_and_targets(store, home):
    with open_db(home / "repdash.json") as db:
        assert db.table("meta").all()[0]["schema"] == SCHEMA
    assert store.config.name == "Ana Smith"
    assert store.tz == TZ
    assert set(store.targets) == {"call", "pitch", "commit", "deal"}
    reopened = LocalStore(home)
    assert reopened.config == store.config
    assert reopened.initialized


def test_targets_history_gives_the_targets_in_force_each_day(store, home):
    first = store.targets
    store.set_targets({"call": 10}, now=at("2026-12-01T09:00:00+01:00"))
    store.set_targets({"call": 20, "deal": 0}, now=at("2026-12-10T09:00:00+01:00"))
    history = LocalStore(home).targets_history()
    # init's targets are dated the start date (1 Oct), not the day of init (26 Nov): issue 20
    assert [h["date"] for h in history] == ["2026-10-01", "2026-12-01", "2026-12-10"]
    targets_on = LocalStore(home).targets_on_factory()
    assert targets_on(date(2026, 11, 30)) == first
    assert targets_on(date(2026, 12, 1))["call"] == 10
    assert targets_on(date(2026, 12, 9))["call"] == 10
    assert targets_on(date(2026, 12, 10)) == {**first, "call": 20, "deal": 0}
    assert targets_on(date(2027, 3, 1)) == LocalStore(home).targets
    # before the first row, the first targets we know (never today's: no change reaches back)
    assert targets_on(date(2025, 1, 1)) == first


def test_two_targets_changes_on_one_day_the_later_wins(store):
    store.set_targets({"call": 10}, now=at("2026-12-01T09:00:00+01:00"))
    store.set_targets({"call": 12}, now=at("2026-12-01T15:00:00+01:00"))
    assert store.targets_on_factory()(date(2026, 12, 1))["call"] == 12


# ---- undo -----------------------------------------------------------------------------


def test_undo_pops_in_reverse_logging_order_across_days(store, frozen_now):
    a = store.log("call", now=frozen_now)
    b = store.log("pitch", at=at("2026-11-20T12:00:00+01:00"), now=frozen_now.add(seconds=1))
    c = store.log("deal", now=frozen_now.add(seconds=2))
    assert [store.undo(now=frozen_now).id for _ in range(3)] == [c.id, b.id, a.id]
    assert store.undo(now=frozen_now) is None
    assert store.entries() == []
    assert store.daily_counts() == {}


def test_undo_survives_reopening_and_skips_entries_already_gone(store, home, frozen_now):
    a = store.log("call", now=frozen_now)
    b = store.log("pitch", now=frozen_now.add(seconds=1))
    # b disappears behind the stack's back (e.g. removed by another process's undo)
    other = LocalStore(home)
    assert other.undo(now=frozen_now).id == b.id
    assert store.undo(now=frozen_now).id == a.id
    assert LocalStore(home).undo(now=frozen_now) is None


def test_undo_stack_is_bounded(store, home, frozen_now):
    for i in range(UNDO_DEPTH + 20):
        store.log("call", now=frozen_now.add(seconds=i))
    with open_db(home / "recent.json") as db:
        items = db.table("stack").all()[0]["items"]
    assert len(items) == UNDO_DEPTH


def test_undo_without_a_stack_removes_the_newest_entry(store, home, frozen_now):
    store.log("call", now=frozen_now)
    newest = store.log("deal", at=at("2026-11-20T12:00:00+01:00"), now=frozen_now.add(seconds=5))
    (home / "recent.json").unlink()
    assert LocalStore(home).undo(now=frozen_now).id == newest.id


def test_undo_with_nothing_writes_nothing(store, home, frozen_now):
    before = files(home)
    assert store.undo(now=frozen_now) is None
    assert files(home) == before


# ---- import: all or nothing --------------------------------------------------------------


def test_add_entries_writes_many_days_at_once(store, frozen_now):
    entries = [
        store.make_entry("call", 1, at(f"2026-11-{d:02d}T09:00:00+01:00"), source="import", now=frozen_now)
        for d in range(2, 26)
    ]
    assert store.add_entries(entries) == len(entries)
    assert len(store.entries()) == len(entries)
    assert len(store.daily_counts()) == len(entries)
    assert store.add_entries([]) == 0


def test_an_interrupted_import_is_rolled_back_on_the_next_open(store, home, frozen_now):
    keep = store.log("call", now=frozen_now)
    keep_old = store.log("pitch", at=at("2026-11-02T09:00:00+01:00"), now=frozen_now)
    # Simulate a crash mid-import: the pending marker is written, then part of the batch.
    batch = "deadbeef"
    store.set_pending_import({"batch": batch, "days": ["2026-11-02", "2026-11-03", "2026-11-26"]})
    for iso in ("2026-11-02", "2026-11-26"):  # 2026-11-03 never got written
        e = store.make_entry("deal", 5, at(f"{iso}T08:00:00+01:00"), source="import", now=frozen_now)
        with open_db(store.day_path(date.fromisoformat(iso))) as db:
            db.table("entries").insert({**e.as_dict(), "batch": batch})
    assert store.daily_counts()[date(2026, 11, 26)] == {"call": 1, "deal": 5}

    reopened = LocalStore(home)
    reopened.check()
    assert {e.id for e in reopened.entries()} == {keep.id, keep_old.id}
    assert reopened.daily_counts() == {date(2026, 11, 2): {"pitch": 1}, date(2026, 11, 26): {"call": 1}}
    with open_db(home / "repdash.json") as db:
        assert db.table("meta").all()[0].get("pending_import") is None
    # the next open has nothing to roll back and changes nothing
    before = files(home)
    LocalStore(home).check()
    assert files(home) == before


def test_a_completed_import_leaves_no_pending_marker(store, home, frozen_now):
    store.add_entries([store.make_entry("call", 2, at("2026-11-02T09:00:00+01:00"), now=frozen_now)])
    with open_db(home / "repdash.json") as db:
        assert db.table("meta").all()[0].get("pending_import") is None
    LocalStore(home).check()
    assert len(LocalStore(home).entries()) == 1


# ---- refusals ------------------------------------------------------------------------------


def test_a_store_from_a_newer_schema_is_refused_and_left_alone(store, home, frozen_now):
    store.log("call", now=frozen_now)
    with open_db(home / "repdash.json") as db:
        db.table("meta").update({"schema": SCHEMA + 1})
    before = files(home)
    fresh = LocalStore(home)
    with pytest.raises(StoreError, match="newer"):
        fresh.check()
    assert isinstance(StoreError("x"), Failure)  # exit 1 on the command line
    assert files(home) == before


def test_a_corrupt_main_file_is_a_clear_store_error(store, home):
    (home / "repdash.json").write_text('{"meta": {"1": {"schema": 1}}, "config": ')
    with pytest.raises(StoreError, match="repdash.json"):
        LocalStore(home).check()


@pytest.mark.parametrize("content", [b"{truncated", b"\xff\xfe\x00", b"[]", b'"text"'])
def test_atomic_storage_on_a_corrupt_file_raises_a_clear_error(tmp_path, content):
    path = tmp_path / "f.json"
    path.write_bytes(content)
    with pytest.raises(CorruptStoreError) as err:
        AtomicJSONStorage(path).read()
    assert str(path) in str(err.value)
    assert isinstance(err.value, Failure)  # the command line reports it as a runtime failure
    assert path.read_bytes() == content  # never overwritten


def test_atomic_storage_reads_empty_and_missing_files_as_empty(tmp_path):
    assert AtomicJSONStorage(tmp_path / "missing.json").read() is None
    (tmp_path / "empty.json").write_bytes(b"  \n")
    assert AtomicJSONStorage(tmp_path / "empty.json").read() is None
    storage = AtomicJSONStorage(tmp_path / "x.json")
    storage.write({"t": {"1": {"a": "ü [/]"}}})
    assert storage.read() == {"t": {"1": {"a": "ü [/]"}}}


def test_atomic_write_replaces_whole_files_and_cleans_up_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "f.bin"
    atomic_write(path, b"one")
    atomic_write(path, b"two")
    assert path.read_bytes() == b"two"

    def boom(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(path, b"three")
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.bin"]


def test_a_corrupt_day_file_fails_cleanly_on_the_command_line(store, home, frozen_now):
    store.log("call", now=frozen_now)
    store.day_path(date(2026, 11, 26)).write_text("{oops")
    (home / "totals.json").unlink(missing_ok=True)  # no cache to answer from
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(home), REPDASH_NOW=frozen_now.isoformat(), TZ=TZ)
    proc = subprocess.run(
        [sys.executable, "-m", "repdash", "status"], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("repdash:") and "2026-11-26.json" in proc.stderr


# ---- concurrent writers -----------------------------------------------------------------------

WRITER = """
import sys
from repdash.store.local import LocalStore
s = LocalStore(sys.argv[1])
for i in range(int(sys.argv[2])):
    print(s.log("call").id, flush=True)
"""


def test_concurrent_writers_lose_no_entry(store, home):
    """The dashboard and a `repdash log` may write at the same moment."""
    n = 40
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(home), str(n)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    acked = set()
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        acked |= set(out.split())
    assert len(acked) == 3 * n
    fresh = LocalStore(home)
    assert {e.id for e in fresh.entries()} == acked
    assert sum(c.get("call", 0) for c in fresh.daily_counts().values()) == 3 * n
