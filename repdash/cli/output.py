"""The one JSON dump of the command line: strict JSON, always.

`json.dumps` writes NaN and Infinity by default, which no strict parser (jq, JavaScript's
JSON.parse, Go) accepts. Numbers we print come from local data and from the team file,
which any rep can damage, so a value that is not finite is printed as null (unknown)
instead of breaking the whole output; `allow_nan=False` then proves none slipped through.
"""

from __future__ import annotations

import json
import math
from typing import Any


def finite(value: Any) -> Any:
    """`value` with every float that is not finite replaced by None (dicts and lists walked)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def dumps(data: Any) -> str:
    return json.dumps(finite(data), indent=2, ensure_ascii=False, allow_nan=False)
