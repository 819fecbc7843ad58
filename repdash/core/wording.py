"""User-facing words written once: plurals, counts, and the sentences several commands and screens share.

Pure functions of their arguments (no I/O, no clock), so every screen and command words a number
the same way ("1 rep", "2 reps", "1 working day"), never "rep(s)".
"""

from __future__ import annotations

# What to run for object storage: repdash is installed from a checkout, not from a package index.
INSTALL_S3 = (
    "object storage needs the s3 extra: from the repdash folder, pip install '.[s3]' "
    "(or pipx install '.[s3]'); if pipx installed repdash already: pipx inject repdash obstore"
)

# A damaged team file: how to get out (every rep sees it until someone acts).
REPAIR_HINT = (
    "to recover, restore it from a backup, or run `repdash team repair` "
    "(moves it aside and keeps it; the next syncs rebuild the team file)"
)

_IRREGULAR = {"entry": "entries", "copy": "copies", "pitch": "pitches", "is": "are", "was": "were"}


def plural(word: str, n: int | float, many: str | None = None) -> str:
    """`word` for one, its plural for any other number ("1 rep", "0 reps", "2 entries")."""
    if n == 1:
        return word
    return many or _IRREGULAR.get(word) or word + "s"


def count(n: int | float, word: str, many: str | None = None) -> str:
    """The number and its noun: count(1, "rep") -> "1 rep", count(3, "working day") -> "3 working days"."""
    shown = f"{n:g}" if isinstance(n, float) else f"{n:,}" if abs(n) >= 10000 else str(n)
    return f"{shown} {plural(word, n, many)}"


def join(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def versus(delta: float, what: str = "last week") -> str:
    """A change against an earlier number: "▲3 vs last week", "▼2 vs last week", and
    "same as last week" when it rounds to zero (never "▲0")."""
    if round(delta) == 0:
        return f"same as {what}"
    return f"{'▲' if delta > 0 else '▼'}{abs(delta):.0f} vs {what}"
