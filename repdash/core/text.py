"""Untrusted text (names and notes, above all from the team file)."""

from __future__ import annotations

import unicodedata

MAX_NAME = 60


def clean(text: object, limit: int = 500) -> str:
    """Drop control and format characters (ESC sequences, bidi overrides), keep the rest literally.

    Markup is *not* escaped here: the UI renders untrusted strings as plain
    `Content`/`Text`, never parses them as markup.
    """
    s = text if isinstance(text, str) else str(text)
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
