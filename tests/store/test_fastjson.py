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


# ---- loads_exact: the team file, which others write, read exactly as the stdlib reads it ----------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # any size: past 64 bits orjson alone would round to a float
    | st.floats()  # NaN and ±Infinity too (the stdlib writes and reads them)
    | st.text(),  # lone surrogates included
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


def same(a, b) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) and type(a) is type(b)


@given(JSON_VALUES, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_loads_exact_reads_what_the_stdlib_reads(value, encoding):
    try:
        data = json.dumps(value, ensure_ascii=False).encode(encoding)
    except UnicodeEncodeError:  # a lone surrogate: only escaped JSON carries it
        data = json.dumps(value).encode(encoding)
    assert same(fastjson.loads_exact(data), json.loads(data))


def test_loads_exact_keeps_long_integers_and_odd_numbers_exact():
    data = b'{"rev": 18446744073709551616, "low": -9223372036854775809, "inf": 1e400, "nan": NaN}'
    back = fastjson.loads_exact(data)
    assert back["rev"] == 2**64 and back["low"] == -(2**63) - 1  # integers, not rounded floats
    assert back["inf"] == math.inf and math.isnan(back["nan"])


def test_loads_exact_fails_as_the_stdlib_fails():
    for bad in (b'{"reps": {', b"[1,]", b""):
        try:
            json.loads(bad)
        except ValueError as expected:
            try:
                fastjson.loads_exact(bad)
            except ValueError as got:
                assert str(got) == str(expected)
            else:
                raise AssertionError(f"{bad!r} was read")
