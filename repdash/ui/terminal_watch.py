"""Quit when the terminal goes away (a closed tmux or ssh session).

Textual's input thread spins on a hung-up tty instead of stopping, so an orphaned
dashboard would burn a core all day: a 5 s stat of the tty device catches it, and
SIGHUP exits cleanly where it is delivered.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys


class TerminalWatch:
    """Mixin for a Textual App: call `_watch_terminal()` from on_mount."""

    _tty: str | None = None

    def _watch_terminal(self) -> None:
        if self.is_headless:
            return
        try:
            self._tty = os.ttyname(sys.__stdin__.fileno())
        except (OSError, AttributeError, ValueError):
            return  # not on a terminal: nothing to watch
        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._terminal_gone)
        except (NotImplementedError, RuntimeError, AttributeError):
            pass  # no SIGHUP here (Windows)
        self.set_interval(5, self._check_terminal)

    def _check_terminal(self) -> None:
        if not os.path.exists(self._tty):
            self._terminal_gone()

    def _terminal_gone(self) -> None:
        """Leave at once: there is no screen to restore.

        A graceful exit writes "restore the terminal" sequences to the dead tty; when the
        terminal closed just after the first frame, Textual's writer queue blocked that
        shutdown forever and the process stayed behind (issue 11). Every local write is
        already on disk (atomic, fsynced: a kill at any instant is safe), so a hard exit
        loses nothing. Headless (tests) exits the normal way.
        """
        if self.is_headless:
            self.exit()
            return
        os._exit(0)
