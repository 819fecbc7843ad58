"""The Targets screen (`t`): the rep sets their own daily targets and sees, as they type,
what those targets land by period end at their rates (SPEC step 2, rep buy-in)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, Static

from repdash.core import salesmath as sm
from repdash.core.kinds import FUNNEL, PLURAL, label
from repdash.core.wording import count
from repdash.store.config_check import MAX_TARGET
from repdash.ui.widgets.form_input import FOCUS_KEYS, FormInput, spread_burst

if TYPE_CHECKING:
    from textual import getters

    from repdash.core.shapes import MathReport
    from repdash.ui.app import RepdashApp


class TargetsScreen(ModalScreen):
    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    CSS_PATH = Path(__file__).parent.parent / "salesmath.tcss"
    BINDINGS = [
        Binding("escape", "close", "Cancel", id="targets_cancel"),
        Binding("ctrl+s", "save", "Save", id="targets_save"),
        Binding(
            "ctrl+n",
            "fill_needed",
            "What quota needs",
            id="targets_fill",
            tooltip="Set every target to what quota needs per day",
        ),
        *FOCUS_KEYS,  # a burst ("Tab Tab 9" in one write) moves focus before the keys after it land
    ]

    report: MathReport

    def compose(self) -> ComposeResult:
        from repdash.services.sales_report import report_for
        from repdash.services.team_standard import current_standard

        store = self.app.store
        self.report = r = report_for(store, self.app.now(), cached_only=True)
        self.standard = current_standard(store, cached_only=True) or {}
        box = Vertical(id="targets-box")
        box.border_title = "Your daily targets"
        with box:
            yield Static(
                Content(
                    "Your numbers, your call. Beside each: what quota needs a day "
                    f"({count(r['working_days_left'], 'working day')} left)."
                ),
                id="targets-intro",
            )
            with Grid(id="targets-grid"):
                for kind in FUNNEL:
                    yield Label(label(kind), classes="kind")
                    yield FormInput(
                        str(r["targets"][kind]),
                        id=f"t-{kind}",
                        type="integer",
                        compact=True,
                        validators=[Integer(minimum=0, maximum=MAX_TARGET)],
                        valid_empty=False,
                    )
                    yield Label(f"needs {r['needed_per_day'][kind]}", id=f"need-{kind}", classes="need")
            yield Static("", id="targets-land")
            yield Static("", id="targets-note")
            yield Static("", id="targets-error")
            with Horizontal(id="targets-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Set to what quota needs", id="fill", variant="success", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static("enter save · ctrl+n what quota needs · esc cancel · tab next", id="targets-keys")

    def on_mount(self) -> None:
        self.query_one("#t-call", Input).focus()
        self.update_math()

    # ---- live math ------------------------------------------------------
    def read_targets(self) -> tuple[dict[str, int], list[str]]:
        """The valid targets typed so far (others keep their saved value) and the problems found."""
        values, problems = dict(self.report["targets"]), []
        for kind in FUNNEL:
            raw = self.query_one(f"#t-{kind}", Input).value.strip()
            if raw.isdigit() and int(raw) <= MAX_TARGET:
                values[kind] = int(raw)
            else:
                problems.append(f"{label(kind)}: a whole number from 0 to {MAX_TARGET:,}")
        return values, problems

    @on(Input.Changed)
    def update_math(self) -> None:
        r = self.report
        targets, problems = self.read_targets()
        lands = sm.whole(sm.land_with_targets(targets, r["deals_so_far"], r["working_days_left"], r["rates"]))
        land = self.query_one("#targets-land", Static)
        if r["quota_this_period"] <= 0:
            land.update(Content(f"These targets land {lands} deals by period end (no quota set)."))
        else:
            # The bottleneck (issue 20): the deals hitting every target gives, the weakest stage deciding.
            land.update(Content(f"These targets land {lands} of {r['quota_this_period']} deals by period end."))
        enough = r["quota_this_period"] > 0 and lands >= r["quota_this_period"]
        land.set_class(enough, "-enough")
        land.set_class(r["quota_this_period"] > 0 and not enough, "-short")
        for kind in FUNNEL:
            self.query_one(f"#need-{kind}", Label).set_class(targets[kind] < r["needed_per_day"][kind], "-short")
        below = [k for k in FUNNEL if isinstance(self.standard.get(k), int) and targets[k] < self.standard[k]]
        notes = [sm.mismatch_line(m).capitalize() + "." for m in sm.target_mismatches(targets, r["rates"])]
        if below:
            parts = ", ".join(f"{self.standard[k]} {PLURAL[k]}" for k in below)
            notes.append(
                f"The team standard is {parts} a day: below it, your targets are a proposal "
                "(the board measures you on the standard until your manager accepts)."
            )
        note = "\n".join(notes)
        self._say("#targets-note", note)
        self._say("#targets-error", "; ".join(problems))

    def _say(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(Content(text))
        widget.set_class(not text, "-empty")

    # ---- actions --------------------------------------------------------
    def action_fill_needed(self) -> None:
        r = self.report
        if r["quota_this_period"] <= 0 or r["quota_met"] or r["no_working_days_left"]:
            self.notify("Quota needs nothing more this period: keep the targets that work for you.")
            return
        for kind in FUNNEL:
            self.query_one(f"#t-{kind}", Input).value = str(r["needed_per_day"][kind])

    def action_save(self) -> None:
        targets, problems = self.read_targets()
        if problems:
            self._say("#targets-error", "Not saved. " + "; ".join(problems))
            return
        if targets != self.report["targets"]:
            # set_targets records the change with its date (targets history).
            self.app.store.set_targets(targets, now=self.app.now())
            self.app.refresh_dashboard()
            self.notify("Targets saved.", title="Targets")
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()

    @on(FormInput.Burst)
    def _burst(self, message: FormInput.Burst) -> None:
        spread_burst(list(self.query(FormInput)), message)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "fill": self.action_fill_needed, "cancel": self.action_close}[
            event.button.id or ""
        ]()
