"""The rep dashboard app: owns the store and the clock, routes keys to the core, shows results.

Threading rule: storage writes of a keystroke stay on the UI thread (today's small
file and the undo stack, fsynced: ~5 ms) so the screen never claims a count that is
not on disk and keystroke order is kept; team sync runs in workers (repdash.ui.syncing) that post
messages; only message handlers touch widgets.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import App
from textual.binding import Binding

from repdash import clock as default_clock
from repdash.core.kinds import label, noun
from repdash.store.local import LocalStore
from repdash.ui.palette import ActionCommands
from repdash.ui.sync_workers import SyncWorkers
from repdash.ui.terminal_watch import TerminalWatch

if TYPE_CHECKING:
    import pendulum
    from textual.timer import Timer

    from repdash.core.quests import Quest
    from repdash.core.shapes import BoardView
    from repdash.services.shapes import RepDay
    from repdash.services.summary import History
    from repdash.ui.nudging import Nudger
    from repdash.ui.syncing import SyncController


class RepdashCommands(ActionCommands):
    """Every dashboard action in the command palette (ctrl+p), beside Textual's defaults."""

    def _commands(self):
        app = cast("RepdashApp", self.app)  # this provider is the dashboard's (COMMANDS of RepdashApp)
        for binding in app.BINDINGS:
            if isinstance(binding, Binding) and binding.id and binding.description and app.offers(binding):
                yield binding.description, binding.tooltip or binding.description, binding.action
        from repdash.ui import themes

        for name in themes.theme_names(app):
            yield f"Theme: {name}", "Switch to this theme (remembered)", f"theme({name!r})"
        from repdash.ui.notify import MODE_HELP

        for mode, help_text in MODE_HELP.items():
            yield f"Notifications: {mode}", help_text, f"notify_mode({mode!r})"


class RepdashApp(SyncWorkers, TerminalWatch, App):
    TITLE = "repdash"
    CSS_PATH = Path(__file__).parent / "repdash.tcss"
    COMMANDS = App.COMMANDS | {RepdashCommands}
    # Seconds after start-up / after the last key before achievements are checked (tests pin it).
    ACHIEVEMENT_DELAY = (1.0, 0.6)
    ENABLE_COMMAND_PALETTE = True
    # Seconds between stats of today's day file (entries logged from the CLI appear this fast).
    DAY_FILE_POLL = 2.0
    _day_file_stamp: tuple[int, int] | None = None

    # The logging keys are not in the footer: the Today panel shows each beside its row ([c] Calls),
    # and at 80x24 the footer must keep ? Help and q Quit in sight. Help and the palette list them all.
    BINDINGS = [
        Binding("c", "log('call')", "Call", id="log_call", tooltip="Log a call", show=False),
        Binding("p", "log('pitch')", "Pitch", id="log_pitch", tooltip="Log a pitch", show=False),
        Binding("v", "log('commit')", "Commit", id="log_commit", tooltip="Log a verbal commitment", show=False),
        Binding("d", "log('deal')", "Deal", id="log_deal", tooltip="Log a deal", show=False),
        # A manager sets the example (SPEC step 4): their own kinds have keys too.
        Binding("o", "log('one_on_one')", "1:1", id="log_one_on_one", tooltip="Log a 1:1 held (managers)", show=False),
        Binding(
            "k",
            "log('coaching')",
            "Coaching",
            id="log_coaching",
            tooltip="Log a coaching session (managers)",
            show=False,
        ),
        Binding("u", "undo", "Undo", id="undo", tooltip="Remove the last logged entry"),
        Binding("t", "targets", "Targets", id="targets", tooltip="Set your own daily targets"),
        Binding("m", "math", "Math", id="math", tooltip="Your sales math: rates, reverse funnel, projection"),
        Binding("g", "team", "Team", id="team", tooltip="The team board"),
        Binding("s", "sync", "Sync", id="sync", tooltip="Publish to the team file now"),
        Binding("a", "trophies", "Trophies", id="trophies", tooltip="Achievements, season and team quest", show=False),
        Binding("z", "toggle_quiet", "Quiet", id="quiet", tooltip="Quiet mode: no animated celebrations", show=False),
        Binding("question_mark", "help", "Help", id="help", tooltip="Keys and how repdash works"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit repdash"),
    ]

    def __init__(self, store: LocalStore, *, clock: Callable[[], pendulum.DateTime] | None = None) -> None:
        import gc

        gc.disable()  # until the first frame is up (see _after_first_frame): building it makes few cycles
        super().__init__()
        self.store = store
        self._clock = clock or default_clock.now
        self.summary: RepDay | None = None
        self.history: History | None = None  # everything before today, built once a day
        self.team_view: BoardView | None = None  # the last board view a sync worker posted
        self.quest: Quest | None = None  # this week's team quest, from the cached view
        self.pulse_alive = False  # activity in the last hour: the 30 s tick redraws momentum
        self.sync_ok = True
        self.nudger: Nudger | None = None  # notices outside the window, after the first frame
        from repdash.ui.contest_watch import ContestWatch  # light: its services load after the first frame

        self.contests = ContestWatch(self)  # the dashboard's contest card and its celebrations (issue 23)
        self._day: date | None = None
        self.sync: SyncController | None = None
        self._ach_timer: Timer | None = None
        self._store_problem: str | None = None  # the last unreadable-file message shown (shown once)
        # Themes before the first stylesheet parse: setting one later re-parses all CSS.
        from repdash.ui import themes

        saved = store.config.theme if store.initialized else themes.DEFAULT_THEME
        self._theme_warnings = themes.register_all(self, store.home, only=saved) + themes.apply_saved(
            self, store, before_start=True
        )

    def offers(self, binding: Binding) -> bool:
        """Whether this person has this key: a rep's help and palette leave out the manager's kinds."""
        action, _, arg = binding.action.partition("(")
        return action != "log" or arg.strip("')\"") in self.store.kinds

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Keys for kinds this person does not log (a rep's 1:1s) are hidden and inert.
        if action == "log" and parameters and self.store.initialized:
            return parameters[0] in self.store.kinds
        return True

    # ---- time ----------------------------------------------------------
    def now(self) -> pendulum.DateTime:
        return self._clock()

    def instant(self) -> datetime:
        """Now as a standard-library datetime: what the first frame needs (dates, arithmetic)
        without waiting for pendulum's import. A clock given by a test is used as is."""
        return self._clock() if self._clock is not default_clock.now else default_clock.utc_now()

    def today(self) -> date:
        return self.store.today(self.instant())

    def day_label(self) -> str:
        # strftime, not pendulum's format(): that loads locale data on first use (~18 ms at start-up).
        d = self.today()
        return f"{d:%a} {d.day} {d:%b %Y}"

    # ---- start-up ------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Game colours ($xp, $streak, $gap, ...) exist for every theme, also Textual's own.
        from repdash.ui import themes

        return themes.variable_defaults()

    def on_mount(self) -> None:
        # A bad theme file falls back with a message, never a crash.
        for warning in self._theme_warnings:
            self.notify(warning, severity="warning", markup=False)
        # Any theme change is remembered: ours ("Theme: repdash-…") and Textual's own "Theme" picker.
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        keymap = self.store.config.keymap
        if keymap:
            self.set_keymap(keymap)
        if self.store.initialized:
            self._start_dashboard()
        else:
            import gc

            gc.enable()  # no dashboard frame to wait for: collect as usual during onboarding
            from repdash.ui.screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen())
        # "Today" rolls over at local midnight: a cheap check, no redraw unless the date changed.
        self.set_interval(30, self.check_day)
        self._watch_terminal()

    def get_default_screen(self):
        # The dashboard is the first screen itself (not pushed over a blank one): one screen
        # less to build and style before the first frame, which paints from local data alone.
        if self.store.initialized:
            from repdash.ui.screens.dashboard import DashboardScreen

            return DashboardScreen()
        return super().get_default_screen()

    def _open_dashboard(self) -> None:
        from repdash.ui.screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())
        self._start_dashboard()

    def _start_dashboard(self) -> None:
        self._day = self.today()
        # After the first frame: the dashboard paints from local data, then the team catches up.
        self.call_after_refresh(self._after_first_frame)
        # Achievements are checked after the first frame (the first check scans all history).
        self.set_timer(self.ACHIEVEMENT_DELAY[0], self.check_achievements)
        # `repdash log` in another terminal shows up here within seconds: a stat of today's file.
        self._day_file_stamp = self._today_file_stamp()
        self.set_interval(self.DAY_FILE_POLL, self.check_day_file)

    def _after_first_frame(self) -> None:
        import gc

        import pendulum  # noqa: F401  the calendar library, loaded now so the first key does not wait for it

        # What start-up built (Textual, the modules, the history) lives as long as the app: out of
        # the collector's sight, a full collection during a sync no longer walks it with the GIL
        # held (at 2,000 reps such pauses stalled the UI for ~80 ms).
        gc.freeze()
        gc.enable()
        from repdash.ui import themes

        themes.register_all(self)  # the other built-in themes, for the palette (the saved one is in use)
        from repdash.ui.screens.dashboard import DashboardScreen

        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.add_below_fold()
                screen.add_celebration()
                screen.add_contest_card()
        from repdash.ui.syncing import SyncController

        # Keys pressed before this line publish with the start-up sync (it sends every entry).
        self.sync = SyncController(self)
        self.sync.start()
        self.update_quest()  # from the cached team view, until a sync brings a fresh one
        self.contests.start()  # the contest card, from the cached team view too (issue 23)
        if self.quest is not None or self.contests.card is not None:
            self.refresh_dashboard(full=False)
        if self.store.config.crm.get("watch"):  # `repdash crm watch FOLDER`: CRM exports as they land
            from repdash.ui.crm_watch import CrmWatch

            CrmWatch(self, self.store.config.crm["watch"]).start()
        from repdash.ui.nudging import Nudger

        self.nudger = Nudger(self)
        self.nudger.check()  # the first look: what is due at start-up, and the baseline for what changes

    def finish_onboarding(
        self, name: str, targets: dict[str, int], quota: int, period: str, closed: int = 0, notify: str = "terminal"
    ) -> None:
        self.store.init(name, targets=targets, quota=quota, period=period, now=self.now())
        if notify != self.store.config.notify:
            self.store.update_config(notify=notify)
        if closed > 0:
            self._backfill_deals(closed, period)
        self.pop_screen()
        self._open_dashboard()
        self.notify(f"Welcome, {name}! Press c after every call.", title="You're set", markup=False)

    def _backfill_deals(self, closed: int, period: str) -> None:
        """Deals closed this period before repdash: dated on the period's first working day (the
        exact days are unknown). That also makes it the start date: someone who was selling all
        period is measured on the full quota, not a prorated one. Logged as an import, so combos
        and the last hour's momentum leave them out."""
        import pendulum

        from repdash.core.workdays import period_bounds, working_days

        today = self.today()
        start, _ = period_bounds(today, period)
        first = next(iter(working_days(start, today, self.store.off_days)), today)
        at = min(pendulum.datetime(first.year, first.month, first.day, 12, tz=self.store.tz), self.now())
        self.store.log("deal", closed, at=at, now=self.now(), source="import")

    def check_day(self) -> None:
        """Every 30 s: roll over at midnight; let the last-hour momentum and a combo fade."""
        if self._day is not None and self.today() != self._day:
            self._day = self.today()
            self.refresh_dashboard()
        elif self.summary and self.pulse_alive:
            self.refresh_dashboard(full=False)
        if self.nudger:
            self.nudger.check()  # the time-based notices, and teammates' deals batched 10 minutes

    def _today_file_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.store.day_path(self.today()))
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def check_day_file(self) -> None:
        """Every DAY_FILE_POLL s: one stat; redraw only when today's file changed (a `repdash log`
        or `undo` elsewhere). Our own keys redraw at once and update the stamp, so no double redraw."""
        stamp = self._today_file_stamp()
        if stamp != self._day_file_stamp:
            self._day_file_stamp = stamp
            if not self._store_guarded(lambda: self.refresh_dashboard(full=False)):
                return
            if self.sync:
                self.sync.request_sync("log")

    def _store_guarded(self, step: Callable[[], object]) -> bool:
        """Run `step`; a file of the home that cannot be read (a FIFO or a device where a day file
        should be, a damaged file) is one notification, not the end of the dashboard (issue 26)."""
        from repdash.errors import Failure

        try:
            step()
        except Failure as exc:
            if str(exc) != self._store_problem:
                self._store_problem = str(exc)
                self.notify(str(exc), title="Cannot read your data", severity="error", markup=False, timeout=30)
            return False
        self._store_problem = None
        return True

    # ---- data -> screen -------------------------------------------------
    def compute_summary(self) -> RepDay:
        from repdash.services.summary import build_history, rep_summary

        today = self.today()
        if self.history is None or self.history.today != today:
            self.history = build_history(self.store, today)
        from repdash.services.team_standard import current_standard

        # The standard as last synced (the UI thread never reads the share), the part that applies to me.
        standard = current_standard(self.store, cached_only=True)
        return rep_summary(self.store, self.instant(), standard=standard, history=self.history)

    def refresh_dashboard(self, full: bool = True) -> RepDay | None:
        """Re-read and redraw. full=False (a key today) reuses the history before today."""
        if not self.store.initialized:
            return None
        if full:
            self.history = None
        self.summary = self.compute_summary()
        self._day_file_stamp = self._today_file_stamp()
        from repdash.ui.screens.dashboard import DashboardScreen

        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen) and screen.ready:
                screen.show(self.summary, self.team_text(self.summary), self.sync_text())
        if self.nudger:
            self.nudger.check()
        return self.summary

    def today_entries(self):
        """Today's entries, newest first (one small file read)."""
        return sorted(self.store.day_entries(self.today()), key=lambda e: e.logged_at, reverse=True)

    def pulse(self, entries) -> tuple:
        """Combo and last-hour momentum from live entries (backfills and imports don't count)."""
        from datetime import datetime

        from repdash.core import combo

        # A plain datetime: arithmetic between pendulum and stdlib datetimes is ~20x slower.
        now = datetime.fromtimestamp(self.instant().timestamp(), tz=UTC)
        hour_ago = now - combo.MOMENTUM_WINDOW
        moments = []
        for e in entries:  # newest first: stop at the first one logged over an hour ago
            logged = datetime.fromisoformat(e.logged_at)
            if logged < hour_ago:
                break
            at = datetime.fromisoformat(e.at)
            if e.source != "import" and abs((logged - at).total_seconds()) <= 300:
                moments.append((at, e.kind, e.count))
        current = combo.combo([m[0] for m in moments], now)
        hour = combo.momentum(moments, now, pace=combo.pace_per_hour(self.store.targets))
        return current, hour

    def team_text(self, s: RepDay) -> str:
        """Two lines for the Team card: where I stand against the standard, and team momentum."""
        standard = s.get("standard")
        momentum = ""
        if self.team_view:
            share = self.team_view.get("momentum", {}).get("today", {})
            if share.get("of"):
                momentum = f"team {share.get('at', 0)}/{share['of']} at standard"
        if not standard:
            return "No standard yet\n" + (momentum or "your targets lead")
        from repdash.core.coaching import gap_line  # the one furthest-behind rule (board, 1:1, team --json)

        line = gap_line(s["today"], standard)
        if line is None:
            return "At standard ✓\n" + (momentum or "nice: keep it going")
        below = sum(1 for k, n in standard.items() if s["today"].get(k, 0) < n)
        return f"{line}\n" + (momentum or f"{below} kind(s) below")

    def update_quest(self, quest=None) -> None:
        """Take this week's quest (computed by a sync worker, or here from the cached view)."""
        from repdash.core import quests
        from repdash.services.trophy_case import team_quest

        before = self.quest
        self.quest = quest if quest is not None else team_quest(self.store, self.now(), self.team_view)
        if before is not None and self.quest is not None and quests.just_completed(before, self.quest):
            self.cheer("Team quest complete!", self.quest.title, icon="⚑", tone="quest")

    def contest_card(self):
        return self.contests.card

    def on_team_updated(self, message) -> None:
        self.team_view = message.view
        self.contests.update(message.view)
        self.update_quest(message.quest)
        self.refresh_dashboard(full=False)

    def on_sync_state_changed(self, message) -> None:
        self.sync_ok = message.ok
        self.refresh_dashboard(full=False)

    def sync_text(self) -> str:
        return self.sync.status_text() if self.sync else ""

    def level_title(self, level: int) -> str:
        from repdash.core.titles import title_for

        return title_for(level)

    # ---- actions --------------------------------------------------------
    def action_log(self, kind: str) -> None:
        if not self.store.initialized or kind not in self.store.kinds:
            return
        before = self.summary or self.compute_summary()
        logged = self._store_guarded(lambda: self.store.log(kind, 1, now=self.now(), source="key"))  # fsynced first
        if not logged:
            return
        after = self.refresh_dashboard(full=False) or before
        self.celebrate(kind, before, after)
        if self.sync:
            self.sync.request_sync("log")

    def celebration(self):
        from repdash.ui.widgets.celebration import Celebration

        try:
            return self.screen.query_one(Celebration)
        except Exception:
            return None

    def cheer(self, title: str, subtitle: str = "", icon: str = "★", tone: str = "trophy") -> None:
        banner = self.celebration()
        if banner is not None:
            banner.show(title, subtitle, icon=icon, tone=tone)
        else:
            self.notify(subtitle, title=f"{icon} {title}", markup=False)

    def celebrate(self, kind: str, before: RepDay, after: RepDay) -> None:
        target = after["targets"].get(kind, 0)
        if after["level"] > before["level"]:
            self.cheer(f"Level {after['level']}!", self.level_title(after["level"]), icon="▲", tone="xp")
        if after["targets_met"] and not before["targets_met"]:
            self.cheer("Every target hit today", "that's a streak day", icon="★", tone="streak")
        elif target and before["today"].get(kind, 0) < target <= after["today"].get(kind, 0):
            self.cheer(f"{label(kind)} target hit", f"{target} today", icon="◎", tone="target")
        self._achievement_timer()

    def _achievement_timer(self) -> None:
        # Debounced: a burst of keys runs one check, off the keystroke path.
        if self._ach_timer is not None:
            self._ach_timer.stop()
        self._ach_timer = self.set_timer(self.ACHIEVEMENT_DELAY[1], self.check_achievements)

    def check_achievements(self) -> None:
        self._ach_timer = None
        if not self.store.initialized:
            return
        from repdash.services.trophy_case import record_new_achievements

        today = self.today()
        for earned in record_new_achievements(self.store, self.now()):
            if earned.day == today:  # past badges found on the first scan are recorded quietly
                self.cheer(earned.name, "achievement unlocked", icon=earned.icon, tone="trophy")

    def action_trophies(self) -> None:
        self._push("trophies", "TrophiesScreen")

    def action_toggle_quiet(self) -> None:
        if not self.store.initialized:
            return
        quiet = not self.store.config.quiet
        self.store.update_config(quiet=quiet)
        banner = self.celebration()
        if banner is not None:
            banner.quiet = quiet
        self.notify("Quiet mode on: celebrations stay small." if quiet else "Quiet mode off.", title="Quiet mode")

    def action_notify_mode(self, mode: str) -> None:
        """Notices outside the window: off, terminal sequences, or desktop notifications (remembered)."""
        if not self.store.initialized:
            return
        self.store.update_config(notify=mode)
        from repdash.ui.notify import desktop_missing

        extra = " desktop-notifier is not installed (pip install 'repdash[desktop]'): the terminal says it meanwhile."
        self.notify(
            f"Notifications: {mode}." + (extra if mode == "desktop" and desktop_missing() else ""),
            title="Notifications",
        )

    def _remember_theme(self, theme) -> None:
        if self.store.initialized and self.store.config.theme != theme.name:
            self.store.update_config(theme=theme.name)

    def action_theme(self, name: str) -> None:
        from repdash.ui import themes

        themes.choose(self, self.store, name)

    def action_undo(self) -> None:
        if not self.store.initialized:
            return
        removed = self.store.undo(now=self.now())  # today only (issue 20): an older day is `repdash undo --day`
        if removed is None:
            self.notify("Nothing logged today to undo.", severity="warning")
            return
        self.refresh_dashboard(full=removed.day != self.today())
        from repdash.services.trophy_case import take_back_undone

        taken = take_back_undone(self.store, self.now(), removed.day)
        # Quietly: part of the same toast, no banner.
        extra = f" {', '.join(taken)} taken back." if taken else ""
        when = "" if removed.day == self.today() else f" dated {removed.date}"
        self.notify(f"Removed {noun(removed.kind, removed.count)}{when}.{extra}", title="Undone", markup=False)
        if self.sync:
            self.sync.request_sync("log")

    def _push(self, module: str, cls: str) -> None:
        if not self.store.initialized:
            return
        import importlib

        screen_cls = getattr(importlib.import_module(f"repdash.ui.screens.{module}"), cls)
        self.push_screen(screen_cls())

    def action_targets(self) -> None:
        self._push("targets", "TargetsScreen")

    def action_math(self) -> None:
        self._push("salesmath", "SalesMathScreen")

    def action_team(self) -> None:
        self._push("team", "TeamScreen")

    def action_sync(self) -> None:
        if self.sync:
            self.sync.request_sync("manual")

    def action_help(self) -> None:
        from repdash.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def key_help(self) -> list[tuple[str, str]]:
        out = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and self.offers(binding):
                keys = self.get_key_display(binding)
                out.append((keys, binding.tooltip or binding.description))
        return out
