"""Untrusted text (names and notes, above all from the team file)."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 60

# Terminal escape sequences go whole, not just their ESC byte ("\x1b[31mRed" -> "Red", not "[31mRed"):
# CSI (colours, cursor moves), OSC (window titles, hyperlinks), and two-byte escapes (reset).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[@-Z\\-~]"
)


def clean(text: object, limit: int = 500) -> str:
    """Drop control and format characters (ESC sequences, bidi overrides), keep the rest literally.

    Markup is *not* escaped here: the UI renders untrusted strings as plain
    `Content`/`Text`, never parses them as markup.
    """
    s = _ESCAPES.sub("", text if isinstance(text, str) else str(text))
    out = []
    for ch in s:
        if ch in "\t\n":
            out.append(" ")
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        out.append(ch)
    return "".join(out).strip()[:limit].rstrip()


def clean_name(text: object) -> str:
    return clean(text, MAX_NAME)
