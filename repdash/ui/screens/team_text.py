"""The team board's text: columns, cells, title, footer, momentum and tiers as Rich `Text`.

Pure functions of a board view (no widgets, no app), shared by the board (`team.py`) and the TV
board (`team_tv.py`). Names come from the shared team file: always plain `Text`, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from repdash.core.kinds import FUNNEL
from repdash.core.wording import count, versus
from repdash.ui.board_text import hhmm

if TYPE_CHECKING:
    from repdash.core.shapes import BoardRow, BoardView, ProposalRow

SPARK = "▁▂▃▄▅▆▇█"
SHORT = {"call": "calls", "pitch": "pitches", "commit": "commits", "deal": "deals"}
WIDE = 100  # from this width the board shows the level column and longer names


def standings_columns(width: int, crm: bool = False) -> list[tuple[str, str, int]]:
    """(key, title, width) of the standings at a terminal `width`: every column fits, none runs into the next.

    The coaching prompt gets what is left (at least 16); the days below have their own column.
    `crm` (a manager's board): the share of each rep's week a CRM import backs, beside the week's %;
    the name gives up cells for it (19 from 100 columns, where the coaching prompt keeps 20: "+1 commitment
    a day"; 13 below, where the prompt has its minimum 16 at 80 columns, five fewer than a rep's board).
    """
    wide = width >= WIDE
    cols = [
        ("rank", "#", 3),
        ("name", "Rep", (24 - 5 * crm) if wide else (14 - crm)),
        ("today", "Today", 5),
        ("week", "Week", 5),
    ]
    if crm:
        cols.append(("crm", "CRM", 4))
    cols.append(("std", "Std", 3))
    if wide:
        cols += [("streak", "Strk", 4), ("level", "Lv", 2)]
    cols += [("synced", "Sync", 6), ("below", "Below", 5)]
    # Each column has one cell of padding either side; keep two cells for the vertical scrollbar.
    coach = max(16, width - sum(w + 2 for _, _, w in cols) - 2 - 2)
    return cols + [("coach", "Coach to", coach)]


def fit(text: Text, width: int) -> Text:
    """One line of at most `width` cells, cut with an ellipsis."""
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


def spark(values: list) -> str:
    return "".join(
        " " if v is None else SPARK[min(int(v / 100 * (len(SPARK) - 1) + 0.5), len(SPARK) - 1)] for v in values
    )


CRM_LOW = 50  # below this share of the week CRM-backed, the board flags it (most of it typed in by hand)


def crm_text(p: int | None) -> Text:
    """The CRM-backed share of a rep's week: "82%", "31%" in the warning colour, "—" dimmed (no CRM import)."""
    if p is None:
        return Text("—", style="dim")
    return Text(f"{p}%", style="bold yellow" if p < CRM_LOW else "")


def pct_text(p: float | None) -> Text:
    if p is None:
        return Text("–", style="dim")
    style = "bold green" if p >= 100 else ("yellow" if p >= 50 else "red")
    return Text(f"{p:.0f}%", style=style)


def standard_text(std: dict[str, Any] | None) -> tuple[str, str]:
    """The standard as the title says it ("8 calls · 1 deal") and its style."""
    if not std:
        return "not set", "dim"
    return " · ".join(f"{n} {SHORT.get(k, k) if n != 1 else k}" for k, n in std.items() if k in FUNNEL), ""


def divider_cells(width: dict[str, int]) -> list[Text]:
    """ "Setting the example": the managers below are measured on 1:1s and coaching, apart from the reps."""
    cells = {key: Text("") for key in width}
    cells["rank"] = Text("───", style="dim")
    cells["name"] = fit(Text("Managers", style="bold"), width["name"])
    cells["coach"] = fit(Text("Setting the example", style="italic"), width["coach"])
    return [cells[key] for key in width]


def _rank_cell(r: BoardRow) -> Text:
    if r.get("rank"):
        return Text(str(r["rank"]), style="bold")
    if r.get("manager"):
        return Text("mgr", style="italic cyan")
    return Text("–", style="dim")


def _name_cell(r: BoardRow, width: int) -> Text:
    name = Text(r["name"], style="dim" if r.get("hidden") or r.get("away") else "")
    name = fit(name, width - (2 if r.get("hidden") else 0) - (7 if r.get("away") else 0))
    if r.get("hidden"):
        name.append(" ⊘", style="dim")
    if r.get("away"):
        name.append(" (away)", style="dim")
    return name


def standing_cells(r: BoardRow, today: str | None, width: dict[str, int]) -> list[Text]:
    """One standings row's cells, in the order of the columns in `width`."""
    below = Text(f"{r['days_below']}d↓", style="red") if r.get("days_below") else Text("")
    cells = {
        "rank": _rank_cell(r),
        "name": _name_cell(r, width["name"]),
        "today": pct_text(r.get("today_pct")),
        "week": pct_text(r.get("week_pct")),
        "crm": Text("") if r.get("manager") else crm_text(r.get("crm_backed_week_pct")),
        "std": Text("✓", style="bold green") if r.get("at_standard") else Text("·", style="dim"),
        "streak": Text(f"{r.get('streak', 0)}d" if r.get("streak") else "–"),
        "level": Text(str(r.get("level", 1))),
        "synced": Text(hhmm(r.get("last_sync"), today), style="dim" if r.get("stale") else ""),
        "below": below,
        "coach": fit(Text(r.get("coaching") or "", style="yellow"), width["coach"]),
    }
    return [cells[key] for key in width]


def proposal_row(p: ProposalRow, kinds: list[str], std: dict[str, Any]) -> list[Text]:
    """A rep's name and proposed daily targets against the standard: green above, red below, ✓ accepted below it."""
    who = Text(p["name"])
    row = [who]
    acc = p.get("accepted")
    accepted = (acc.get("targets") if acc else None) or {}
    for k in kinds:
        v, s = p["targets"].get(k), std.get(k)
        style = "" if v is None or s is None else ("green" if v > s else ("red" if v < s else ""))
        if v is not None and s is not None and k in accepted and accepted[k] <= v < s:
            row.append(Text(f"{v} ✓", style="cyan"))  # below the standard, accepted: it counts
            continue
        row.append(Text("–" if v is None else str(v), style=style))
    if acc and accepted:
        who.append(f" ✓ from {acc['from']}", style="cyan")
    return row


def _benchmarks_text(view: BoardView) -> str | None:
    """A rep's benchmarks board: where the top quarter and top half start this week (none otherwise)."""
    bench = view.get("benchmarks") or {}
    if view.get("board") != "benchmarks" or view.get("authority") or bench.get("top_half_week_pct") is None:
        return None
    return (
        f" · this week, top quarter from {bench['top_quarter_week_pct']:.0f}%, "
        f"top half from {bench['top_half_week_pct']:.0f}%"
    )


def foot_text(view: BoardView) -> Text:
    """The board's last line: who is counted, hidden, away, ignored or skipped."""
    counts = view.get("counts", {})
    managers = counts.get("managers", 0)
    reps = counts.get("sellers", counts.get("reps", len(view.get("reps", []))) - managers)
    foot = Text(count(reps, "rep"))
    if managers:
        foot.append(f" · {count(managers, 'manager')}")
    if counts.get("hidden"):
        foot.append(f" · {counts['hidden']} hidden (counted in momentum)")
    elif view.get("hidden_count") and not view.get("authority"):
        foot.append(f" · {view['hidden_count']} rep{'s' if view['hidden_count'] != 1 else ''} hidden")
    if view.get("away_count"):
        foot.append(f" · {view['away_count']} away")
    bench = _benchmarks_text(view)
    if bench:
        foot.append(bench, style="bold")
    if view.get("ignored"):
        foot.append(f" · {view['ignored']} ignored (signature or roster)", style="bold yellow")
    skipped = view.get("skipped", 0)
    if skipped:
        foot.append(f" · {count(skipped, 'invalid entry', 'invalid entries')} skipped", style="bold yellow")
    if view.get("bad_copies"):
        foot.append(f" · {count(view['bad_copies'], 'unreadable conflict copy', 'unreadable conflict copies')}")
    foot.append(" · ? legend", style="dim")
    return foot


def momentum_text(view: BoardView) -> Text:
    m = view.get("momentum") or {}
    today, week = m.get("today") or {"at": 0, "of": 0, "pct": 0.0}, m.get("week") or {"at": 0, "of": 0, "pct": 0.0}
    t = Text("At standard ", style="bold")
    t.append("today ")
    t.append(
        f"{today['at']}/{today['of']} {today['pct']:.0f}%", style="bold green" if today["pct"] >= 50 else "bold yellow"
    )
    t.append(" · week ")
    t.append(
        f"{week['at']}/{week['of']} {week['pct']:.0f}%", style="bold green" if week["pct"] >= 50 else "bold yellow"
    )
    last = m.get("last_week_pct")
    if last is not None:
        delta = week["pct"] - last
        t.append(f" {versus(delta)}", style="green" if delta >= 0 else "red")
    trend = m.get("trend") or []
    if any(v is not None for v in trend):
        t.append(" · 10d ", style="dim")
        t.append(spark(trend), style="cyan")
    return t


TIER_KINDS = {"call": "Calls", "pitch": "Pitches", "commit": "Commits", "deal": "Deals"}
TIER_RATES = (("pitch_per_call", "p/call"), ("commit_per_pitch", "c/pitch"), ("deal_per_commit", "d/commit"))


def tiers_text(view: BoardView) -> Text:
    """The tiers as a fixed-width table of 76 cells: fits an 80-column terminal without wrapping."""
    t = Text()
    t.append("The reality check: what each tier actually does per working day\n", style="dim")
    t.append("(tiers by period pace; rates from each rep's last 20 working days)\n\n", style="dim")
    header = f"{'tier':<7}{'reps':>4}{'pace':>6}" + "".join(f"{TIER_KINDS[k]:>8}" for k in FUNNEL)
    header += "".join(f"{name:>9}" for _, name in TIER_RATES) + "\n"
    t.append(header, style="bold")
    for tier in view.get("tiers", []):
        pace = f"{tier['pace']:.0f}%" if tier.get("pace") is not None else "–"
        t.append(f"{tier['tier']:<7}{tier['count']:>4}{pace:>6}")
        for k in FUNNEL:
            v = tier["avg_per_day"].get(k)
            t.append(f"{'–' if v is None else f'{v:g}':>8}")
        r = tier["rates"]
        t.append("".join(f"{'–' if r.get(k) is None else f'{r[k]:.2f}':>9}" for k, _ in TIER_RATES) + "\n")
    for tier in view.get("tiers", []):
        if tier.get("names"):
            t.append(f"\n{tier['tier']}: ", style="bold")
            t.append(", ".join(tier["names"]))
    return t
