"""Private coaching notes: stored only on the manager's machine, never in the team file."""

from __future__ import annotations

import pendulum

from repdash.core.text import clean
from repdash.errors import BadInput

NOTES_TABLE = "coaching_notes"


def notes_for(store, rep_id: str) -> list[dict]:
    return sorted((n for n in store.table_all(NOTES_TABLE) if n.get("rep_id") == rep_id), key=lambda n: n.get("at", ""))


def add_note(store, rep_id: str, name: str, text: str, now: pendulum.DateTime) -> dict:
    body = clean(text, 2000)
    if not body:
        raise BadInput("the note is empty")
    doc = {"rep_id": rep_id, "name": name, "at": now.in_timezone(store.tz).isoformat(), "text": body}
    store.table_insert(NOTES_TABLE, doc)
    return doc
