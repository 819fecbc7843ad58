"""`repdash notify`: show, or set, how and when the dashboard speaks outside its window (issue 25).

The settings are the config's `notify`, `notify_hours`, `streak_alert` and `nudges` (checked by
`store/config_check.py`, the one rule for what a valid value is); the rule that uses them is
`core/nudges.py`, the terminal side `ui/notify.py`.
"""

from __future__ import annotations

import click

from repdash.cli.context import pass_ctx
from repdash.core import nudges
from repdash.errors import BadInput
from repdash.store.config_check import bad_keys

KIND_HELP = {
    "target": "a daily target reached",
    "midday": "under half of the day's targets at midday",
    "team_deal": "a teammate's deal (at most one notice per 10 minutes)",
    "streak_risk": "a streak at risk, targets not met",
    "contest": "you took the lead of a contest, or one ends within the hour",
}


@click.command(name="notify")
@click.option("--mode", type=click.Choice(nudges.MODES), default=None, help="off, terminal or desktop.")
@click.option("--hours", default=None, metavar="HH:MM-HH:MM", help="When notices may come (default 08:00-18:00).")
@click.option("--streak-at", default=None, metavar="HH:MM", help="When a streak at risk is said (default 16:00).")
@click.option("--on", "turn_on", multiple=True, type=click.Choice(nudges.KINDS), help="Switch a notice on.")
@click.option("--off", "turn_off", multiple=True, type=click.Choice(nudges.KINDS), help="Switch a notice off.")
@pass_ctx
def notify(ctx, mode, hours, streak_at, turn_on, turn_off):
    """Show, or set, the notices the dashboard sends outside its window."""
    store = ctx.store
    config = store.require()
    if set(turn_on) & set(turn_off):
        raise BadInput(f"--on and --off name the same notice: {', '.join(sorted(set(turn_on) & set(turn_off)))}")
    changes: dict = {}
    if mode is not None:
        changes["notify"] = mode
    if hours is not None:
        changes["notify_hours"] = hours.strip()
    if streak_at is not None:
        changes["streak_alert"] = streak_at.strip()
    if turn_on or turn_off:
        switches = dict(config.nudges)
        switches.update({k: True for k in turn_on} | {k: False for k in turn_off})
        changes["nudges"] = switches
    flags = {"notify_hours": "--hours", "streak_alert": "--streak-at"}
    for key, want in bad_keys(changes):
        raise BadInput(f"{flags.get(key, key)} {changes[key]!r} is not {want}")
    if changes:
        config = store.update_config(**changes)
    quiet = " (quiet mode is on: nothing is sent until it is off)" if config.quiet else ""
    click.echo(f"Notices: {config.notify}{quiet}, from {config.notify_hours.replace('-', ' to ')}.")
    for kind in nudges.KINDS:
        on = config.nudges.get(kind, True)
        when = f" at {config.streak_alert}" if kind == "streak_risk" else ""
        click.echo(f"  {'on ' if on else 'off'}  {kind:<12} {KIND_HELP[kind]}{when}")


COMMANDS = [notify]
