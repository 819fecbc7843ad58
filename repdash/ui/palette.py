"""Listing actions in the command palette (ctrl+p): the one search and discovery over them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ActionCommands(Provider):
    """A provider over `(title, help, action)` rows; subclasses list them and say who runs an action."""

    def _commands(self) -> Iterator[tuple[str, str, str]]:
        raise NotImplementedError

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        """What runs `action` when picked (by default the app)."""
        app = self.app

        async def run() -> None:
            await app.run_action(action)

        return run

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)
