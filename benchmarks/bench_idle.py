"""Idle CPU as a user pays it: each app left open in its own terminal, nobody typing.

Each app runs in a pseudo-terminal (100x30, as tmux or ssh give it), not headless: a
headless app has no key-reading thread, and that thread was most of the idle cost.
repdash is started as a user starts it, the `repdash` command; the bare Textual app is
`apps.py bare terminal`. The apps run side by side, so a busy machine touches all alike.

`make bench` calls `idle()`; alone, for trying idle changes (about 1.5 min a run):
    python benchmarks/bench_idle.py [RUNS]
prints each run and the median and spread over RUNS (default 3).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
IDLE_SECONDS = int(os.environ.get("BENCH_IDLE_SECONDS", 60))
REPDASH = Path(sys.executable).with_name("repdash")


class Terminal:
    """A command in a 100x30 pseudo-terminal whose output is read (and dropped) as it comes."""

    def __init__(self, cmd: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, env=dict(env, TERM="xterm-256color"), start_new_session=True
        )
        os.close(slave)
        self._done = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while not self._done.is_set():
            if select.select([self.master], [], [], 0.2)[0]:
                try:
                    if not os.read(self.master, 65536):
                        return
                except OSError:
                    return

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._done.set()
        self._reader.join()
        os.close(self.master)


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU of the whole process (threads that ended included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wakeups(pid: int) -> int:
    """Voluntary context switches of the live threads: one each time a thread sleeps and is
    woken. Unlike CPU time, the count does not grow on a busy machine."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        total += int(status.split("voluntary_ctxt_switches:")[1].split()[0])
    return total


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle(home: Path, team_home: Path | None = None) -> dict[str, tuple[float, float, float]]:
    """CPU % of one core over IDLE_SECONDS, peak RSS (MB) and wake-ups a minute of each app, side by side:
    "repdash" (the home, no team), "repdash team" (team_home: a team file it watches and
    syncs), "bare"."""
    apps = {
        "repdash": ([str(REPDASH)], home),
        "repdash team": ([str(REPDASH)], team_home),
        "bare": ([sys.executable, str(HERE / "apps.py"), "bare", "terminal"], home),
    }
    terms = {
        name: Terminal(cmd, dict(os.environ, REPDASH_HOME=str(h))) for name, (cmd, h) in apps.items() if h is not None
    }
    try:
        # Start-up is not idle: wait until its tail (the achievement scan over all history, modules
        # loaded after the first frame, the first sync) is done — CPU flat for 2 s — at most 20 s.
        time.sleep(2)
        for _ in range(9):
            before = {k: proc_cpu_seconds(t.proc.pid) for k, t in terms.items()}
            time.sleep(2)
            if all(proc_cpu_seconds(t.proc.pid) - before[k] < 0.02 for k, t in terms.items()):
                break
        for name, t in terms.items():
            if t.proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {t.proc.returncode} before the idle run")
        start = {k: (proc_cpu_seconds(t.proc.pid), wakeups(t.proc.pid)) for k, t in terms.items()}
        t0 = time.perf_counter()
        time.sleep(IDLE_SECONDS)
        wall = time.perf_counter() - t0
        return {
            k: (
                (proc_cpu_seconds(t.proc.pid) - start[k][0]) / wall * 100,
                peak_rss_mb(t.proc.pid),
                (wakeups(t.proc.pid) - start[k][1]) / wall * 60,
            )
            for k, t in terms.items()
        }
    finally:
        for t in terms.values():
            t.stop()


def main() -> None:
    from dataset import heavy_home, with_team

    from repdash.store.local import LocalStore

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="repdash-idle-") as tmp_name:
        tmp = Path(tmp_name)
        home, team_home = tmp / "home", tmp / "team" / "home"
        heavy_home(home, 60_000)
        heavy_home(team_home, 60_000)
        with_team(LocalStore(team_home), 500)
        results: dict[str, list[tuple[float, float]]] = {}
        for i in range(runs):
            usage = idle(home, team_home)
            print(
                f"run {i + 1}: "
                + ", ".join(f"{k} {cpu:.2f} % ({w:.0f} wake-ups/min)" for k, (cpu, _, w) in usage.items()),
                flush=True,
            )
            for k, (cpu, _, w) in usage.items():
                results.setdefault(k, []).append((cpu, w))
        for k, v in results.items():
            cpu, woken = [c for c, _ in v], [w for _, w in v]
            print(
                f"{k}: median {statistics.median(cpu):.2f} %, spread {min(cpu):.2f}-{max(cpu):.2f} % over {runs} runs; "
                f"wake-ups/min median {statistics.median(woken):.0f} ({min(woken):.0f}-{max(woken):.0f})"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    main()
