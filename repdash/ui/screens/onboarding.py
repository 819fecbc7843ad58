"""First run: who are you, and what does a good day look like for you?"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from repdash.core.kinds import DEFAULT_TARGETS, FUNNEL, label
from repdash.core.text import clean_name

WHOLE = r"[0-9]*"


class OnboardingScreen(Screen):
    BINDINGS = [("escape", "app.quit", "Quit")]

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
            yield Input(placeholder="e.g. Ana Smith", id="ob-name", max_length=60, compact=True)
            yield Label("Daily targets")
            with Grid(id="ob-targets"):
                for kind in FUNNEL:
                    yield Label(label(kind), classes="ob-kind")
                    yield Input(str(DEFAULT_TARGETS[kind]), id=f"ob-{kind}", restrict=WHOLE, max_length=5, compact=True)
            with Horizontal(id="ob-quota-row"):
                yield Label("Quota (deals)", classes="ob-kind")
                yield Input("20", id="ob-quota", restrict=WHOLE, max_length=6, compact=True)
                yield Label("per", classes="ob-per")
                yield Select([(p, p) for p in ("week", "month", "quarter")], value="month",
                             allow_blank=False, id="ob-period", compact=True)
            yield Label("", id="ob-error", markup=False)
            yield Button("Start my day  ⏎", id="ob-start", variant="success")

    def on_mount(self) -> None:
        self.query_one("#ob-name", Input).focus()

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
        quota_raw = self.query_one("#ob-quota", Input).value.strip()
        period = self.query_one("#ob-period", Select).value
        self.app.finish_onboarding(
            name, targets, quota=int(quota_raw) if quota_raw.isdigit() else 20, period=str(period)
        )
