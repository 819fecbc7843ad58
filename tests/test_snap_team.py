"""Snapshots of the team board: three tiers, a hidden rep, a rep named like markup, offline, TV mode."""

from __future__ import annotations

import json

import pendulum
import pytest
from teamfile_data import demo_team, write

from repdash.store.local import LocalStore
from repdash.sync import service, teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")


def _clock():
    return NOW


@pytest.fixture
def team_home(tmp_path, monkeypatch):
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    team = write(tmp_path / "share" / "team.json", demo_team()) if (tmp_path / "share").mkdir() is None else None
    store = LocalStore(tmp_path / "home")
    store.init("Maria Chen", team_file=str(team), tz="Europe/Berlin", manager=True, now=NOW)
    return store, team


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _app(store, tv=False):
    from repdash.ui.team_app import TeamApp

    return TeamApp(store, clock=_clock, tv=tv)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_board(snap_compare, team_home, size):
    store, _ = team_home
    assert snap_compare(_app(store), terminal_size=size, run_before=_settle)


def test_board_tiers_tab(snap_compare, team_home):
    store, _ = team_home
    assert snap_compare(_app(store), terminal_size=(80, 24), press=["2"], run_before=_settle)


def test_board_proposals_tab(snap_compare, team_home):
    store, _ = team_home
    assert snap_compare(_app(store), terminal_size=(80, 24), press=["3"], run_before=_settle)


def test_rep_detail_of_markup_name(snap_compare, team_home):
    store, _ = team_home
    store.table_insert(
        "coaching_notes",
        {
            "rep_id": "03" + "a" * 30,
            "name": "[bold red]Boss[/]",
            "at": "2026-11-25T16:00:00+01:00",
            "text": "[@click=app.quit]pitch practice[/]",
        },
    )
    assert snap_compare(_app(store), terminal_size=(80, 24), press=["down", "down", "enter"], run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_board_legend(snap_compare, team_home, size):
    """`?` on the board: every key and symbol explained, in a box that fits 80x24."""
    store, _ = team_home
    assert snap_compare(_app(store), terminal_size=size, press=["question_mark"], run_before=_settle)


def test_rep_sees_a_read_only_summary(snap_compare, team_home):
    store, _ = team_home
    store.update_config(manager=False)
    assert snap_compare(_app(store), terminal_size=(80, 24), press=["down", "down", "enter"], run_before=_settle)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_offline_banner(snap_compare, team_home, size):
    store, team = team_home
    doc = teamfile.parse(team.read_bytes())
    service.remember(store, service.view_of(doc, NOW, "Europe/Berlin"))
    store.update_config(team_file=str(team.parent / "unmounted" / "team.json"))
    assert snap_compare(_app(store), terminal_size=size, run_before=_settle)


def test_unusable_file_banner(snap_compare, team_home):
    store, team = team_home
    service.remember(store, service.view_of(teamfile.parse(team.read_bytes()), NOW, "Europe/Berlin"))
    team.write_bytes(team.read_bytes()[:500])  # truncated by a sync tool
    assert snap_compare(_app(store), terminal_size=(80, 24), run_before=_settle)
    assert len(team.read_bytes()) == 500


def _served(store):
    from repdash.store.readonly import ReadOnlyHome
    from repdash.ui.served_board import ServedBoardApp

    return ServedBoardApp(ReadOnlyHome(store.home), clock=_clock, rotate=0)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
@pytest.mark.parametrize("page", ["standings", "momentum"])
def test_tv_page(snap_compare, team_home, page, size):
    """The board `repdash serve` puts in the browser; `n` turns to momentum."""
    store, _ = team_home
    assert snap_compare(
        _served(store), terminal_size=size, press=["n"] if page == "momentum" else [], run_before=_settle
    )


def test_tv_on_a_short_screen_says_the_standings_are_cut(snap_compare, team_home):
    """More ranked reps than rows fit: the header says how many of them are shown."""
    store, _ = team_home
    assert snap_compare(_served(store), terminal_size=(80, 13), run_before=_settle)


async def test_tv_header_counts_the_reps_left_out(team_home):
    store, _ = team_home
    app = _served(store)
    async with app.run_test(size=(80, 13)) as pilot:
        await _settle(pilot)
        ranked = [r for r in app.screen.view["reps"] if r.get("rank")]
        rows = app.screen.query(".tv-row")
        assert 0 < len(rows) < len(ranked)
        title = str(app.screen.query_one("#tv-title").render())
        assert title.startswith(f"top {len(rows)} of {len(ranked)} · "), title
        await pilot.press("n")  # the momentum page has no list to cut
        await pilot.pause()
        assert "top" not in str(app.screen.query_one("#tv-title").render())


def test_tv_in_a_terminal(snap_compare, team_home):
    """`repdash team --tv`: the same screen in the manager's own app."""
    store, _ = team_home
    assert snap_compare(_app(store, tv=True), terminal_size=(80, 24), run_before=_settle)


async def test_markup_name_renders_literally(team_home):
    store, _ = team_home
    app = _app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        from textual.widgets import DataTable

        table = app.screen.query_one("#standings-table", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "[bold red]Boss[/]" in names
        assert json.dumps(names)  # plain strings, no markup objects
