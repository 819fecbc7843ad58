"""Cell values of CRM exports: yes/no flags, dates and date-times, money, picklist values.

Pure functions of their arguments (the rep's zone is passed in). Each raises ValueError with a
short reason that the parser puts after the line and column of the cell.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

TRUE = frozenset({"true", "1", "yes", "y", "done", "x", "wahr", "ja", "oui", "sí", "si", "vrai"})
FALSE = frozenset({"false", "0", "no", "n", "not done", "", "falsch", "nein", "non", "faux"})

_NON_WORD = re.compile(r"[\W_]+")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_SLASHED = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")
_MILLIS = re.compile(r"\d{12,13}")


@functools.lru_cache(maxsize=4096)  # picklist values repeat on every row
def norm(text: str) -> str:
    """A header, picklist value or stage compared loosely: "Closed Won", "closedwon" and "CLOSED_WON"
    are one; letters of any script are kept ("通話タイプ")."""
    return _NON_WORD.sub("", text.casefold())


def flag(text: str) -> bool:
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{text!r} is not a yes/no value")


def _offset(raw: str) -> timezone:
    if raw == "Z":
        return UTC
    sign = -1 if raw[0] == "-" else 1
    digits = raw[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def moment(text: str, tz: str, day_first: bool = False) -> datetime:
    """See `_moment`; a date outside 1970-2100 is refused (no CRM logged a call in year 1)."""
    try:
        at = _moment(text, tz, day_first)
    except OverflowError:
        raise ValueError(f"{text!r} is out of range") from None
    if not 1970 <= at.year <= 2100:
        raise ValueError(f"{text!r} is out of range (1970-2100)")
    return at


def _moment(text: str, tz: str, day_first: bool = False) -> datetime:
    """A date or date-time cell as an aware date-time in the rep's zone.

    ISO-8601 (with or without offset; a naive one is the rep's local time), epoch milliseconds
    (HubSpot's API exports), and the slashed/dotted dates of screen exports (`11/26/2026 2:30 PM`:
    month first unless `day_first` or the first number is over 12; `26.11.2026` is day first).
    A date alone is noon local time, so it never moves to another day."""
    raw = text.strip()
    zone = _zone(tz)
    if not raw:
        raise ValueError("the date is empty")
    if len(raw) > 10 and raw[4] == "-" and raw[10] in "T ":
        try:  # the usual case, ISO-8601 with a time: the C parser (Z, offsets, fractions)
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return parsed.astimezone(zone) if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if _MILLIS.fullmatch(raw):
        return datetime.fromtimestamp(int(raw) / 1000, tz=UTC).astimezone(zone)
    m = _ISO.fullmatch(raw)
    if m:
        y, mo, d, hh, mm, ss, off = m.groups()
        try:
            day = date(int(y), int(mo), int(d))
            clock = time(int(hh), int(mm), int(ss or 0)) if hh is not None else time(12)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
        if off:
            return datetime.combine(day, clock, _offset(off)).astimezone(zone)
        return datetime.combine(day, clock, zone)
    m = _SLASHED.fullmatch(raw)
    if m:
        a, sep, b, y, hh, mm, ss, ampm = m.groups()
        first, second = int(a), int(b)
        if sep == "." or day_first or first > 12:
            d, mo = first, second
        else:
            mo, d = first, second
        hour = int(hh) if hh is not None else 12
        if ampm:
            if not 1 <= hour <= 12:
                raise ValueError(f"{text!r} is not a real time")
            hour = hour % 12 + (12 if ampm.lower() == "pm" else 0)
        try:
            return datetime(int(y), mo, d, hour, int(mm or 0), int(ss or 0), tzinfo=zone)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    raise ValueError(f"{text!r} is not a date (e.g. 2026-11-26 or 11/26/2026 2:30 PM)")


@functools.lru_cache(maxsize=8)
def _zone(tz: str) -> ZoneInfo:
    return ZoneInfo(tz)


def money(text: str, cents: bool = False) -> float:
    """An amount: `12,500.00`, `$12,500`, `12.500,00 €`, `EUR 1500`. `cents`: the value is in cents
    (Close's API `value`)."""
    raw = re.sub(r"[^0-9,.\-]", "", text.strip())
    if not raw or not re.search(r"\d", raw):
        raise ValueError(f"{text!r} is not an amount")
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        raw = raw.replace(thousands, "").replace(decimal, ".")
    elif "," in raw:
        head, _, tail = raw.rpartition(",")
        raw = f"{head.replace(',', '')}.{tail}" if len(tail) in (1, 2) and raw.count(",") == 1 else raw.replace(",", "")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{text!r} is not an amount") from None
    if value != value or value in (float("inf"), float("-inf")) or abs(value) > 1e13:
        raise ValueError(f"{text!r} is not an amount")
    return value / 100 if cents else value
