"""A director's org board (#21): teams under a folder or prefix, ranked; `org --json` as a real process
and through click, the text board, the TUI with drill-down (pilot), snapshots at 80x24 and 160x45."""

from __future__ import annotations

import json

import pytest
from org_data import NOW, build_org


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


def test_org_on_gcs_read_only(run_cli, tmp_path, request, monkeypatch):
    """The same org read from Google Cloud Storage (fake-gcs-server): built by real publishes in a folder,
    then copied object by object as another tool would (the emulator takes no write from the client:
    tests/support/gcs.py). One LIST of the org's prefix, every team's objects read and checked."""
    from objstores import prepared

    server = prepared(request, monkeypatch, "gs")
    build_org(tmp_path, str(tmp_path / "org") + "/")
    copied = 0
    for path in sorted((tmp_path / "org").rglob("*.json")):
        if not path.name.startswith("."):
            server.put_raw("org/" + path.relative_to(tmp_path / "org").as_posix(), path.read_bytes())
            copied += 1
    assert copied == 3 + 6 + 3  # three manifests, six reps and the three managers' own objects
    org = server.url("org/")
    res = run_cli("org", org, "--json")
    assert res.code == 0, res.err
    assert _teams(res.out) == EXPECTED
    data = json.loads(res.out)
    assert data["teams"][0]["location"] == org + "east/" and data["problems"] == []
    assert data["requests"]["list"] == 1


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
