"""The standard and manager rule, once (issues 19, 20): what each person is measured on.

- A rep is measured on the selling kinds of the team standard, a manager only on the manager kinds
  (1:1s, coaching); without a standard, their own targets lead.
- On the standings, activity counts against max(own target, team standard) per kind: a rep cannot
  climb by lowering their own targets. A target below the standard is a *proposal* until a manager
  accepts it (then it counts, from the day of acceptance).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from repdash.core.kinds import DEFAULT_MANAGER_TARGETS, MANAGER_KINDS

# The rule in one sentence: the board legend and docs/standings.md quote it.
RANKING_RULE = (
    "Ranked by activity against the higher of your own target and the team standard for each kind, "
    "and deals against your prorated quota; a target below the standard is a proposal until the manager accepts it."
)


def applicable_standard(standard: Mapping[str, int] | None, manager: bool) -> dict[str, int] | None:
    """The part of the team standard that applies to this person (None when no part applies).

    A rep is measured on the selling kinds, a manager only on the manager kinds (1:1s, coaching):
    a manager's calls are theirs to log, never a "gap 34" against the reps' standard."""
    if not standard:
        return None
    out = {k: n for k, n in standard.items() if (k in MANAGER_KINDS) == manager}
    return out or None


def rep_standard(
    standard: Mapping[str, int] | None, targets: Mapping[str, int], manager: bool
) -> tuple[dict[str, int], str]:
    """What this person is measured against, and where it comes from ("team", "own targets", "default")."""
    std = applicable_standard(standard, manager)
    if std:
        return std, "team"
    own = {k: n for k, n in targets.items() if (k in MANAGER_KINDS) == manager}
    if manager and not own:
        return dict(DEFAULT_MANAGER_TARGETS), "default"
    return own, "own targets"


@dataclass(frozen=True)
class Accepted:
    """A proposal a manager accepted: these own targets count from `since` (the manager's date) on."""

    since: date
    targets: dict[str, int] = field(default_factory=dict)


def floor(standard: Mapping[str, int] | None, accepted: Mapping[str, int] | None = None) -> dict[str, int]:
    """The standard with each accepted kind lowered to the accepted target (never raised)."""
    acc = accepted or {}
    return {k: min(int(n), int(acc[k])) if k in acc else int(n) for k, n in (standard or {}).items()}


def active(accepted: Accepted | None, day: date) -> dict[str, int] | None:
    """The accepted targets that count on `day`: none before the day of acceptance."""
    return accepted.targets if accepted is not None and day >= accepted.since else None


def measured_on(
    own: Mapping[str, int], standard: Mapping[str, int] | None, accepted: Mapping[str, int] | None = None
) -> dict[str, int]:
    """The targets a rep's standing is measured on: per kind max(own target, team standard);
    own target alone where no standard is set. An accepted target takes the standard's place for its
    kind (only that number: a target lowered further is measured on the accepted one, a new proposal)."""
    std = floor(standard, accepted)
    out = {k: max(int(n), std.get(k, 0)) for k, n in own.items()}
    for k, n in std.items():
        out.setdefault(k, n)
    return out


def proposals(
    own: Mapping[str, int], standard: Mapping[str, int] | None, accepted: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Own targets below the standard that no manager has accepted: shown as proposals, never counted."""
    std = floor(standard, accepted)
    return {k: n for k, n in own.items() if k in std and n < std[k]}
