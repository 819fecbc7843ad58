"""orjson for the team view repdash writes and reads back itself (the team cache).

A sync worker is a thread of the dashboard: while the stdlib's `json` encodes a whole team
view it holds the GIL, and the UI thread cannot draw. At 2,000 reps the view encodes in
~40 ms with `json` against ~2 ms with orjson (benchmarks/results.md). orjson, not msgspec:
into plain dicts both decode about as fast as the stdlib, orjson encodes faster, and nothing
here has a typed schema for msgspec's Structs to pay off.

`loads` is only for our own documents: orjson reads an integer past 64 bits as a float. Files
other programs or people write (the team file) are read with `loads_exact`: orjson only where it
reads exactly what the stdlib reads, else the stdlib.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    """Parse a document we wrote; what orjson refuses (NaN) is read by the stdlib."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


# A run of 19 digits may be an integer outside 64 bits, which orjson would turn into a float.
# Found by mapping every digit to "0" and anything else to " " and looking for 19 zeros: ~2 ms for
# a 2,000-rep team file, where a regular expression took ~20 ms.
_LONG_RUN = b"0" * 19
_DIGITS_TO_ZERO = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))


def loads_exact(data: bytes) -> Any:
    """What `json.loads(data)` returns, in about half the time for a big team file (the parse is one
    call that holds the GIL: at 2,000 reps ~28 ms with the stdlib, long enough for the UI thread to
    miss frames). Whatever orjson would read differently is read by the stdlib, errors included:
    long integers (found by the scan above), NaN and Infinity, 1e400, lone surrogates, a byte-order
    mark, UTF-16, nesting past orjson's limit."""
    if _LONG_RUN not in data.translate(_DIGITS_TO_ZERO):
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    return json.loads(data)


def dumps(obj: Any) -> bytes:
    """Compact JSON; what orjson cannot encode (an integer past 64 bits, a lone surrogate)
    goes through the stdlib, escaped."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(obj, separators=(",", ":")).encode()
