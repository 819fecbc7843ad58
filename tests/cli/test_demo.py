"""The demo generator: deterministic, realistic tiers, complete homes, a valid team file, nothing else touched."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

from repdash.core.workdays import is_working_day
from repdash.services import demo
from repdash.services.summary import rep_summary
from repdash.store.local import LocalStore

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    return demo.generate(tmp_path_factory.mktemp("demo") / "team", NOW)


def test_team_shape(team):
    assert len(team.homes) == 13
    tiers = list(team.tiers.values())
    assert tiers.count("manager") == 1 and tiers.count("star") == 3
    assert tiers.count("straggler") == 2 and tiers.count("comeback") == 1
    assert tiers.count("middle") >= 5


def test_homes_are_complete_and_history_spans_eight_weeks(team):
    for name, home in team.homes.items():
        store = LocalStore(home)
        store.check()
        assert store.config.name == name
        assert store.tz == "Europe/Berlin"
        daily = store.daily_counts()
        assert min(daily) <= NOW.date() - pendulum.duration(weeks=7, days=6)
        assert max(daily) == NOW.date()
        assert all(is_working_day(d) for d in daily)
        # Nothing logged after "now".
        today = [e for e in store.day_entries(NOW.date())]
        assert all(pendulum.parse(e.at) <= NOW for e in today)


def test_tiers_are_believable(team):
    xp = {n: rep_summary(team.store(n), NOW)["xp"] for n in team.homes}
    stars = [xp[n] for n, t in team.tiers.items() if t == "star"]
    middle = [xp[n] for n, t in team.tiers.items() if t == "middle"]
    stragglers = [xp[n] for n, t in team.tiers.items() if t == "straggler"]
    assert min(stars) > sorted(middle)[len(middle) // 2]
    assert max(stragglers) < min(middle)


def test_comeback_climbs(team):
    (name,) = [n for n, t in team.tiers.items() if t == "comeback"]
    daily = team.store(name).daily_counts()
    days = sorted(daily)
    early = sum(daily[d].get("call", 0) for d in days[:15]) / 15
    late = sum(daily[d].get("call", 0) for d in days[-11:-1]) / 10
    assert late > 1.4 * early


def test_demo_rep_has_a_story(team):
    s = rep_summary(team.store(), NOW)
    assert s["rep"] == demo.DEMO_REP
    assert s["streak"] >= 5
    assert 0 < s["today"]["call"] < s["targets"]["call"]  # mid-morning: work to do
    earned = {r["id"] for r in team.store().table_all("achievements")}
    assert {"first_log", "streak_5"} <= earned and "streak_20" not in earned


def test_team_file_has_everyone_and_the_standard(team):
    data = json.loads(team.team_file.read_text())
    assert data["format"] == "repdash-team"
    assert len(data["reps"]) == 13
    assert data["standard"]["kinds"]["call"] == demo.STANDARD["call"]
    names = {r["name"] for r in data["reps"].values()}
    assert names == set(team.homes)
    # every rep's local cache holds the whole team (the board works offline from the start)
    from repdash.services.team_sync import cached_view

    assert len(cached_view(team.store())["reps"]) == 13


def test_deterministic(team, tmp_path):
    a = team  # generated once for the module, with the same seed and clock
    b = demo.generate(tmp_path / "b", NOW)
    for name in a.homes:
        sa, sb = a.store(name), b.store(name)
        assert sa.daily_counts() == sb.daily_counts()
        assert sa.config.rep_id == sb.config.rep_id
        assert [e.id for e in sa.entries()] == [e.id for e in sb.entries()]
    other = demo.generate(tmp_path / "c", NOW, seed=7, achievements=False)  # another seed: other days
    assert other.store().daily_counts() != a.store().daily_counts()


def test_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x").write_text("mine")
    with pytest.raises(FileExistsError):
        demo.generate(tmp_path, NOW)
    assert (tmp_path / "x").read_text() == "mine"


def test_cli_demo_touches_nothing_of_the_user(run_cli, home, tmp_path):
    user_team = tmp_path / "user-team.json"
    r = run_cli("demo", "--print", env={"REPDASH_TEAM_FILE": str(user_team)})
    assert r.code == 0, r.err
    assert demo.DEMO_REP in r.out and "← you" in r.out
    assert list(home.iterdir()) == []  # REPDASH_HOME untouched
    assert not user_team.exists()
    # the temporary folder is gone
    root = Path(r.out.splitlines()[0].removeprefix("Demo team in "))
    assert not root.exists()


def test_cli_demo_dir(run_cli, home, tmp_path):
    out = tmp_path / "shots"
    r = run_cli("demo", "--dir", str(out))
    assert r.code == 0, r.err
    assert (out / "team.json").exists()
    assert f"repdash --home {out / 'homes' / 'alex-morgan'}" in r.out
    assert list(home.iterdir()) == []
    again = run_cli("demo", "--dir", str(out))
    assert again.code == 2 and "not empty" in again.err
