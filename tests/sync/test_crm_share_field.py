"""The published "% CRM-backed this week" (`crm_backed_week_pct`) in a rep's entry: untrusted input,
validated like every optional field (a present but invalid value invalidates the entry; absent or null
is an older client or a rep without a CRM import), and as the board and each viewer see it."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from teamfile_data import TODAY, doc, entry, rid

from repdash.core import board, visibility
from repdash.sync import teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")
KEY = "crm_backed_week_pct"


def _parsed(value, *, absent: bool = False):
    raw = entry(1, "Ana", {"call": 30, "deal": 1})
    if not absent:
        raw[KEY] = value
    # json.dumps writes NaN and Infinity as the stdlib reader (and a hostile writer) would
    return teamfile.parse(json.dumps(doc([raw])).encode())


@pytest.mark.parametrize("value", [0, 1, 50, 99, 100])
def test_a_whole_percentage_is_kept_and_written_back(value):
    got = _parsed(value).valid[rid(1)]
    assert got.crm_backed_week_pct == value
    assert got.to_json()[KEY] == value
    again = teamfile.parse(teamfile.serialize(_parsed(value))).valid[rid(1)]
    assert again.crm_backed_week_pct == value


def test_absent_or_null_is_none_and_stays_absent():
    for parsed in (_parsed(None, absent=True), _parsed(None)):
        got = parsed.valid[rid(1)]
        assert got.crm_backed_week_pct is None and KEY not in got.to_json()


@pytest.mark.parametrize(
    "value",
    [101, -1, 2**63, "90", "", True, False, 1e9, 90.0, 0.5, math.nan, math.inf, -math.inf, [90], {"pct": 90}],
    ids=repr,
)
def test_a_hostile_share_invalidates_the_entry(value):
    parsed = _parsed(value)
    assert rid(1) not in parsed.valid and parsed.skipped_count == 1


@settings(max_examples=300, deadline=None)
@given(
    value=st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=5)
    | st.lists(st.integers(), max_size=2)
)
def test_only_a_whole_number_0_to_100_passes(value):
    got = _parsed(value).valid.get(rid(1))
    ok = value is None or (type(value) is int and 0 <= value <= 100)
    assert (got is not None) == ok, value
    if got is not None:
        assert got.crm_backed_week_pct == value


def _view(crm: dict[int, int | None], now=NOW):
    entries = []
    for n, pct in crm.items():
        raw = entry(n, f"Rep {n}", {"call": 30, "deal": 1}, manager=n == 9)
        if pct is not None:
            raw[KEY] = pct
        entries.append(teamfile.validate_entry(rid(n), raw))
    return board.build_view(entries, None, now)


def test_the_board_row_carries_the_share_of_the_reps_own_week_only():
    rows = {r["rep_id"]: r for r in _view({1: 82, 2: None})["reps"]}
    assert (rows[rid(1)][KEY], rows[rid(2)][KEY]) == (82, None)
    assert board.team_json(_view({1: 82}))["reps"][0][KEY] == 82
    # the same entries seen the next Monday: the week the share was of has turned
    monday = NOW + timedelta(days=4)
    assert TODAY.weekday() == 3 and all(r[KEY] is None for r in _view({1: 82}, monday)["reps"])
    # later the same week it still stands (the rep's own local week)
    assert _view({1: 82}, NOW + timedelta(days=1))["reps"][0][KEY] == 82


def test_a_manager_sees_every_share_and_a_rep_only_their_own():
    view = _view({1: 82, 2: 40, 9: 10})
    mgr = {r["rep_id"]: r[KEY] for r in visibility.for_viewer(view, rid(9), manager=True, board="ranked")["reps"]}
    assert mgr == {rid(1): 82, rid(2): 40, rid(9): 10}
    rep = {r["rep_id"]: r[KEY] for r in visibility.for_viewer(view, rid(2), manager=False, board="ranked")["reps"]}
    assert rep == {rid(1): None, rid(2): 40, rid(9): None}
    assert view["reps"][0][KEY] is not None  # for_viewer copies: the manager's view is untouched


def test_a_contest_standing_shows_the_share_to_a_manager_and_to_the_rep_it_is_about():
    from repdash.services.contests import with_crm_shares

    def seen(viewer_id, manager):
        view = {"standings": [{"name": "Ana", "rep_id": rid(1)}, {"name": "Ben", "rep_id": rid(2)}, {"team": "East"}]}
        with_crm_shares([view], {rid(1): 75, rid(2): None}, viewer_id, manager)
        return [r.get(KEY, "absent") for r in view["standings"]]

    assert seen(rid(9), True) == [75, None, "absent"]  # a team's row has no share
    assert seen(rid(1), False) == [75, None, "absent"]
    assert seen(rid(2), False) == [None, None, "absent"]
    assert seen(None, False) == [None, None, "absent"]
    assert visibility.sees_manager_only(rid(1), rid(1), manager=False)
    assert not visibility.sees_manager_only(rid(1), None, manager=False)
