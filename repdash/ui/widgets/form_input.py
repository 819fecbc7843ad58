"""Forms that take keys as fast as they come: a burst (a fast typist, a paste, an automation
tool writing "Tab Tab 9" in one go) keeps its focus moves and its field order.

One mechanism, shared by every form (onboarding, targets):
- `FOCUS_KEYS`: Tab / Shift+Tab as *priority* bindings of the form's screen. Focus moves when the
  App reads the key, before the keys after it are routed; without it every character after a tab
  lands in the field that had focus when the burst arrived (it is queued there first).
- `FormInput`: an Input that hands a multi-field paste ("Bo Fast<tab>25<tab>5") to the form as a
  `FormInput.Burst`, and `spread_burst` fills the fields from there on, in order.
"""

from __future__ import annotations

import re

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

FOCUS_KEYS = [
    Binding("tab", "app.focus_next", "Next", show=False, priority=True),
    Binding("shift+tab", "app.focus_previous", "Previous", show=False, priority=True),
]


class FormInput(Input):
    """An Input that hands a multi-field paste to the form, field by field."""

    class Burst(Message):
        def __init__(self, field: FormInput, parts: list[str]) -> None:
            super().__init__()
            self.field = field
            self.parts = parts

    def _on_paste(self, event: events.Paste) -> None:
        parts = [p.strip() for p in re.split(r"[\t\r\n]+", event.text.strip())]
        if len(parts) > 1:
            event.stop()
            event.prevent_default()
            self.post_message(self.Burst(self, parts))
        # One field's worth: Input's own paste handler (Textual calls it after this one) inserts it.


def spread_burst(fields: list[FormInput], message: FormInput.Burst) -> None:
    """A pasted row of fields: the first goes where it was pasted, the rest to the next fields
    (a value a field refuses leaves that field as it was); focus ends on the last field filled."""
    start = fields.index(message.field)
    for field, value in zip(fields[start:], message.parts, strict=False):
        allowed = (not field.restrict or re.fullmatch(field.restrict, value)) and (
            field.type != "integer" or re.fullmatch(r"-?[0-9]+", value)
        )
        field.value = value if allowed else field.value
    fields[min(start + len(message.parts), len(fields)) - 1].focus()
