"""The dashboard's contest card (issue 23): the running contest the rep is in that ends soonest.

The contest's name (border title) and prize (border subtitle) come from the team manifest: untrusted,
so they are `Content` (never parsed as markup). Hidden while the rep is in no running contest. Its
numbers are `services.contest_board.Card`: this widget only draws them.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from repdash.services.contest_board import Card, countdown


class ContestCard(Widget):
    DEFAULT_CSS = """
    ContestCard {
        width: 1.35fr;
        height: 5;
        border: round $trophy 70%;
        border-title-color: $trophy;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        display: none;
    }
    ContestCard.-on { display: block; }
    ContestCard.-last-hour { border: heavy $warning; border-title-color: $warning; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.card: Card | None = None

    def show(self, card: Card | None) -> None:
        """Redraw only on change (the dashboard's 30 s tick calls this all day)."""
        if card == self.card:
            return
        self.card = card
        self.set_class(card is not None, "-on")
        if self.parent is not None:  # a narrow dashboard makes room: the Team card steps aside
            self.parent.set_class(card is not None, "-contest")
        self.set_class(card is not None and card.last_hour, "-last-hour")
        if card is not None:
            self.border_title = Content(card.name)
            self.border_subtitle = Content("★ " + card.prize) if card.prize else None
        self.refresh()

    def render(self) -> Content:
        card = self.card
        if card is None:
            return Content("")
        place = Content.assemble(
            (f"#{card.place}", "bold $trophy" if card.winning else "bold $accent"),
            (f" of {card.of}", "$text-muted"),
            ("  ", ""),
            (card.score, "bold"),
        )
        chase = Content.styled(card.chase, "$success" if card.place == 1 else "$warning")
        left = countdown(card.seconds_left)
        when: list[tuple[str, str]] = []
        if card.last_hour:
            when.append((f"{left} · last hour!", "bold $warning"))
        elif left:
            when.append((f"{left} left", "$text-muted"))
        if card.more:
            when.append(((" · " if when else "") + f"+{card.more} more", "$text-muted"))
        return Content("\n").join([place, chase, Content.assemble(*when)])
