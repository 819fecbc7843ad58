"""The rep's local store: config, targets history, and the activity log.

Layout under the home folder:
    repdash.json                 config, schema version, targets history, achievements ...
    recent.json                  the undo stack (ids of the last logged entries)
    days/YYYY/YYYY-MM-DD.json    one TinyDB file per local business day

One file per day keeps the cost of a logged keystroke flat however long the
history grows: a log rewrites only today's file (and the small undo stack).
Every write goes through AtomicJSONStorage (temp file, fsync, replace).

LocalStore is a façade: the config, targets history, entries and the import roll-back are its own;
the undo stack (`undo_stack.py`), the daily totals cache (`totals_cache.py`) and the team view cache
(`team_cache.py`) are parts with their own modules. Every write of any part runs under its lock.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repdash import clock, portable
from repdash.core.kinds import DEFAULT_MANAGER_TARGETS, DEFAULT_TARGETS, FUNNEL, MANAGER_KINDS, kind_order
from repdash.core.workdays import DEFAULT_PERIOD, local_date
from repdash.errors import BadInput, Failure
from repdash.store.config import DEFAULT_QUOTA, DEFAULT_RATES, DEFAULT_THEME, FIELDS, Config
from repdash.store.config_check import bad_keys, bad_meta, without_bad_keys
from repdash.store.docfile import CorruptStoreError, table_docs
from repdash.store.leftovers import leftover_temps
from repdash.store.leftovers import remove as remove_temps
from repdash.store.team_cache import read_team_cache, write_team_cache
from repdash.store.totals_cache import Stamp, TotalsCache, totals_of
from repdash.store.undo_stack import UndoStack

if TYPE_CHECKING:
    import pendulum

SCHEMA = 1


def open_db(path: Path):
    """TinyDB over the atomic storage, for writes. Imported on first use: the reads of a
    start-up (config, today's file) go through `table_docs` and never load TinyDB."""
    from repdash.store.tinystore import open_db as open_tinydb

    return open_tinydb(path)


def _query():
    from tinydb import Query

    return Query()


# Our files, for the clean-up of temp files left by a kill (store/leftovers.py).
HOME_FILES = frozenset({"repdash.json", "recent.json", "totals.json", "team_cache.json", "crm_watch.json"})
YEAR_DIR = re.compile(r"[0-9]{4}")
DAY_FILE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\.json")


class StoreError(Failure):
    """The store cannot be used (newer schema, corrupt file): a runtime failure (exit 1)."""


class NotInitialized(BadInput):
    """No `repdash init` yet."""


def default_home() -> Path:
    env = os.environ.get("REPDASH_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("repdash", appauthor=False))


def detect_timezone() -> str:
    env = os.environ.get("TZ", "")
    if "/" in env and not env.startswith(":"):
        return env
    try:
        from pendulum.tz import local_timezone  # imported on first use: not on the start path

        name = local_timezone().name
    except Exception:
        return "UTC"
    return name if name and name != "localtime" else "UTC"


_Date = date  # the Entry class below has a field named `date`


@dataclass(frozen=True)
class Entry:
    id: str
    at: str  # ISO-8601 with offset
    date: str  # local business date YYYY-MM-DD
    tz: str
    kind: str
    count: int
    logged_at: str  # when it was written (UTC), orders the undo stack
    source: str = "log"
    ref: str | None = None  # the CRM record ("salesforce:deal:006..."): imported from a CRM export
    value: float | None = None  # the deal's amount, from the CRM

    @property
    def day(self) -> _Date:  # `date` in this class body is the field
        return _Date.fromisoformat(self.date)

    def as_dict(self) -> dict[str, Any]:
        doc = dict(self.__dict__)
        for key in ("ref", "value"):  # only CRM entries carry them: logged keys stay as small as before
            if doc[key] is None:
                del doc[key]
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Entry:
        fields = cls.__dataclass_fields__
        return cls(**{k: doc[k] for k in fields if k in doc})


def _locked(method):
    """Run a read-modify-write of the store under the store's write lock."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.write_lock():
            return method(self, *args, **kwargs)

    return wrapper


class LocalStore:
    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home) if home is not None else default_home()
        self.main_path = self.home / "repdash.json"
        self.recent_path = self.home / "recent.json"
        self.days_dir = self.home / "days"
        self.totals_path = self.home / "totals.json"
        self._config: dict[str, Any] | None = None
        self._typed: tuple[dict[str, Any], Config] | None = None  # the Config of that very row
        # The last few days read, by file version (see day_entries).
        self._entries_cache: dict[date, tuple[Stamp, list[Entry]]] = {}
        self.totals = TotalsCache(self.totals_path, self.day_stamp, self.day_entries, self.stored_days)
        self.undo_stack = UndoStack(self.recent_path, self.entries)
        self._rlock = threading.RLock()
        self._lock_depth = 0
        self._lock: portable.ExclusiveLock | None = None

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Every write is a read-modify-write of a file (a day file, the undo stack, the
        main file): without a lock, the dashboard and a `repdash log` run at the same
        moment lose each other's entries. An exclusive lock on home/.lock (blocking, no
        timed wait, on every platform: see repdash.portable; the OS drops it when a
        process dies) plus a re-entrant thread lock for workers of one process."""
        with self._rlock:
            if self._lock_depth == 0:
                portable.make_private_dir(self.home)
                lock = portable.ExclusiveLock(self.home / ".lock")
                lock.acquire()
                self._lock = lock
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock is not None:
                    self._lock.release()
                    self._lock = None

    # ---- opening ---------------------------------------------------------
    def _db(self):
        return open_db(self.main_path)

    def check(self) -> None:
        """Refuse a store written by a newer repdash; finish an interrupted import;
        remove temp files a kill left behind."""
        self._clean_leftover_temps()
        if not self.main_path.exists():
            return
        try:
            meta = table_docs(self.main_path, "meta")
        except CorruptStoreError as exc:
            raise StoreError(str(exc)) from None
        bad = bad_meta(meta[0]) if meta else None
        if bad:
            key, want = bad
            raise StoreError(
                f"{self.main_path}: meta key {key!r} is not valid ({want} expected, found "
                f"{_shown(meta[0][key])}); restore the file from a backup"
            )
        schema = meta[0].get("schema", 0) if meta else 0
        if schema > SCHEMA:
            raise StoreError(
                f"the data in {self.home} was written by a newer repdash (schema {schema}, this one reads {SCHEMA}); "
                "upgrade repdash"
            )
        if meta and meta[0].get("pending_import"):
            self._roll_back_import(meta[0]["pending_import"])

    def _leftover_temps(self) -> list[Path]:
        found = leftover_temps(self.home, HOME_FILES.__contains__)
        if self.days_dir.is_dir():
            for year in self.days_dir.iterdir():
                if YEAR_DIR.fullmatch(year.name) and year.is_dir():
                    found += leftover_temps(year, lambda name: DAY_FILE.fullmatch(name) is not None)
        return found

    def _clean_leftover_temps(self) -> None:
        """A temp file exists only while a write is under way. Writers of the store hold
        the write lock, so under it every temp file of ours is a kill's leftover. (The
        totals cache is written without the lock; losing its temp file loses one cache
        write, which the next read redoes.)"""
        if not self.home.is_dir() or not self._leftover_temps():
            return  # the usual case: one listing per folder, no lock
        with self.write_lock():
            remove_temps(self._leftover_temps())

    @property
    def initialized(self) -> bool:
        return bool(self._row())

    def _stored_config(self) -> dict[str, Any]:
        if not self.main_path.exists():
            return {}
        docs = table_docs(self.main_path, "config")
        return dict(docs[0]) if docs else {}

    def _row(self) -> dict[str, Any]:
        """The config row, checked once (store/config_check.py): a hand-edited or damaged
        value stops every command with one line naming its key, before anything is written."""
        if self._config is None:
            if not self.main_path.exists():
                return {}
            row = self._stored_config()
            bad = bad_keys(row)
            if bad:
                key, want = bad[0]
                raise StoreError(
                    f"{self.main_path}: config key {key!r} is not valid ({want} expected, found "
                    f"{_shown(row[key])}); fix it, or run `repdash init --name NAME` to reset it"
                )
            self._config = row
        return self._config

    @property
    def config(self) -> Config:
        """The rep's settings (defaults for what the row lacks; all defaults before `init`)."""
        if self._typed is None or self._typed[0] is not self._row():
            self._typed = (self._row(), Config.from_row(self._row()))
        return self._typed[1]

    def require(self) -> Config:
        if not self.initialized:
            raise NotInitialized("no rep set up yet: run `repdash init --name NAME` (or just `repdash`)")
        return self.config

    # ---- config ----------------------------------------------------------
    @_locked
    def init(
        self,
        name: str,
        *,
        team_file: str | None = None,
        quota: float | None = None,
        deal_value: float | None = None,
        period: str | None = None,
        manager: bool = False,
        targets: Mapping[str, int] | None = None,
        tz: str | None = None,
        now: pendulum.DateTime | None = None,
        start_date: date | None = None,
    ) -> Config:
        old = without_bad_keys(self._stored_config())  # init also repairs a damaged config
        kinds = list(FUNNEL) + (list(MANAGER_KINDS) if manager else [])
        base_targets = dict(DEFAULT_TARGETS)
        if manager:
            # A manager's own standard is coaching; selling kinds start at 0 (they can set them).
            base_targets = {k: 0 for k in DEFAULT_TARGETS} | DEFAULT_MANAGER_TARGETS
        base_targets.update(old.get("targets", {}))
        base_targets.update(targets or {})
        # Start from the old config: keys this function does not set (sync_rev, last_sync,
        # the cached standard, keys added later) survive a second `init`.
        config = {
            **old,
            "name": name,
            "rep_id": old.get("rep_id") or uuid.uuid4().hex,
            "tz": tz or old.get("tz") or detect_timezone(),
            "team_file": team_file if team_file is not None else old.get("team_file"),
            "quota": quota if quota is not None else old.get("quota", DEFAULT_QUOTA),
            "deal_value": deal_value if deal_value is not None else old.get("deal_value"),
            "period": period or old.get("period", DEFAULT_PERIOD),
            "manager": bool(manager or old.get("manager", False)),
            "kinds": sorted(set(old.get("kinds", [])) | set(kinds), key=_kind_order),
            "holidays": old.get("holidays", []),
            "days_off": old.get("days_off", []),
            "targets": base_targets,
            "default_rates": old.get("default_rates", dict(DEFAULT_RATES)),
            "hidden": old.get("hidden", False),
            "theme": old.get("theme", DEFAULT_THEME),
            "quiet": old.get("quiet", False),
            "keymap": old.get("keymap", {}),
        }
        # The start date (prorated quota): given, else kept from an earlier init, else today.
        zone = config["tz"]
        config["start_date"] = (
            start_date
            or (
                date.fromisoformat(old["start_date"]) if old.get("start_date") else local_date(zone, now or clock.now())
            )
        ).isoformat()
        with self._db() as db:
            db.table("meta").truncate()
            db.table("meta").insert({"schema": SCHEMA})
            db.table("config").truncate()
            db.table("config").insert(config)
        self._config = config
        if base_targets != old.get("targets"):
            # The first targets are in force from the start date (or the first entry, if earlier): a
            # change made later on the day of init must not reach back into imported history.
            first = None if self.targets_history() else date.fromisoformat(config["start_date"])
            self._record_targets(base_targets, now, dated=first)
        return self.config

    @_locked
    def update_config(self, **changes: Any) -> Config:
        unknown = set(changes) - FIELDS
        if unknown:
            raise TypeError(f"not config fields: {sorted(unknown)}")
        self.require()
        config = dict(self._row())
        config.update(changes)
        with self._db() as db:
            db.table("config").truncate()
            db.table("config").insert(config)
        self._config = config
        return self.config

    @property
    def tz(self) -> str:
        return self.config.tz

    @property
    def kinds(self) -> list[str]:
        return list(self.config.kinds)

    @property
    def off_days(self) -> frozenset[date]:
        return self.config.off_days

    def today(self, now: datetime | None = None) -> date:
        return local_date(self.tz, now or clock.now())

    # ---- targets ---------------------------------------------------------
    @property
    def targets(self) -> dict[str, int]:
        return dict(self.config.targets)

    @_locked
    def set_targets(self, changes: Mapping[str, int], now: pendulum.DateTime | None = None) -> dict[str, int]:
        targets = self.targets
        targets.update(changes)
        self.update_config(targets=targets)
        self._record_targets(targets, now)
        return targets

    def _record_targets(
        self, targets: Mapping[str, int], now: pendulum.DateTime | None, dated: date | None = None
    ) -> None:
        moment = (now or clock.now()).in_timezone(self.tz)
        day = min(dated, moment.date()) if dated else moment.date()
        with self._db() as db:
            db.table("targets_history").insert(
                {"date": day.isoformat(), "at": moment.isoformat(), "targets": dict(targets)}
            )

    def targets_history(self) -> list[dict[str, Any]]:
        if not self.main_path.exists():
            return []
        return table_docs(self.main_path, "targets_history")

    def targets_on_factory(self):
        """A function day -> targets in force that day (the rule: core.targets.targets_in_force)."""
        from repdash.core.targets import targets_in_force

        return targets_in_force(self.targets_history(), self.targets)

    # ---- generic tables on the main file (achievements, notes, ...) -------
    def table_all(self, name: str) -> list[dict[str, Any]]:
        if not self.main_path.exists():
            return []
        return table_docs(self.main_path, name)

    @_locked
    def table_insert(self, name: str, doc: Mapping[str, Any]) -> None:
        with self._db() as db:
            db.table(name).insert(dict(doc))

    @_locked
    def table_replace(self, name: str, docs: Iterable[Mapping[str, Any]]) -> None:
        with self._db() as db:
            t = db.table(name)
            t.truncate()
            t.insert_multiple([dict(d) for d in docs])

    # ---- the last team view (a cache of the share, in its own file) ------------
    @property
    def team_cache_path(self) -> Path:
        return self.home / "team_cache.json"

    def team_cache(self) -> dict[str, Any] | None:
        """The team view as last synced, or None. Kept out of repdash.json: it can be megabytes."""
        return read_team_cache(self.team_cache_path)

    @_locked  # under the lock, as every writer whose temp file the clean-up on open may see
    def set_team_cache(self, view: Mapping[str, Any]) -> None:
        write_team_cache(self.team_cache_path, view)

    # ---- the activity log -------------------------------------------------
    def day_path(self, day: date) -> Path:
        return self.days_dir / f"{day.year:04d}" / f"{day.isoformat()}.json"

    def make_entry(
        self, kind: str, count: int, at: pendulum.DateTime, source: str = "log", now: pendulum.DateTime | None = None
    ) -> Entry:
        local = at.in_timezone(self.tz)
        return Entry(
            id=uuid.uuid4().hex,
            at=local.isoformat(),
            date=local.date().isoformat(),
            tz=self.tz,
            kind=kind,
            count=int(count),
            logged_at=(now or clock.now()).in_timezone("UTC").isoformat(),
            source=source,
        )

    @_locked
    def log(
        self,
        kind: str,
        count: int = 1,
        at: pendulum.DateTime | None = None,
        now: pendulum.DateTime | None = None,
        source: str = "log",
    ) -> Entry:
        """Write one entry. Returns only once it is fsynced on disk.

        The day file is the one commit point: the entry exists once it is in its day
        file. The undo stack is only an index to it, so it is written *first*: a kill
        between the two leaves an id on the stack with no entry (undo skips it), never
        an entry the stack does not know (undo would then remove the one before it)."""
        moment = now or clock.now()
        entry = self.make_entry(kind, count, at or moment, source=source, now=moment)
        before = self.day_entries(entry.day)  # a damaged day file fails here, before anything is written
        self.undo_stack.push(entry)
        with open_db(self.day_path(entry.day)) as db:
            db.table("entries").insert(entry.as_dict())
        self._wrote_day(entry.day, [*before, entry])
        return entry

    def _wrote_day(self, day: date, entries: list[Entry]) -> None:
        """The caches after this process wrote `day` under the lock: its entries are known, so
        the file is not parsed again (0.8 ms of a key with 250 entries today).

        Not saved to totals.json: that file holds every day of the history, so rewriting it on
        each key made a key cost more the longer the history (~0.13 ms from 1k to 100k entries;
        more with more days). The cache is checked by stamp, so a late save is never wrong: the
        next full read (the achievement check after a burst of keys, start-up, status) saves it."""
        stamp = self.day_stamp(day)  # under the lock: the version this process just wrote
        if stamp is None:
            return
        if day not in self._entries_cache and len(self._entries_cache) >= 4:
            self._entries_cache.clear()
        self._entries_cache[day] = (stamp, list(entries))
        self.totals.put(day, stamp, totals_of((e.kind, e.count) for e in entries))

    @_locked
    def undo(self, now: pendulum.DateTime | None = None, day: date | None = None) -> Entry | None:
        """Remove the newest entry logged today (issue 20: undo stays on today), or with `day`
        the newest logged entry dated that day. Imports are undone only as a batch
        (`undo_import`). None when there is nothing to undo.

        The removal from the day file is the commit point; the stack is saved after it.
        A kill in between leaves the removed id on the stack, and the next undo skips it."""
        today = self.today(now)

        def fits(e: Entry) -> bool:
            if e.source == "import":
                return False
            return e.day == day if day is not None else self._logged_on(e) == today

        stack = self.undo_stack.read()
        i = len(stack)
        while i > 0:
            i -= 1
            day_iso, entry_id = stack[i]
            if day is not None and day_iso != day.isoformat():
                continue
            found = next((e for e in self.day_entries(date.fromisoformat(day_iso)) if e.id == entry_id), None)
            if found is None:
                del stack[i]  # a stale id (a kill between an undo's two writes): skip it
                continue
            if not fits(found):
                if day is None:
                    break  # the stack is in logging order: everything below was logged before today
                continue
            self._remove(found.day, found.id)
            del stack[i]
            self.undo_stack.save(stack)
            return found
        # Nothing on the stack: fall back to the newest fitting entry on disk.
        pool = self.day_entries(day) if day is not None else self.entries()
        newest = max((e for e in pool if fits(e)), key=lambda e: e.logged_at, default=None)
        if newest is None:
            # Nothing to undo is a failing command (exit 2), which writes nothing: stale ids stay
            # on the stack (every undo skips them) and a damaged stack is rebuilt when read.
            return None
        self._remove(newest.day, newest.id)
        self.undo_stack.save([s for s in stack if s[1] != newest.id])
        return newest

    def _logged_on(self, entry: Entry) -> date | None:
        """The rep's local date on which an entry was written (a backfill made today was logged today)."""
        from datetime import datetime

        try:
            return local_date(self.tz, datetime.fromisoformat(entry.logged_at))
        except (TypeError, ValueError):
            return None

    @_locked
    def undo_import(self) -> tuple[int, list[date]] | None:
        """Undo the newest import as one batch: (entries removed, their days), None with no import
        (`batch.undo_newest_batch`: never half undone, a kill midway is finished by `check`)."""
        from repdash.store.batch import undo_newest_batch

        return undo_newest_batch(self)

    def _remove(self, day: date, entry_id: str) -> Entry | None:
        path = self.day_path(day)
        if not path.exists():
            return None
        with open_db(path) as db:
            t = db.table("entries")
            docs = t.search(_query().id == entry_id)
            if not docs:
                return None
            t.remove(_query().id == entry_id)
        self.totals.refresh([day], save=False)  # as in log: saved by the next full read
        return Entry.from_doc(docs[0])

    def stored_days(self) -> list[date]:
        # os.scandir, not Path.glob: this runs on every start over a year of day files.
        try:
            years = [y.path for y in os.scandir(self.days_dir) if y.is_dir()]
        except FileNotFoundError:
            return []
        out = []
        for year in years:
            for f in os.scandir(year):
                name = f.name
                if len(name) != 15 or name[4] != "-" or name[7] != "-" or not name.endswith(".json"):
                    continue  # only YYYY-MM-DD.json (not temp files, not conflict copies)
                try:
                    out.append(date.fromisoformat(name[:10]))
                except ValueError:
                    continue
        return sorted(out)

    def day_entries(self, day: date) -> list[Entry]:
        """One day's entries. The last few days read are kept by file version, and a key's own
        write updates them (`_wrote_day`): after a key, the totals and the screen do not parse it again."""
        stamp = self.day_stamp(day)
        if stamp is None:
            return []
        hit = self._entries_cache.get(day)
        if hit is not None and hit[0] == stamp:
            return list(hit[1])
        entries = [Entry.from_doc(d) for d in table_docs(self.day_path(day), "entries")]
        if len(self._entries_cache) >= 4:
            self._entries_cache.clear()
        # Stamp taken before the read: if the file changed in between, the next stamp differs.
        self._entries_cache[day] = (stamp, entries)
        return list(entries)

    def entries(self, since: date | None = None, until: date | None = None) -> list[Entry]:
        out: list[Entry] = []
        for day in self.stored_days():
            if (since and day < since) or (until and day > until):
                continue
            out.extend(self.day_entries(day))
        out.sort(key=lambda e: (e.at, e.logged_at))
        return out

    def day_stamp(self, day: date) -> Stamp | None:
        """What identifies one version of a day file. mtime alone is not enough: its clock
        ticks coarsely (a few ms), and another process (the CLI beside the dashboard) may
        replace the file within one tick. Every write is a new inode with a new size."""
        # A string path, not day_path(): start-up stats every day file of the history, and
        # building a pathlib.Path costs more than the stat itself.
        try:
            st = os.stat(f"{self.days_dir}{os.sep}{day.year:04d}{os.sep}{day.isoformat()}.json")
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def daily_counts(self, since: date | None = None, until: date | None = None) -> dict[date, dict[str, int]]:
        """Totals per kind for every local date with activity (a stat per day file, parse only stale ones)."""
        return self.totals.daily_counts(since, until)

    def day_counts(self, day: date) -> dict[str, int]:
        """Totals of one day: one stat, a parse only when the file changed (the keystroke path)."""
        return self.totals.day_counts(day)

    # ---- import: all or nothing -------------------------------------------
    @_locked
    def add_entries(self, entries: list[Entry]) -> int:
        """Write many entries; a crash midway is rolled back on the next open."""
        if not entries:
            return 0
        batch = uuid.uuid4().hex
        by_day: dict[str, list[dict]] = {}
        for e in entries:
            doc = e.as_dict()
            doc["batch"] = batch
            by_day.setdefault(e.date, []).append(doc)
        self.set_pending_import({"batch": batch, "days": sorted(by_day)})
        for day_iso, docs in by_day.items():
            with open_db(self.day_path(date.fromisoformat(day_iso))) as db:
                db.table("entries").insert_multiple(docs)
        self.set_pending_import(None)
        self.totals.refresh([date.fromisoformat(d) for d in by_day])
        return len(entries)

    def set_pending_import(self, pending: dict | None) -> None:
        """Mark an import under way (`pending`: its batch and days) or done (None); `check` rolls back a marked one."""
        with self._db() as db:
            t = db.table("meta")
            docs = t.all()
            meta = dict(docs[0]) if docs else {"schema": SCHEMA}
            meta["pending_import"] = pending
            t.truncate()
            t.insert(meta)

    @_locked
    def _roll_back_import(self, pending: dict) -> None:
        """Remove the batch's entries; an entry a CRM import replaced comes back (`replaces`)."""
        from repdash.store.batch import roll_back

        roll_back(self, pending)


def _shown(value: Any) -> str:
    """A bad config value for an error message: short, on one line."""
    text = json.dumps(value, ensure_ascii=True, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


_kind_order = kind_order  # the one kind order: core.kinds
