"""The kill test: SIGKILL a process that is logging in a loop, over and over, against a
store holding a year of history. The store must always open afterwards and hold every
entry whose `log` returned (acknowledged), and the totals must agree with the entries.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pendulum
import pytest

from repdash.core.kinds import FUNNEL
from repdash.store.local import LocalStore

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

TZ = "Europe/Berlin"
HISTORY = 60_000
ROUNDS = 20

LOGGER = """
import sys
from repdash.store.local import LocalStore
store = LocalStore(sys.argv[1])
store.check()
kinds = ["call", "pitch", "commit", "deal"]
print("ready", flush=True)
i = 0
while True:
    entry = store.log(kinds[i % 4], 1 + i % 3)
    print(entry.id, flush=True)  # acknowledged: log() returned, the entry is fsynced
    i += 1
"""


def year_of_history(store: LocalStore, n: int) -> list:
    rng = random.Random(7)
    now = pendulum.now(TZ)
    today = now.date()
    days = [today - timedelta(days=i) for i in range(0, 366)]
    out = []
    for i in range(n):
        d = days[i % len(days)]
        moment = pendulum.datetime(d.year, d.month, d.day, 7, tz=TZ).add(seconds=rng.randrange(3600))
        out.append(store.make_entry(rng.choice(FUNNEL), 1, min(moment, now), now=moment))
    return out


def test_sigkill_while_logging_never_loses_an_acknowledged_entry(tmp_path):
    home = tmp_path / "home"
    store = LocalStore(home)
    store.init("Kill Test", tz=TZ)
    store.add_entries(year_of_history(store, HISTORY))
    assert len(store.entries()) == HISTORY

    rng = random.Random(2026)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    acked: set[str] = set()
    started = time.monotonic()
    for round_no in range(ROUNDS):
        proc = subprocess.Popen([sys.executable, "-c", LOGGER, str(home)], stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.35))  # somewhere inside some log() call, or between two
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        round_ids = [line for line in out.splitlines() if len(line) == 32]
        # the last line may be torn by the kill: only whole ids count as acknowledged
        acked.update(round_ids)

        reopened = LocalStore(home)
        reopened.check()  # opens: no corrupt file, no pending import
        assert reopened.config.name == "Kill Test"
        today = reopened.today()
        today_entries = reopened.day_entries(today)
        today_ids = {e.id for e in today_entries}
        missing = acked - today_ids
        assert not missing, f"round {round_no}: {len(missing)} acknowledged entries lost"
        # the totals cache (possibly left stale by the kill) agrees with the day file
        counts: dict[str, int] = {}
        for e in today_entries:
            counts[e.kind] = counts.get(e.kind, 0) + e.count
        assert reopened.day_counts(today) == counts

    assert len(acked) > ROUNDS, "the logger barely logged: the test proved little"
    final = LocalStore(home)
    final.check()
    entries = final.entries()
    ids = {e.id for e in entries}
    assert acked <= ids
    assert HISTORY + len(acked) <= len(entries) <= HISTORY + len(acked) + ROUNDS  # at most one unacked per kill
    # undo still works on a store that was killed mid-write many times
    assert final.undo() is not None
    assert time.monotonic() - started < 60
