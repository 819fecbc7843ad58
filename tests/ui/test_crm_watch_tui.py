"""The dashboard's watched folder: a CRM export landing there is imported by a worker, the
dashboard redraws and a toast says what came in (`repdash crm watch FOLDER`)."""

from __future__ import annotations

import shutil

import paths

from repdash.ui.app import RepdashApp

FIXTURES = paths.FIXTURES / "crm"


async def _settled(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_export_in_the_watched_folder_lands_on_the_dashboard(store, frozen_now, tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    shutil.copy(FIXTURES / "hubspot_calls_api.csv", folder)
    store.update_config(crm={"watch": str(folder), "owner": {"hubspot": "111"}})
    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settled(pilot)
        assert app.summary["today"]["call"] == 1  # the 23:30 UTC call of the 25th is today in Berlin
        assert app.summary["week"]["call"] == 3
        assert app.summary["crm_backed_week_pct"] == 100
        toasts = [(n.title, n.message) for n in app._notifications]
        assert ("Imported hubspot_calls_api.csv", "HubSpot: 3 calls") in toasts
        # a file that is no CRM export is said once, and nothing else changes
        (folder / "notes.csv").write_text("a,b\n1,2\n")
        from repdash.ui.crm_watch import CrmWatch

        CrmWatch(app, str(folder)).check()
        await _settled(pilot)
        titles = [n.title for n in app._notifications]
        assert "CRM export not imported: notes.csv" in titles
        assert app.summary["week"]["call"] == 3


def test_crm_watch_command_sets_shows_and_stops(run_cli, tmp_path):
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin").code == 0
    assert run_cli("crm", "watch").out == "The dashboard watches no folder.\n"
    res = run_cli("crm", "watch", str(tmp_path))
    assert res.code == 0 and str(tmp_path.resolve()) in res.out
    assert str(tmp_path.resolve()) in run_cli("crm", "watch").out
    bad = run_cli("crm", "watch", str(tmp_path / "nope"))
    assert bad.code == 2 and "not a folder" in bad.err
    assert run_cli("crm", "watch", "--off").code == 0
    assert run_cli("crm", "watch").out == "The dashboard watches no folder.\n"
