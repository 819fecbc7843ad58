"""Notices outside the window, read as the raw bytes the dashboard writes to a real pseudo-terminal.

Each terminal family gets its own sequence (chosen from the environment the terminal sets),
tmux gets it wrapped for passthrough, quiet mode / `notify = off` / the hours outside the notice
window get nothing, and the board `repdash serve` runs never speaks. Teammates' deals are told
at most once per 10 minutes: that test moves the wall clock with libfaketime's timestamp file.
"""

from __future__ import annotations

import base64
import os
import re
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
# What the terminal itself sets: cleared from the test's environment so that only the family under test shows.
TERMINAL_VARS = (
    "TMUX",
    "TMUX_PANE",
    "STY",
    "KITTY_WINDOW_ID",
    "TERM_PROGRAM",
    "ITERM_SESSION_ID",
    "WEZTERM_PANE",
    "GHOSTTY_RESOURCES_DIR",
    "WT_SESSION",
    "KONSOLE_VERSION",
    "VTE_VERSION",
    "SSH_CONNECTION",
    "SSH_TTY",
    "COLUMNS",  # a size in the environment wins over the terminal's (pytest-xdist workers have one)
    "LINES",
)
# Thursday 3 December 2026, 10:00 in Berlin.
NOW = "2026-12-03T10:00:00+01:00"
TARGETS = {"call": 2, "pitch": 5, "commit": 2, "deal": 1}
ST = b"\x1b\\"


class Pty(PtyTerminal):
    """A command in a 100x34 pseudo-terminal (tall enough for the dashboard's week and feed panels,
    which mount after the first frame, with the notices); every byte it writes is kept in `out`."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        super().__init__(argv, env, rows=34, cols=100)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TERMINAL_VARS and not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(home), TERM="xterm-256color", REPDASH_NOW=NOW)
    env.update(extra)
    return env


def make_home(tmp_path: Path, name: str = "home", **config) -> Path:
    home = tmp_path / name
    store = LocalStore(home)
    store.init("Tess", tz="Europe/Berlin", targets=TARGETS, now=_now())
    store.log("call", 1, now=_now())
    if config:
        store.update_config(**config)
    return home


def _now():
    import pendulum

    return pendulum.parse(NOW)


# Drawn once the code after the first frame has run, which starts the notices in the same call.
AFTER_FIRST_FRAME = b"Logged today"


def dashboard(home: Path, **env: str) -> Pty:
    return Pty([str(REPDASH)], clean_env(home, **env))


def log_a_call_and_read(home: Path, expect: bytes | None = None, **env: str) -> bytes:
    """Open the dashboard, press c (the call target of 2 is reached), and return every byte written:
    once `expect` is written (and a moment more for anything after it), or after 1.5 s without it."""
    term = dashboard(home, **env)
    try:
        term.wait_for(AFTER_FIRST_FRAME)
        term.type("c")
        deadline = time.monotonic() + 20
        while sum(e.count for e in LocalStore(home).day_entries(_now().in_timezone("Europe/Berlin").date())) < 2:
            assert time.monotonic() < deadline, "the call was not logged"
            time.sleep(0.05)
        if expect is not None:
            term.wait_for(expect)
            time.sleep(0.5)
        else:
            time.sleep(1.5)  # what the key would have made the app write has reached the terminal
        return term.out
    finally:
        term.kill()


def kitty_notice(title: str, body: str) -> tuple[bytes, bytes]:
    b64 = lambda s: base64.b64encode(s.encode())  # noqa: E731
    return b":d=0:e=1;" + b64(title) + ST, b":p=body:e=1;" + b64(body) + ST


def bells(out: bytes) -> int:
    """BELs that ring: not the ones ending an OSC (Textual sets the pointer shape with OSC 22 ... BEL)."""
    return re.sub(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)", b"", out).count(b"\x07")


OSC777 = b"\x1b]777;notify;Calls target reached;2 today.\x07"
OSC9 = b"\x1b]9;repdash: Calls target reached: 2 today.\x07"


@pytest.mark.parametrize(
    ("family", "env", "expected"),
    [
        ("kitty", {"KITTY_WINDOW_ID": "1"}, None),
        ("iterm2", {"TERM_PROGRAM": "iTerm.app"}, [OSC9]),
        ("wezterm", {"WEZTERM_PANE": "0", "TERM_PROGRAM": "WezTerm"}, [OSC777]),
        ("ghostty", {"GHOSTTY_RESOURCES_DIR": "/usr/share/ghostty", "TERM_PROGRAM": "ghostty"}, [OSC777]),
        ("windows-terminal", {"WT_SESSION": "0b7c5d5e"}, [OSC777]),
        ("foot", {"TERM": "foot"}, [OSC777]),
        ("vte", {"VTE_VERSION": "7600"}, [OSC777 + b"\x07"]),
    ],
)
def test_each_terminal_family_gets_its_own_sequence(tmp_path, family, env, expected):
    out = log_a_call_and_read(make_home(tmp_path), b"]99;i=rd" if family == "kitty" else expected[0], **env)
    if family == "kitty":
        title, body = kitty_notice("Calls target reached", "2 today.")
        assert b"\x1b]99;i=rd" in out and title in out and body in out, out[-400:]
        return
    for sequence in expected:
        assert out.count(sequence) == 1, out[-400:]
    assert out.count(b"]777;") + out.count(b"]9;") == 1  # one notice, one sequence


def test_a_terminal_with_no_notices_gets_the_bell(tmp_path):
    out = log_a_call_and_read(make_home(tmp_path))  # (a bell cannot be waited for: BEL ends OSCs too)
    assert bells(out) == 1, out[-400:]
    assert b"]777;" not in out and b"]9;" not in out and b"]99;" not in out


def test_under_tmux_the_sequence_is_wrapped_for_passthrough(tmp_path):
    wrapped = b"\x1bPtmux;\x1b\x1b]777;notify;Calls target reached;2 today.\x07\x1b\\"
    out = log_a_call_and_read(make_home(tmp_path), wrapped, WEZTERM_PANE="0", TMUX="/tmp/tmux-0/default,4242,0")
    assert out.count(wrapped) == 1, out[-400:]
    assert out.count(b"]777;") == 1  # only the wrapped one


def test_under_tmux_the_bell_is_not_wrapped(tmp_path):
    out = log_a_call_and_read(make_home(tmp_path), TMUX="/tmp/tmux-0/default,4242,0")
    assert bells(out) == 1 and b"\x1bPtmux;" not in out


@pytest.mark.parametrize(
    ("why", "config", "now"),
    [
        ("quiet mode", {"quiet": True}, NOW),
        ("notify = off", {"notify": "off"}, NOW),
        ("after the notice hours", {}, "2026-12-03T18:30:00+01:00"),
        ("before the rep's own hours", {"notify_hours": "10:30-17:00"}, NOW),
        ("target notices switched off", {"nudges": {"target": False}}, NOW),
    ],
)
def test_nothing_is_written_when_silenced(tmp_path, why, config, now):
    out = log_a_call_and_read(make_home(tmp_path, **config), WEZTERM_PANE="0", REPDASH_NOW=now)
    assert b"]777;" not in out and bells(out) == 0, why


def test_desktop_mode_away_from_the_desktop_uses_the_terminal(tmp_path):
    # Over SSH there is no desktop of the rep's to show a notification on: the terminal says it.
    out = log_a_call_and_read(
        make_home(tmp_path, notify="desktop"), OSC777, WEZTERM_PANE="0", SSH_CONNECTION="10.0.0.2 5 10.0.0.1 22"
    )
    assert out.count(OSC777) == 1, out[-400:]


def test_the_served_board_never_speaks(tmp_path):
    # At 12:10 a rep under half of the day's targets gets the midday notice from the dashboard;
    # the board `repdash serve` runs for each browser tab, in the same home and terminal, says nothing.
    home = make_home(tmp_path)
    midday = "2026-12-03T12:10:00+01:00"
    term = dashboard(home, WEZTERM_PANE="0", REPDASH_NOW=midday)
    try:
        term.wait_for(b"]777;notify;Halfway check;")
    finally:
        term.kill()
    for driver in ("textual.drivers.web_driver:WebDriver", None):
        env = clean_env(home, WEZTERM_PANE="0", REPDASH_NOW=midday)
        if driver:
            env["TEXTUAL_DRIVER"] = driver
        board = Pty([sys.executable, "-m", "repdash.ui.served_board", "--home", str(home), "--rotate", "0"], env)
        try:
            board.wait_for(b"STANDINGS")
            time.sleep(3)
            assert b"]777;" not in board.out and bells(board.out) == 0, driver
        finally:
            board.kill()


FAKETIME_LIB = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


@pytest.mark.skipif(not FAKETIME_LIB.exists(), reason="libfaketime (Debian package faketime) not installed")
def test_teammates_deals_are_told_at_most_once_per_ten_minutes(tmp_path):
    """The wall clock comes from libfaketime's timestamp file (the monotonic clock runs, so the
    app's timers do): a deal is told at once, the next one 10 minutes after, not before."""
    team = tmp_path / "team.json"
    ana = tmp_path / "ana"

    def as_ana(*args: str, at: str) -> None:
        env = clean_env(ana, REPDASH_NOW=at)
        subprocess.run([str(REPDASH), *args], env=env, check=True, capture_output=True, timeout=60)

    as_ana("init", "--name", "Ana", "--team-file", str(team), "--tz", "Europe/Berlin", at=NOW)
    as_ana("sync", at=NOW)
    home = make_home(tmp_path)
    LocalStore(home).update_config(team_file=str(team), targets={"call": 500})
    clock = tmp_path / "faketime"
    clock.write_text("2026-12-03 09:00:00\n")  # UTC: 10:00 in Berlin
    env = clean_env(
        home,
        WEZTERM_PANE="0",
        TZ="UTC",
        LD_PRELOAD=str(FAKETIME_LIB),
        FAKETIME_TIMESTAMP_FILE=str(clock),
        FAKETIME_NO_CACHE="1",
        FAKETIME_DONT_FAKE_MONOTONIC="1",
    )
    del env["REPDASH_NOW"]
    term = Pty([str(REPDASH)], env)
    notice = b"]777;notify;Deal on the team;Ana closed a deal.\x07"
    try:
        term.wait_for(b"Tess")
        # The first sync and read (Ana with no deal yet is the baseline): cached, then handed to the UI.
        deadline = time.monotonic() + 60
        while not any(r.get("name") == "Ana" for r in (LocalStore(home).team_cache() or {}).get("reps", [])):
            assert time.monotonic() < deadline, "the dashboard never read the team"
            time.sleep(0.1)
        time.sleep(1)
        as_ana("log", "deal", at="2026-12-03T10:00:30+01:00")
        as_ana("sync", at="2026-12-03T10:00:30+01:00")
        term.wait_for(notice)  # the watch reads the team file every 3 s
        as_ana("log", "deal", at="2026-12-03T10:01:00+01:00")
        as_ana("sync", at="2026-12-03T10:01:00+01:00")
        time.sleep(8)  # read, and held: the last notice was under 10 minutes ago
        term.type("c")  # a key makes the app look again
        time.sleep(2)
        assert term.out.count(notice) == 1
        clock.write_text("2026-12-03 09:09:00\n")
        term.type("c")
        time.sleep(2)
        assert term.out.count(notice) == 1  # 9 minutes: still held
        clock.write_text("2026-12-03 09:10:30\n")
        term.type("c")
        term.wait_for(notice, count=2)  # the held deal, told 10 minutes after the first
        time.sleep(2)
        assert term.out.count(notice) == 2
    finally:
        term.kill()


def test_status_json_says_how_notices_are_sent(tmp_path):
    home = make_home(tmp_path, notify="desktop")
    env = clean_env(home)
    res = subprocess.run([str(REPDASH), "status", "--json"], env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    import json

    assert json.loads(res.stdout)["notify"] == "desktop"


@pytest.mark.skipif(not shutil.which("tmux"), reason="tmux is not installed")
def test_a_real_tmux_passes_the_notice_through(tmp_path):
    """The wrapped sequence as tmux itself handles it: with passthrough on, the outer terminal
    (here a pty we read) receives the plain OSC 777."""
    home = make_home(tmp_path)
    socket = f"nudge-{os.getpid()}"
    env = clean_env(home)
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g allow-passthrough on\n")
    cmd = f"WEZTERM_PANE=0 REPDASH_HOME={home} REPDASH_NOW={NOW} exec {REPDASH}"
    outer = Pty(["tmux", "-L", socket, "-f", str(conf), "new-session", "-x", "100", "-y", "34", cmd], env)
    try:
        outer.wait_for(AFTER_FIRST_FRAME)
        outer.type("c")
        outer.wait_for(b"\x1b]777;notify;Calls target reached;2 today.\x07")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], check=False, capture_output=True)
        outer.kill()
