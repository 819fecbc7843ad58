"""`make bench`: repdash against a bare Textual app, measured in the same run.

Prints one table and writes it to benchmarks/results.md. Ratios hold on a noisy machine
where absolute times do not. Takes about 5 minutes on 2 cores (BENCH_S3_STRESS=off saves ~1.5).
"""

from __future__ import annotations

import asyncio
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

COLD_RUNS = int(os.environ.get("BENCH_COLD_RUNS", 10))
PRESSES = int(os.environ.get("BENCH_PRESSES", 200))
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", 60))
# The S3 stress, a ladder of PROCESSESxROUNDS runs ("off" to skip it; the one-sync rows on S3 always run).
S3_STRESS = os.environ.get("BENCH_S3_STRESS", "8x50,16x50,24x50")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


# ---- cold start --------------------------------------------------------------
def cold_start(kind: str, home: Path) -> float:
    env = dict(os.environ, REPDASH_HOME=str(home))
    times = []
    for _ in range(COLD_RUNS):
        t = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "apps.py"), kind, "exit"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


# ---- keystroke ---------------------------------------------------------------
def shown_count(app) -> str:
    """The text of the widget that shows the call count."""
    from textual.widgets import Static

    if type(app).__name__ == "BareApp":
        return str(app.screen.query_one("#count", Static).render())
    return app.screen.query_one("#today-panel").count_text("call")


async def keystrokes(kind: str, home: Path) -> list[float]:
    from apps import make

    os.environ["REPDASH_HOME"] = str(home)
    app = make(kind)
    out = []
    from textual import events

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(PRESSES):
            before = shown_count(app)
            event = events.Key("c", "c")
            event.set_sender(app)
            t = time.perf_counter()
            app._driver.send_message(event)
            # Done when the visible count changed (the entry is on disk by then: the write comes first).
            while shown_count(app) == before:
                await asyncio.sleep(0.0002)
            out.append((time.perf_counter() - t) * 1000)
            await pilot.pause()  # let the frame settle before the next press (not timed)
        if kind == "repdash":
            # The count on screen must be what was pressed: the keystroke really went through.
            shown = app.summary["today"]["call"]
            assert shown >= PRESSES, shown
    return out


# ---- idle CPU and RSS --------------------------------------------------------
def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle(home: Path) -> dict[str, tuple[float, float]]:
    """Both apps side by side for IDLE_SECONDS: CPU % of one core, and peak RSS."""
    env = dict(os.environ, REPDASH_HOME=str(home))
    procs = {k: subprocess.Popen([sys.executable, str(HERE / "apps.py"), k, "idle"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in ("repdash", "bare")}
    time.sleep(4)  # start-up is not idle
    start = {k: proc_cpu_seconds(p.pid) for k, p in procs.items()}
    t0 = time.perf_counter()
    time.sleep(IDLE_SECONDS)
    wall = time.perf_counter() - t0
    out = {}
    for k, p in procs.items():
        cpu = (proc_cpu_seconds(p.pid) - start[k]) / wall * 100
        out[k] = (cpu, peak_rss_mb(p.pid))
        p.kill()
        p.wait()
    return out


# ---- sync ----------------------------------------------------------------------
def sync_rows(tmp: Path) -> list[tuple[str, str, str, str, str, str]]:
    try:
        from bench_sync import sync_times, frame_gaps_during_sync
    except ImportError as exc:
        return [("team sync", "n/a", "", "", "≤ 50 ms at 500", f"not measured ({exc})")]
    rows = []
    for n, ms in sync_times(tmp, [50, 500, 2000]).items():
        target = "≤ 50 ms" if n == 500 else ""
        met = ("yes" if ms <= 50 else "NO") if n == 500 else ""
        rows.append((f"one team sync, {n} reps", f"{ms:.1f} ms", "", "", target, met))
    for reps in (500, 2000):
        late, worst, idle_worst = frame_gaps_during_sync(tmp, reps=reps)
        rows.append((f"UI frames late during syncs, {reps} reps (60 Hz tick, gap > 2 frames)", str(late), "", "",
                     "0" if reps == 500 else "", ("yes" if late == 0 else "NO") if reps == 500 else ""))
        rows.append((f"worst UI tick gap during syncs / idle, {reps} reps", f"{worst:.0f} / {idle_worst:.0f} ms",
                     "", "", "", ""))
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
            rows.append((f"one team sync, {n} reps, S3 on loopback ({size / 1024:.0f} KiB object)", f"{ms:.1f} ms",
                         "", "", "", ""))
    ladder = [] if S3_STRESS.lower() in ("off", "0", "") else S3_STRESS.lower().split(",")
    for step in ladder:
        # N processes publishing R times each, back to back (no pause between rounds), to one object:
        # far more contention than a team makes. Held = nothing lost and no publish gave up ("busy").
        procs, rounds = (int(x) for x in step.split("x"))
        print(f"S3 stress: {procs} processes x {rounds} rounds ...", flush=True)
        with running(serial=True) as server:
            r = stress(server, procs, rounds)
        held = r["lost"] == 0 and r["failed"] == 0 and r["busy"] == 0
        rows.append((f"S3 stress, {procs} processes × {rounds} back-to-back publishes: lost / retries / gave up",
                     f"{r['lost']} / {r['retries']} ({r['retries_per_publish']} per publish) / {r['busy']}, "
                     f"{r['seconds']} s", "", "", "0 lost, 0 gave up", "yes" if held else "NO"))
    return rows


def main() -> None:
    from dataset import heavy_home

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="repdash-bench-") as tmp_name:
        tmp = Path(tmp_name)
        small, big = tmp / "home-1k", tmp / "home-60k"
        print("generating data: 1k and 60k entries ...", flush=True)
        heavy_home(small, 1_000)
        heavy_home(big, 60_000)
        rows = []

        # Byte-compile first: pip compiles Textual at install, but an editable repdash under
        # PYTHONDONTWRITEBYTECODE would pay the compiler on every start and skew the ratio.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "repdash")], check=True,
                       stdout=subprocess.DEVNULL)
        print("cold start ...", flush=True)
        cold_r, cold_b = cold_start("repdash", big), cold_start("bare", big)
        ratio = cold_r / cold_b
        rows.append(("cold start to first frame, median (60k entries)", f"{cold_r:.0f} ms", f"{cold_b:.0f} ms",
                     f"{ratio:.2f}×", "≤ 1.15×", "yes" if ratio <= 1.15 else "NO"))

        print("keystrokes ...", flush=True)
        k_big = asyncio.run(keystrokes("repdash", big))
        k_small = asyncio.run(keystrokes("repdash", small))
        k_bare = asyncio.run(keystrokes("bare", big))
        p95_big, p95_small, p95_bare = pct(k_big, .95), pct(k_small, .95), pct(k_bare, .95)
        rows.append(("keystroke → fsynced → on screen, p50 (60k)", f"{pct(k_big, .5):.1f} ms", f"{pct(k_bare, .5):.1f} ms",
                     f"{pct(k_big, .5) / pct(k_bare, .5):.2f}×", "", ""))
        rows.append(("keystroke → fsynced → on screen, p95 (60k)", f"{p95_big:.1f} ms", f"{p95_bare:.1f} ms",
                     f"{p95_big / p95_bare:.2f}×", "≤ 16 ms", "yes" if p95_big <= 16 else "NO"))
        drift = abs(p95_big - p95_small) / p95_small
        rows.append(("keystroke p95, 1k vs 60k entries", f"{p95_small:.1f} → {p95_big:.1f} ms", "", f"{drift:+.0%}",
                     "within 10 %", "yes" if drift <= 0.10 else "NO"))

        rows.extend(sync_rows(tmp))
        print("team sync on S3 ...", flush=True)
        rows.extend(s3_rows())

        print(f"idle for {IDLE_SECONDS} s ...", flush=True)
        usage = idle(big)
        (cpu_r, rss_r), (cpu_b, rss_b) = usage["repdash"], usage["bare"]
        rows.append((f"idle CPU over {IDLE_SECONDS} s (% of one core)", f"{cpu_r:.2f} %", f"{cpu_b:.2f} %", "",
                     "< 0.5 %", "yes" if cpu_r < 0.5 else "NO"))
        rows.append(("peak RSS", f"{rss_r:.0f} MB", f"{rss_b:.0f} MB", f"{rss_r / rss_b:.2f}×", "≤ 1.5×",
                     "yes" if rss_r / rss_b <= 1.5 else "NO"))

    header = ("figure", "repdash", "bare Textual", "ratio", "target", "met")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    table = "\n".join(lines)
    meta = (f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}. "
            f"Run took {time.perf_counter() - started:.0f} s (`make bench`).")
    print()
    print(table)
    print()
    print(meta)
    (HERE / "results.md").write_text("# Benchmark results\n\n" + table + "\n\n" + meta + "\n")


if __name__ == "__main__":
    main()
