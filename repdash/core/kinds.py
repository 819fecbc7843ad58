"""Activity kinds: the sales funnel call -> pitch -> commit -> deal."""

from __future__ import annotations

FUNNEL: tuple[str, ...] = ("call", "pitch", "commit", "deal")
# Kinds a manager logs to set the example (SPEC step 4).
MANAGER_KINDS: tuple[str, ...] = ("one_on_one", "coaching")

LABELS: dict[str, str] = {
    "call": "Calls",
    "pitch": "Pitches",
    "commit": "Verbal commits",
    "deal": "Deals",
    "one_on_one": "1:1s held",
    "coaching": "Coaching",
}
SINGULAR: dict[str, str] = {
    "call": "call",
    "pitch": "pitch",
    "commit": "commitment",
    "deal": "deal",
    "one_on_one": "1:1",
    "coaching": "coaching session",
}
PLURAL: dict[str, str] = {
    "call": "calls",
    "pitch": "pitches",
    "commit": "commitments",
    "deal": "deals",
    "one_on_one": "1:1s",
    "coaching": "coaching sessions",
}

# A day of a solid B2B rep: enough to matter, low enough to be reachable.
DEFAULT_TARGETS: dict[str, int] = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
DEFAULT_MANAGER_TARGETS: dict[str, int] = {"one_on_one": 2, "coaching": 1}


def label(kind: str) -> str:
    return LABELS.get(kind, kind.replace("_", " ").capitalize())


def counted_label(kind: str, n: int) -> str:
    """'1 verbal commit', '3 verbal commits': the screen label, singular for one."""
    text = label(kind).lower()
    if n == 1 and kind in FUNNEL:  # "Calls", "Pitches", "Verbal commits", "Deals"
        text = text[:-2] if text.endswith("ches") else text[:-1]
    return f"{n} {text}"


def noun(kind: str, n: int) -> str:
    """'1 call', '2 pitches', '3 commitments' ..."""
    word = SINGULAR.get(kind, kind) if n == 1 else PLURAL.get(kind, kind + "s")
    return f"{n} {word}"


# Rate names and the built-in default rates, once: the math, the config defaults and the team entry use them.
RATE_NAMES: tuple[str, ...] = ("pitch_per_call", "commit_per_pitch", "deal_per_commit")
BUILTIN_RATES: dict[str, float] = {"pitch_per_call": 0.2, "commit_per_pitch": 0.35, "deal_per_commit": 0.4}

# The one kind order (funnel first, then the manager kinds): lists, ties and stored kinds follow it.
KIND_ORDER: tuple[str, ...] = FUNNEL + MANAGER_KINDS
# Kinds a rep does (the leading funnel stages); a deal is an outcome of them, not an activity.
ACTIVITY_KINDS: tuple[str, ...] = ("call", "pitch", "commit")


def kind_order(kind: str) -> tuple[int, str]:
    """Sort key: known kinds in KIND_ORDER, anything else after them by name."""
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)
