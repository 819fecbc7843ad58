"""Commands under libfaketime with a frozen clock, as the outside tests run them.

A timed thread wait or a clock-based lock timeout would never expire there: these
tests would hang (and fail on the subprocess timeout) if one crept in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian package) not installed")
FROZEN = "2026-11-26 10:30:00"


def run(home, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(home), TZ="Europe/Berlin")
    for _ in range(3):
        res = subprocess.run(
            ["faketime", FROZEN, sys.executable, "-m", "repdash", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        # The faketime wrapper names a shared semaphore after its own pid: one a killed wrapper left in
        # /dev/shm makes a later wrapper with that pid refuse to start ("sem_open: File exists") before
        # repdash runs at all. That is the wrapper's failure, not the command's: start it again.
        if not res.stderr.startswith("faketime: sem_open"):
            break
    return res


def test_every_command_finishes_under_a_frozen_clock(tmp_path):
    home, team = tmp_path / "home", tmp_path / "team.json"
    for args in (
        ["init", "--name", "Fay", "--team-file", str(team)],
        ["log", "call", "3"],
        ["log", "pitch"],
        ["undo"],
        ["status", "--json"],
        ["targets", "--call", "50"],
        ["math", "--json"],
        ["sync"],
        ["team", "--json"],
        ["export"],
    ):
        res = run(home, *args)
        assert res.returncode == 0, (args, res.stderr)
    assert '"date": "2026-11-26"' in run(home, "status", "--json").stdout


def test_reps_syncing_at_once_under_a_frozen_clock_all_land(tmp_path):
    team = tmp_path / "team.json"

    def rep(i: int) -> int:
        home = tmp_path / f"rep{i}"
        codes = [
            run(home, "init", "--name", f"Rep {i}", "--team-file", str(team)).returncode,
            run(home, "log", "call", str(i + 1)).returncode,
            run(home, "sync").returncode,
        ]
        return max(codes)

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(rep, range(6))) == [0] * 6
    res = run(tmp_path / "rep0", "team", "--json")
    assert res.returncode == 0, res.stderr
    assert sorted(r["name"] for r in json.loads(res.stdout)["reps"]) == [f"Rep {i}" for i in range(6)]
