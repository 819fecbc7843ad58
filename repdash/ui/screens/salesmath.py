"""The Sales Math screen (`m`): the funnel, what quota needs per day, projection, the last 20 working days.

Everything shown comes from one `math_report` dict (the same one `repdash math --json`
prints), computed once when the screen opens: the screen is a view, not a calculator.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Sparkline, Static

from repdash.core import salesmath as sm
from repdash.core.kinds import FUNNEL, RATE_NAMES, counted_label, label, noun
from repdash.core.wording import count

if TYPE_CHECKING:
    from textual import getters

    from repdash.core.shapes import MathReport
    from repdash.ui.app import RepdashApp

STEP_WORDS = {"pitch_per_call": "pitch", "commit_per_pitch": "commit", "deal_per_commit": "close"}
# The funnel narrows by a fixed shape: proportional bars would make deals invisible.
BAR_WIDTHS = {"call": "100%", "pitch": "78%", "commit": "56%", "deal": "36%"}


def short_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.strftime('%a')} {d.day} {d.strftime('%b')}"


def pct(r: float | None) -> str:
    return "—" if r is None else f"{r * 100:.0f}%"


class SalesMathScreen(Screen):
    if TYPE_CHECKING:
        app = getters.app(RepdashApp)  # the app it runs under (ui/hosts.py)

    CSS_PATH = Path(__file__).parent.parent / "salesmath.tcss"
    BINDINGS = [
        Binding("escape", "close", "Back", id="math_back"),
        Binding("t", "targets", "Targets", id="math_targets", tooltip="Set your own daily targets"),
        Binding("m", "close", "Back", id="math_toggle", show=False),
    ]
    # Taller terminals get taller charts (no media queries in TCSS: a class set on resize).
    ROOMY_HEIGHT = 34

    report: MathReport

    # ---- layout ---------------------------------------------------------
    def compose(self) -> ComposeResult:
        from repdash.services.sales_report import report_for

        self.report = r = report_for(self.app.store, self.app.now(), cached_only=True)
        name = sm.period_name(r["period"], date.fromisoformat(r["period_start"]))
        with Horizontal(id="math-bar"):
            yield Label("Sales math", id="math-brand")
            prorated = r.get("prorated")
            extra = f" · prorated {prorated['working_days']}/{prorated['of']} days" if prorated else ""
            yield Label(
                f"{name} · {r['deals_so_far']} of {noun('deal', r['quota_this_period'])}{extra}", id="math-period"
            )
            yield Label(sm.PACE_WORDS[r["pace"]], id="math-pace", classes=f"pace-{r['pace'].replace(' ', '-')}")
        with VerticalScroll(id="math-body"):
            if r["low_data"]:
                marks = " or ".join(sorted({f"({v})" for v in r["rate_sources"].values() if v != "own"}))
                yield Static(Content(f"Low data: rates marked {marks} are borrowed until you log more."), id="low-data")
            with Horizontal(id="math-top"):
                yield from self._funnel()
                yield from self._plan()
            yield from self._projection()
            yield from self._history()
            if r.get("tiers"):
                yield from self._tiers()
        yield Footer()

    def _funnel(self) -> ComposeResult:
        r = self.report
        showing_need = r["quota_this_period"] > 0 and not r["quota_met"] and not r["no_working_days_left"]
        values = r["needed_per_day"] if showing_need else r["period_counts"]
        box = Vertical(id="funnel")
        box.border_title = "What quota needs a day" if showing_need else "Your funnel this period"
        box.border_subtitle = "own rates" if not r["low_data"] else "low data"
        with box:
            for i, kind in enumerate(FUNNEL):
                bar = Static(Content(counted_label(kind, values[kind])), classes=f"bar bar-{kind}")
                bar.styles.width = BAR_WIDTHS[kind]
                # Centred under the centred arrows: a Center row (the box's own alignment
                # does not move children sized in percent).
                with Center(classes="bar-row"):
                    yield bar
                if i < len(sm.STEPS):
                    name = sm.STEPS[i][2]
                    source = r["rate_sources"][name]
                    mark = "" if source == "own" else f" ({source})"
                    yield Static(
                        Content(f"↓ {sm.odds(r['rates'][name])} · {pct(r['rates'][name])}{mark}"), classes="step"
                    )

    def _plan(self) -> ComposeResult:
        r = self.report
        grid = Grid(id="plan")
        grid.border_title = "Per day"
        grid.border_subtitle = f"{count(r['working_days_left'], 'working day')} left"
        with grid:
            for head in ("", "need", "target", "today"):
                yield Label(head, classes="head")
            for kind in FUNNEL:
                need, target, done = r["needed_per_day"][kind], r["targets"][kind], r["today"][kind]
                yield Label(label(kind), classes="kind")
                yield Label(str(need), classes="num need")
                yield Label(str(target), classes="num target" + (" -short" if target < need else ""))
                yield Label(str(done), classes="num today" + (" -met" if done >= max(need, target) else ""))

    def _projection(self) -> ComposeResult:
        r = self.report
        quota = max(r["quota_this_period"], 1)
        good = r["pace"] in ("ahead", "on pace", "met", "starting")
        box = Vertical(id="projection", classes="-good" if good else "-behind")
        box.border_title = f"Projection to {short_day(r['period_end'])}"
        with box:
            for key, text, value in (
                ("banked", "Banked", r["deals_so_far"]),
                ("projected", "At your pace", r["projected_deals"]),
                ("targets", "At your targets", r["targets_land"]),
            ):
                short = key == "targets" and value < r["quota_this_period"]
                with Horizontal(classes=f"proj-row proj-{key}" + (" -short" if short else "")):
                    yield Label(text, classes="proj-label")
                    bar = ProgressBar(total=quota, show_eta=False, show_percentage=False)
                    bar.progress = min(value, quota)
                    yield bar
                    yield Label(f"{value} of {r['quota_this_period']}", classes="proj-value")
            yield Static(Content(self._verdict()), id="verdict")

    def _verdict(self) -> str:
        r = self.report
        if r["quota_this_period"] <= 0:
            return "No quota set: `repdash quota --quota N` sets one."
        if r["quota_met"]:
            return "Quota met. Everything from here is a bonus: keep the funnel full."
        if r["no_working_days_left"]:
            return f"No working days left this period: {r['deals_needed']} short."
        if r["pace"] == "starting":
            return f"Starting: {sm.today_keeps_pace(r['needed_per_day'])}."
        behind = {k: n for k, n in r["gaps"]["week"].items() if n > 0}
        if r["pace"] in ("ahead", "on pace") or not behind:
            return f"{sm.PACE_WORDS[r['pace']].capitalize()}: keep it up."
        kind = next(k for k in FUNNEL if k in behind)
        return f"Behind pace: {behind[kind]} {label(kind).lower()} short of plan this week."

    def _history(self) -> ComposeResult:
        r = self.report
        box = Vertical(id="history")
        first, last = r["history"][0]["date"], r["history"][-1]["date"]
        box.border_title = "Last 20 working days"
        box.border_subtitle = f"{short_day(first)} – {short_day(last)}"
        with box:
            for kind in FUNNEL:
                data = [day[kind] for day in r["history"]]
                with Horizontal(classes="spark-row"):
                    yield Label(label(kind), classes="spark-label")
                    yield Sparkline(data, classes=f"spark spark-{kind}")
                    yield Label(f"avg {sum(data) / len(data):.1f}", classes="spark-avg")

    def _tiers(self) -> ComposeResult:
        r = self.report
        tiers = r["tiers"] or {}  # shown only with a team (the caller checks)
        grid = Grid(id="tiers")
        grid.border_title = "You and the team's tiers (median rates)"
        with grid:
            for head in ("", "you", "top", "middle", "bottom"):
                yield Label(head, classes="head")
            for name in RATE_NAMES:
                yield Label(f"{STEP_WORDS[name]} rate", classes="kind")
                yield Label(pct(r["rates"][name]), classes="num you")
                for tier in ("top", "middle", "bottom"):
                    yield Label(pct(tiers[tier]["rates"].get(name)), classes="num")
            yield Label("reps", classes="kind")
            yield Label("", classes="num")
            for tier in ("top", "middle", "bottom"):
                mark = " ◂ you" if tiers[tier].get("you") else ""
                yield Label(f"{tiers[tier]['reps']}{mark}", classes="num")

    def on_resize(self) -> None:
        self.set_class(self.size.height >= self.ROOMY_HEIGHT, "-roomy")

    # ---- actions --------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss()

    def action_targets(self) -> None:
        from repdash.ui.screens.targets import TargetsScreen

        self.app.pop_screen()
        self.app.push_screen(TargetsScreen())
