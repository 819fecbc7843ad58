"""The dashboard after a CRM import: the week panel says how much of the week the CRM backs, and
"Logged today" lists no CRM record that only confirms a hand-logged one (frozen clock)."""

from __future__ import annotations

import paths

from repdash.services.crm_import import import_export
from repdash.ui.app import RepdashApp

FIXTURES = paths.FIXTURES / "crm"


def test_dashboard_after_a_crm_import(snap_compare, store, frozen_now):
    for hour in (9, 10):
        at = frozen_now.start_of("day").add(hours=hour)
        store.log("call", 1, at=at, now=at)
    yesterday = frozen_now.start_of("day").subtract(days=2).add(hours=9)
    store.log("call", 2, at=yesterday, now=yesterday)
    import_export(store, FIXTURES / "hubspot_calls_api.csv", "hubspot", "111", frozen_now)
    app = RepdashApp(store, clock=lambda: frozen_now)
    assert snap_compare(app, terminal_size=(120, 40))
