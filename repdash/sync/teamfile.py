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
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from repdash import fastjson
from repdash.core.contests import DayCounts
from repdash.core.kinds import FUNNEL, MANAGER_KINDS
from repdash.core.team import (
    MAX_NAME_CHARS,
    MAX_PERIOD_DAYS,
    MAX_RATE,
    MAX_REV,
    RATE_KEYS,
    Standard,
    TeamEntry,
    usable_quota,
)
from repdash.core.text import clean, clean_name
from repdash.core.workdays import PERIODS
from repdash.errors import Failure
from repdash.sync import bounded_json
from repdash.sync.fields import ID_RE, wholes
from repdash.sync.fields import iso_date as _date
from repdash.sync.fields import iso_stamp as _stamp
from repdash.sync.fields import whole as _int

FORMAT = "repdash-team"
VERSION = 1
# A team of 2,000 reps is ~2 MB: 16 MiB leaves room and still refuses a runaway file.
MAX_BYTES = 16 * 1024 * 1024
MAX_REPS = 20_000
MAX_KINDS = 16
MAX_RECENT = 64  # days of recent history (a publish sends 20)
MAX_CONTEST_DAYS = 400  # days of contest counts (a year's window and its four weeks of baseline)
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


def _number(value: Any) -> int | float | None:
    """A JSON number (never a bool); NaN and ±Infinity (Python's json reads those tokens) are not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if isinstance(value, int) or math.isfinite(value) else None


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


class _Invalid(Exception):
    """One field of an entry is present but not something a repdash client writes."""


def _optional(obj: dict, key: str, check, default: Any = None) -> Any:
    """`default` when the field is absent or null; its checked value; else the entry is invalid."""
    value = obj.get(key)
    if value is None:
        return default
    out = check(value)
    if out is None:
        raise _Invalid(key)
    return out


def _quota(value: Any) -> float | None:
    q = _number(value)
    return float(q) if q is not None and usable_quota(q) else None


def _rates(value: Any) -> dict[str, float | None] | None:
    if not isinstance(value, dict):
        return None
    out: dict[str, float | None] = {}
    for k in RATE_KEYS:
        v = value.get(k)
        if v is None:
            out[k] = None
            continue
        r = _number(v)
        if r is None or not 0 <= r <= MAX_RATE:
            return None
        out[k] = float(r)
    return out


def _percent(value: Any) -> int | None:
    """A whole percentage 0..100 (never a bool, a float, a string)."""
    return _int(value, 0, 100)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _period_name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value if value in PERIODS else ""  # a period a newer client knows: shown without it


def _recent(value: Any) -> tuple[tuple[date, ...], dict[str, tuple[int, ...]]] | None:
    if not isinstance(value, dict):
        return None
    raw_days, raw_counts = value.get("days", []), value.get("counts", {})
    if (
        not isinstance(raw_days, list)
        or len(raw_days) > MAX_RECENT
        or not isinstance(raw_counts, dict)
        or len(raw_counts) > MAX_KINDS
    ):
        return None
    days = tuple(map(_date, raw_days))
    if None in days:
        return None
    counts: dict[str, tuple[int, ...]] = {}
    for k, seq in raw_counts.items():
        if not (isinstance(k, str) and KIND_RE.match(k) and isinstance(seq, list) and len(seq) == len(days)):
            return None
        if not wholes(seq):
            return None
        counts[k] = tuple(seq)
    return days, counts  # type: ignore[return-value]


def _contest_days(value: Any) -> DayCounts | None:
    """`{"YYYY-MM-DD": {KIND: n}}`: at most MAX_CONTEST_DAYS days, each a valid count map."""
    if not isinstance(value, dict) or len(value) > MAX_CONTEST_DAYS:
        return None
    out: dict[date, dict[str, int]] = {}
    for k, v in value.items():
        day, counts = _date(k), _counts(v)
        if day is None or counts is None:
            return None
        out[day] = counts
    return DayCounts(out)


def _contest_proposals(value: Any):
    from repdash.sync.contests import proposals_of  # it reads this module's field checks

    return proposals_of(value)


# Validated entries by their exact content: a dashboard syncing every few minutes
# re-validates only the reps that published since (serialising is ~6x cheaper than validating).
_VALIDATED: dict[tuple, TeamEntry | _OutOfBounds | None] = {}
_VALIDATED_MAX = 5_000


class _OutOfBounds:
    """An entry nested too deep or holding a huge integer (bounded_json): skipped and not written back."""


OUT_OF_BOUNDS = _OutOfBounds()


def validate_entry(key: Any, obj: Any) -> TeamEntry | None:
    """One rep entry as a clean, display-safe TeamEntry, or None when it fails validation.

    The inverse of TeamEntry.to_json. The result is shared between reads (memoised).
    """
    got = check_entry(key, obj)
    return None if got is OUT_OF_BOUNDS else got  # type: ignore[return-value]


def check_entry(key: Any, obj: Any) -> TeamEntry | _OutOfBounds | None:
    """As validate_entry, but OUT_OF_BOUNDS for an entry past bounded_json's limits."""
    if not isinstance(key, str) or not isinstance(obj, dict):
        return _validate_entry(key, obj)
    try:
        memo_key = (key, json.dumps(obj, sort_keys=True, separators=(",", ":")))
    except (TypeError, ValueError, RecursionError):  # nesting near the limit, an integer past 4,300 digits
        return OUT_OF_BOUNDS
    if memo_key in _VALIDATED:
        return _VALIDATED[memo_key]
    if len(_VALIDATED) >= _VALIDATED_MAX:
        _VALIDATED.clear()
    # The bounds are checked on the memo key's text (ASCII: json.dumps escapes the rest), at C speed:
    # walking every entry's values in Python cost more than validating them.
    in_bounds = bounded_json.text_within_bounds(memo_key[1].encode("ascii"))
    result = _VALIDATED[memo_key] = _validate_entry(key, obj) if in_bounds else OUT_OF_BOUNDS
    return result


def _validate_entry(key: Any, obj: Any) -> TeamEntry | None:
    if not isinstance(key, str) or not ID_RE.match(key) or not isinstance(obj, dict):
        return None
    try:
        return _typed_entry(key, obj)
    except _Invalid:
        return None


def _typed_entry(key: str, obj: dict) -> TeamEntry | None:
    """Every field checked: required ones must be valid, optional ones absent, null or valid."""
    rev = _int(obj.get("rev"), 0, MAX_REV)
    name = obj.get("name")
    day = _date(obj.get("date"))
    tz = obj.get("tz")
    today, week = _counts(obj.get("today")), _counts(obj.get("week"))
    targets = _counts(obj.get("targets"))
    last_sync = _stamp(obj.get("last_sync"))
    if (
        rev is None
        or not isinstance(name, str)
        or len(name) > MAX_NAME_CHARS
        or day is None
        or not isinstance(tz, str)
        or not valid_tz(tz)
        or today is None
        or week is None
        or targets is None
        or obj.get("rep_id", key) != key
        or last_sync is None
    ):
        return None
    period_start = _optional(obj, "period_start", _date)
    period_end = _optional(obj, "period_end", _date)
    if period_start and period_end and not 0 <= (period_end - period_start).days <= MAX_PERIOD_DAYS:
        return None
    recent_days, recent_counts = _optional(obj, "recent", _recent, ((), {}))
    quota = _optional(obj, "quota", _quota, 0.0)
    quota_now = _optional(obj, "quota_this_period", _quota, 0.0)
    return TeamEntry(
        rep_id=key,
        rev=rev,
        name=clean_name(name) or "(no name)",
        date=day,
        tz=tz,
        today=today,
        week=week,
        period=_optional(obj, "period", _counts, {}),
        period_name=_optional(obj, "period_name", _period_name) or None,
        period_start=period_start,
        period_end=period_end,
        targets=targets,
        quota=quota or None,  # 0: no quota
        start_date=_optional(obj, "start_date", _date),
        quota_this_period=quota_now or None,
        rates=_optional(obj, "rates", _rates, {k: None for k in RATE_KEYS}),
        streak=_optional(obj, "streak", lambda v: _int(v, 0, 100_000), 0),
        level=_optional(obj, "level", lambda v: _int(v, 1, 100_000), 1),
        xp=_optional(obj, "xp", lambda v: _int(v, 0, MAX_REV), 0),
        last_sync=last_sync,
        hidden=_optional(obj, "hidden", _bool, False),
        manager=_optional(obj, "manager", _bool, False),
        recent_days=recent_days,
        recent_counts=recent_counts,
        contest_days=_optional(obj, "contest_days", _contest_days, {}),
        contest_proposals=_optional(obj, "contest_proposals", _contest_proposals, ()),
        crm_backed_week_pct=_optional(obj, "crm_backed_week_pct", _percent),
    )


def validate_standard(obj: Any) -> Standard | None:
    if not isinstance(obj, dict):
        return None
    rev = _int(obj.get("rev"), 0, MAX_REV)
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
        v = check_entry(rep_id, raw)
        if isinstance(v, _OutOfBounds):  # never written back: every reader and writer would pay for it
            self.raw.pop(rep_id, None)
            self.valid.pop(rep_id, None)
            self.skipped += 1
            return
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


def load_json(data: bytes) -> Any:
    """The document exactly as `json.loads(data)` reads it.

    A file laid out as `serialize` writes it (a head line ending in `"reps":{`, one rep per line,
    `}}` on the last) is read a few dozen lines at a time: a sync worker, a thread of the
    dashboard, then holds the GIL for well under a millisecond at a time. Read whole, a 2,000-rep
    file held it ~15 ms with orjson (~28 ms with the stdlib): late frames on the dashboard.
    Anything else, and any chunk that does not read, goes through the whole-document read, which
    gives the stdlib's answer and errors.
    """
    lines = data.split(b"\n")
    if len(lines) >= 4 and lines[0].endswith(b',"reps":{') and lines[-2:] == [b"}}", b""]:
        try:
            return _load_by_line(lines[0], lines[1:-2])
        except (ValueError, RecursionError):
            pass
    return fastjson.loads_exact(data)


LINES_PER_READ = 64  # reps read per call: ~0.5 ms holding the GIL, a few dozen calls at 2,000 reps


def _load_by_line(head_line: bytes, body: list[bytes]) -> dict:
    head = fastjson.loads_exact(head_line + b"}}")
    reps: dict[str, Any] = {}
    for start in range(0, len(body), LINES_PER_READ):
        chunk = b"\n".join(body[start : start + LINES_PER_READ])
        if start + LINES_PER_READ < len(body):  # a chunk but the last ends in the comma before the next
            if not chunk.endswith(b","):
                raise ValueError("not one rep per line")
            chunk = chunk[:-1]
        if not chunk.strip() and len(body) > LINES_PER_READ:  # "{}" reads, but ",\n," is not JSON
            raise ValueError("an empty chunk between reps")
        reps.update(fastjson.loads_exact(b"{" + chunk + b"}"))
    head["reps"] = reps  # last in the head line, so in the same place as json.loads puts it
    return head


def parse(data: bytes, source: str = "team file") -> TeamDoc:
    """Parse and validate. Raises BadTeamFile for anything that must never be overwritten."""
    if len(data) > MAX_BYTES:
        # Readers stop at MAX_BYTES + 1 bytes, so the real size is unknown here: only that it is over.
        raise BadTeamFile(f"{source} is too large (over {MAX_BYTES // 1024} KiB); not touching it", "too_large")
    if not data.strip():
        raise BadTeamFile(f"{source} is empty (truncated?); move it away to start a new team file", "truncated")
    dropped = 0
    try:
        obj = load_json(data)
    except (ValueError, RecursionError) as exc:
        split = bounded_json.load_members(data)  # one member that does not read costs only itself
        if split is None:
            raise not_json(source, data, exc) from None
        obj, dropped = split
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BadTeamFile(f'{source} is not a repdash team file (no "format": "{FORMAT}"); not touching it', "foreign")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        why = bounded_json.describe(version)
        raise BadTeamFile(f"{source} has an invalid version ({clean(why, 40)}); not touching it", "corrupt")
    if version > VERSION:
        raise BadTeamFile(
            f"{source} was written by a newer repdash (team file version {version}, this one reads "
            f"{VERSION}); upgrade repdash",
            "newer",
        )
    reps = obj.get("reps", {})
    if not isinstance(reps, dict):
        raise BadTeamFile(f'{source} is damaged ("reps" is not an object); not touching it', "corrupt")
    if len(reps) > MAX_REPS:
        raise BadTeamFile(f"{source} lists {len(reps)} reps (the limit is {MAX_REPS}); not touching it", "too_large")
    doc = TeamDoc(skipped=dropped)
    for key, raw in reps.items():
        doc.put(key, raw)
    standard = obj.get("standard")
    if not bounded_json.within_bounds(standard):
        standard, doc.skipped = None, doc.skipped + 1
    doc.set_standard(standard)
    head = {k: v for k, v in obj.items() if k not in ("format", "version", "reps", "standard")}
    doc.extra = {k: v for k, v in head.items() if bounded_json.within_bounds(v)}
    doc.skipped += len(head) - len(doc.extra)
    return doc


def not_json(source: str, data: bytes, exc: Exception) -> BadTeamFile:
    """What is wrong with a file that does not read as JSON, in words: binary data, plain text,
    data after the document, a file cut short, or JSON damaged in the middle."""
    text = data.lstrip()
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:].lstrip()
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return BadTeamFile(f"{source} holds binary data, not JSON text; not touching it", "corrupt")
    if text[:1] not in (b"{", b"["):
        start = clean(text[:20].decode("utf-8", "replace"), 20)
        return BadTeamFile(f"{source} is not JSON (it starts with {start!r}); not touching it", "corrupt")
    pos = getattr(exc, "pos", None)
    msg = getattr(exc, "msg", "")
    if msg == "Extra data" and pos is not None:
        return BadTeamFile(
            f"{source} has extra data after the JSON document (at byte {pos}); not touching it", "corrupt"
        )
    if (pos is not None and pos >= len(data.rstrip())) or str(msg).startswith("Unterminated string"):
        return BadTeamFile(f"{source} is truncated ({_short(exc)}); not touching it", "truncated")
    return BadTeamFile(f"{source} is not valid JSON ({_short(exc)}); not touching it", "corrupt")


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


def _json(value: Any, ascii_if_needed: bool = False) -> str:
    """Compact, sorted JSON: readable UTF-8, or with ASCII escapes when `ascii_if_needed` and the
    value holds a lone surrogate (a `"\\ud800"` escape read from someone's entry), which UTF-8
    cannot encode: the escape reads back as the same string in every client.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    if ascii_if_needed:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return text


def serialize(doc: TeamDoc) -> bytes:
    """One rep per line: readable, diff-friendly, and what a sync tool transfers cheaply.

    Serialising never fails on what was read: a line that UTF-8 cannot encode is written with
    ASCII escapes (only that line; checked only when the whole file fails to encode). NaN or
    Infinity tokens that were in the file are written back as they were (their entry is skipped,
    never rewritten).
    """
    head = {"format": FORMAT, "version": VERSION, "standard": doc.standard_raw}
    head.update({k: v for k, v in doc.extra.items() if k not in head})

    def text(careful: bool) -> str:
        lines = [_json(k, careful) + ":" + _json(doc.raw[k], careful) for k in sorted(doc.raw)]
        return _json(head, careful)[:-1] + ',"reps":{\n' + ",\n".join(lines) + "\n}}\n"

    try:
        return text(False).encode("utf-8")
    except UnicodeEncodeError:
        return text(True).encode("utf-8")
