"""The rep's own commands: init, log, undo, status, targets, export (import: cli/import_cmd.py)."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
import pendulum

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.cli.params import FiniteFloatRange, WholeNumber
from repdash.core import game
from repdash.core.kinds import FUNNEL, noun
from repdash.core.salesmath import quota_in_deals
from repdash.core.text import clean_name
from repdash.core.wording import count
from repdash.core.workdays import PERIODS
from repdash.errors import BadInput
from repdash.store.config_check import MAX_MONEY, MAX_TARGET  # the stored config's bounds: one rule

if TYPE_CHECKING:
    from repdash.services.shapes import RepDay

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
NON_NEGATIVE = WholeNumber(min=0, max=MAX_TARGET)


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


IMPORT_MAX_BYTES = 64 * 1024 * 1024  # a CSV of a lifetime of entries is a few MB
# What --at (and an imported `at`) accepts: a calendar date, or a date and a time, local or with an
# offset. Not a time alone, a week date (2026-W49), an ordinal date (2026-337) or words ("now").
AT_FORMS = "YYYY-MM-DD (12:00 that day) or YYYY-MM-DDTHH:MM[:SS], local or with an offset (+01:00, Z)"
AT_HELP = (
    "Backfill: when it happened, as YYYY-MM-DD (12:00 that day) or YYYY-MM-DDTHH:MM[:SS] in your zone, "
    "or with an offset (+01:00, Z). A time the clocks skip (spring forward) is refused."
)
_AT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)


def parse_when(raw: str, tz: str) -> pendulum.DateTime:
    """ISO-8601 date-time in the rep's local time, or with an offset given (the forms of AT_FORMS)."""
    if not raw.strip():
        raise BadInput(f"--at {raw!r} is empty: give an ISO-8601 date-time (e.g. 2026-11-26T14:30)")
    if not _AT.fullmatch(raw.strip()):
        raise BadInput(f"--at {raw!r} is not a date or a date-time: use {AT_FORMS}")
    _refuse_skipped_time(raw.strip(), tz)
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


def _refuse_skipped_time(text: str, tz: str) -> None:
    """A local time the clocks skip (02:30 on a spring-forward night) does not exist: refused,
    not moved an hour without a word."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    try:
        naive = datetime.fromisoformat(text)
        zone = ZoneInfo(tz)
    except (ValueError, KeyError, OSError):
        return  # pendulum's parse below has the last word on the text
    if naive.tzinfo is not None or len(text) == 10:
        return
    back = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise BadInput(
            f"--at {text!r} does not exist in {tz} (the clocks skip that hour); give a time outside it, or an offset"
        )


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
    help="Your first day (default: today), from 2000-01-01 to a year from today: the quota of that period is prorated.",
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
    if start_day is not None:
        latest = clock.now().date().add(days=366)
        if not date(2000, 1, 1) <= start_day <= latest:
            raise BadInput(f"--start {start!r} is not from 2000-01-01 to {latest.isoformat()} (a year from today)")
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
        click.echo("Selling since earlier? Importing your history (`repdash import FILE`) moves the start date back,")
        click.echo("and this quota with it (in full if you started before this period).")
    from repdash.services.team_layout import set_up_identity

    for line in set_up_identity(store):
        click.echo(line)
    from_env = os.environ.get("REPDASH_TEAM_FILE")  # what every command uses (the SPEC's override)
    if from_env:
        other = (
            f", which overrides the configured {config.team_file}" if config.team_file not in (None, from_env) else ""
        )
        click.echo(f"Team file: {from_env} (from REPDASH_TEAM_FILE{other})")
    elif config.team_file:
        click.echo(f"Team{'' if config.team_file.endswith('/') else ' file'}: {config.team_file}")
    click.echo("Press keys in `repdash` or run `repdash log call` to start.")


def parse_count(raw: str | None) -> int:
    """COUNT as typed: a whole number from 1 to MAX_COUNT ("-3" is a count, not an option)."""
    if raw is None:
        return 1
    text = raw.strip()
    # ASCII digits only: str.isdigit() is also true for "²" (which int() refuses) and "٣" (which it reads).
    if not re.fullmatch(r"[0-9]{1,9}", text) or not 1 <= int(text) <= MAX_COUNT:
        raise BadInput(f"COUNT must be a whole number ≥ 1 in digits 0-9 (at most {MAX_COUNT:,}), not {raw!r}")
    return int(text)


# ignore_unknown_options: `log call -3` reaches parse_count (a clear line), not "No such option '-3'".
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("kind")
@click.argument("count", required=False)
@click.option("--at", "when", default=None, metavar="WHEN", help=AT_HELP)
@pass_ctx
def log(ctx, kind, count, when):
    """Log activity (COUNT: a whole number in digits 0-9, default 1).

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
@click.option("--day", "day_raw", metavar="YYYY-MM-DD", help="Undo the newest entry dated that day (default: today's).")
@click.option("--import", "batch", is_flag=True, help="Undo the newest import, all its entries at once.")
@pass_ctx
def undo(ctx, day_raw, batch):
    """Remove the newest entry logged today (an older day needs --day; an import, --import)."""
    store = ctx.store
    store.require()
    day = parse_day(day_raw, "--day")
    if batch and day is not None:
        raise BadInput("--import undoes a whole import; give --day or --import, not both")
    from repdash.services.trophy_case import take_back_undone

    if batch:
        undone = store.undo_import()
        if undone is None:
            raise BadInput("no import to undo")
        n, days = undone
        span = days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()} to {days[-1].isoformat()}"
        click.echo(f"Removed the newest import: {n} entr{'y' if n == 1 else 'ies'} dated {span}.")
        first = days[0]
    else:
        now = clock.now()
        removed = store.undo(now=now, day=day)
        if removed is None:
            raise BadInput(
                f"nothing to undo on {day.isoformat()}"
                if day is not None
                else "nothing to undo today (an older day: --day YYYY-MM-DD; an import: --import)"
            )
        # The stored local time as written (YYYY-MM-DDTHH:MM...): no re-parse that could fail after the write.
        when = removed.at[:16].replace("T", " ")
        click.echo(f"Removed {noun(removed.kind, removed.count)} logged for {when} ({removed.tz}).")
        first = removed.day
    taken = take_back_undone(store, clock.now(), first)
    if taken:
        click.echo(f"Achievement taken back: {', '.join(taken)} (the entry that earned it is gone).")


def _status_data(store) -> RepDay:
    from repdash.services.summary import rep_summary
    from repdash.services.team_standard import current_standard

    return rep_summary(store, clock.now(), standard=current_standard(store))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def status(ctx, as_json):
    """Today's counts, targets, standard, gap, streak, level and XP."""
    store = ctx.store
    store.require()
    data = _status_data(store)
    data["notify"] = store.config.notify  # off | terminal | desktop: notices outside the window (issue 25)
    if as_json:
        click.echo(dumps(data))
        return
    click.echo(
        f"{data['rep']} · {data['date']} · level {data['level']} · {data['xp']} XP "
        f"({data['xp_to_next']} to next) · streak {count(data['streak'], 'working day')}"
        + (f" · {count(data['streak_freezes'], 'freeze')} held" if data.get("streak_freezes") else "")
        + (" · streak kept (freeze used)" if data.get("streak_freeze_used") else "")
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


def _targets_reality_check(store) -> None:
    """The seed's step 1: say where a stage does not fit the next, and when a target is below the standard."""
    from repdash.core import salesmath as sm
    from repdash.core.standard import proposals
    from repdash.services.sales_report import report_for
    from repdash.services.team_standard import current_standard

    report = report_for(store, clock.now(), cached_only=True)
    for m in report["target_mismatches"]:
        click.echo(f"Note: {sm.mismatch_line(m)}.")
    below = proposals(store.targets, current_standard(store, cached_only=True))
    if below:
        std = current_standard(store, cached_only=True) or {}
        parts = ", ".join(noun(k, std[k]) for k in below)
        click.echo(f"Below the team standard ({parts} a day): a proposal; the board measures you on the standard.")


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
        click.echo("Targets set: " + _targets_line(store.targets) + " a day (from today; earlier days keep theirs).")
        _targets_reality_check(store)
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
    # A CRM record already logged by hand is stored with count 0 (core/crm/reconcile.py): not exported.
    rows = [{"at": e.at, "kind": e.kind, "count": e.count} for e in store.entries(first, last) if e.count]
    if fmt == "json":
        click.echo(dumps(rows))
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["at", "kind", "count"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    click.echo(out.getvalue(), nl=False)


COMMANDS = [init, log, undo, status, targets, export]  # `import`: cli/import_cmd.py
