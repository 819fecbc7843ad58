"""A director's org cache: what was verified of one org, kept on disk between runs (I/O only).

A director has no rep home, so an org's verdicts lived only in the process: every `repdash org
--json` (or a restarted wall board) fetched and verified every object again (~5,400 GETs for
5,000 reps). This file keeps, per team, the manifest's verified document and each rep object's
verdict, by the version (ETag, or the file's stamp) they were read at. A run then lists the org
(one LIST), and fetches only objects whose version is not in the cache.

The file is JSON Lines: the digest, a header, then one line per team. A board on the wall reads and
writes it from a worker thread, and parsing or encoding 10 MB in one call holds the GIL for tens of
milliseconds (a late frame); a line at a time, the UI thread gets its turn between teams.

Where: `$REPDASH_CACHE_DIR/orgs/<sha256 of the location>.json`, else the platform's user cache
folder (platformdirs); private (folder 0700, file 0600). The file is untrusted like everything
read from disk: a digest line guards against truncation and damage (a mismatch: the whole cache
is ignored and written again), a manifest is verified again from its signed document, and a rep's
entry is validated again (`sync/teamread._from_disk`; only the signature check is skipped, as for a
rep home's `team_objects.json`). It is a cache: losing it costs GETs, never correctness.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from repdash import fastjson
from repdash.store.atomic import atomic_write

CACHE_ENV = "REPDASH_CACHE_DIR"
FORMAT = 2  # 1 was one JSON document: ignored (the cache is built again)
MAX_CACHE_BYTES = 512 * 1024 * 1024  # 5,000 reps: ~10 MB


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("repdash", appauthor=False))


def cache_path(location: str) -> Path:
    return cache_dir() / "orgs" / (hashlib.sha256(location.encode()).hexdigest()[:32] + ".json")


def load(location: str) -> dict[str, dict[str, Any]]:
    """{team location: {"manifest": {...}, "reps": {name: {...}}}}; {} when missing or damaged."""
    try:
        path = cache_path(location)
        if path.stat().st_size > MAX_CACHE_BYTES:
            return {}
        raw = path.read_bytes()
    except (OSError, ValueError):
        return {}
    digest, sep, body = raw.partition(b"\n")
    if not sep or hashlib.sha256(body).hexdigest().encode() != digest:
        return {}
    lines = body.split(b"\n")
    try:
        header = fastjson.loads(lines[0])
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("location") != location:
            return {}
        teams = [fastjson.loads(line) for line in lines[1:] if line]
    except (ValueError, RecursionError):
        return {}
    return {
        t[0]: t[1]
        for t in teams
        if isinstance(t, list) and len(t) == 2 and isinstance(t[0], str) and isinstance(t[1], dict)
    }


def save(location: str, teams: dict[str, dict[str, Any]]) -> bool:
    """Replace the org's cache (atomic, private, not fsynced: a cache). False when it could not be written."""
    header = fastjson.dumps({"format": FORMAT, "location": location})
    body = b"\n".join([header, *(fastjson.dumps([k, v]) for k, v in teams.items())])
    try:
        atomic_write(cache_path(location), hashlib.sha256(body).hexdigest().encode() + b"\n" + body, durable=False)
    except OSError:
        return False
    return True


def drop(location: str) -> None:
    try:
        cache_path(location).unlink()
    except OSError:
        pass
