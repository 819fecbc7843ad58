"""The team board driven from the keyboard, as a manager and as a rep (pilot tests)."""

from __future__ import annotations

import html
import re

import pendulum
import pytest
from teamfile_data import demo_team, small_team, write
from textual import events
from textual.widgets import DataTable, Input, Static, TabbedContent
from waiting import palette_search_done

from repdash.store.local import LocalStore

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")


def _home(tmp_path, monkeypatch, data, *, manager=True, name="Maria Chen"):
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    (tmp_path / "share").mkdir()
    team = write(tmp_path / "share" / "team.json", data)
    store = LocalStore(tmp_path / "home")
    store.init(name, team_file=str(team), tz="Europe/Berlin", manager=manager, now=NOW)
    return store


@pytest.fixture
def manager_store(tmp_path, monkeypatch):
    return _home(tmp_path, monkeypatch, demo_team())


@pytest.fixture
def rep_store(tmp_path, monkeypatch):
    return _home(tmp_path, monkeypatch, demo_team(), manager=False, name="Dev Patel")


def _app(store):
    from repdash.ui.team_app import TeamApp

    return TeamApp(store, clock=lambda: NOW)


async def _settle(pilot):
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app) -> str:
    """What is on the terminal now, as plain text (from the same SVG a snapshot stores)."""
    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    return " ".join(re.findall(r">([^<>]*)</text>", svg))


def _text(screen, selector) -> str:
    return str(screen.query_one(selector, Static).render())


async def _burst(pilot, *keys: str) -> None:
    """Keys as a fast typist or a paste sends them: all queued before the app handles the first."""
    for key in keys:
        char = key if len(key) == 1 else None
        pilot.app._driver.send_message(events.Key(key, char))
    await pilot.pause()
    await pilot.pause()


async def test_focus_starts_on_the_standings_and_enter_opens_the_row_under_the_cursor(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one("#standings-table", DataTable)
        assert app.focused is table
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.row["name"] == "[bold red]Boss[/]"  # the third row, not always the first


async def test_tabs_switch_with_number_keys_and_arrows(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("2")
        assert tabs.active == "tiers-tab"
        await pilot.press("3")
        assert tabs.active == "proposals"
        await pilot.press("left")
        assert tabs.active == "tiers-tab"
        await pilot.press("right", "right", "right")  # proposals, contests, then round
        assert tabs.active == "standings"  # wraps round
        await pilot.press("1")
        assert tabs.active == "standings" and app.focused is app.screen.query_one("#standings-table")
        shown = {b.binding.action for b in app.active_bindings.values() if b.binding.show}
        assert any(a.startswith("next_tab") or a.startswith("tab(") for a in shown)  # in the footer


async def test_tabs_are_in_the_command_palette(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Proposals")
        await palette_search_done(pilot, "Proposals")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "proposals"


async def test_question_mark_opens_a_legend_of_every_symbol(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        legend = re.sub(r"\s+", " ", screen_text(app))
        for symbol in (
            "✓",
            "d↓",
            "▲",
            "⊘",
            "mgr",
            "+2 pitches a day",
            "top",
            "middle",
            "bottom",
            "Setting the example",
            "←",
            "1",
            "Proposals",
        ):
            assert symbol in legend, symbol
        await pilot.press("escape")
        assert app.screen.query_one("#standings-table")


async def test_the_board_says_one_of_two_reps(tmp_path, monkeypatch):
    store = _home(tmp_path, monkeypatch, small_team())
    app = _app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert "today 1/2 50%" in _text(app.screen, "#team-momentum")
        table = app.screen.query_one("#standings-table", DataTable)
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "Maria Chen" in names and names.index("Maria Chen") > names.index("Ben Okafor")
        between = range(names.index("Ben Okafor") + 1, names.index("Maria Chen"))
        assert any("Setting the example" in " ".join(map(str, table.get_row_at(i))) for i in between)
        # The cursor steps over that divider: it is not a person.
        table.move_cursor(row=names.index("Ben Okafor"))
        await pilot.press("down")
        assert table.cursor_row == names.index("Maria Chen")
        await pilot.press("up")
        assert table.cursor_row == names.index("Ben Okafor")


async def test_prompt_and_days_below_have_their_own_columns(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one("#standings-table", DataTable)
        keys = [c.key.value for c in table.ordered_columns]
        assert "below" in keys and "coach" in keys
        boss = table.get_row("03" + "a" * 30)
        assert str(boss[keys.index("below")]) == "19d↓"
        assert str(boss[keys.index("coach")]) == "+1 pitch a day"
        width = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert width <= 80 - 2  # nothing scrolls off to the right


async def test_a_manager_types_a_note_right_after_opening_the_1on1(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await _burst(pilot, "down", "down", "enter", *"pitch practice")
        note = app.screen.query_one("#detail-note-input", Input)
        assert app.focused is note
        assert note.value == "pitch practice"


async def test_the_1on1_shows_times_humanly(manager_store):
    manager_store.table_insert(
        "coaching_notes",
        {
            "rep_id": "03" + "a" * 30,
            "name": "[bold red]Boss[/]",
            "at": "2026-11-25T16:00:44.503898+01:00",
            "text": "call more",
        },
    )
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        text = _text(app.screen, "#detail-summary") + _text(app.screen, "#detail-notes")
        assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text), text
        assert "today 10:03" in text and "Wed 25 Nov, 16:00" in text


async def test_a_rep_gets_a_read_only_summary_without_notes(rep_store):
    rep_store.table_insert(
        "coaching_notes",
        {"rep_id": "03" + "a" * 30, "name": "[bold red]Boss[/]", "at": "2026-11-25T16:00:00+01:00", "text": "secret"},
    )
    app = _app(rep_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("down", "down", "enter", "x")
        await pilot.pause()
        assert app.screen.row["name"] == "[bold red]Boss[/]"
        assert not app.screen.query(Input)
        assert not app.screen.query("#detail-notes")
        assert "read-only" in _text(app.screen, "#detail-summary")
        assert "secret" not in " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_typing_after_the_note_box_lost_focus_still_lands_in_it(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab")  # focus leaves the note box (to the scrolling summary)
        assert app.focused is not app.screen.query_one("#detail-note-input")
        await pilot.press(*"quick win")
        note = app.screen.query_one("#detail-note-input", Input)
        assert note.value == "quick win" and app.is_running


async def test_arrow_keys_scroll_the_summary_while_the_note_box_has_focus(manager_store):
    app = _app(manager_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        scroll = app.screen.query_one("#detail-scroll")
        assert scroll.max_scroll_y > 0  # 80x24: the notes are below the fold
        await pilot.press("pagedown", "pagedown", "pagedown")
        assert scroll.scroll_y == scroll.max_scroll_y
        assert app.focused is app.screen.query_one("#detail-note-input")


async def test_the_board_under_the_dashboard_keeps_its_own_footer(tmp_path, monkeypatch):
    from repdash.ui.app import RepdashApp

    store = _home(tmp_path, monkeypatch, demo_team(), manager=False, name="Dev Patel")
    app = RepdashApp(store, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("g")
        await _settle(pilot)
        shown = [b.binding for b in app.active_bindings.values() if b.binding.show]
        assert {b.action for b in shown} == {"close", "summary", "next_tab(1)", "legend", "reload", "quit"}
        assert all(b.action != "log" for b in shown)
        footer = "  ".join(f"{app.get_key_display(b)} {b.description}" for b in shown)
        assert len(footer) + len("^p palette") < 80  # everything, Quit and the palette included, fits
        assert re.search(r"q\s+Quit\s+▏?\s*\^p\s*palette", screen_text(app))
