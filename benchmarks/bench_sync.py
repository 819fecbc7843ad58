"""Time of one sync (lock, read, merge, replace own entry, atomic write, board) at 50, 500 and 2,000 reps."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from repdash.sync import board, service  # noqa: E402
from test_teamfile_data import doc, entry  # noqa: E402

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
        result = service.publish(path, mine, r)
        t1 = time.perf_counter()
        board.build_view(result.doc, NOW, viewer_tz="Europe/Berlin")
        times.append(t1 - t0)
        boards.append(time.perf_counter() - t1)
    return statistics.median(times) * 1000, statistics.median(boards) * 1000, path.stat().st_size


if __name__ == "__main__":
    for n in (50, 500, 2000):
        ms, board_ms, size = bench(n)
        print(f"sync with {n:>5} reps: publish {ms:6.1f} ms + board {board_ms:6.1f} ms "
              f"(median of 15; file {size / 1024:.0f} KiB)")
