"""Waiting for a condition in a pilot test, never for a fixed time: a loaded machine only makes it slower."""

from __future__ import annotations

import time
from collections.abc import Callable

TIMEOUT = 30.0  # seconds; only a broken app ever gets near it


async def until(pilot, condition: Callable[[], bool], what: str = "", timeout: float = TIMEOUT) -> None:
    """Let the app run until `condition()` holds; fail the test (saying `what`) if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or condition}")
        await pilot.pause(0.02)


async def palette_search_done(pilot, typed: str) -> None:
    """The command palette searched for `typed` to the end and highlighted its best hit, so Enter
    runs that hit (the search is a worker that fills the list in batches)."""
    from textual.command import CommandInput, CommandList, CommandPalette

    def done() -> bool:
        palette = pilot.app.screen
        if not isinstance(palette, CommandPalette) or palette.query_one(CommandInput).value != typed:
            return False
        gathering = [
            w for w in pilot.app.workers if w.group == CommandPalette._GATHER_COMMANDS_GROUP and not w.is_finished
        ]
        hits = palette.query_one(CommandList)
        return not gathering and hits.option_count > 0 and hits.highlighted is not None

    await until(pilot, done, f"the palette's hits for {typed!r}")


async def settled_until(pilot, condition: Callable[[], bool], tries: int = 150) -> bool:
    """Let the app's workers finish and its messages run, up to `tries` times, until `condition()`
    holds (for the sync pilot tests: each try waits for real work, not for a time)."""
    for _ in range(tries):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if condition():
            return True
    return False
