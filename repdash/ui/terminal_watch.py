"""Quit when the terminal goes away (a closed tmux or ssh session).

Textual's input thread spins on a hung-up tty instead of stopping, so an orphaned
dashboard would burn a core all day: a 5 s stat of the tty device catches it, and
SIGHUP exits cleanly where it is delivered.
"""

from __future__ import annotations

import asyncio

from repdash import portable


class TerminalWatch:
    """Mixin for a Textual App: call `_watch_terminal()` from on_mount."""

    _tty: str | None = None

    def _watch_terminal(self) -> None:
        if self.is_headless or self.is_web:  # no terminal of its own: tests, or served to a browser
            return
        self._tty = portable.terminal_device()
        if self._tty is None:
            return  # not on a terminal (or Windows): nothing to watch
        portable.on_hangup(asyncio.get_running_loop(), self.exit)  # no SIGHUP on Windows
        self.set_interval(5, self._check_terminal)

    def _check_terminal(self) -> None:
        if portable.terminal_gone(self._tty):
            self.exit()
