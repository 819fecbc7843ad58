"""Untrusted text (repdash/core/text.py): control characters and escape sequences go, markup stays literal."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdash.core.text import MAX_NAME, clean, clean_name


@pytest.mark.parametrize(
    "raw,expected",
    [
        # Whole escape sequences go, so nothing reaches the terminal and no debris is left.
        ("Ana \x1b[31mSmith\x1b[0m", "Ana Smith"),  # SGR colour
        ("\x1b[2J\x1b[HBo", "Bo"),  # clear screen, cursor home
        ("\x1b]0;owned title\x07Cy", "Cy"),  # OSC window title
        ("\x1b]8;;http://x\x1b\\Link\x1b]8;;\x1b\\", "Link"),  # OSC 8 hyperlink
        ("Di\x1bc", "Di"),  # full reset
        ("\x9b31mEd", "Ed"),  # 8-bit CSI
        ("Lone\x1b", "Lone"),  # a stray ESC
        ("Fa\x00y\x07\x08e", "Faye"),  # NUL, BEL, backspace
        ("Gil\u202eevil\u202c", "Gilevil"),  # bidi override
        ("line\none\ttab\r", "line one tab"),
        ("  padded  ", "padded"),
    ],
)
def test_control_characters_and_escape_sequences_are_stripped(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "markup",
    [
        "Ana [/] Smith",
        "[b]bold[/b]",
        "[@click=app.quit]x[/]",
        "[red]Zoë[/red] 🚀",
        "O'Brien & <Sons> $100 \\[escaped]",
        "李小龍",
        "Ana [31m",
    ],
)
def test_markup_and_ordinary_text_are_kept_literally(markup):
    assert clean(markup) == markup
    assert clean_name(markup) == markup


def test_non_strings_and_limits():
    assert clean(42) == "42"
    assert clean("x" * 1000) == "x" * 500
    assert clean_name("y" * 100) == "y" * MAX_NAME
    assert clean_name("a" * (MAX_NAME - 1) + " b") == "a" * (MAX_NAME - 1)  # no trailing space after the cut
    assert clean("\x1b\x07\x9b") == ""


@given(st.text())
def test_output_has_no_control_or_format_characters(s):
    out = clean(s)
    assert "\x1b" not in out
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in out)
    assert out == out.strip()
    assert len(out) <= 500


@given(st.text())
def test_clean_is_idempotent(s):
    assert clean(clean(s)) == clean(s)
    assert clean_name(clean_name(s)) == clean_name(s)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp")), max_size=400))
def test_visible_text_passes_unchanged(s):
    assert clean(s) == s


def test_counted_labels_are_singular_for_one():
    """Seen on the math screen of a new rep: '1 deals', '0 of 1 deals'."""
    from repdash.core.kinds import counted_label, noun

    assert [counted_label(k, 1) for k in ("call", "pitch", "commit", "deal")] == [
        "1 call",
        "1 pitch",
        "1 verbal commit",
        "1 deal",
    ]
    assert counted_label("commit", 3) == "3 verbal commits" and counted_label("coaching", 1) == "1 coaching"
    assert noun("deal", 1) == "1 deal"
