"""The pure core, the store and the non-UI commands never import Textual (start-up cost, layering)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

FROZEN_NOW = "2026-11-26T10:30:00+01:00"
FROZEN_TZ = "Europe/Berlin"


def _non_ui_modules() -> list[str]:
    """Every module of the package outside repdash.ui (found, not listed, so new ones are covered)."""
    import pkgutil

    import repdash

    names = ["repdash"] + [m.name for m in pkgutil.walk_packages(repdash.__path__, "repdash.")]
    return sorted(n for n in names if not n.startswith("repdash.ui") and n != "repdash.__main__")


NON_UI = _non_ui_modules()


def run_py(code: str, home) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(home), REPDASH_NOW=FROZEN_NOW, TZ=FROZEN_TZ)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=60
    )


def test_core_store_summary_and_cli_modules_do_not_import_textual(home):
    proc = run_py(
        f"""
        import importlib, sys
        for name in {NON_UI!r}:
            importlib.import_module(name)
        leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print("LEAKED", leaked)
        assert not leaked, leaked
        """,
        home,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "LEAKED []" in proc.stdout


def test_running_the_rep_commands_does_not_import_textual(home):
    proc = run_py(
        """
        import sys
        from repdash.cli import cli
        commands = [["init", "--name", "Ana"], ["log", "call", "3"], ["log", "pitch", "--at", "2026-11-25T09:00"],
                    ["undo"], ["status", "--json"], ["status"], ["targets", "--call", "30"], ["targets"],
                    ["export"], ["export", "--format", "json"]]
        for args in commands:
            cli.main(args=args, prog_name="repdash", standalone_mode=False)
            assert "textual" not in sys.modules, args
        print("CLEAN")
        """,
        home,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "CLEAN" in proc.stdout
    assert "Logged 3 calls" in proc.stdout  # the commands really ran


def test_the_log_command_line_does_not_import_textual(home):
    """`python -X importtime -m repdash log call`: the real entry point, end to end."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(REPDASH_HOME=str(home), REPDASH_NOW=FROZEN_NOW, TZ=FROZEN_TZ)
    init = subprocess.run(
        [sys.executable, "-m", "repdash", "init", "--name", "Ana"], env=env, capture_output=True, text=True, timeout=60
    )
    assert init.returncode == 0, init.stderr
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "repdash", "log", "call"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Logged 1 call" in proc.stdout
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "repdash.store.local" in imported  # importtime really reported
    assert not {m for m in imported if m == "textual" or m.startswith("textual.")}


# `repdash` alone opens the dashboard without click or the command modules (a cheaper cold start).
DASHBOARD_IMPORTS = """
import sys
import repdash.ui.run

def run_app(app, what):
    print("loaded:", sorted(m for m in ("click", "repdash.cli.commands", "repdash.cli.rep") if m in sys.modules))
    print("app:", type(app).__name__, app.store.config.name)

repdash.ui.run.run_app = run_app
from repdash.cli import main
main([])
"""


def test_the_dashboard_alone_starts_without_click(home, run_cli):
    assert run_cli("init", "--name", "Ana").code == 0
    proc = run_py(DASHBOARD_IMPORTS, home)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "loaded: []" in proc.stdout
    assert "app: RepdashApp Ana" in proc.stdout


@pytest.mark.parametrize(
    "damage, code, says",
    [
        ("file", 2, "Invalid value for '--home': Directory"),  # click's words, as before the fast path
        ("config", 1, "config key 'name' is not valid"),  # as every command says it
    ],
)
def test_the_dashboard_alone_on_a_bad_home_says_one_line(home, run_cli, tmp_path, damage, code, says):
    if damage == "file":
        home = tmp_path / "not-a-folder"
        home.write_text("x")
    else:
        assert run_cli("init", "--name", "Ana").code == 0
        (home / "repdash.json").write_text('{"config": {"1": {"name": 5}}}')
    proc = run_py(DASHBOARD_IMPORTS, home)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("repdash: ") and says in lines[0], proc.stderr
