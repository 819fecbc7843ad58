"""Weekly team quests from team-file rep summaries."""

from __future__ import annotations

from datetime import date, timedelta

from repdash.core import quests

TODAY = date(2026, 11, 26)  # Thu, ISO week 48
MON = date(2026, 11, 23)
STD = {"call": 40, "pitch": 8}


def rep(name, per_day, *, manager=False, week=None, today=None):
    days = [MON + timedelta(days=i) for i in range(4)]
    recent = {
        "days": [d.isoformat() for d in days],
        "counts": {k: [per_day[i].get(k, 0) for i in range(4)] for k in ("call", "pitch")},
    }
    wk = week or {k: sum(d.get(k, 0) for d in per_day) for k in ("call", "pitch")}
    return {
        "name": name,
        "date": TODAY.isoformat(),
        "today": today or per_day[3],
        "week": wk,
        "targets": {"call": 30, "pitch": 6},
        "at_standard": False,
        "recent": recent,
        "manager": manager,
    }


AT = {"call": 40, "pitch": 8}
BELOW = {"call": 10, "pitch": 1}


def test_days_at_standard_from_recent():
    r = rep("Ana", [AT, BELOW, AT, AT])
    assert quests.days_at_standard(r, STD, TODAY) == 3
    # A holiday on Tuesday takes it out of the week
    assert quests.days_at_standard(r, STD, TODAY, off={MON + timedelta(days=1)}) == 3


def test_days_at_standard_from_week_totals_when_no_recent():
    r = {"name": "Bo", "date": TODAY.isoformat(), "today": AT, "week": {"call": 125, "pitch": 30}}
    assert quests.days_at_standard(r, STD, TODAY) == 3


def test_standard_days_quest_progress_and_completion():
    team = [rep("Ana", [AT, AT, AT, AT]), rep("Bo", [AT, BELOW, AT, AT]), rep("Manager", [BELOW] * 4, manager=True)]
    q = quests.weekly_quest(team, STD, TODAY, kind=quests.STANDARD_DAYS)
    assert q.title == "Everyone at standard 4 of 5 days"
    assert q.reps_total == 2 and q.reps_done == 1  # the manager plays their own standard
    assert q.goal == 8 and q.current == 7
    assert not q.done and 0.8 < q.progress < 0.9
    assert "1 of 2 reps there" in q.line

    team[1] = rep("Bo", [AT, BELOW, AT, AT], today=AT)
    team[1]["recent"]["counts"]["call"][1] = 40
    team[1]["recent"]["counts"]["pitch"][1] = 8
    done = quests.weekly_quest(team, STD, TODAY, kind=quests.STANDARD_DAYS)
    assert done.done and "complete" in done.line
    assert quests.just_completed(q, done)
    assert not quests.just_completed(done, done)


def test_holiday_shortens_the_goal():
    team = [rep("Ana", [AT, AT, AT, AT])]
    q = quests.weekly_quest(team, STD, TODAY, off={date(2026, 11, 27)}, kind=quests.STANDARD_DAYS)
    assert q.title == "Everyone at standard 3 of 4 days"
    assert q.done


def test_no_standard_uses_own_targets():
    team = [rep("Ana", [{"call": 30, "pitch": 6}] * 4)]
    q = quests.weekly_quest(team, None, TODAY, kind=quests.STANDARD_DAYS)
    assert q.parts[0].value == 4


def test_team_pitches_quest_lets_stars_carry():
    team = [rep("Ana", [{"pitch": 20}] * 4), rep("Bo", [{"pitch": 2}] * 4)]
    q = quests.weekly_quest(team, STD, TODAY, kind=quests.TEAM_PITCHES)
    assert q.goal == 72  # 0.9 * 8 * 5 * 2
    assert q.current == 88 and q.done


def test_everyone_commits_quest():
    team = [rep("Ana", [AT] * 4, week={"commit": 5}), rep("Bo", [AT] * 4, week={"commit": 1})]
    q = quests.weekly_quest(team, STD, TODAY, kind=quests.EVERYONE_COMMITS)
    assert q.current == 3 and q.goal == 4 and not q.done  # Ana's extra commitments cannot cover Bo
    assert q.reps_done == 1


def test_rotation_is_by_iso_week_and_stable():
    kinds = {quests.quest_kind_for(TODAY + timedelta(days=7 * i)) for i in range(3)}
    assert kinds == set(quests.ROTATION)
    assert quests.quest_kind_for(MON) == quests.quest_kind_for(TODAY)
    assert quests.iso_week(TODAY) == "2026-W48"


def test_no_players_no_quest():
    assert quests.weekly_quest([], STD, TODAY) is None
    assert quests.weekly_quest([rep("M", [AT] * 4, manager=True)], STD, TODAY) is None


def test_parts_are_not_ranked():
    team = [rep("Zed", [BELOW] * 4), rep("Ana", [AT] * 4)]
    q = quests.weekly_quest(team, STD, TODAY, kind=quests.STANDARD_DAYS)
    assert [p.name for p in q.parts] == ["Zed", "Ana"]


def test_days_at_standard_from_board_trend_flags():
    r = {
        "name": "Cy",
        "date": TODAY.isoformat(),
        "today": AT,
        "week": {"call": 999, "pitch": 999},
        "trend": [True, False, True],
        "trend_days": [(MON + timedelta(days=i)).isoformat() for i in range(3)],
    }
    assert quests.days_at_standard(r, STD, TODAY) == 3  # Mon, Wed and today


def test_stale_today_does_not_count():
    r = rep("Ana", [AT, AT, AT, AT])
    r["recent"] = {"days": r["recent"]["days"][:3], "counts": {k: v[:3] for k, v in r["recent"]["counts"].items()}}
    assert quests.days_at_standard(r, STD, TODAY) == 4
    r["date"] = (TODAY - timedelta(days=1)).isoformat()  # last synced yesterday: today shows zero
    assert quests.days_at_standard(r, STD, TODAY) == 3
