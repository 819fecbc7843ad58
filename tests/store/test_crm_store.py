"""A CRM import is one batch: a crash at any day file leaves a pending marker, and the next open
rolls the batch back, putting back the entries it had replaced (also when a record moved day)."""

from __future__ import annotations

from pathlib import Path

import paths
import pytest

from repdash.services.crm_import import import_export
from repdash.store import batch as batch_module
from repdash.store.local import LocalStore

FIXTURES = paths.FIXTURES / "crm"
OPPS = FIXTURES / "salesforce_opportunities_labels.csv"


def state(store: LocalStore) -> list[tuple]:
    return sorted((e.id, e.date, e.kind, e.count, e.ref or "", e.at) for e in store.entries())


def moved_opps(tmp_path: Path) -> Path:
    """Globex won on the 26th (it was a commitment dated the 25th), and a new won deal on the 23rd."""
    text = OPPS.read_bytes().replace(
        b'"Negotiation/Review","8,000.00","12/15/2026"', b'"Closed Won","8,000.00","11/26/2026"'
    )
    text += b'"006000000000009AAA","Stark","Ana Smith","Closed Won","1.00","11/23/2026","Closed","11/23/2026"\n'
    path = tmp_path / "opps.csv"
    path.write_bytes(text)
    return path


@pytest.mark.parametrize("crash_after", [0, 1, 2])
def test_a_crash_mid_batch_is_rolled_back_with_replaced_entries_restored(
    store, frozen_now, tmp_path, monkeypatch, crash_after
):
    store.log("call", 2, at=frozen_now.subtract(days=3), now=frozen_now)
    import_export(store, OPPS, "salesforce", "Ana Smith", frozen_now)
    before = state(store)
    real = batch_module._rewrite_day
    calls = []

    def crashing(*args, **kwargs):
        if len(calls) == crash_after:
            raise KeyboardInterrupt  # a kill between two day files
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "_rewrite_day", crashing)
    with pytest.raises(KeyboardInterrupt):
        import_export(store, moved_opps(tmp_path), "salesforce", None, frozen_now)
    monkeypatch.setattr(batch_module, "_rewrite_day", real)
    reopened = LocalStore(store.home)
    reopened.check()
    assert state(reopened) == before
    # and the import then goes through whole
    report = import_export(reopened, moved_opps(tmp_path), "salesforce", None, frozen_now)
    assert (report["added"], report["updated"]) == (1, 1)
    kinds = sorted(e.kind for e in reopened.entries() if e.count)
    assert kinds == ["call", "deal", "deal", "deal"]


def test_an_undo_of_the_batch_by_the_roll_back_machinery_restores_the_old_versions(store, frozen_now, tmp_path):
    import_export(store, OPPS, "salesforce", "Ana Smith", frozen_now)
    before = state(store)
    import_export(store, moved_opps(tmp_path), "salesforce", None, frozen_now)
    newest = max((e for e in store.entries()), key=lambda e: e.logged_at)
    docs = [d for day in store.stored_days() for d in _docs(store, day) if d.get("ref") == newest.ref]
    batch = docs[0]["batch"]
    days = sorted({d.isoformat() for d in store.stored_days()})
    store._roll_back_import({"batch": batch, "days": days})
    assert state(store) == before


def _docs(store: LocalStore, day):
    from repdash.store.docfile import table_docs

    return table_docs(store.day_path(day), "entries")
