"""Make the README's screenshots from the app itself: the demo team, a frozen clock, SVG out.

    .venv/bin/python scripts/screenshots.py      # writes docs/screenshots/*.svg

Run it after a visible change so the README stays current.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import pendulum

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = pendulum.parse("2026-11-26T15:40:00+01:00").in_timezone("UTC")
SIZE = (100, 32)
OUT = ROOT / "docs" / "screenshots"


async def settle(pilot) -> None:
    for _ in range(60):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if getattr(pilot.app, "team_view", None) is not None:
            break
    await pilot.pause(0.2)


async def shoot(team) -> None:
    from repdash.ui.app import RepdashApp
    from repdash.ui.team_app import TeamApp

    app = RepdashApp(team.store(), clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "c", "p")
        await pilot.pause(0.3)
        app.save_screenshot("dashboard.svg", str(OUT))
        await pilot.press("m")
        await pilot.pause(0.3)
        app.save_screenshot("sales-math.svg", str(OUT))
        await pilot.press("escape", "g")
        await settle(pilot)
        app.save_screenshot("team-board.svg", str(OUT))
    tv = TeamApp(team.store(), clock=lambda: NOW, tv=True)
    async with tv.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tv.save_screenshot("tv-mode.svg", str(OUT))


def main() -> None:
    from repdash.services import demo

    os.environ.pop("REPDASH_TEAM_FILE", None)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="repdash-shots-") as tmp:
        team = demo.generate(Path(tmp) / "demo", NOW)
        asyncio.run(shoot(team))
    for f in sorted(OUT.glob("*.svg")):
        print(f.relative_to(ROOT))


if __name__ == "__main__":
    main()
