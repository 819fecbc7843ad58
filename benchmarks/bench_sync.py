"""Time of one sync (lock, read, merge, replace own entry, atomic write, board) at 50, 500 and 2,000 reps."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from teamfile_data import doc, entry  # noqa: E402

from repdash.services import team_sync
from repdash.sync import teamfile, teamio  # noqa: E402
from repdash.sync.filestore import FileBackend  # noqa: E402

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def bench(n: int, rounds: int = 15) -> float:
    folder = Path(tempfile.mkdtemp())
    path = folder / "team.json"
    reps = [entry(i % 100, f"Rep {i}", {"call": 30 + i % 20, "pitch": 6, "commit": 2, "deal": 1}) for i in range(n)]
    for i, e in enumerate(reps):
        e["rep_id"] = f"{i:08d}" + "b" * 24
    path.write_text(json.dumps(doc(reps)))
    mine = dict(reps[0])
    times, boards = [], []
    for r in range(rounds):
        mine["today"] = {"call": r, "pitch": 0, "commit": 0, "deal": 0}
        t0 = time.perf_counter()
        result = teamio.publish(FileBackend(path), teamfile.validate_entry(mine["rep_id"], mine), r)
        t1 = time.perf_counter()
        team_sync.view_of(result.doc, NOW, "Europe/Berlin")
        times.append(t1 - t0)
        boards.append(time.perf_counter() - t1)
    return statistics.median(times) * 1000, statistics.median(boards) * 1000, path.stat().st_size


if __name__ == "__main__":
    for n in (50, 500, 2000):
        ms, board_ms, size = bench(n)
        print(
            f"sync with {n:>5} reps: publish {ms:6.1f} ms + board {board_ms:6.1f} ms "
            f"(median of 15; file {size / 1024:.0f} KiB)"
        )


# ---- used by benchmarks/run_all.py ---------------------------------------------------
def sync_times(tmp: Path, sizes) -> dict[int, float]:
    """One sync (publish + board) in ms, median, per team size."""
    out = {}
    for n in sizes:
        publish_ms, board_ms, _ = bench(n)
        out[n] = publish_ms + board_ms
    return out


def frame_gaps_during_sync(
    tmp: Path, reps: int = 2000, frame: float = 1 / 60, backend: str = "file", rounds: int = 5
) -> tuple[int, float, float]:
    """Run the dashboard with a `reps`-rep team file, tick a 60 Hz timer on the UI thread while syncs
    run in their worker, and count ticks that came late by more than two frames.

    backend "file": a shared folder; "s3": moto's S3 server in its own process on loopback (in this
    process it would take the GIL itself and blame the app for its own work).
    Returns (late frames during syncs, worst gap ms during syncs, worst gap ms with no sync).
    """
    import asyncio
    import os

    from dataset import team_file

    from repdash.store.local import LocalStore
    from repdash.ui.app import RepdashApp

    folder = tmp / f"gaps-{backend}-{reps}"
    path = team_file(folder / "team.json", reps, tag="c")
    store = LocalStore(folder / "home")
    location, server = str(path), None
    if backend == "s3":
        server, env = _s3_server_process()
        os.environ.update(env)
        location = _s3_upload(env, path.read_bytes())
    store.init("Gap Rep", tz="Europe/Berlin", team_file=location, now=NOW)

    async def run() -> tuple[int, float, float]:
        app = RepdashApp(store, clock=lambda: NOW.in_timezone("UTC"))
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause(1.5)  # past the start-up achievement scan
            await app.workers.wait_for_complete()
            ticks: list[float] = []
            timer = app.set_interval(frame, lambda: ticks.append(time.perf_counter()))
            await asyncio.sleep(1.0)  # baseline: no sync running
            quiet = list(ticks)
            ticks.clear()
            for _ in range(rounds):
                app.sync.request_sync("manual")
                await asyncio.sleep(0.02)
                while app.sync.in_flight:
                    await asyncio.sleep(0.005)
                await asyncio.sleep(0.05)
            timer.stop()
            busy = list(ticks)
            assert app.sync.ok, app.sync.state_text  # the syncs really happened

        def gaps(ts: list[float]) -> list[float]:
            return [(b - a) * 1000 for a, b in pairwise(ts)]

        late = sum(1 for g in gaps(busy) if g > 2 * frame * 1000)
        return late, max(gaps(busy), default=0.0), max(gaps(quiet), default=0.0)

    try:
        return asyncio.run(run())
    finally:
        if server is not None:
            server.kill()
            server.wait()
            for k in _s3_env_keys():
                os.environ.pop(k, None)


def _s3_env_keys() -> tuple[str, ...]:
    from s3server import AWS_VARS

    return AWS_VARS


def _s3_server_process():
    """moto's S3 server (tests/support/s3server.py) in a child process; returns (process, client env)."""
    import subprocess

    code = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from s3server import S3Server; "
        "s = S3Server().start(); s.reset(); print(s.port, flush=True); time.sleep(10**6)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(Path(__file__).resolve().parents[1] / "tests" / "support")],
        stdout=subprocess.PIPE,
        text=True,
    )
    port = int(proc.stdout.readline())
    from s3server import S3Server

    server = S3Server.__new__(S3Server)  # a client of the child's server: only its address
    server.port = port
    return proc, server.env()


def _s3_upload(env: dict, data: bytes) -> str:
    from s3server import BUCKET, S3Server

    server = S3Server.__new__(S3Server)
    server.port = int(env["AWS_ENDPOINT_URL"].rsplit(":", 1)[1])
    server.put_raw("team.json", data)
    return f"s3://{BUCKET}/team.json"
