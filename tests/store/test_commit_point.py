"""One commit point for a log and an undo: the day file. The undo stack is an index to it.

A crash is simulated at every file replacement a `log` or an `undo` makes, just before and
just after the rename (a forked child exits there, as a SIGKILL would leave it). After each
crash the store must hold what was acknowledged, and the next undo must remove exactly the
newest entry on disk. tests/system/test_kill_sweep.py does the same with real SIGKILLs on a clock.
"""

from __future__ import annotations

import os
import sys

import pendulum
import pytest

from repdash.store.local import LocalStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="os.fork is POSIX")

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def newest_on_disk(store: LocalStore):
    return max(store.entries(), key=lambda e: e.logged_at, default=None)


def crash_at_replace(home, action, n: int, after: bool) -> bool:
    """Run `action(store)` in a forked child that dies at its n-th os.replace (before or after
    the rename). True when the child got that far (False: the action made fewer writes)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            real_replace, calls = os.replace, [0]

            def replace(src, dst, *a, **kw):
                calls[0] += 1
                if calls[0] == n and not after:
                    os._exit(9)
                real_replace(src, dst, *a, **kw)
                if calls[0] == n:
                    os._exit(9)

            os.replace = replace
            action(LocalStore(home))
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code in (0, 9), f"the child failed ({code})"
    return code == 9


def seeded(home) -> LocalStore:
    store = LocalStore(home)
    store.init("Ana Smith", tz="Europe/Berlin", now=NOW)
    for i, kind in enumerate(["call", "pitch", "commit", "call"]):
        store.log(kind, now=NOW.add(seconds=i))
    return store


def assert_undo_removes_the_newest(home) -> None:
    store = LocalStore(home)
    store.check()
    newest = newest_on_disk(store)
    before = {e.id for e in store.entries()}
    removed = store.undo(now=NOW)
    assert removed is not None and removed.id == newest.id, "undo removed another entry than the newest on disk"
    assert {e.id for e in LocalStore(home).entries()} == before - {newest.id}


@pytest.mark.parametrize("after", [False, True], ids=["before-rename", "after-rename"])
def test_a_crash_at_any_write_of_log_leaves_undo_in_step(tmp_path, after):
    crashes = 0
    for n in range(1, 10):
        home = tmp_path / f"log-{n}"
        seeded(home)
        before = {e.id for e in LocalStore(home).entries()}
        if not crash_at_replace(home, lambda s: s.log("deal", now=NOW.add(minutes=5)), n, after):
            break
        crashes += 1
        after_ids = {e.id for e in LocalStore(home).entries()}
        assert before <= after_ids and len(after_ids - before) <= 1, "a crashed log lost or invented entries"
        assert_undo_removes_the_newest(home)
    assert crashes >= 2, "log made fewer writes than expected: the test proved little"


@pytest.mark.parametrize("after", [False, True], ids=["before-rename", "after-rename"])
def test_a_crash_at_any_write_of_undo_leaves_undo_in_step(tmp_path, after):
    crashes = 0
    for n in range(1, 10):
        home = tmp_path / f"undo-{n}"
        store = seeded(home)
        before = {e.id for e in store.entries()}
        newest = newest_on_disk(store).id
        if not crash_at_replace(home, lambda s: s.undo(now=NOW), n, after):
            break
        crashes += 1
        after_ids = {e.id for e in LocalStore(home).entries()}
        assert after_ids in (before, before - {newest}), "a crashed undo removed another entry"
        assert_undo_removes_the_newest(home)
    assert crashes >= 2, "undo made fewer writes than expected: the test proved little"


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b"[]",
        b'{"stack": 5}',
        b'{"stack": {"1": {"items": "x"}}}',
        b'{"stack": {"1": {"items": [["2026-13-45", "abc"]]}}}',
        b'{"stack": {"1": {"items": [[1, 2]]}}}',
    ],
)
def test_a_damaged_undo_stack_is_rebuilt_from_the_day_files(tmp_path, damage):
    home = tmp_path / "home"
    store = seeded(home)
    ids = [e.id for e in sorted(store.entries(), key=lambda e: e.logged_at)]
    (home / "recent.json").write_bytes(damage)
    fresh = LocalStore(home)
    added = fresh.log("deal", now=NOW.add(minutes=1))  # the log does not fail on the damaged stack
    assert [fresh.undo(now=NOW).id for _ in range(3)] == [added.id, ids[-1], ids[-2]]


def test_a_damaged_undo_stack_with_nothing_logged_is_repaired_and_undo_finds_nothing(tmp_path):
    home = tmp_path / "home"
    store = LocalStore(home)
    store.init("Ana Smith", tz="Europe/Berlin", now=NOW)
    (home / "recent.json").write_bytes(b"{torn")
    assert store.undo(now=NOW) is None
    assert LocalStore(home).undo(now=NOW) is None


def test_a_corrupt_undo_stack_does_not_fail_log_on_the_command_line(run_cli, home):
    """Seen: `log` wrote the entry, then exited 1 on a corrupt recent.json; a retry counted it twice."""
    assert run_cli("init", "--name", "Ana Smith", "--tz", "Europe/Berlin").code == 0
    assert run_cli("log", "call").code == 0
    (home / "recent.json").write_text("{garbage")
    res = run_cli("log", "pitch")
    assert (res.code, res.err) == (0, ""), res.err
    res = run_cli("undo")
    assert res.code == 0 and "pitch" in res.out, (res.code, res.out, res.err)
    res = run_cli("undo")
    assert res.code == 0 and "call" in res.out, (res.code, res.out, res.err)


def test_a_log_into_a_damaged_day_file_fails_without_writing(run_cli, home):
    """A command that exits non-zero has not written: not even an id on the undo stack."""
    assert run_cli("init", "--name", "Ana Smith", "--tz", "Europe/Berlin").code == 0
    assert run_cli("log", "call").code == 0
    day = next((home / "days").rglob("*.json"))
    day.write_text("{oops")
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    res = run_cli("log", "pitch")
    assert res.code == 1 and res.err.startswith("repdash:") and "Traceback" not in res.err, res.err
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before
