"""The board `repdash serve` runs per tab is read-only by construction: one key, no notes, no writes."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap

import pendulum
import pytest
from serving import files_of, make_team_home

from repdash.store.readonly import ReadOnlyHome

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def _app(home):
    from repdash.ui.served_board import ServedBoardApp

    return ServedBoardApp(ReadOnlyHome(home), clock=lambda: NOW, rotate=0)


async def _settle(pilot):
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_only_key_turns_the_page_and_nothing_changes(tmp_path):
    from textual.command import CommandPalette

    from repdash.ui.served_board import ServedTvScreen

    home, team = make_team_home(tmp_path)
    before = files_of(home, team.parent)
    app = _app(home)
    async with app.run_test(size=(100, 27)) as pilot:
        await _settle(pilot)
        assert set(app.active_bindings) == {"n"}
        assert not app.use_command_palette
        # What writes or opens private things in the manager's app: log keys, undo, targets, hide, 1:1,
        # notes, quit, the command palette, copy.
        await pilot.press(
            "c",
            "p",
            "v",
            "d",
            "u",
            "t",
            "h",
            "H",
            "enter",
            "N",
            "escape",
            "q",
            "ctrl+q",
            "ctrl+p",
            "ctrl+c",
            "tab",
            "enter",
        )
        await _settle(pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, ServedTvScreen) and len(app.screen_stack) == 2
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack)
        assert app.screen.query_one("#tv-page").visual.plain == "STANDINGS"
        await pilot.press("n")
        assert app.screen.query_one("#tv-page").visual.plain == "MOMENTUM"
    assert files_of(home, team.parent) == before


def test_the_home_it_reads_cannot_write_and_holds_no_notes(tmp_path):
    home, _ = make_team_home(tmp_path)
    assert b"SECRET-NOTE" in (home / "repdash.json").read_bytes()
    view = ReadOnlyHome(home)
    assert view.initialized and view.tz == "Europe/Berlin"
    assert "SECRET-NOTE" not in repr(vars(view)) + repr(view.config)

    def writers(obj) -> list[str]:
        return [
            n
            for n in dir(obj)
            if n in ("init", "undo", "remember")
            or n.startswith(("update", "set_", "table", "log", "write", "add", "import"))
        ]

    from repdash.store.local import LocalStore

    assert writers(LocalStore)  # what the manager's store has ...
    assert writers(view) == []  # ... the board's has none of
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.config.team_file = "elsewhere"  # type: ignore[misc]
    assert view.config.team_file.endswith("team.json")


def test_the_served_board_never_loads_notes_or_the_1to1_view(tmp_path):
    """In its own process, as served: the notes module and the 1:1 screen are never imported."""
    home, _ = make_team_home(tmp_path)
    code = textwrap.dedent(f"""
        import asyncio, sys
        import pendulum
        from repdash.store.readonly import ReadOnlyHome
        from repdash.ui.served_board import ServedBoardApp

        async def main():
            app = ServedBoardApp(ReadOnlyHome({str(home)!r}), clock=lambda: pendulum.parse("2026-11-26T10:30:00+01:00"))
            async with app.run_test(size=(100, 27)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert "Ana Smith" in str(app.screen.query_one("#tv-standings").query(".tv-name").first().visual)
        asyncio.run(main())
        private = ("repdash.services.coaching_notes", "repdash.ui.screens.team_detail", "repdash.ui.app")
        print(sorted(m for m in sys.modules if m in private))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
