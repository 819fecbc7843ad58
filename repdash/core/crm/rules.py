"""Which CRM records count as which kind: the mapping defaults per CRM, and overrides.

A rule is a list of values (compared with `values.norm`); an empty list means "any value".
`pitch_subject` is a regular expression (empty: any subject). Overrides come from the config
(`repdash crm map VENDOR KEY=VALUE,...`), checked here so a bad one is named in one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LIST_KEYS = (
    "call_types",  # the activity type / subtype column: a call
    "meeting_types",  # the activity type / subtype column: a meeting (a pitch when held)
    "call_statuses",  # a call counts only in these statuses (any, when empty)
    "call_dispositions",  # ... with these results (any, when empty)
    "call_directions",  # ... in these directions (any, when empty)
    "meeting_statuses",  # a meeting counts as a pitch in these statuses / outcomes
    "commit_stages",  # an open deal in one of these stages is a verbal commitment
    "commit_forecast",  # ... or in one of these forecast categories
    "won_stages",  # a deal in one of these stages (or statuses) is won: a deal
    "lost_stages",  # a deal in one of these stages (or statuses) counts as nothing
    "columns",  # more headers, as HEADER:FIELD (a localized export: "Betrag:amount")
)
TEXT_KEYS = ("pitch_subject",)
KEYS = LIST_KEYS + TEXT_KEYS

DEFAULTS: dict[str, dict[str, Any]] = {
    "salesforce": {
        "call_types": ["Call"],
        "meeting_types": ["Meeting", "Event"],
        "call_statuses": ["Completed"],
        "commit_stages": ["Negotiation/Review"],
        "commit_forecast": ["Commit"],
        "won_stages": ["Closed Won"],
        "lost_stages": ["Closed Lost"],
    },
    "hubspot": {
        "call_statuses": ["COMPLETED"],
        "meeting_statuses": ["COMPLETED"],
        "commit_stages": ["decisionmakerboughtin"],
        "won_stages": ["closedwon"],
        "lost_stages": ["closedlost"],
    },
    "pipedrive": {
        "call_types": ["call"],
        "meeting_types": ["meeting"],
        "commit_stages": ["Negotiations Started"],
        "won_stages": ["won"],
        "lost_stages": ["lost", "deleted"],
    },
    "close": {
        "call_dispositions": ["answered"],
        "meeting_statuses": ["completed"],
        "won_stages": ["won"],
        "lost_stages": ["lost"],
    },
    "zoho": {
        "call_statuses": ["Completed"],
        "call_directions": ["Outbound", "Inbound"],
        "commit_stages": ["Negotiation/Review"],
        "won_stages": ["Closed Won"],
        "lost_stages": ["Closed Lost", "Closed Lost to Competition"],
    },
}


class RuleError(ValueError):
    """An override that is not a valid rule (bad key or value)."""


def parse_value(key: str, raw: str) -> list[str] | str:
    """A rule's value as typed on the command line: `a,b,c` (a list), `` (any), or a pattern."""
    if key not in KEYS:
        raise RuleError(f"unknown mapping key {key!r}: use one of {', '.join(KEYS)}")
    if key in TEXT_KEYS:
        try:
            re.compile(raw)
        except re.error as exc:
            raise RuleError(f"{key}: {raw!r} is not a regular expression ({exc})") from None
        return raw
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if key == "columns":
        for value in values:
            problem = _column_problem(value)
            if problem:
                raise RuleError(problem)
    return values


def _column_problem(value: str) -> str | None:
    from repdash.core.crm.vendors import FIELDS

    header, sep, field = value.rpartition(":")
    if not sep or not header.strip():
        return f"columns: {value!r} is not HEADER:FIELD"
    if field.strip() not in FIELDS:
        return f"columns: {field.strip()!r} is not a field (one of {', '.join(FIELDS)})"
    return None


def check_overrides(overrides: Any) -> str | None:
    """None when `overrides` (vendor -> key -> value) is valid, else what is wrong."""
    if not isinstance(overrides, Mapping):
        return "the mapping overrides are not a table"
    for vendor, table in overrides.items():
        if vendor not in DEFAULTS or not isinstance(table, Mapping):
            return f"mapping overrides for {vendor!r}: not a CRM or not a table"
        for key, value in table.items():
            if key in LIST_KEYS:
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    return f"{vendor}.{key}: a list of values expected"
                if key == "columns" and any(_column_problem(v) for v in value):
                    return f"{vendor}.columns: HEADER:FIELD values expected"
            elif key in TEXT_KEYS:
                if not isinstance(value, str):
                    return f"{vendor}.{key}: a pattern expected"
                try:
                    re.compile(value)
                except re.error:
                    return f"{vendor}.{key}: not a regular expression"
            else:
                return f"{vendor}.{key}: unknown mapping key"
    return None


def rules_for(vendor: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The rules in force for `vendor`: every key, defaults first, then the rep's overrides."""
    rules: dict[str, Any] = {key: [] for key in LIST_KEYS} | {key: "" for key in TEXT_KEYS}
    rules.update(DEFAULTS[vendor])
    rules.update((overrides or {}).get(vendor, {}))
    return rules
