"""The click command group: `repdash COMMAND ...` (the dashboard alone, `repdash`, skips it: see
`repdash.cli.main`). Each command group lives in its own module."""

from __future__ import annotations

import click

from repdash.cli.context import Context


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="REPDASH_HOME",
    help="Folder holding all local data (default: the platform's user data folder).",
)
@click.version_option(package_name="repdash")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """repdash: log calls, pitches, commitments and deals; watch your sales math add up.

    REPDASH_NOW=YYYY-MM-DDTHH:MM[:SS]+HH:MM pins the clock for demos and tests (without an offset
    it is UTC; a date alone, a week date or "now" is refused).
    """
    ctx.obj = Context(home)
    if ctx.invoked_subcommand is None:
        from repdash.ui.run import run_dashboard

        store = ctx.obj.store
        _ = store.config  # a damaged config fails here, in one line, not inside the running TUI
        run_dashboard(store)


def _register() -> None:
    from repdash.cli import (
        contest_cmd,
        demo_cmd,
        digest_cmd,
        import_cmd,
        math_cmd,
        notify_cmd,
        org_cmd,
        rep,
        serve_cmd,
        team_cmds,
        team_layout_cmds,
    )

    for module in (
        rep,
        import_cmd,
        math_cmd,
        team_cmds,
        team_layout_cmds,
        org_cmd,
        demo_cmd,
        serve_cmd,
        digest_cmd,
        notify_cmd,
        contest_cmd,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def run(args: list[str]):
    """Run one command line; click's own errors become the contract's exit codes (2 usage, 1 failure)."""
    from repdash.cli import fail

    try:
        return cli.main(args=args, prog_name="repdash", standalone_mode=False)
    except click.exceptions.NoSuchOption as exc:
        fail(2, exc.format_message())
    except click.UsageError as exc:  # includes BadParameter, missing arguments
        fail(2, exc.format_message().replace("\n", " "))
    except click.exceptions.Abort:
        fail(1, "aborted")
    except click.ClickException as exc:
        fail(exc.exit_code, exc.format_message())
