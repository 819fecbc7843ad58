"""The rep's settings as one typed value: what the config row of `repdash.json` holds.

The row on disk stays a plain JSON object (its format is unchanged). It is checked once when read
(`config_check.RULES`: a damaged value stops the command in one line naming its key) and then
turned into a frozen `Config`, with every default stated here once. Code reads attributes
(`config.period`), never string keys; writes name the fields (`store.update_config(quota=...)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any

from repdash.core import nudges
from repdash.core.kinds import BUILTIN_RATES, DEFAULT_TARGETS, FUNNEL
from repdash.core.workdays import DEFAULT_PERIOD, DEFAULT_WORKING_HOURS, parse_dates

DEFAULT_QUOTA = 20  # deals per period until the rep says otherwise
DEFAULT_THEME = "repdash-dark"
DEFAULT_RATES = dict(BUILTIN_RATES)  # the one set of default rates: core.kinds


def _frozen(table: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(table or {}))


@dataclass(frozen=True)
class Config:
    """One rep's settings. A missing key reads as its default; tables are read-only views."""

    name: str = ""
    rep_id: str = ""
    tz: str = "UTC"
    team_file: str | None = None
    quota: float | None = DEFAULT_QUOTA
    deal_value: float | None = None
    period: str = DEFAULT_PERIOD
    manager: bool = False
    hidden: bool = False
    quiet: bool = False
    kinds: tuple[str, ...] = FUNNEL
    holidays: tuple[str, ...] = ()
    days_off: tuple[str, ...] = ()
    targets: Mapping[str, int] = field(default_factory=lambda: _frozen(DEFAULT_TARGETS))
    default_rates: Mapping[str, float | None] = field(default_factory=lambda: _frozen(DEFAULT_RATES))
    theme: str = DEFAULT_THEME
    keymap: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    start_date: str | None = None  # ISO date; see `start`
    working_hours: str = DEFAULT_WORKING_HOURS  # "HH:MM-HH:MM" local: how far today counts as elapsed
    # Notices outside the window (issue 25, core/nudges.py): off | terminal | desktop, the hours they
    # may come in, when a streak at risk is said, and each kind switched on or off (missing: on).
    notify: str = nudges.DEFAULT_MODE
    notify_hours: str = nudges.DEFAULT_HOURS
    streak_alert: str = nudges.DEFAULT_STREAK_AT
    nudges: Mapping[str, bool] = field(default_factory=lambda: _frozen({}))
    # Sync state and the standard cached from the team file (checked where it is read).
    sync_rev: int | None = None
    last_sync: str | None = None
    standard: Mapping[str, Any] | None = None
    # CRM import (issue 24): {"owner": {crm: NAME_OR_ID}, "map": {crm: {rule: value}}}; see core/crm.
    crm: Mapping[str, Any] = field(default_factory=lambda: _frozen({}))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Config:
        """The checked row (config_check.bad_keys found nothing) as a Config; unknown keys are ignored."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in row:
                continue
            value = row[f.name]
            if f.name in ("kinds", "holidays", "days_off"):
                value = tuple(value)
            elif f.name in ("targets", "default_rates", "keymap", "nudges", "crm"):
                value = _frozen(value)
            elif f.name == "standard":
                value = _frozen(value) if isinstance(value, Mapping) and value else None
            values[f.name] = value
        if not values.get("kinds"):
            values.pop("kinds", None)
        if not values.get("targets"):
            values.pop("targets", None)
        return cls(**values)

    @property
    def start(self) -> date | None:
        """The configured start date (`init --start`, or the day of init); None if absent or damaged."""
        try:
            return date.fromisoformat(self.start_date) if self.start_date else None
        except (TypeError, ValueError):
            return None

    @property
    def off_days(self) -> frozenset[date]:
        """Holidays and personal days off: not working days."""
        return parse_dates([*self.holidays, *self.days_off])

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the pure core (`salesmath.math_report` reads a mapping)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


FIELDS = frozenset(f.name for f in fields(Config))
