"""The typed seams (issue 19 item 3): the TypedDicts say exactly what the producers build, and a
publish that returns nothing is a clear failure, never an AttributeError on None."""

from __future__ import annotations

import json
import typing
from datetime import date

import pendulum
import pytest
from teamfile_data import demo_team

from repdash.core import board, salesmath, shapes
from repdash.services import shapes as service_shapes
from repdash.sync.teamfile import validate_entry, validate_standard


def keys(td: type) -> tuple[set[str], set[str]]:
    """(required, optional) keys of a TypedDict, read from its annotations (they are strings here)."""
    hints = typing.get_type_hints(td, include_extras=True)
    optional = {k for k, t in hints.items() if typing.get_origin(t) is typing.NotRequired}
    return set(hints) - optional, optional


def assert_shape(value: dict, td: type) -> None:
    required, optional = keys(td)
    assert required <= set(value), f"{td.__name__} misses {sorted(required - set(value))}"
    assert set(value) <= required | optional, f"{td.__name__} lacks {sorted(set(value) - required - optional)}"


@pytest.fixture(scope="module")
def view() -> dict:
    team = demo_team()
    entries = [e for k, obj in team["reps"].items() if (e := validate_entry(k, obj)) is not None]
    assert len(entries) == len(team["reps"])
    now = pendulum.datetime(2026, 11, 26, 10, tz="Europe/Berlin")
    return dict(board.build_view(entries, validate_standard(team["standard"]), now, viewer_tz="Europe/Berlin"))


def test_the_board_view_and_its_parts_have_their_typed_shapes(view):
    assert_shape(view, shapes.BoardView)
    assert view["reps"] and view["tiers"]
    for row in view["reps"]:
        assert_shape(row, shapes.BoardRow)
    for tier in view["tiers"]:
        assert_shape(tier, shapes.BoardTier)
    assert_shape(view["momentum"], shapes.Momentum)
    assert_shape(view["momentum"]["today"], shapes.Share)
    assert_shape(view["proposals"], shapes.Proposals)
    for p in view["proposals"]["reps"]:
        assert_shape(p, shapes.ProposalRow)
    assert_shape(view["counts"], shapes.BoardCounts)


def test_the_math_report_has_its_typed_shape(view):
    daily = {date(2026, 11, d): {"call": 20, "pitch": 5, "commit": 2, "deal": 1} for d in range(2, 26)}
    config = {"quota": 20, "period": "month", "targets": {"call": 30}, "rep_id": view["reps"][0]["rep_id"]}
    alone = salesmath.math_report(config, daily, date(2026, 11, 26))
    assert_shape(alone, shapes.MathReport)
    assert "team_median" not in alone
    with_team = salesmath.math_report(config, daily, date(2026, 11, 26), team=view)
    assert_shape(with_team, shapes.MathReport)
    assert with_team["tiers"] is not None and "team_median" in with_team
    for tier in with_team["tiers"].values():
        assert_shape(tier, shapes.TierRates)
    assert_shape(with_team["gaps"], shapes.Gaps)
    assert_shape(with_team["rate_window"], shapes.RateWindow)


def test_the_reps_day_has_its_typed_shape(store, frozen_now):
    from repdash.services.summary import rep_summary

    store.log("call", 3, now=frozen_now)
    day = rep_summary(store, frozen_now)
    assert_shape(day, service_shapes.RepDay)
    assert day["today"]["call"] == 3


def test_the_status_json_is_the_reps_day_plus_notify(run_cli):
    assert run_cli("init", "--name", "Ana").code == 0
    res = run_cli("status", "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert_shape(data, service_shapes.RepDay)
    assert "notify" in data


def test_a_publish_that_returned_nothing_is_a_failure_not_a_crash(run_cli, tmp_path, monkeypatch):
    """sync_now returns None only for an unchanged heartbeat; a command that got None says so (exit 1)."""
    from repdash.services import team_sync as service

    assert run_cli("init", "--name", "Ana", "--team-file", str(tmp_path / "team.json")).code == 0
    monkeypatch.setattr(service, "sync_now", lambda *a, **kw: None)
    res = run_cli("sync")
    assert res.code == 1, (res.out, res.err)
    assert res.err.startswith("repdash: nothing was published"), res.err
    assert "Traceback" not in res.err
    res = run_cli("sync", "--json")
    assert res.code == 1
    assert json.loads(res.out) == {"ok": False, "error": res.err.removeprefix("repdash: ").strip()}
