"""The dashboard's watched folder (issue 24): CRM exports landing in it are imported as they come.

Set with `repdash crm watch FOLDER` (config `crm.watch`). Started after the first frame; every
EVERY seconds (and once at once) a thread worker runs `services.crm_import.watch_once`: a listing
of the folder, and an import of each CSV not seen in this version. The UI thread never reads the
folder; it only redraws and says what came in, as a toast (file names and CRM words shown
literally). A file that fails says why, once (until it changes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

EVERY = 10.0  # seconds between two looks at the folder


def describe(path: Path, result: Any) -> tuple[str, str]:
    """(title, text) of the toast for one file: what was imported, or why not."""
    if isinstance(result, str):
        return f"CRM export not imported: {path.name}", result
    from repdash.core.crm import VENDORS
    from repdash.core.kinds import noun

    kinds = ", ".join(noun(k, n) for k, n in result["by_kind"].items() if n) or "nothing new"
    text = f"{VENDORS[result['crm']].label}: {kinds}"
    if result["hand_matched"]:
        matched = ", ".join(noun(k, n) for k, n in result["hand_matched"].items())
        text += f" ({matched} logged by hand already in them)"
    return f"Imported {path.name}", text


class CrmWatch:
    """Looks at the folder from a thread worker; the app redraws when something came in."""

    def __init__(self, app, folder: str) -> None:
        self.app = app
        self.folder = Path(folder).expanduser()

    def start(self) -> None:
        self.check()
        self.app.set_interval(EVERY, self.check)

    def check(self) -> None:
        now = self.app.now()  # the app's clock, read on the UI thread
        self.app.run_worker(
            lambda: self._scan(now),
            thread=True,
            exclusive=True,
            group="crm-watch",
            exit_on_error=False,
        )

    def _scan(self, now) -> None:
        from repdash.errors import BadInput
        from repdash.services.crm_import import watch_once

        try:
            results = watch_once(self.app.store, self.folder, None, None, now)
        except BadInput as exc:  # the folder is gone: said once per look, never an app error
            results = [(self.folder, str(exc))]
        except Exception as exc:  # a damaged store or file: a toast, never the end of the dashboard
            results = [(self.folder, f"{type(exc).__name__}: {exc}")]
        if results:
            self.app.call_from_thread(self._arrived, results)

    def _arrived(self, results: list) -> None:
        if any(not isinstance(r, str) for _, r in results):
            self.app.refresh_dashboard()
        for path, result in results:
            title, text = describe(path, result)
            severity = "warning" if isinstance(result, str) else "information"
            self.app.notify(text, title=title, severity=severity, markup=False)
