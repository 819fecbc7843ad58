"""The rep's dashboard: today's funnel against targets, XP and level, streak, team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer

from repdash.core.kinds import FUNNEL, label, noun
from repdash.ui.widgets.stat_card import StatCard
from repdash.ui.widgets.text_line import TextLine
from repdash.ui.widgets.today_panel import TodayPanel
from repdash.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from textual import getters

    from repdash.services.shapes import RepDay
    from repdash.ui.app import RepdashApp


def to_go_line(remaining: dict[str, int]) -> str:
    if not remaining:
        return "Every target hit today. Anything more is a bonus!"
    parts = [noun(k, n) for k, n in remaining.items()]
    return "To hit today's targets: " + ", ".join(parts) + " more."


class DashboardScreen(Screen):
    """Shows a summary dict (repdash.services.summary.rep_summary); the app owns the data."""

    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield TodayPanel(self.app.store.kinds, id="today-panel")  # its own box: one node, not two
        yield TextLine(id="to-go")
        with Horizontal(id="cards"):
            yield StatCard("Level", bar=True, color="$xp", id="card-level")
            yield StatCard("Streak", color="$streak", id="card-streak")
            yield StatCard("Team", color="$success", id="card-team")
        # "#more" (the week and the activity feed) comes after the first frame: add_below_fold.
        yield TextLine(id="sync-line")
        yield Footer(compact=True)  # the Celebration banner goes above it after the first frame

    def add_celebration(self) -> None:
        """Mount the banner overlay. It is hidden until a win and floats over the screen, so the
        first frame does not wait for it (its widgets and stylesheet cost ~5 % of a start, its
        module ~1 ms more)."""
        from repdash.ui.widgets.celebration import Celebration

        if self.is_attached and not self.query(Celebration):  # (not while the app shuts down)
            self.mount(Celebration(quiet=self.app.store.config.quiet), before=self.query_one(Footer))

    def add_contest_card(self) -> None:
        """Mount the contest card (issue 23) as the last card: hidden until the rep is in a running
        contest, and after the first frame (its data is the team view)."""
        from repdash.ui.widgets.contest_card import ContestCard

        if self.is_attached and not self.query(ContestCard):
            self.query_one("#cards").mount(ContestCard(id="card-contest"))

    def add_below_fold(self) -> None:
        """Mount the week and the activity feed. Only tall terminals show them (-roomy), so the
        first frame does without their three widgets; they fill in on the next refresh."""
        if not self.is_attached or self.query("#more"):
            return
        week = TextLine(id="week", classes="panel")
        recent = TextLine(id="recent", classes="panel")
        week.border_title, recent.border_title = "This week", "Logged today"
        self.mount(Horizontal(week, recent, id="more"), before=self.query_one("#sync-line"))
        self.call_after_refresh(self.app.refresh_dashboard, False)

    ready = False  # set once composed: summaries that arrive earlier wait for on_mount

    def on_mount(self) -> None:
        self.ready = True
        self.query_one("#today-panel").border_title = "Today"
        self.app.refresh_dashboard()

    def on_resize(self) -> None:
        # Tall terminals get the week and the activity feed; 80x24 keeps the essentials.
        self.set_class(self.size.height >= 32, "-roomy")
        self.set_class(self.size.width < 110, "-narrow")  # a contest card takes the Team card's place

    def show(self, s: RepDay, team_text: str = "", sync_text: str = "") -> None:
        """Update every widget in place from a summary."""
        # The name is untrusted text: a Content is never parsed as markup.
        self.query_one(TopBar).show(Content(s["rep"]), self.app.day_label())
        self.query_one(TodayPanel).show(s["today"], s["targets"], s["spark"])
        self.query_one("#to-go", TextLine).set(to_go_line(s["remaining"]))
        level_card = self.query_one("#card-level", StatCard)
        title = f"Level {s['level']}"
        if level_card.border_title != title:  # setting a title redraws, even the same one
            level_card.border_title = title
        level_card.show(
            self.app.level_title(s["level"]), f"{s['xp']:,} XP · +{s['xp_to_next']:,} next", s["level_progress"]
        )
        streak = s["streak"]
        self.query_one("#card-streak", StatCard).show(
            f"★ {streak} day{'s' if streak != 1 else ''} in a row" if streak else "No streak yet",
            # A freeze kept it: said once, on the first working day after, without dwelling.
            ("streak kept (freeze used)" if s.get("streak_freeze_used") else "every target hit")
            if streak
            else "hit every target today",
        )
        value, caption = (team_text.split("\n", 1) + [""])[:2]
        self.query_one("#card-team", StatCard).show(value, caption)
        if self.query("#card-contest"):  # mounted after the first frame (add_contest_card)
            self.query_one("#card-contest").show(self.app.contest_card())  # type: ignore[attr-defined]
        sync_line = self.query_one("#sync-line", TextLine)
        sync_line.set_class(not self.app.sync_ok, "-bad")
        entries = self.app.today_entries()
        # Mounted after the first frame (add_below_fold): "#more" is in the DOM a moment before its children.
        if self.query("#week") and self.query("#recent"):
            self.query_one("#week", TextLine).set(week_text(s))
            recent = self.query_one("#recent", TextLine)
            # As many lines as the panel shows (once laid out), so "+N more" is never cut off.
            room = recent.content_size.height
            recent.set(recent_text(entries, min(RECENT_LIMIT, room) if room >= 2 else RECENT_LIMIT))
        current, hour = self.app.pulse(entries)
        self.app.pulse_alive = hour.total > 0
        pulse = f"momentum {hour.spark()} {hour.label}" if hour.total > 0 else ""
        subtitle = "  ".join(p for p in (current.label, pulse) if p)
        today_box = self.query_one("#today-panel")
        if today_box.border_subtitle != subtitle:
            today_box.border_subtitle = subtitle
        quest = self.app.quest
        if quest is not None:
            sync_line.set(Content.assemble(sync_text, "  ·  " if sync_text else "", ("⚑ " + quest.line, "$quest")))
        else:
            sync_line.set(sync_text)


def week_text(s: RepDay) -> Content:
    lines = []
    days = max(1, s.get("week_working_days_so_far", 1))
    for kind, n in s["week"].items():
        goal = s["targets"].get(kind, 0) * days
        mark = "✓" if goal and n >= goal else " "
        lines.append(f"{mark} {label(kind):<17}{n:>5} / {goal}")
    if s.get("crm_backed_week_pct") is not None:  # only after a CRM import (repdash import --from)
        lines.append(f"  {s['crm_backed_week_pct']} % CRM-backed this week")
    return Content("\n".join(lines))


RECENT_LIMIT = 12  # lines in "Logged today"; past it the last line counts the rest


def recent_text(entries, limit: int = RECENT_LIMIT) -> str:
    entries = [e for e in entries if e.count]  # a CRM record already logged by hand is stored with count 0
    if not entries:
        return "Nothing yet today: press c after your first call."
    shown = entries if len(entries) <= limit else entries[: limit - 1]
    lines = [f"{e.at[11:16]}  {noun(e.kind, e.count)}" for e in shown]
    if len(entries) > len(shown):
        lines.append(f"+{len(entries) - len(shown)} more")
    return "\n".join(lines)


__all__ = ["DashboardScreen", "FUNNEL"]
