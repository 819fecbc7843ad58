"""The dashboard's contests (issue 23): the card's numbers and the celebrations, fed by the team view.

`start()` runs after the first frame (it reads the cached team view once); `update(view)` takes each
view a sync worker posts. The card is recomputed from the last view at each redraw and every
`TICK` seconds (the countdown). Celebrations go through `app.cheer` (the Celebration banner, which
keeps quiet mode small): taking the lead of the card's contest, and winning one (an ended contest
whose standings mark the rep a winner), once: each win is kept in the trophy case
(`services.contest_wins`), and only a win not kept yet is celebrated.
This module imports nothing heavy: `services.contest_board` loads when `start()` runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TICK = 30.0  # seconds between countdown redraws


class ContestWatch:
    def __init__(self, app) -> None:
        self.app = app
        self.view: Mapping[str, Any] | None = None
        self.started = False
        self._card = None  # the card at the last view, for "took the lead"
        self._cached: tuple | None = None  # (view, (minute, rep id), card)
        self._places: tuple | None = None  # (view, (minute, rep id), places)

    def now_local(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        return datetime.fromtimestamp(self.app.instant().timestamp(), tz=ZoneInfo(self.app.store.tz))

    @property
    def card(self):
        """The card now: worked out once per view and minute (every key redraws the dashboard)."""
        if not self.started or not self.view:
            return None
        now = self.now_local()
        key = (now.replace(second=0, microsecond=0), self.app.store.config.rep_id)
        if self._cached is None or self._cached[0] is not self.view or self._cached[1] != key:
            from repdash.services.contest_board import dashboard_card

            self._cached = (self.view, key, dashboard_card(self.view, key[1], now))
        return self._cached[2]

    def places(self) -> list[tuple[str, int, int | None]]:
        """(name, place, seconds left) of the running contests the rep is in (for the notices),
        once per view and minute."""
        if not self.started or not self.view:
            return []
        now = self.now_local()
        key = (now.replace(second=0, microsecond=0), self.app.store.config.rep_id)
        if self._places is None or self._places[0] is not self.view or self._places[1] != key:
            from repdash.services.contest_board import standings_of_rep

            self._places = (self.view, key, standings_of_rep(self.view, key[1], now))
        return self._places[2]

    def start(self) -> None:
        from repdash.services.team_sync import cached_view

        self.started = True
        self.update(self.view if self.view is not None else cached_view(self.app.store))
        self.app.set_interval(TICK, self.tick)

    def update(self, view: Mapping[str, Any] | None, redraw: bool = False) -> None:
        if not self.started:
            self.view = view
            return
        from repdash.services import contest_board as cb

        self.view = view
        after = self.card
        for title, subtitle in cb.cheers(self._card, after):
            self.app.cheer(title, subtitle, icon="★", tone="trophy")
        self._card = after
        if view is None:
            return
        from repdash.services import contest_wins

        try:
            new = contest_wins.record(self.app.store, view, self.app.store.config.rep_id)  # the trophy case
        except Exception:  # the store is busy or damaged: the trophy case waits for the next view
            new = []
        for win in new:
            self.app.cheer("You won a contest!", win["name"], icon="★", tone="trophy")
        if redraw:
            self.tick()

    def tick(self) -> None:
        """Redraw the card (the countdown) on the dashboard, when it shows."""
        from repdash.ui.widgets.contest_card import ContestCard

        for screen in self.app.screen_stack:
            for widget in screen.query(ContestCard):
                widget.show(self.card)
