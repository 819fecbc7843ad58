"""repdash.fastjson (orjson for the team cache) never changes what it writes or reads back."""

from __future__ import annotations

import json
import math

from repdash import fastjson


def test_round_trip_of_what_orjson_cannot_encode():
    doc = {"big": -(2**63) - 1, "huge": 10**100, "name": "\ud800Bob", 3: "int key"}
    back = fastjson.loads(fastjson.dumps(doc))
    assert back == {"big": -(2**63) - 1, "huge": 10**100, "name": "\ud800Bob", "3": "int key"}


def test_compact_json_the_stdlib_reads_the_same():
    view = {"reps": [{"name": "Chloé", "today": {"call": 3}, "pct": 0.25}], "at": None}
    raw = fastjson.dumps(view)
    assert json.loads(raw) == view and b" " not in raw


def test_nan_is_read_back_by_the_stdlib():
    assert math.isnan(fastjson.loads(b'{"x": NaN}')["x"])
