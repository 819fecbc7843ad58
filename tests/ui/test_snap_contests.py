"""Contests on every screen (issue 23): the dashboard card, the board's Contests tab and the TV's contest
page, at 80x24 and 160x45, frozen clock; the card follows a teammate's entry; names shown literally."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from contest_views import with_contests
from teamfile_data import demo_team, write

from repdash.store.local import LocalStore

SIZES = [(80, 24), (160, 45)]
NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")
LAST_HOUR = pendulum.parse("2026-11-28T23:20:00+01:00").in_timezone("UTC")


def _local(now) -> dt.datetime:
    return dt.datetime.fromtimestamp(now.timestamp(), tz=dt.timezone(dt.timedelta(hours=1)))


@pytest.fixture
def rep_home(tmp_path, monkeypatch):
    """Ana Smith, a rep on the demo team (a team file), with contests in every team view."""
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    (tmp_path / "share").mkdir()
    team = write(tmp_path / "share" / "team.json", demo_team())
    store = LocalStore(tmp_path / "home")
    store.init("Ana Smith", team_file=str(team), tz="Europe/Berlin", now=NOW)
    return store


def _manager_home(tmp_path, monkeypatch, now=NOW):
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)
    (tmp_path / "share").mkdir()
    team = write(tmp_path / "share" / "team.json", demo_team())
    store = LocalStore(tmp_path / "home")
    store.init("Maria Chen", team_file=str(team), tz="Europe/Berlin", manager=True, now=NOW)
    with_contests(monkeypatch, "not-a-participant", _local(now))
    return store


async def _synced(pilot) -> None:
    for _ in range(100):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if getattr(pilot.app, "team_view", None) is not None:
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _card_shown(pilot) -> None:
    """Synced, the contest card mounted (after the first frame) and no banner up: the cheers a sync
    raises come and go on a timer, so a snapshot taken under load could catch either; they are
    tested on their own (test_card_follows_a_teammates_entry, test_trophy_case_keeps_a_won_contest)."""
    await _synced(pilot)
    app = pilot.app
    for _ in range(100):
        if app.query("#card-contest"):
            break
        await pilot.pause(0.05)
    for _ in range(10):
        banner = app.celebration()
        if banner is None or not banner.has_class("-showing"):
            break
        banner.dismiss()
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _dash(store, now=NOW):
    from repdash.ui.app import RepdashApp

    return RepdashApp(store, clock=lambda: now)


def _board(store, now=NOW, tv=False):
    from repdash.ui.team_app import TeamApp

    return TeamApp(store, clock=lambda: now, tv=tv)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_contest_card(snap_compare, rep_home, monkeypatch, size):
    """#2 of 5, 139 calls, "4 calls to pass Ben", 2d 13h left, the prize literally, "+1 more"."""
    with_contests(monkeypatch, rep_home.config.rep_id, _local(NOW))
    assert snap_compare(_dash(rep_home), terminal_size=size, run_before=_card_shown)


def test_dashboard_contest_card_last_hour(snap_compare, rep_home, monkeypatch):
    with_contests(monkeypatch, rep_home.config.rep_id, _local(LAST_HOUR))
    assert snap_compare(_dash(rep_home, LAST_HOUR), terminal_size=(80, 24), run_before=_card_shown)


@pytest.mark.parametrize("size", SIZES)
def test_board_contests_tab(snap_compare, tmp_path, monkeypatch, size):
    store = _manager_home(tmp_path, monkeypatch)
    assert snap_compare(_board(store), terminal_size=size, press=["4"], run_before=_settle)


@pytest.mark.parametrize("size,turns", [((80, 24), 3), ((160, 45), 2)])
def test_tv_contest_page(snap_compare, tmp_path, monkeypatch, size, turns):
    """standings (two pages at 80x24) → momentum → contest: the running contest, its countdown in block type."""
    store = _manager_home(tmp_path, monkeypatch)
    assert snap_compare(_board(store, tv=True), terminal_size=size, press=["n"] * turns, run_before=_settle)


def test_tv_contest_pages_turn_to_the_winners_then_back_to_standings(snap_compare, tmp_path, monkeypatch):
    """Contest 3/3 is the one that ended yesterday: its winners; the next `n` goes back to standings."""
    store = _manager_home(tmp_path, monkeypatch)
    assert snap_compare(_board(store, tv=True), terminal_size=(160, 45), press=["n"] * 4, run_before=_settle)


def test_tv_contest_page_last_hour(snap_compare, tmp_path, monkeypatch):
    store = _manager_home(tmp_path, monkeypatch, LAST_HOUR)
    assert snap_compare(
        _board(store, LAST_HOUR, tv=True), terminal_size=(160, 45), press=["n", "n"], run_before=_settle
    )


async def test_card_follows_a_teammates_entry(rep_home, monkeypatch):
    """Ben's entry moves past Ana's and then falls behind: the card's place and chase line follow,
    and taking the lead is celebrated."""
    state = with_contests(monkeypatch, rep_home.config.rep_id, _local(NOW))
    app = _dash(rep_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await _synced(pilot)
        card = app.screen.query_one("#card-contest")
        assert card.card is not None and card.card.place == 2
        assert card.card.chase == "4 calls to pass Ben Okafor"
        state["calls"]["Ben Okafor"] = 100  # a teammate's new entry: Ben is behind now
        cheered = []
        monkeypatch.setattr(app, "cheer", lambda title, sub="", **k: cheered.append((title, sub)))
        app.sync.request_sync("manual")
        for _ in range(100):
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if card.card is not None and card.card.place == 1:
                break
        assert card.card.place == 1
        assert card.card.chase == "you lead by 19 calls"
        assert ("You took the lead!", "December call blitz") in cheered


def test_trophy_case_keeps_a_won_contest(snap_compare, rep_home, monkeypatch):
    """`a` on the dashboard: the contest won yesterday heads the trophy room, its name and prize literal."""
    with_contests(monkeypatch, rep_home.config.rep_id, _local(NOW))

    async def synced_then_banner_gone(pilot):
        await _synced(pilot)
        banner = pilot.app.celebration()
        if banner is not None:
            banner.remove()  # the "You won a contest!" banner: this snapshot is of the trophy room
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(_dash(rep_home), terminal_size=(80, 24), run_before=synced_then_banner_gone)
