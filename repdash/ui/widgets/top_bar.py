"""The dashboard's top line: brand, the rep's name, the day. One widget drawing one line, not a
container of three: every node in the first frame costs start-up time (mount, style, layout)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

BRAND = "◆ repdash"
BRAND_GAP = 2  # cells between the brand and the name
WHEN_WIDTH = 17  # the day, right-aligned: "Wed 25 Nov 2026" and room to spare


class TopBar(Widget):
    # Component classes, not Content style strings: their colours blend over the bar's background
    # exactly as the three widgets' CSS did ($text-muted is translucent).
    COMPONENT_CLASSES = {"top-bar--brand", "top-bar--who", "top-bar--when"}
    DEFAULT_CSS = """
    TopBar { height: 1; width: 1fr; }
    TopBar > .top-bar--brand { color: $accent; text-style: bold; }
    TopBar > .top-bar--who { text-style: bold; }
    TopBar > .top-bar--when { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.who = Content("")
        self.when = ""

    def show(self, who: Content, when: str) -> None:
        """The name (untrusted: a Content, never parsed as markup) and the day; redraw only on change."""
        if who.plain == self.who.plain and when == self.when:
            return
        self.who, self.when = who, when
        self.refresh()

    def render(self) -> Content:
        name_width = max(0, self.content_size.width - len(BRAND) - BRAND_GAP - WHEN_WIDTH)
        name = self.who.truncate(name_width, ellipsis=True)
        style = self.get_visual_style
        return Content.assemble(
            Content(BRAND).stylize(style("top-bar--brand", partial=True)),
            " " * BRAND_GAP,
            name.stylize(style("top-bar--who", partial=True)),
            " " * (name_width - name.cell_length + WHEN_WIDTH - min(WHEN_WIDTH, len(self.when))),
            Content(self.when[-WHEN_WIDTH:]).stylize(style("top-bar--when", partial=True)),
        )
