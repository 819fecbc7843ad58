"""The manager's Proposals tab on a signed team (issue 20): `p` on a rep's proposal asks first
(y / n), yes records it in the manifest, and the tab shows it as accepted (✓, from its date)."""

from __future__ import annotations

import pytest
from test_snap_team_roster import NOW, _app, _settle, owner  # noqa: F401 (the fixture)

from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now
from repdash.sync.teamio import require_backend


@pytest.fixture
def proposing(owner):  # noqa: F811
    """The owner's team with a standard of 50 calls: everyone's own 40 is a proposal."""
    backend = require_backend(owner)
    team_admin.set_standard(owner, backend, {"call": 50, "pitch": 8}, NOW.isoformat())
    sync_now(owner, NOW, backend=backend)
    return owner


def _ana_row(screen) -> int:
    props = screen.view["proposals"]["reps"]
    return 2 + next(i for i, p in enumerate(props) if p["name"] == "Ana Alvarez")  # below standard and median


async def _accept_ana(pilot):
    await _settle(pilot)
    await pilot.press("3")
    pilot.app.screen.query_one("#proposals-table").move_cursor(row=_ana_row(pilot.app.screen))
    await pilot.press("p")
    await pilot.pause()


def test_p_asks_before_accepting(snap_compare, proposing):
    assert snap_compare(_app(proposing), terminal_size=(80, 24), run_before=_accept_ana)


def _ana_accepted(screen) -> bool:
    """The acceptance is in the view and in the table: its first column has grown to fit
    "Ana Alvarez ✓ from 2026-11-26" (a DataTable sizes its columns when idle, after the rows are in)."""
    props = (getattr(screen, "view", None) or {}).get("proposals") or {}
    if not any(p["name"] == "Ana Alvarez" and p.get("accepted") for p in props.get("reps", [])):
        return False
    table = screen.query_one("#proposals-table")
    return table.ordered_columns[0].content_width >= len("Ana Alvarez ✓ from 2026-11-26")


async def _accepted(pilot):
    await _accept_ana(pilot)
    await pilot.press("y")
    # The acceptance is written in one worker and the board read again in the next, and the table sizes
    # its columns when idle: under load a plain settle caught the tab before either (1 run in 8).
    for _ in range(100):
        await _settle(pilot)
        if _ana_accepted(pilot.app.screen) and not pilot.app.workers:
            break
    await _settle(pilot)


def test_the_tab_shows_the_accepted_proposal(snap_compare, proposing):
    assert snap_compare(_app(proposing), terminal_size=(100, 24), run_before=_accepted)


async def test_p_y_records_it_and_n_does_not(proposing):
    app = _app(proposing)
    async with app.run_test(size=(80, 24)) as pilot:
        await _accept_ana(pilot)
        await pilot.press("n")
        await _settle(pilot)
        m = team_layout._read_manifest(require_backend(proposing).layout, proposing.home)[0]
        assert m.accepted == {}
        await pilot.press("p", "y")
        await _settle(pilot)
        await _settle(pilot)
        ana = next(p for p in app.screen.view["proposals"]["reps"] if p["name"] == "Ana Alvarez")
        assert ana["proposal"] == {} and ana["accepted"]["from"] == "2026-11-26"
    m = team_layout._read_manifest(require_backend(proposing).layout, proposing.home)[0]
    assert [(a.since.isoformat(), a.targets) for a in m.accepted.values()] == [("2026-11-26", {"call": 40})]
