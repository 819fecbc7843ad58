"""The last team view (`team_cache.json`): a cache of the share, in its own file.

Kept out of repdash.json (it can be megabytes). The sales math reads team medians and tiers from
it, and the board shows it while the share is offline. Written atomically (a kill never tears it)
but not fsynced: the next sync rebuilds it. The store writes it under its lock.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from repdash.store.atomic import atomic_write
from repdash.store.safe_read import UnreadableFile, read_regular


def read_team_cache(path: Path) -> dict[str, Any] | None:
    """The cached team view in `path`, or None when it is missing or damaged (the next sync rewrites it)."""
    try:
        from repdash import fastjson

        raw = read_regular(path)
        data = fastjson.loads(raw) if raw is not None else None
    except (OSError, ValueError, RecursionError, UnreadableFile):
        return None
    return data if isinstance(data, dict) else None


def write_team_cache(path: Path, view: Mapping[str, Any]) -> None:
    """Replace the cached view. orjson: a sync worker writes this, and the stdlib encoder would hold
    the GIL (the UI) for the whole view."""
    from repdash import fastjson

    atomic_write(path, fastjson.dumps(view), durable=False)
