"""Temp files a kill left between write and rename are removed when the store is opened;
nothing else is touched. `init` run again keeps the sync state."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from repdash.store.atomic import atomic_write
from repdash.store.local import LocalStore


def killed_mid_write(path: Path) -> None:
    """Leave the temp file a SIGKILL between write and rename leaves (a forked child dies there)."""
    pid = os.fork()
    if pid == 0:
        os.replace = lambda *a, **kw: os._exit(9)
        try:
            atomic_write(path, b"{}")
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9


def temps(home: Path) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*.tmp"))


@pytest.mark.skipif(sys.platform == "win32", reason="os.fork is POSIX")
def test_temp_files_left_by_a_kill_are_removed_on_open(store, home, frozen_now):
    store.log("call", now=frozen_now)
    day = store.day_path(store.today(frozen_now))
    for path in (home / "repdash.json", home / "recent.json", home / "totals.json", home / "team_cache.json", day):
        killed_mid_write(path)
    assert len(temps(home)) == 5
    LocalStore(home).check()
    assert temps(home) == []
    assert len(LocalStore(home).entries()) == 1


def test_only_our_own_temp_names_in_our_own_folders_are_removed(store, home, frozen_now):
    store.log("call", now=frozen_now)
    year = store.day_path(store.today(frozen_now)).parent
    foreign = [
        home / ".notes.txt.abcd1234.tmp",  # not one of our files
        home / ".repdash.json.tmp",  # no random part
        home / ".repdash.json.ABCD1234.tmp",  # not mkstemp's alphabet
        home / "repdash.json.abcd1234.tmp",  # no leading dot
        home / "mine.tmp",
        year / ".notes.json.abcd1234.tmp",
        home / "days" / "misc" / ".2026-11-26.json.abcd1234.tmp",  # not a year folder
        home / "elsewhere" / ".repdash.json.abcd1234.tmp",
    ]
    for path in foreign:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep me")
    (home / ".recent.json.abcd1234.tmp").mkdir()  # a folder, not a temp file
    ours = [home / ".recent.json.x_9z8y7w.tmp", year / ".2026-11-26.json.q1w2e3r4.tmp"]
    for path in ours:
        path.write_text("{")
    LocalStore(home).check()
    assert all(p.read_text() == "keep me" for p in foreign)
    assert (home / ".recent.json.abcd1234.tmp").is_dir()
    assert not any(p.exists() for p in ours)


def test_a_command_cleans_up_and_a_clean_home_is_left_alone(run_cli, home):
    assert run_cli("init", "--name", "Ana Smith", "--tz", "Europe/Berlin").code == 0
    (home / ".repdash.json.abcdefgh.tmp").write_text("{")
    res = run_cli("status")
    assert res.code == 0, res.err
    assert temps(home) == []


def test_init_again_keeps_identity_and_sync_state(store, home, frozen_now):
    """Seen: a second `init` dropped sync_rev and last_sync (the next sync then went back to revision 0)."""
    store.update_config(sync_rev=7, last_sync="2026-11-26T09:00:00+01:00", standard={"call": 30})
    rep_id = store.config.rep_id
    again = LocalStore(home)
    config = again.init("Ana B. Smith", quota=30, now=frozen_now)
    assert config.name == "Ana B. Smith" and config.quota == 30
    reread = LocalStore(home).config
    assert (reread.rep_id, reread.sync_rev, reread.last_sync, reread.standard) == (
        rep_id,
        7,
        "2026-11-26T09:00:00+01:00",
        {"call": 30},
    )
