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
from serving import NAMES, Served, alive, files_of, make_team_home

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
