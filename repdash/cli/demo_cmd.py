"""`repdash demo`: the full TUI on a generated demo team, in a temporary folder.

Touches nothing of the user's: the demo lives in its own folder (a temporary one,
removed on exit, unless --dir is given), ignores REPDASH_HOME and REPDASH_TEAM_FILE,
and never reads or writes the default home.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from repdash import clock


def _summary_lines(team) -> list[str]:
    from repdash.services.summary import rep_summary

    lines = [f"Demo team in {team.root}", f"  team file: {team.team_file}"]
    for name, home in team.homes.items():
        s = rep_summary(team.store(name), team.now)
        marker = "  ← you" if home == team.demo_home else ""
        lines.append(
            f"  {name:<16} {team.tiers[name]:<10} level {s['level']:>3}  {s['xp']:>7,} XP  "
            f"streak {s['streak']:>2}{marker}"
        )
        lines.append(f"    home: {home}")
    return lines


@click.command()
@click.option(
    "--dir",
    "target",
    type=click.Path(file_okay=False),
    default=None,
    help="Generate into this (new or empty) folder and keep it; do not open the dashboard.",
)
@click.option("--print", "print_only", is_flag=True, help="Generate, print the team, and exit (nothing is kept).")
@click.option("--seed", type=int, default=None, help="Seed of the generated history (default: fixed).")
def demo(target: str | None, print_only: bool, seed: int | None) -> None:
    """Open the dashboard on a generated demo team (12 reps and a manager, 8 weeks of history)."""
    from repdash.services import demo as gen
    from repdash.store.local import detect_timezone

    now = clock.now()
    seed = gen.SEED if seed is None else seed
    tz = detect_timezone()  # the machine's zone: the demo's times read as the user's own clock
    if target is not None:
        path = Path(target)
        if path.exists() and any(path.iterdir()):
            raise click.BadParameter(f"{path} is not empty", param_hint="--dir")
        team = gen.generate(path, now, seed, tz=tz)
        for line in _summary_lines(team):
            click.echo(line)
        click.echo(f"Open it with: repdash --home {team.demo_home}")
        return
    with tempfile.TemporaryDirectory(prefix="repdash-demo-") as tmp:
        team = gen.generate(Path(tmp) / "demo", now, seed, tz=tz)
        if print_only:
            for line in _summary_lines(team):
                click.echo(line)
            return
        from repdash.ui.run import run_dashboard

        run_dashboard(team.store())


COMMANDS: list = [demo]
