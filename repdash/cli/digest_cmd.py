"""`repdash digest`: last week per rep, for a manager to paste into an e-mail or a team channel (issue 25)."""

from __future__ import annotations

import click

from repdash import clock
from repdash.cli.context import pass_ctx


@click.command()
@click.option("--week", default=None, metavar="YYYY-Www", help="The ISO week (default: last week).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "html"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a team channel, html for an e-mail.",
)
@pass_ctx
def digest(ctx, week, fmt):
    """Last week per rep from the cached team view: days at standard, the week before, deals, who needs a 1:1."""
    from repdash.services.digest import weekly_digest
    from repdash.services.digest_render import RENDER

    store = ctx.store
    store.require()
    data = weekly_digest(store, store.today(clock.now()), week)
    click.echo(RENDER[fmt](data), nl=False)


COMMANDS = [digest]
