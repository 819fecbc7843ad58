"""Sync: the shared team file (see docs/team-file.md)."""
