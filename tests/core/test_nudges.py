"""The core rule of when repdash speaks outside its window (core/nudges.py): plain values in, notices out."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repdash.core import nudges
from repdash.core.nudges import Memory, Moment, Settings, due

BERLIN = ZoneInfo("Europe/Berlin")
TARGETS = {"call": 40, "pitch": 10, "commit": 3, "deal": 1}


def at(hh: int, mm: int = 0, day: int = 3) -> datetime:
    return datetime(2026, 12, day, hh, mm, tzinfo=BERLIN)  # Thursday 3 December 2026


def moment(local, today=None, streak=0, team=None, working_day=True, targets=TARGETS) -> Moment:
    return Moment(local, working_day, today or {}, targets, streak, team)


def kinds(notices) -> list[str]:
    return [n.kind for n in notices]


def test_a_target_crossed_is_said_once_and_every_target_once():
    before = moment(at(10), {"call": 39})
    after = moment(at(10, 1), {"call": 40})
    notices, memory = due(before, after, Settings(), Memory())
    assert [(n.kind, n.title) for n in notices] == [("target", "Calls target reached")]
    # Undo and log again: not said twice.
    again, memory = due(moment(at(10, 2), {"call": 39}), moment(at(10, 3), {"call": 40}), Settings(), memory)
    assert again == []
    full = {"call": 40, "pitch": 10, "commit": 3, "deal": 0}
    done = dict(full, deal=1)
    notices, _ = due(moment(at(11), full), moment(at(11, 1), done), Settings(), memory)
    assert [n.title for n in notices] == ["Every target hit today"]


def test_nothing_from_the_first_look_but_what_the_clock_makes_due():
    assert due(None, moment(at(10), {"call": 40}), Settings(), Memory())[0] == []


def test_midday_says_so_when_under_half_of_the_targets_once_on_a_working_day():
    behind = {"call": 10, "pitch": 2}
    notices, memory = due(None, moment(at(12, 5), behind), Settings(), Memory())
    assert kinds(notices) == ["midday"]
    assert notices[0].body == "11% of today's targets by midday: +3 commitments to go."
    assert due(None, moment(at(12, 40), behind), Settings(), memory)[0] == []
    # Not before noon, not after 13:00, not on a day off, not when half is done.
    for m in (
        moment(at(11, 59), behind),
        moment(at(13, 0), behind),
        moment(at(12, 5), behind, working_day=False),
        moment(at(12, 5), {"call": 40, "pitch": 10}),
    ):
        assert due(None, m, Settings(), Memory())[0] == [], m


def test_the_streak_at_risk_comes_at_the_chosen_time_only_with_a_streak_and_targets_not_met():
    mine = Settings(streak_at=time(15, 30))
    notices, _ = due(None, moment(at(15, 30), {"call": 5}, streak=4), mine, Memory())
    assert kinds(notices) == ["streak_risk"] and "4 days" in notices[0].body
    assert due(None, moment(at(16, 0), {"call": 5}, streak=4), Settings(), Memory())[0][0].kind == "streak_risk"
    for m in (
        moment(at(15, 29), {"call": 5}, streak=4),
        moment(at(16, 30), {"call": 5}, streak=0),
        moment(at(15, 45), {"call": 5}, streak=4, working_day=False),
        moment(at(15, 45), {"call": 40, "pitch": 10, "commit": 3, "deal": 1}, streak=4),
    ):
        assert due(None, m, mine, Memory())[0] == [], m


def test_quiet_mode_off_mode_quiet_hours_and_switches_silence():
    crossing = (moment(at(10), {"call": 39}), moment(at(10, 1), {"call": 40}))
    for quiet in (Settings(quiet=True), Settings(mode="off"), Settings(off=frozenset({"target"}))):
        assert due(*crossing, quiet, Memory())[0] == []
    late = (moment(at(18), {"call": 39}), moment(at(18, 1), {"call": 40}))
    assert due(*late, Settings(), Memory())[0] == []  # default hours end at 18:00
    assert kinds(due(*late, Settings(hours=(time(7), time(20))), Memory())[0]) == ["target"]
    early = (moment(at(7, 59), {"call": 39}), moment(at(7, 59, day=3), {"call": 40}))
    assert due(*early, Settings(), Memory())[0] == []


def test_teammates_deals_are_batched_and_named_and_never_mine_or_the_first_look():
    first = moment(at(9), team={"a": ("Ana", 1)})
    notices, memory = due(None, first, Settings(), Memory())
    assert notices == []  # deals already on the board at start-up are not news
    m2 = moment(at(9, 1), team={"a": ("Ana", 2), "b": ("Ben\x1b]0;pwned\x07", 1)})
    notices, memory = due(first, m2, Settings(), memory)
    assert [(n.title, n.body) for n in notices] == [("2 deals on the team", "Ana, Ben closed deals.")]
    m3 = moment(at(9, 5), team={"a": ("Ana", 3), "b": ("Ben", 1)})
    notices, memory = due(m2, m3, Settings(), memory)
    assert notices == [] and memory.pending == {"a": ("Ana", 1)}  # within 10 minutes: held
    m4 = moment(at(9, 11), team=m3.team_deals)
    notices, memory = due(m3, m4, Settings(), memory)
    assert [(n.title, n.body) for n in notices] == [("Deal on the team", "Ana closed a deal.")]


def test_a_deal_count_that_fell_or_a_new_day_is_not_news():
    m1 = moment(at(17), team={"a": ("Ana", 3)})
    m2 = moment(at(17, 30), team={"a": ("Ana", 0)})
    assert due(m1, m2, Settings(), Memory())[0] == []
    m3 = moment(at(9, day=4), team={"a": ("Ana", 1)})
    assert due(moment(at(17, 59), team={}), m3, Settings(), Memory())[0] == []


def test_many_teammates_are_summed_up():
    team = {str(i): (f"Rep {i}", 1) for i in range(5)}
    notice = nudges.team_deal_notice(team)
    assert notice.title == "5 deals on the team"
    assert notice.body == "Rep 0, Rep 1, Rep 2 and 2 more closed deals."


def test_team_deals_from_a_board_view_leave_out_me_managers_hidden_and_stale_reps():
    view = {
        "date": "2026-12-03",
        "reps": [
            {"rep_id": "me", "name": "Me", "today": {"deal": 2}},
            {"rep_id": "m", "name": "Boss", "manager": True, "today": {"deal": 1}},
            {"rep_id": "h", "name": "Hidden", "hidden": True, "today": {"deal": 1}},
            {"rep_id": "s", "name": "Stale", "stale": True, "today": {"deal": 1}},
            {"rep_id": "a", "name": "Ana", "today": {"deal": 1}},
            {"rep_id": "b", "name": "Ben", "today": {"deal": 0}},
        ],
    }
    assert nudges.team_deals(view, "me", "2026-12-03") == {"a": ("Ana", 1)}
    assert nudges.team_deals(view, "me", "2026-12-04") is None  # a view from yesterday: not today's deals
    assert nudges.team_deals(None, "me", "2026-12-03") is None


@pytest.mark.parametrize("bad", ["18:00-08:00", "8:00-18:00", "08:00", "08:00-", "aa:bb-18:00", "08:00-24:00"])
def test_hours_must_be_a_forward_window(bad):
    with pytest.raises(ValueError):
        nudges.parse_hours(bad)


def test_the_contest_hook_says_nothing_until_contests_exist():
    assert nudges.contest_notices(None, moment(at(10))) == []


team_steps = st.lists(
    st.tuples(st.integers(min_value=0, max_value=400), st.dictionaries(st.sampled_from("abcd"), st.integers(0, 3))),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(team_steps)
def test_at_most_one_teammate_notice_per_ten_minutes_and_no_deal_lost(steps):
    """Any run of looks (seconds apart, deal counts going up): notices 10 minutes apart at least,
    and every deal told once the pending batch is flushed."""
    now = at(9)
    previous = moment(now, team={}, targets={})
    memory = Memory()
    counts: dict[str, int] = {}
    told_at: list[datetime] = []
    told = 0
    for gap, bumps in steps:
        now = now + timedelta(seconds=gap)
        for rep, n in bumps.items():
            counts[rep] = counts.get(rep, 0) + n
        current = moment(now, team={r: (r.upper(), n) for r, n in counts.items()}, targets={})
        notices, memory = due(previous, current, Settings(), memory)
        for notice in notices:
            assert notice.kind == "team_deal"
            told_at.append(now)
            told += int(notice.title.split()[0]) if notice.title[0].isdigit() else 1
        previous = current
    assert all(b - a >= nudges.TEAM_DEAL_EVERY for a, b in zip(told_at, told_at[1:], strict=False))
    later = now + nudges.TEAM_DEAL_EVERY
    notices, memory = due(previous, moment(later, team=previous.team_deals, targets={}), Settings(), memory)
    told += sum(int(n.title.split()[0]) if n.title[0].isdigit() else 1 for n in notices)
    assert told == sum(counts.values())
