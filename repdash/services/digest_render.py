"""The Monday digest as text, markdown or HTML: pure functions of a `digest.Digest`.

Names come from the team location and are untrusted: already cleaned of control characters
(`core.text.clean`), they are shown literally: in markdown every ASCII punctuation character
of a name is backslash-escaped (CommonMark allows it for all of them, so `*`, `|`, `[`, `<`
and `@` stay text in a table cell), in HTML every name is HTML-escaped. repdash's own words
carry no markdown and are not escaped.
"""

from __future__ import annotations

import html
import re

from repdash.core.kinds import MANAGER_KINDS, noun
from repdash.services.digest import Digest, RepWeek

FORMATS = ("text", "markdown", "html")
ARROW = {"up": "↑", "down": "↓", "same": "→", "new": "·"}
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text: str) -> str:
    """Literal in markdown (and in a table cell): every ASCII punctuation character escaped."""
    return _PUNCT.sub(r"\\\1", text)


def _days(at: int, known: int) -> str:
    return f"{at}/{known}" if known else "–"


def _trend(r: RepWeek) -> str:
    if r["trend"] == "new":
        return "· (no week before)"
    return f"{ARROW[r['trend']]} from {_days(r['before_at_standard'], r['before_known'])}"


def _deals(r: RepWeek) -> str:
    if r["deals"] is None:
        return "–"
    out = f"{r['deals']}" + (f" of {r['quota']:g}" if r["quota"] is not None else "")
    return out + (f" ({r['pace']:.0f}% of pace)" if r["pace"] is not None else "")


def _one_on_one(r: RepWeek, esc=lambda t: t) -> str:
    if r["one_on_one"] is None:
        return ""
    if not r["one_on_one"]:
        return "no"
    talk = f"; talk about {esc(r['coaching'])}" if r["coaching"] else ""  # kinds may be the team's words
    return "yes: " + ", ".join(r["one_on_one"]) + talk


def _headline(d: Digest, name=lambda n: n) -> list[str]:
    std = {k: n for k, n in (d["standard"] or {}).items() if k not in MANAGER_KINDS}  # reps' part
    std_line = ", ".join(noun(k, n) for k, n in std.items()) + " a day" if std else "reps' own targets"
    team = f"{d['team_days_pct']:g}% of rep-days at standard" if d["team_days_pct"] is not None else "no days known"
    needs = [name(r["name"]) for r in d["reps"] if r["one_on_one"]]
    lines = [
        f"Week {d['week']} ({d['start']} to {d['end']}): {team}.",
        f"Standard: {std_line}. Deals are this period's, as of {d['as_of']}.",
    ]
    return lines + ([f"1:1 this week: {', '.join(needs)}."] if needs else [])


COLUMNS = ("Rep", "Days at standard", "Week before", "Deals this period", "1:1")


def _cells(r: RepWeek, name=lambda n: n) -> tuple[str, ...]:
    return (name(r["name"]), _days(r["at_standard"], r["known"]), _trend(r), _deals(r), _one_on_one(r, name))


def _shown_columns(d: Digest) -> tuple[int, ...]:
    # A rep's own digest has no 1:1 column: that is the manager's to see.
    return tuple(range(5)) if any(r["one_on_one"] is not None for r in d["reps"]) else tuple(range(4))


def render_text(d: Digest) -> str:
    cols = _shown_columns(d)
    rows = [tuple(COLUMNS[i] for i in cols)] + [tuple(_cells(r)[i] for i in cols) for r in d["reps"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(cols))]
    lines = [f"repdash weekly digest · {d['week']}", *_headline(d), ""]
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def render_markdown(d: Digest) -> str:
    cols = _shown_columns(d)
    headline = _headline(d, md_escape)  # names escaped; our own words have no markdown in them
    lines = [f"## repdash weekly digest · {d['week']}", "", *[f"{h}  " for h in headline[:-1]], headline[-1], ""]
    lines.append("| " + " | ".join(COLUMNS[i] for i in cols) + " |")
    lines.append("|" + "|".join("---" for _ in cols) + "|")
    for r in d["reps"]:
        cells = _cells(r, md_escape)
        lines.append("| " + " | ".join(cells[i] for i in cols) + " |")
    return "\n".join(lines) + "\n"


_CSS = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;margin:24px}"
    "h2{margin:0 0 8px}p{margin:4px 0;color:#555}"
    "table{border-collapse:collapse;margin-top:12px}"
    "th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left;vertical-align:top}"
    "th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}"
    "tr.needs td{background:#fff8e6}.up{color:#1a7f37}.down{color:#cf222e}"
)


def render_html(d: Digest) -> str:
    """A whole HTML document with inline styles (pastes into an e-mail); every name escaped."""
    e = html.escape
    cols = _shown_columns(d)
    head = "".join(f"<th>{e(COLUMNS[i])}</th>" for i in cols)
    body = []
    for r in d["reps"]:
        cells = _cells(r)
        tds = []
        for i in cols:
            cls = ' class="num"' if i in (1, 3) else f' class="{r["trend"]}"' if i == 2 else ""
            tds.append(f"<td{cls}>{e(cells[i])}</td>")
        row_cls = ' class="needs"' if r["one_on_one"] else ""
        body.append(f"<tr{row_cls}>{''.join(tds)}</tr>")
    paras = "".join(f"<p>{e(line)}</p>" for line in _headline(d))
    title = e(f"repdash weekly digest · {d['week']}")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS}</style></head>\n<body><h2>{title}</h2>{paras}\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table></body></html>\n"
    )


RENDER = {"text": render_text, "markdown": render_markdown, "html": render_html}
