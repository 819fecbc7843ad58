"""A home folder opened for display only: what a wall board needs, and nothing it could write or leak.

`repdash serve` runs a board per browser tab on a screen anyone can walk up to. It
gets this instead of a `LocalStore`: no write method exists, no lock is taken, and
of `repdash.json` only the `config` and `meta` tables are kept — the private
coaching notes (and the targets history, achievements) are dropped as soon as the
file is parsed: no object the board holds can reach them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from repdash.store.config import Config
from repdash.store.config_check import without_bad_keys
from repdash.store.docfile import read_document
from repdash.store.local import SCHEMA, StoreError, default_home
from repdash.store.team_cache import read_team_cache


def _first_doc(table: Any) -> dict[str, Any]:
    doc: Any = next(iter(table.values()), {}) if isinstance(table, dict) else {}
    return doc if isinstance(doc, dict) else {}


class ReadOnlyHome:
    """The few facts of a home a board shows: zone, team file, theme, the cached team view."""

    def __init__(self, home: Path | str | None = None) -> None:
        self.home = Path(home).absolute() if home is not None else default_home().absolute()
        self.main_path = self.home / "repdash.json"
        self._config: Mapping[str, Any] = MappingProxyType(self._read_config())

    def _read_config(self) -> dict[str, Any]:
        data = read_document(self.main_path)  # a damaged file: CorruptStoreError, one line, exit 1
        if data is None:
            return {}
        meta, config = (_first_doc(data.get(table)) for table in ("meta", "config"))
        del data  # the other tables (notes among them) go now
        schema = meta.get("schema", 0)
        if isinstance(schema, int) and schema > SCHEMA:  # a damaged value (a string) reads as ours
            raise StoreError(
                f"the data in {self.home} was written by a newer repdash "
                f"(schema {meta['schema']}, this one reads {SCHEMA}); upgrade repdash"
            )
        return config

    @property
    def config(self) -> Config:
        return Config.from_row(without_bad_keys(self._config))  # a board shows what it can: bad values read as defaults

    @property
    def initialized(self) -> bool:
        return bool(self._config)

    @property
    def tz(self) -> str:
        return self.config.tz

    @property
    def team_cache_path(self) -> Path:
        return self.home / "team_cache.json"

    def team_cache(self) -> dict[str, Any] | None:
        """The team view as last synced by this home's dashboard (shown until the file is read)."""
        return read_team_cache(self.team_cache_path)
