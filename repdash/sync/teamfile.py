"""The team file protocol: parse, validate, merge, serialize (pure; no I/O, no Textual).

See docs/team-file.md. In short:

    {"format": "repdash-team", "version": 1,
     "standard": {"rev": 3, "kinds": {"call": 40, ...}, "set_by": ID, "set_by_name": NAME, "set_at": ISO} | null,
     "reps": {"<rep id>": {"rev": 17, "rep_id": ID, "name": NAME, ...summary...}, ...}}

Every rep owns exactly one entry, keyed by its stable id. A merge keeps, per id, the
entry with the highest revision; the standard with the highest revision wins too.
Entries this version cannot validate are skipped for display but written back
untouched (they may come from a newer client, and they are not ours to delete).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from repdash import fastjson
from repdash.core.kinds import FUNNEL, MANAGER_KINDS
from repdash.core.team import RATE_KEYS, Standard, TeamEntry
from repdash.core.text import clean, clean_name
from repdash.core.workdays import PERIODS
from repdash.errors import Failure

FORMAT = "repdash-team"
VERSION = 1
# A team of 2,000 reps is ~2 MB: 16 MiB leaves room and still refuses a runaway file.
MAX_BYTES = 16 * 1024 * 1024
MAX_REPS = 20_000
MAX_COUNT = 10_000_000
MAX_KINDS = 16
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class TeamFileError(Failure):
    """The team file cannot be used. Never overwritten; local data untouched (exit 1)."""

    reason = "unreadable"


class BadTeamFile(TeamFileError):
    """The file is there but is damaged, truncated, too large, foreign, or from a newer version."""

    def __init__(self, message: str, reason: str = "corrupt") -> None:
        super().__init__(message)
        self.reason = reason


class TeamFileUnreachable(TeamFileError):
    """The share is not there, not readable, or the lock stays busy: retry later."""

    reason = "offline"


class TeamFileMissing(TeamFileUnreachable):
    """The folder is there but nobody has published yet."""

    reason = "missing"


# ---------------------------------------------------------------- validation


_ORDER = {k: i for i, k in enumerate(FUNNEL + MANAGER_KINDS)}


def kind_order(kind: str) -> tuple[int, str]:
    return (_ORDER.get(kind, len(_ORDER)), kind)


def _int(value: Any, lo: int = 0, hi: int = MAX_COUNT) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if lo <= value <= hi else None


def _counts(value: Any) -> dict[str, int] | None:
    if not isinstance(value, dict) or len(value) > MAX_KINDS:
        return None
    out: dict[str, int] = {}
    for k, v in value.items():
        n = _int(v)
        if not isinstance(k, str) or not KIND_RE.match(k) or n is None:
            return None
        out[k] = n
    return {k: out[k] for k in sorted(out, key=kind_order)}


def _date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _stamp(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return value if moment.tzinfo is not None else None


@lru_cache(maxsize=512)
def valid_tz(name: str) -> bool:
    if len(name) > 64 or not re.match(r"^[A-Za-z0-9_+\-/]+$", name):
        return False
    try:
        import pendulum

        pendulum.timezone(name)
    except Exception:
        return False
    return True


def _rates(value: Any) -> dict[str, float | None]:
    out: dict[str, float | None] = {k: None for k in RATE_KEYS}
    if isinstance(value, dict):
        for k in RATE_KEYS:
            v = value.get(k)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1000:
                out[k] = float(v)
    return out


# Validated entries by their exact content: a dashboard syncing every few minutes
# re-validates only the reps that published since (serialising is ~6x cheaper than validating).
_VALIDATED: dict[tuple, TeamEntry | None] = {}
_VALIDATED_MAX = 5_000


def validate_entry(key: Any, obj: Any) -> TeamEntry | None:
    """One rep entry as a clean, display-safe TeamEntry, or None when it fails validation.

    The inverse of TeamEntry.to_json. The result is shared between reads (memoised).
    """
    if not isinstance(key, str) or not isinstance(obj, dict):
        return _validate_entry(key, obj)
    try:
        memo_key = (key, json.dumps(obj, sort_keys=True, separators=(",", ":")))
    except (TypeError, ValueError):
        return _validate_entry(key, obj)
    if memo_key in _VALIDATED:
        return _VALIDATED[memo_key]
    if len(_VALIDATED) >= _VALIDATED_MAX:
        _VALIDATED.clear()
    result = _VALIDATED[memo_key] = _validate_entry(key, obj)
    return result


def _validate_entry(key: Any, obj: Any) -> TeamEntry | None:
    if not isinstance(key, str) or not ID_RE.match(key) or not isinstance(obj, dict):
        return None
    rev = _int(obj.get("rev"), 0, 2**53)
    name = obj.get("name")
    day = _date(obj.get("date"))
    tz = obj.get("tz")
    today, week = _counts(obj.get("today")), _counts(obj.get("week"))
    targets = _counts(obj.get("targets"))
    if (rev is None or not isinstance(name, str) or day is None or not isinstance(tz, str) or not valid_tz(tz)
            or today is None or week is None or targets is None or obj.get("rep_id", key) != key
            or _stamp(obj.get("last_sync")) is None):
        return None
    period = _counts(obj.get("period", {})) or {}
    recent_raw = obj.get("recent") if isinstance(obj.get("recent"), dict) else {}
    recent_days = recent_raw.get("days") if isinstance(recent_raw.get("days"), list) else []
    days = [d for d in (_date(x) for x in recent_days[:31]) if d is not None]
    recent: dict[str, list[int]] = {}
    counts_raw = recent_raw.get("counts") if isinstance(recent_raw.get("counts"), dict) else {}
    if len(days) == len(recent_days) and len(counts_raw) <= MAX_KINDS:
        for k, seq in counts_raw.items():
            if (isinstance(k, str) and KIND_RE.match(k) and isinstance(seq, list) and len(seq) == len(days)
                    and all(_int(n) is not None for n in seq)):
                recent[k] = list(seq)
    else:
        days = []
    period_start, period_end = _date(obj.get("period_start")), _date(obj.get("period_end"))
    quota = obj.get("quota")
    period_name = obj.get("period_name")
    return TeamEntry(
        rep_id=key,
        rev=rev,
        name=clean_name(name) or "(no name)",
        date=day,
        tz=tz,
        today=today,
        week=week,
        period=period,
        period_name=period_name if period_name in PERIODS else None,
        period_start=period_start,
        period_end=period_end,
        targets=targets,
        quota=float(quota) if isinstance(quota, (int, float)) and not isinstance(quota, bool) and 0 <= quota <= 1e9 else None,
        rates=_rates(obj.get("rates")),
        streak=_int(obj.get("streak"), 0, 100_000) or 0,
        level=_int(obj.get("level"), 1, 100_000) or 1,
        xp=_int(obj.get("xp"), 0, 2**53) or 0,
        last_sync=obj["last_sync"],
        hidden=obj.get("hidden") is True,
        manager=obj.get("manager") is True,
        recent_days=tuple(days),
        recent_counts={k: tuple(seq) for k, seq in recent.items()},
    )


def validate_standard(obj: Any) -> Standard | None:
    if not isinstance(obj, dict):
        return None
    rev = _int(obj.get("rev"), 0, 2**53)
    kinds = _counts(obj.get("kinds"))
    if rev is None or kinds is None:
        return None
    by = obj.get("set_by")
    return Standard(
        rev=rev,
        kinds=kinds,  # already in kind order
        set_by=by if isinstance(by, str) and ID_RE.match(by) else None,
        set_by_name=clean_name(obj.get("set_by_name") or "") if isinstance(obj.get("set_by_name"), str) else "",
        set_at=_stamp(obj.get("set_at")),
    )


# ---------------------------------------------------------------- the document


@dataclass
class TeamDoc:
    """A parsed team file. `raw` entries are what gets written back; `valid` is for display."""

    raw: dict[str, Any] = field(default_factory=dict)
    valid: dict[str, TeamEntry] = field(default_factory=dict)
    standard_raw: Any = None
    standard: Standard | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    skipped: int = 0

    def put(self, rep_id: str, raw: Any) -> None:
        v = validate_entry(rep_id, raw)
        self.raw[rep_id] = raw
        if v is None:
            self.valid.pop(rep_id, None)
        else:
            self.valid[rep_id] = v

    def set_standard(self, raw: Any) -> None:
        self.standard_raw = raw
        self.standard = validate_standard(raw)

    @property
    def skipped_count(self) -> int:
        return sum(1 for k in self.raw if k not in self.valid) + self.skipped


def empty_doc() -> TeamDoc:
    return TeamDoc()


def parse(data: bytes, source: str = "team file") -> TeamDoc:
    """Parse and validate. Raises BadTeamFile for anything that must never be overwritten."""
    if len(data) > MAX_BYTES:
        # Readers stop at MAX_BYTES + 1 bytes, so the real size is unknown here: only that it is over.
        raise BadTeamFile(f"{source} is too large (over {MAX_BYTES // 1024} KiB); not touching it", "too_large")
    if not data.strip():
        raise BadTeamFile(f"{source} is empty (truncated?); move it away to start a new team file", "truncated")
    try:
        obj = fastjson.loads(data)  # orjson: a sync worker parses this; the stdlib would hold the GIL longer
    except (ValueError, RecursionError) as exc:
        text = data.rstrip()
        truncated = text[-1:] not in (b"}", b"]")
        what = "truncated" if truncated else "not valid JSON"
        raise BadTeamFile(f"{source} is {what} ({_short(exc)}); not touching it", "truncated" if truncated else "corrupt") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BadTeamFile(f"{source} is not a repdash team file (no \"format\": \"{FORMAT}\"); not touching it", "foreign")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadTeamFile(f"{source} has an invalid version {clean(repr(version), 40)}; not touching it", "corrupt")
    if version > VERSION:
        raise BadTeamFile(f"{source} was written by a newer repdash (team file version {version}, this one reads "
                          f"{VERSION}); upgrade repdash", "newer")
    reps = obj.get("reps", {})
    if not isinstance(reps, dict):
        raise BadTeamFile(f"{source} is damaged (\"reps\" is not an object); not touching it", "corrupt")
    if len(reps) > MAX_REPS:
        raise BadTeamFile(f"{source} lists {len(reps)} reps (the limit is {MAX_REPS}); not touching it", "too_large")
    doc = TeamDoc()
    for key, raw in reps.items():
        doc.put(key, raw)
    doc.set_standard(obj.get("standard"))
    doc.extra = {k: v for k, v in obj.items() if k not in ("format", "version", "reps", "standard")}
    return doc


def _short(exc: Exception) -> str:
    return clean(str(exc), 80)


def _entry_key(doc: TeamDoc, rep_id: str) -> tuple:
    v = doc.valid.get(rep_id)
    if v is None:
        return (0, -1, "")
    return (1, v.rev, v.last_sync)


def merge_into(base: TeamDoc, other: TeamDoc) -> int:
    """Merge `other` into `base`: per rep id the highest revision wins. Returns entries taken."""
    taken = 0
    for rep_id, raw in other.raw.items():
        if rep_id not in base.raw or _entry_key(other, rep_id) > _entry_key(base, rep_id):
            base.raw[rep_id] = raw
            if rep_id in other.valid:
                base.valid[rep_id] = other.valid[rep_id]
            else:
                base.valid.pop(rep_id, None)
            taken += 1
    if other.standard is not None and (
        base.standard is None
        or (other.standard.rev, other.standard.set_at or "") > (base.standard.rev, base.standard.set_at or "")
    ):
        base.standard_raw, base.standard = other.standard_raw, other.standard
    for k, v in other.extra.items():
        base.extra.setdefault(k, v)
    return taken


def serialize(doc: TeamDoc) -> bytes:
    """One rep per line: readable, diff-friendly, and what a sync tool transfers cheaply."""
    head = {"format": FORMAT, "version": VERSION, "standard": doc.standard_raw}
    head.update({k: v for k, v in doc.extra.items() if k not in head})
    parts = [json.dumps(head, ensure_ascii=False, separators=(",", ":"), sort_keys=True)[:-1]]
    lines = [
        json.dumps(k, ensure_ascii=False) + ":" + json.dumps(doc.raw[k], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        for k in sorted(doc.raw)
    ]
    body = ',"reps":{\n' + ",\n".join(lines) + "\n}}\n"
    return (parts[0] + body).encode("utf-8")
