"""Onboarding as people really type: bursts, pastes, and a start in the middle of a period."""

from __future__ import annotations

import pendulum
from textual import events
from waiting import until

from repdash.services.sales_report import report_for
from repdash.store.local import LocalStore
from repdash.ui.app import RepdashApp

WED_18 = pendulum.parse("2026-11-18T09:00:00+01:00")


def burst(app, text: str) -> None:
    """Keys as a terminal delivers a fast typist's burst: all queued before any is handled."""
    for ch in text:
        if ch == "\t":
            app.post_message(events.Key("tab", None))
        else:
            app.post_message(events.Key("space" if ch == " " else ch, ch))


def fields(app) -> dict[str, str]:
    return {w.id: w.value for w in app.screen.query("Input")}


async def test_a_burst_of_keys_fills_each_field(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        burst(app, "Bo Fast\t25\t5\t2")
        await until(pilot, lambda: fields(app)["ob-commit"] == "2", "the last key of the burst")
        got = fields(app)
        assert (got["ob-name"], got["ob-call"], got["ob-pitch"], got["ob-commit"]) == ("Bo Fast", "25", "5", "2")


async def test_a_pasted_row_fills_the_fields_in_order(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.focused.post_message(events.Paste("Bo Fast\t25\t5\t2\t1\t12"))
        await pilot.pause()
        got = fields(app)
        assert got["ob-name"] == "Bo Fast"
        assert [got[f"ob-{k}"] for k in ("call", "pitch", "commit", "deal", "quota")] == ["25", "5", "2", "1", "12"]
        await pilot.press("enter")
        await pilot.pause()
    config = LocalStore(home).config
    assert config.name == "Bo Fast" and config.quota == 12 and config.targets["call"] == 25


async def test_a_plain_paste_into_name_still_works(home, frozen_now):
    app = RepdashApp(LocalStore(home), clock=lambda: frozen_now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.focused.post_message(events.Paste("Ana Smith"))
        await pilot.pause()
        assert fields(app)["ob-name"] == "Ana Smith"


async def test_onboarding_mid_month_says_the_quota_is_prorated(home):
    app = RepdashApp(LocalStore(home), clock=lambda: WED_18)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#ob-quota").value = "15"
        await pilot.pause()
        hint = str(app.screen.query_one("#ob-prorated").render())
        assert "From today: 7 of 15 deals this month (prorated: 9 of 21 working days)" in hint
        await pilot.press(*"Nia", "enter")
        await pilot.pause()
    store = LocalStore(home)
    assert report_for(store, WED_18)["quota_this_period"] == 7


async def test_deals_already_closed_are_backfilled_and_mean_a_full_quota(home):
    app = RepdashApp(LocalStore(home), clock=lambda: WED_18)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#ob-quota").value = "15"
        app.screen.query_one("#ob-closed").value = "3"
        await pilot.pause()
        assert "count toward this month's full quota of 15" in str(app.screen.query_one("#ob-prorated").render())
        await pilot.press(*"Nia", "enter")
        await pilot.pause()
    store = LocalStore(home)
    report = report_for(store, WED_18)
    assert report["deals_so_far"] == 3 and report["quota_this_period"] == 15
    assert store.day_counts(pendulum.date(2026, 11, 2)) == {"deal": 3}  # the month's first working day
