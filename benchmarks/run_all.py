"""`make bench`: repdash against a bare Textual app, measured in the same run.

Prints one table and writes it to benchmarks/results.md. Ratios hold on a noisy machine
where absolute times do not. Takes about 5-6 minutes on 2 cores (BENCH_S3_STRESS=off saves ~1.5,
BENCH_KEY_SESSIONS=1 ~2, but then chance alone spreads the keystroke p95s ~15 %, past the 10 % target).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "support"))  # the servers on loopback: s3server.py, azurite.py

import keystrokes  # noqa: E402  (the keystroke rows: one process per home, pressed in lockstep)
from keystrokes import KEY_SIZES  # noqa: E402

from repdash.store.local import LocalStore  # noqa: E402

COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", 15))
SYNC_ROUNDS = int(os.environ.get("BENCH_SYNC_ROUNDS", 5))
# The S3 stress, a ladder of PROCESSESxROUNDS runs ("off" to skip it; the one-sync rows on S3 always run).
S3_STRESS = os.environ.get("BENCH_S3_STRESS", "8x50,16x50,24x50")


# ---- cold start --------------------------------------------------------------
def first_frame(kind: str, env: dict) -> tuple[float, float]:
    """One cold start: (ms from spawning the process to its first frame, CPU ms the process used by then)."""
    t = time.time()
    out = subprocess.run(
        [sys.executable, str(HERE / "apps.py"), kind, "exit"], env=env, check=True, capture_output=True, text=True
    ).stdout
    stamp = [line.split() for line in out.splitlines() if line.startswith("first-frame ")][-1]
    return (float(stamp[1]) - t) * 1000, float(stamp[2]) * 1000


def cold_start(home: Path) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) ms to the first frame, repdash and bare runs alternating (a noisy machine
    slows both alike)."""
    env = dict(os.environ, REPDASH_HOME=str(home))
    runs: dict[str, list[tuple[float, float]]] = {"repdash": [], "bare": [], "bare-nogc": []}
    for _ in range(COLD_RUNS):
        for kind in runs:
            runs[kind].append(first_frame(kind, env))
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}


# ---- sync ----------------------------------------------------------------------
def sync_rows(tmp: Path) -> list[tuple[str, str, str, str, str, str]]:
    try:
        from bench_sync import frame_gaps_during_sync, sync_times
    except ImportError as exc:
        return [("team sync", "n/a", "", "", "≤ 50 ms at 500", f"not measured ({exc})")]
    rows = []
    for n, ms in sync_times(tmp, [50, 500, 2000]).items():
        target = "≤ 50 ms" if n == 500 else ""
        met = ("yes" if ms <= 50 else "NO") if n == 500 else ""
        rows.append((f"one team sync, {n} reps (file)", f"{ms:.1f} ms", "", "", target, met))
    for backend in ("file", "s3"):
        for reps in (500, 2000):
            try:
                late, worst, idle_worst = frame_gaps_during_sync(tmp, reps=reps, backend=backend, rounds=SYNC_ROUNDS)
            except Exception as exc:  # S3 needs the s3 extra and moto: say so, never a silent gap
                rows.append(
                    (
                        f"UI frames late during syncs, {reps} reps, {backend}",
                        "n/a",
                        "",
                        "",
                        "0" if reps == 500 else "",
                        f"not measured ({str(exc)[:60]})",
                    )
                )
                continue
            rows.append(
                (
                    f"UI frames late during {SYNC_ROUNDS} syncs, {reps} reps, {backend} (60 Hz tick, gap > 2 frames)",
                    str(late),
                    "",
                    "",
                    "0" if reps == 500 else "",
                    ("yes" if late == 0 else "NO") if reps == 500 else "",
                )
            )
            rows.append(
                (
                    f"worst UI tick gap during syncs / idle, {reps} reps, {backend}",
                    f"{worst:.0f} / {idle_worst:.0f} ms",
                    "",
                    "",
                    "",
                    "",
                )
            )
    return rows


def s3_rows() -> list[tuple[str, str, str, str, str, str]]:
    """The same one sync on S3 (moto's server on loopback), and the many-process stress."""
    try:
        import obstore  # noqa: F401
        from bench_s3 import one_sync, running, stress
    except ImportError as exc:
        return [("team sync on S3", "n/a", "", "", "", f"not measured ({exc})")]
    rows = []
    with running() as server:
        for n in (50, 500, 2000):
            ms, _, size = one_sync(server, n)
            rows.append(
                (
                    f"one team sync, {n} reps, S3 on loopback ({size / 1024:.0f} KiB object)",
                    f"{ms:.1f} ms",
                    "",
                    "",
                    "",
                    "",
                )
            )
    rows.append(azure_row())
    ladder = [] if S3_STRESS.lower() in ("off", "0", "") else S3_STRESS.lower().split(",")
    for step in ladder:
        # N processes publishing R times each, back to back (no pause between rounds), to one object:
        # far more contention than a team makes. Held = nothing lost and no publish gave up ("busy").
        procs, rounds = (int(x) for x in step.split("x"))
        print(f"S3 stress: {procs} processes x {rounds} rounds ...", flush=True)
        with running(serial=True) as server:
            r = stress(server, procs, rounds)
        held = r["lost"] == 0 and r["failed"] == 0 and r["busy"] == 0
        rows.append(
            (
                f"S3 stress, {procs} processes × {rounds} back-to-back publishes: lost / retries / gave up",
                f"{r['lost']} / {r['retries']} ({r['retries_per_publish']} per publish) / {r['busy']}, "
                f"{r['seconds']} s",
                "",
                "",
                "0 lost, 0 gave up",
                "yes" if held else "NO",
            )
        )
    return rows


def azure_row(n: int = 500) -> tuple[str, str, str, str, str, str]:
    """The same one sync on Azure Blob (Azurite on loopback, tests/support/azurite.py), beside S3 and the file."""
    from azurite import running as azurite_running
    from azurite import unavailable
    from bench_s3 import one_sync

    why = unavailable()
    if why is not None:
        return (f"one team sync, {n} reps, Azure Blob (Azurite)", "n/a", "", "", "", f"not measured ({why})")
    with azurite_running() as server:
        ms, _, size = one_sync(server, n)
    return (
        f"one team sync, {n} reps, Azure Blob on loopback (Azurite, {size / 1024:.0f} KiB blob)",
        f"{ms:.1f} ms",
        "",
        "",
        "",
        "",
    )


def main() -> None:
    import shutil

    from bench_idle import IDLE_SECONDS, idle
    from dataset import heavy_home, pin_same_level, with_team

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="repdash-bench-") as tmp_name:
        tmp = Path(tmp_name)
        homes = {n: tmp / f"home-{n // 1000}k" for n in KEY_SIZES}
        print(f"generating data: {', '.join(f'{n // 1000}k' for n in KEY_SIZES)} entries ...", flush=True)
        for n, home in homes.items():
            heavy_home(home, n)
        # Start-up: a year of history (60k) and a 500-rep team cache, as the last sync left it.
        start_home = tmp / "start" / "home"
        shutil.copytree(homes[60_000], start_home)
        with_team(LocalStore(start_home), 500)
        LocalStore(start_home).daily_counts()  # a copy has new inodes: its totals cache is stale once
        # Keystrokes: every size plays the same game (same level, no banner due).
        level = pin_same_level(homes.values())
        rows = []

        # Byte-compile first: pip compiles Textual at install, but an editable repdash under
        # PYTHONDONTWRITEBYTECODE would pay the compiler on every start and skew the ratio.
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "repdash"), str(HERE)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print("cold start ...", flush=True)
        cold = cold_start(start_home)
        (wall_r, cpu_r), (wall_b, cpu_b) = cold["repdash"], cold["bare"]
        ratio = wall_r / wall_b
        rows.append(
            (
                f"cold start to first frame, `repdash` as typed, median of {COLD_RUNS} alternating "
                "(60k entries, 500-rep team cache)",
                f"{wall_r:.0f} ms",
                f"{wall_b:.0f} ms",
                f"{ratio:.2f}×",
                "≤ 1.15×",
                "yes" if ratio <= 1.15 else "NO",
            )
        )
        rows.append(
            (
                "same, CPU time of the process to its first frame (less sensitive to load)",
                f"{cpu_r:.0f} ms",
                f"{cpu_b:.0f} ms",
                f"{cpu_r / cpu_b:.2f}×",
                "",
                "",
            )
        )
        # repdash pauses the cyclic collector until its first frame (repdash/cli/__init__.py); a bare
        # app could do the same. This row shows what that trick is worth, so the ratio above can be judged.
        wall_n, _ = cold["bare-nogc"]
        rows.append(
            (
                "for reference: the bare app with the collector paused until its first frame, as repdash does",
                f"{wall_r:.0f} ms",
                f"{wall_n:.0f} ms",
                f"{wall_r / wall_n:.2f}×",
                "",
                "",
            )
        )

        print("keystrokes ...", flush=True)
        rows.extend(keystrokes.rows(keystrokes.keystroke_sizes(homes), level))

        print("syncs ...", flush=True)
        rows.extend(sync_rows(tmp))
        print("team sync on S3 ...", flush=True)
        rows.extend(s3_rows())

        print("CRM import ...", flush=True)
        from bench_crm_import import rows as crm_rows

        rows.extend(crm_rows(tmp))

        print(f"idle for {IDLE_SECONDS} s ...", flush=True)
        # As a user leaves it open: in a terminal (a pty, see bench_idle.py), the 60k home as the
        # keystroke rows left it, and the start-up home with its 500-rep team file.
        usage = idle(homes[60_000], start_home)
        (cpu_ri, rss_r, wake_r), (cpu_ti, _, wake_t), (cpu_bi, rss_b, wake_b) = (
            usage["repdash"],
            usage["repdash team"],
            usage["bare"],
        )
        rows.append(
            (
                f"idle CPU over {IDLE_SECONDS} s in a terminal (% of one core, and thread wake-ups a minute; "
                "`repdash` and the bare app each in a 100x30 pty, as a user runs them; 60k entries, no team)",
                f"{cpu_ri:.2f} % ({wake_r:.0f}/min)",
                f"{cpu_bi:.2f} % ({wake_b:.0f}/min)",
                "",
                "< 0.5 %",
                "yes" if cpu_ri < 0.5 else "NO",
            )
        )
        rows.append(
            (
                "same, with a 500-rep team file (watched every 3 s, synced when something changed)",
                f"{cpu_ti:.2f} % ({wake_t:.0f}/min)",
                "",
                "",
                "< 0.5 %",
                "yes" if cpu_ti < 0.5 else "NO",
            )
        )
        rows.append(
            (
                "peak RSS",
                f"{rss_r:.0f} MB",
                f"{rss_b:.0f} MB",
                f"{rss_r / rss_b:.2f}×",
                "≤ 1.5×",
                "yes" if rss_r / rss_b <= 1.5 else "NO",
            )
        )

    header = ("figure", "repdash", "bare Textual", "ratio", "target", "met")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    table = "\n".join(lines)
    meta = (
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
        f"{load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end. "
        f"Run took {time.perf_counter() - started:.0f} s (`make bench`)."
    )
    # The team location (#21, #22): its own script, its own moto process, its own table.
    print("team location (bench_layout.py) ...", flush=True)
    layout = subprocess.run([sys.executable, str(HERE / "bench_layout.py")], capture_output=True, text=True)
    layout_table = (
        layout.stdout.strip() if layout.returncode == 0 else f"bench_layout.py failed:\n{layout.stderr[-500:]}"
    )
    # Contests (#23): standings for 500 reps and 5 open contests, its own script and table.
    print("contest standings (bench_contests.py) ...", flush=True)
    contests = subprocess.run([sys.executable, str(HERE / "bench_contests.py")], capture_output=True, text=True)
    contests_table = (
        contests.stdout.strip() if contests.returncode == 0 else f"bench_contests.py failed:\n{contests.stderr[-500:]}"
    )
    print()
    print(table)
    print()
    print(meta)
    print()
    print(layout_table)
    print()
    print(contests_table)
    (HERE / "results.md").write_text(
        "# Benchmark results\n\n"
        + table
        + "\n\n"
        + meta
        + "\n\n"
        + layout_table.replace("## ", "### ")
        + "\n\n"
        + contests_table.replace("## ", "### ")
        + "\n"
    )


if __name__ == "__main__":
    main()
