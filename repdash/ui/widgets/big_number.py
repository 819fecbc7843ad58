"""Numbers in solid block type, for a wall screen read from across the room.

Textual's `Digits` draws with thin box-drawing lines; on a TV (and in a browser, where
xterm.js draws those lines one pixel wide) they fade. This draws each digit from a
3×5 pixel font in full and half blocks: at scale 1 a digit is 3 cells by 3 rows, at
scale 2 it is 6 cells by 5 rows, at scale 3 12 cells by 10 rows (a cell is about twice
as tall as it is wide, so a pixel is two cells wide per row). Colour comes from CSS.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    # Five pixels wide: two solid 2x2 rings and the slash between them (3 wide read as "/.").
    "%": ("##..#", "##.#.", "..#..", ".#.##", "#..##"),
    "-": ("...", "...", "###", "...", "..."),
    ":": (".", "#", ".", "#", "."),  # one pixel wide: the contest countdown's hours:minutes
    " ": ("...", "...", "...", "...", "..."),
    "d": ("..#", "..#", "###", "#.#", "###"),  # the contest countdown's days and hours: "2d 13h"
    "h": ("#..", "#..", "###", "#.#", "#.#"),
}
OFF = "\u00a0"  # a no-break space: never trimmed or wrapped away, so pixels keep their columns
HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): OFF}


def pixels(value: str) -> list[str]:
    """The five pixel rows of `value` ('#' on), one blank column between characters (widths may differ)."""
    glyphs = [FONT.get(ch, FONT[" "]) for ch in value]
    return [".".join(g[row] for g in glyphs) for row in range(5)]


def block_lines(value: str, scale: int = 1) -> list[str]:
    """`value` as lines of block characters: scale 1 packs two pixel rows per line; scale n ≥ 2 draws
    each pixel 2(n-1) cells wide and n-1 rows tall."""
    rows = pixels(value)
    if scale >= 2:
        wide, tall = 2 * (scale - 1), scale - 1
        return ["".join(("█" if p == "#" else OFF) * wide for p in row) for row in rows for _ in range(tall)]
    rows.append("." * len(rows[0]))
    return [
        "".join(HALF[top == "#", bottom == "#"] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, 6, 2)
    ]


class BigNumber(Static):
    """A number (digits, %, -) in block type; `show("42%")` to change it."""

    DEFAULT_CSS = """
    BigNumber { width: auto; height: auto; }
    """

    def __init__(self, value: str = "", *, scale: int = 1, id: str | None = None, classes: str | None = None) -> None:
        self.scale = scale
        self.value = value
        super().__init__(self._text(value), id=id, classes=classes, markup=False)

    def _text(self, value: str) -> Text:
        return Text("\n".join(block_lines(value, self.scale)), no_wrap=True)

    def show(self, value: str, scale: int | None = None) -> None:
        self.value = value
        self.scale = scale or self.scale
        self.update(self._text(value))
