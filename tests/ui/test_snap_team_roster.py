"""Snapshots of a signed team's board for its owner: a rep asking to join (a admits), an Away rep, and
the confirmation `x` asks before removing a rep. Built through the real publish on a folder."""

from __future__ import annotations

import pendulum
import pytest

from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now
from repdash.store.local import LocalStore
from repdash.sync.layout import LayoutBackend, open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")
EARLIER = pendulum.parse("2026-11-05T10:30:00+01:00").in_timezone("UTC")


@pytest.fixture
def owner(tmp_path, monkeypatch):
    for var in ("REPDASH_TEAM", "REPDASH_TEAM_FILE"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "team").mkdir()
    url = str(tmp_path / "team") + "/"
    backend = LayoutBackend(open_layout(url))
    mgr = LocalStore(tmp_path / "mgr")
    mgr.init("Maria Chen", team_file=url, tz="Europe/Berlin", manager=True, now=EARLIER)
    team_layout.set_up_identity(mgr)
    sync_now(mgr, EARLIER, backend=backend)
    for name, calls, when, admit in (
        ("Ana Alvarez", 30, NOW, True),
        ("Cy Cohen", 12, EARLIER, True),
        ("[bold]Ben[/] Brooks", 4, NOW, False),
    ):
        s = LocalStore(tmp_path / name.replace(" ", "_"))
        s.init(name, team_file=url, tz="Europe/Berlin", now=EARLIER)
        team_layout.set_up_identity(s)
        s.log("call", calls, now=when)
        sync_now(s, when, backend=backend)
        if admit:
            team_admin.admit(mgr, backend, name, EARLIER.isoformat())
    sync_now(mgr, NOW, backend=backend)
    return mgr


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _app(store):
    from repdash.ui.team_app import TeamApp

    return TeamApp(store, clock=lambda: NOW)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_owner_board_with_asking_and_away(snap_compare, owner, size):
    assert snap_compare(_app(owner), terminal_size=size, run_before=_settle)


def test_remove_asks_first(snap_compare, owner):
    assert snap_compare(_app(owner), terminal_size=(80, 24), press=["x"], run_before=_settle)


async def test_a_admits_and_x_y_removes(owner):
    from repdash.sync.teamio import require_backend
    from repdash.ui.screens.team import TeamScreen

    app = _app(owner)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        ask_row = next(i for i, r in enumerate(screen._row_ids) if r.startswith("ask:"))
        screen.query_one("#standings-table").move_cursor(row=ask_row)
        await pilot.press("a")
        await _settle(pilot)
        await _settle(pilot)
        names = [r["name"] for r in screen.view["reps"]]
        assert "[bold]Ben[/] Brooks" in names and screen.view["asking_to_join"] == []
        screen.query_one("#standings-table").move_cursor(row=0)
        await pilot.press("x", "y")
        await _settle(pilot)
        await _settle(pilot)
    got = team_layout._read_manifest(require_backend(owner).layout, owner.home)[0]
    assert sorted(m.status for m in got.roster.values()) == ["admitted", "admitted", "admitted", "removed"]


def test_a_rep_sees_benchmarks_not_a_ranking(snap_compare, owner, tmp_path):
    """`team board benchmarks`: a rep's board holds their own row and what the top quarter and half take."""
    from repdash.sync.teamio import require_backend

    team_admin.set_board(owner, require_backend(owner), "benchmarks", None, NOW.isoformat())
    ana = LocalStore(tmp_path / "Ana_Alvarez")
    assert snap_compare(_app(ana), terminal_size=(80, 24), run_before=_settle)
