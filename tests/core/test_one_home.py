"""Issue 19 item 1: each rule has one home in the core. Import it from there, then grep the package:
no second definition of the same name anywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import repdash
from repdash.core import coaching, game, kinds, salesmath, standard, targets, workdays

PACKAGE = Path(repdash.__file__).parent

RULES = [
    (game, "met_day"),
    (game, "lifetime_xp"),
    (game, "streak_state"),
    (game, "streak_with_today"),
    (kinds, "KIND_ORDER"),
    (kinds, "kind_order"),
    (kinds, "RATE_NAMES"),
    (kinds, "BUILTIN_RATES"),
    (salesmath, "tier_summary"),
    (salesmath, "PACE_WORDS"),
    (salesmath, "bottleneck_flow"),
    (standard, "applicable_standard"),
    (standard, "measured_on"),
    (standard, "RANKING_RULE"),
    (targets, "targets_in_force"),
    (coaching, "furthest_behind"),
    (workdays, "proration"),
    (workdays, "Proration"),
    (workdays, "start_date_of"),
    (coaching, "coaching_prompt"),
]


# A second definition left on purpose, with why: repdash/sync/* belongs to another branch in this
# round (issue 19 item 2 moves composition out of sync); the test below proves it agrees meanwhile.
ELSEWHERE = {"kind_order": "sync/teamfile.py"}


def definitions(name: str) -> list[str]:
    pattern = re.compile(rf"^\s*(def {name}\b|class {name}\b|{name}\s*(:[^=]*)?=(?!=))", re.M)
    out = []
    for path in PACKAGE.rglob("*.py"):
        for m in pattern.finditer(path.read_text(encoding="utf-8")):
            out.append(f"{path.relative_to(PACKAGE)}: {m.group(0).strip()}")
    return out


@pytest.mark.parametrize(("home", "name"), RULES, ids=[n for _, n in RULES])
def test_each_rule_is_defined_once(home, name):
    assert hasattr(home, name), f"{name} is not in {home.__name__}"
    found = [f for f in definitions(name) if not f.startswith(ELSEWHERE.get(name, "\0"))]
    assert len(found) == 1, f"{name} defined more than once: {found}"
    assert found[0].startswith(home.__name__.removeprefix("repdash.").replace(".", "/") + ".py")


def test_the_dashboard_streak_comes_from_the_core():
    text = (PACKAGE / "services" / "summary.py").read_text(encoding="utf-8")
    assert "game.streak_with_today" in text and "game.lifetime_xp" in text
    assert "any(today_counts.values())" not in text  # the met-day predicate is not re-derived here


def test_the_sync_kind_order_agrees_with_the_core_until_it_moves():
    from repdash.sync import teamfile

    sample = ["deal", "zzz", "coaching", "call", "one_on_one", "aaa", "commit", "pitch"]
    assert sorted(sample, key=teamfile.kind_order) == sorted(sample, key=kinds.kind_order)


def test_proration_is_one_record_used_by_the_quota_the_calendar_and_the_board():
    from datetime import date

    share = workdays.proration(date(2026, 11, 18), date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 18))
    assert share == workdays.Proration(date(2026, 11, 18), date(2026, 11, 30), 9, 21, True, date(2026, 11, 18))
    assert (
        share.share(15)
        == 7
        == salesmath.quota_this_period(15, date(2026, 11, 18), date(2026, 11, 1), date(2026, 11, 30))
    )
    assert salesmath.calendar(date(2026, 11, 18), "month", start_date=date(2026, 11, 18)).total == share.days
    for path in ("core/board.py", "core/salesmath.py", "services/summary.py"):
        assert "proration(" in (PACKAGE / path).read_text(encoding="utf-8"), path
