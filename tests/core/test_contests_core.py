"""The contest rules (issue 23), pure: status, windows, scoring, ties, teams, time zones."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdash.core import contests as c
from repdash.core.contests import Contest, Entrant

D = dt.date
DEC1 = D(2026, 12, 1)  # a Tuesday


def days(start: dt.date, seq: list[dict[str, int]]) -> dict[dt.date, dict[str, int]]:
    return {start + dt.timedelta(days=i): counts for i, counts in enumerate(seq) if counts}


def rep(rep_id: str, name: str, today: dt.date, counts: dict[dt.date, dict[str, int]]) -> Entrant:
    return Entrant(rep_id, name, today, counts)


BLITZ = Contest("December call blitz", "call", start=DEC1, end=D(2026, 12, 7))


def test_status_through_a_contests_life():
    assert c.status(BLITZ, D(2026, 11, 30)) == "upcoming"
    assert c.status(BLITZ, DEC1) == "running"
    assert c.status(BLITZ, D(2026, 12, 7)) == "running"  # the end date is inclusive
    assert c.status(BLITZ, D(2026, 12, 8)) == "ended"
    assert c.status(BLITZ._replace(state="proposed"), DEC1) == "proposed"
    assert c.status(BLITZ._replace(state="cancelled", reason="typo"), DEC1) == "cancelled"
    assert c.started(BLITZ, DEC1) and not c.started(BLITZ, D(2026, 11, 30))
    assert not c.started(BLITZ._replace(state="proposed"), DEC1)


def test_count_ranks_with_ties_sharing_a_place_and_winners_at_the_tie():
    today = D(2026, 12, 3)
    ents = [
        rep("a", "Ana", today, days(DEC1, [{"call": 5}, {"call": 5}])),  # 10
        rep("b", "Ben", today, days(DEC1, [{"call": 8}])),  # 8
        rep("c", "Cy", today, days(DEC1, [{"call": 4}, {"call": 4}])),  # 8
        rep("d", "Dee", today, days(DEC1, [{"call": 7}])),  # 7
        rep("e", "Eve", today, {}),  # 0
    ]
    board = c.standings(BLITZ._replace(winners=2), ents, today)
    assert [(r.name, r.score, r.place, r.winner) for r in board.rows] == [
        ("Ana", 10, 1, True),
        ("Ben", 8, 2, True),
        ("Cy", 8, 2, True),  # a tie at the last winning place wins too
        ("Dee", 7, 4, False),
        ("Eve", 0, 5, False),
    ]
    assert board.rows[0].rep_id == "a" and board.window == c.Window(DEC1, D(2026, 12, 7))


def test_days_outside_the_window_and_after_the_reps_today_do_not_count():
    e = rep("a", "Ana", D(2026, 12, 2), {D(2026, 11, 30): {"call": 50}, DEC1: {"call": 2}, D(2026, 12, 8): {"call": 9}})
    assert c.standings(BLITZ, [e], D(2026, 12, 9)).rows[0].score == 2


def test_points_weigh_each_kind():
    ct = Contest("Points", "points", start=DEC1, end=DEC1, weights={"call": 1, "pitch": 3, "commit": 5, "deal": 10})
    e = rep("a", "Ana", DEC1, {DEC1: {"call": 4, "pitch": 2, "commit": 1, "deal": 1, "one_on_one": 9}})
    assert c.standings(ct, [e], DEC1).rows[0].score == 4 + 6 + 5 + 10
    assert c.parse_weights("call=2, deal=10") == {"call": 2, "pitch": 0, "commit": 0, "deal": 10}
    for bad in ("call", "lunch=3", "call=-1", "call=x", "call=0", f"call={c.MAX_WEIGHT + 1}"):
        with pytest.raises(ValueError):
            c.parse_weights(bad)


def test_percent_of_standard_lets_roles_compete_fairly():
    # Tue 1 .. Thu 3: three working days. Ana's target 10 a day, Ben's 40: 27 of 30 beats 100 of 120.
    ct = BLITZ._replace(scoring="standard")
    today = D(2026, 12, 3)
    ents = [
        rep("a", "Ana", today, days(DEC1, [{"call": 9}] * 3)),
        rep("b", "Ben", today, days(DEC1, [{"call": 34}, {"call": 33}, {"call": 33}])),
    ]
    board = c.standings(ct, ents, today, {"a": {"call": 10}, "b": {"call": 40}})
    assert [(r.name, r.score) for r in board.rows] == [("Ana", 90.0), ("Ben", 83.3)]
    # No target: 0 %, never a division by zero.
    assert c.standings(ct, ents, today).rows[0].score == 0.0


def test_improvement_is_over_the_reps_own_last_four_weeks():
    ct = BLITZ._replace(scoring="improvement")
    today = D(2026, 12, 2)  # two days into the window
    before = DEC1 - dt.timedelta(days=28)
    steady = {before + dt.timedelta(days=i): {"call": 10} for i in range(28)}  # 10 a day
    quiet = {before + dt.timedelta(days=i): {"call": 1} for i in range(28)}  # 1 a day
    ents = [
        rep("a", "Ana", today, steady | days(DEC1, [{"call": 12}, {"call": 12}])),  # 24 - 20 = +4
        rep("b", "Ben", today, quiet | days(DEC1, [{"call": 6}, {"call": 6}])),  # 12 - 2 = +10
        rep("n", "New", today, days(DEC1, [{"call": 3}])),  # no history: 3 - 0
    ]
    board = c.standings(ct, ents, today)
    assert [(r.name, r.score) for r in board.rows] == [("Ben", 10.0), ("Ana", 4.0), ("New", 3.0)]
    # A day 29 days back is outside the baseline.
    old = rep("o", "Old", today, {DEC1 - dt.timedelta(days=29): {"call": 280}})
    assert c.standings(ct, [old], today).rows[0].score == 0.0


def test_teams_total_their_members_and_share_places():
    ct = BLITZ._replace(teams=c.parse_teams("East:Ana,Ben;West:Cy,Dee"), goal=30)
    today = D(2026, 12, 2)
    ents = [
        rep("a", "Ana", today, {DEC1: {"call": 5}}),
        rep("b", "Ben", today, {DEC1: {"call": 6}}),
        rep("c", "Cy", today, {DEC1: {"call": 10}}),
        rep("d", "Dee", today, {DEC1: {"call": 1}}),
        rep("x", "Xavier", today, {DEC1: {"call": 99}}),  # on no team: not in the contest
    ]
    board = c.standings(ct, ents, today)
    # A tie shares the place; the order within it is by name.
    assert [(t.team, t.score, t.place) for t in board.teams] == [("East", 11, 1), ("West", 11, 1)]
    assert {r.team for r in board.rows} == {"East", "West"} and all(r.rep_id is None for r in board.rows)
    assert [r.name for r in board.reps] == ["Cy", "Ben", "Ana", "Dee"]
    assert board.goal == c.Goal(22, 30, 22 / 30, False)
    view = c.viewer_view(ct, board, "d", dt.datetime(2026, 12, 2, 12, tzinfo=ZoneInfo("Europe/Berlin")))
    assert view.place == 1 and view.score == 11 and view.ahead is None


def test_parse_teams_refuses_what_cannot_be_a_team():
    for bad in ("East:Ana,Ben", "East:;West:Cy", ":Ana;West:Cy", "East:Ana;east:Cy", "East Ana;West:Cy"):
        with pytest.raises(ValueError):
            c.parse_teams(bad)


def test_a_participant_list_names_people_by_name_or_id():
    ct = BLITZ._replace(participants=("ana", "c"))
    today = D(2026, 12, 2)
    ents = [rep("a", "Ana", today, {}), rep("b", "Ben", today, {}), rep("c", "Cy", today, {})]
    assert sorted(r.name for r in c.standings(ct, ents, today).rows) == ["Ana", "Cy"]


def test_a_rep_in_another_zone_counts_their_own_local_dates():
    # Tokyo's 1 December starts while it is still 30 November in New York: each rep's counts are
    # keyed by their own local date, and the contest's dates are dates in each rep's calendar.
    ct = Contest("One day", "call", start=DEC1, end=DEC1)
    tokyo = rep("t", "Tomo", D(2026, 12, 2), {D(2026, 11, 30): {"call": 50}, DEC1: {"call": 4}})
    ny = rep("n", "Nia", DEC1, {D(2026, 11, 30): {"call": 1}, DEC1: {"call": 5}})
    board = c.standings(ct, [tokyo, ny], D(2026, 12, 1))
    assert [(r.name, r.score) for r in board.rows] == [("Nia", 5), ("Tomo", 4)]
    # Time left is to the end of the window in the viewer's own zone.
    ny_now = dt.datetime(2026, 12, 1, 18, tzinfo=ZoneInfo("America/New_York"))
    assert c.time_left(ct, ny_now) == dt.timedelta(hours=6)
    tokyo_now = ny_now.astimezone(ZoneInfo("Asia/Tokyo"))  # already 2 December there
    assert c.time_left(ct, tokyo_now) is None


def test_repeat_windows_follow_the_day_and_the_iso_week():
    daily = Contest("Daily dials", "call", start=DEC1, every="day")
    weekly = Contest("Weekly", "deal", start=D(2026, 12, 2), every="week")
    assert c.window(daily, D(2026, 12, 5)) == c.Window(D(2026, 12, 5), D(2026, 12, 5))
    assert c.window(weekly, D(2026, 12, 9)) == c.Window(D(2026, 12, 7), D(2026, 12, 13))
    assert c.window(weekly, D(2026, 12, 3)) == c.Window(D(2026, 11, 30), D(2026, 12, 6))
    assert c.previous_window(weekly, D(2026, 12, 9)) == c.Window(D(2026, 11, 30), D(2026, 12, 6))
    assert c.previous_window(weekly, D(2026, 12, 3)) is None  # its first week
    assert c.status(daily, D(2030, 1, 1)) == "running" and c.status(daily, D(2026, 11, 30)) == "upcoming"
    e = rep("a", "Ana", D(2026, 12, 5), {D(2026, 12, 4): {"call": 9}, D(2026, 12, 5): {"call": 2}})
    assert c.standings(daily, [e], D(2026, 12, 5)).rows[0].score == 2
    # The last finished window is frozen once it is over everywhere, plus a day of grace.
    utc = dt.UTC
    assert c.repeat_freeze_due(weekly, dt.datetime(2026, 12, 8, 11, 59, tzinfo=utc)) is None
    assert c.repeat_freeze_due(weekly, dt.datetime(2026, 12, 8, 12, tzinfo=utc)) == c.Window(
        D(2026, 11, 30), D(2026, 12, 6)
    )
    assert c.repeat_freeze_due(daily, dt.datetime(2026, 12, 5, 12, tzinfo=utc)) == c.Window(
        D(2026, 12, 3), D(2026, 12, 3)
    )


def test_freeze_waits_until_the_end_date_is_over_everywhere_and_a_day_more():
    utc = dt.UTC
    assert not c.freeze_due(BLITZ, dt.datetime(2026, 12, 9, 11, 59, tzinfo=utc))
    assert c.freeze_due(BLITZ, dt.datetime(2026, 12, 9, 12, tzinfo=utc))
    assert not c.freeze_due(BLITZ._replace(state="cancelled"), dt.datetime(2027, 1, 1, tzinfo=utc))


def test_the_viewer_sees_place_score_who_to_pass_and_time_left():
    today = D(2026, 12, 3)
    ents = [
        rep("a", "Ana", today, {DEC1: {"call": 12}}),
        rep("b", "Ben", today, {DEC1: {"call": 9}}),
        rep("c", "Cy", today, {DEC1: {"call": 7}}),
    ]
    board = c.standings(BLITZ, ents, today)
    now = dt.datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    v = c.viewer_view(BLITZ, board, "c", now)
    assert (v.place, v.score, v.ahead, v.to_pass, v.of) == (3, 7, "Ben", 3, 3)
    assert v.pass_text() == "3 calls to pass Ben"
    assert v.time_left == dt.timedelta(days=4, hours=15) and v.winning
    top = c.viewer_view(BLITZ, board, "a", now)
    assert top.place == 1 and top.pass_text() is None
    assert c.viewer_view(BLITZ, board, "zz", now).place is None
    one = c.viewer_view(
        BLITZ, c.standings(BLITZ, ents[1:] + [rep("d", "Dee", today, {DEC1: {"call": 8}})], today), "d", now
    )
    assert one.pass_text() == "2 calls to pass Ben"


counts_st = st.dictionaries(st.sampled_from(c.KINDS), st.integers(0, 50), max_size=4)
entrant_st = st.builds(
    lambda i, name, today_off, seq: rep(f"r{i}", name, DEC1 + dt.timedelta(days=today_off), days(D(2026, 11, 1), seq)),
    st.integers(0, 30),
    st.sampled_from(["Ana", "Ben", "Cy", "ana", "Dee"]),
    st.integers(0, 10),
    st.lists(counts_st, max_size=40),
)


@given(
    st.lists(entrant_st, max_size=12, unique_by=lambda e: e.rep_id),
    st.sampled_from(c.SCORINGS),
    st.sampled_from(c.METRICS),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_standings_are_a_function_of_the_entries_alone(ents, scoring, metric, teams, rnd: random.Random):
    ct = Contest("X", metric, scoring=scoring, start=DEC1, end=D(2026, 12, 7), winners=2, goal=100)
    if teams:
        ct = ct._replace(teams=(("East", ("Ana", "r1", "r2")), ("West", ("Ben", "Cy", "r3"))))
    targets = {e.rep_id: {"call": 3, "deal": 1} for e in ents[::2]}
    first = c.standings(ct, ents, D(2026, 12, 5), targets)
    shuffled = list(ents)
    rnd.shuffle(shuffled)
    assert c.standings(ct, shuffled, D(2026, 12, 5), targets) == first
    places = [r.place for r in first.rows]
    assert places == sorted(places)
    scores = [r.score for r in first.rows]
    assert scores == sorted(scores, reverse=True)
    for a, b in zip(first.rows, first.rows[1:], strict=False):
        assert (a.place == b.place) == (a.score == b.score)


def test_nobody_wins_with_nothing_to_show():
    """A winning place needs a score above 0: two reps who logged nothing share first place but no prize."""
    today = D(2026, 12, 3)
    ents = [rep("a", "Ana", today, {}), rep("b", "Ben", today, {})]
    board = c.standings(BLITZ, ents, today)
    assert [(r.place, r.winner) for r in board.rows] == [(1, False), (1, False)]
