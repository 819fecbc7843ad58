"""`repdash team repair`: move a damaged team file aside so the next syncs rebuild it.

Nothing is deleted: the damaged file is renamed beside itself (`team.damaged-YYYYMMDD-HHMMSS.json`),
under the team file's lock, so no sync writes in between; the command prints where the copy went.
A readable team file, or one from a newer repdash (upgrade instead), is left alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from repdash import clock, portable
from repdash.errors import BadInput

REPAIRABLE = ("truncated", "corrupt", "foreign", "too_large")


def aside_name(path: Path, stamp: str) -> Path:
    """A free name beside `path` for its damaged copy: team.damaged-STAMP.json, then -2, -3, ..."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}.damaged-{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise BadInput(f"too many damaged copies beside {path}: clear some first")


def repair_team_file(store, backend) -> None:
    """Move a damaged team file aside (kept, never deleted); the next syncs rebuild it.
    (`repdash team repair` on a single team file; a team location: cli/team_layout_cmds.py.)"""
    from repdash.sync.teamfile import BadTeamFile, parse

    if backend.scheme != "file":
        raise BadInput(
            f"repair moves a team file on disk; for {backend.location}, copy the object aside with your "
            "storage tool and delete it: the next syncs rebuild it"
        )
    path = Path(backend.location)
    with backend.session():  # the team file's lock: no sync reads or writes while it moves
        try:
            snapshot = backend.read()
            if snapshot.data is None:
                click.echo(f"There is no team file at {path}: nothing to repair (the next sync starts it).")
                return
            parse(snapshot.data, str(path))
        except BadTeamFile as exc:
            if exc.reason not in REPAIRABLE:
                raise BadInput(f"{exc}; repair leaves it alone (upgrade repdash to read it)") from None
        else:
            click.echo(f"{path} reads fine: nothing to repair.")
            return
        aside = aside_name(path, clock.now().format("YYYYMMDD-HHmmss"))
        os.replace(path, aside)  # a rename in the same folder: the bytes are kept whole
        portable.fsync_dir(path.parent)
    click.echo(f"Moved the damaged team file aside: {aside}")
    click.echo(f"The next `repdash sync` starts {path} again; each rep's next sync adds them back.")
