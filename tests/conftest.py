"""Shared fixtures: a fresh home per test, a pinned clock, and a subprocess runner."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest

# Thursday 26 November 2026, 10:30 in Berlin: a working day mid-period.
FROZEN_NOW = "2026-11-26T10:30:00+01:00"
FROZEN_TZ = "Europe/Berlin"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def run_cli(home: Path, tmp_path: Path):
    """Run `python -m repdash ARGS` as a user would; REPDASH_NOW pins the clock."""

    def run(*args: str, now: str | None = FROZEN_NOW, env: dict | None = None, stdin: str | None = None,
            home_dir: Path | None = None) -> Result:
        e = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
        e["REPDASH_HOME"] = str(home_dir or home)
        e["TZ"] = FROZEN_TZ
        e["NO_COLOR"] = "1"
        if now:
            e["REPDASH_NOW"] = now
        e.update(env or {})
        proc = subprocess.run([sys.executable, "-m", "repdash", *args], capture_output=True, text=True,
                              env=e, input=stdin, timeout=120, cwd=tmp_path)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def frozen_now() -> pendulum.DateTime:
    return pendulum.parse(FROZEN_NOW)


@pytest.fixture
def store(home: Path, frozen_now):
    """An initialised store in Berlin with default targets, of a rep here since October
    (no prorated quota: tests of a new rep's first period set their own start date)."""
    from datetime import date

    from repdash.store.local import LocalStore

    s = LocalStore(home)
    s.init("Ana Smith", tz=FROZEN_TZ, quota=20, now=frozen_now, start_date=date(2026, 10, 1))
    return s


@pytest.fixture(autouse=True)
def _no_background_achievement_checks(monkeypatch):
    """Snapshots must not race a timer: tests call app.check_achievements() when they want it."""
    from repdash.ui.app import RepdashApp

    monkeypatch.setattr(RepdashApp, "ACHIEVEMENT_DELAY", (3600.0, 3600.0))


# ---------------------------------------------------------------- a real S3 endpoint on loopback


@pytest.fixture(scope="session")
def s3_server():
    """moto's server on 127.0.0.1 (a free port), one per test process; see tests/s3server.py."""
    from s3server import S3Server

    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """An empty bucket and the AWS_* environment a rep would export for it (nothing else from the host)."""
    from s3server import AWS_VARS

    s3_server.reset()
    for name in AWS_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in s3_server.env().items():
        monkeypatch.setenv(name, value)
    return s3_server
