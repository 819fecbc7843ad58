"""The rep's own commands: init, log, undo, status, targets, export, import."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import click
import pendulum

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.cli.params import FiniteFloatRange
from repdash.core import game
from repdash.core.kinds import FUNNEL, noun
from repdash.core.salesmath import quota_in_deals
from repdash.core.text import clean_name
from repdash.core.workdays import PERIODS
from repdash.errors import BadInput
from repdash.store.config_check import MAX_MONEY, MAX_TARGET  # the stored config's bounds: one rule

ALIASES = {
    "calls": "call",
    "pitches": "pitch",
    "verbal": "commit",
    "commitment": "commit",
    "commits": "commit",
    "deals": "deal",
    "v": "commit",
    "c": "call",
    "p": "pitch",
    "d": "deal",
    "1:1": "one_on_one",
    "1on1": "one_on_one",
    "one-on-one": "one_on_one",
    "o": "one_on_one",
    "coach": "coaching",
    "k": "coaching",
}
MAX_COUNT = 10_000
NON_NEGATIVE = click.IntRange(min=0, max=MAX_TARGET)


def target_options(func):
    """--call N --pitch N --commit N --deal N (whole numbers >= 0)."""
    for kind in reversed(FUNNEL):
        func = click.option(
            f"--{kind}", kind, type=NON_NEGATIVE, default=None, help=f"daily {noun(kind, 2).split()[1]}"
        )(func)
    return func


def resolve_kind(store, raw: str) -> str:
    kind = ALIASES.get(raw.strip().lower(), raw.strip().lower())
    if kind not in store.kinds:
        raise BadInput(f"unknown kind {raw!r}: use one of {', '.join(store.kinds)}")
    return kind


def parse_when(raw: str, tz: str) -> pendulum.DateTime:
    """ISO-8601 date-time in the rep's local time, or with an offset given."""
    if not raw.strip():
        raise BadInput(f"--at {raw!r} is empty: give an ISO-8601 date-time (e.g. 2026-11-26T14:30)")
    try:
        parsed = pendulum.parse(raw, tz=tz, strict=False)
        if not isinstance(parsed, pendulum.DateTime):
            if not isinstance(parsed, pendulum.Date):
                raise BadInput(f"--at {raw!r} is not a date-time")
            parsed = pendulum.datetime(parsed.year, parsed.month, parsed.day, 12, tz=tz)
        # An offset beyond +-24 h parses, then fails on first use: use it here, inside the try.
        utc = parsed.in_timezone("UTC")
    except BadInput:
        raise
    except Exception:
        raise BadInput(f"--at {raw!r} is not an ISO-8601 date-time (e.g. 2026-11-26T14:30)") from None
    if utc < clock.EARLIEST:
        raise BadInput(f"--at {raw!r} is before {clock.EARLIEST.year}")
    return parsed


def parse_day(raw: str | None, flag: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"{flag} {raw!r} is not a date (YYYY-MM-DD)") from None


def check_team_file(team_file: str | None) -> None:
    """A team file path must be in a folder that exists (a URL such as s3://... is not a folder)."""
    if not team_file or "://" in team_file:
        return
    folder = Path(team_file).expanduser().parent
    if not folder.is_dir():
        raise BadInput(f"--team-file {team_file!r}: the folder {str(folder)!r} does not exist")


def _targets_line(targets: dict[str, int]) -> str:
    return ", ".join(noun(k, n) for k, n in targets.items())


@click.command()
@click.option("--name", required=True, help="Your name as the team sees it.")
@click.option(
    "--team-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="The shared team file: a path, or s3://BUCKET/KEY.",
)
@click.option(
    "--team",
    "team_location",
    default=None,
    metavar="PATH/|s3://BUCKET/PREFIX/",
    help="The team location: a folder or an object prefix with one signed object per rep.",
)
@click.option(
    "--quota",
    type=FiniteFloatRange(min=0, max=MAX_MONEY),
    default=None,
    help="Deals per period, or money with --deal-value.",
)
@click.option(
    "--deal-value",
    type=FiniteFloatRange(min=0, min_open=True, max=MAX_MONEY),
    default=None,
    help="Average deal value (quota is money).",
)
@click.option("--period", type=click.Choice(PERIODS), default=None, help="Quota period.")
@click.option("--manager", is_flag=True, help="Set up as the team's manager.")
@click.option("--tz", default=None, help="IANA time zone (default: this machine's).")
@click.option(
    "--start",
    "start",
    default=None,
    metavar="YYYY-MM-DD",
    help="Your first day (default: today): the quota of that period is prorated.",
)
@target_options
@pass_ctx
def init(ctx, name, team_file, team_location, quota, deal_value, period, manager, tz, start, **targets):
    """Set up (or update) this rep: name, quota, team location or file, targets."""
    cleaned = clean_name(name)
    if not cleaned:
        raise BadInput("--name must contain at least one visible character")
    if tz is not None:
        try:
            pendulum.timezone(tz)
        except Exception:
            raise BadInput(f"--tz {tz!r} is not an IANA time zone (e.g. Europe/Berlin)") from None
    start_day = parse_day(start, "--start")
    if team_location is not None and team_file:
        raise BadInput("give --team (a team location) or --team-file (one team file), not both")
    if team_location is not None:
        from repdash.sync.layout import check_location

        team_file = check_location(team_location)  # stored with its trailing slash: a location
    elif team_file:
        from repdash.sync.location import check_setting

        team_file = check_setting(team_file)  # a URL is checked for shape only: no network, no folder check
        check_team_file(team_file)
    store = ctx.store
    given = {k: v for k, v in targets.items() if v is not None}
    config = store.init(
        cleaned,
        team_file=team_file,
        quota=quota,
        deal_value=deal_value,
        period=period,
        manager=manager,
        targets=given,
        tz=tz,
        now=clock.now(),
        start_date=start_day,
    )
    quota_deals = quota_in_deals(config.quota, config.deal_value)
    click.echo(f"Welcome, {config.name}! You're set up in {config.tz}.")
    click.echo(f"Daily targets: {_targets_line(config.targets)}.")
    click.echo(f"Quota: {noun('deal', quota_deals)} per {config.period}.")
    from repdash.cli.math_cmd import prorated_words
    from repdash.services.sales_report import report_for

    report = report_for(store, clock.now(), cached_only=True)
    if prorated_words(report) and quota_deals:
        click.echo(
            f"This {config.period}: {noun('deal', report['quota_this_period'])} "
            f"({prorated_words(report)}, from {report['start_date']})."
        )
    from repdash.services.team_layout import set_up_identity

    for line in set_up_identity(store):
        click.echo(line)
    if config.team_file:
        click.echo(f"Team{'' if config.team_file.endswith('/') else ' file'}: {config.team_file}")
    click.echo("Press keys in `repdash` or run `repdash log call` to start.")


def parse_count(raw: str | None) -> int:
    """COUNT as typed: a whole number from 1 to MAX_COUNT ("-3" is a count, not an option)."""
    if raw is None:
        return 1
    text = raw.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_COUNT:
        raise BadInput(f"COUNT must be a whole number ≥ 1 (at most {MAX_COUNT:,}), not {raw!r}")
    return int(text)


# ignore_unknown_options: `log call -3` reaches parse_count (a clear line), not "No such option '-3'".
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("kind")
@click.argument("count", required=False)
@click.option("--at", "when", default=None, help="Backfill: ISO-8601 date-time (local, or with offset).")
@pass_ctx
def log(ctx, kind, count, when):
    """Log activity (COUNT defaults to 1).

    \b
    KIND: call | pitch | commit (a verbal commitment) | deal;
    managers also log one_on_one (a 1:1 held) and coaching (a coaching session).
    """
    count = parse_count(count)
    store = ctx.store
    store.require()
    kind = resolve_kind(store, kind)
    now = clock.now()
    at = parse_when(when, store.tz) if when is not None else None  # --at "" is refused, not "now"
    if at is not None and at > now.add(minutes=1):
        raise BadInput(f"--at {when!r} is in the future")
    entry = store.log(kind, count, at=at, now=now)
    today = store.today(now)
    counts = store.day_counts(entry.day)
    target = store.targets.get(kind)
    where = "today" if entry.day == today else entry.date
    line = f"Logged {noun(kind, count)} ({where}: {counts.get(kind, 0)}"
    if target:
        left = target - counts.get(kind, 0)
        line += f" of {target}" + (f", {left} to go" if left > 0 else ", target hit!")
    line += f")  +{game.xp_for(kind, count)} XP"
    click.echo(line)


@click.command()
@pass_ctx
def undo(ctx):
    """Remove the most recently logged entry."""
    store = ctx.store
    store.require()
    removed = store.undo()
    if removed is None:
        raise BadInput("nothing to undo")
    # The stored local time as written (YYYY-MM-DDTHH:MM...): no re-parse that could fail after the write.
    when = removed.at[:16].replace("T", " ")
    click.echo(f"Removed {noun(removed.kind, removed.count)} logged for {when} ({removed.tz}).")
    from repdash.services.trophy_case import take_back_undone

    taken = take_back_undone(store, clock.now(), removed.day)
    if taken:
        click.echo(f"Achievement taken back: {', '.join(taken)} (the entry that earned it is gone).")


def _status_data(store) -> dict:
    from repdash.services.summary import rep_summary
    from repdash.sync.standard import current_standard

    return rep_summary(store, clock.now(), standard=current_standard(store))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def status(ctx, as_json):
    """Today's counts, targets, standard, gap, streak, level and XP."""
    store = ctx.store
    store.require()
    data = _status_data(store)
    if as_json:
        click.echo(dumps(data))
        return
    click.echo(
        f"{data['rep']} · {data['date']} · level {data['level']} · {data['xp']} XP "
        f"({data['xp_to_next']} to next) · streak {data['streak']} working day(s)"
    )
    standard = data["standard"] or {}
    for kind, n in data["today"].items():
        target = data["targets"].get(kind)
        # A kind with no target and no standard (a manager's calls) is just a count, never a gap.
        extra = f" / target {target}" if target else ""
        if kind in standard:
            gap = standard[kind] - n
            extra += f" · standard {standard[kind]}" + (f" (gap {gap})" if gap > 0 else " ✓")
        click.echo(f"  {kind:<8} {n:>5}{extra}")
    if data["remaining"]:
        click.echo("To hit today's targets: " + ", ".join(noun(k, n) for k, n in data["remaining"].items()) + " more.")
    else:
        click.echo("Every target hit today. Nice work!")


@click.command()
@target_options
@click.option("--history", is_flag=True, help="Show every change of your targets, with its date.")
@pass_ctx
def targets(ctx, history, **values):
    """Show, or set, your own daily targets."""
    store = ctx.store
    store.require()
    given = {k: v for k, v in values.items() if v is not None}
    if history:
        if given:
            raise BadInput("--history only shows; set targets without it")
        for change in sorted(store.targets_history(), key=lambda h: h["at"]):
            click.echo(f"{change['date']}  {_targets_line(change['targets'])}")
        return
    if given:
        store.set_targets(given, now=clock.now())
        click.echo("Targets set: " + _targets_line(store.targets) + " a day.")
    else:
        click.echo("Your daily targets: " + _targets_line(store.targets) + ".")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--since", default=None, help="First local date (YYYY-MM-DD), inclusive.")
@click.option("--until", default=None, help="Last local date (YYYY-MM-DD), inclusive.")
@pass_ctx
def export(ctx, fmt, since, until):
    """Every logged entry, as CSV (at,kind,count) or JSON."""
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    if first and last and first > last:
        raise BadInput("--since is after --until")
    store = ctx.store
    store.require()
    rows = [{"at": e.at, "kind": e.kind, "count": e.count} for e in store.entries(first, last)]
    if fmt == "json":
        click.echo(dumps(rows))
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["at", "kind", "count"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    click.echo(out.getvalue(), nl=False)


@click.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def import_(ctx, file: Path):
    """Add entries from a CSV in the export format (all or nothing)."""
    store = ctx.store
    store.require()
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{file}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{file}: cannot read it ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames][:3] != ["at", "kind", "count"]:
        raise BadInput(f"{file}: the first line must be the header at,kind,count")
    now = clock.now()
    # A multiset: a row is skipped only as often as it is already stored, so two identical
    # rows (two calls backfilled to the same minute) both survive an export/import round trip.
    existing = Counter((e.at, e.kind, e.count) for e in store.entries())
    entries, skipped = [], 0
    for line_no, row in enumerate(reader, start=2):
        at_raw, kind_raw, count_raw = (
            (row.get("at") or "").strip(),
            (row.get("kind") or "").strip(),
            (row.get("count") or "").strip(),
        )
        try:
            at = parse_when(at_raw, store.tz)
            kind = resolve_kind(store, kind_raw)
            # ASCII digits only: str.isdigit() is true for "²", which int() refuses.
            if not re.fullmatch(r"[0-9]{1,9}", count_raw) or not 1 <= int(count_raw) <= MAX_COUNT:
                raise BadInput(f"count {count_raw!r} is not a whole number from 1 to {MAX_COUNT}")
            if at > now.add(minutes=1):
                raise BadInput(f"{at_raw!r} is in the future")
        except BadInput as exc:
            raise BadInput(f"{file}, line {line_no}: {exc}; nothing imported") from None
        entry = store.make_entry(kind, int(count_raw), at, source="import", now=now)
        key = (entry.at, entry.kind, entry.count)
        if existing[key] > 0:
            existing[key] -= 1
            skipped += 1
            continue
        entries.append(entry)
    added = store.add_entries(entries)
    click.echo(
        f"Imported {added} entr{'y' if added == 1 else 'ies'}"
        + (f", skipped {skipped} already present." if skipped else ".")
    )


COMMANDS = [init, log, undo, status, targets, export, import_]
