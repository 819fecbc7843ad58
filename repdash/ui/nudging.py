"""The dashboard's notices (issue 25): the core's rule (`core.nudges.due`) fed from the app.

`Nudger.check()` runs after every dashboard refresh (a key, `repdash log` elsewhere, a team
update) and on the 30 s tick (for the time-based notices and the batched teammates' deals).
It builds a `Moment` from the summary the dashboard already holds (no store read) and the team
view, keeps the core's `Memory`, and hands each notice to the `Notifier`. Loaded after the
first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repdash.core import nudges
from repdash.core.workdays import is_working_day
from repdash.ui.notify import Notifier

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView


class Nudger:
    def __init__(self, app, notifier: Notifier | None = None) -> None:
        self.app = app
        self.notifier = notifier or Notifier(app)
        self.previous: nudges.Moment | None = None
        self.memory = nudges.Memory()
        self._deals_view: BoardView | None = None
        self._deals_day = ""
        self._deals: dict | None = None

    def settings(self) -> nudges.Settings:
        c = self.app.store.config
        return nudges.make_settings(c.notify, c.quiet, c.notify_hours, c.streak_alert, c.nudges)

    def moment(self) -> nudges.Moment | None:
        app, s = self.app, self.app.summary
        if not s or not app.store.initialized:
            return None
        local = app.now().in_timezone(app.store.tz)
        return nudges.Moment(
            local=local,
            working_day=is_working_day(local.date(), app.store.off_days),
            today=dict(s["today"]),
            targets=dict(s["targets"]),
            streak=s["streak"],
            team_deals=self._team_deals(local.date().isoformat()),
            contests=self._contests(),
        )

    def _contests(self) -> tuple[nudges.ContestMoment, ...]:
        """The running contests the rep is in, from the dashboard's contest view (issue 23)."""
        watch = getattr(self.app, "contests", None)
        return tuple(nudges.ContestMoment(*c) for c in watch.places()) if watch is not None else ()

    def _team_deals(self, today: str):
        """Teammates' deals from the app's team view, worked out once per view (a key costs no walk of the team)."""
        view = self.app.team_view
        if view is not self._deals_view or today != self._deals_day:  # the view itself is kept: no id reuse
            self._deals_view, self._deals_day = view, today
            self._deals = nudges.team_deals(view, self.app.store.config.rep_id, today)
        return self._deals

    def check(self) -> list[nudges.Notice]:
        """Send what is due now; returns it (for the in-app log and tests)."""
        current = self.moment()
        if current is None:
            return []
        settings = self.settings()
        notices, self.memory = nudges.due(self.previous, current, settings, self.memory)
        self.previous = current
        for notice in notices:
            self.notifier.send(notice.title, notice.body, settings.mode)
        return notices
