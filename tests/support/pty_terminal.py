"""A command in a real pseudo-terminal, as tmux or ssh give it: every byte it writes is kept.

The child gets no controlling terminal (a new session), so closing the terminal sends it no SIGHUP:
only what the program itself notices can end it. `stdin` other than the terminal: it draws on the
terminal but reads keys there. Used by the idle test and the notices' raw-bytes test."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import threading
import time


class PtyTerminal:
    def __init__(self, argv: list[str], env: dict[str, str], *, rows: int, cols: int, stdin=None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            argv,
            stdin=slave if stdin is None else stdin,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.out = b""
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        # A read blocked on the master would keep it open after close(): wait in short selects.
        while not self._stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.out += data

    def wait_for(self, data: bytes | str, timeout: float = 30, count: int = 1) -> None:
        data = data.encode() if isinstance(data, str) else data
        deadline = time.monotonic() + timeout
        while self.out.count(data) < count:
            assert self.proc.poll() is None, f"exited ({self.proc.returncode})"
            assert time.monotonic() < deadline, f"{data!r} never written ({self.out.count(data)} of {count})"
            time.sleep(0.05)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        """Close the terminal, as closing a tmux pane or an ssh session does."""
        self._stop.set()
        self._reader.join()
        os.close(self.master)
        self.master = -1

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.master >= 0:
            self.close()
