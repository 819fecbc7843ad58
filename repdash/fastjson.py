"""orjson for the team view repdash writes and reads back itself (the team cache).

A sync worker is a thread of the dashboard: while the stdlib's `json` encodes a whole team
view it holds the GIL, and the UI thread cannot draw. At 2,000 reps the view encodes in
~40 ms with `json` against ~2 ms with orjson (benchmarks/results.md). orjson, not msgspec:
into plain dicts both decode about as fast as the stdlib, orjson encodes faster, and nothing
here has a typed schema for msgspec's Structs to pay off.

Only for our own documents: orjson reads an integer past 64 bits as a float, so files other
programs or people write (the team file, the store's files) stay on the stdlib `json`.
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


def dumps(obj: Any) -> bytes:
    """Compact JSON; what orjson cannot encode (an integer past 64 bits, a lone surrogate)
    goes through the stdlib, escaped."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(obj, separators=(",", ":")).encode()
