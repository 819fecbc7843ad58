"""The team's daily standard as this rep last saw it."""

from __future__ import annotations


def current_standard(store) -> dict | None:
    """The standard from the team file when readable, else the copy cached at the last sync."""
    return store.config.get("standard") or None
