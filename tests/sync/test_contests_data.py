"""Contest data from the team location is untrusted (issue 23): the days and proposals in a rep's
entry and the records in the manifest are validated, bounded, and a bad one never stops the rest."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from repdash.core import contests as c
from repdash.services import contests as sv
from repdash.sync import contests as sc
from repdash.sync.teamfile import MAX_CONTEST_DAYS, validate_entry

ENTRY = {
    "rep_id": "ana",
    "rev": 1,
    "name": "Ana",
    "tz": "Europe/Berlin",
    "date": "2026-12-02",
    "last_sync": "2026-12-02T10:00:00+01:00",
    "today": {"call": 3},
    "week": {"call": 3},
    "targets": {"call": 10},
}
GOOD = c.to_json(c.Contest("Blitz", "call", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 3)))


def test_contest_days_round_trip_and_hostile_days_make_the_entry_invalid():
    e = validate_entry("ana", ENTRY | {"contest_days": {"2026-12-01": {"call": 4, "deal": 1}}})
    assert e is not None and e.contest_days == {dt.date(2026, 12, 1): {"call": 4, "deal": 1}}
    assert e.to_json()["contest_days"] == {"2026-12-01": {"call": 4, "deal": 1}}
    assert validate_entry("ana", ENTRY).contest_days == {}  # older entries carry none
    assert "contest_days" not in validate_entry("ana", ENTRY).to_json()
    for bad in (
        {"2026-12-01": {"call": -1}},
        {"2026-12-01": {"call": 10**12}},
        {"2026-12-01": {"call": True}},
        {"2026-13-01": {"call": 1}},
        {"1999-12-31": {"call": 1}},
        {"2026-12-01": {"Call!": 1}},
        {"2026-12-01": [1]},
        [1, 2],
        {(dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat(): {"call": 1} for i in range(MAX_CONTEST_DAYS + 1)},
    ):
        assert validate_entry("ana", ENTRY | {"contest_days": bad}) is None, bad


def test_proposals_in_an_entry_are_bounded_and_must_be_proposals():
    prop = GOOD | {"state": "proposed", "proposed_by": "Ana"}
    e = validate_entry("ana", ENTRY | {"contest_proposals": [prop]})
    assert e is not None and e.contest_proposals[0].name == "Blitz"
    assert validate_entry("ana", ENTRY | {"contest_proposals": [prop] * (sc.MAX_PROPOSALS + 1)}) is None
    assert validate_entry("ana", ENTRY | {"contest_proposals": [GOOD]}) is None  # "accepted" by a rep: no


def test_each_bad_record_is_dropped_and_counted_the_rest_stand():
    bad = [
        GOOD | {"name": "A", "winners": 0},
        GOOD | {"name": "B", "goal": -1},
        GOOD | {"name": "C", "metric": "lunch"},
        GOOD | {"name": "D", "end": "2026-11-01"},  # before its start
        GOOD | {"name": "E", "end": "2028-01-01"},  # longer than a year
        GOOD | {"name": "F", "every": "week"},  # a repeat has no end
        GOOD | {"name": "x" * (c.MAX_NAME + 1)},
        GOOD | {"name": "G", "weights": {"call": 10**6}},
        GOOD | {"name": "H", "teams": [["East", ["Ana"]]]},  # one team is no team contest
        GOOD
        | {
            "name": "I",
            "results": [{"window": ["2026-12-01", "2026-12-03"], "frozen_at": "x", "by": "", "standings": []}],
        },
        GOOD
        | {
            "name": "J",
            "results": [
                {
                    "window": ["2026-12-01", "2026-12-03"],
                    "frozen_at": "2026-12-05T10:00:00+00:00",
                    "by": "Mia",
                    "standings": [{"name": "Ana", "rep_id": "ana", "score": float("nan"), "place": 1}],
                }
            ],
        },
        "not a record",
        GOOD,  # the same name twice: the first stands
    ]
    records, dropped = sc.records([GOOD, *bad])
    assert [r.contest.name for r in records] == ["Blitz"] and dropped == len(bad)
    assert sc.records(None) == ([], 0) and sc.records({"x": 1}) == ([], 1)


def test_escape_sequences_in_names_are_dropped_markup_stays_literal():
    rec = sc.record_of(GOOD | {"name": "Blitz\x1b[31m", "prize": "[bold]Lunch[/]"})
    assert rec is not None and rec.contest.name == "Blitz" and rec.contest.prize == "[bold]Lunch[/]"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=20,
)


@given(
    st.lists(st.dictionaries(st.sampled_from(list(GOOD) + ["results", "teams", "weights"]), json_values), max_size=4)
)
def test_any_record_shape_is_read_or_dropped_never_raised(raws):
    records, dropped = sc.records([GOOD | r for r in raws])
    assert len(records) + dropped == len(raws)


def test_the_card_from_a_cached_board_view():
    rec = sc.record_of(GOOD)
    assert rec is not None

    def entry(rep_id, name, calls):
        return validate_entry(
            rep_id, ENTRY | {"rep_id": rep_id, "name": name, "contest_days": {"2026-12-01": {"call": calls}}}
        )

    entries = [entry("ana", "Ana", 4), entry("ben", "Ben", 7), entry("cy", "Cy", 12)]
    now = dt.datetime(2026, 12, 2, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    view = json.loads(json.dumps(sv.contest_view(rec, entries, now, "Europe/Berlin")))  # as cached
    card = sv.card(view, "ana", now)
    assert card is not None and (card.place, card.score, card.ahead) == (3, 4, "Ben")
    assert card.pass_text() == "4 calls to pass Ben" and card.time_left == dt.timedelta(days=1, hours=9)
    assert sv.card(view | {"status": "ended"}, "ana", now) is None
