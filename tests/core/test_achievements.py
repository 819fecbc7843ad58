"""Every achievement rule: one history where it fires, one where it must not."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from repdash.core import achievements as ach
from repdash.core.achievements import Context

TARGETS = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
FULL = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
LOW = {"call": 20, "pitch": 3, "commit": 1, "deal": 0}
TODAY = date(2026, 11, 26)  # Thursday


def wd_back(n: int, end: date = TODAY, off=()) -> list[date]:
    """The n working days ending at `end`, oldest first."""
    out, d = [], end
    while len(out) < n:
        if d.weekday() < 5 and d not in off:
            out.append(d)
        d -= timedelta(days=1)
    return list(reversed(out))


def earned_ids(history, today=TODAY, off=(), context=None, targets=TARGETS) -> set[str]:
    return {e.id for e in ach.evaluate(history, targets, today, off, context)}


def fires(rule: str, history, **kw) -> bool:
    return rule in earned_ids(history, **kw)


def test_at_least_twelve_with_name_rule_icon():
    assert len(ach.ACHIEVEMENTS) >= 12
    assert len({a.id for a in ach.ACHIEVEMENTS}) == len(ach.ACHIEVEMENTS)
    for a in ach.ACHIEVEMENTS:
        assert a.name and a.rule and a.icon
        assert len(a.icon) <= 2 and "\n" not in a.rule
    assert {"quality"} <= {a.category for a in ach.ACHIEVEMENTS}


# ---- first log
def test_first_log():
    assert fires("first_log", {TODAY: {"call": 1}})
    assert not fires("first_log", {})
    assert not fires("first_log", {TODAY: {"call": 0}})


# ---- on target
def test_on_target():
    assert fires("on_target", {TODAY: dict(FULL)})
    assert not fires("on_target", {TODAY: {"call": 80, "pitch": 8, "commit": 3, "deal": 0}})


# ---- full funnel
def test_full_funnel():
    assert fires("full_funnel", {TODAY: {"call": 1, "pitch": 1, "commit": 1, "deal": 1}})
    assert not fires("full_funnel", {TODAY: {"call": 100, "pitch": 30, "commit": 9}})


# ---- hat trick
def test_hat_trick():
    assert fires("hat_trick", {TODAY: {"commit": 3}})
    # Three commitments spread over two days is not a hat trick.
    assert not fires("hat_trick", {TODAY: {"commit": 2}, TODAY - timedelta(days=1): {"commit": 1}})


# ---- early bird
def test_early_bird():
    h = {TODAY: dict(FULL)}
    assert fires("early_bird", h, context=Context(first_times={TODAY: time(8, 5)}))
    assert not fires("early_bird", h, context=Context(first_times={TODAY: time(8, 45)}))
    # Starting early but not finishing the day earns nothing.
    assert not fires("early_bird", {TODAY: LOW}, context=Context(first_times={TODAY: time(7, 30)}))


def test_first_times_skips_imports():
    class E:
        def __init__(self, at, source="key"):
            self.at, self.date, self.source = at, at[:10], source

    got = ach.first_times(
        [E("2026-11-26T09:10:00+01:00"), E("2026-11-26T08:02:00+01:00"), E("2026-11-26T06:00:00+01:00", "import")]
    )
    assert got == {TODAY: time(8, 2)}


# ---- streaks
def test_streak_5():
    assert fires("streak_5", {d: dict(FULL) for d in wd_back(5)})
    h = {d: dict(FULL) for d in wd_back(5)}
    h[wd_back(5)[2]] = LOW  # a weak Tuesday breaks it
    assert not fires("streak_5", h)


def test_streak_5_across_weekend_and_holiday():
    # Thu 19 .. Thu 26 Nov with Mon 23 a holiday: Thu, Fri, (weekend), (holiday), Tue, Wed, Thu = 5 working days.
    holiday = date(2026, 11, 23)
    days = [date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 24), date(2026, 11, 25), TODAY]
    h = {d: dict(FULL) for d in days}
    assert fires("streak_5", h, off={holiday})
    # Without the holiday configured, the empty Monday breaks the streak.
    assert not fires("streak_5", h)


def test_streak_20():
    days = wd_back(20)
    assert fires("streak_20", {d: dict(FULL) for d in days})
    assert not fires("streak_20", {d: dict(FULL) for d in days[1:]})


def test_streak_20_with_pto_week():
    pto = set(wd_back(5, end=date(2026, 11, 13)))  # a week of days off in the middle
    days = wd_back(20, off=pto)
    assert fires("streak_20", {d: dict(FULL) for d in days}, off=pto)
    assert not fires("streak_20", {d: dict(FULL) for d in days})


# ---- personal best
def test_personal_best_is_not_bought_with_calls():
    days = wd_back(7)
    h = {d: {"call": 40, "pitch": 8} for d in days[:-1]}
    h[days[-1]] = {"call": 400, "pitch": 8}
    assert not fires("personal_best", h)


def test_personal_best():
    days = wd_back(7)
    h = {d: {"call": 40, "pitch": 8} for d in days[:-1]}
    h[days[-1]] = {"call": 40, "pitch": 8, "commit": 1}
    assert fires("personal_best", h)
    # The best ever is on an earlier day: today only ties.
    h2 = {d: {"call": 40, "pitch": 8} for d in days}
    assert not fires("personal_best", h2)
    # Too little history: the very first days are not a "personal best".
    assert not fires("personal_best", {d: {"call": i} for i, d in enumerate(wd_back(3), 1)})


# ---- comeback
def test_comeback():
    days = wd_back(6)
    h = {days[0]: dict(FULL), days[1]: LOW, days[2]: LOW, days[3]: LOW, days[4]: dict(FULL)}
    assert fires("comeback", h, today=days[4])
    # Only two days below: not a comeback.
    h2 = {days[0]: dict(FULL), days[1]: dict(FULL), days[2]: LOW, days[3]: LOW, days[4]: dict(FULL)}
    assert not fires("comeback", h2, today=days[4])


def test_comeback_uses_team_standard():
    days = wd_back(5)
    standard = {"call": 20}
    h = {days[0]: {"call": 5}, days[1]: {"call": 5}, days[2]: {"call": 5}, days[3]: {"call": 25}}
    assert fires("comeback", h, today=days[3], context=Context(standard=standard))
    assert not fires("comeback", h, today=days[3], context=Context(standard={"call": 30}))


# ---- most improved
def _weeks(monday: date, per_day: dict, n_weeks: int) -> dict:
    h = {}
    for w in range(n_weeks):
        for i in range(5):
            h[monday + timedelta(days=7 * w + i)] = dict(per_day)
    return h


def test_most_improved():
    this_monday = date(2026, 11, 23)
    h = _weeks(this_monday - timedelta(days=28), {"call": 30, "pitch": 5, "commit": 1}, 4)  # 160/day, 800/week
    h[this_monday] = {"call": 40, "pitch": 8, "commit": 3}  # 340 funnel XP
    h[this_monday + timedelta(days=1)] = {"call": 40, "pitch": 8, "commit": 2}  # 620 so far
    assert not fires("most_improved", h, today=this_monday + timedelta(days=1))
    h[this_monday + timedelta(days=2)] = {"call": 40, "pitch": 8, "commit": 4}  # 1020 >= 1.25 * 800
    assert fires("most_improved", h, today=this_monday + timedelta(days=2))


def test_most_improved_needs_four_weeks():
    this_monday = date(2026, 11, 23)
    h = _weeks(this_monday - timedelta(days=14), {"call": 10}, 2)
    h[this_monday] = {"deal": 5}
    assert not fires("most_improved", h, today=this_monday)


# ---- quality: sharp shooter (pitch per call) and converter (commit per pitch)
def _baseline(monday: date, per_day: dict) -> dict:
    return {d: dict(per_day) for d in wd_back(20, end=monday - timedelta(days=3))}


def test_sharp_shooter_fires_on_better_conversion():
    monday = date(2026, 11, 23)
    h = _baseline(monday, {"call": 40, "pitch": 8})  # 20 % pitch rate
    for i in range(3):
        h[monday + timedelta(days=i)] = {"call": 30, "pitch": 8}  # 26.7 %
    assert fires("sharp_shooter", h)


def test_sharp_shooter_padding_calls_earns_nothing():
    monday = date(2026, 11, 23)
    h = _baseline(monday, {"call": 40, "pitch": 8})
    for i in range(4):
        h[monday + timedelta(days=i)] = {"call": 120, "pitch": 8}  # triple the calls, same pitches
    assert not fires("sharp_shooter", h)
    # ... and padding earns no other badge either (no personal best, no most improved).
    assert earned_ids(h) <= {"first_log"}


def test_sharp_shooter_needs_volume():
    monday = date(2026, 11, 23)
    h = _baseline(monday, {"call": 40, "pitch": 8})
    h[monday] = {"call": 5, "pitch": 4}  # 80 % on five calls is luck, not a week
    assert not fires("sharp_shooter", h)


def test_converter():
    monday = date(2026, 11, 23)
    h = _baseline(monday, {"pitch": 10, "commit": 2})  # 20 %
    h[monday] = {"pitch": 10, "commit": 4}
    assert fires("converter", h)
    h[monday] = {"pitch": 10, "commit": 2}
    assert not fires("converter", h)


# ---- rainmaker
def test_rainmaker():
    monday = date(2026, 11, 23)
    h = {monday + timedelta(days=i): {"deal": 1} for i in range(4)}
    assert not fires("rainmaker", h)
    h[TODAY] = {"deal": 2}
    assert fires("rainmaker", h)
    # Five deals spread across two weeks do not count.
    h2 = {monday - timedelta(days=3): {"deal": 3}, monday: {"deal": 2}}
    assert not fires("rainmaker", h2)


# ---- team player
def test_team_player():
    h = {TODAY: {"call": 1}}
    assert fires("team_player", h, context=Context(team_quest_done=True))
    assert not fires("team_player", h, context=Context(team_quest_done=False))


# ---- evaluation helpers
def test_evaluate_dates_first_time_earned():
    days = wd_back(3)
    h = {days[0]: {"call": 1}, days[1]: dict(FULL), days[2]: dict(FULL)}
    got = {e.id: e.day for e in ach.evaluate(h, TARGETS, TODAY)}
    assert got["first_log"] == days[0]
    assert got["on_target"] == days[1]


def test_newly_earned_is_once():
    h = {TODAY: dict(FULL)}
    first = ach.newly_earned(set(), h, TARGETS, TODAY, since=TODAY)
    ids = {e.id for e in first}
    assert {"first_log", "on_target", "full_funnel", "hat_trick"} <= ids
    assert ach.newly_earned(ids, h, TARGETS, TODAY, since=TODAY) == []
    rec = first[0].as_record()
    assert rec["date"] == TODAY.isoformat() and rec["id"] == first[0].id


def test_newly_earned_since_today_ignores_old_days():
    old = TODAY - timedelta(days=7)
    h = {old: {"commit": 3}, TODAY: {"call": 1}}
    assert "hat_trick" not in {e.id for e in ach.newly_earned(set(), h, TARGETS, TODAY, since=TODAY)}
    assert "hat_trick" in {e.id for e in ach.newly_earned(set(), h, TARGETS, TODAY)}


def test_targets_changing_over_time():
    days = wd_back(2)
    h = {days[0]: {"call": 10}, days[1]: {"call": 10}}

    def targets_on(d):
        return {"call": 10} if d == days[0] else {"call": 50}

    got = {e.id: e.day for e in ach.evaluate(h, targets_on, TODAY)}
    assert got["on_target"] == days[0]


@pytest.mark.parametrize("a", ach.ACHIEVEMENTS, ids=lambda a: a.id)
def test_progress_is_sane_for_every_rule(a):
    days = wd_back(30)
    h = {d: {"call": 35, "pitch": 7, "commit": 2} for d in days}
    p = ach.progress(h, TARGETS, TODAY)[a.id]
    assert 0.0 <= p.fraction <= 1.0
    assert p.text


def test_progress_counts_up():
    p = ach.progress({TODAY: {"commit": 2}}, TARGETS, TODAY)
    assert p["hat_trick"].current == 2 and p["hat_trick"].goal == 3
    assert p["full_funnel"].current == 1
    days = wd_back(3)
    p = ach.progress({d: dict(FULL) for d in days}, TARGETS, TODAY)
    assert p["streak_5"].current == 3 and p["streak_5"].fraction == pytest.approx(0.6)
