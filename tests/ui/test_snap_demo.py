"""The demo's first screen: what a newcomer sees (fixed seed, frozen clock)."""

from __future__ import annotations

import pendulum
import pytest

from repdash.services import demo
from repdash.ui.app import RepdashApp

NOW = pendulum.parse("2026-11-26T15:40:00+01:00").in_timezone("UTC")


async def _synced(pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if pilot.app.team_view is not None:
            return


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_demo_first_screen(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    team = demo.generate(tmp_path / "demo", NOW)
    app = RepdashApp(team.store(), clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=_synced)
    assert app.summary["rep"] == demo.DEMO_REP


async def _tv_settled(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("page", [1, 2])
def test_demo_tv_board_shows_all_12_reps_over_two_pages(snap_compare, tmp_path, monkeypatch, page):
    """`repdash team --tv` on the demo team: 12 reps do not fit 80x24, so standings 1/2 then 2/2 (issue 27)."""
    from repdash.ui.team_app import TeamApp

    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    team = demo.generate(tmp_path / "demo", NOW)
    app = TeamApp(team.store(), clock=lambda: NOW, tv=True)
    assert snap_compare(app, terminal_size=(80, 24), press=["n"] * (page - 1), run_before=_tv_settled)
