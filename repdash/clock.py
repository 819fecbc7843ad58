"""The one place that asks what time it is.

REPDASH_NOW (ISO-8601 with offset) pins the clock: demos, screenshots and
subprocess tests use it. Outside tests may use libfaketime instead; both work
because everything else derives from `now()`.
"""

from __future__ import annotations

import os

import pendulum


def now() -> pendulum.DateTime:
    pinned = os.environ.get("REPDASH_NOW")
    if pinned:
        return pendulum.parse(pinned).in_timezone("UTC")
    return pendulum.now("UTC")
