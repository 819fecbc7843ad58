"""Bounds on what one value in the team file may hold, and a read of a file one member at a time.

Any teammate can write any bytes into the team file. Two kinds of value used to stop the whole
team (issue 26): nesting a thousand levels deep (Python's JSON reader and writer recurse, so
`serialize` died of RecursionError, and past ~2,000 levels the whole file did not read), and an
integer of more than 4,300 digits (Python refuses to convert it, so the whole file did not read).

- `within_bounds(value)`: at most MAX_DEPTH levels of nesting and integers of at most
  MAX_DIGITS digits. A repdash client writes 4 levels and 10-digit counts; the limits leave room
  for any newer client and still keep every reader and writer far from a recursion limit.
- `load_members(data)`: when the whole document does not read, its top-level members and the
  members of its "reps" object are read one by one (found by a scan of strings and brackets
  that never recurses), so one member that does not read costs only itself. Returns the
  document without those members and how many were left out; None when the file is not even
  an object of members (then it is damaged as a whole).

Pure: no I/O.
"""

from __future__ import annotations

import json
import re
from typing import Any

from repdash import fastjson

MAX_DEPTH = 16  # levels of nesting in one value (an entry uses 4: entry > recent > counts > list)
MAX_DIGITS = 320  # digits in one integer (a float's range ends at 309)

# A string (escapes included), or one structural character. Everything else (numbers,
# literals, whitespace) lies between tokens and is read by the per-member parse.
# A JSON string as an unrolled loop (runs of plain characters, then one escape): several times
# faster than an alternation tried at every character.
_STRING_RE = rb'"[^"\\]*(?:\\.[^"\\]*)*"'
_TOKEN = re.compile(_STRING_RE + rb"|[{}\[\]:,]", re.DOTALL)
_STRING = re.compile(_STRING_RE, re.DOTALL)
_LONG_NUMBER = re.compile(rb"[0-9]{%d}" % (MAX_DIGITS + 1))
_EMPTY_PAIR = re.compile(rb"\[\]|\{\}")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def text_within_bounds(data: bytes) -> bool:
    """`within_bounds` for JSON text, without parsing it (strings blanked, then brackets alone are
    peeled one level at a time: at most MAX_DEPTH rounds of C-speed replaces)."""
    text = _STRING.sub(b'""', data)
    if _LONG_NUMBER.search(text):
        return False
    brackets = text.translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return True
        inner = _EMPTY_PAIR.sub(b"", brackets)  # one pass: exactly the innermost level goes
        if inner == brackets:
            return False  # unbalanced: not a value that reads
        brackets = inner
    return not brackets


def within_bounds(value: Any) -> bool:
    """True when `value` nests at most MAX_DEPTH levels and holds no integer over MAX_DIGITS digits."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    limit = 10**MAX_DIGITS
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= MAX_DEPTH:
                return False
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                return False
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, int) and not isinstance(item, bool) and not -limit < item < limit:
            return False
    return True


def load_value(data: bytes) -> tuple[bool, Any]:
    """(True, value) for one JSON value within bounds; (False, None) for anything else."""
    if not text_within_bounds(data):
        return False, None
    try:
        return True, fastjson.loads_exact(data)
    except (ValueError, RecursionError):
        return False, None


def _members(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]] | None:
    """The (key, value start, value end) of each member of the object spanning data[start:end]
    (from its `{` to just after its `}`); None when it is not an object of members."""
    tokens = _TOKEN.finditer(data, start, end)
    first = next(tokens, None)
    if first is None or first.group() != b"{" or data[start : first.start()].strip():
        return None
    out: list[tuple[bytes, int, int]] = []
    depth, key, value_at, expect_key = 0, b"", -1, True
    for tok in tokens:
        t = tok.group()
        if depth == 0:
            if expect_key:
                if t == b"}" and not out and value_at < 0:
                    return out if not data[tok.end() : end].strip() else None
                if not t.startswith(b'"'):
                    return None
                key, expect_key = t, False
                colon = next(tokens, None)
                if colon is None or colon.group() != b":":
                    return None
                value_at = colon.end()
                continue
            if t in (b",", b"}"):
                out.append((key, value_at, tok.start()))
                if t == b"}":
                    return out if not data[tok.end() : end].strip() else None
                expect_key = True
                continue
        if t in (b"{", b"["):
            depth += 1
        elif t in (b"}", b"]"):
            depth -= 1
            if depth < 0:
                return None
    return None


def load_members(data: bytes) -> tuple[dict[str, Any], int] | None:
    """The document read member by member (see the module's docstring), and how many were left out."""
    lines = data.split(b"\n")
    if len(lines) >= 4 and lines[0].endswith(b',"reps":{') and lines[-2:] == [b"}}", b""]:
        ok, head = load_value(lines[0] + b"}}")  # the layout `serialize` writes: no scan of the reps needed
        if ok and isinstance(head, dict):
            head["reps"], dropped = _reps_by_line(lines[1:-2])
            return head, dropped
    stripped = data.rstrip()
    top = _members(data, 0, len(stripped))
    if top is None:
        return None
    doc: dict[str, Any] = {}
    dropped = 0
    for raw_key, a, b in top:
        ok, key = load_value(raw_key)
        if not ok or not isinstance(key, str):
            return None
        if key == "reps":
            reps = _reps(data, a, b)
            if reps is None:
                return None
            doc[key], n = reps
            dropped += n
            continue
        ok, value = load_value(data[a:b])
        if ok:
            doc[key] = value
        elif key in ("format", "version"):  # the head itself does not read: the file is damaged
            return None
        else:
            dropped += 1
    return doc, dropped


def _reps(data: bytes, a: int, b: int) -> tuple[dict[str, Any], int] | None:
    inner = data[a:b]
    lines = inner.split(b"\n")
    if len(lines) >= 3 and lines[0] == b"{" and lines[-1] == b"}":  # one rep per line, as `serialize` writes
        return _reps_by_line(lines[1:-1])
    lead = len(inner) - len(inner.lstrip())
    members = _members(data, a + lead, a + len(inner.rstrip()))
    if members is None:
        return None
    reps: dict[str, Any] = {}
    dropped = 0
    for raw_key, start, end in members:
        ok_key, key = load_value(raw_key)
        ok, value = load_value(data[start:end])
        if ok_key and ok and isinstance(key, str):
            reps[key] = value
        else:
            dropped += 1
    return reps, dropped


def _reps_by_line(lines: list[bytes]) -> tuple[dict[str, Any], int]:
    """Each line `"id":{...},` read alone (a JSON string holds no raw newline, so a line is a member)."""
    reps: dict[str, Any] = {}
    dropped = 0
    for line in lines:
        member = line[:-1] if line.endswith(b",") else line
        ok, value = load_value(b"{" + member + b"}")
        if ok and isinstance(value, dict) and len(value) == 1:
            reps.update(value)
        else:
            dropped += 1
    return reps, dropped


def describe(value: Any) -> str:
    """A short, safe description of a value for a message (repr of a deep list recurses)."""
    if value is None or isinstance(value, (bool, float)):
        return repr(value)
    if isinstance(value, int):
        return repr(value) if -(10**30) < value < 10**30 else "a huge number"
    if isinstance(value, str):
        return json.dumps(value[:30])
    if isinstance(value, dict):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__
