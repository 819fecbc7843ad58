"""The command line. `main()` owns the exit codes of the contract: 2 for bad usage or input (one
line on stderr), 1 for runtime failures, never a traceback.

`repdash` alone, the command a rep runs every morning, opens the dashboard without loading click
and the command modules (~20 ms of a start, measured by benchmarks/cold_start.py); every other
command line goes through the click group in `repdash.cli.commands`.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from repdash.errors import BadInput, Failure

_json_errors = False  # set by main() for a command line with --json: failures are also JSON on stdout


def fail(code: int, message: str) -> NoReturn:
    """The one way a command fails: one line on stderr and the exit code; with --json, also
    `{"ok": false, "error": TEXT}` on stdout, so a script reading stdout always gets JSON."""
    if _json_errors:
        from repdash.cli.output import dumps

        print(dumps({"ok": False, "error": message}), flush=True)
    print(f"repdash: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def open_store(home: str | None):
    """The store every command uses, checked (a damaged or newer home fails here, in one line)."""
    from repdash.store.local import LocalStore

    store = LocalStore(home)
    store.check()
    return store


def _open_dashboard():
    import gc

    # No cyclic collections while Textual is imported and the first frame is built: start-up makes
    # few cycles (the app turns collection back on after its first frame).
    gc.disable()
    home = os.environ.get("REPDASH_HOME") or None  # as click reads --home's variable: empty is unset
    if home is not None and os.path.exists(home) and not os.path.isdir(home):
        from repdash.cli.commands import run

        return run([])  # click words this error ("Directory ... is a file"): one wording
    store = open_store(home)
    _ = store.config  # a damaged config fails here, in one line, not inside the running TUI
    from repdash.ui.run import run_dashboard

    run_dashboard(store)
    return 0


def main(argv: list[str] | None = None) -> None:
    global _json_errors
    args = sys.argv[1:] if argv is None else list(argv)
    _json_errors = "--json" in args[: args.index("--")] if "--" in args else "--json" in args
    try:
        if args:
            from repdash.cli.commands import run

            result = run(args)
        else:
            result = _open_dashboard()
    except BadInput as exc:
        fail(2, str(exc))
    except Failure as exc:
        if getattr(exc, "reason", "") in ("truncated", "corrupt", "foreign", "too_large"):  # a damaged team file
            from repdash.core.wording import REPAIR_HINT

            fail(1, f"{exc}; {REPAIR_HINT}")
        fail(1, str(exc))
    except KeyboardInterrupt:
        fail(130, "interrupted")
    except OSError as exc:
        fail(1, f"{exc.strerror or exc} ({exc.filename})" if getattr(exc, "filename", None) else str(exc))
    sys.exit(result if isinstance(result, int) else 0)


def __getattr__(name: str):
    # `from repdash.cli import cli` (the click group) and `pass_ctx` keep working, loaded on first use.
    if name == "cli":
        from repdash.cli.commands import cli

        return cli
    if name in ("pass_ctx", "Context"):
        from repdash.cli import context

        return getattr(context, name)
    raise AttributeError(name)
