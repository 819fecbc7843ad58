"""`repdash serve` on the new layout: a team location's board in a tab (what every rep sees: it is a
wall), and `serve --org` (a director's org board, no home needed). Real processes, a real websocket."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp
import pytest
from org_data import NOW, build_org
from serving import Served

from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now
from repdash.store.local import LocalStore
from repdash.sync.layout import LayoutBackend, open_layout

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


async def _board_text(url: str, until: bytes, *, timeout: float = 40) -> bytes:
    got = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url.replace("http", "ws", 1) + "/ws?width=100&height=30") as ws:
            async with asyncio.timeout(timeout):
                async for msg in ws:
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        got += msg.data
                        if until in got:
                            return got
    raise AssertionError(f"{until!r} never drawn; got {got[-300:]!r}")


def test_a_team_location_on_the_wall(tmp_path):
    (tmp_path / "team").mkdir()
    url = str(tmp_path / "team") + "/"
    backend = LayoutBackend(open_layout(url))
    mgr = LocalStore(tmp_path / "mgr")
    mgr.init("Maria Chen", team_file=url, tz="Europe/Berlin", manager=True, now=NOW)
    team_layout.set_up_identity(mgr)
    sync_now(mgr, NOW, backend=backend)
    ana = LocalStore(tmp_path / "ana")
    ana.init("Ana Wallboard", team_file=url, tz="Europe/Berlin", now=NOW)
    team_layout.set_up_identity(ana)
    sync_now(ana, NOW, backend=backend)
    team_admin.admit(mgr, backend, "Ana Wallboard", NOW.isoformat())
    before = sorted(p.name for p in (tmp_path / "mgr").iterdir())
    with Served(tmp_path / "mgr") as served:
        got = asyncio.run(_board_text(served.url, b"Ana Wallboard"))
        code, _, err = served.stop(signal.SIGINT)
    assert b"Ana Wallboard" in got
    assert code == 0 and "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "mgr").iterdir()) == before  # the wall writes nothing home


def test_serve_org(tmp_path):
    url = str(tmp_path / "org") + "/"
    build_org(tmp_path, url)
    with Served(None, "--org", url) as served:
        got = asyncio.run(_board_text(served.url, b"north"))
        code, _, err = served.stop(signal.SIGINT)
    assert b"Org board" in got and b"east" in got
    assert code == 0 and "Traceback" not in err
