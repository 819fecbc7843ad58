"""`repdash serve`: where it listens, bad input, the data path to a board, stopping every board it started."""

from __future__ import annotations

import asyncio
import signal
import sys

import aiohttp
import pytest
from serving import Served, alive, cmdline, listening_addresses, make_team_home
from teamfile_data import doc, entry, write

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


async def _board_text(url: str, until: bytes, *, size=(100, 30), timeout: float = 30) -> bytes:
    """Open a tab's websocket as the browser does; collect the board's output until `until` shows."""
    got = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url.replace("http", "ws", 1) + f"/ws?width={size[0]}&height={size[1]}") as ws:
            async with asyncio.timeout(timeout):
                async for msg in ws:
                    if msg.type == aiohttp.WSMsgType.BINARY:
                        got += msg.data
                        if until in got:
                            return got
    raise AssertionError(f"{until!r} never drawn; got {got[-300:]!r}")


def test_listens_on_loopback_only_by_default(tmp_path):
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert listening_addresses(served.proc.pid) == {"127.0.0.1"}
        code, _, err = served.stop()
    assert code == 0
    assert err == ""  # loopback: no warning


def test_any_other_host_warns_in_one_line(tmp_path):
    home, _ = make_team_home(tmp_path)
    with Served(home, "--host", "0.0.0.0") as served:
        assert listening_addresses(served.proc.pid) == {"0.0.0.0"}
        code, _, err = served.stop()
    assert code == 0
    assert err.count("\n") == 1 and "everyone" in err and "standings" in err


@pytest.mark.parametrize(
    "args, says",
    [
        (["--port", "70000"], "--port"),
        (["--port", "http"], "--port"),
        (["--host", "no-such-host.invalid"], "--host"),
        (["--host", "192.0.2.1"], "not an address of this machine"),  # TEST-NET-1: never ours
        (["--public-url", "ftp://board"], "--public-url"),
    ],
)
def test_bad_port_or_host_is_one_line_exit_2(run_cli, home, tmp_path, args, says):
    team = write(tmp_path / "team.json", doc([entry(1, "Ana Smith", {"call": 40})]))
    r = run_cli("serve", *args, env={"REPDASH_TEAM_FILE": str(team)})
    assert r.code == 2, r
    assert r.err.count("\n") == 1 and says in r.err
    assert r.out == ""


def test_no_team_file_is_exit_2(run_cli):
    r = run_cli("serve")
    assert r.code == 2
    assert "no team file configured" in r.err and r.err.count("\n") == 1


def test_a_port_in_use_is_exit_1(run_cli, tmp_path):
    import socket

    team = write(tmp_path / "team.json", doc([entry(1, "Ana Smith", {"call": 40})]))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        r = run_cli("serve", "--port", str(taken.getsockname()[1]), env={"REPDASH_TEAM_FILE": str(team)})
    assert r.code == 1
    assert "already in use" in r.err and r.err.count("\n") == 1


def test_each_tab_gets_a_board_of_the_env_team_file_and_ctrl_c_stops_them_all(tmp_path):
    """REPDASH_TEAM_FILE reaches the board processes; SIGINT to the server alone ends every board."""
    home, _ = make_team_home(tmp_path)
    other = write(
        tmp_path / "other.json",
        doc([entry(1, "Zed Override", {"call": 40, "pitch": 8}), entry(2, "Yan Elsewhere", {"call": 40, "pitch": 8})]),
    )
    with Served(home, env={"REPDASH_TEAM_FILE": str(other)}) as served:

        async def two_tabs():
            # Both tabs stay open while the process tree is read.
            async with aiohttp.ClientSession() as session:
                tabs = [
                    await session.ws_connect(served.url.replace("http", "ws", 1) + "/ws?width=100&height=30")
                    for _ in range(2)
                ]
                seen = [b"", b""]
                async with asyncio.timeout(30):
                    while not all(b"Zed Override" in s for s in seen):
                        for i, tab in enumerate(tabs):
                            if b"Zed Override" not in seen[i]:
                                msg = await tab.receive()
                                if msg.type == aiohttp.WSMsgType.BINARY:
                                    seen[i] += msg.data
                boards = {pid: cmdline(pid) for pid in served.descendants()}
                return seen, boards, served.stop(signal.SIGINT)

        seen, boards, (code, out, err) = asyncio.run(two_tabs())
    assert all(b"Ana Smith" not in s for s in seen)  # the configured team file was overridden
    assert len(boards) == 2, boards  # one process per tab, no shell in between
    assert all("repdash.ui.served_board" in line and f"--home {home}" in line for line in boards.values()), boards
    assert code == 0, err
    assert [p for p in boards if alive(p)] == []
    assert "Traceback" not in out + err


def test_a_server_killed_outright_leaves_no_board_behind(tmp_path):
    """SIGKILL gives the server no chance to stop its boards: each notices its parent is gone and quits."""
    import time

    home, _ = make_team_home(tmp_path)
    with Served(None, env={"REPDASH_HOME": str(home)}) as served:  # the home from the environment

        async def open_tab():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(served.url.replace("http", "ws", 1) + "/ws?width=100&height=30") as ws:
                    got = b""
                    async with asyncio.timeout(30):
                        while b"Ana Smith" not in got:
                            msg = await ws.receive()
                            got += msg.data if msg.type == aiohttp.WSMsgType.BINARY else b""
                    boards = {pid: cmdline(pid) for pid in served.descendants()}
                    served.proc.kill()
                    served.proc.wait()
                    return boards

        boards = asyncio.run(open_tab())
    assert boards and all(f"--home {home}" in line for line in boards.values()), boards
    deadline = time.monotonic() + 15
    while [p for p in boards if alive(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in boards if alive(p)] == []


def test_team_tv_without_a_terminal_points_to_serve(run_cli, tmp_path):
    """What the issue's user tried (`repdash team --tv` under textual-serve): the text board, and the way
    to a browser."""
    team = write(tmp_path / "team.json", doc([entry(1, "Ana Smith", {"call": 40, "pitch": 8})]))
    r = run_cli("team", "--tv", env={"REPDASH_TEAM_FILE": str(team)})
    assert r.code == 0 and "Ana Smith" in r.out
    assert r.err == "repdash: --tv needs a terminal; for a browser or a TV, run `repdash serve`\n"
    assert run_cli("team", env={"REPDASH_TEAM_FILE": str(team)}).err == ""
