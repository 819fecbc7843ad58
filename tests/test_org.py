"""A director's org board (#21): teams under a folder or prefix, ranked; `org --json` as a real process
and through click, the text board, the TUI with drill-down (pilot), snapshots at 80x24 and 160x45."""

from __future__ import annotations

import json

import pendulum
import pytest

from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now
from repdash.store.local import LocalStore
from repdash.sync.layout import LayoutBackend, open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")
TEAMS = {  # team folder -> (manager, [(rep, calls today, deals this period)])
    "east": ("Erin East", [("Ana", 40, 2), ("Ben", 45, 1)]),
    "west": ("Walt West", [("Cy", 10, 0), ("Dee", 41, 3), ("Eve", 5, 0)]),
    "north": ("Nora North", [("Fay", 12, 1)]),
}


def build_org(tmp_path, org_url: str) -> None:
    for folder, (manager, reps) in TEAMS.items():
        url = f"{org_url}{folder}/"
        if "://" not in url:
            (tmp_path / "org" / folder).mkdir(parents=True)
        backend = LayoutBackend(open_layout(url))
        mgr = LocalStore(tmp_path / "homes" / folder / "mgr")
        mgr.init(manager, team_file=url, tz="Europe/Berlin", manager=True, now=NOW)
        team_layout.set_up_identity(mgr)
        sync_now(mgr, NOW, backend=backend)
        team_admin.set_standard(mgr, backend, {"call": 40}, NOW.isoformat())
        for name, calls, deals in reps:
            s = LocalStore(tmp_path / "homes" / folder / name)
            s.init(name, team_file=url, tz="Europe/Berlin", now=NOW, quota=10)
            team_layout.set_up_identity(s)
            for day in (23, 24, 25, 26):  # Monday to today: the week's standard counts the days before today
                s.log("call", calls, at=pendulum.datetime(2026, 11, day, 9, tz="Europe/Berlin"), now=NOW)
            if deals:
                s.log("deal", deals, now=NOW)
            sync_now(s, NOW, backend=backend)
            team_admin.admit(mgr, backend, name, NOW.isoformat())


@pytest.fixture
def org_folder(tmp_path):
    url = str(tmp_path / "org") + "/"
    build_org(tmp_path, url)
    return url


def _teams(out: str) -> list[tuple]:
    data = json.loads(out)
    return [(t["name"], t["reps"], t["at_standard_week_pct"], t["deals"]) for t in data["teams"]]


EXPECTED = [("east", 2, 100.0, 3), ("west", 3, 33.3, 3), ("north", 1, 0.0, 1)]


def test_org_json_as_a_process(run_cli_process, org_folder):
    res = run_cli_process("org", org_folder, "--json")
    assert res.code == 0, res.err
    assert _teams(res.out) == EXPECTED
    data = json.loads(res.out)
    assert set(data["teams"][0]) >= {"name", "location", "reps", "at_standard_week_pct", "deals", "quota_this_period"}
    assert data["teams"][0]["location"] == org_folder + "east/"


def test_org_on_object_storage(run_cli, tmp_path, bucket):
    """The same org on S3 (moto) and Azure Blob (Azurite): one paged LIST of the org's prefix."""
    org = bucket.url("org/")
    build_org(tmp_path, org)
    res = run_cli("org", org, "--json")
    assert res.code == 0, res.err
    assert _teams(res.out) == EXPECTED
    assert json.loads(res.out)["teams"][0]["location"] == org + "east/"


def test_org_text_and_bad_location(run_cli, org_folder, tmp_path):
    res = run_cli("org", org_folder)
    assert res.code == 0, res.err
    assert "Org board · 3 teams · 6 reps" in res.out and "east" in res.out.splitlines()[2]
    res = run_cli("org", str(tmp_path / "nowhere" / "org") + "/")
    assert res.code == 2 and "does not exist" in res.err


def _app(url):
    from repdash.ui.org_app import OrgApp

    return OrgApp(url, clock=lambda: NOW)


async def _settle(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_org_board_snapshot(snap_compare, org_folder, size):
    assert snap_compare(_app(org_folder), terminal_size=size, run_before=_settle)


def test_org_drill_down_snapshot(snap_compare, org_folder):
    assert snap_compare(_app(org_folder), terminal_size=(80, 24), press=["down", "enter"], run_before=_settle)


async def test_org_drill_down_and_back(org_folder):
    from repdash.ui.org_app import OrgScreen, OrgTeamScreen

    app = _app(org_folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OrgTeamScreen) and app.screen.team_name == "north"
        assert [r["name"] for r in app.screen.view["reps"] if not r["manager"]] == ["Fay"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OrgScreen)
