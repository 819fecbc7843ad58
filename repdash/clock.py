"""The one place that asks what time it is.

REPDASH_NOW (ISO-8601 with offset) pins the clock: demos, screenshots and
subprocess tests use it. Outside tests may use libfaketime instead; both work
because everything else derives from `now()`.

`now()` is a pendulum DateTime, the project's calendar type. `utc_now()` is the same
instant as a standard-library datetime: the dashboard's start path uses it so that its
first frame does not wait for pendulum's import (dates and arithmetic need no more).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum


def now() -> pendulum.DateTime:
    import pendulum

    pinned = os.environ.get("REPDASH_NOW")
    if pinned:
        return pendulum.parse(pinned).in_timezone("UTC")
    return pendulum.now("UTC")


def utc_now() -> datetime:
    """The instant `now()` gives, as an aware standard-library datetime in UTC."""
    pinned = os.environ.get("REPDASH_NOW")
    if not pinned:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        return now()  # a form only pendulum reads: the same instant, at pendulum's price
    # pendulum.parse reads a time without an offset as UTC.
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
