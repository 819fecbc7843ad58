"""The sync controller in the running dashboard: publishes in a worker, reports offline without blocking."""

from __future__ import annotations

import pendulum
from waiting import settled_until

from repdash.sync import teamfile
from repdash.sync.filestore import FileBackend

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")


def _calls(team, rep_id) -> int | None:
    entry = teamfile.parse(team.read_bytes()).valid.get(rep_id)
    return entry.today.get("call") if entry else None


async def test_dashboard_publishes_and_goes_offline(store, tmp_path):
    from repdash.ui.app import RepdashApp

    team = tmp_path / "share" / "team.json"
    team.parent.mkdir()
    store.update_config(team_file=str(team))
    app = RepdashApp(store, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await settled_until(pilot, lambda: team.exists())
        await pilot.press("c")
        await pilot.press("s")
        assert await settled_until(pilot, lambda: _calls(team, store.config.rep_id) == 1)
        assert app.sync.status_text().startswith("synced")
        assert store.team_cache()["reps"][0]["name"] == "Ana Smith"
        app.sync.backend = FileBackend(tmp_path / "gone" / "team.json")  # the share disappears
        await pilot.press("s")
        assert await settled_until(pilot, lambda: app.sync.status_text().startswith("offline"))
        assert app.sync.status_text() == "offline, last synced 10:30"
        await pilot.press("c")  # logging keeps working
        assert store.day_counts(store.today(NOW))["call"] == 2
