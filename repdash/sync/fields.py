"""The field checks every untrusted JSON document in the team location shares (the team file, rep
objects, contest records): an id, a bounded whole number, a date the calendar can step around, a
time stamp with its offset. Each returns the value, or None when it is not one."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from repdash.core.team import MAX_COUNT, in_date_range

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def whole(value: Any, lo: int = 0, hi: int = MAX_COUNT) -> int | None:
    """A JSON integer (never a bool) in lo..hi."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if lo <= value <= hi else None


def iso_date(value: Any) -> date | None:
    """An ISO date the board's calendar can step around (DATE_MIN..DATE_MAX)."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    return _parsed_date(value)


# Every rep of a team publishes the same few weeks of dates: an org read parses ~120,000 of them.
@lru_cache(maxsize=4096)
def _parsed_date(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if in_date_range(day) else None


def wholes(values: list[Any], lo: int = 0, hi: int = MAX_COUNT) -> bool:
    """Whether every value is a JSON integer (never a bool) in lo..hi: `whole` over a list, at C speed
    (a day-by-day history is checked for every rep of every team an org reads)."""
    if not values:
        return True
    return set(map(type, values)) == {int} and lo <= min(values) and max(values) <= hi


def iso_stamp(value: Any) -> str | None:
    """An ISO time stamp with a UTC offset, at most 40 characters."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return value if moment.tzinfo is not None and in_date_range(moment.date()) else None
