"""The one place that asks what time it is.

REPDASH_NOW (ISO-8601 with offset) pins the clock: demos, screenshots and
subprocess tests use it. Outside tests may use libfaketime instead; both work
because everything else derives from `now()`.
"""

from __future__ import annotations

import os

import pendulum

from repdash.errors import BadInput

# The moments repdash works with: a clock or a backfill outside them is a typo (and at the
# ends of the calendar, date arithmetic overflows). Before ~1900 zones had odd local offsets.
EARLIEST = pendulum.datetime(2000, 1, 1, tz="UTC")
LATEST = pendulum.datetime(2999, 12, 31, tz="UTC")


def now() -> pendulum.DateTime:
    pinned = os.environ.get("REPDASH_NOW")
    if pinned:
        return _pinned(pinned)
    return pendulum.now("UTC")


def _pinned(raw: str) -> pendulum.DateTime:
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
    raise BadInput(f"REPDASH_NOW={raw!r} is not an ISO-8601 date-time with offset (e.g. 2026-11-26T10:30:00+01:00)")
