"""The one place that asks what time it is.

REPDASH_NOW (an ISO-8601 date and time, `YYYY-MM-DDTHH:MM[:SS]`, with an offset; without one it
is UTC) pins the clock: demos, screenshots and subprocess tests use it. Other forms (a date
alone, a week or ordinal date, "now") are refused. Outside tests may use libfaketime instead; both work
because everything else derives from `now()`.

`now()` is a pendulum DateTime, the project's calendar type. `utc_now()` is the same
instant as a standard-library datetime: the dashboard's start path uses it so that its
first frame does not wait for pendulum's import (dates and arithmetic need no more).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from repdash.errors import BadInput

if TYPE_CHECKING:
    import pendulum

# The moments repdash works with: a clock or a backfill outside them is a typo (and at the
# ends of the calendar, date arithmetic overflows). Before ~1900 zones had odd local offsets.
# Standard-library datetimes (a pendulum DateTime compares with them): no pendulum at import.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, tzinfo=UTC)


def now() -> pendulum.DateTime:
    import pendulum

    pinned = os.environ.get("REPDASH_NOW")
    if pinned:
        return _pinned(pinned)
    return pendulum.now("UTC")


def utc_now() -> datetime:
    """The instant `now()` gives, as an aware standard-library datetime in UTC."""
    pinned = os.environ.get("REPDASH_NOW")
    if not pinned:
        return datetime.now(UTC)
    if not PINNED_FORM.fullmatch(pinned.strip()):
        return now()  # its BadInput
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        return now()  # a form only pendulum reads (or a bad one): its answer, or its BadInput
    # pendulum.parse reads a time without an offset as UTC.
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    return moment if EARLIEST <= moment <= LATEST else now()  # out of range: now() says so


# What REPDASH_NOW may hold: a calendar date and a time, with an offset (or UTC without one).
PINNED_FORM = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?", re.ASCII)


def _pinned(raw: str) -> pendulum.DateTime:
    import pendulum

    if not PINNED_FORM.fullmatch(raw.strip()):
        raise BadInput(
            f"REPDASH_NOW={raw!r} is not an ISO-8601 date and time (e.g. 2026-11-26T10:30:00+01:00; "
            "without an offset it is UTC)"
        )
    try:
        moment = pendulum.parse(raw)
        if isinstance(moment, pendulum.DateTime):
            moment = moment.in_timezone("UTC")
            if EARLIEST <= moment <= LATEST:
                return moment
            raise BadInput(f"REPDASH_NOW={raw!r} is outside {EARLIEST.year} to {LATEST.year}")
    except BadInput:
        raise
    except Exception:  # pendulum raises several kinds (ParserError, ValueError, OverflowError)
        pass
    raise BadInput(
        f"REPDASH_NOW={raw!r} is not an ISO-8601 date and time (e.g. 2026-11-26T10:30:00+01:00; "
        "without an offset it is UTC)"
    )
