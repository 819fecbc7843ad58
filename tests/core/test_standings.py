"""Issue 20 (standings a manager can stand behind), 26.4 (streak one day late), 25.3 (freezes):
each example of the issue pinned with its numbers, through the core, the board and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from teamfile_data import STANDARD, doc, entry

from repdash.core import coaching, game
from repdash.core import salesmath as sm
from repdash.core.kinds import FUNNEL
from repdash.core.targets import targets_in_force
from repdash.core.workdays import elapsed_fraction, working_days
from repdash.services import team_sync
from repdash.sync import teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


@pytest.fixture
def rep(run_cli):
    assert run_cli("init", "--name", "Ana", "--quota", "15", "--tz", "Europe/Berlin", "--start", "2026-10-01").code == 0


REP_STD = {k: n for k, n in STANDARD.items() if k in FUNNEL}


def view(data: dict) -> dict:
    return team_sync.view_of(teamfile.parse(json.dumps(data).encode()), NOW, "Europe/Berlin")


def team(weak_targets: dict | None = None) -> dict:
    return doc(
        [
            entry(1, "Ana Smith", {"call": 42, "pitch": 9, "commit": 3, "deal": 1}),
            entry(2, "Ben Okafor", {"call": 36, "pitch": 7, "commit": 3, "deal": 1}),
            entry(3, "Cy Weak", {"call": 14, "pitch": 3, "commit": 1, "deal": 0}, targets=weak_targets),
        ]
    )


def ranks(v: dict) -> dict[str, int]:
    return {r["name"]: r["rank"] for r in v["reps"] if r["rank"]}


# ---- 1. one ranking rule no rep can game -------------------------------------------------------------
def test_lowering_own_targets_does_not_climb_the_board():
    before = view(team())
    after = view(team({"call": 5, "pitch": 1, "commit": 0, "deal": 0}))
    assert ranks(before)["Cy Weak"] == 3 and ranks(after)["Cy Weak"] == 3
    cy = next(r for r in after["reps"] if r["name"] == "Cy Weak")
    cy0 = next(r for r in before["reps"] if r["name"] == "Cy Weak")
    assert cy["week_pct"] == cy0["week_pct"] and cy["today_pct"] == cy0["today_pct"]
    assert cy["measured_on"] == REP_STD  # max(own, standard) per kind
    assert cy["proposal"] == {"call": 5, "pitch": 1, "commit": 0, "deal": 0}  # below the standard: proposals


ACTIVITY = st.fixed_dictionaries(
    {"call": st.integers(0, 80), "pitch": st.integers(0, 16), "commit": st.integers(0, 6), "deal": st.integers(0, 3)}
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(ACTIVITY, min_size=2, max_size=5),
    st.fixed_dictionaries({k: st.integers(0, 80) for k in FUNNEL}),
    st.data(),
)
def test_no_change_of_own_targets_moves_own_rank_up(histories, targets, data):
    """Random histories (each rep's daily average and today), one rep changes their own targets."""
    reps = [entry(i + 1, f"Rep {i + 1}", per_day, quota=15) for i, per_day in enumerate(histories)]
    who = data.draw(st.integers(0, len(reps) - 1))
    team_doc = doc(reps)
    base = ranks(view(team_doc))[f"Rep {who + 1}"]
    team_doc["reps"][reps[who]["rep_id"]]["targets"] = targets
    assert ranks(view(team_doc))[f"Rep {who + 1}"] >= base


# ---- 2. targets have effective dates ------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.fixed_dictionaries({k: st.integers(0, 50) for k in FUNNEL})), max_size=5),
    st.integers(0, 60),
    st.fixed_dictionaries({k: st.integers(0, 50) for k in FUNNEL}),
)
def test_no_target_change_alters_any_day_before_it(rows, change_at, new):
    start = date(2026, 10, 1)
    history = [
        {"date": (start + timedelta(days=d)).isoformat(), "at": str(i), "targets": t} for i, (d, t) in enumerate(rows)
    ]
    before = targets_in_force(history, {"call": 1})
    # A change is dated the day it is made: never before a change already recorded.
    change_day = max([d for d, _ in rows], default=0) + change_at
    changed = history + [{"date": (start + timedelta(days=change_day)).isoformat(), "at": "z", "targets": new}]
    after = targets_in_force(changed, new)
    for d in range(-5, change_day):
        day = start + timedelta(days=d)
        if history:
            assert after(day) == before(day)
        else:  # the first record: every day before it takes it (init's row, dated the start date)
            assert after(day) == new


def test_lowering_targets_after_importing_two_months_keeps_every_past_day(run_cli, home, tmp_path):
    run_cli("init", "--name", "Cy", "--tz", "Europe/Berlin")
    lines = ["at,kind,count"]
    for d in working_days(date(2026, 9, 28), date(2026, 11, 25)):
        for kind, n in {"call": 40, "pitch": 8, "commit": 3, "deal": 1}.items():
            lines.append(f"{d.isoformat()}T10:00:00+01:00,{kind},{n}")
    (tmp_path / "hist.csv").write_text("\n".join(lines) + "\n")
    assert run_cli("import", str(tmp_path / "hist.csv")).code == 0
    before = json.loads(run_cli("status", "--json").out)
    assert before["streak"] == 43  # every working day since 28 Sep met; today not yet
    assert run_cli("targets", "--call", "5", "--pitch", "1", "--commit", "0", "--deal", "0").code == 0
    after = json.loads(run_cli("status", "--json").out)
    assert (after["streak"], after["level"], after["xp"]) == (before["streak"], before["level"], before["xp"])


# ---- 3. pace from elapsed working time ----------------------------------------------------------------
def daily_deal_rep(until: date) -> dict:
    return {d: {"call": 25, "pitch": 5, "commit": 2, "deal": 1} for d in working_days(date(2026, 10, 1), until)}


CONFIG = {"quota": 15, "period": "month", "targets": {"call": 40, "pitch": 8, "commit": 3, "deal": 1}}


def test_the_projection_does_not_drop_at_midnight():
    daily = daily_deal_rep(date(2026, 12, 2))
    berlin = pendulum.timezone("Europe/Berlin")
    late = sm.math_report(
        CONFIG,
        daily,
        date(2026, 12, 2),
        elapsed_fraction_today=elapsed_fraction(pendulum.datetime(2026, 12, 2, 23, 59, tz=berlin)),
    )
    early = sm.math_report(
        CONFIG,
        daily,
        date(2026, 12, 3),
        elapsed_fraction_today=elapsed_fraction(pendulum.datetime(2026, 12, 3, 0, 1, tz=berlin)),
    )
    # Before: 23 "ahead" at 23:59, 15 "on pace" at 00:01 with nothing changed. Now 23 both times.
    assert (late["projected_deals"], late["pace"]) == (23, "ahead")
    assert (early["projected_deals"], early["pace"]) == (23, "ahead")
    assert early["elapsed_fraction_today"] == 0.0 and late["elapsed_fraction_today"] == 1.0


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2026, 1, 5), date(2027, 6, 1)), st.integers(0, 60), st.integers(0, 6))
def test_with_no_new_entries_the_projection_never_falls_across_midnight(day, calls, deals):
    daily = {
        d: {"call": calls, "pitch": calls // 5, "commit": calls // 12, "deal": deals % 2}
        for d in working_days(day - timedelta(days=40), day)
    }
    config = dict(CONFIG, default_rates=sm.BUILTIN_RATES)
    r1 = sm.math_report(config, daily, day, elapsed_fraction_today=1.0)
    r2 = sm.math_report(config, daily, day + timedelta(days=1), elapsed_fraction_today=0.0)
    if (
        sm.period_bounds(day, "month") == sm.period_bounds(day + timedelta(days=1), "month")
        and r1["rates"] == r2["rates"]
    ):
        assert r2["projected_deals"] >= r1["projected_deals"]


def test_first_working_day_of_a_period_is_starting_not_behind(run_cli, rep):
    res = run_cli("math", "--json", now="2026-12-01T08:00:00+01:00")
    r = json.loads(res.out)
    assert r["pace"] == "starting" and r["elapsed_fraction_today"] == 0.0
    text = run_cli("math", now="2026-12-01T08:00:00+01:00").out
    assert "today keeps you on pace" in text and "behind pace" not in text


# ---- 4. week prorated from the start date --------------------------------------------------------------
def test_a_rep_who_started_thursday_and_hit_everything_shows_100_not_25():
    new = entry(
        4,
        "Dee New",
        {"call": 0, "pitch": 0, "commit": 0, "deal": 0},
        today={"call": 40, "pitch": 8, "commit": 3, "deal": 1},
    )
    new["week"] = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
    new["start_date"] = "2026-11-26"
    new["quota_this_period"] = 3
    dee = next(r for r in view(doc([new]))["reps"] if r["name"] == "Dee New")
    assert dee["week_pct"] == 100.0  # before: 25.0 (her one day spread over the four days of the week)
    assert dee["week_from"] == "2026-11-26"


# ---- 5. coaching names an activity ----------------------------------------------------------------------
def test_coaching_names_calls_not_a_rounded_up_deal():
    avg = {"call": 24, "pitch": 7, "commit": 3, "deal": 0.6}
    assert (
        coaching.coaching_prompt(avg, {"call": 35, "pitch": 8, "commit": 3, "deal": 1}) == "+11 calls a day"
    )  # before: "+1 deal a day"
    at_std = {"call": 35, "pitch": 8, "commit": 3, "deal": 0.6}
    prompt = coaching.coaching_prompt(
        at_std, {"call": 35, "pitch": 8, "commit": 3, "deal": 1}, {"deal_per_commit": 0.25}, {"deal_per_commit": 0.4}
    )
    assert prompt == "commits → deals 25 % vs team 40 %"
    # a tie goes to the earlier kind, on the board and on the dashboard alike
    assert coaching.furthest_behind({"call": 4, "pitch": 1}, {"call": 40, "pitch": 10}) == "call"
    assert coaching.gap_line({"call": 36, "pitch": 9}, {"call": 40, "pitch": 10}) == "+4 calls to standard"


# ---- 6. targets land the bottleneck ---------------------------------------------------------------------
def test_targets_land_the_bottleneck_and_say_where_stages_do_not_fit():
    rates = dict(sm.BUILTIN_RATES)
    big = {"call": 240, "pitch": 8, "commit": 3, "deal": 1}
    # before: 128 of 15 (the calls stage alone: 240 x .028 = 6.72 a day x 19); now at most 1 a day
    assert sm.whole(sm.land_with_targets(big, 0, 19, rates)) == 19
    assert sm.whole(sm.land_with_targets({"call": 40, "pitch": 8, "commit": 3, "deal": 1}, 0, 21, rates)) == 21
    (m,) = sm.target_mismatches(big, rates)
    assert sm.mismatch_line(m) == "240 calls a day give 48 pitches at your rates; your pitch target is 8"


# ---- 7. undo stays on today -------------------------------------------------------------------------------
def test_undo_stays_on_today_names_older_days_and_undoes_imports_whole(run_cli, rep, tmp_path):
    assert run_cli("log", "call", "37", "--at", "2026-10-01T10:00").code == 0  # backfilled today
    run_cli("log", "pitch")
    (tmp_path / "a.csv").write_text(
        "at,kind,count\n2026-11-02T10:00:00+01:00,call,5\n2026-11-03T10:00:00+01:00,deal,1\n"
    )
    assert run_cli("import", str(tmp_path / "a.csv")).code == 0
    res = run_cli("undo", "--import")
    assert res.code == 0 and "2 entries dated 2026-11-02 to 2026-11-03" in res.out
    assert run_cli("undo").out.startswith("Removed 1 pitch")
    assert "2026-10-01" in run_cli("undo").out  # a backfill made today is today's to undo, and says its day
    res = run_cli("undo")
    assert res.code == 2 and "nothing to undo today" in res.err
    later = run_cli("undo", now="2026-11-27T09:00:00+01:00")  # yesterday's entries stay
    assert later.code == 2


def test_undo_day_names_the_day(run_cli, rep):
    run_cli("log", "call", "3", now="2026-11-25T10:00:00+01:00")
    assert run_cli("undo").code == 2
    res = run_cli("undo", "--day", "2026-11-25")
    assert res.code == 0 and "2026-11-25" in res.out


# ---- streak: one day late no more (26.4), freezes (25.3) ---------------------------------------------------
T = {"call": 1}


def met(days):
    return {d: {"call": 1} for d in days}


def test_a_missed_monday_breaks_the_streak_on_tuesday():
    daily = met(working_days(date(2026, 11, 16), date(2026, 11, 20)))  # five days hit, nothing on Monday 23rd
    assert game.streak(daily, T, date(2026, 11, 24)) == 0  # before: 5 on Tuesday, 0 on Wednesday
    assert game.streak(daily, T, date(2026, 11, 23)) == 5  # Monday itself is not over yet


def test_a_freeze_is_earned_per_ten_days_capped_at_two_and_used_on_a_missed_working_day():
    days = working_days(date(2026, 9, 1), date(2026, 11, 20))
    daily = met(days[:30])
    state = game.streak_state(daily, days[29], lambda d: T)
    assert (state.days, state.freezes) == (30, 2)  # three earned, at most two held
    gap = days[30]  # a missed working day
    after = game.streak_state(daily, gap, lambda d: T)
    assert (after.days, after.freezes, after.freeze_used_on) == (30, 1, gap)
    ten = working_days(date(2026, 9, 7), date(2026, 9, 18))  # Monday 7 to Friday 18 September
    weekend = game.streak_state(met(ten), ten[-1] + timedelta(days=2), lambda d: T)  # through Sunday
    assert weekend.freezes == 1 and weekend.freeze_used_on is None  # weekends need no freeze
    holiday = date(2026, 9, 21)
    kept = game.streak_state(met(ten), holiday, lambda d: T, off={holiday})
    assert kept.freezes == 1 and kept.days == 10  # a holiday never uses one


def test_status_json_carries_streak_freezes(run_cli, rep):
    r = json.loads(run_cli("status", "--json").out)
    assert r["streak_freezes"] == 0 and r["streak"] == 0


# ---- through the CLI and the TUI ---------------------------------------------------------------------
def test_team_json_ranks_the_lowered_targets_rep_third_with_coaching_on_calls(run_cli, tmp_path):
    from teamfile_data import write

    data = team({"call": 5, "pitch": 1, "commit": 0, "deal": 0})
    data["standard"]["kinds"] = {"call": 35, "pitch": 8, "commit": 3, "deal": 1}
    cy = next(e for e in data["reps"].values() if e["name"] == "Cy Weak")
    for kind, n in {"call": 24, "pitch": 7, "commit": 3}.items():  # averaging 24 calls a day, the rest near standard
        cy["recent"]["counts"][kind] = [n] * 19 + [cy["today"][kind]]
    path = write(tmp_path / "team.json", data)
    assert run_cli("init", "--name", "Maria", "--team-file", str(path), "--manager").code == 0
    res = run_cli("team", "--json")
    assert res.code == 0, res.err
    rows = {r["name"]: r for r in json.loads(res.out)["reps"]}
    assert rows["Cy Weak"]["rank"] == 3  # before: rank 1 at 150 % / 200 % of his lowered targets
    assert rows["Cy Weak"]["coaching"] == "+11 calls a day"  # before: "+1 deal a day"
    assert rows["Cy Weak"]["measured_on"] == {"call": 35, "pitch": 8, "commit": 3, "deal": 1}


def test_status_counts_the_week_from_the_start_date(run_cli):
    assert run_cli("init", "--name", "Dee", "--tz", "Europe/Berlin", "--start", "2026-11-26").code == 0
    r = json.loads(run_cli("status", "--json").out)
    assert r["week_working_days_so_far"] == 1  # Thursday is her first day: not 4


def test_undo_import_as_a_real_process(run_cli_process, tmp_path):
    assert run_cli_process("init", "--name", "Ana", "--tz", "Europe/Berlin").code == 0
    (tmp_path / "a.csv").write_text(
        "at,kind,count\n2026-11-02T10:00:00+01:00,call,5\n2026-11-02T11:00:00+01:00,pitch,1\n"
    )
    assert run_cli_process("import", str(tmp_path / "a.csv")).code == 0
    res = run_cli_process("undo")
    assert res.code == 2 and res.out == "" and "nothing to undo today" in res.err
    res = run_cli_process("undo", "--import")
    assert res.code == 0 and res.err == ""
    assert res.out == "Removed the newest import: 2 entries dated 2026-11-02.\n"
    res = run_cli_process("undo", "--import", "--day", "2026-11-02")
    assert res.code == 2 and "not both" in res.err


async def test_u_in_the_dashboard_never_reaches_into_yesterday(store, frozen_now):
    from repdash.store.local import LocalStore
    from repdash.ui.app import RepdashApp

    yesterday = frozen_now.subtract(days=1)
    store.log("call", now=yesterday, at=yesterday)
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
    assert LocalStore(store.home).day_counts(yesterday.in_timezone(store.tz).date()) == {"call": 1}


@settings(max_examples=60, deadline=None)
@given(
    st.dates(date(2026, 1, 1), date(2028, 12, 1)),
    st.sampled_from(["week", "month", "quarter"]),
    st.floats(0, 1),
    st.booleans(),
)
def test_on_a_periods_first_day_before_any_entry_the_pace_is_not_behind(day, period, fraction, new_hire):
    start, end = sm.period_bounds(day, period)
    first = working_days(start, end)[0]
    history = {} if new_hire else daily_deal_rep(start - timedelta(days=1))
    config = dict(CONFIG, period=period)
    r = sm.math_report(config, history, first, start_date=first if new_hire else None, elapsed_fraction_today=fraction)
    assert r["pace"] != "behind"
    assert r["pace"] == "starting"


def test_targets_command_gives_the_reality_check(run_cli):
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin").code == 0
    res = run_cli("targets", "--call", "240")
    assert res.code == 0 and res.err == ""
    assert "Note: 240 calls a day give 48 pitches at your rates; your pitch target is 8." in res.out
    assert "earlier days keep theirs" in res.out


def test_math_json_across_midnight_and_a_new_hires_first_morning(run_cli, tmp_path):
    assert run_cli("init", "--name", "Ana", "--quota", "15", "--tz", "Europe/Berlin", "--start", "2026-10-01").code == 0
    lines = ["at,kind,count"]
    for d in working_days(date(2026, 10, 1), date(2026, 12, 2)):
        for kind, n in {"call": 25, "pitch": 5, "commit": 2, "deal": 1}.items():
            lines.append(f"{d.isoformat()}T11:00:00+01:00,{kind},{n}")
    (tmp_path / "h.csv").write_text("\n".join(lines) + "\n")
    assert run_cli("import", str(tmp_path / "h.csv"), now="2026-12-02T23:59:00+01:00").code == 0
    late = json.loads(run_cli("math", "--json", now="2026-12-02T23:59:00+01:00").out)
    early = json.loads(run_cli("math", "--json", now="2026-12-03T00:01:00+01:00").out)
    # before: 23 "ahead" at 23:59, then 15 "on pace" at 00:01 with nothing logged
    assert (late["projected_deals"], late["pace"]) == (23, "ahead") == (early["projected_deals"], early["pace"])
    noon = json.loads(run_cli("math", "--json", now="2026-12-03T13:00:00+01:00").out)
    assert noon["elapsed_fraction_today"] == 0.5


def test_a_new_hires_first_morning_is_not_short_of_plan(run_cli):
    assert run_cli("init", "--name", "Dee", "--quota", "15", "--tz", "Europe/Berlin", "--start", "2026-12-01").code == 0
    r = json.loads(run_cli("math", "--json", now="2026-12-01T08:00:00+01:00").out)
    assert r["pace"] == "starting"  # before: "behind pace, 24 calls short of plan this week"
    assert all(n <= 0 for n in r["gaps"]["week"].values()) and all(n <= 0 for n in r["gaps"]["period"].values())


def test_status_names_a_used_freeze_once(run_cli, tmp_path):
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", "--start", "2026-11-01").code == 0
    lines = ["at,kind,count"]
    for d in working_days(date(2026, 11, 9), date(2026, 11, 24)):  # 12 met days; Wednesday 25 missed
        for kind, n in {"call": 40, "pitch": 8, "commit": 3, "deal": 1}.items():
            lines.append(f"{d.isoformat()}T11:00:00+01:00,{kind},{n}")
    (tmp_path / "h.csv").write_text("\n".join(lines) + "\n")
    assert run_cli("import", str(tmp_path / "h.csv")).code == 0
    r = json.loads(run_cli("status", "--json").out)
    assert (r["streak"], r["streak_freezes"], r["streak_freeze_used"]) == (12, 0, "2026-11-25")
    assert "streak kept (freeze used)" in run_cli("status").out
    friday = json.loads(run_cli("status", "--json", now="2026-11-27T10:00:00+01:00").out)
    assert friday["streak_freeze_used"] is None  # said once; Thursday unmet breaks it on Friday
    assert friday["streak"] == 0
