"""Quit when the terminal goes away (a closed tmux or ssh session).

Textual's input thread spins on a hung-up tty instead of stopping, so an orphaned
dashboard would burn a core all day. Our driver (`quiet_input.QuietLinuxDriver`, which
also lets that thread sleep while no key comes) sees the hang-up as end-of-file and calls
`terminal_closed`; SIGHUP exits too, where it is delivered. Only under another driver
(TEXTUAL_DRIVER set) does a 5 s stat of the tty device stand in for the driver's check.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any

from repdash import portable

if TYPE_CHECKING:
    from textual.app import App


if TYPE_CHECKING:
    _App = App[Any]  # a mixin of Apps: the type checker sees the App it becomes
else:
    _App = object


class TerminalWatch(_App):
    """Mixin for a Textual App: call `_watch_terminal()` from on_mount."""

    _tty: str | None = None

    def get_driver_class(self):
        driver_class = super().get_driver_class()
        # Textual's own terminal driver (Linux, macOS); not Windows', nor one TEXTUAL_DRIVER chose (the web).
        if driver_class.__module__ == "textual.drivers.linux_driver" and driver_class.__name__ == "LinuxDriver":
            from repdash.ui.quiet_input import QuietLinuxDriver

            return QuietLinuxDriver
        return driver_class

    def _watch_terminal(self) -> None:
        if self.is_headless or self.is_web:  # no terminal of its own: tests, or served to a browser
            return
        self._tty = portable.terminal_device()
        if self._tty is None:
            return  # not on a terminal (or Windows): nothing to watch
        portable.on_hangup(asyncio.get_running_loop(), self._terminal_gone)  # no SIGHUP on Windows
        from repdash.ui.quiet_input import QuietLinuxDriver

        if not isinstance(self._driver, QuietLinuxDriver):
            self.set_interval(5, self._check_terminal)

    def terminal_closed(self) -> None:
        """Called by QuietLinuxDriver's input thread: stdin, a terminal, hung up."""
        os._exit(0)  # at once, from any thread: why, in _terminal_gone

    def _check_terminal(self) -> None:
        if self._tty is not None and portable.terminal_gone(self._tty):
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
