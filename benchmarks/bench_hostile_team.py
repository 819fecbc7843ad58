"""Reading a 2,000-rep team file with one hostile entry (issue 26 item 2): the cost of the fallback.

A value nested past every limit, or an integer past Python's 4,300 digits, used to make the file
unreadable for everyone. Now such a file is read one member at a time (one rep per line in the
layout `serialize` writes) until the next publish drops that entry. This times `teamfile.parse`
on the clean file and on files with one hostile entry, in both layouts (best of 5, memo cleared).

Run: .venv/bin/python benchmarks/bench_hostile_team.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from teamfile_data import doc, entry  # noqa: E402

from repdash.sync import teamfile  # noqa: E402

HOSTILE = {
    "none": None,
    "list-1500": b"[" * 1500 + b"]" * 1500,
    "list-20000": b"[" * 20000 + b"]" * 20000,
    "int-5000": b"7" * 5000,
}


def team_bytes(n: int = 2000) -> bytes:
    reps = [entry(i % 60, f"Rep {i}", {"call": 30 + i % 20, "pitch": 6, "commit": 2, "deal": 1}) for i in range(n)]
    for i, e in enumerate(reps):
        e["rep_id"] = f"{i:08d}" + "b" * 24
    return teamfile.serialize(teamfile.parse(json.dumps(doc(reps)).encode()))


def best_of(data: bytes, rounds: int = 5) -> tuple[float, int]:
    best, skipped = float("inf"), 0
    for _ in range(rounds):
        teamfile._VALIDATED.clear()
        t0 = time.perf_counter()
        parsed = teamfile.parse(data)
        best = min(best, time.perf_counter() - t0)
        skipped = parsed.skipped_count
    return best, skipped


def main() -> None:
    clean = team_bytes()
    print(f"{'hostile entry':14} {'layout':10} {'parse':>9}  skipped")
    for name, payload in HOSTILE.items():
        data = clean if payload is None else clean.replace(b'"name":"Rep 1000"', b'"name":' + payload, 1)
        for layout, d in (("serialized", data), ("one line", data.replace(b"\n", b""))):
            took, skipped = best_of(d)
            print(f"{name:14} {layout:10} {took * 1000:7.1f} ms  {skipped}")


if __name__ == "__main__":
    main()
