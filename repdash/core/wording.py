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


def signed(n: int | float, unit: str = "") -> str:
    """A change with its direction: "▲3", "▼2", and "no change" for zero (never "▲0")."""
    if round(n) == 0:
        return "no change"
    return f"{'▲' if n > 0 else '▼'}{abs(n):.0f}{unit}"
