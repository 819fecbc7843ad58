"""The notice setting where a rep sets it (the command palette, onboarding, the config) and the
guard that keeps a headless app silent. What a real terminal receives: tests/system/test_notify_pty.py."""

from __future__ import annotations

import pytest
from waiting import palette_search_done, until

from repdash.core.nudges import Memory
from repdash.store.config_check import bad_keys
from repdash.store.local import LocalStore
from repdash.ui import notify
from repdash.ui.app import RepdashApp


async def test_the_palette_switches_notices_off_and_on(store, frozen_now, run_cli):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in ("off", "desktop"):
            await pilot.press("ctrl+p")
            typed = f"Notifications: {mode}"
            await pilot.press(*typed)
            await palette_search_done(pilot, typed)
            await pilot.press("enter")
            await until(pilot, lambda mode=mode: LocalStore(store.home).config.notify == mode, f"notify = {mode}")
        if notify.desktop_missing():  # the test extra leaves it out: the toast says what to install
            assert "pip install 'repdash[desktop]'" in str(list(app._notifications)[-1].message)
    res = run_cli("status", "--json")
    assert res.code == 0 and '"notify": "desktop"' in res.out


async def test_onboarding_keeps_the_notice_choice(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#ob-notify").value = "off"
        await pilot.press(*"Jo Lee", "enter")
        await until(pilot, lambda: LocalStore(home).initialized, "onboarding done")
    assert LocalStore(home).config.notify == "off"


async def test_a_headless_app_works_out_the_notices_but_writes_nothing(store, frozen_now):
    # The rule runs (a target crossed is a notice), the notifier refuses: no terminal of its own.
    store.update_config(targets={"call": 1, "pitch": 5, "commit": 2, "deal": 1})
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.nudger is not None, "the nudger after the first frame")
        said = []
        real_check = app.nudger.check
        app.nudger.check = lambda: said.extend(real_check()) or said
        await pilot.press("c")
        await until(pilot, lambda: said, "the target notice")
        assert [n.title for n in said] == ["Calls target reached"]
        assert not app.nudger.notifier.can_speak()
        assert app.nudger.notifier.send("t", "b", "terminal") is False
        assert app.nudger.memory != Memory()


def test_the_config_refuses_bad_notice_settings():
    assert bad_keys({"notify": "loud", "notify_hours": "18:00-08:00", "streak_alert": "4pm"}) == [
        ("notify", "one of off, terminal, desktop"),
        ("notify_hours", "hours such as 08:00-18:00 (the end after the start)"),
        ("streak_alert", "a time such as 16:00"),
    ]
    assert bad_keys({"nudges": {"lottery": False}})  # no such notice
    assert not bad_keys({"notify": "off", "notify_hours": "07:30-19:00", "nudges": {"midday": False}})


def test_a_damaged_notice_setting_stops_a_command_in_one_line(store, run_cli):
    from cli_checks import damage_config

    damage_config(store.home, "notify", "loud")
    res = run_cli("status")
    assert res.code == 1 and "notify" in res.err and len(res.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("env", "family"),
    [
        ({"KITTY_WINDOW_ID": "3"}, notify.OSC99),
        ({"TERM": "xterm-kitty"}, notify.OSC99),
        ({"ITERM_SESSION_ID": "w0t0p0"}, notify.OSC9),
        ({"KONSOLE_VERSION": "240202"}, notify.OSC777),
        ({"TERM": "rxvt-unicode-256color"}, notify.OSC777),
        ({"TERM_PROGRAM": "Apple_Terminal"}, notify.BELL),
        ({"TERM": "xterm-256color", "TMUX": "/tmp/t,1,0"}, notify.BELL),
    ],
)
def test_the_family_of_more_terminals(env, family):
    assert notify.sequence_family(env) == family


def test_control_characters_and_field_separators_never_reach_the_terminal():
    seq = notify.sequence("Deal\x1b]0;x\x07 on; the team", "Ana\x9c\x1b[2J; closed", {"WEZTERM_PANE": "1"})
    assert seq == "\x1b]777;notify;Deal on, the team;Ana, closed\x07"
    assert not notify.on_own_desktop({"SSH_CONNECTION": "1 2 3 4", "DISPLAY": ":0"})


def test_notify_shows_and_sets_the_settings(store, run_cli):
    res = run_cli("notify")
    assert res.code == 0 and res.out.startswith("Notices: terminal, from 08:00 to 18:00.\n")
    assert "  on   streak_risk" in res.out and "at 16:00" in res.out
    res = run_cli("notify", "--mode", "off", "--hours", "07:30-19:00", "--streak-at", "15:00", "--off", "team_deal")
    assert res.code == 0, res.err
    config = LocalStore(store.home).config
    assert (config.notify, config.notify_hours, config.streak_alert) == ("off", "07:30-19:00", "15:00")
    assert dict(config.nudges) == {"team_deal": False}
    assert "  off  team_deal" in res.out
    assert run_cli("notify", "--on", "team_deal").code == 0
    assert LocalStore(store.home).config.nudges == {"team_deal": True}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--hours", "19:00-07:00"],
            "--hours '19:00-07:00' is not hours such as 08:00-18:00 (the end after the start)",
        ),
        (["--streak-at", "4pm"], "--streak-at '4pm' is not a time such as 16:00"),
        (["--on", "midday", "--off", "midday"], "--on and --off name the same notice: midday"),
        (["--mode", "loud"], "Invalid value for '--mode'"),
        (["--off", "lottery"], "Invalid value for '--off'"),
    ],
)
def test_notify_refuses_bad_values_in_one_line_and_changes_nothing(store, run_cli, args, message):
    before = (store.home / "repdash.json").read_bytes()
    res = run_cli("notify", *args)
    assert res.code == 2 and res.out == "" and message in res.err and len(res.err.strip().splitlines()) == 1
    assert (store.home / "repdash.json").read_bytes() == before


def test_notify_as_a_real_process(store, run_cli_process):
    res = run_cli_process("notify", "--mode", "desktop")
    assert res.code == 0 and res.err == "" and res.out.startswith("Notices: desktop,")
    bad = run_cli_process("notify", "--streak-at", "25:00")
    assert bad.code == 2 and bad.out == "" and bad.err.startswith("repdash: --streak-at '25:00'")
