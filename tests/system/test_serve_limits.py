"""`repdash serve` under a hostile tab (issue 26 item 3): sizes clamped, boards capped, boards that end
with their tab or server, no directory listings, one log line per bad message, exit 0 on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from serving import Served, alive, make_team_home

from repdash.ui import serve_limits

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _ws(served: Served, width: int = 100, height: int = 30) -> str:
    return served.url.replace("http", "ws", 1) + f"/ws?width={width}&height={height}"


async def _drawn(ws, until: bytes = b"Ana Smith", timeout: float = 60) -> int:
    got = b""
    async with asyncio.timeout(timeout):
        while until not in got:
            msg = await _receive(ws)
            assert msg.type == aiohttp.WSMsgType.BINARY, msg
            got += msg.data
    return len(got)


CLOSED = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


async def _receive(ws):
    """The next message; AssertionError once the socket is closed (receive() would return at once, forever)."""
    msg = await ws.receive()
    assert msg.type not in CLOSED, msg
    return msg


async def _busy_tab(session, served: Served):
    """The attack of the issue: a tab at 10000 x 10000 that keeps resizing (its board draws as fast as it can)."""
    ws = await session.ws_connect(_ws(served, 10_000, 10_000), max_msg_size=0)
    async with asyncio.timeout(60):
        while (await _receive(ws)).type != aiohttp.WSMsgType.BINARY:
            pass
    for i in range(20):
        await ws.send_str(json.dumps(["resize", {"width": 10_000 - i, "height": 10_000 - i}]))
    return ws


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def test_sizes_are_clamped_and_a_resize_flood_stays_bounded(tmp_path):
    """Seen: one resize to 10000 x 10000 made a board stream 100 MB frames (401 MB in 7 s, 627 MB RSS)."""
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:

        async def flood():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(_ws(served, 10_000, 10_000)) as ws:
                    await _drawn(ws)
                    (board,) = served.descendants()
                    env = _environ(board)
                    got, peak, start = 0, 0.0, time.monotonic()
                    sizes = [{"width": 10_000, "height": 10_000}, {"width": 9_000, "height": 7_000}, {"width": 1e300}]
                    i = 0
                    while time.monotonic() - start < 6:
                        for _ in range(20):  # 20 resizes a burst, ~200 a second
                            await ws.send_str(json.dumps(["resize", sizes[i % len(sizes)]]))
                            i += 1
                        try:
                            async with asyncio.timeout(0.1):
                                while True:
                                    msg = await _receive(ws)
                                    if msg.type == aiohttp.WSMsgType.BINARY:
                                        got += len(msg.data)
                        except TimeoutError:
                            pass
                        peak = max(peak, _rss_mb(board))
                    return env, got / (time.monotonic() - start), peak, i

        env, rate, peak, sent = asyncio.run(flood())
        code, out, err = served.stop()
    assert (env["COLUMNS"], env["ROWS"]) == (str(serve_limits.MAX_COLUMNS), str(serve_limits.MAX_ROWS))
    print(f"resize flood: {sent} resizes, {rate / 1e6:.2f} MB/s to the tab, board RSS peak {peak:.0f} MB")
    assert sent > 500
    assert rate < 8e6, rate  # was ~57 MB/s
    assert peak < 150, peak
    assert code == 0 and "Traceback" not in out + err


def test_bad_messages_are_one_log_line_each_and_the_tab_goes_on(tmp_path):
    home, _ = make_team_home(tmp_path)
    bad = ["not json", "[]", '{"a": 1}', '["resize"]', '["stdin", 5]', '["nope", 1]', "[" * 5000 + "]" * 5000]
    with Served(home) as served:

        async def tab():
            async with aiohttp.ClientSession() as session:
                async with session.ws_connect(_ws(served)) as ws:
                    await _drawn(ws)
                    for frame in bad:
                        await ws.send_str(frame)
                    await ws.send_str(json.dumps(["ping", "still-here"]))
                    async with asyncio.timeout(10):
                        while True:
                            msg = await _receive(ws)
                            if msg.type == aiohttp.WSMsgType.TEXT and "still-here" in msg.data:
                                return

        asyncio.run(tab())
        code, out, err = served.stop()
    assert code == 0 and "Traceback" not in out + err, err
    assert err.count("ignored a bad message from a tab") == len(bad), err
    assert len(err.splitlines()) == len(bad), err


def test_no_directory_listings_under_static(tmp_path):
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:

        async def get(path: str) -> tuple[int, str]:
            async with aiohttp.ClientSession() as session:
                async with session.get(served.url + path) as response:
                    return response.status, await response.text()

        listing = asyncio.run(get("/static/"))
        js = asyncio.run(get("/static/js/textual.js"))
        served.stop()
    assert listing[0] in (403, 404) and "Index of" not in listing[1]
    assert js[0] == 200


@pytest.mark.slow
def test_twenty_tabs_get_sixteen_boards_and_a_polite_page(tmp_path):
    """Seen: 50 tabs started 52 board processes."""
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:

        async def tabs():
            async with aiohttp.ClientSession() as session:
                sockets = await asyncio.gather(*(session.ws_connect(_ws(served, 60, 20)) for _ in range(20)))
                refused, closes = 0, []
                for ws in sockets:
                    try:
                        async with asyncio.timeout(60):
                            msg = await ws.receive()
                    except TimeoutError:
                        continue
                    if msg.type == aiohttp.WSMsgType.BINARY and b"already shows 16 boards" in msg.data:
                        refused += 1
                        closes.append((await ws.receive()).type)
                boards = served.descendants()
                async with session.get(served.url + "/") as page:
                    index = page.status, await page.text()
                for ws in sockets:
                    await ws.close()
                return refused, closes, boards, index

        refused, closes, boards, index = asyncio.run(tabs())
        deadline = time.monotonic() + 10
        while served.descendants() and time.monotonic() < deadline:
            time.sleep(0.1)
        left = served.descendants()
        code, out, err = served.stop()
    assert len(boards) == serve_limits.MAX_BOARDS and refused == 4, (len(boards), refused)
    assert all(c == aiohttp.WSMsgType.CLOSE for c in closes), closes
    assert index[0] == 503 and "All boards are in use" in index[1]
    assert left == set()
    assert code == 0 and "Traceback" not in out + err


def test_a_closed_tab_ends_its_board_within_3_seconds_even_mid_flood(tmp_path):
    """Seen: a board outlived its tab by 10 s."""
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:

        async def tab():
            async with aiohttp.ClientSession() as session:
                ws = await _busy_tab(session, served)
                boards = served.descendants()
                await ws.close()
                return boards, time.monotonic()

        boards, closed = asyncio.run(tab())
        while [p for p in boards if alive(p)] and time.monotonic() - closed < 15:
            time.sleep(0.05)
        took = time.monotonic() - closed
        served.stop()
    assert boards and took < 3, took


def test_a_sigkilled_server_leaves_no_board_alive_after_3_seconds(tmp_path):
    """Seen: a board outlived the server by 4 s, and one orphan grew to 2.1 GB at 100 % CPU."""
    home, _ = make_team_home(tmp_path)
    with Served(home) as served:

        async def tabs():
            async with aiohttp.ClientSession() as session:
                tabs = [await _busy_tab(session, served) for _ in range(2)]
                boards = served.descendants()
                assert len(tabs) == 2
                served.proc.kill()
                killed = time.monotonic()
                served.proc.wait()
                return boards, killed

        boards, killed = asyncio.run(tabs())
    while [p for p in boards if alive(p)] and time.monotonic() - killed < 15:
        time.sleep(0.05)
    assert len(boards) == 2 and [p for p in boards if alive(p)] == [], boards
    assert time.monotonic() - killed < 3


def test_sigterm_with_busy_boards_exits_0(tmp_path):
    """Seen: SIGTERM with a busy board exited 1 with a traceback (1 run in 2)."""
    home, _ = make_team_home(tmp_path)
    for _ in range(3):
        with Served(home) as served:

            async def busy():
                async with aiohttp.ClientSession() as session:
                    ws = await _busy_tab(session, served)
                    served.proc.send_signal(signal.SIGTERM)
                    async with asyncio.timeout(30):
                        while (await ws.receive()).type not in CLOSED:
                            pass

            asyncio.run(busy())
            code, out, err = served.stop()
        assert code == 0 and "Traceback" not in out + err, err


def test_clamp_and_read_frame():
    assert serve_limits.clamp_size("10000", "10000") == (400, 150)
    assert serve_limits.clamp_size("9" * 5000, "-3") == (80, 24)
    assert serve_limits.clamp_size(0, 1) == (20, 5)
    assert serve_limits.clamp_size(float("nan"), float("inf")) == (80, 24)
    assert serve_limits.read_frame('["resize", {"width": 1e300, "height": true}]') == ("resize", (80, 24))
    assert serve_limits.read_frame('["stdin", "n"]') == ("stdin", "n")
    for frame in ["x", "{}", "[1]", '["ping", [1]]', '["stdin"]']:
        with pytest.raises(serve_limits.BadFrame):
            serve_limits.read_frame(frame)
