"""Game rules (repdash/core/game.py): XP, the level curve, targets, the working-day streak."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repdash.core import game
from repdash.core.kinds import FUNNEL
from repdash.core.workdays import is_working_day

TARGETS = {"call": 10, "pitch": 2, "commit": 1, "deal": 0}
MET = {"call": 10, "pitch": 2, "commit": 1}
SHORT = {"call": 9, "pitch": 2, "commit": 1}
# Mon 16 ... Fri 20 Nov 2026, Mon 23 ... Thu 26 (the frozen "today")
MON, TUE, WED, THU, FRI = (date(2026, 11, 16 + i) for i in range(5))
SAT, SUN = date(2026, 11, 21), date(2026, 11, 22)
MON2, TUE2, WED2, THU2 = (date(2026, 11, 23 + i) for i in range(4))


# ---- XP and levels -------------------------------------------------------------


def test_xp_grows_with_funnel_depth():
    xps = [game.xp_for(k) for k in FUNNEL]
    assert all(x > 0 for x in xps)
    assert xps == sorted(xps) and len(set(xps)) == len(xps)


@given(st.sampled_from(list(FUNNEL) + ["one_on_one", "coaching", "custom_kind"]), st.integers(0, 10_000))
def test_xp_is_linear_in_count(kind, n):
    assert game.xp_for(kind, n) == n * game.xp_for(kind, 1)
    assert game.xp_for(kind) > 0


def test_xp_of_day_adds_a_bonus_only_when_every_target_is_met_with_some_activity():
    base = sum(game.xp_for(k, n) for k, n in MET.items())
    assert game.xp_of_day(MET, TARGETS) == base + game.XP_TARGETS_MET_BONUS
    assert game.xp_of_day(SHORT, TARGETS) == sum(game.xp_for(k, n) for k, n in SHORT.items())
    # all-zero targets are "met" by an empty day, but an empty day earns nothing
    assert game.xp_of_day({}, {"call": 0}) == 0
    assert game.xp_of_day({"call": 0}, {}) == 0


counts_st = st.dictionaries(st.sampled_from(FUNNEL), st.integers(0, 200), max_size=4)
targets_st = st.dictionaries(st.sampled_from(FUNNEL), st.integers(0, 50), max_size=4)


def test_level_curve_starts_at_one_and_rises_strictly():
    assert game.xp_to_reach(1) == 0 and game.xp_to_reach(0) == 0
    reach = [game.xp_to_reach(n) for n in range(1, 300)]
    assert all(b > a for a, b in pairwise(reach))


@given(st.integers(1, 500))
def test_level_spans_do_not_shrink_much(level):
    # gentle but not flattening: each level takes at least as long as the first one did
    assert game.xp_to_reach(level + 1) - game.xp_to_reach(level) >= game.xp_to_reach(2) - game.xp_to_reach(1)


@given(st.integers(-1000, 10**9))
def test_level_for_is_consistent_with_xp_to_reach(xp):
    lv = game.level_for(xp)
    clamped = max(0, xp)
    assert lv.level >= 1 and lv.xp == clamped
    assert game.xp_to_reach(lv.level) <= clamped < game.xp_to_reach(lv.level + 1)
    assert lv.into == clamped - game.xp_to_reach(lv.level)
    assert lv.span == game.xp_to_reach(lv.level + 1) - game.xp_to_reach(lv.level)
    assert 0 < lv.to_next <= lv.span
    assert 0.0 <= lv.progress < 1.0


@given(st.integers(0, 10**8), st.integers(0, 10**6))
def test_level_is_monotone_in_xp(xp, more):
    assert game.level_for(xp + more).level >= game.level_for(xp).level


@pytest.mark.parametrize("level", [1, 2, 3, 10, 57, 400])
def test_reaching_the_threshold_reaches_the_level(level):
    at = game.xp_to_reach(level)
    assert game.level_for(at).level == level
    if level > 1:
        assert game.level_for(at - 1).level == level - 1


# ---- targets -------------------------------------------------------------------


@given(counts_st, targets_st)
def test_remaining_is_empty_exactly_when_targets_are_met(counts, targets):
    rem = game.remaining(counts, targets)
    assert (rem == {}) == game.targets_met(counts, targets)
    for k, n in rem.items():
        assert n > 0 and counts.get(k, 0) + n == targets[k]


# ---- streak --------------------------------------------------------------------


def s(daily, today=THU2, off=(), targets=TARGETS, targets_on=None):
    return game.streak(daily, targets, today, off, targets_on)


def test_streak_counts_consecutive_met_working_days():
    daily = {d: MET for d in (MON2, TUE2, WED2, THU2)}
    assert s(daily) == 4


def test_a_weekend_does_not_break_a_streak():
    daily = {d: MET for d in (WED, THU, FRI, MON2, TUE2, WED2, THU2)}
    assert s(daily) == 7
    # on the weekend itself, the streak still stands (Saturday is not a working day)
    assert s({d: MET for d in (THU, FRI)}, today=SUN) == 2


def test_weekend_work_neither_counts_nor_breaks():
    daily = {FRI: MET, SAT: MET, SUN: SHORT, MON2: MET}
    assert s(daily, today=MON2) == 2


def test_a_holiday_or_day_off_does_not_break_a_streak():
    daily = {d: MET for d in (MON2, WED2, THU2)}
    assert s(daily) == 2  # Tuesday missed: broken
    assert s(daily, off={TUE2}) == 3
    assert s({MON2: MET}, today=TUE2, off={TUE2}) == 1  # today a holiday


def test_an_unfinished_today_does_not_break_it_but_a_missed_day_does():
    daily = {MON2: MET, TUE2: MET, WED2: MET, THU2: SHORT}
    assert s(daily) == 3
    assert s({MON2: MET, TUE2: MET, WED2: MET}) == 3  # nothing logged yet today
    daily = {MON2: MET, TUE2: SHORT, WED2: MET, THU2: MET}
    assert s(daily) == 2
    assert s({MON2: MET, TUE2: MET}) == 0  # Wednesday (yesterday) missed


def test_a_day_without_activity_never_counts_even_with_zero_targets():
    zero = {k: 0 for k in FUNNEL}
    assert s({MON2: {}, TUE2: {"call": 0}}, today=TUE2, targets=zero) == 0
    assert s({MON2: {"call": 1}, TUE2: {"call": 1}}, today=TUE2, targets=zero) == 2


def test_streak_uses_the_targets_in_force_each_day():
    daily = {MON2: {"call": 5}, TUE2: {"call": 5}, WED2: {"call": 10}, THU2: {"call": 10}}

    def targets_on(day):
        return {"call": 5} if day < WED2 else {"call": 10}

    assert s(daily, targets={"call": 10}, targets_on=targets_on) == 4
    assert s(daily, targets={"call": 10}) == 2  # judged by today's targets, Mon/Tue fall short


def reference_streak(daily, targets, today, off):
    """Straightforward restatement: walk back over working days only."""
    n, d = 0, today
    horizon = min(daily) if daily else today
    while d >= horizon:
        if is_working_day(d, off):
            c = daily.get(d, {})
            if game.targets_met(c, targets) and any(c.values()):
                n += 1
            elif d != today:
                break
        d -= timedelta(days=1)
    return n


@settings(max_examples=300)
@given(
    st.dictionaries(st.integers(0, 40), st.sampled_from([MET, SHORT, {}]), max_size=41),
    st.sets(st.integers(0, 40), max_size=6),
    st.integers(0, 40),
)
def test_streak_matches_a_reference(day_offsets, off_offsets, today_offset):
    base = date(2026, 10, 1)
    daily = {base + timedelta(days=k): v for k, v in day_offsets.items()}
    off = {base + timedelta(days=k) for k in off_offsets}
    today = base + timedelta(days=today_offset)
    daily = {d: c for d, c in daily.items() if d <= today}
    got = s(daily, today=today, off=off)
    assert got == reference_streak(daily, TARGETS, today, off)
    # never longer than the met working days on record
    assert got <= sum(1 for d, c in daily.items() if is_working_day(d, off) and c is MET)


@given(st.integers(1, 60), st.integers(0, 400))
def test_n_met_working_days_in_a_row_make_a_streak_of_n(n, start_offset):
    start = date(2025, 1, 1) + timedelta(days=start_offset)
    daily, d = {}, start
    while len(daily) < n:
        if is_working_day(d):
            daily[d] = MET
        d += timedelta(days=1)
    last = max(daily)
    assert s(daily, today=last) == n
    # the next working day, still unfinished, keeps it
    nxt = last + timedelta(days=1)
    while not is_working_day(nxt):
        nxt += timedelta(days=1)
    assert s(daily, today=nxt) == n
