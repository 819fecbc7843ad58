"""What every command gets (click's context object): the home folder, opened lazily."""

from __future__ import annotations

import click


class Context:
    def __init__(self, home: str | None) -> None:
        self.home_arg = home
        self._store = None

    @property
    def store(self):
        if self._store is None:
            from repdash.cli import open_store

            self._store = open_store(self.home_arg)
        return self._store


pass_ctx = click.make_pass_decorator(Context)
