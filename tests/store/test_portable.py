"""Platform differences live in repdash/portable.py, and its portable path keeps the guarantees.

The lock test forces the path Windows takes (filelock alone, REPDASH_PORTABLE_ONLY=1) on
Linux and runs the store's concurrent-writer test through it.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import repdash
from repdash import portable
from repdash.store.atomic import atomic_write
from repdash.store.local import LocalStore

PACKAGE = Path(repdash.__file__).parent
UNIX_ONLY_MODULES = {"fcntl", "termios", "pwd", "grp", "tty", "msvcrt"}
UNIX_ONLY_NAMES = {"SIGHUP", "ttyname", "fchmod", "fchown", "getuid", "geteuid"}
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def platform_calls(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in UNIX_ONLY_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] in UNIX_ONLY_MODULES:
                found.append(node.module)
            elif node.module in ("signal", "os"):
                found += [a.name for a in node.names if a.name in UNIX_ONLY_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in UNIX_ONLY_NAMES:
            found.append(node.attr)
    return found


def test_no_module_but_portable_makes_a_platform_specific_call():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "portable.py":
            continue
        calls = platform_calls(path.read_text(encoding="utf-8"))
        if calls:
            offenders[str(path.relative_to(PACKAGE))] = calls
    assert offenders == {}


def test_the_walk_catches_each_kind_of_platform_call():
    # The check above must be able to fail.
    assert platform_calls("import fcntl") == ["fcntl"]
    assert platform_calls("import termios, json") == ["termios"]
    assert platform_calls("from pwd import getpwnam") == ["pwd"]
    assert platform_calls("import signal\nloop.add_signal_handler(signal.SIGHUP, f)") == ["SIGHUP"]
    assert platform_calls("from signal import SIGHUP") == ["SIGHUP"]
    assert platform_calls("import os\nos.ttyname(0)") == ["ttyname"]
    assert platform_calls("import json, os\nos.replace(a, b)") == []


# ---- the lock ---------------------------------------------------------------------

WRITER = """
import sys
from repdash.store.local import LocalStore
from repdash import portable
print(portable.ExclusiveLock(sys.argv[1] + "/probe.lock").kind, flush=True)
s = LocalStore(sys.argv[1])
for i in range(int(sys.argv[2])):
    print(s.log("call").id, flush=True)
"""


def run_writers(home: Path, portable_only: list[bool], n: int) -> tuple[set[str], list[str]]:
    procs = []
    for forced in portable_only:
        env = dict(os.environ, **{portable.PORTABLE_ONLY_ENV: "1" if forced else "0"})
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(home), str(n)], stdout=subprocess.PIPE, text=True, env=env
            )
        )
    acked, kinds = set(), []
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        lines = out.split()
        kinds.append(lines[0])
        acked |= set(lines[1:])
    return acked, kinds


@pytest.mark.parametrize("mix", [[True, True, True], [True, False, True, False]], ids=["filelock-only", "mixed"])
def test_concurrent_writers_on_the_portable_lock_lose_no_entry(tmp_path, mix):
    """The lock Windows gets (filelock) alone, and beside flock: writers exclude each other."""
    home = tmp_path / "home"
    LocalStore(home).init("Fay", tz="Europe/Berlin")
    n = 40
    acked, kinds = run_writers(home, mix, n)
    assert kinds == ["filelock" if forced else "flock" for forced in mix]
    assert len(acked) == len(mix) * n
    fresh = LocalStore(home)
    assert {e.id for e in fresh.entries()} == acked  # 0 lost
    assert sum(c.get("call", 0) for c in fresh.daily_counts().values()) == len(mix) * n


def test_the_lock_is_never_a_silent_no_op(tmp_path, monkeypatch):
    """Where no lock can be taken, writing fails loudly instead of going on unlocked."""
    monkeypatch.setenv(portable.PORTABLE_ONLY_ENV, "1")
    missing = tmp_path / "no" / "such" / "folder" / ".lock"
    (tmp_path / "no").write_text("a file where a folder should be")
    with pytest.raises(OSError):
        portable.ExclusiveLock(missing).acquire()


def test_a_held_lock_makes_another_process_wait_until_it_is_released(tmp_path, monkeypatch):
    monkeypatch.setenv(portable.PORTABLE_ONLY_ENV, "1")
    path = tmp_path / ".lock"
    waiter = (
        "import sys; from repdash import portable\n"
        "l = portable.ExclusiveLock(sys.argv[1]); l.acquire(); print('got it', flush=True)"
    )
    with portable.ExclusiveLock(path) as held:
        assert held.kind == "filelock"
        proc = subprocess.Popen(
            [sys.executable, "-c", waiter, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, **{portable.PORTABLE_ONLY_ENV: "0"}),
        )
        with pytest.raises(subprocess.TimeoutExpired):
            proc.communicate(timeout=1.5)  # blocked while we hold it
    out, _ = proc.communicate(timeout=30)
    assert out.strip() == "got it" and proc.returncode == 0


def test_the_os_drops_the_lock_of_a_killed_process(tmp_path):
    path = tmp_path / ".lock"
    holder = (
        "import sys, time; from repdash import portable\n"
        "l = portable.ExclusiveLock(sys.argv[1]); l.acquire(); print('held', flush=True); time.sleep(600)"
    )
    env = dict(os.environ, **{portable.PORTABLE_ONLY_ENV: "1"})
    proc = subprocess.Popen([sys.executable, "-c", holder, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "held"
    proc.kill()
    proc.wait(timeout=30)
    with portable.ExclusiveLock(path):  # would block forever if the lock outlived its process
        pass


# ---- replace, modes -----------------------------------------------------------------


def test_replace_retries_a_target_held_open_a_bounded_number_of_times(tmp_path, monkeypatch):
    src, dst = tmp_path / "new", tmp_path / "old"
    src.write_text("new")
    dst.write_text("old")
    real, calls = os.replace, []

    def held_twice(a, b):
        calls.append(1)
        if len(calls) <= 2:
            raise PermissionError(13, "being used by another process")
        real(a, b)

    monkeypatch.setattr(os, "replace", held_twice)
    portable.replace(src, dst)
    assert dst.read_text() == "new" and len(calls) == 3

    src.write_text("newer")
    calls.clear()
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append(1), (_ for _ in ()).throw(PermissionError(13, "x"))))
    with pytest.raises(PermissionError):
        portable.replace(src, dst, tries=4)
    assert len(calls) == 4 and dst.read_text() == "new"


def not_private(root: Path) -> dict[str, str]:
    """Every folder and file under root whose mode is not 0700 / 0600."""
    wrong = {}
    for p in [root, *sorted(root.rglob("*"))]:
        mode = stat.S_IMODE(p.stat().st_mode)
        if mode != (portable.PRIVATE_DIR if p.is_dir() else portable.PRIVATE_FILE):
            wrong[str(p.relative_to(root.parent))] = oct(mode)
    return wrong


@posix_only
def test_everything_in_the_reps_home_is_private_even_under_a_lax_umask(tmp_path):
    home = tmp_path / "data" / "repdash"
    old = os.umask(0o002)
    try:
        store = LocalStore(home)
        store.init("Fay", tz="Europe/Berlin")
        store.log("call")
        store.log("pitch")
        store.set_team_cache({"reps": []})
        store.daily_counts()
    finally:
        os.umask(old)
    assert list((home / "days").rglob("*.json")) and (home / ".lock").exists()
    assert not_private(home) == {}


@posix_only
def test_a_shared_file_is_created_0666_minus_the_umask_and_keeps_its_mode_on_replace(tmp_path):
    team = tmp_path / "team.json"
    old = os.umask(0o002)
    try:
        atomic_write(team, b"{}", shared=True)
        assert stat.S_IMODE(team.stat().st_mode) == 0o664
        os.chmod(team, 0o640)  # the folder's owner narrowed it
        atomic_write(team, b"{ }", shared=True)
        assert stat.S_IMODE(team.stat().st_mode) == 0o640 and team.read_bytes() == b"{ }"
        with portable.filelock_for(tmp_path / "team.json.lock"):
            pass
        assert stat.S_IMODE((tmp_path / "team.json.lock").stat().st_mode) == 0o664
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json", "team.json.lock"]


@posix_only
@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own a file by another group")
def test_a_shared_file_keeps_its_group_on_replace(tmp_path):
    team = tmp_path / "team.json"
    atomic_write(team, b"{}", shared=True)
    os.chown(team, -1, 1)  # group 'daemon' (gid 1) on Debian
    atomic_write(team, b"{ }", shared=True)
    assert team.stat().st_gid == 1


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian package) not installed")
@pytest.mark.parametrize("forced", ["1", "0"], ids=["filelock", "flock"])
def test_writers_finish_and_lose_nothing_under_a_truly_frozen_clock(tmp_path, forced):
    """`faketime -f` stops the clock outright (plain `faketime DATE` lets it run on from DATE).
    There time.sleep returns at once, so filelock's wait spins instead of sleeping but still
    ends when the holder lets go; flock waits in the kernel. A timed wait would never end."""
    home = tmp_path / "home"
    LocalStore(home).init("Fay", tz="Europe/Berlin")
    env = dict(os.environ, **{portable.PORTABLE_ONLY_ENV: forced})
    procs = [
        subprocess.Popen(
            ["faketime", "-f", "2026-11-26 10:30:00", sys.executable, "-c", WRITER, str(home), "20"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    acked = set()
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        acked |= set(out.split()[1:])
    assert len(acked) == 60
    assert {e.id for e in LocalStore(home).entries()} == acked


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian package) not installed")
def test_pause_really_waits_under_a_truly_frozen_clock():
    code = "from repdash import portable\nfor _ in range(10): portable.pause(0.05)"
    started = time.perf_counter()  # this process's clock is real
    subprocess.run(["faketime", "-f", "2026-11-26 10:30:00", sys.executable, "-c", code], check=True, timeout=60)
    assert time.perf_counter() - started >= 0.5


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian package) not installed")
def test_reps_syncing_at_once_under_a_truly_frozen_clock_all_land(tmp_path):
    """The team lock's bounded tries used time.sleep, which returns at once under `faketime -f`:
    all tries were spent in microseconds and syncs failed with 'stays locked'."""
    team = tmp_path / "team.json"

    def run(i: int, *args: str) -> int:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
        env.update(REPDASH_HOME=str(tmp_path / f"rep{i}"), TZ="Europe/Berlin")
        return subprocess.run(
            ["faketime", "-f", "2026-11-26 10:30:00", sys.executable, "-m", "repdash", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        ).returncode

    def rep(i: int) -> list[int]:
        return [run(i, "init", "--name", f"Rep {i}", "--team-file", str(team))] + [run(i, "sync") for _ in range(3)]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(rep, range(8))) == [[0, 0, 0, 0]] * 8
    reps = json.loads(
        subprocess.run(
            [sys.executable, "-m", "repdash", "team", "--json"],
            capture_output=True,
            text=True,
            env=dict(os.environ, REPDASH_HOME=str(tmp_path / "rep0")),
            timeout=60,
        ).stdout
    )["reps"]
    assert len(reps) == 8
