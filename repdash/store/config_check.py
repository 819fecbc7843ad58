"""What a valid config row in repdash.json looks like, checked once when it is read.

The file is the user's to edit (and to damage); past this check every command trusts the
types. A bad value is named by its key in one line; the command fails (exit 1) before it
writes anything. Keys not listed here (added by later versions, or cached from the team
file and checked where they are read) are left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from repdash.core import nudges
from repdash.core.workdays import PERIODS

MAX_MONEY = 1e12  # the same bound as the command line's --quota / --deal-value
MAX_TARGET = 100_000  # the same bound as the command line's targets


def _number(value: Any, low: float, high: float) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )


def _whole(value: Any, low: int, high: int | None = None) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _zone(value: Any) -> bool:
    if not _text(value):
        return False
    # zoneinfo first (pendulum 3's zones are zoneinfo's): the config is checked on the dashboard's
    # start path, which does not import pendulum; a name zoneinfo refuses gets pendulum's answer.
    try:
        ZoneInfo(value)
        return True
    except Exception:
        pass
    import pendulum

    try:
        pendulum.timezone(value)
    except Exception:  # pendulum raises several kinds for a bad name
        return False
    return True


def _dates(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    for item in value:
        try:
            date.fromisoformat(item)
        except (TypeError, ValueError):
            return False
    return True


# The team file's rule for an id (sync/teamfile.ID_RE): an id is also a key on the board.
REP_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
EARLIEST_START, LATEST_START = date(2000, 1, 1), date(2999, 12, 31)  # clock.EARLIEST .. clock.LATEST


def _rep_id(value: Any) -> bool:
    return isinstance(value, str) and REP_ID.fullmatch(value) is not None


def _day(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return EARLIEST_START <= date.fromisoformat(value) <= LATEST_START
    except ValueError:
        return False


def _parses(parse: Callable[[str], Any]) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        try:
            parse(value)
        except (TypeError, ValueError, AttributeError):
            return False
        return True

    return check


def _optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or check(value)


def _table(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, dict) and all(isinstance(k, str) and check(v) for k, v in value.items())


def _crm(value: Any) -> bool:
    from repdash.core.crm.rules import check_overrides

    if not isinstance(value, dict) or set(value) - {"owner", "map", "last_import", "watch"}:
        return False
    if not isinstance(value.get("last_import", ""), str) or not isinstance(value.get("watch", ""), str):
        return False
    owner = value.get("owner", {})
    if not _table(_text)(owner):
        return False
    return check_overrides(value.get("map", {})) is None


# key -> (check, what a valid value is)
RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "name": (_text, "a name"),
    "rep_id": (_rep_id, "an id of 1 to 64 letters, digits, - or _"),
    "tz": (_zone, "an IANA time zone such as Europe/Berlin"),
    "team_file": (_optional(_text), "a path or URL, or null"),
    "quota": (_optional(lambda v: _number(v, 0, MAX_MONEY)), f"a number from 0 to {MAX_MONEY:.0e}, or null"),
    "deal_value": (
        _optional(lambda v: _number(v, 0, MAX_MONEY) and v > 0),
        f"a number above 0, at most {MAX_MONEY:.0e}, or null",
    ),
    "period": (lambda v: v in PERIODS, "one of " + ", ".join(PERIODS)),
    "manager": (lambda v: isinstance(v, bool), "true or false"),
    "hidden": (lambda v: isinstance(v, bool), "true or false"),
    "quiet": (lambda v: isinstance(v, bool), "true or false"),
    "kinds": (lambda v: isinstance(v, list) and all(_text(k) for k in v), "a list of kinds"),
    "holidays": (_dates, "a list of dates (YYYY-MM-DD)"),
    "days_off": (_dates, "a list of dates (YYYY-MM-DD)"),
    "targets": (_table(lambda v: _whole(v, 0, MAX_TARGET)), f"a table of whole numbers from 0 to {MAX_TARGET}"),
    "default_rates": (_table(_optional(lambda v: _number(v, 0, 1))), "a table of rates from 0 to 1"),
    "theme": (_text, "a theme name"),
    "keymap": (_table(lambda v: isinstance(v, str)), "a table of key names"),
    "notify": (lambda v: v in nudges.MODES, "one of " + ", ".join(nudges.MODES)),
    "notify_hours": (_parses(nudges.parse_hours), "hours such as 08:00-18:00 (the end after the start)"),
    "streak_alert": (_parses(nudges.parse_hhmm), "a time such as 16:00"),
    "nudges": (
        lambda v: _table(lambda on: isinstance(on, bool))(v) and set(v) <= set(nudges.KINDS),
        "a table of " + ", ".join(nudges.KINDS) + " to true or false",
    ),
    "sync_rev": (_optional(lambda v: _whole(v, 0)), "a whole number from 0"),
    "last_sync": (_optional(lambda v: isinstance(v, str)), "a date-time, or null"),
    "start_date": (_optional(_day), "a date (YYYY-MM-DD) from 2000 to 2999, or null"),
    "standard": (
        _optional(_table(lambda v: _whole(v, 0, MAX_TARGET))),
        f"the team standard cached at the last sync: a table of whole numbers from 0 to {MAX_TARGET}, or null",
    ),
    # Not a key repdash reads: a hand edit that meant days_off would be silently ignored.
    "off_days": (lambda v: False, "no such key: days off go in days_off, a list of dates (YYYY-MM-DD)"),
    "working_hours": (
        lambda v: (
            isinstance(v, str)
            and re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]", v) is not None
        ),
        "working hours such as 09:00-17:00",
    ),
    "crm": (_crm, "a table of CRM owners and mapping overrides"),
}


def bad_meta(meta: Mapping[str, Any]) -> tuple[str, str] | None:
    """(key, what it should be) for the first bad value in the meta row of repdash.json, or None."""
    schema = meta.get("schema", 0)
    if not _whole(schema, 0):
        return "schema", "a whole number"
    pending = meta.get("pending_import")
    if pending is not None and not (
        isinstance(pending, dict)
        and isinstance(pending.get("batch"), str)
        and isinstance(pending.get("days"), list)
        and all(_day(d) for d in pending["days"])
    ):
        return "pending_import", 'null, or {"batch": ID, "days": [dates]} of an interrupted import'
    return None


def bad_keys(config: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, what it should be) for every known key whose value is not valid."""
    return [(key, want) for key, (check, want) in RULES.items() if key in config and not check(config[key])]


def without_bad_keys(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config with every invalid value dropped (`init` rebuilds those from defaults)."""
    bad = {key for key, _ in bad_keys(config)}
    return {k: v for k, v in config.items() if k not in bad}
