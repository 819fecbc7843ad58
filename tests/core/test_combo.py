"""Combo multiplier for bursts, momentum gauge of the last hour."""

from __future__ import annotations

from datetime import timedelta

import pendulum
import pytest

from repdash.core import combo

NOW = pendulum.datetime(2026, 11, 26, 9, 30, tz="UTC")


def ago(*minutes: float):
    return [NOW - timedelta(minutes=m) for m in minutes]


def test_no_activity_no_combo():
    c = combo.combo([], NOW)
    assert c.multiplier == 1 and not c.active and c.label == ""


def test_burst_builds_multiplier():
    assert combo.combo(ago(0), NOW).multiplier == 1
    assert combo.combo(ago(0, 1, 2), NOW).multiplier == 2
    assert combo.combo(ago(0, 1, 2, 3, 4), NOW).multiplier == 3
    c = combo.combo(ago(*range(0, 16, 1)), NOW)
    assert c.multiplier == 5 and c.label == "COMBO ×5"


def test_gap_breaks_the_burst():
    # two then a 10-minute pause then two: only the last two count
    c = combo.combo(ago(0, 1, 11, 12), NOW)
    assert c.hits == 2 and c.multiplier == 1


def test_burst_expires():
    c = combo.combo(ago(5, 6, 7), NOW)
    assert c.hits == 0 and c.multiplier == 1
    alive = combo.combo(ago(1, 2, 3), NOW)
    assert alive.active and alive.expires == NOW - timedelta(minutes=1) + combo.COMBO_GAP


def test_future_and_unsorted_times():
    times = ago(2, 0, 1) + [NOW + timedelta(minutes=5)]
    assert combo.combo(times, NOW).hits == 3


def test_multiplier_steps():
    assert [combo.multiplier_for(n) for n in (0, 2, 3, 5, 8, 12, 100)] == [1, 1, 2, 3, 4, 5, 5]


def test_momentum_counts_last_hour_only():
    m = combo.momentum(ago(1, 2, 30, 59, 61, 120), NOW, pace=8)
    assert m.total == 4
    assert len(m.buckets) == 12 and sum(m.buckets) == 4
    assert m.buckets[-1] == 2  # the newest bucket is last
    assert m.level == pytest.approx(0.5)
    assert m.label == "rolling"


def test_momentum_labels():
    assert combo.momentum([], NOW).label == "cold"
    assert combo.momentum(ago(10), NOW, pace=100).label == "warming up"
    assert combo.momentum(ago(*range(10)), NOW, pace=10).label == "on fire"
    assert combo.momentum(ago(*range(10)), NOW, pace=100).level == pytest.approx(0.1)


def test_momentum_weighs_deeper_kinds():
    calls = combo.momentum([(t, "call") for t in ago(1, 2, 3, 4)], NOW, pace=10)
    deal = combo.momentum([(NOW - timedelta(minutes=1), "deal")], NOW, pace=10)
    assert deal.total > calls.total
    counted = combo.momentum([(NOW - timedelta(minutes=1), "call", 3)], NOW, pace=10)
    assert counted.total == 3


def test_gauge_and_spark():
    m = combo.momentum(ago(1, 2, 3), NOW, pace=6)
    assert m.gauge(10) == "█████░░░░░"
    assert len(m.spark()) == 12


def test_pace_from_targets():
    assert combo.pace_per_hour({"call": 40, "pitch": 8}) == pytest.approx((40 + 16) / 8)
    assert combo.pace_per_hour(None) == 6.0
