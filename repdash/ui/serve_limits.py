"""What one browser tab may ask of `repdash serve`, and how a board ends with its server (issue 26).

Anyone who can reach the server can open tabs and send websocket messages. Before these limits a
single `["resize", {"width": 10000, "height": 10000}]` made a board stream 100 MB frames, 50 tabs
started 52 boards, and a board could outlive a server killed outright. Here:

- `clamp_size`: a terminal size between MIN_* and MAX_* cells, whatever the tab asks
  (the `/ws?width=&height=` of the first request and every resize message);
- `read_frame`: one websocket text message read into a known command, or `BadFrame` with a
  short reason (the server logs one line, never a traceback);
- `MAX_BOARDS`: boards one server runs at once (`serve --max-boards`); the next tab gets
  `FULL_PAGE` (HTTP 503) or, on its websocket, `FULL_TEXT`;
- `die_with_parent`: a board asks Linux to kill it when the server that started it dies
  (prctl PR_SET_PDEATHSIG through ctypes), so a SIGKILLed server leaves no board behind;
  elsewhere the board's own parent check (every 2 s) does it.

No Textual, no aiohttp: the server and the board both import it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

MAX_COLUMNS, MAX_ROWS = 400, 150  # a 4K screen at 16 px is ~240 x 70 cells
MIN_COLUMNS, MIN_ROWS = 20, 5
MAX_BOARDS = 16
MAX_FRAME_BYTES = 64 * 1024  # one websocket message from a tab (keys, a resize, a ping)
MAX_STDIN_CHARS = 256  # keys in one stdin message (a board binds one key)
RESIZE_EVERY = 0.25  # seconds: a board gets at most four sizes a second, the last one always
BOARD_FPS = 15  # frames a second a board may send (textual-serve asks for 60; a TV board needs few)
SERVER_PID_VAR = "REPDASH_SERVE_PID"  # the server's pid, told to each board it starts

FULL_TEXT = (
    "This board server already shows {n} boards, the most it runs at once.\r\n"
    "Close a board in another tab, or start the server with a higher --max-boards.\r\n"
)
FULL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>repdash team board: all boards in use</title>
<meta http-equiv="refresh" content="30">
<style>body{{font:20px/1.5 system-ui,sans-serif;margin:3em auto;max-width:40em;padding:0 1em}}</style></head>
<body><h1>All boards are in use</h1>
<p>This server already shows {n} team boards, the most it runs at once.</p>
<p>Close the board in another tab or on another screen, and this page tries again by itself
every 30 seconds. To run more boards, restart the server with a higher <code>--max-boards</code>.</p>
</body></html>
"""


class BadFrame(ValueError):
    """A websocket message that is not one of the commands a tab sends; the reason is short and safe."""


def clamp_size(width: Any, height: Any) -> tuple[int, int]:
    """A terminal size the board may draw: whole cells, within MIN_* and MAX_*."""
    return _clamp(width, MIN_COLUMNS, MAX_COLUMNS, 80), _clamp(height, MIN_ROWS, MAX_ROWS, 24)


def _clamp(value: Any, lo: int, hi: int, default: int) -> int:
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit()) or len(value) > 6:
            return default
        value = int(value)
    if isinstance(value, float) and value == value and abs(value) < 1e9:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(lo, min(hi, value))


def read_frame(text: str) -> tuple[str, Any]:
    """("stdin", str), ("resize", (columns, rows)), ("ping", data), ("focus"|"blur", None)."""
    if len(text) > MAX_FRAME_BYTES:
        raise BadFrame(f"a message of {len(text)} characters")
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadFrame("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadFrame("not a [command, data] list")
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        if not isinstance(data, str):
            raise BadFrame("stdin without text")
        return kind, data[:MAX_STDIN_CHARS]
    if kind == "resize":
        if not isinstance(data, dict):
            raise BadFrame("resize without a size")
        return kind, clamp_size(data.get("width"), data.get("height"))
    if kind == "ping":
        if not isinstance(data, (str, int, float)) or isinstance(data, bool) or len(str(data)) > 64:
            raise BadFrame("ping without a short token")
        return kind, data
    if kind in ("focus", "blur"):
        return kind, None
    raise BadFrame(f"unknown command {kind[:20]!r}")


def die_with_parent() -> None:
    """Have Linux send SIGKILL to this process when its parent dies; exit now if the parent that
    started it (SERVER_PID_VAR) is already gone. Does nothing elsewhere or when not run by a server."""
    expected = os.environ.get(SERVER_PID_VAR, "")
    if not sys.platform.startswith("linux") or not expected.isdigit():
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the board's parent check remains
        return
    if os.getppid() != int(expected):  # the server died before the request took effect
        os._exit(0)
