"""Textual's terminal driver with an input thread that sleeps while no key comes.

Textual's `LinuxDriver` (Linux and macOS) reads keys on a thread that wakes ten times a
second even when nothing is typed: its `select` has a 0.1 s timeout so that the thread
notices the app exiting. That is ~0.25 % of a core all day for a dashboard left open, more
than all of repdash's own timers. And on end-of-file (a closed terminal, or stdin at
/dev/null) `select` returns at once, forever: the thread spins a whole core.

`QuietLinuxDriver` keeps everything else of Textual's driver and changes the thread's wait:
- it blocks until a key (or a wake-up byte on a pipe, written when the app stops input);
  it ticks every 0.1 s only while an escape sequence is half read (a lone Esc is reported
  after Textual's ESCAPE_DELAY), as Textual does;
- end-of-file on a terminal means the terminal is gone (in raw mode, VMIN=1, a tty reads
  nothing only after a hang-up): it calls the app's `terminal_closed()` if it has one, and
  stops reading; end-of-file on a pipe or /dev/null just stops reading.

`run_input_thread` is Textual 8.2's (pinned in pyproject.toml) with only those changes.
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

TICK = 0.1  # Textual's own input tick, kept while an escape sequence waits for its next byte


class _WakingEvent(threading.Event):
    """The driver's exit event: setting it also wakes the input thread out of its wait."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self._wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        try:
            os.write(self._wake_fd, b"x")
        except OSError:  # the pipe is full: the thread is woken already
            pass


class QuietLinuxDriver(LinuxDriver):
    """LinuxDriver whose input thread blocks instead of polling (see the module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Two descriptors for the life of the process: Textual's suspend (SIGTSTP) calls close()
        # and then starts the same driver again, so the pipe is never closed.
        self._wake_read, wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(wake_write, False)
        self.exit_event = _WakingEvent(wake_write)
        self.input_closed = False  # end-of-file seen on stdin: nothing more will be read

    # Complex on purpose (C901): Textual's own input loop (linux_driver), kept in its shape so it can be read side by
    # side with Textual's; its closures keep the per-key path on local names.
    def run_input_thread(self) -> None:  # noqa: C901
        """Wait for input and dispatch events (Textual's loop; the wait is the change)."""
        selector = selectors.SelectSelector()
        fileno = self.fileno
        reading = not self.input_closed
        if reading:
            selector.register(fileno, selectors.EVENT_READ)
        selector.register(self._wake_read, selectors.EVENT_READ)
        EVENT_READ = selectors.EVENT_READ

        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick

        decode = getincrementaldecoder("utf-8")().decode

        def read_stdin() -> bytes | None:
            """What stdin has; b"" at its end (EIO: a hung-up terminal); None: nothing after all."""
            try:
                return os.read(fileno, 1024 * 4)
            except (BlockingIOError, InterruptedError):  # a shared terminal left non-blocking
                return None
            except OSError:
                return b""

        def process_selector_events(selector_events, final: bool = False) -> None:
            nonlocal reading
            ready = [(key, mask) for key, mask in selector_events if key.fd == fileno]
            if any(key.fd == self._wake_read for key, _ in selector_events):
                self._drain_wake_pipe()
            for last, (_selector_key, mask) in loop_last(ready):
                if mask & EVENT_READ:
                    data = read_stdin()
                    if data is None:
                        continue
                    if not data:
                        selector.unregister(fileno)
                        reading = False
                        self._stdin_ended()
                        break
                    for event in feed(decode(data, final=final and last)):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        def wait() -> float | None:
            # Textual's parser keeps the deadline of a half-read escape sequence here; if a
            # later Textual renames it, fall back to Textual's own steady tick.
            return TICK if getattr(parser, "_timeout_time", TICK) is not None else None

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(wait()))
            if reading:
                selector.unregister(fileno)
            process_selector_events(selector.select(TICK), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except (EOFError, ParseError):
                pass

    def _drain_wake_pipe(self) -> None:
        try:
            while os.read(self._wake_read, 64):
                pass
        except OSError:  # empty (BlockingIOError): drained
            pass

    def _stdin_ended(self) -> None:
        self.input_closed = True
        if not self.input_tty:  # asked at start: a hung-up terminal no longer answers isatty()
            return  # stdin is a pipe or /dev/null: no keys, but the screen is still there
        terminal_closed = getattr(self._app, "terminal_closed", None)
        if terminal_closed is not None:
            terminal_closed()
