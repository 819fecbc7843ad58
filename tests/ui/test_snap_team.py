"""Snapshots of the team board: three tiers, a hidden rep, a rep named like markup, offline, TV mode."""

from __future__ import annotations

import json

import pendulum
import pytest
from teamfile_data import demo_team, write

from repdash.services import team_sync
from repdash.store.local import LocalStore
from repdash.sync import teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")


def _clock():
    return NOW


# The CRM-backed share of this week (issue 24 follow-up) as three reps published it; the rest never imported.
CRM_SHARES = {"01" + "a" * 30: 82, "02" + "a" * 30: 100, "03" + "a" * 30: 31}


def _with_crm_shares(data: dict) -> dict:
    for rep_id, pct in CRM_SHARES.items():
        data["reps"][rep_id]["crm_backed_week_pct"] = pct
    return data


@pytest.fixture
def team_home(tmp_path, monkeypatch):
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    (tmp_path / "share").mkdir()
    team = write(tmp_path / "share" / "team.json", _with_crm_shares(demo_team()))
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


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45)])
def test_board(snap_compare, team_home, size):
    """The manager's board; its CRM column: 82%, 100%, 31% in the warning colour, — for no CRM import."""
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
    team_sync.remember(store, team_sync.view_of(doc, NOW, "Europe/Berlin"))
    store.update_config(team_file=str(team.parent / "unmounted" / "team.json"))
    assert snap_compare(_app(store), terminal_size=size, run_before=_settle)


def test_unusable_file_banner(snap_compare, team_home):
    store, team = team_home
    team_sync.remember(store, team_sync.view_of(teamfile.parse(team.read_bytes()), NOW, "Europe/Berlin"))
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


def test_tv_on_a_short_screen_pages_the_standings(snap_compare, team_home):
    """More ranked reps than rows fit: standings 1/n, and the header says which ranks are up."""
    store, _ = team_home
    assert snap_compare(_served(store), terminal_size=(80, 13), run_before=_settle)


async def test_tv_pages_through_every_ranked_rep(team_home):
    store, _ = team_home
    app = _served(store)
    async with app.run_test(size=(80, 13)) as pilot:
        await _settle(pilot)
        ranked = [r["name"] for r in app.screen.view["reps"] if r.get("rank")]
        rows = len(app.screen.query(".tv-row"))
        pages = -(-len(ranked) // rows)
        assert 0 < rows < len(ranked) and pages >= 2
        seen: list[str] = []
        for page in range(pages):
            title = str(app.screen.query_one("#tv-title").render())
            first, last = page * rows + 1, min((page + 1) * rows, len(ranked))
            assert title.startswith(f"ranks {first}–{last} of {len(ranked)} · "), title
            assert app.screen.query_one("#tv-page").visual.plain == f"STANDINGS {page + 1}/{pages}"
            seen += [str(n.visual).strip() for n in app.screen.query(".tv-name")]
            await pilot.press("n")
            await pilot.pause()
        assert [line.splitlines()[0] for line in seen] == ranked  # every ranked rep, once, in rank order
        assert app.screen.query_one("#tv-page").visual.plain == "MOMENTUM"
        assert "ranks" not in str(app.screen.query_one("#tv-title").render())
        await pilot.press("n")  # back to the first standings page
        await pilot.pause()
        assert app.screen.query_one("#tv-page").visual.plain == f"STANDINGS 1/{pages}"


def test_big_percent_glyph_has_two_rings_and_a_slash():
    """The block-type "%" read as "/." at 3 pixels wide: two solid 2x2 rings, one slash between them."""
    from repdash.ui.widgets.big_number import FONT

    glyph = FONT["%"]
    assert glyph[0][:2] == glyph[1][:2] == "##" and glyph[3][-2:] == glyph[4][-2:] == "##"
    assert [row.index("#", 2) if row.find("#", 2) >= 0 else None for row in glyph[:3]] == [4, 3, 2]


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
