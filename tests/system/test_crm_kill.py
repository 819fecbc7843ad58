"""All or nothing, as a real process: SIGKILL `repdash import --from salesforce` at random moments
of an import that adds, moves and updates records. After the next open the log is exactly the log
before the import or exactly the log after it, never a mix."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from repdash.store.local import LocalStore

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

NOW = "2026-11-26T10:30:00+01:00"
ROWS = 3000
ROUNDS = 12


def export(path: Path, shift: int) -> None:
    """One rep's completed calls over 150 days; `shift` moves every third record a day later and
    adds 500 records, so a second import updates, moves and adds."""
    days = [date(2026, 6, 1) + timedelta(days=i) for i in range(150)]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Id", "ActivityDate", "Status", "TaskSubtype"])
        for i in range(ROWS + (500 if shift else 0)):
            day = days[i % len(days)] + timedelta(days=shift if i % 3 == 0 else 0)
            w.writerow([f"00T{i:015d}", day.isoformat(), "Completed", "Call"])


def run(home: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, REPDASH_HOME=str(home), REPDASH_NOW=NOW, TZ="Europe/Berlin")
    return subprocess.Popen(
        [sys.executable, "-m", "repdash", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def state(home: Path) -> Counter:
    store = LocalStore(home)
    store.check()
    return Counter((e.ref, e.kind, e.date, e.at, e.count) for e in store.entries())


def test_sigkill_mid_import_leaves_before_or_after_never_a_mix(tmp_path):
    first, second = tmp_path / "v1.csv", tmp_path / "v2.csv"
    export(first, 0)
    export(second, 1)
    base = tmp_path / "base"
    assert run(base, "init", "--name", "Ana", "--tz", "Europe/Berlin").wait() == 0
    assert run(base, "log", "call", "3", "--at", "2026-06-02T09:00").wait() == 0
    assert run(base, "import", "--from", "salesforce", str(first)).wait() == 0
    before = state(base)
    done = tmp_path / "done"
    shutil.copytree(base, done)
    started = time.perf_counter()
    assert run(done, "import", "--from", "salesforce", str(second)).wait() == 0
    took = time.perf_counter() - started
    after = state(done)
    assert after != before
    rng = random.Random(24)
    seen = Counter()
    for i in range(ROUNDS):
        home = tmp_path / f"kill{i}"
        shutil.copytree(base, home)
        proc = run(home, "import", "--from", "salesforce", str(second))
        time.sleep(rng.uniform(0.2, 1.0) * took)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        got = state(home)
        assert got in (before, after), f"round {i}: a mix of the two logs"
        seen["before" if got == before else "after"] += 1
        assert not LocalStore(home).main_path.read_text().count('"pending_import":{"batch"')
    assert sum(seen.values()) == ROUNDS
