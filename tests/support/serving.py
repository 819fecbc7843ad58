"""Helpers for the `repdash serve` tests: start the real server, read its sockets and process tree from /proc."""

from __future__ import annotations

import os
import re
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

from teamfile_data import demo_team, write

NOW = "2026-11-26T10:30:00+01:00"
NAMES = ["Ana Smith", "Ben Okafor", "Dev Patel", "Eve Nakamura", "Finn Weber"]


def make_team_home(tmp_path: Path, *, note: bool = True) -> tuple[Path, Path]:
    """A manager's home (with a private coaching note) on the demo team file."""
    import pendulum

    from repdash.store.local import LocalStore

    (tmp_path / "share").mkdir()
    team = write(tmp_path / "share" / "team.json", demo_team())
    store = LocalStore(tmp_path / "home")
    store.init("Maria Chen", team_file=str(team), tz="Europe/Berlin", manager=True, now=pendulum.parse(NOW))
    if note:
        store.table_insert(
            "coaching_notes",
            {
                "rep_id": "05" + "a" * 30,
                "name": "Dev Patel",
                "at": "2026-11-25T16:00:00+01:00",
                "text": "SECRET-NOTE pitch practice",
            },
        )
    return store.home, team


def files_of(*folders: Path) -> dict[str, bytes]:
    """Every file under the folders, by path: the bytes a board must never change."""
    return {str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


class Served:
    """`python -m repdash serve` as a subprocess, stopped (and waited for) on exit."""

    def __init__(self, home: Path | None, *args: str, env: dict | None = None) -> None:
        e = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
        e.update({"REPDASH_NOW": NOW, "TZ": "Europe/Berlin"}, **(env or {}))
        home_args = ["--home", str(home)] if home is not None else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "repdash", *home_args, "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=e,
            start_new_session=True,
        )  # as a service manager starts it: no tty at all
        self.out = b""
        self.url = self._wait_for_url(timeout=30)

    def _wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                match = re.search(rb"(http://\S+)", self.out)
                if match:
                    return match.group(1).decode()
                if sel.select(timeout=deadline - time.monotonic()):
                    chunk = os.read(self.proc.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    self.out += chunk
        self.proc.kill()
        raise AssertionError(f"serve printed no URL: {self.out!r} {self.proc.stderr.read()!r}")

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def descendants(self) -> set[int]:
        return descendants(self.proc.pid)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> tuple[int, str, str]:
        self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, (self.out + out).decode(errors="replace"), err.decode(errors="replace")

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def descendants(root: int) -> set[int]:
    """Every process below `root`, from /proc (what `ps --forest` shows)."""
    parents = {int(p.name): _ppid(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as gone: it runs nothing)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def listening_addresses(pid: int) -> set[str]:
    """Local addresses of the TCP sockets `pid` listens on, read from /proc/net/tcp{,6}."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            local, state, inode = cols[1], cols[3], cols[9]
            if state == "0A" and inode in inodes:  # 0A: LISTEN
                found.add(_address(local.split(":")[0], width))
    return found


def _address(hex_ip: str, width: int) -> str:
    import ipaddress

    raw = bytes.fromhex(hex_ip)
    # /proc prints each 32-bit word in host (little-endian) order.
    raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(raw))
