"""Click parameter types shared by the commands."""

from __future__ import annotations

import math

import click


def _plain(n: float | None) -> str:
    """1000000000000.0 -> "1,000,000,000,000": bounds as a person writes them."""
    return "" if n is None else f"{n:,.0f}" if float(n).is_integer() else f"{n:,}"


def _range_words(self) -> str:
    """The range in words (click writes "0<=x<=1000000000000.0" in help and errors)."""
    low, high = self.min, self.max
    above = f"more than {_plain(low)}" if self.min_open else f"at least {_plain(low)}"
    if low is not None and high is not None:
        if not self.min_open and not self.max_open:
            return f"{_plain(low)} to {_plain(high)}"
        return f"{above}, at most {_plain(high)}"
    if low is not None:
        return above
    return f"at most {_plain(high)}"


class WholeNumber(click.IntRange):
    """A whole number in a range, in plain words: "'abc' is not a valid whole number",
    "-3 is not in the range 0 to 100,000", and "[0 to 100,000]" in --help."""

    name = "whole number"
    _describe_range = _range_words


class FiniteFloatRange(click.FloatRange):
    """A FloatRange that also refuses nan: `nan` compares false with every bound, so
    click's range check lets it through (and inf only fails when a bound is finite)."""

    name = "number"
    _describe_range = _range_words

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number
