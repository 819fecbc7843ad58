"""The dashboard's start path: its first frame waits for neither pendulum nor TinyDB, and the
stdlib shortcuts it takes agree with the libraries they stand in for."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime

import pendulum
import pytest

from repdash import clock
from repdash.store.docfile import CorruptStoreError, table_docs
from repdash.store.tinystore import open_db

FROZEN_NOW = "2026-11-26T10:30:00+01:00"


def test_first_frame_imports_neither_pendulum_nor_tinydb(store, frozen_now):
    """Run the real app headless in a fresh interpreter; look at sys.modules when its first frame is up."""
    store.log("call", 3, now=frozen_now)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(store.home), REPDASH_NOW=FROZEN_NOW)
    code = textwrap.dedent("""
        import os, sys
        from repdash.store.local import LocalStore
        from repdash.ui.app import RepdashApp

        app = RepdashApp(LocalStore(os.environ["REPDASH_HOME"]))
        after = app._after_first_frame

        def first_frame():
            print("LOADED", sorted(m for m in ("pendulum", "tinydb") if m in sys.modules))
            print("CALLS", app.summary["today"]["call"])
            app.exit()
            after()
            import gc
            print("GC", gc.isenabled())  # collection is off while the first frame is built, on after it

        app._after_first_frame = first_frame
        app.run(headless=True, size=(100, 30))
        print("AFTER", sorted(m for m in ("pendulum", "tinydb") if m in sys.modules))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout, proc.stdout
    assert "CALLS 3" in proc.stdout, proc.stdout  # the frame showed the history read without TinyDB
    assert "AFTER ['pendulum']" in proc.stdout, proc.stdout  # loaded after the first frame, for the first key
    assert "GC True" in proc.stdout, proc.stdout


def test_table_docs_reads_what_tinydb_wrote(tmp_path):
    path = tmp_path / "day.json"
    with open_db(path) as db:
        db.table("entries").insert_multiple([{"id": str(i), "kind": "call", "n": i} for i in range(5)])
        db.table("entries").remove(doc_ids=[2])
        db.table("other").insert({"x": 1})
    with open_db(path) as db:
        expected = [dict(d) for d in db.table("entries").all()]
    assert table_docs(path, "entries") == expected
    assert table_docs(path, "missing") == []
    assert table_docs(tmp_path / "none.json", "entries") == []


def test_table_docs_refuses_a_damaged_file(tmp_path):
    path = tmp_path / "day.json"
    path.write_text('{"entries": [1, 2]}')
    with pytest.raises(CorruptStoreError):
        table_docs(path, "entries")
    path.write_text('{"entries": {"1": {"id"')
    with pytest.raises(CorruptStoreError, match="not valid JSON"):
        table_docs(path, "entries")


@pytest.mark.parametrize("pinned", [FROZEN_NOW, "2026-11-26T09:30:00Z", "2026-11-26T09:30:00"])
def test_utc_now_is_the_instant_now_gives(monkeypatch, pinned):
    monkeypatch.setenv("REPDASH_NOW", pinned)
    plain = clock.utc_now()
    assert type(plain) is datetime and plain.tzinfo is UTC
    assert plain == clock.now() == pendulum.parse(pinned)


def test_utc_now_unpinned_is_aware_utc(monkeypatch):
    monkeypatch.delenv("REPDASH_NOW", raising=False)
    before = pendulum.now("UTC")
    plain = clock.utc_now()
    assert plain.utcoffset().total_seconds() == 0
    assert before <= plain <= pendulum.now("UTC")


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "UTC"])
def test_local_date_on_zoneinfo_matches_pendulum(tz):
    from repdash.core.workdays import local_date

    for hour in range(0, 24, 3):
        moment = pendulum.datetime(2026, 3, 29, hour, 30, tz="UTC")  # a DST change in Europe
        expected = moment.in_timezone(tz).date()
        assert local_date(tz, moment) == date(expected.year, expected.month, expected.day)
        plain = datetime(2026, 3, 29, hour, 30, tzinfo=UTC)
        assert local_date(tz, plain) == local_date(tz, moment)
