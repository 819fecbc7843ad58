"""The kill sweep: SIGKILL `repdash log` and `repdash undo` at every ~2 ms of their run.

A warm process (repdash imported once) forks one child per trial; the child runs the real
command line (`repdash.cli.main`) and is killed `delay` seconds after the fork, the delays
stepping through the command's whole run in 2 ms steps, repeated at shifted phases until
each command has been killed KILLS times. After every kill the store is checked:

- corrupt: it opens (`check()`), every JSON file under the home parses, no temp file of
  ours is left after opening, the totals agree with the day files;
- lost: an entry on disk before the trial (and not the one a killed undo was removing) is
  gone, or a `log` that exited 0 (acknowledged) left no entry;
- undo mismatch: a killed `undo` removed another entry than the newest, or the next `undo`
  (run after every kill) removes another entry than the newest on disk.

    REPDASH_KILL_SWEEP=1000 .venv/bin/python -m pytest -p no:xdist -s tests/system/test_kill_sweep.py
runs 1000 kills per command (default 110 per command, a few seconds); it prints its numbers.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum
import pytest

from repdash.store.local import LocalStore

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")]

KILLS = int(os.environ.get("REPDASH_KILL_SWEEP", "110"))  # per command
STEP = 0.002
TZ = "Europe/Berlin"

# Reads "COMMAND DELAY" lines; forks a child running `repdash --home HOME COMMAND`, kills it
# DELAY seconds later (a negative delay: never), answers "EXITCODE ELAPSED".
ZYGOTE = r"""
import contextlib, io, os, signal, sys, time
home, scratch = sys.argv[1], sys.argv[2]
from repdash.cli import main
ARGS = {"log": ["log", "call"], "undo": ["undo"]}
# Warm up on a scratch home: every lazy import and cache is loaded before the first fork,
# so a trial times the command's own work, as a kill in a long-running process would see it.
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for args in (["init", "--name", "Warm", "--tz", "Europe/Berlin"], ARGS["log"], ARGS["undo"]):
        try:
            main(["--home", scratch, *args])
        except SystemExit:
            pass
print("ready", flush=True)
for line in sys.stdin:
    command, delay = line.split()
    delay = float(delay)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            main(["--home", home, *ARGS[command]])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            code = 70
        os._exit(code)
    if delay >= 0:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), time.perf_counter() - t0, flush=True)
"""


class StoreDamaged(Exception):
    pass


class Sweep:
    def __init__(self, home: Path) -> None:
        self.home = home
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE, str(home), str(home.parent / "warm-up")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout.readline().strip() == "ready"
        self.known: dict[str, str] | None = None  # what is on disk, when the last check read it
        self.durations: dict[str, float] = {}
        self.kills = self.corrupt = self.lost = self.mismatches = self.trials = 0

    def run(self, command: str, delay: float) -> tuple[int, float]:
        self.proc.stdin.write(f"{command} {delay:.6f}\n")
        self.proc.stdin.flush()
        code, elapsed = self.proc.stdout.readline().split()
        return int(code), float(elapsed)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)

    # ---- what is on disk ----------------------------------------------------------------
    def on_disk(self) -> dict[str, str] | None:
        """id -> logged_at of every entry, or None (counted as corrupt) when the store is damaged."""
        try:
            store = LocalStore(self.home)
            store.check()
            for path in self.home.rglob("*"):
                if path.name.endswith(".tmp"):
                    raise AssertionError(f"temp file left after opening: {path}")
                if path.suffix == ".json":
                    json.loads(path.read_bytes())
            entries = store.entries()
            for day in store.stored_days():
                counts: dict[str, int] = {}
                for e in store.day_entries(day):
                    counts[e.kind] = counts.get(e.kind, 0) + e.count
                assert store.day_counts(day) == counts, f"totals of {day} disagree with its day file"
            return {e.id: e.logged_at for e in entries}
        except Exception as exc:  # noqa: BLE001 - any failure to read is a corrupt store
            print(f"corrupt store: {exc!r}")
            self.corrupt += 1
            return None

    def undo_removes_the_newest(self, entries: dict[str, str]) -> dict[str, str]:
        """The check after every kill: undo removes exactly the newest entry on disk."""
        newest = max(entries, key=entries.get)
        removed = LocalStore(self.home).undo()
        after = self.on_disk() or {}
        if removed is None or removed.id != newest or set(after) != set(entries) - {newest}:
            print(f"undo mismatch: removed {removed}, newest on disk {newest} {entries[newest]}")
            self.mismatches += 1
        return after

    # ---- one trial ----------------------------------------------------------------------
    def trial(self, command: str, delay: float) -> None:
        before = self.known if self.known is not None else self.on_disk()
        self.known = None
        if before is None:
            raise StoreDamaged  # counted; the sweep stops: later numbers would mean nothing
        while len(before) < 3:  # undo trials need entries to remove
            LocalStore(self.home).log("call")
            before = self.on_disk() or {}
        newest = max(before, key=before.get)
        code, _ = self.run(command, delay)
        assert code in (0, -signal.SIGKILL), f"{command} failed with exit {code} (not a kill)"
        killed = code == -signal.SIGKILL
        self.trials += 1
        self.kills += killed
        after = self.on_disk()
        if after is None:
            return
        if command == "log":
            self.lost += len(set(before) - set(after))
            new = set(after) - set(before)
            if len(new) > 1 or (not killed and len(new) != 1):
                self.lost += 1  # an acknowledged log without its entry (or entries from nowhere)
        else:
            self.lost += len(set(before) - set(after) - {newest})
            if not killed and newest in after:
                print(f"undo exited 0 but the newest entry {newest} is still there")
                self.mismatches += 1  # an acknowledged undo that removed nothing
            if set(after) - set(before):
                self.corrupt += 1
        if after:
            self.known = self.undo_removes_the_newest(after)

    def sweep(self, command: str, kills: int) -> None:
        self.run(command, -1)  # warm the page cache and the store
        duration = statistics.median(self.run(command, -1)[1] for _ in range(5))
        self.durations[command] = duration
        self.known = None
        steps = max(1, int(duration * 1.2 / STEP) + 1)  # a little past the end: runs vary
        phases = [i / 7 for i in range(7)] * 1000  # shift every pass by a fraction of a step
        goal = self.kills + kills
        for phase in phases:
            for k in range(steps):
                if self.kills >= goal:
                    return
                self.trial(command, (k + phase) * STEP)


@pytest.fixture
def sweep_home(tmp_path):
    """A home in memory (/dev/shm) when there is one: a SIGKILL leaves the same files on any
    file system (only a power cut needs the fsyncs), and without fsync waits the sweep makes
    ~5x more kills in its time budget. REPDASH_KILL_SWEEP_DIR=PATH runs it on a disk instead."""
    base = os.environ.get("REPDASH_KILL_SWEEP_DIR") or ("/dev/shm" if os.path.isdir("/dev/shm") else None)
    if base is None:
        yield tmp_path / "home"
        return
    folder = Path(tempfile.mkdtemp(prefix="repdash-kill-sweep-", dir=base))
    try:
        yield folder / "home"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_kill_sweep_through_log_and_undo(sweep_home):
    home = sweep_home
    store = LocalStore(home)
    now = pendulum.now("UTC")
    store.init("Kill Sweep", tz=TZ, now=now)
    for i in range(20):
        store.log(["call", "pitch", "commit", "deal"][i % 4])
    sweep = Sweep(home)
    started = time.monotonic()
    try:
        sweep.sweep("log", KILLS)
        log_kills = sweep.kills
        sweep.sweep("undo", KILLS)
    except StoreDamaged:
        log_kills = min(sweep.kills, KILLS)
    finally:
        sweep.close()
    took = time.monotonic() - started
    print(
        f"\nkill sweep: {sweep.kills} kills ({log_kills} in log, {sweep.kills - log_kills} in undo) "
        f"in {sweep.trials} trials, {took:.1f} s: {sweep.corrupt} corrupt stores, "
        f"{sweep.lost} lost acknowledged entries, {sweep.mismatches} undo mismatches; a whole run (median) of "
        + ", ".join(f"{c} {d * 1000:.0f} ms" for c, d in sweep.durations.items())
    )
    assert sweep.kills >= 2 * KILLS
    assert (sweep.corrupt, sweep.lost, sweep.mismatches) == (0, 0, 0)
