"""The team file on S3 (moto's server on loopback): one sync at 50 / 500 / 2,000 reps, and a stress run.

    .venv/bin/python benchmarks/bench_s3.py [--procs 24] [--rounds 50] [--server threaded|serial|both]

One sync = `repdash.sync.teamio.publish` (read: GET and ETag -> parse and validate -> merge
own entry -> serialize -> conditional PUT, If-Match) and the board, timed as
benchmarks/bench_sync.py times it for a file; `make bench` (run_all.py) prints both side by
side. The stress run starts N processes (tests/support/s3_publisher.py) that each publish R rounds
to one object with the same `teamio.publish` (re-read, re-merge and jittered retry on 412,
PUBLISH_TRIES at most) and counts retries, publishes that gave up ("busy": `repdash sync`
would exit 1, "busy, try again") and entries lost: a rep whose last write the store
acknowledged (200) is not in the final object.

"threaded" is moto's ThreadedMotoServer as shipped; "serial" serves one request at a time,
which makes its check-and-store atomic like S3's (see tests/support/s3server.py)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

import pendulum  # noqa: E402
from s3server import BUCKET, clean_env, running  # noqa: E402
from teamfile_data import doc, entry  # noqa: E402

from repdash.services import team_sync  # noqa: E402
from repdash.sync import teamfile, teamio  # noqa: E402

URL = f"s3://{BUCKET}/team.json"
PUBLISHER = str(ROOT / "tests" / "support" / "s3_publisher.py")
NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def one_sync(server, n: int, rounds: int = 9) -> tuple[float, float, int]:
    """One sync to a team of `n` reps on S3 (or Azure Blob: any server of tests/support/objstores.py), as
    benchmarks/bench_sync.py times it for a file:
    `teamio.publish` (GET + ETag, validate, merge own entry, conditional PUT) then the board.
    Returns (median ms of publish + board, median ms of the board alone, object size in bytes)."""
    import os

    reps = [entry(i % 100, f"Rep {i}", {"call": 30 + i % 20, "pitch": 6, "commit": 2, "deal": 1}) for i in range(n)]
    for i, e in enumerate(reps):
        e["rep_id"] = f"{i:08d}" + "b" * 24
    server.reset()
    server.put_raw("team.json", json.dumps(doc(reps)).encode())
    os.environ.update(server.env())
    backend = teamio.backend_for(server.url())
    mine = dict(reps[0])
    times, boards = [], []
    for r in range(rounds):
        mine["today"] = {"call": r, "pitch": 0, "commit": 0, "deal": 0}
        t0 = time.perf_counter()
        result = teamio.publish(backend, teamfile.validate_entry(mine["rep_id"], mine), r)
        t1 = time.perf_counter()
        team_sync.view_of(result.doc, NOW, "Europe/Berlin")
        times.append(time.perf_counter() - t0)
        boards.append(time.perf_counter() - t1)
    return statistics.median(times) * 1000, statistics.median(boards) * 1000, len(server.get_raw("team.json"))


def stress(server, procs: int, rounds: int) -> dict:
    env = clean_env(server.env())
    t0 = time.perf_counter()
    ps = [
        subprocess.Popen(
            [sys.executable, PUBLISHER, URL, f"rep-{i:03d}", str(rounds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(procs)
    ]
    outs, failed, lost = [], 0, 0
    for i, p in enumerate(ps):
        out, err = p.communicate()
        if p.returncode != 0:
            failed += 1
            print(err.strip().splitlines()[-1] if err.strip() else f"exit {p.returncode}", file=sys.stderr)
            continue
        outs.append(dict(json.loads(out), rep=f"rep-{i:03d}"))
    elapsed = time.perf_counter() - t0
    d = teamfile.parse(server.get_raw("team.json"))
    # Lost: a rep whose last acknowledged write is not in the final team file.
    lost = sum(1 for o in outs if (d.valid[o["rep"]].rev if o["rep"] in d.valid else -1) < o["last"])
    retries = sum(o["retries"] for o in outs)
    return {
        "procs": procs,
        "rounds": rounds,
        "lost": lost,
        "failed": failed,
        "retries": retries,
        "retries_per_publish": round(retries / (procs * rounds), 2),
        "busy": sum(o["busy"] for o in outs),
        "seconds": round(elapsed, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--procs", type=int, default=24)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--server", choices=("threaded", "serial", "both"), default="both")
    args = ap.parse_args()

    print("## Team file on S3 (moto server on loopback)\n")
    print("| reps | one sync (ms) | of which the board (ms) | object size |")
    print("|---:|---:|---:|---:|")
    with running(serial=False) as server:
        for n in (50, 500, 2000):
            total, board, size = one_sync(server, n)
            print(f"| {n:,} | {total:.1f} | {board:.1f} | {size / 1024:.0f} KiB |")
    print()
    kinds = ("threaded", "serial") if args.server == "both" else (args.server,)
    print("| server | processes x rounds | lost | failed | retries (per publish) | gave up | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in kinds:
        with running(serial=kind == "serial") as server:
            r = stress(server, args.procs, args.rounds)
        print(
            f"| {kind} | {r['procs']} x {r['rounds']} | {r['lost']} | {r['failed']} | "
            f"{r['retries']} ({r['retries_per_publish']}) | {r['busy']} | {r['seconds']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
