"""JSON through orjson: the big documents (team file, team cache) and the start path's reads.

A sync worker is a thread of the dashboard: while the stdlib's `json` encodes or decodes
a whole document it holds the GIL, and the UI thread cannot draw. At 2,000 reps the
team view encodes in ~40 ms with `json` against ~2 ms with orjson (benchmarks/results.md).
orjson, not msgspec: the same decode speed into plain dicts, a faster encoder, and
nothing here has a typed schema for msgspec's Structs to pay off.
"""

from __future__ import annotations

from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    """Parse a document. What orjson refuses but the stdlib reads (NaN, integers past 64
    bits) is read as before; an invalid document raises the stdlib's ValueError (or
    RecursionError), whose message the callers show."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        import json  # only for what orjson refuses: the stdlib stays off the start path

        return json.loads(data)


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON (non-string keys become strings, as with the stdlib)."""
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS)
