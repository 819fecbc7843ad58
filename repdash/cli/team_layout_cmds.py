"""`repdash whoami` and the signed team's `repdash team grant|revoke|admit|remove|accept|trust|migrate|board`.

Every change goes through `services/team_admin.py` (whoami: `services/team_layout.py`); refused
for lack of authority: exit 2, nothing written. These commands need a team location (`--team PATH/`,
`REPDASH_TEAM`): a single team file has no owner, roster or signatures (`team migrate OLD NEW/`).
"""

from __future__ import annotations

import click

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.errors import BadInput
from repdash.sync.backend import is_layout_backend


def _layout_backend(store):
    from repdash.sync.teamio import require_backend

    backend = require_backend(store)
    if not getattr(backend, "is_layout", False):
        raise BadInput(
            "this needs a team location (`repdash init --team PATH/` or REPDASH_TEAM); a single team file "
            "has no roster or managers: move it with `repdash team migrate OLD NEW/`"
        )
    return backend


def _stamp(store) -> str:
    return clock.now().in_timezone(store.tz).isoformat()


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def whoami(ctx, as_json):
    """Your name, rep id and key fingerprint, and whether you are a manager with authority."""
    from repdash.services import team_layout
    from repdash.sync.teamio import open_backend

    store = ctx.store
    store.require()
    backend = open_backend(store)
    info = team_layout.whoami(store, backend if is_layout_backend(backend) else None)
    if as_json:
        click.echo(dumps(info))
        return
    click.echo(f"{info['name']} · rep id {info['rep_id']}")
    click.echo(f"key {info['fingerprint']}")
    if info["manager"]:
        click.echo(
            "manager, with authority over the team"
            if info["authority"]
            else "manager kinds, without authority over the team (the team's owner grants it)"
        )


def _one_name(func):
    return click.argument("name", nargs=-1, required=True)(func)


def _change(ctx, action: str, name: tuple[str, ...]):
    from repdash.services import team_admin

    store = ctx.store
    store.require()
    backend = _layout_backend(store)
    who = " ".join(name)
    done = getattr(team_admin, action)(store, backend, who, _stamp(store))
    return done


# The roster's four changes: (help, what is said when done). Each is one compare-and-swap of the manifest.
ROSTER_CHANGES = {
    "grant": (
        "(Owner) Make NAME a manager with authority: they may set the standard and change the roster.",
        "{who} is now a manager of the team (granted by you, its owner).",
    ),
    "revoke": ("(Owner) Take a manager's authority back.", "{who} is no longer a manager of the team."),
    "admit": (
        "(Manager) Admit a rep who is asking to join: they are ranked and counted from now on.",
        "{who} is on the team.",
    ),
    "remove": (
        "(Manager) Remove a rep: off every board, later entries ignored until re-admitted.",
        "{who} was removed from the team (re-admit with `repdash team admit`).",
    ),
}


def _roster_command(action: str) -> click.Command:
    help_text, done = ROSTER_CHANGES[action]

    @click.command(name=action, help=help_text)
    @_one_name
    @pass_ctx
    def command(ctx, name):
        click.echo(done.format(who=_change(ctx, action, name)))

    return command


grant, revoke, admit, remove = (_roster_command(action) for action in ROSTER_CHANGES)


@click.command()
@_one_name
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def accept(ctx, name, as_json):
    """(Manager) Accept NAME's proposal (own targets below the standard): counted from today on."""
    from repdash.services import team_admin

    store = ctx.store
    store.require()
    backend = _layout_backend(store)
    stamp = _stamp(store)
    who, targets = team_admin.accept(store, backend, " ".join(name), stamp)
    if as_json:
        click.echo(dumps({"ok": True, "name": who, "from": stamp[:10], "targets": targets}))
        return
    shown = ", ".join(f"{k} {n}" for k, n in targets.items())
    click.echo(f"Accepted {who}'s proposal ({shown}): it counts from {stamp[:10]} on.")


@click.command()
@pass_ctx
def trust(ctx):
    """Accept the team's owner as it is now (after the owner changed on purpose)."""
    from repdash.services import team_admin
    from repdash.sync.signing import fingerprint_of

    store = ctx.store
    store.require()
    m = team_admin.trust(store, _layout_backend(store))
    click.echo(f"Trusting the team's owner {fingerprint_of(m.owner)} from now on.")


@click.command()
@click.argument("mode", nargs=-1)
@click.option("--away-days", type=click.IntRange(1, 260), default=None, help="Working days until a rep is Away.")
@pass_ctx
def board(ctx, mode, away_days):
    """(Manager) What reps see: `ranked`, `top N` or `benchmarks`."""
    from repdash.services import team_admin
    from repdash.sync.manifest import parse_board

    store = ctx.store
    store.require()
    chosen = None
    if mode:
        try:
            chosen = parse_board(" ".join(mode))
        except ValueError:
            raise BadInput(f"the board is `ranked`, `top N` or `benchmarks`, not {' '.join(mode)!r}") from None
    backend = _layout_backend(store)
    if chosen is None and away_days is None:
        from repdash.services.team_sync import team_view

        view = team_view(store, clock.now(), backend=backend, cache=False)
        click.echo(f"Board: {view.get('board', 'ranked')}")
        return
    m = team_admin.set_board(store, backend, chosen, away_days, _stamp(store))
    click.echo(f"Board: {m.board}; reps are Away after {m.away_days} working days without a publish.")


@click.command()
@click.argument("old")
@click.argument("new")
@pass_ctx
def migrate(ctx, old, new):
    """Copy a single team file OLD into the team location NEW/ (each rep to an object, the standard to the manifest)."""
    from repdash.services import team_admin
    from repdash.sync.layout import LayoutBackend, check_location, open_layout

    store = ctx.store
    store.require()
    location = check_location(new, "NEW")
    got = team_admin.migrate(store, old, LayoutBackend(open_layout(location)), _stamp(store))
    click.echo(
        f"Migrated {got['copied']} rep entr{'y' if got['copied'] == 1 else 'ies'} to {location}"
        + (f" ({got['skipped']} already there)" if got["skipped"] else "")
        + (f"; {got['invalid']} invalid entries left behind" if got["invalid"] else "")
        + "."
    )
    click.echo(f"Point everyone at it: `repdash init --name NAME --team {location}` (or REPDASH_TEAM).")


@click.command()
@pass_ctx
def repair(ctx):
    """Put right what this home can. A team location: republish your entry (a manager also re-saves
    the manifest). A single team file that is damaged: move it aside (kept); the next syncs rebuild it."""
    from repdash.services import team_admin
    from repdash.services.team_sync import sync_now
    from repdash.sync.teamio import require_backend

    store = ctx.store
    store.require()
    backend = require_backend(store)
    layout = backend if is_layout_backend(backend) else None
    if layout is None:
        from repdash.cli.team_repair import repair_team_file

        repair_team_file(store, backend)
        return
    now = clock.now()
    for line in team_admin.repair(store, layout, now, lambda: sync_now(store, now, backend=backend, take_over=True)):
        click.echo(line)


SUBCOMMANDS = [grant, revoke, admit, remove, accept, trust, board, migrate, repair]
COMMANDS = [whoami]
