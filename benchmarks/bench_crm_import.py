"""CRM import at scale (issue 24): a 50,000-row Salesforce task export imported by `repdash import
--from salesforce` as a user runs it (a process of its own, start-up included), then the same file
again (every record unchanged: nothing may be written). Targets: ≤ 5 s and ≤ 2 s.

    .venv/bin/python benchmarks/bench_crm_import.py          (prints the rows; `make bench` runs it too)
"""

from __future__ import annotations

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROWS = int(os.environ.get("BENCH_CRM_ROWS", 50_000))
NOW = "2026-11-26T10:30:00+01:00"


def export_file(path: Path, rows: int = ROWS, seed: int = 24) -> None:
    """A Data Loader export of one rep's tasks over the working days of the year before NOW: calls
    (most completed), meeting tasks, emails and open tasks, with quoted commas in subjects."""
    rnd = random.Random(seed)
    days = [date(2025, 11, 26) + timedelta(days=i) for i in range(365)]
    days = [d for d in days if d.weekday() < 5]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["Id", "OwnerId", "Subject", "ActivityDate", "Status", "TaskSubtype", "Type", "CompletedDateTime"])
        for i in range(rows):
            day = days[i * len(days) // rows]
            kind = rnd.random()
            subtype, typ = (
                ("Call", "Call") if kind < 0.7 else ("Task", "Meeting") if kind < 0.85 else ("Email", "Email")
            )
            status = "Completed" if rnd.random() < 0.9 else "Not Started"
            done = f"{day.isoformat()}T{8 + rnd.randrange(9):02d}:{rnd.randrange(60):02d}:00.000Z"
            w.writerow([f"00T{i:015d}", "005000000000ANAAAA", f"Call, account {i}", day, status, subtype, typ, done])


def run(home: Path, *args: str) -> tuple[float, float, str]:
    """(wall s, CPU s of the process, stdout) of one `repdash ARGS` (the CPU time shows the cost
    on a loaded machine, where the wall time also holds the waits for a core)."""
    env = dict(os.environ, REPDASH_HOME=str(home), REPDASH_NOW=NOW, TZ="Europe/Berlin")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "repdash", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc.stdout


def rows(tmp: Path) -> list[tuple[str, str, str, str, str, str]]:
    home = tmp / "crm-home"
    file = tmp / "tasks.csv"
    export_file(file)
    run(home, "init", "--name", "Ana Smith", "--tz", "Europe/Berlin", "--start", "2025-11-01")
    first, first_cpu, _ = run(home, "import", "--from", "salesforce", str(file))
    again, again_cpu, out2 = run(home, "import", "--from", "salesforce", str(file))
    assert "Added 0, updated 0" in out2, out2
    return [
        (
            f"CRM import, {ROWS:,}-row Salesforce export (`repdash import --from`, a process; wall, CPU)",
            f"{first:.2f} s ({first_cpu:.2f} s CPU)",
            "",
            "",
            "≤ 5 s",
            "yes" if first <= 5 else "NO",
        ),
        (
            "CRM re-import of the same export, unchanged (nothing written; wall, CPU)",
            f"{again:.2f} s ({again_cpu:.2f} s CPU)",
            "",
            "",
            "≤ 2 s",
            "yes" if again <= 2 else "NO",
        ),
    ]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="repdash-crm-bench-") as name:
        for row in rows(Path(name)):
            print(f"{row[0]}: {row[1]} (target {row[4]}: {row[5]})")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
