"""`repdash math [--json]` and `repdash quota` as a user runs them (in-process entry point, pinned clock)."""

from __future__ import annotations

import json

import pytest

KEYS = {"rates", "quota", "deals_so_far", "working_days_left", "needed_per_day", "projected_deals"}
DAYS = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-25"]


@pytest.fixture
def rep(run_cli, home):
    assert run_cli("init", "--name", "Ana", "--quota", "30", "--tz", "Europe/Berlin", "--start", "2026-11-01").code == 0
    import pendulum

    from repdash.store.local import LocalStore

    store = LocalStore(home)
    for day in DAYS:  # 8 working days of 100 calls, 20 pitches, 8 commits, 2 deals
        at = pendulum.parse(f"{day}T11:00:00", tz="Europe/Berlin")
        for kind, n in (("call", 100), ("pitch", 20), ("commit", 8), ("deal", 2)):
            store.log(kind, n, at=at, now=at)
    return store


def test_math_json_contract(run_cli, rep):
    res = run_cli("math", "--json")
    assert res.code == 0 and res.err == ""
    data = json.loads(res.out)
    assert KEYS <= set(data)
    assert data["rates"] == {"pitch_per_call": 0.2, "commit_per_pitch": 0.4, "deal_per_commit": 0.25}
    assert (data["quota"], data["deals_so_far"], data["working_days_left"]) == (30, 16, 3)
    # 14 deals in 3 days = 4.67 -> 18.7 commits -> 46.7 pitches -> 233.3 calls, each rounded up
    assert data["needed_per_day"] == {"call": 234, "pitch": 47, "commit": 19, "deal": 5}
    # 800 calls over 19 elapsed working days x 21 x 0.02 = 17.7
    assert data["projected_deals"] == 18
    assert all(isinstance(v, int) for v in data["needed_per_day"].values())


def test_math_text_reads_like_a_coach(run_cli, rep):
    res = run_cli("math")
    assert res.code == 0 and res.err == ""
    out = res.out
    assert "you close 1 in 4 commitments" in out
    assert (
        "To land 14 more deals in 3 working days (today included) you need 234 calls, 47 pitches, "
        "19 commitments and 5 deals a day." in out
    )
    assert (
        "Your targets are 40 / 8 / 3 / 1" in out and "lands 18 of 30" in out
    )  # the bottleneck: 16 + 3 days x min(.8, .8, .75, 1 deal) = 18.25
    assert "you land 18 of 30 by 30 Nov: behind pace" in out
    assert "Low data" not in out


def test_money_quota_reports_deals(run_cli, rep):
    res = run_cli("quota", "--quota", "150000", "--deal-value", "4000")
    assert res.code == 0 and "Quota: 38 deals per month (150,000 at 4,000 a deal)." in res.out
    data = json.loads(run_cli("math", "--json").out)
    assert data["quota"] == 38 and data["deal_value"] == 4000


def test_low_data_is_said(run_cli):
    run_cli("init", "--name", "New", "--tz", "Europe/Berlin")
    res = run_cli("math")
    assert res.code == 0
    assert "Low data: your last 20 working days hold 0 calls, 0 pitches, 0 commitments and 0 deals, too few" in res.out
    data = json.loads(run_cli("math", "--json").out)
    assert data["low_data"] is True and set(data["rate_sources"].values()) == {"default"}


def test_quota_met_and_no_days_left(run_cli, rep):
    run_cli("quota", "--quota", "10")
    res = run_cli("math")
    assert "Quota met: 16 of 10 deals." in res.out
    assert json.loads(run_cli("math", "--json").out)["needed_per_day"] == {
        "call": 0,
        "pitch": 0,
        "commit": 0,
        "deal": 0,
    }
    run_cli("quota", "--quota", "40")
    weekend = run_cli("math", "--json", now="2026-11-29T12:00:00+01:00")  # Sunday before... still November
    data = json.loads(weekend.out)
    assert data["working_days_left"] == 1  # Mon 30 Nov
    sat = json.loads(run_cli("math", "--json", now="2026-10-31T12:00:00+01:00").out)
    assert sat["working_days_left"] == 0 and sat["no_working_days_left"] is True
    assert "No working days left in October 2026" in run_cli("math", now="2026-10-31T12:00:00+01:00").out


def test_holidays_and_days_off_reduce_working_days(run_cli, rep):
    before = json.loads(run_cli("math", "--json").out)["working_days_left"]
    res = run_cli("quota", "--holiday", "2026-11-27", "--day-off", "2026-11-30")
    assert res.code == 0 and "Holidays: 2026-11-27." in res.out and "Days off: 2026-11-30." in res.out
    assert json.loads(run_cli("math", "--json").out)["working_days_left"] == before - 2
    res = run_cli("quota", "--remove", "2026-11-27", "--remove", "2026-11-30")
    assert "Holidays: none." in res.out
    assert json.loads(run_cli("math", "--json").out)["working_days_left"] == before


def test_quota_without_options_shows_settings(run_cli, rep):
    res = run_cli("quota")
    assert res.code == 0 and res.out.splitlines() == [
        "Quota: 30 deals per month.",
        "Holidays: none.",
        "Days off: none.",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("quota", "--holiday", "2026-13-01"),
        ("quota", "--quota", "40", "--day-off", "tomorrow"),
        ("quota", "--quota", "-3"),
        ("quota", "--period", "year"),
        ("quota", "--deal-value", "lots"),
        ("math", "--csv"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(run_cli, rep, home, args):
    before = (home / "repdash.json").read_bytes()
    res = run_cli(*args)
    assert res.code == 2 and res.out == ""
    assert len(res.err.strip().splitlines()) == 1 and "Traceback" not in res.err
    assert (home / "repdash.json").read_bytes() == before


def test_math_before_init_is_bad_usage(run_cli):
    res = run_cli("math")
    assert res.code == 2 and "repdash init" in res.err and res.out == ""


def test_math_uses_cached_team_rates(run_cli, home):
    run_cli("init", "--name", "New", "--tz", "Europe/Berlin")
    from repdash.store.local import LocalStore

    LocalStore(home).set_team_cache(
        {
            "reps": [
                {
                    "name": "[b]x[/b]",
                    "id": "a",
                    "rates": {"pitch_per_call": 0.1, "commit_per_pitch": 0.5, "deal_per_commit": 0.5},
                },
                {
                    "name": "y",
                    "id": "b",
                    "rates": {"pitch_per_call": 0.3, "commit_per_pitch": 0.5, "deal_per_commit": 0.5},
                },
            ],
            "standard": None,
        }
    )
    data = json.loads(run_cli("math", "--json").out)
    assert data["rates"]["pitch_per_call"] == 0.2 and set(data["rate_sources"].values()) == {"team"}
    assert "the team's median for the pitch, commitment and close rates" in run_cli("math").out
