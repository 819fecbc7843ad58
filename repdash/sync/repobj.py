"""One rep's object of the layout, `reps/<rep_id>.json`: a signed summary (pure, no I/O).

    {"format": "repdash-rep", "version": 1, "key": KEY, "migrated": false,
     "entry": {...TeamEntry.to_json() and "rev"...}, "sig": SIGNATURE}

The signature covers key, entry and migrated. A rep's own object is signed by the key its id is
derived from (`signing.rep_id_of`), so nobody else can write a valid object under that id. An
object `repdash team migrate` copied from a single team file is `migrated` and signed by the
manager who migrated it; readers accept it only from a manager with authority, until the rep
publishes with their own key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from repdash import fastjson
from repdash.core.team import TeamEntry
from repdash.sync import signing
from repdash.sync.teamfile import _validate_entry  # unmemoised: readers keep verdicts by version

FORMAT = "repdash-rep"
VERSION = 1
TAG = "rep"


@dataclass(frozen=True)
class RepObject:
    """A checked rep object: `entry` is None with `problem` set when it failed."""

    rep_id: str
    entry: TeamEntry | None
    key: str | None
    migrated: bool
    problem: str | None  # "unreadable" | "signature" | "invalid" | None
    raw: dict[str, Any] | None = None  # the signed entry as read (for migrate and rev)


def encode(identity: signing.Identity, entry: dict[str, Any], *, migrated: bool = False) -> bytes:
    signed = {"key": identity.public, "entry": entry, "migrated": migrated}
    doc = {"format": FORMAT, "version": VERSION, **signed, "sig": identity.sign(TAG, signed)}
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def decode(rep_id: str, data: bytes | None, *, signature_checked: bool = False) -> RepObject:
    """Check one object: JSON, format, signature, id bound to the key, entry valid.
    `signature_checked`: these exact bytes were verified already (`sync/sigcheck.py`)."""
    signed = _signed(rep_id, data, signature_checked)
    if isinstance(signed, RepObject):
        return signed
    key, entry, migrated = signed
    valid = _validate_entry(rep_id, entry)
    if valid is None:
        return RepObject(rep_id, None, key, migrated, "invalid")
    return RepObject(rep_id, valid, key, migrated, None, entry)


def signed(rep_id: str, data: bytes) -> bool:
    """Whether the object is well formed and signed by the key its id belongs to (the entry unchecked)."""
    return not isinstance(_signed(rep_id, data, False), RepObject)


def _signed(rep_id: str, data: bytes | None, signature_checked: bool) -> tuple[str, dict[str, Any], bool] | RepObject:
    """(key, entry, migrated) of a well-formed object whose signature verifies and whose id is bound to
    its key; else the failed RepObject."""
    if data is None:
        return RepObject(rep_id, None, None, False, "unreadable")
    try:
        doc = fastjson.loads_exact(data)  # what json.loads reads, about twice as fast
    except (ValueError, RecursionError):
        return RepObject(rep_id, None, None, False, "unreadable")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
        return RepObject(rep_id, None, None, False, "unreadable")
    key, entry, migrated = doc.get("key"), doc.get("entry"), doc.get("migrated", False) is True
    if not isinstance(entry, dict) or not (
        signature_checked
        or signing.verify(
            key, doc.get("sig"), TAG, {"key": key, "entry": entry, "migrated": doc.get("migrated", False)}
        )
    ):
        return RepObject(rep_id, None, key if isinstance(key, str) else None, migrated, "signature")
    if not migrated and signing.rep_id_of(str(key)) != rep_id:
        return RepObject(rep_id, None, key, migrated, "signature")  # someone else's key under this id
    return str(key), entry, migrated
