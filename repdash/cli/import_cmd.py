"""`repdash import`: a file in the export format (CSV or `export --format json`), a CRM export
(`--from salesforce|hubspot|pipedrive|close|zoho`), or a watched folder (`--watch FOLDER`);
and `repdash crm map`, the mapping of CRM records to kinds."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.core.kinds import FUNNEL, noun
from repdash.core.wording import count
from repdash.errors import BadInput

CRMS = ("salesforce", "hubspot", "pipedrive", "close", "zoho")  # core.crm.NAMES, without loading it here
WATCH_EVERY = 2.0  # seconds between two looks at a watched folder


def _rows_of(file: Path, text: str) -> list[tuple[int, str, str, str]]:
    """(line, at, kind, count) of a file in the export format: CSV `at,kind,count`, or the JSON
    list `export --format json` prints."""
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BadInput(f"{file}: not valid JSON ({exc}); nothing imported") from None
        rows = []
        for i, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise BadInput(f"{file}, item {i}: not an object with at, kind and count; nothing imported")
            rows.append((i, str(item.get("at") or ""), str(item.get("kind") or ""), str(item.get("count", ""))))
        return rows
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames
        if header is None or [f.strip() for f in header][:3] != ["at", "kind", "count"]:
            raise BadInput(f"{file}: the first line must be the header at,kind,count (or a JSON list from export)")
        return [
            (line, (row.get("at") or "").strip(), (row.get("kind") or "").strip(), (row.get("count") or "").strip())
            for line, row in enumerate(reader, start=2)
        ]
    except csv.Error as exc:  # a field past the csv module's limit (128 KiB), a NUL byte, ...
        raise BadInput(f"{file}, line {reader.line_num + 1}: {exc}; nothing imported") from None


def _plain_import(store, file: Path) -> None:
    from repdash.cli.rep import IMPORT_MAX_BYTES, MAX_COUNT, parse_when, resolve_kind
    from repdash.store.safe_read import UnreadableFile, read_regular

    try:
        raw = read_regular(file, IMPORT_MAX_BYTES)  # a FIFO or /dev/zero is refused, never waited on
        if raw is None:
            raise BadInput(f"{file}: no such file")
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, UnreadableFile) as exc:
        raise BadInput(f"{file}: cannot read it ({exc})") from None
    now = clock.now()
    # A multiset: a row is skipped only as often as it is already stored, so two identical
    # rows (two calls backfilled to the same minute) both survive an export/import round trip.
    existing = Counter((e.at, e.kind, e.count) for e in store.entries())
    entries, skipped = [], 0
    word = "item" if text.lstrip().startswith("[") else "line"
    for line_no, at_raw, kind_raw, count_raw in _rows_of(file, text):
        try:
            at = parse_when(at_raw, store.tz)
            kind = resolve_kind(store, kind_raw)
            # ASCII digits only: str.isdigit() is true for "²", which int() refuses.
            if not re.fullmatch(r"[0-9]{1,9}", count_raw) or not 1 <= int(count_raw) <= MAX_COUNT:
                raise BadInput(f"count {count_raw!r} is not a whole number from 1 to {MAX_COUNT}")
            if at > now.add(minutes=1):
                raise BadInput(f"{at_raw!r} is in the future")
        except BadInput as exc:
            raise BadInput(f"{file}, {word} {line_no}: {exc}; nothing imported") from None
        entry = store.make_entry(kind, int(count_raw), at, source="import", now=now)
        key = (entry.at, entry.kind, entry.count)
        if existing[key] > 0:
            existing[key] -= 1
            skipped += 1
            continue
        entries.append(entry)
    added = store.add_entries(entries)
    click.echo(f"Imported {count(added, 'entry')}" + (f", skipped {skipped} already present." if skipped else "."))


def _kinds(counts: dict[str, int]) -> str:
    """`2 calls, 1 deal`, in funnel order."""
    order = {k: i for i, k in enumerate(FUNNEL)}
    ranked = sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return ", ".join(noun(k, n) for k, n in ranked if n) or "nothing"


def _describe(report) -> list[str]:
    """The rep-facing lines of one CRM import (or dry run)."""
    from repdash.core.crm import VENDORS

    label = VENDORS[report["crm"]].label
    lines = []
    from_crm = {k: n for k, n in report["from_crm"].items() if n}
    line = f"{label}: {_kinds(from_crm)}" + (f" of {report['owner']}" if report["owner"] else "")
    if report["hand_matched"]:
        line += f" ({_kinds(report['hand_matched'])} logged by hand already in them)"
    lines.append(line + ".")
    reasons = ", ".join(f"{n} {why}" for why, n in report["skipped_reasons"].items())
    verb = "Would add" if report["dry_run"] else "Added"
    lines.append(
        f"{verb} {report['added']}, {'would update' if report['dry_run'] else 'updated'} {report['updated']}, "
        f"unchanged {report['unchanged']}" + (f", skipped {reasons}" if reasons else "") + "."
    )
    if report["dry_run"]:
        for d in report["days"]:
            parts = []
            if d["added"]:
                parts.append(f"+{d['added']} new")
            if d["updated"]:
                parts.append(f"{d['updated']} updated")
            if d["matched"]:
                parts.append(f"{d['matched']} of {d['hand']} logged by hand already in them")
            lines.append(f"  {d['date']}  {d['kind']:<7} {', '.join(parts)}")
        lines.append("Dry run: nothing changed.")
    return lines


@click.command(name="import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source", type=click.Choice(CRMS), default=None, help="The CRM that exported FILE.")
@click.option("--owner", default=None, metavar="NAME_OR_ID", help="Only this CRM user's rows (remembered).")
@click.option("--dry-run", is_flag=True, help="Show what would change, per day and kind; change nothing.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--watch", "folder", default=None, type=click.Path(path_type=Path), help="Import new CRM exports landing here."
)
@click.option("--once", is_flag=True, help="With --watch: import what is there now, then stop.")
@pass_ctx
def import_(ctx, file, source, owner, dry_run, as_json, folder, once):
    """Add entries from FILE: the export format (CSV or JSON; all or nothing), or a CRM export.

    \b
    repdash import history.csv
    repdash import --from salesforce tasks.csv --owner "Ana Smith" [--dry-run] [--json]
    repdash import --watch ~/Downloads        (new CRM exports, as they land; Ctrl-C stops)
    """
    if folder is not None:
        if file is not None or dry_run:
            raise BadInput("--watch takes a folder alone (no FILE, no --dry-run)")
        return _watch(ctx.store, folder, source, owner, as_json, once)
    if once:
        raise BadInput("--once goes with --watch FOLDER")
    if file is None:
        raise BadInput("give a FILE to import (or --watch FOLDER)")
    store = ctx.store
    store.require()
    if source is None:
        if owner or dry_run:
            raise BadInput("--owner and --dry-run go with --from CRM")
        if as_json:
            raise BadInput("--json goes with --from CRM")
        return _plain_import(store, file)
    from repdash.services.crm_import import import_export

    report = import_export(store, file, source, owner, clock.now(), dry_run=dry_run)
    if as_json:
        click.echo(dumps(report))
    else:
        for line in _describe(report):
            click.echo(line)


def _watch(store, folder: Path, source, owner, as_json: bool, once: bool) -> int:
    from repdash.services.crm_import import watch_once

    store.require()
    if not folder.is_dir():
        raise BadInput(f"--watch {folder}: not a folder")
    if not once:
        click.echo(f"Watching {folder} for CRM exports (Ctrl-C stops).", err=as_json)
    try:
        while True:
            for path, result in watch_once(store, folder, source, owner, clock.now()):
                if as_json:
                    click.echo(
                        json.dumps({"file": str(path), **({"error": result} if isinstance(result, str) else result)})
                    )
                elif isinstance(result, str):
                    click.echo(f"{path.name}: {result}")
                else:
                    click.echo(f"{path.name}: " + " ".join(_describe(result)))
            if once:
                return 0
            time.sleep(WATCH_EVERY)
    except KeyboardInterrupt:
        return 0


@click.group()
def crm():
    """CRM imports: how CRM records map to calls, pitches, commitments and deals."""


@crm.command(name="map")
@click.argument("crm_name", required=False, metavar="[CRM]", type=click.Choice(CRMS))
@click.argument("settings", nargs=-1, metavar="[KEY=VALUE ...]")
@click.option("--reset", is_flag=True, help="Back to the defaults (the KEYs given, or all of CRM's).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def crm_map(ctx, crm_name, settings, reset, as_json):
    """Show the mapping (every CRM, or one), or set it: KEY=a,b,c (empty: any value).

    \b
    repdash crm map salesforce commit_stages="Negotiation/Review,Verbal"
    repdash crm map hubspot owner=12345          (the CRM user whose rows are yours)
    repdash crm map pipedrive --reset
    """
    from repdash.core import crm as core_crm
    from repdash.services.crm_import import set_mapping

    store = ctx.store
    config = store.require()
    if (settings or reset) and crm_name is None:
        raise BadInput("name the CRM whose mapping to change (e.g. `repdash crm map salesforce KEY=VALUE`)")
    changes: dict = {}
    for item in settings:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if reset and not sep:
            changes[key] = None
            continue
        if not sep:
            raise BadInput(f"{item!r}: write KEY=VALUE (keys: {', '.join(core_crm.KEYS)}, owner)")
        if key == "owner":
            if not raw.strip():
                raise BadInput("owner=NAME_OR_ID needs a value (or `--reset owner`)")
            changes[key] = raw.strip()
            continue
        try:
            changes[key] = core_crm.parse_value(key, raw)
        except core_crm.RuleError as exc:
            raise BadInput(str(exc)) from None
    if changes or reset:
        set_mapping(store, crm_name, changes, reset)
        config = store.config
    overrides: dict[str, dict[str, Any]] = dict(config.crm.get("map") or {})
    owners = dict(config.crm.get("owner") or {})
    names = [crm_name] if crm_name else list(CRMS)
    data: dict[str, dict[str, Any]] = {
        name: {
            "owner": owners.get(name),
            "rules": core_crm.rules_for(name, overrides),
            "overridden": sorted(overrides.get(name, {})),
        }
        for name in names
    }
    if as_json:
        click.echo(dumps(data))
        return
    for name, info in data.items():
        click.echo(f"{core_crm.VENDORS[name].label} ({name})" + (f" · owner {info['owner']}" if info["owner"] else ""))
        for key, value in info["rules"].items():
            shown = ", ".join(value) if isinstance(value, list) else value
            mark = " (yours)" if key in info["overridden"] else ""
            click.echo(f"  {key:<18} {shown or '(any)'}{mark}")


@crm.command(name="watch")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--off", is_flag=True, help="Stop watching.")
@pass_ctx
def crm_watch(ctx, folder, off):
    """Show, or set, the folder the dashboard watches for CRM exports (e.g. your downloads)."""
    from repdash.services.crm_import import set_watch

    store = ctx.store
    config = store.require()
    if off and folder is not None:
        raise BadInput("give a FOLDER or --off, not both")
    if folder is not None:
        if not folder.expanduser().is_dir():
            raise BadInput(f"{folder}: not a folder")
        set_watch(store, str(folder.expanduser().resolve()))
        click.echo(f"The dashboard imports CRM exports landing in {folder.expanduser().resolve()}.")
    elif off:
        set_watch(store, None)
        click.echo("The dashboard watches no folder.")
    else:
        watched = config.crm.get("watch")
        click.echo(f"The dashboard watches {watched}." if watched else "The dashboard watches no folder.")


COMMANDS = [import_, crm]
