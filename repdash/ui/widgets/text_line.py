"""Text that changes often without moving anything: a redraw, never a relayout.

`Static.update` asks for a full layout of the screen; the dashboard changes a few
lines on every key, so those lines are fixed-size TextLines that only redraw
(and skip even that when the text did not change).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class TextLine(Widget):
    DEFAULT_CSS = """
    TextLine { height: 1; width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, content: Content | str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = content if isinstance(content, Content) else Content(content)

    def set(self, content: Content | str) -> None:
        """Show `content`; a plain str is shown literally (never parsed as markup)."""
        new = content if isinstance(content, Content) else Content(content)
        if new.plain == self._content.plain and new.spans == self._content.spans:
            return
        self._content = new
        self.refresh()

    @property
    def content(self) -> Content:
        return self._content

    def render(self) -> Content:
        return self._content
