"""The board's Contests tab on a real team folder (issue 23): a rep's proposal shows to the manager, `y`
accepts it and `n` declines another, through `services.contest_admin` (what every home then reads)."""

from __future__ import annotations

import json

import pendulum
import pytest

NOW = "2026-11-26T10:30:00+01:00"


@pytest.fixture
def team(tmp_path, run_cli):
    folder = tmp_path / "team"
    folder.mkdir()

    def as_(who, *args):
        res = run_cli(*args, home_dir=tmp_path / who, now=NOW)
        assert res.code == 0, (args, res.out, res.err)
        return res

    as_("mia", "init", "--name", "Mia", "--manager", "--team", str(folder) + "/")
    as_("ana", "init", "--name", "Ana", "--team", str(folder) + "/")
    as_("mia", "sync")
    as_("ana", "sync")
    as_("mia", "team", "admit", "Ana")
    for name in ("Friday derby", "[b]Bogus[/b] blitz"):
        as_("ana", "contest", "propose", name, "--metric", "pitch", "--start", "2026-12-04", "--end", "2026-12-04")
    as_("ana", "sync")
    return as_, tmp_path


async def _until(pilot, check) -> None:
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if check():
            return
    raise AssertionError("never happened")


async def test_a_manager_accepts_and_declines_proposals_on_the_contests_tab(team):
    from repdash.store.local import LocalStore
    from repdash.ui.screens.team_contests import ContestsPane
    from repdash.ui.team_app import TeamApp

    as_, tmp_path = team
    app = TeamApp(LocalStore(tmp_path / "mia"), clock=lambda: pendulum.parse(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.screen.query_one(ContestsPane)
        await _until(pilot, lambda: len(pane.proposals) == 2)
        await pilot.press("4")
        assert app.focused is pane
        names = [p["name"] for p in pane.proposals]
        assert sorted(names) == ["Friday derby", "[b]Bogus[/b] blitz"]
        await pilot.press("y")  # the first row
        first = names[0]
        await _until(pilot, lambda: [p["name"] for p in pane.proposals] == names[1:])
        await pilot.press("n")
        await _until(pilot, lambda: pane.proposals == [])
    listed = {c["name"]: c for c in json.loads(as_("ana", "contest", "list", "--json").out)["contests"]}
    assert listed[first]["status"] == "upcoming"  # accepted: every home reads it
    assert names[1] not in listed  # declined
