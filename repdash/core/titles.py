"""Level titles: 'Rookie' at level 1 .. 'Legend' at 25, then a rank every 5 levels.

Pure (no Textual, no I/O) and small on purpose: the dashboard's first frame shows the title, and
the seasons module (season tiers, prestige) is only needed later.
"""

from __future__ import annotations

TITLES: tuple[tuple[int, str], ...] = (
    (1, "Rookie"),
    (3, "Prospector"),
    (5, "Dialer"),
    (7, "Pitcher"),
    (9, "Pipeline Builder"),
    (12, "Closer"),
    (15, "Deal Maker"),
    (18, "Rainmaker"),
    (21, "Quota Crusher"),
    (25, "Legend"),
)
LEGEND_LEVEL = 25
LEGEND_RANK_EVERY = 5


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def title_for(level: int) -> str:
    """'Rookie' .. 'Legend', then 'Legend II' at 30, 'Legend III' at 35 ..."""
    level = max(1, int(level))
    title = TITLES[0][1]
    for at, name in TITLES:
        if level >= at:
            title = name
    if level >= LEGEND_LEVEL:
        rank = (level - LEGEND_LEVEL) // LEGEND_RANK_EVERY + 1
        if rank > 1:
            title = f"{title} {_roman(rank) if rank < 40 else rank}"
    return title


def next_title(level: int) -> tuple[int, str] | None:
    """The next level that brings a new title, and that title."""
    here = title_for(level)
    for lv in range(level + 1, level + LEGEND_RANK_EVERY + 30):
        if title_for(lv) != here:
            return lv, title_for(lv)
    return None
