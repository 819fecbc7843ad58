"""Papercuts from issue 11 "What was seen", each as a user meets it."""

from __future__ import annotations

import pendulum

from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp


async def test_the_generic_theme_picker_is_remembered(store, frozen_now):
    from textual.command import CommandPalette

    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_change_theme()  # the palette's "Theme" command (ctrl+p, Theme, enter) opens this picker
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"repdash-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "repdash-light"
    assert LocalStore(store.home).config["theme"] == "repdash-light"


async def test_undoing_the_deal_takes_full_funnel_back(store, frozen_now):
    from repdash.trophy_case import earned_records

    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "p", "v", "d")
        await pilot.pause()
        app.check_achievements()
        assert "full_funnel" in earned_records(store)
        await pilot.press("u")
        await pilot.pause()
        assert "full_funnel" not in earned_records(LocalStore(store.home))
        assert "first_log" in earned_records(LocalStore(store.home))  # still earned by the calls that stand
        app.check_achievements()
        assert "full_funnel" not in earned_records(LocalStore(store.home))  # and not re-awarded


def test_cli_undo_says_the_achievement_is_taken_back(run_cli, home):
    run_cli("init", "--name", "Ana")
    for kind in ("call", "pitch", "commit", "deal"):
        run_cli("log", kind)
    from repdash.trophy_case import earned_records, record_new_achievements

    store = LocalStore(home)
    record_new_achievements(store, pendulum.parse("2026-11-26T10:30:00+01:00"))
    assert "full_funnel" in earned_records(store)
    res = run_cli("undo")
    assert res.code == 0 and "Achievement taken back: Full Funnel" in res.out
    assert "full_funnel" not in earned_records(LocalStore(home))
