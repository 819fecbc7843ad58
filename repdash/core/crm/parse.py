"""A CRM export (CSV text) -> the rep's activities, one per CRM record: pure, no I/O, no clock.

Each counted row becomes an `Activity` with the record's id (`ref`, e.g. "salesforce:deal:006..."),
its kind (call, pitch, commit, deal), its local date and time in the rep's zone, and the deal's
amount. Rows of other owners and rows the mapping does not count are skipped and counted by
reason. A cell that cannot be read raises `CrmFileError` naming its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from repdash.core.crm import vendors as v
from repdash.core.crm.values import flag, moment, money, norm


class Activity(NamedTuple):
    ref: str  # "<crm>:<deal|activity>:<record id>": one entry per CRM record
    kind: str  # call | pitch | commit | deal
    at: str  # ISO-8601 with offset, in the rep's zone
    date: str  # the local date, YYYY-MM-DD
    value: float | None  # the deal's amount, where the export has it
    line: int  # where the record was read (for messages)


class Parsed(NamedTuple):
    vendor: str
    activities: dict[str, Activity]  # ref -> activity; a record listed twice counts once (its last row)
    skipped: dict[str, int]  # reason -> rows
    rows: int
    owners: list[str]  # the distinct owners of the rows read (names, else ids)


class CrmFileError(ValueError):
    """A bad file or cell: names the line and the column."""

    def __init__(self, line: int, column: str | None, message: str) -> None:
        self.line, self.column, self.message = line, column, message
        where = f"line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


def delimiter(first_line: str) -> str:
    """Comma, or the semicolon of European spreadsheets, or a tab, as the header row shows."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


class _Columns:
    """The file's header: canonical field -> its column indexes, best alias first."""

    def __init__(self, vendor: v.Vendor, header: list[str], rules: Mapping[str, Any]) -> None:
        self.header = header
        table = v.alias_table(vendor)
        order = {f: [norm(a) for a in aliases] for f, aliases in vendor.columns.items()}
        mine = {}  # the rep's own headers (`crm map CRM columns=HEADER:FIELD`) come first
        for item in rules.get("columns", []):
            header_name, _, field_name = item.rpartition(":")
            mine[v.header_key(vendor, header_name)] = field_name.strip()
        found: dict[str, list[tuple[int, int]]] = {}
        stage_dates = _stage_date_keys(vendor, rules)
        # Pipedrive's screen exports prefix columns with their entity, the file's own first
        # ("Activity - ID", ..., "Deal - ID"): a linked record's columns are not this record's.
        own = _prefix(vendor, header[0]) if header else None
        for i, raw in enumerate(header):
            if own is not None and _prefix(vendor, raw) not in (own, None):
                continue
            key = v.header_key(vendor, raw)
            field = table.get(key)
            if key in mine:
                field, rank = mine[key], -1
            elif field is None and any(key.startswith(p) for p in stage_dates):
                field = v.STAGE_DATE
                rank = 0
            elif field is None:
                continue
            else:
                rank = order[field].index(key) if key in order.get(field, []) else 99
            found.setdefault(field, []).append((rank, i))
        self.cols = {f: [i for _, i in sorted(found[f])] for f in found}

    def __contains__(self, field: str) -> bool:
        return field in self.cols

    def name(self, field: str) -> str:
        return self.header[self.cols[field][0]] if field in self.cols else field

    def get(self, row: list[str], field: str) -> tuple[str, int | None]:
        """The first non-empty cell of `field` in `row` (padded and stripped), and its column
        ('' and None: none)."""
        for i in self.cols.get(field, ()):
            if row[i]:
                return row[i], i
        return "", None

    def all(self, row: list[str], field: str) -> list[str]:
        return [row[i] for i in self.cols.get(field, ()) if row[i]]


def _prefix(vendor: v.Vendor, header: str) -> str | None:
    if not vendor.prefix:
        return None
    m = re.match(vendor.prefix, header.strip().lstrip("\ufeff"), re.IGNORECASE)
    return m.group(1).lower() if m else None


def _stage_date_keys(vendor: v.Vendor, rules: Mapping[str, Any]) -> list[str]:
    """HubSpot keeps "date entered <stage>" per stage: those of the commit stages date a commitment."""
    if vendor.name != "hubspot":
        return []
    keys = []
    for stage in rules.get("commit_stages", []):
        keys += [norm(f"hs_v2_date_entered_{stage}"), norm(f"hs_date_entered_{stage}"), norm(f"Date entered {stage}")]
    return keys


def parse_export(
    text: str,
    vendor_name: str,
    rules: Mapping[str, Any],
    tz: str,
    now: datetime,
    owner: str | None = None,
) -> Parsed:
    vendor = v.VENDORS[vendor_name]
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise CrmFileError(1, None, "the file is empty") from None
    except csv.Error as exc:
        raise CrmFileError(1, None, f"not a CSV file ({exc})") from None
    cols = _Columns(vendor, header, rules)
    if v.ID not in cols:
        raise CrmFileError(
            1, None, f"no record id column of a {vendor.label} export (one of {', '.join(vendor.columns[v.ID])})"
        )
    nature = _file_nature(cols, vendor)
    sets = {k: frozenset(norm(x) for x in val) for k, val in rules.items() if isinstance(val, list)}
    pattern = re.compile(rules["pitch_subject"], re.IGNORECASE) if rules.get("pitch_subject") else None
    # A file without an owner column (a rep's own export) is the rep's: nothing to filter on.
    wanted = norm(owner) if owner and (v.OWNER in cols or v.OWNER_ID in cols) else None
    activities: dict[str, Activity] = {}
    skipped: Counter[str] = Counter()
    owners: dict[str, None] = {}
    rows = 0
    width = len(header)
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CrmFileError(line, None, f"not valid CSV ({exc})") from None
        if not row or not "".join(row).strip():
            continue
        if len(row) > width and any(c.strip() for c in row[width:]):
            raise CrmFileError(line, None, f"{len(row)} cells, the header has {width} (a comma outside quotes?)")
        row = [c.strip() for c in row] + [""] * (width - len(row))
        rows += 1
        name, _ = cols.get(row, v.OWNER)
        ident, _ = cols.get(row, v.OWNER_ID)
        owners.setdefault(name or ident or "(no owner)", None)
        if wanted is not None and wanted not in (norm(name), norm(ident)):
            skipped["another owner's"] += 1
            continue
        reader_row = _Row(cols, row, line, tz)
        kind_date = _map_row(reader_row, nature, sets, pattern, now)
        if kind_date is None:
            skipped["not counted by the mapping"] += 1
            continue
        kind, when, value = kind_date
        if when.date() > now.astimezone(when.tzinfo).date():  # a close date next month, a typo: not yet
            skipped["dated in the future"] += 1
            continue
        record, _ = cols.get(row, v.ID)
        if not record:
            raise CrmFileError(line, cols.name(v.ID), "the record id is empty")
        ref = f"{vendor.name}:{'deal' if nature == 'deal' else 'activity'}:{record}"
        if ref in activities:
            skipped["listed twice (counted once)"] += 1
        activities[ref] = Activity(ref, kind, when.isoformat(), when.date().isoformat(), value, line)
    return Parsed(vendor.name, activities, dict(skipped), rows, list(owners))


def _file_nature(cols: _Columns, vendor: v.Vendor) -> str:
    if any(f in cols for f in v.DEAL_HINTS):
        return "deal"
    if v.TYPE in cols:
        return "typed"
    if any(f in cols for f in v.CALL_HINTS):
        return "call"
    if any(f in cols for f in v.MEETING_HINTS):
        return "meeting"
    raise CrmFileError(1, None, f"cannot tell which {vendor.label} records these are (calls, meetings or deals)")


class _Row:
    def __init__(self, cols: _Columns, row: list[str], line: int, tz: str) -> None:
        self.cols, self.row, self.line, self.tz = cols, row, line, tz

    def get(self, field: str) -> str:
        return self.cols.get(self.row, field)[0]

    def has(self, field: str) -> bool:
        return field in self.cols

    def col_name(self, field: str) -> str:
        return self.cols.name(field)

    def flag(self, field: str) -> bool:
        cell, i = self.cols.get(self.row, field)
        try:
            return flag(cell)
        except ValueError as exc:
            raise CrmFileError(self.line, self.cols.header[i] if i is not None else field, str(exc)) from None

    def when(self, *fields: str, required: bool = True) -> datetime | None:
        """The first of `fields` with a value, read in the rep's zone (a date column is completed
        by a separate time column where the export has one)."""
        cols = self.cols.cols
        for field in fields:
            if field not in cols:
                continue
            cell, i = self.cols.get(self.row, field)
            if not cell:
                continue
            name = self.cols.header[i] if i is not None else field
            try:
                at = moment(cell, self.tz)
                if field == v.DATE:
                    at = self._with_time(at)
            except ValueError as exc:
                raise CrmFileError(self.line, name, str(exc)) from None
            return at
        if required:
            present = [self.cols.name(f) for f in fields if f in self.cols]
            raise CrmFileError(self.line, " / ".join(present) or None, "the date is empty")
        return None

    def _with_time(self, day: datetime) -> datetime:
        for field, utc in ((v.TIME, False), (v.TIME_UTC, True)):
            cell, i = self.cols.get(self.row, field)
            if not cell:
                continue
            m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", cell)
            if not m or int(m[1]) > 23 or int(m[2]) > 59:
                raise ValueError(f"{cell!r} is not a time of day (HH:MM)")
            if utc:
                stamp = datetime(day.year, day.month, day.day, int(m[1]), int(m[2]), tzinfo=UTC)
                return stamp.astimezone(day.tzinfo)
            return day.replace(hour=int(m[1]), minute=int(m[2]))
        return day

    def amount(self) -> float | None:
        for field, cents in ((v.AMOUNT, False), (v.AMOUNT_CENTS, True)):
            cell, i = self.cols.get(self.row, field)
            if cell:
                try:
                    return money(cell, cents=cents)
                except ValueError as exc:
                    raise CrmFileError(self.line, self.cols.header[i] if i is not None else field, str(exc)) from None
        return None


def _status_ok(row: _Row, fields: tuple[str, ...], allowed: frozenset[str]) -> bool | None:
    """True/False when a status column decides; None when none does."""
    cols = row.cols.cols
    if allowed:
        status, found = "", False
        for f in fields:
            if f in cols:
                found = True
                status = row.get(f)
                if status:
                    break
        if found:
            return norm(status) in allowed
    if v.DONE in cols:
        return row.flag(v.DONE)
    return None


def _filters_ok(row: _Row, sets: Mapping[str, frozenset[str]]) -> bool:
    for field, key in ((v.DISPOSITION, "call_dispositions"), (v.DIRECTION, "call_directions")):
        if sets.get(key) and row.has(field) and norm(row.get(field)) not in sets[key]:
            return False
    return True


def _map_row(
    row: _Row,
    nature: str,
    sets: Mapping[str, frozenset[str]],
    pattern: re.Pattern[str] | None,
    now: datetime,
) -> tuple[str, datetime, float | None] | None:
    if nature == "deal":
        return _map_deal(row, sets)
    if nature == "typed":
        types = {norm(t) for t in row.cols.all(row.row, v.TYPE)}
        if types & sets.get("call_types", frozenset()):
            nature = "call"
        elif types & sets.get("meeting_types", frozenset()):
            nature = "meeting"
        else:
            return None
    if nature == "call":
        done = _status_ok(row, (v.CALL_STATUS, v.STATUS), sets.get("call_statuses", frozenset()))
        if done is False or not _filters_ok(row, sets):
            return None
        at = row.when(v.DONE_AT, v.WHEN, v.START, v.DATE, v.CREATED, required=done is True)
        if at is None or (done is None and at > now):
            return None
        return "call", at, None
    done = _status_ok(row, (v.OUTCOME, v.STATUS), sets.get("meeting_statuses", frozenset()))
    if done is False:
        return None
    if pattern is not None and not pattern.search(row.get(v.SUBJECT)):
        return None
    at = row.when(v.START, v.WHEN, v.DATE, v.DONE_AT, v.CREATED, required=done is True)
    if at is None or (done is None and at > now):
        return None
    return "pitch", at, None


def _map_deal(row: _Row, sets: Mapping[str, frozenset[str]]) -> tuple[str, datetime, float | None] | None:
    stage, status = norm(row.get(v.STAGE)), norm(row.get(v.STATUS))
    won_set, lost_set = sets.get("won_stages", frozenset()), sets.get("lost_stages", frozenset())
    won = (row.has(v.WON) and row.flag(v.WON)) or stage in won_set or status in won_set
    if won:
        at = row.when(v.CLOSE_DATE, v.MODIFIED)
        return "deal", at, row.amount()  # type: ignore[return-value]
    if stage in lost_set or status in lost_set or (row.has(v.DONE) and row.flag(v.DONE)):
        return None
    commit = stage in sets.get("commit_stages", frozenset()) or norm(row.get(v.FORECAST)) in sets.get(
        "commit_forecast", frozenset()
    )
    if not commit:
        return None
    at = row.when(v.STAGE_DATE, v.MODIFIED, v.CREATED)
    return "commit", at, row.amount()  # type: ignore[return-value]
