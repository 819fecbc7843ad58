"""Today's funnel: per kind, key, name, gauge toward target, count and the last 10 working days.

One widget drawing every row (not five widgets a row): the dashboard mounts and
redraws it on every key, and fewer widgets keep both start-up and keys cheap.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from repdash.core.kinds import label

HOTKEYS = {"call": "c", "pitch": "p", "commit": "v", "deal": "d", "one_on_one": "o", "coaching": "k"}
SPARK = "▁▂▃▄▅▆▇█"


def gauge(progress: float, width: int, color: str) -> Content:
    """━ full cells, ╸ a half cell, then the empty track."""
    progress = max(0.0, min(1.0, progress))
    full, half = divmod(round(progress * width * 2), 2)
    filled = "━" * full + ("╸" if half else "")
    return Content.assemble((filled, color), ("━" * max(0, width - len(filled)), "$foreground 15%"))


def sparkline(values: list[int]) -> str:
    top = max(values, default=0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(len(SPARK) - 1, round(v / top * (len(SPARK) - 1)))] for v in values)


class TodayPanel(Widget):
    DEFAULT_CSS = """
    TodayPanel { height: auto; width: 1fr; }
    """

    def __init__(self, kinds: list[str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.kinds = kinds
        self.rows: dict[str, tuple[int, int, list[int]]] = {k: (0, 0, []) for k in kinds}

    def show(self, today: dict[str, int], targets: dict[str, int], spark: dict[str, list[int]]) -> None:
        rows = {k: (today.get(k, 0), targets.get(k, 0), spark.get(k, [])) for k in self.kinds}
        if rows == self.rows:
            return  # redraw only on change: the dashboard's 30 s tick shows the same rows all day
        self.rows = rows
        self.refresh()

    @property
    def airy(self) -> bool:
        """A blank line between rows for the four funnel kinds; a manager's six rows sit tight."""
        return len(self.kinds) <= 4

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, len(self.kinds) * 2 - 1) if self.airy else len(self.kinds)

    def count_text(self, kind: str) -> str:
        count, target, _ = self.rows[kind]
        met = target > 0 and count >= target
        return ("✓ " if met else "") + (f"{count} / {target}" if target else f"{count}")

    def render(self) -> Content:
        width = self.size.width
        spark_width = 12 if width >= 60 else 0
        gauge_width = max(8, width - 5 - 16 - 12 - (spark_width + 2 if spark_width else 0))
        lines = []
        for kind in self.kinds:
            count, target, history = self.rows[kind]
            met = target > 0 and count >= target
            key = HOTKEYS.get(kind)
            parts: list[str | Content | tuple[str, str]] = [
                (f"[{key}]  " if key else "     ", "$text-muted"),
                (f"{label(kind):<16.16}", "bold"),
                gauge(
                    count / target if target else (1.0 if count else 0.0),
                    gauge_width,
                    "$success" if met else "$primary",
                ),
                (f"{self.count_text(kind):>12}", "bold $success" if met else ""),
            ]
            if spark_width:
                parts.append(("  " + sparkline(history[-spark_width:]).rjust(spark_width, " "), "$accent"))
            lines.append(Content.assemble(*parts))
        if not self.airy:
            return Content("\n").join(lines)
        return Content("\n").join(sum(([line, Content("")] for line in lines), [])[:-1])
