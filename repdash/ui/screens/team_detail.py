"""A rep's 1:1 view: today and week against standard and own targets, trend, rates, coaching, private notes.

The 1:1 view and its notes are for managers only; a rep who opens a teammate gets the same
summary read-only, without notes (everything in it is already in the shared team file).
Notes are stored only in this machine's repdash folder (never in the team file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from repdash.core.kinds import label
from repdash.core.wording import count
from repdash.core.workdays import human_when
from repdash.sync.teamfile import kind_order
from repdash.ui.board_text import day_label

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from textual import getters

    from repdash.core.shapes import BoardRow, BoardView
    from repdash.ui.hosts import BoardApp

SPARK = "▁▂▃▄▅▆▇█"


def mini_spark(values: list[int]) -> str:
    top = max(values) if values else 0
    if not top:
        return "▁" * len(values)
    return "".join(SPARK[min(int(v / top * (len(SPARK) - 1) + 0.5), len(SPARK) - 1)] for v in values)


class RepDetailScreen(ModalScreen):
    # The note box sits below the scrolling summary, so focusing it never scrolls the rep's name away.
    if TYPE_CHECKING:
        app = getters.app(BoardApp)  # the app it runs under (ui/hosts.py)

    DEFAULT_CSS = """
    RepDetailScreen { align: center middle; }
    RepDetailScreen #detail-box { width: 76; max-width: 100%; height: auto; max-height: 95%;
        border: round $accent; background: $surface; padding: 0 1; }
    RepDetailScreen #detail-scroll { height: auto; }
    RepDetailScreen #detail-notes { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail_back"),
        # The note box has focus: ↑/↓ and page keys scroll the summary above it.
        Binding("up", "scroll_summary(-1)", "Scroll", show=False),
        Binding("down", "scroll_summary(1)", "Scroll", show=False),
        Binding("pageup", "scroll_summary(-10)", "Scroll", show=False),
        Binding("pagedown", "scroll_summary(10)", "Scroll", show=False),
    ]
    AUTO_FOCUS = "#detail-note-input"

    def __init__(self, row: BoardRow, view: BoardView | None = None, *, private: bool = True) -> None:
        super().__init__()
        self.row = row
        self.view: Mapping[str, Any] = view or {}
        self.private = private  # a manager's 1:1 view with notes; else a read-only summary

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-box"):
            with VerticalScroll(id="detail-scroll"):
                yield Static(self._summary(), id="detail-summary", markup=False)
                if self.private:
                    yield Static("", id="detail-notes", markup=False)
            if self.private:
                # No select-on-focus: a key typed while focus was elsewhere must not be replaced by the next one.
                yield Input(
                    placeholder="Add a private coaching note, Enter to save",
                    id="detail-note-input",
                    select_on_focus=False,
                )

    def on_mount(self) -> None:
        if self.private:
            self._show_notes()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def action_scroll_summary(self, lines: int) -> None:
        scroll = self.query_one("#detail-scroll", VerticalScroll)
        scroll.scroll_to(y=scroll.scroll_y + lines, animate=False)

    def _fit(self) -> None:
        # The summary scrolls; the note box below it stays in view (95% of the screen, less border and input).
        room = self.app.size.height * 95 // 100 - 2 - (3 if self.private else 0)
        self.query_one("#detail-scroll").styles.max_height = max(room, 3)

    def on_key(self, event: events.Key) -> None:
        # Keys typed before the note box had focus (right after Enter, or a paste) go into it, not nowhere.
        if not self.private or not event.is_printable or not event.character:
            return
        note = self.query_one("#detail-note-input", Input)
        if self.focused is not note:
            note.focus()
            note.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def _when(self, iso: str | None) -> str:
        store = self.app.store
        tz = store.tz if store.initialized else (self.row.get("tz") or "UTC")
        return human_when(iso, self.app.now(), tz)

    def _summary(self) -> Text:
        r = self.row
        t = Text(r["name"], style="bold")
        tags = [f"level {r.get('level', 1)}", f"{r.get('xp', 0)} XP", f"streak {r.get('streak', 0)}"]
        if r.get("tier"):
            tags.insert(0, f"{r['tier']} tier")
        if r.get("manager"):
            tags.insert(0, "manager")
        if r.get("hidden"):
            tags.append("hidden from ranking")
        t.append("    " + " · ".join(tags) + "\n", style="dim")
        if not self.private:
            t.append("A read-only summary: the 1:1 view and coaching notes are for managers.\n", style="italic")
        std = r.get("standard") or {}
        t.append(f"\n{'per day':<18}{'today':>7}{'week':>7}{'target':>8}{'standard':>10}{'avg/day':>9}\n", style="bold")
        kinds = list(dict.fromkeys(list(r.get("targets", {})) + list(std)))
        for k in kinds:
            n = r.get("today", {}).get(k, 0)
            s = std.get(k)
            style = "" if s is None else ("green" if n >= s else "red")
            avg = (r.get("avg_per_day") or {}).get(k)
            t.append(f"{label(k):<18}")
            t.append(f"{n:>7}", style=style)
            t.append(
                f"{r.get('week', {}).get(k, 0):>7}{r.get('targets', {}).get(k, '–'):>8}{'–' if s is None else s:>10}"
                f"{'–' if avg is None else f'{avg:g}':>9}\n"
            )
        rates = r.get("rates") or {}
        t.append("\nRates  ", style="bold")
        t.append(
            "  ".join(
                f"{name} {'–' if rates.get(key) is None else f'{rates[key]:.2f}'}"
                for key, name in (
                    ("pitch_per_call", "pitch/call"),
                    ("commit_per_pitch", "commit/pitch"),
                    ("deal_per_commit", "deal/commit"),
                )
            )
        )
        if r.get("pace") is not None:
            t.append(f"\nPeriod pace {r['pace']:.0f}% of quota")
            if r.get("pace_prorated"):  # joined inside the period: paced on a share of the quota
                since = day_label(r.get("start_date"))
                t.append(f" (prorated: {r['quota_this_period']:g} deals since {since})", style="dim")
        if self.private and not r.get("manager"):  # the board's CRM column, in words
            self._crm_line(t, r.get("crm_backed_week_pct"))
        t.append("\n")
        if coaching := r.get("coaching"):
            t.append("Coach to: ", style="bold")
            t.append(coaching, style="bold yellow")
            if days_below := r.get("days_below"):
                t.append(
                    f"  ({count(days_below, 'working day')} in a row below standard)",
                    style="red",
                )
            t.append("\n")
        else:
            t.append("At standard today.\n", style="green")
        recent = r.get("recent") or {}
        counts = recent.get("counts") or {}
        if counts:
            t.append("\nLast 20 working days\n", style="bold")
            for k, seq in sorted(counts.items(), key=lambda kv: kind_order(kv[0])):  # funnel order
                if any(seq):
                    t.append(f"{label(k):<18}")
                    t.append(mini_spark(seq), style="cyan")
                    t.append(f"  {sum(seq)} total\n", style="dim")
        t.append(f"\nLast sync {self._when(r.get('last_sync'))} · their time zone {r.get('tz', '')}", style="dim")
        return t

    @staticmethod
    def _crm_line(t: Text, pct: int | None) -> None:
        from repdash.ui.screens.team_text import crm_text

        t.append("\nCRM-backed ", style="bold")
        t.append_text(crm_text(pct))
        t.append(
            " of this week's activity (as their client reports it)" if pct is not None else " no CRM import this week",
            style="dim",
        )

    def _show_notes(self) -> None:
        from repdash.services.coaching_notes import notes_for

        store = self.app.store
        notes = notes_for(store, self.row["rep_id"]) if store.initialized else []
        t = Text("Private notes (this machine only)\n", style="bold")
        if not notes:
            t.append("none yet\n", style="dim")
        for n in notes[-8:]:
            t.append(self._when(n.get("at")) + "  ", style="dim")
            t.append(str(n.get("text", "")) + "\n")
        self.query_one("#detail-notes", Static).update(t)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from repdash.errors import BadInput
        from repdash.services.coaching_notes import add_note

        store = self.app.store
        if not store.initialized or not event.value.strip():
            return
        try:
            add_note(store, self.row["rep_id"], self.row["name"], event.value, self.app.now())
        except BadInput:
            return
        event.input.value = ""
        self._show_notes()
        self.app.notify("Note saved on this machine.", markup=False)
