"""`repdash serve` in a real browser: Debian's Chromium driven by playwright (no browser download).

The board must draw (read back from the screenshot by tesseract), the keys that write
in the rep's dashboard must change nothing here, and stopping the server must leave
no board process behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from chromium import CHROMIUM, FLAGS
from serving import NAMES, NOW, Served, alive, files_of, make_team_home

pytestmark = [
    # Skipped only on a developer machine without chromium: CI (.ci/run installs it) must run it.
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian's chromium is not installed (apt-get install chromium tesseract-ocr)",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc"),
]


def ocr(png: Path) -> str:
    assert shutil.which("tesseract"), "tesseract is not installed (.ci/run installs tesseract-ocr)"
    return subprocess.run(
        ["tesseract", str(png), "-", "--psm", "3"], capture_output=True, text=True, timeout=60, check=True
    ).stdout


class Tab:
    """One browser tab on the board; `wait_for_output` waits on the board's websocket frames."""

    def __init__(self, page) -> None:
        self.page = page
        self.received = b""
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.received += bytes(payload)

    def wait_for_output(self, text: bytes, *, after: int = 0, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.received[after:]:
            assert time.monotonic() < deadline, f"{text!r} never drawn"
            self.page.wait_for_timeout(50)  # lets playwright deliver the next frames

    def painted(self) -> None:
        """Two animation frames: xterm.js has put what it received on the canvas."""
        self.page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_the_board_in_chromium_draws_ignores_writing_keys_and_stops_clean(tmp_path):
    from playwright.sync_api import sync_playwright

    home, team = make_team_home(tmp_path)
    before = files_of(home, team.parent)
    with Served(home, "--rotate", "0") as served, sync_playwright() as pw:  # only `n` turns the page
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            tab = Tab(page)
            page.goto(served.url)
            page.wait_for_selector("body.-first-byte", timeout=20_000)
            tab.wait_for_output(b"Finn Weber")  # the last ranked rep: the standings are drawn
            tab.painted()
            shot = tmp_path / "board.png"
            page.screenshot(path=str(shot))
            text = ocr(shot)
            missing = [n for n in NAMES if n not in text]
            assert not missing, f"not on the screenshot: {missing}\n--- OCR ---\n{text}"
            assert b"STANDINGS" in tab.received  # the header names the page (dark on accent: not for OCR)
            assert b"[bold red]Boss[/]" in tab.received  # a name like markup is drawn literally
            assert b"SECRET-NOTE" not in tab.received

            boards = served.descendants()
            assert boards, "no board process"
            # The rep dashboard's writing keys, plus the 1:1 view, the palette and quit; then `n`, the one
            # key the board has: once the momentum page is drawn, every key before it was handled.
            page.focus("textarea.xterm-helper-textarea")  # where xterm.js takes keys
            mark = len(tab.received)
            for key in ["c", "p", "v", "d", "u", "t", "h", "Enter", "Escape", "q", "Control+q", "Control+p", "n"]:
                page.keyboard.press(key)
            tab.wait_for_output(b"MOMENTUM", after=mark)
            assert all(alive(p) for p in boards), "a key ended the board"
            code, out, err = served.stop(signal.SIGTERM)  # with the tab still open
        finally:
            browser.close()
    assert code == 0, err
    assert [p for p in boards if alive(p)] == []
    assert files_of(home, team.parent) == before  # no store, no team file changed
    assert "Traceback" not in out + err


def test_the_browser_board_shows_the_contest_page(tmp_path, run_cli):
    """A running contest on a team location (issue 23): `n` turns standings → momentum → the contest
    page, drawn in Chromium with its name, the leader and the countdown; a prize like markup is literal."""
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "team"
    folder.mkdir()
    url = str(folder) + "/"

    def as_(who, *args):
        res = run_cli(*args, home_dir=tmp_path / who, now=NOW)
        assert res.code == 0, (args, res.out, res.err)

    as_("mia", "init", "--name", "Mia", "--manager", "--team", url)
    for who, name in (("ana", "Ana Smith"), ("ben", "Ben Okafor")):
        as_(who, "init", "--name", name, "--team", url)
    as_("mia", "sync")
    for who in ("ana", "ben"):
        as_(who, "sync")
    for name in ("Ana Smith", "Ben Okafor"):
        as_("mia", "team", "admit", name)
    blitz = ["--metric", "call", "--start", "2026-11-26", "--end", "2026-11-28", "--prize", "Lunch [bold]x[/]"]
    as_("mia", "contest", "new", "Call blitz", *blitz)
    for who, calls in (("ana", "12"), ("ben", "7")):
        as_(who, "sync")  # the new contest's days are published from now on
        as_(who, "log", "call", calls)
        as_(who, "sync")
    as_("mia", "sync")
    with Served(tmp_path / "mia", "--rotate", "0") as served, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            tab = Tab(page)
            page.goto(served.url)
            page.wait_for_selector("body.-first-byte", timeout=20_000)
            tab.wait_for_output(b"Ben Okafor")
            page.focus("textarea.xterm-helper-textarea")
            mark = len(tab.received)
            page.keyboard.press("n")
            tab.wait_for_output(b"MOMENTUM", after=mark)
            mark = len(tab.received)
            page.keyboard.press("n")
            tab.wait_for_output(b"CONTEST", after=mark)
            tab.wait_for_output(b"Call blitz", after=mark)
            tab.painted()
            shot = tmp_path / "contest.png"
            page.screenshot(path=str(shot))
            text = ocr(shot)
            for shown in ("Call blitz", "Ana Smith", "Ben Okafor", "12 calls", "left"):
                assert shown in text, f"{shown!r} not on the screenshot\n--- OCR ---\n{text}"
            assert b"Lunch [bold]x[/]" in tab.received[mark:]  # the prize, literally
            code, out, err = served.stop(signal.SIGTERM)
        finally:
            browser.close()
    assert code == 0, err
    assert "Traceback" not in out + err
