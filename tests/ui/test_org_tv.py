"""`repdash org LOCATION --tv`: the org board on a wall, the org's share at standard and its deals in
block type above the ranked teams (snapshots at 80x24 and 160x45), coloured by how the org does."""

from __future__ import annotations

import pytest
from org_data import NOW, build_org


@pytest.fixture
def org_folder(tmp_path):
    url = str(tmp_path / "org") + "/"
    build_org(tmp_path, url)
    return url


def _wall(url):
    from repdash.ui.org_app import OrgApp

    return OrgApp(url, clock=lambda: NOW, tv=True)


async def _settle(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_org_wall_snapshot(snap_compare, org_folder, size):
    assert snap_compare(_wall(org_folder), terminal_size=size, run_before=_settle)


async def test_the_wall_shows_the_orgs_numbers_and_only_on_a_wall(org_folder):
    from repdash.ui.org_app import OrgApp
    from repdash.ui.widgets.big_number import BigNumber

    app = _wall(org_folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        share = app.screen.query_one("#wall-share")
        assert share.query_one(BigNumber).value == "50%"  # 3 of 6 reps at standard this week
        assert not share.has_class("-good") and not share.has_class("-low")
        assert app.screen.query_one("#wall-deals BigNumber", BigNumber).value == "7"
        caption = str(app.screen.query_one("#wall-deals-caption").render())
        assert caption == "deals of 18 (the teams' prorated quota)"
    desk = OrgApp(org_folder, clock=lambda: NOW)
    async with desk.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert not desk.screen.query("#org-wall")
