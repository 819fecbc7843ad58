"""Dates and sync times as the team boards write them ("Thu 26 Nov", "10:03"), shared by the board screens.

Its own module so the board (`screens/team.py`), a rep's detail (`screens/team_detail.py`) and the
TV board (`screens/team_tv.py`) import it without importing one another. No Textual.
"""

from __future__ import annotations


def day_label(iso: str | None) -> str:
    """An ISO date or date-time as "Thu 26 Nov" ("" for none)."""
    if not iso:
        return ""
    from datetime import date

    d = date.fromisoformat(iso[:10])
    return f"{d:%a} {d.day} {d:%b}"  # strftime: no locale data to load


def hhmm(iso: str | None, today: str | None) -> str:
    """A sync time as the rep wrote it: "10:03" today, "25 Nov" on an earlier date."""
    if not iso:
        return "–"
    if today and iso[:10] != today:
        return day_label(iso).split(" ", 1)[1]
    return iso[11:16]
