"""First run: who are you, and what does a good day look like for you?"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from repdash.core import salesmath as sm
from repdash.core.kinds import DEFAULT_TARGETS, FUNNEL, label
from repdash.core.text import clean_name
from repdash.core.wording import count
from repdash.core.workdays import count_working_days, period_bounds
from repdash.ui.widgets.form_input import FOCUS_KEYS, FormInput, spread_burst

if TYPE_CHECKING:
    from textual import getters

    from repdash.ui.app import RepdashApp

WHOLE = r"[0-9]*"


class OnboardingScreen(Screen):
    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    CSS_PATH = Path(__file__).parent.parent / "onboarding.tcss"  # loaded with the screen, not at start-up
    # Esc closes what is open (the period list closes itself first); with nothing open it asks
    # before leaving, so what was typed is never lost by a stray key. Tab and Shift+Tab take bursts.
    BINDINGS = [Binding("escape", "leave", "Quit"), *FOCUS_KEYS]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="onboarding"):
            yield Static("Welcome to repdash", id="ob-title")
            yield Static(
                "Log each call, pitch, verbal commitment and deal with one key, and watch your own "
                "sales math add up to quota. Set your own daily targets: you can change them any time.",
                id="ob-intro",
                markup=False,
            )
            yield Label("Your name (the team sees it)")
            yield FormInput(placeholder="e.g. Ana Smith", id="ob-name", max_length=60, compact=True)
            yield Label("Daily targets")
            with Grid(id="ob-targets"):
                for kind in FUNNEL:
                    yield Label(label(kind), classes="ob-kind")
                    yield FormInput(
                        str(DEFAULT_TARGETS[kind]), id=f"ob-{kind}", restrict=WHOLE, max_length=5, compact=True
                    )
            with Horizontal(id="ob-quota-row"):
                yield Label("Quota (deals)", classes="ob-kind")
                yield FormInput("20", id="ob-quota", restrict=WHOLE, max_length=6, compact=True)
                yield Label("per", classes="ob-per")
                yield Select(
                    [(p, p) for p in ("week", "month", "quarter")],
                    value="month",
                    allow_blank=False,
                    id="ob-period",
                    compact=True,
                )
            with Horizontal(id="ob-closed-row"):
                yield Label("Deals already closed this period", classes="ob-kind")
                yield FormInput("0", id="ob-closed", restrict=WHOLE, max_length=5, compact=True)
            yield Label("", id="ob-prorated", markup=False)
            with Horizontal(id="ob-notify-row"):
                yield Label("Notices outside the window", classes="ob-kind")
                yield Select(
                    [(m, m) for m in ("terminal", "desktop", "off")],
                    value="terminal",
                    allow_blank=False,
                    id="ob-notify",
                    compact=True,
                )
            yield Label("", id="ob-error", markup=False)
            yield Button("Start my day  ⏎", id="ob-start", variant="success")

    def on_mount(self) -> None:
        self.query_one("#ob-name", Input).focus()
        self.show_proration()

    @on(Select.Changed, "#ob-period")
    @on(Input.Changed, "#ob-quota, #ob-closed")
    def show_proration(self) -> None:
        """Starting today, mid-period: say the quota is prorated (deals already closed mean a full period)."""
        quota, period, closed = self.quota_deals(), str(self.query_one("#ob-period", Select).value), self.closed_deals()
        start, end = period_bounds(self.app.today(), period)
        today = self.app.today()
        measured = sm.quota_this_period(quota, today, start, end)
        hint = ""
        if closed:
            hint = f"Your {count(closed, 'deal')} count toward this {period}'s full quota of {quota}."
        elif measured != quota:
            days, of = count_working_days(today, end), count_working_days(start, end)
            hint = f"From today: {measured} of {quota} deals this {period} (prorated: {days} of {of} working days)."
        self.query_one("#ob-prorated", Label).update(hint)

    def quota_deals(self) -> int:
        raw = self.query_one("#ob-quota", Input).value.strip()
        return int(raw) if raw.isdigit() else 20

    def closed_deals(self) -> int:
        raw = self.query_one("#ob-closed", Input).value.strip()
        return int(raw) if raw.isdigit() else 0

    @on(FormInput.Burst)
    def fill_fields(self, message: FormInput.Burst) -> None:
        spread_burst(list(self.query(FormInput)), message)

    @on(Input.Changed, "#ob-name")
    def name_typed(self, event: Input.Changed) -> None:
        if clean_name(event.value):  # "Please enter your name." goes once there is one
            self.query_one("#ob-error", Label).update("")

    def action_leave(self) -> None:
        from repdash.ui.screens.confirm import ConfirmScreen

        def leave(sure: bool | None) -> None:
            if sure:
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                "Leave without setting up?",
                "Nothing you typed here is saved yet: the next `repdash` starts over.",
                yes="Quit",
                no="Keep setting up",
            ),
            leave,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#ob-start")
    def start(self) -> None:
        name = clean_name(self.query_one("#ob-name", Input).value)
        if not name:
            self.query_one("#ob-error", Label).update("Please enter your name.")
            self.query_one("#ob-name", Input).focus()
            return
        targets = {}
        for kind in FUNNEL:
            raw = self.query_one(f"#ob-{kind}", Input).value.strip()
            targets[kind] = int(raw) if raw.isdigit() else DEFAULT_TARGETS[kind]
        period = self.query_one("#ob-period", Select).value
        self.app.finish_onboarding(
            name,
            targets,
            quota=self.quota_deals(),
            period=str(period),
            closed=self.closed_deals(),
            notify=str(self.query_one("#ob-notify", Select).value),
        )
