"""Level titles, quarterly seasons, prestige after level 25, and the streak freeze."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from repdash.core import game, seasons, titles

TARGETS = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
FULL = dict(TARGETS)


def test_titles_climb_and_never_run_out():
    assert titles.title_for(1) == "Rookie"
    assert titles.title_for(3) == "Prospector"
    assert titles.title_for(12) == "Closer"
    assert titles.title_for(25) == "Legend"
    assert titles.title_for(29) == "Legend"
    assert titles.title_for(30) == "Legend II"
    assert titles.title_for(35) == "Legend III"
    assert titles.title_for(0) == "Rookie"
    names = [titles.title_for(lv) for lv in range(1, 80)]
    assert len(set(names)) > 15  # something new to reach well past 25


def test_next_title():
    assert titles.next_title(1) == (3, "Prospector")
    assert titles.next_title(26) == (30, "Legend II")


def test_prestige_stars_after_level_25():
    at25 = game.xp_to_reach(25)
    assert seasons.prestige_stars(at25 - 1) == 0
    assert seasons.prestige_stars(at25 + seasons.PRESTIGE_XP - 1) == 0
    assert seasons.prestige_stars(at25 + seasons.PRESTIGE_XP) == 1
    assert seasons.prestige_stars(at25 + 3 * seasons.PRESTIGE_XP) == 3


def test_lifetime_keeps_all_quarters():
    h = {date(2026, 3, 2): FULL, date(2026, 11, 2): FULL}
    life = seasons.lifetime(h, TARGETS)
    assert life.xp == 2 * game.xp_of_day(FULL, TARGETS)
    assert life.level == game.level_for(life.xp).level
    assert life.label.startswith(f"Level {life.level} · ")


def test_lifetime_label_shows_stars():
    xp = game.xp_to_reach(25) + 2 * seasons.PRESTIGE_XP
    # 1 day at a huge deal count reaches it
    deals = xp // game.xp_for("deal") + 1
    life = seasons.lifetime({date(2026, 11, 2): {"deal": deals}}, {})
    assert life.stars >= 2 and "✦✦" in life.label


def test_season_of():
    assert seasons.season_of(date(2026, 11, 26)) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert seasons.season_of(date(2026, 1, 1))[0] == "2026-Q1"


def test_season_xp_resets_each_quarter_lifetime_does_not():
    q3_day, q4_day = date(2026, 9, 30), date(2026, 10, 1)
    h = {q3_day: FULL, q4_day: FULL}
    s = seasons.season_summary(h, TARGETS, q4_day)
    assert s.id == "2026-Q4"
    assert s.xp == game.xp_of_day(FULL, TARGETS)
    assert seasons.lifetime(h, TARGETS).xp == 2 * s.xp


def test_season_summary_counts():
    today = date(2026, 11, 26)
    days = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), today]
    h = {d: dict(FULL) for d in days}
    h[date(2026, 11, 24)] = {"call": 10}
    s = seasons.season_summary(h, TARGETS, today)
    assert s.active_days == 4 and s.target_days == 3
    assert s.best_streak == 2
    assert s.totals["deal"] == 3
    assert not s.finished
    assert s.working_days == 66 and s.working_days_done == 41
    assert s.name == "Q4 2026 · Year-End Rally"
    text = "\n".join(s.lines())
    assert "Q4 2026" in text and "3 deals" in text and "season level" in text


def test_season_tier_is_paced_by_working_days():
    today = date(2026, 10, 2)  # Fri: two working days into Q4
    h = {date(2026, 10, 1): FULL, today: FULL}
    assert seasons.season_summary(h, TARGETS, today).tier in ("Gold", "Platinum")
    sparse = {date(2026, 10, 1): {"call": 10}}
    assert seasons.season_summary(sparse, TARGETS, date(2026, 10, 30)).tier == "Bronze"


# ---- streak freeze (game.streak, which seasons and achievements build on)


def test_streak_freeze_across_weekend():
    fri, mon = date(2026, 11, 20), date(2026, 11, 23)
    h = {fri: FULL, mon: FULL}
    assert game.streak(h, TARGETS, mon) == 2


def test_streak_freeze_across_holiday_and_weekend():
    thu, fri, tue = date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 24)
    holiday = date(2026, 11, 23)
    h = {thu: FULL, fri: FULL, tue: FULL}
    assert game.streak(h, TARGETS, tue, off={holiday}) == 3
    assert game.streak(h, TARGETS, tue) == 1  # without the holiday, Monday breaks it


def test_streak_freeze_across_pto_week():
    pto = {date(2026, 11, 16) + timedelta(days=i) for i in range(5)}
    h = {date(2026, 11, 13): FULL, date(2026, 11, 23): FULL}
    assert game.streak(h, TARGETS, date(2026, 11, 23), off=pto) == 2


def test_unfinished_today_does_not_break_streak():
    h = {date(2026, 11, 25): FULL, date(2026, 11, 26): {"call": 3}}
    assert game.streak(h, TARGETS, date(2026, 11, 26)) == 1


@pytest.mark.parametrize("level", [1, 5, 24, 25, 26, 40, 100])
def test_title_is_short_enough_for_the_card(level):
    assert len(titles.title_for(level)) <= 18
