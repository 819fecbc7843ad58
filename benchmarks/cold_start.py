"""The cold-start row of `make bench` alone: repdash vs a bare Textual app, alternating runs.

    .venv/bin/python benchmarks/cold_start.py [RUNS]     (default 12; the home is kept in
    $TMPDIR/repdash-cold-home between calls: a year of history, a 500-rep team cache)

Seconds instead of `make bench`'s minutes, for trying a start-up change.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 12
os.environ["BENCH_COLD_RUNS"] = str(RUNS)

import run_all  # noqa: E402
from dataset import heavy_home, with_team  # noqa: E402

from repdash.store.local import LocalStore  # noqa: E402


def main() -> None:
    home = Path(tempfile.gettempdir()) / "repdash-cold-home" / "home"
    if not home.exists():
        heavy_home(home, 60_000)
        with_team(LocalStore(home), 500)
    LocalStore(home).daily_counts()  # the totals cache is fresh, as after a day's use
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "repdash"), str(HERE)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    cold = run_all.cold_start(home)
    (wall_r, cpu_r), (wall_b, cpu_b), (wall_n, _) = cold["repdash"], cold["bare"], cold["bare-nogc"]
    print(
        f"cold start, median of {RUNS} alternating: repdash {wall_r:.0f} ms / bare {wall_b:.0f} ms = "
        f"{wall_r / wall_b:.2f}x wall; CPU {cpu_r:.0f} / {cpu_b:.0f} ms = {cpu_r / cpu_b:.2f}x; "
        f"bare with the collector paused {wall_n:.0f} ms ({wall_r / wall_n:.2f}x)"
    )


if __name__ == "__main__":
    main()
