"""Papercuts from issue 11 "What was seen", each as a user meets it."""

from __future__ import annotations

import pendulum
from waiting import palette_search_done

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
        await palette_search_done(pilot, "repdash-light")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "repdash-light"
    assert LocalStore(store.home).config.theme == "repdash-light"


async def test_undoing_the_deal_takes_full_funnel_back(store, frozen_now):
    from repdash.services.trophy_case import earned_records

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
    from repdash.services.trophy_case import earned_records, record_new_achievements

    store = LocalStore(home)
    record_new_achievements(store, pendulum.parse("2026-11-26T10:30:00+01:00"))
    assert "full_funnel" in earned_records(store)
    res = run_cli("undo")
    assert res.code == 0 and "Achievement taken back: Full Funnel" in res.out
    assert "full_funnel" not in earned_records(LocalStore(home))


def test_closing_the_terminal_right_after_start_leaves_no_process(home, tmp_path):
    """`tmux kill-session` moments after the first frame: the dashboard must not outlive its terminal."""
    import os
    import shutil
    import subprocess
    import sys
    import time
    from pathlib import Path

    import pytest

    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed")
    LocalStore(home).init("Tess", tz="Europe/Berlin")
    socket = f"i11-{os.getpid()}"
    repdash = Path(sys.executable).with_name("repdash")
    pids = []
    try:
        for i, delay in enumerate((0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0)):
            pidfile = tmp_path / f"pid{i}"
            cmd = f"echo $$ > {pidfile}; REPDASH_HOME={home} exec {repdash}"
            # A socket per try: killing a server's last session ends that server, and a new
            # session on the same socket can race its shutdown ("server exited unexpectedly").
            subprocess.run(
                ["tmux", "-L", f"{socket}-{i}", "new-session", "-d", "-s", f"s{i}", "-x", "80", "-y", "24", cmd],
                check=True,
            )
            time.sleep(delay)
            subprocess.run(["tmux", "-L", f"{socket}-{i}", "kill-session", "-t", f"s{i}"], check=False)
            if pidfile.exists():
                pids.append(int(pidfile.read_text()))

        def alive() -> list[int]:
            out = []
            for p in pids:
                try:
                    if "repdash" in Path(f"/proc/{p}/cmdline").read_text():
                        out.append(p)
                except OSError:
                    pass
            return out

        deadline = time.monotonic() + 20  # well past the 5 s terminal check, even on a busy machine
        while alive() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert pids and alive() == []
    finally:
        for p in pids:
            try:
                os.kill(p, 9)
            except OSError:
                pass
        for i in range(8):
            subprocess.run(["tmux", "-L", f"{socket}-{i}", "kill-server"], check=False, capture_output=True)


async def test_the_footer_keeps_help_and_quit_in_sight_at_80x24(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        visible = {k.key for k in app.screen.query("FooterKey") if k.region.width and k.region.right <= 80}
        assert {"question_mark", "q"} <= visible


def test_logged_today_says_how_many_more_past_its_limit(store, frozen_now):
    from repdash.ui.screens.dashboard import RECENT_LIMIT, recent_text

    for i in range(RECENT_LIMIT + 3):
        store.log("call", 1, at=frozen_now.subtract(minutes=i), now=frozen_now)
    entries = sorted(store.day_entries(store.today(frozen_now)), key=lambda e: e.at, reverse=True)
    lines = recent_text(entries).splitlines()
    assert len(lines) == RECENT_LIMIT
    assert lines[-1] == "+4 more"  # 15 entries: 11 shown, the 12th line counts the rest
    assert "more" not in recent_text(entries[:RECENT_LIMIT])


async def test_entries_logged_from_the_cli_appear_within_seconds(store, frozen_now, run_cli):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.summary["today"]["call"] == 0
        res = run_cli("log", "call", "3")  # another terminal, another process
        assert res.code == 0, res.err
        await pilot.pause(RepdashApp.DAY_FILE_POLL + 0.5)
        assert app.summary["today"]["call"] == 3


async def test_math_funnel_bars_are_centred_under_the_arrows(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        box = app.screen.query_one("#funnel").content_region
        for bar in app.screen.query("#funnel .bar"):
            left, right = bar.region.x - box.x, box.right - bar.region.right
            assert abs(left - right) <= 1, (bar.classes, left, right)
