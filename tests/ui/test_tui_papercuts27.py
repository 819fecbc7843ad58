"""TUI papercuts from issue 27, driven as a user drives them (pilot key presses, bursts)."""

from __future__ import annotations

from textual import events
from waiting import until

from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp


def burst(app, keys: list[str]) -> None:
    """Keys as one write from the terminal (a paste, an automation tool): all queued before any is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


def fields(app) -> dict[str, str]:
    return {w.id: w.value for w in app.screen.query("Input")}


# ---- item 1: Esc on onboarding -------------------------------------------------------------
async def test_escape_on_onboarding_asks_before_leaving_and_keeps_what_was_typed(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"Bo", "tab", "tab", "tab", "tab", "tab", "tab", "enter")  # the period list, open
        await pilot.pause()
        assert app.screen.query_one("#ob-period").expanded
        await pilot.press("escape")  # closes the list, nothing else
        await pilot.pause()
        assert type(app.screen).__name__ == "OnboardingScreen" and not app.screen.query_one("#ob-period").expanded
        await pilot.press("escape")  # nothing open: asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running
        await pilot.press("escape")  # "keep setting up"
        await pilot.pause()
        assert type(app.screen).__name__ == "OnboardingScreen" and fields(app)["ob-name"] == "Bo"
        await pilot.press("escape", "enter")  # Enter on the focused button keeps the work too
        await pilot.pause()
        assert type(app.screen).__name__ == "OnboardingScreen" and app.is_running
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not app.is_running
    assert not LocalStore(home).initialized


# ---- item 9: the name hint --------------------------------------------------------------------
async def test_the_name_hint_goes_once_a_name_is_typed(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        hint = app.screen.query_one("#ob-error")
        assert "Please enter your name." in str(hint.render())
        await pilot.press("B")
        await pilot.pause()
        assert str(hint.render()).strip() == ""


# ---- item 12: a burst in the targets form ---------------------------------------------------------
async def test_a_burst_in_the_targets_form_keeps_focus_moves_and_field_order(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert type(app.screen).__name__ == "TargetsScreen"
        before = fields(app)
        burst(app, ["tab", "tab", "9"])  # to Verbal commits (focus selects its value), type 9: one write
        await until(pilot, lambda: fields(app)["t-commit"] == "9", "the last key of the burst")
        got = fields(app)
        assert got["t-call"] == before["t-call"] and got["t-pitch"] == before["t-pitch"]
        assert app.screen.focused.id == "t-commit"


async def test_a_pasted_row_fills_the_targets_in_order(store, frozen_now):
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        app.screen.focused.post_message(events.Paste("30\t6\t2"))
        await pilot.pause()
        got = fields(app)
        assert [got[f"t-{k}"] for k in ("call", "pitch", "commit")] == ["30", "6", "2"]
        await pilot.press("enter")
        await pilot.pause()
    assert store.targets["call"] == 30 and store.targets["commit"] == 2


# ---- item 3: every manual sync answers with a toast -------------------------------------------
def toasts(app) -> list[str]:
    return [f"{n.title}|{n.message}" for n in app._notifications]


async def test_s_answers_with_a_toast_online_and_offline(store, tmp_path, frozen_now):
    from waiting import settled_until

    from repdash.sync.filestore import FileBackend

    team = tmp_path / "share" / "team.json"
    team.parent.mkdir()
    store.update_config(team_file=str(team))
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await settled_until(pilot, lambda: team.exists() and app.sync.status_text().startswith("synced"))
        assert toasts(app) == []  # the start-up sync is not a manual one: no toast
        await pilot.press("s")
        assert await settled_until(pilot, lambda: len(toasts(app)) == 1)
        assert toasts(app) == ["Team sync|Synced at 10:30 — 1 rep on the board."]
        app.sync.backend = FileBackend(tmp_path / "gone" / "team.json")  # the share disappears
        await pilot.press("s")
        assert await settled_until(pilot, lambda: len(toasts(app)) == 2)
        title, message = toasts(app)[1].split("|")
        assert title == "Sync failed at 10:30"
        assert message.startswith("Offline: the team folder ") and "not reachable" in message
        assert "Last synced 10:30." in message and "Retrying in 5 s." in message
        line = app.screen.query_one("#sync-line")
        assert line.content.plain.startswith("offline, last synced 10:30")  # no leading space in the text
        assert line.region.x + line.styles.padding.left == app.screen.query_one("#to-go").region.x


async def test_r_on_the_team_board_answers_with_a_toast(home, tmp_path, frozen_now):
    from teamfile_data import demo_team, write

    from repdash.ui.team_app import TeamApp

    team = write(tmp_path / "team.json", demo_team())
    store = LocalStore(home)
    store.init("Ana Local", tz="Europe/Berlin", team_file=str(team), now=frozen_now)
    app = TeamApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await until(pilot, lambda: toasts(app), "the toast")
        assert toasts(app) == ["Team board|Read the team file at 10:30 — 8 reps and 1 manager on the board."]
