"""`repdash org LOCATION [--json] [--tv]`: a director's board of the teams under a folder or prefix.

A director needs no rep home: nothing is read from or written to one.
"""

from __future__ import annotations

import sys

import click

from repdash import clock
from repdash.cli.output import dumps


@click.command()
@click.argument("location")
@click.option("--json", "as_json", is_flag=True, help="The teams as JSON.")
@click.option("--tv", is_flag=True, help="Wall-screen mode: refreshes every 30 s.")
def org(location, as_json, tv):
    """Teams under LOCATION (PATH/ or s3://BUCKET/PREFIX/) ranked by reps at standard this week; Enter drills in."""
    from repdash.services.org import org_json, org_view
    from repdash.sync.org import check_org

    location = check_org(location)
    if as_json:
        click.echo(dumps(org_json(org_view(location, clock.now()))))
        return
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        view = org_view(location, clock.now())
        t = view["totals"]
        click.echo(
            f"Org board · {t['teams']} teams · {t['reps']} reps · at standard this week "
            f"{t['at_standard_week_pct']:g}% · deals {t['deals']:g} of {t['quota_this_period']:g}"
        )
        click.echo(f"{'#':>3}  {'team':<28} {'reps':>5} {'std wk':>7} {'deals/quota':>14} {'vs last':>8}")
        for r in view["teams"]:
            trend = "–" if r["trend"] is None else f"{r['trend']:+g}"
            click.echo(
                f"{r['rank']:>3}  {r['name'][:28]:<28} {r['reps']:>5} {r['at_standard_week_pct']:>6.0f}% "
                f"{str(round(r['deals'])) + ' / ' + format(r['quota_this_period'], 'g'):>14} {trend:>8}"
            )
        for p in view["problems"]:
            click.echo(f"unreadable: {p}")
        return
    from repdash.ui.org_app import run_org_app

    run_org_app(location, tv=tv)


COMMANDS = [org]
