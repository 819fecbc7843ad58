"""Properties of the sales math core (hypothesis)."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from repdash.core import salesmath as sm
from repdash.core.kinds import FUNNEL
from repdash.core.workdays import PERIODS

TODAY = date(2026, 11, 26)
rate = st.floats(min_value=0.001, max_value=1.0, allow_nan=False)
rate_dicts = st.fixed_dictionaries({n: rate for n in sm.RATE_NAMES})
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
count = st.integers(min_value=0, max_value=5000)


@st.composite
def funnel_day(draw):
    """A consistent day: each stage is at most the stage above it."""
    calls = draw(count)
    pitches = draw(st.integers(0, calls))
    commits = draw(st.integers(0, pitches))
    deals = draw(st.integers(0, commits))
    return {"call": calls, "pitch": pitches, "commit": commits, "deal": deals}


history = st.dictionaries(st.dates(min_value=TODAY - timedelta(days=60), max_value=TODAY), funnel_day(), max_size=40)
any_counts = st.dictionaries(st.sampled_from([*FUNNEL, "coaching"]), st.integers(0, 10**6))
junk = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**9), st.floats(), st.text(max_size=5))


@given(history)
def test_rates_stay_in_unit_interval_for_a_consistent_funnel(daily):
    own = sm.rates(daily, TODAY)
    for v in [*own.values.values(), *own.measured.values()]:
        assert v is None or 0 <= v <= 1


@given(st.integers(0, 500), st.integers(0, 500), st.integers(1, 66), rate_dicts)
def test_needed_never_decreases_when_quota_rises(q1, q2, left, rates):
    lo, hi = sorted((q1, q2))
    a, b = sm.needed_per_day(lo, left, rates), sm.needed_per_day(hi, left, rates)
    assert all(a[k] <= b[k] for k in FUNNEL)


@given(st.integers(1, 500), st.integers(1, 66), rate_dicts)
def test_meeting_what_quota_needs_lands_quota(deals, left, rates):
    needed = sm.needed_per_day(deals, left, rates)
    assert sm.land_with_targets(needed, 0, left, rates) >= deals - 1e-6


@given(funnel_day(), funnel_day(), st.integers(0, 23), st.integers(1, 23), rate_dicts)
def test_projection_is_monotone_in_activity(a, extra, elapsed, total, rates):
    cal = sm.Calendar(date(2026, 11, 1), date(2026, 11, 30), max(total, elapsed), elapsed, 0)
    more = {k: a[k] + extra[k] for k in FUNNEL}
    assert sm.project(more, cal, rates) >= sm.project(a, cal, rates)
    assert sm.project(a, cal, rates) >= a["deal"]


@given(
    st.fixed_dictionaries({k: st.integers(1, 1000) for k in FUNNEL}),
    st.sampled_from(FUNNEL),
    st.integers(1, 50),
    rate_dicts,
)
def test_targets_landing_is_monotone_in_each_target(targets, kind, bump, rates):
    """Raising a target never lowers what the targets land (a stage with no target caps nothing, so
    the property is over stages that all have one: the bottleneck, issue 20)."""
    more = dict(targets, **{kind: targets.get(kind, 0) + bump})
    assert sm.land_with_targets(more, 3, 5, rates) >= sm.land_with_targets(targets, 3, 5, rates)


@settings(max_examples=150)
@given(
    st.dictionaries(days, any_counts, max_size=30),
    days,
    st.fixed_dictionaries(
        {
            "quota": junk,
            "deal_value": junk,
            "period": st.sampled_from(PERIODS),
            "targets": st.dictionaries(st.sampled_from(FUNNEL), st.integers(0, 100_000)),
            "default_rates": st.one_of(st.none(), st.dictionaries(st.sampled_from(sm.RATE_NAMES), junk)),
        }
    ),
    st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {
                "reps": st.lists(
                    st.one_of(
                        junk,
                        st.fixed_dictionaries(
                            {
                                "id": st.text(max_size=3),
                                "rates": st.dictionaries(st.sampled_from(sm.RATE_NAMES), junk),
                                "period": st.dictionaries(st.sampled_from(FUNNEL), junk),
                                "pace": junk,
                            }
                        ),
                    ),
                    max_size=8,
                )
            }
        ),
    ),
    st.frozensets(days, max_size=10),
)
def test_no_exception_and_json_safe_for_any_input(daily, today, config, team, off):
    r = sm.math_report(config, daily, today, off=off, team=team)
    text = json.dumps(r, allow_nan=False)  # no inf, no NaN anywhere
    assert text
    assert all(isinstance(v, int) and v >= 0 for v in r["needed_per_day"].values())
    assert isinstance(r["projected_deals"], int) and r["projected_deals"] >= 0
    assert isinstance(r["quota"], int) and r["quota"] >= 0
    assert all(0 < v <= 1 and math.isfinite(v) for v in r["rates"].values())
    assert r["no_working_days_left"] == (r["working_days_left"] == 0)


def test_a_tiny_deal_value_caps_the_quota_instead_of_overflowing():
    """Hypothesis found it: 1e12 at a deal value of 2.4e-307 is a number no float holds."""
    assert sm.quota_in_deals(1e12, 2.4e-307) == sm.MAX_QUOTA_DEALS
    config = {"quota": 1e12, "deal_value": 2.4e-307, "period": "month", "targets": {}, "default_rates": None}
    r = sm.math_report(config, {}, date(2026, 11, 26))
    assert r["quota"] == sm.MAX_QUOTA_DEALS and json.dumps(r, allow_nan=False)
