"""An org of three teams in a folder or bucket (#21): what the org board's tests and the served org board share."""

from __future__ import annotations

import pendulum

from repdash.services import team_admin, team_layout
from repdash.services.team_sync import sync_now
from repdash.store.local import LocalStore
from repdash.sync.layout import LayoutBackend, open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00").in_timezone("UTC")
TEAMS = {  # team folder -> (manager, [(rep, calls today, deals this period)])
    "east": ("Erin East", [("Ana", 40, 2), ("Ben", 45, 1)]),
    "west": ("Walt West", [("Cy", 10, 0), ("Dee", 41, 3), ("Eve", 5, 0)]),
    "north": ("Nora North", [("Fay", 12, 1)]),
}


def build_org(tmp_path, org_url: str) -> None:
    for folder, (manager, reps) in TEAMS.items():
        url = f"{org_url}{folder}/"
        if "://" not in url:
            (tmp_path / "org" / folder).mkdir(parents=True)
        backend = LayoutBackend(open_layout(url))
        mgr = LocalStore(tmp_path / "homes" / folder / "mgr")
        mgr.init(manager, team_file=url, tz="Europe/Berlin", manager=True, now=NOW)
        team_layout.set_up_identity(mgr)
        sync_now(mgr, NOW, backend=backend)
        team_admin.set_standard(mgr, backend, {"call": 40}, NOW.isoformat())
        for name, calls, deals in reps:
            s = LocalStore(tmp_path / "homes" / folder / name)
            s.init(name, team_file=url, tz="Europe/Berlin", now=NOW, quota=10)
            team_layout.set_up_identity(s)
            for day in (23, 24, 25, 26):  # Monday to today: the week's standard counts the days before today
                s.log("call", calls, at=pendulum.datetime(2026, 11, day, 9, tz="Europe/Berlin"), now=NOW)
            if deals:
                s.log("deal", deals, now=NOW)
            sync_now(s, NOW, backend=backend)
            team_admin.admit(mgr, backend, name, NOW.isoformat())
