"""The dashboard left open on a real terminal (a pseudo-terminal, as tmux or ssh give it).

Idle is what a user pays all day: no thread may wake ten times a second, nothing may spin
on a stdin that ended, and a closed terminal must end the process at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pty_terminal import PtyTerminal

from repdash.store.local import LocalStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
REPDASH = Path(sys.executable).with_name("repdash")


class Terminal(PtyTerminal):
    """repdash in a 100x30 pseudo-terminal (tests/support/pty_terminal.py); what it draws is kept."""

    def __init__(self, home: Path, stdin=None) -> None:
        env = dict(os.environ, REPDASH_HOME=str(home), TERM="xterm-256color")
        super().__init__([str(REPDASH)], env, rows=30, cols=100, stdin=stdin)

    def wait_for(self, data: bytes | str, timeout: float = 20, count: int = 1) -> None:
        super().wait_for(data, timeout, count)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wakeups(self) -> dict[str, int]:
        """Voluntary context switches per thread: one each time a thread sleeps and is woken."""
        out = {}
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches"):
                    out[task.name] = int(line.split()[1])
        return out


@pytest.fixture
def rep_home(home: Path) -> Path:
    LocalStore(home).init("Tess", tz="Europe/Berlin")
    return home


linux_only = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")


@linux_only
def test_no_thread_wakes_ten_times_a_second_while_nothing_happens(rep_home):
    # Textual's key reader polls every 0.1 s; the dashboard's own timers tick every 2 s at most.
    term = Terminal(rep_home)
    try:
        term.wait_for("Tess")
        time.sleep(3)  # past the start-up tail (achievements, the modules loaded after the first frame)
        before = term.wakeups()
        time.sleep(3)
        after = term.wakeups()
        woken = {tid: after[tid] - before.get(tid, 0) for tid in after}
        assert max(woken.values()) <= 12, woken  # a 10 Hz poll would be ~30
    finally:
        term.kill()


@linux_only
def test_the_dashboard_does_not_spin_when_stdin_is_not_a_terminal(rep_home):
    # `repdash < /dev/null` in a terminal: end-of-file at once, and Textual's reader looped on it.
    term = Terminal(rep_home, stdin=subprocess.DEVNULL)
    try:
        term.wait_for("Tess")
        time.sleep(2)
        before = term.cpu_seconds()
        time.sleep(2)
        assert term.cpu_seconds() - before < 0.2  # it spun at ~80 % of a core
        assert term.proc.poll() is None  # and it stays open: the screen is still there
    finally:
        term.kill()


def test_a_closed_terminal_ends_the_dashboard_at_once_without_a_sighup(rep_home):
    # No controlling terminal, so no SIGHUP: the key reader's end-of-file is the only sign.
    term = Terminal(rep_home)
    try:
        term.wait_for("Tess")
        time.sleep(0.5)
        term.close()
        closed = time.monotonic()
        term.proc.wait(timeout=10)
        assert time.monotonic() - closed < 2  # a 5 s stat of the tty device took 4-5 s here
        assert term.proc.returncode == 0
    finally:
        term.kill()


def test_keys_still_work_after_a_suspend_and_resume(rep_home):
    # SIGTSTP makes Textual stop and close the driver, SIGCONT starts the same driver again:
    # the sleeping key reader must come back too (it once lost its wake-up pipe and died).
    import signal

    import pendulum

    term = Terminal(rep_home)
    try:
        term.wait_for("Tess")
        time.sleep(0.5)
        os.kill(term.proc.pid, signal.SIGTSTP)
        time.sleep(0.5)
        os.kill(term.proc.pid, signal.SIGCONT)
        time.sleep(1)
        term.type("c")
        today = pendulum.now("Europe/Berlin").date()
        deadline = time.monotonic() + 10
        while not LocalStore(rep_home).day_entries(today):
            assert term.proc.poll() is None, f"repdash exited ({term.proc.returncode})"
            assert time.monotonic() < deadline, "the key after the resume was not logged"
            time.sleep(0.1)
    finally:
        term.kill()


def test_a_lone_escape_still_closes_the_help_screen(rep_home):
    # The reader sleeps until a key comes, but a lone Esc (no sequence after it) is still
    # reported after Textual's short escape delay, not at the next key.
    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed")
    socket = f"idle-{os.getpid()}"
    try:
        subprocess.run(
            ["tmux", "-L", socket, "new-session", "-d", "-s", "s", "-x", "100", "-y", "30"]
            + [f"REPDASH_HOME={rep_home} exec {REPDASH}"],
            check=True,
        )

        def screen() -> str:
            return subprocess.run(
                ["tmux", "-L", socket, "capture-pane", "-p", "-t", "s"], capture_output=True, text=True
            ).stdout

        def wait(predicate, what: str) -> None:
            deadline = time.monotonic() + 20
            while not predicate(screen()):
                assert time.monotonic() < deadline, f"{what}:\n{screen()}"
                time.sleep(0.05)

        wait(lambda s: "Tess" in s, "no dashboard")
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "s", "?"], check=True)
        wait(lambda s: "repdash help" in s, "no help screen")
        subprocess.run(["tmux", "-L", socket, "send-keys", "-t", "s", "Escape"], check=True)
        wait(lambda s: "repdash help" not in s, "Esc did not close the help")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)


async def test_the_30_s_tick_redraws_nothing_when_nothing_changed(store, frozen_now):
    # With activity in the last hour the tick recomputes the dashboard for the fading momentum;
    # when the clock has not moved, no widget may be redrawn (each redraw is CPU all day long).
    from repdash.ui.app import RepdashApp

    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "p")
        await pilot.pause()
        assert app.pulse_alive  # the tick does recompute the dashboard
        redrawn = []
        widgets = list(app.screen.query("StatCard, TodayPanel, TextLine, TopBar"))
        assert len(widgets) >= 6

        def spy(w):
            real = w.refresh

            def refresh(*args, **kwargs):
                redrawn.append(w.id or type(w).__name__)
                return real(*args, **kwargs)

            return refresh

        for w in widgets:
            w.refresh = spy(w)
        app.check_day()
        assert redrawn == []
        # A change still redraws: a call logged from the command line shows at the next 2 s look.
        store.log("call", 1, now=frozen_now)
        app.check_day_file()
        assert "today-panel" in redrawn
        for w in widgets:
            del w.refresh
