"""The command line (click). Each command group lives in its own module.

`main()` owns the exit codes of the contract: 2 for bad usage or input (one
line on stderr), 1 for runtime failures, never a traceback.
"""

from __future__ import annotations

import sys

import click

from repdash.errors import BadInput, Failure


class Context:
    """What every command gets: the home folder, opened lazily."""

    def __init__(self, home: str | None) -> None:
        self.home_arg = home
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from repdash.store.local import LocalStore

            store = LocalStore(self.home_arg)
            store.check()
            self._store = store
        return self._store


pass_ctx = click.make_pass_decorator(Context)


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
    """repdash: log calls, pitches, commitments and deals; watch your sales math add up."""
    ctx.obj = Context(home)
    if ctx.invoked_subcommand is None:
        from repdash.ui.run import run_dashboard

        store = ctx.obj.store
        _ = store.config  # a damaged config fails here, in one line, not inside the running TUI
        run_dashboard(store)


def _register() -> None:
    from repdash.cli import demo_cmd, math_cmd, rep, serve_cmd, team_cmds

    for module in (rep, math_cmd, team_cmds, demo_cmd, serve_cmd):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def _fail(code: int, message: str) -> None:
    click.echo(f"repdash: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    try:
        result = cli.main(args=argv, prog_name="repdash", standalone_mode=False)
    except click.exceptions.NoSuchOption as exc:
        _fail(2, exc.format_message())
    except click.UsageError as exc:  # includes BadParameter, missing arguments
        _fail(2, exc.format_message().replace("\n", " "))
    except click.exceptions.Abort:
        _fail(1, "aborted")
    except click.ClickException as exc:
        _fail(exc.exit_code, exc.format_message())
    except BadInput as exc:
        _fail(2, str(exc))
    except Failure as exc:
        _fail(1, str(exc))
    except KeyboardInterrupt:
        _fail(130, "interrupted")
    except OSError as exc:
        _fail(1, f"{exc.strerror or exc} ({exc.filename})" if getattr(exc, "filename", None) else str(exc))
    sys.exit(result if isinstance(result, int) else 0)
