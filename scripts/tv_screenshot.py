"""The README's TV board screenshot, from a real browser: the demo team served by `repdash serve`.

    .venv/bin/python scripts/tv_screenshot.py          # writes docs/screenshots/tv-board.png (1280×720)
    .venv/bin/python scripts/tv_screenshot.py 1920 1080 /tmp/tv-1080.png

Needs Debian's chromium (/usr/bin/chromium); playwright drives it, no browser is downloaded.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = "2026-11-26T15:40:00+01:00"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(width: int = 1280, height: int = 720, out: str | None = None, page_name: str = "standings") -> Path:
    from playwright.sync_api import sync_playwright

    from repdash.services import demo

    target = Path(out) if out else ROOT / "docs" / "screenshots" / "tv-board.png"
    with tempfile.TemporaryDirectory() as tmp:
        team = demo.generate(Path(tmp) / "demo", pendulum.parse(NOW))
        env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")} | {"REPDASH_NOW": NOW}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "repdash",
                "--home",
                str(team.manager_home),
                "serve",
                "--port",
                "0",
                "--rotate",
                "0",
            ],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        try:
            url = re.search(r"http://\S+", server.stdout.readline()).group(0)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                page = browser.new_page(viewport={"width": width, "height": height})
                received = []
                page.on(
                    "websocket",
                    lambda ws: ws.on("framereceived", lambda p: received.append(p if isinstance(p, bytes) else b"")),
                )
                page.goto(url)
                page.wait_for_selector("body.-first-byte")
                deadline = time.monotonic() + 30
                while b"Ravi" not in b"".join(received) and time.monotonic() < deadline:
                    page.wait_for_timeout(100)
                if page_name == "momentum":
                    page.focus("textarea.xterm-helper-textarea")
                    page.keyboard.press("n")
                    while b"MOMENTUM" not in b"".join(received) and time.monotonic() < deadline:
                        page.wait_for_timeout(100)
                page.wait_for_timeout(500)  # the fade-in of textual-serve's page
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target))
                browser.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    return target


if __name__ == "__main__":
    args = sys.argv[1:]
    print(main(int(args[0]), int(args[1]), args[2], *(args[3:4])) if len(args) >= 3 else main())
