"""The roster on a signed team's board, for a manager with authority: admit with one key, remove with
a key and a confirmation (services/team_layout.py does the signed change in a thread worker).

Rows of reps asking to join are listed under an "Asking to join" divider; `a` on one admits them.
`x` on a rep asks "Remove NAME from the team?" (y / n); yes removes them from every board.
`p` on the Proposals tab asks "Accept NAME's proposal?" (y / n); yes counts it from today on.
Names are untrusted: rendered as plain `Text`, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

ASKING_ROW = "__asking"
ASK_PREFIX = "ask:"


def asking_rows(view: BoardView) -> list[dict[str, Any]]:
    """The reps asking to join, as the board's rows (only a manager's view carries them)."""
    return [{"rep_id": ASK_PREFIX + a["rep_id"], "name": a["name"]} for a in view.get("asking") or []]


def asking_cells(row: dict[str, Any], width: dict[str, int], fit) -> list[Text]:
    cells = {key: Text("") for key in width}
    cells["rank"] = Text("?", style="bold yellow")
    cells["name"] = fit(Text(row["name"]), width["name"])
    cells["coach"] = fit(Text("a admits", style="dim"), width["coach"])
    return [cells[key] for key in width]


def asking_divider(width: dict[str, int], fit) -> list[Text]:
    cells = {key: Text("") for key in width}
    cells["rank"] = Text("───", style="dim")
    cells["name"] = fit(Text("Asking to join", style="bold"), width["name"])
    cells["coach"] = fit(Text("not ranked or counted yet", style="italic"), width["coach"])
    return [cells[key] for key in width]


class ConfirmRemove(ModalScreen[bool]):
    """ "Remove NAME from the team?": y removes, n or Escape keeps them."""

    DEFAULT_CSS = """
    ConfirmRemove { align: center middle; }
    ConfirmRemove > Vertical { width: 60; max-width: 100%; height: auto; border: thick $error; padding: 1 2;
        background: $surface; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n", "answer(False)", "Keep"),
        Binding("escape", "answer(False)", "Keep", show=False),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.rep_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            text = Text("Remove ")
            text.append(self.rep_name, style="bold")
            text.append(" from the team?\n\nThey leave every board; their later entries are ignored until a ")
            text.append("manager admits them again.\n\n")
            text.append("y", style="bold")
            text.append(" remove · ")
            text.append("n", style="bold")
            text.append(" keep")
            yield Static(text, markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ConfirmAccept(ConfirmRemove):
    """ "Accept NAME's proposal (call 30)?": y accepts (counted from today on), n or Escape does not."""

    DEFAULT_CSS = """
    ConfirmAccept { align: center middle; }
    ConfirmAccept > Vertical { width: 60; max-width: 100%; height: auto; border: thick $warning; padding: 1 2;
        background: $surface; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Accept"),
        Binding("n", "answer(False)", "Not now"),
        Binding("escape", "answer(False)", "Not now", show=False),
    ]

    def __init__(self, name: str, proposal: dict[str, int]) -> None:
        super().__init__(name)
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        with Vertical():
            text = Text("Accept ")
            text.append(self.rep_name, style="bold")
            text.append("'s proposal (" + ", ".join(f"{k} {n}" for k, n in self.proposal.items()) + ")?\n\n")
            text.append("From today on they are measured on these targets instead of the team standard; ")
            text.append("a target lowered further is a new proposal.\n\n")
            text.append("y", style="bold")
            text.append(" accept · ")
            text.append("n", style="bold")
            text.append(" not now")
            yield Static(text, markup=False)
