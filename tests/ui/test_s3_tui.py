"""The dashboard with its team file on object storage (moto's S3 server and Azure's emulator Azurite on
loopback, tests/support/objstores.py; each test runs on both): syncs through its workers,
shows "offline, last synced HH:MM" with backoff when the endpoint is gone, watches the object no
faster than every 10 s, and never touches the network on the UI thread.

The backend is the real one; the tests wrap it in `Recording`, which passes every call through
and notes the thread it ran on (instrumentation, not a stand-in: the requests still go to the server).
"""

from __future__ import annotations

import threading
import time

import pendulum
import pytest
from objstores import BACKENDS, VARS, running
from waiting import settled_until

from repdash.services import team_sync
from repdash.sync import teamfile, teamio

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")


class Recording:
    """The real backend, with a log of (call, thread id) for every call that may touch the network."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.scheme, self.location = backend.scheme, backend.location
        self.calls: list[tuple[str, int]] = []

    def session(self):
        return self.backend.session()

    def read(self):
        self.calls.append(("read", threading.get_ident()))
        return self.backend.read()

    def write(self, data, expected):
        self.calls.append(("write", threading.get_ident()))
        return self.backend.write(data, expected)

    def signature(self):
        self.calls.append(("signature", threading.get_ident()))
        return self.backend.signature()

    def count(self, name: str) -> int:
        return sum(1 for n, _ in self.calls if n == name)


@pytest.fixture
def recorded(monkeypatch):
    """Every backend the app opens, recorded."""
    opened: list[Recording] = []
    real = teamio.open_backend

    def open_recorded(store):
        backend = real(store)
        if backend is not None:
            opened.append(Recording(backend))
            return opened[-1]
        return None

    monkeypatch.setattr(teamio, "open_backend", open_recorded)
    return opened


def use_endpoint(monkeypatch, server) -> None:
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REPDASH_TEAM_FILE", raising=False)


def calls_on_server(server, rep_id: str) -> int | None:
    entry = teamfile.parse(server.get_raw("team.json")).valid.get(rep_id)
    return entry.today.get("call") if entry else None


def sync_line(app) -> str:
    return str(app.screen.query_one("#sync-line").render())


@pytest.mark.parametrize("scheme", BACKENDS)
async def test_dashboard_syncs_to_the_store_and_shows_offline_with_backoff(store, monkeypatch, recorded, scheme):
    from repdash.ui.app import RepdashApp

    with running(scheme) as server:
        use_endpoint(monkeypatch, server)
        store.update_config(team_file=server.url())
        app = RepdashApp(store, clock=lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            ui_thread = threading.get_ident()
            rep_id = store.config.rep_id
            await pilot.press("c", "c", "s")
            assert await settled_until(pilot, lambda: calls_on_server(server, rep_id) == 2)
            assert await settled_until(pilot, lambda: app.sync is not None and app.sync.status_text() == "synced 10:30")
            assert store.team_cache()["reps"][0]["name"] == "Ana Smith"

            server.stop()  # the endpoint goes away mid-run
            await pilot.press("s")
            assert await settled_until(
                pilot, lambda: app.sync is not None and app.sync.status_text().startswith("offline")
            )
            assert app.sync.status_text() == "offline, last synced 10:30"
            assert "offline, last synced 10:30" in sync_line(app)
            assert not app.sync_ok
            # Backoff: the next try waits, and a watcher tick during it asks nothing of the endpoint.
            assert app.sync.failures >= 1 and app.sync.next_try - time.monotonic() > 3
            asked = len(recorded[0].calls)
            for _ in range(3):
                app.sync._tick()
                await app.workers.wait_for_complete()
            assert len(recorded[0].calls) == asked
            # Logging never waits on the network: the count is on disk at once.
            await pilot.press("c")
            assert store.day_counts(store.today(NOW))["call"] == 3
            assert app.summary["today"]["call"] == 3
            await pilot.pause()

    network_calls = recorded[0].calls
    assert {name for name, _ in network_calls} >= {"read", "write", "signature"}
    assert all(thread != ui_thread for _, thread in network_calls), "a network call ran on the UI thread"


@pytest.mark.parametrize("scheme", BACKENDS)
async def test_dashboard_started_offline_says_since_when(store, monkeypatch, recorded, scheme):
    """Synced earlier (10:30), opened when the endpoint is unreachable: offline at once, no hang, keys work."""
    from repdash.ui.app import RepdashApp

    with running(scheme) as server:
        use_endpoint(monkeypatch, server)
        store.update_config(team_file=server.url())
        team_sync.sync_now(store, NOW, backend=teamio.backend_for(server.url()))
    app = RepdashApp(store, clock=lambda: NOW.add(hours=2))
    async with app.run_test(size=(100, 30)) as pilot:
        ui_thread = threading.get_ident()
        assert await settled_until(pilot, lambda: app.sync is not None and app.sync.status_text().startswith("offline"))
        assert app.sync.status_text() == "offline, last synced 10:30"
        await pilot.press("c")
        assert store.day_counts(store.today(NOW))["call"] == 1
    assert recorded and all(t != ui_thread for _, t in recorded[0].calls)


async def test_the_watcher_looks_at_the_store_at_most_every_10_seconds(store, bucket, recorded):
    from repdash.ui.app import RepdashApp
    from repdash.ui.syncing import OBJECT_POLL, POLL, watch_every

    store.update_config(team_file=bucket.url())
    app = RepdashApp(store, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        ui_thread = threading.get_ident()
        assert await settled_until(pilot, lambda: app.sync is not None and app.sync.status_text() == "synced 10:30")
        backend = recorded[0]
        assert watch_every(backend) == OBJECT_POLL == 10.0 and POLL < OBJECT_POLL
        # Just published: the object was read, so the watcher waits a full interval before a HEAD.
        assert app.sync.next_poll - time.monotonic() > OBJECT_POLL - 3
        heads = backend.count("signature")
        app.sync.next_poll = 0.0  # as if 10 s had passed
        for _ in range(5):  # five ticks in quick succession: one HEAD
            app.sync._tick()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert backend.count("signature") == heads + 1
        # Another rep publishes: the next look (10 s on) sees the new ETag and reads the team.
        teamio.publish(
            teamio.backend_for(bucket.url()),
            teamfile.validate_entry(
                "rep-x",
                {
                    "rep_id": "rep-x",
                    "rev": 1,
                    "name": "Xena",
                    "tz": "Europe/Berlin",
                    "date": "2026-11-26",
                    "last_sync": "2026-11-26T10:29:00+01:00",
                    "today": {"call": 9},
                    "week": {"call": 9},
                    "targets": {"call": 40},
                },
            ),
        )
        app.sync.next_poll = 0.0
        app.sync._tick()
        assert await settled_until(
            pilot, lambda: any(r["name"] == "Xena" for r in (app.team_view or {}).get("reps", []))
        )
    assert all(t != ui_thread for _, t in backend.calls)


async def test_a_bad_object_pauses_sync_in_the_dashboard_and_is_left_untouched(store, bucket, recorded):
    from repdash.ui.app import RepdashApp

    foreign = b'{"format": "someone-elses-app", "items": []}'
    bucket.put_raw("team.json", foreign)
    store.update_config(team_file=bucket.url())
    app = RepdashApp(store, clock=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await settled_until(pilot, lambda: app.sync.reason == "foreign")
        assert app.sync.status_text() == "⚠ team file team.json is not a repdash team file: left untouched, sync paused"
        await pilot.press("c", "s")
        await settled_until(pilot, lambda: app.sync.failures >= 2, tries=20)
        assert store.day_counts(store.today(NOW))["call"] == 1
    assert bucket.get_raw("team.json") == foreign
