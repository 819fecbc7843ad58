"""`repdash math` and `repdash quota` (issue 3): the rep's sales math, in words a coach would use."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.cli.params import FiniteFloatRange
from repdash.core import salesmath as sm
from repdash.core.kinds import FUNNEL, noun
from repdash.core.wording import count, join, plural
from repdash.core.workdays import PERIODS
from repdash.errors import BadInput
from repdash.services.sales_report import report_for
from repdash.store.config import Config
from repdash.store.config_check import MAX_MONEY  # the stored config's bounds: one rule

if TYPE_CHECKING:
    from repdash.core.shapes import MathReport


def _short(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%b')}"


def _activity(counts: dict, kinds=FUNNEL) -> str:
    return join([noun(k, counts[k]) for k in kinds])


RATE_WORDS = {"pitch_per_call": "pitch", "commit_per_pitch": "commitment", "deal_per_commit": "close"}
SOURCE_WORDS = {"team": "the team's median", "default": "defaults"}


def rate_sentence(r: MathReport) -> str:
    rates = r["rates"]
    head = "Rates used" if r["low_data"] else f"Your last {r['rate_window']['working_days']} working days"
    return (
        f"{head}: you get a pitch from {sm.odds(rates['pitch_per_call'])} calls, "
        f"a verbal commitment from {sm.odds(rates['commit_per_pitch'])} pitches, "
        f"and you close {sm.odds(rates['deal_per_commit'])} commitments."
    )


def low_data_line(r: MathReport) -> str | None:
    """Say, in one line, which rates are borrowed, from where, and why."""
    borrowed = [(src, dst, name) for src, dst, name in sm.STEPS if r["rate_sources"][name] != "own"]
    if not borrowed:
        return None
    totals = r["rate_window"]["totals"]
    involved = {k for src, dst, _ in borrowed for k in (src, dst)}
    held = join([noun(k, totals.get(k, 0)) for k in FUNNEL if k in involved])
    mine = [RATE_WORDS[name] for _, _, name in borrowed]
    by_source: dict[str, list[str]] = {}
    for _src, _dst, name in borrowed:
        by_source.setdefault(r["rate_sources"][name], []).append(RATE_WORDS[name])
    uses = join(
        [f"{SOURCE_WORDS[s]} for the {join(words)} {plural('rate', len(words))}" for s, words in by_source.items()]
    )
    days = count(r["rate_window"]["working_days"], "working day")
    rates = f"{join(mine)} {plural('rate', len(mine))}"
    return f"Low data: your last {days} hold {held}, too few for your own {rates}, so the math uses {uses}."


def prorated_words(r: MathReport) -> str | None:
    """ "prorated: 9 of 21 working days" when the rep started inside this period, else None."""
    p = r.get("prorated")
    return f"prorated: {p['working_days']} of {p['of']} working days" if p else None


def prorated_line(r: MathReport) -> str | None:
    words = prorated_words(r)
    if not words or not r["quota"]:
        return None
    return (
        f"You started on {_short(r['start_date'] or '')}, so this period's quota is "
        f"{noun('deal', r['quota_this_period'])} of {r['quota']} ({words})."
    )


def coach_lines(r: MathReport) -> list[str]:
    quota, so_far, left = r["quota_this_period"], r["deals_so_far"], r["working_days_left"]
    start = date.fromisoformat(r["period_start"])
    name = sm.period_name(r["period"], start)
    lines = [
        f"Sales math for {name} ({_short(r['period_start'])} to {_short(r['period_end'])}), as of {_short(r['date'])}.",
        rate_sentence(r),
    ]
    low = low_data_line(r)
    if low:
        lines.append(low)
    money = f" ({r['quota_money']:,.0f} at {r['deal_value']:,.0f} a deal)" if r.get("deal_value") else ""
    line = prorated_line(r)
    if line:
        lines.append(line)
        money = ""  # the money figure is the full period's, not the prorated one
    needed, targets = r["needed_per_day"], r["targets"]
    if quota <= 0:
        lines.append("No quota set yet: `repdash quota --quota N` sets one, and the math will show what it takes.")
    elif r["quota_met"]:
        lines.append(
            f"Quota met: {so_far} of {noun('deal', quota)}{money}. Everything from here is a bonus: "
            "keep the funnel full for the next period."
        )
    elif r["no_working_days_left"]:
        lines.append(
            f"No working days left in {name}: you stand at {so_far} of {quota} deals{money}, "
            f"{r['deals_needed']} short. A fresh period starts after {_short(r['period_end'])}."
        )
    else:
        days = "today, the last working day" if left == 1 else f"{left} working days (today included)"
        more = r["deals_needed"]
        lines.append(
            f"You have {so_far} of {quota} deals{money}. To land {more} more {plural('deal', more)} "
            f"in {days} you need {_activity(needed)} a day."
        )
    if quota > 0 and not r["no_working_days_left"] and not r["quota_met"]:
        t = " / ".join(str(targets[k]) for k in FUNNEL)
        lines.append(
            f"Your targets are {t} (calls / pitches / commitments / deals): "
            f"at your rates that lands {r['targets_land']} of {quota}."
        )
        short = {k: needed[k] - targets[k] for k in FUNNEL if needed[k] > targets[k]}
        if short:
            lines.append(
                "To make the targets add up: "
                + join([f"+{noun(k, n)}" for k, n in short.items()])
                + " a day (`repdash targets` or `t` in the dashboard)."
            )
    to_go = {k: n for k, n in r["gaps"]["today"].items() if n > 0}
    lines.append(
        f"Today so far: {_activity(r['today'])}."
        + (f" Still to go today: {_activity(to_go, list(to_go))}." if to_go else "")
    )
    if quota > 0 and not r["quota_met"] and r["pace"] == "starting":
        lines.append(f"Day one of this period for you: {sm.today_keeps_pace(r['needed_per_day'])}.")
    elif quota > 0 and not r["quota_met"]:
        verdict = sm.PACE_WORDS[r["pace"]]
        since = _short(max(r["period_start"], r.get("start_date") or ""))
        lines.append(
            f"At your pace since {since} you land {r['projected_deals']} of {quota} "
            f"by {_short(r['period_end'])}: {verdict}."
        )
    elif quota > 0:
        lines.append(f"At your pace you finish {name} with {r['projected_deals']} deals.")
    return lines


@click.command(name="math")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def math_(ctx, as_json):
    """Conversion rates, the reverse funnel from quota, projection to period end."""
    report = report_for(ctx.store, clock.now())
    if as_json:
        click.echo(dumps(report))
        return
    click.echo("\n".join(coach_lines(report)))


def _dates(values, flag: str) -> list[str]:
    out = []
    for raw in values:
        try:
            out.append(date.fromisoformat(raw).isoformat())
        except ValueError:
            raise BadInput(f"{flag} {raw!r} is not a date (YYYY-MM-DD)") from None
    return out


def quota_lines(config: Config) -> list[str]:
    deals = sm.quota_in_deals(config.quota, config.deal_value)
    line = f"Quota: {noun('deal', deals)} per {config.period}"
    if config.deal_value:
        line += f" ({config.quota or 0:,.0f} at {config.deal_value:,.0f} a deal)"
    return [
        line + ".",
        "Holidays: " + (", ".join(sorted(config.holidays)) or "none") + ".",
        "Days off: " + (", ".join(sorted(config.days_off)) or "none") + ".",
    ]


@click.command()
@click.option(
    "--quota",
    type=FiniteFloatRange(min=0, max=MAX_MONEY),
    default=None,
    help="Deals per period, or money when a deal value is set.",
)
@click.option(
    "--deal-value",
    type=FiniteFloatRange(min=0, max=MAX_MONEY),
    default=None,
    help="Average deal value: the quota is money (0: the quota is deals).",
)
@click.option("--period", type=click.Choice(PERIODS), default=None, help="Quota period.")
@click.option("--holiday", multiple=True, metavar="YYYY-MM-DD", help="Add a holiday (repeatable).")
@click.option("--day-off", multiple=True, metavar="YYYY-MM-DD", help="Add one of your own days off (repeatable).")
@click.option("--remove", multiple=True, metavar="YYYY-MM-DD", help="Remove a holiday or day off (repeatable).")
@pass_ctx
def quota(ctx, quota, deal_value, period, holiday, day_off, remove):
    """Show, or change, quota, deal value, period, holidays and days off."""
    store = ctx.store
    config = store.require()
    # Validate everything before writing anything: bad input changes nothing.
    add_h, add_d, drop = _dates(holiday, "--holiday"), _dates(day_off, "--day-off"), set(_dates(remove, "--remove"))
    unknown = sorted(drop - set(config.holidays) - set(config.days_off))
    if unknown:
        raise BadInput(f"--remove {', '.join(unknown)}: not a holiday or day off in your list (see `repdash quota`)")
    changes: dict = {}
    if quota is not None:
        changes["quota"] = quota
    if deal_value is not None:
        changes["deal_value"] = deal_value or None
    if period is not None:
        changes["period"] = period
    if add_h or add_d or drop:
        changes["holidays"] = sorted((set(config.holidays) | set(add_h)) - drop)
        changes["days_off"] = sorted((set(config.days_off) | set(add_d)) - drop)
    if changes:
        config = store.update_config(**changes)
    click.echo("\n".join(quota_lines(config)))


COMMANDS = [math_, quota]
