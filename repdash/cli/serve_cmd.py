"""`repdash serve`: the TV board in any browser, one read-only board per tab (issue 10).

The board processes read the same home and team file as this command: `--home` is
passed on as an absolute path, REPDASH_HOME / REPDASH_TEAM_FILE reach them through
the environment. This command opens the home read-only too (no lock, no writes).
"""

from __future__ import annotations

import click

from repdash.cli.context import pass_ctx
from repdash.ui.serve_limits import MAX_BOARDS  # no Textual, no aiohttp: cheap to load for --help

LOOPBACK = "127.0.0.1"


@click.command()
@click.option(
    "--host",
    default=LOOPBACK,
    show_default=True,
    help="Address to listen on. Anything but loopback shows the standings to everyone on that network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port; the URL is printed).",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The address browsers use, when a proxy sits in front (default: the address they came by).",
)
@click.option(
    "--rotate",
    type=click.FloatRange(0, 3600),
    default=15,
    show_default=True,
    metavar="SECONDS",
    callback=lambda _ctx, _param, value: _finite(value),
    help="Seconds each page (standings, momentum) stays up, 0 to 3600; 0 keeps the standings.",
)
@click.option(
    "--max-boards",
    type=click.IntRange(1, 256),
    default=MAX_BOARDS,
    show_default=True,
    metavar="N",
    help="Boards (browser tabs) served at once, each its own process; the next tab gets a page asking it to wait.",
)
@click.option(
    "--org",
    "org_location",
    default=None,
    metavar="PATH/|s3://BUCKET/PREFIX/",
    help="Serve a director's org board (the teams under this location) instead of this home's team.",
)
@pass_ctx
def serve(
    ctx, host: str, port: int, public_url: str | None, rotate: float, max_boards: int, org_location: str | None
) -> None:
    """Serve the TV board (standings, momentum) to browsers, e.g. a TV by the sales floor."""
    from repdash.errors import BadInput
    from repdash.store.readonly import ReadOnlyHome
    from repdash.sync.teamio import require_backend
    from repdash.ui import board_server

    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise BadInput(f"--public-url must start with http:// or https://, not {public_url!r}")
    if org_location is not None:
        from repdash.subproc import module_argv
        from repdash.sync.org import check_org

        argv = module_argv("repdash.ui.org_app", check_org(org_location))
    else:
        home = ReadOnlyHome(ctx.home_arg)
        require_backend(home)
        argv = board_server.board_argv(home.home, rotate)
    sock = board_server.bind(host, port)
    if not board_server.is_loopback(host):
        click.echo(
            f"repdash serve: listening on {host}: everyone who can reach this machine on that network "
            "can see the team's standings",
            err=True,
        )
    board_server.serve(
        argv,
        sock,
        public_url=public_url.rstrip("/") if public_url else None,
        max_boards=max_boards,
    )


def _finite(value: float) -> float:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("must be a number of seconds, not nan", param_hint="'--rotate'")
    return value


COMMANDS = [serve]
