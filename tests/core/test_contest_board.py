"""What the contest screens show (issue 23), as plain functions: the dashboard card's pick and words,
the countdown, the TV's list, the lead and win celebrations, and the contest notices (core.nudges)."""

from __future__ import annotations

import datetime as dt

from contest_views import CALLS, contests

from repdash.core import nudges
from repdash.services import contest_board as cb

BERLIN = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 11, 26, 10, 30, tzinfo=BERLIN)
ME = "me" + "a" * 30


def test_the_card_is_the_running_contest_ending_soonest_with_who_to_pass():
    card = cb.dashboard_card(contests(ME, NOW), ME, NOW)
    assert card is not None
    assert (card.name, card.place, card.of, card.score) == ("December call blitz", 2, 5, "139 calls")
    assert card.chase == "4 calls to pass Ben Okafor"
    assert card.more == 1  # East vs West ends later
    assert card.prize == "Team dinner at [b]Nobu[/b]"  # untrusted text is kept as it is (shown literally)
    assert card.seconds_left == (2 * 24 + 13) * 3600 + 30 * 60 and not card.last_hour


def test_the_leader_reads_by_how_much_and_a_tie_shares_the_lead():
    lead = cb.dashboard_card(contests(ME, NOW, dict(CALLS, **{"Ben Okafor": 100})), ME, NOW)
    assert lead is not None and lead.place == 1 and lead.chase == "you lead by 19 calls" and lead.winning
    tie = cb.dashboard_card(contests(ME, NOW, dict(CALLS, **{"Ben Okafor": 139})), ME, NOW)
    assert tie is not None and tie.place == 1 and tie.chase == "you share the lead"


def test_no_card_for_a_rep_in_no_running_contest_or_without_a_view():
    assert cb.dashboard_card(contests(ME, NOW), "someone-else", NOW) is None
    assert cb.dashboard_card(None, ME, NOW) is None
    assert cb.dashboard_card({"contests": "not a list"}, ME, NOW) is None
    broken = {"contests": [{"name": "x", "status": "running"}]}  # a view from another version: skipped
    assert cb.dashboard_card(broken, ME, NOW) is None


def test_the_last_hour_and_the_countdown_words():
    late = dt.datetime(2026, 11, 28, 23, 20, tzinfo=BERLIN)
    card = cb.dashboard_card(contests(ME, late), ME, late)
    assert card is not None and card.last_hour and card.seconds_left == 40 * 60
    assert [cb.countdown(s) for s in (None, 30, 600, 3 * 3600 + 5 * 60, 2 * 86400 + 3600)] == [
        "",
        "<1m",
        "10m",
        "3h 05m",
        "2d 1h",
    ]


def test_the_tv_shows_running_contests_and_winners_for_a_day_after_the_end():
    names = [c["name"] for c in cb.on_tv(contests(ME, NOW), NOW)]
    assert names == ["December call blitz", "East vs West", "November deals"]  # ended on the 25th
    later = NOW + dt.timedelta(days=1)
    assert "November deals" not in [c["name"] for c in cb.on_tv(contests(ME, later), later)]


def test_taking_the_lead_is_cheered_once_and_winning_is_known():
    second = cb.dashboard_card(contests(ME, NOW), ME, NOW)
    first = cb.dashboard_card(contests(ME, NOW, dict(CALLS, **{"Ben Okafor": 100})), ME, NOW)
    assert cb.cheers(second, first) == [("You took the lead!", "December call blitz")]
    assert cb.cheers(first, first) == [] and cb.cheers(None, first) == []  # not on the first look
    view = contests(ME, NOW)
    assert cb.won(view, ME) == ["November deals"]  # 2nd of 3 winners (ended); the running ones are not won yet
    dev = next(r["rep_id"] for r in view["contests"][3]["standings"] if r["name"] == "Dev Patel")
    assert cb.won(view, dev) == []  # 5th


def _moment(contests, at=NOW):
    return nudges.Moment(at, True, {}, {}, 0, None, contests=tuple(nudges.ContestMoment(*c) for c in contests))


def test_contest_notices_take_the_lead_and_the_last_hour():
    before = _moment([("Blitz [b]x[/b]", 2, 7200)])
    after = _moment([("Blitz [b]x[/b]", 1, 3500)])
    said = nudges.contest_notices(before, after)
    assert [(n.kind, n.title) for n in said] == [
        ("contest", "You took the lead"),
        ("contest", "Contest ends in 1 hour"),
    ]
    assert "Blitz [b]x[/b]" in said[0].body  # the name literally (cleaned of escapes only)
    assert nudges.contest_notices(after, after) == []  # said once: no change, no notice
    assert [n.title for n in nudges.contest_notices(None, after)] == ["Contest ends in 1 hour"]  # a late start


def test_contest_notices_follow_quiet_mode_and_the_off_switch():
    before, after = _moment([("Blitz", 2, 7200)]), _moment([("Blitz", 1, 7000)])
    loud = nudges.make_settings("terminal", False, "08:00-18:00", "16:00", {})
    assert [n.kind for n in nudges.due(before, after, loud, nudges.Memory())[0]] == ["contest"]
    quiet = nudges.make_settings("terminal", True, "08:00-18:00", "16:00", {})
    assert nudges.due(before, after, quiet, nudges.Memory())[0] == []
    off = nudges.make_settings("terminal", False, "08:00-18:00", "16:00", {"contest": False})
    assert nudges.due(before, after, off, nudges.Memory())[0] == []


def test_won_contests_are_kept_in_the_trophy_case_once(store):
    from repdash.services import contest_wins

    view = contests(ME, NOW)
    new = contest_wins.record(store, view, ME)
    assert [(w["name"], w["place"], w["end"]) for w in new] == [("November deals", 2, "2026-11-25")]
    assert contest_wins.record(store, view, ME) == []  # kept already: celebrated once
    assert contest_wins.wins(store) == new
    assert contest_wins.record(store, view, "someone-else") == [] and contest_wins.record(store, None, ME) == []


def test_the_tv_countdown_reads_days_and_hours_until_the_last_day():
    from repdash.ui.screens.team_tv_contests import big_clock

    assert big_clock(2 * 86400 + 13 * 3600 + 59) == "2d 13h"
    assert big_clock(86400) == "1d 0h"
    assert big_clock(86399) == "23:59"
    assert big_clock(40 * 60) == "0:40"
    assert big_clock(-5) == "0:00"


def test_the_tv_caption_says_when_the_window_ends_not_the_countdown_again():
    import datetime as dt

    from repdash.ui.screens.team_tv_contests import clock_caption

    wed = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)  # the window ends with Friday 4 Dec
    to_end = int((dt.datetime(2026, 12, 5, tzinfo=dt.UTC) - wed).total_seconds())
    assert clock_caption(to_end, wed) == "left · ends Fri 4 Dec"
    fri = dt.datetime(2026, 12, 4, 18, 46, tzinfo=dt.UTC)
    assert clock_caption(5 * 3600 + 14 * 60, fri) == "left · ends at midnight"
    assert clock_caption(5 * 3600, dt.datetime(2026, 12, 4, 18, 46, 30, tzinfo=dt.UTC)) == ("left · ends at 23:46")
    assert clock_caption(3600, fri) == " LAST HOUR! "


def test_a_managers_contests_tab_shows_crm_shares_once_a_rep_has_one():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from contest_views import contests

    from repdash.ui.screens.team_contests import contests_text

    now = dt.datetime(2026, 11, 26, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    view = contests("nobody", now) | {"authority": True}
    assert "82% CRM" in contests_text(view, now, 120, None).plain  # Ana imports from a CRM
    assert "CRM" not in contests_text(view | {"authority": False}, now, 120, None).plain  # a rep's tab
    for x in view["contests"]:  # a team where nobody imports: no column of dashes
        for r in (*x["standings"], *x["reps"]):
            r["crm_backed_week_pct"] = None
    assert "CRM" not in contests_text(view, now, 120, None).plain
