"""`repdash digest`: last week per rep from the cached team view, as text, markdown and HTML.

The team is a team file written for the test (Monday 30 November 2026, so last week is 2026-W48),
read into a manager's home the way the dashboard and `repdash team` cache it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pendulum
import pytest
from teamfile_data import doc, entry

from repdash.services import digest as dg
from repdash.services import digest_render as render
from repdash.store.local import LocalStore

MONDAY = "2026-11-30T10:30:00+01:00"
HOSTILE = "<b>Eve</b> | *star* [x](javascript:alert(1)) \x1b[31m"
MET = {"call": 45, "pitch": 9, "commit": 3, "deal": 1}
BELOW = {"call": 30, "pitch": 5, "commit": 1, "deal": 0}
PNG_DIR = Path(os.environ.get("REPDASH_DIGEST_PNG_DIR", "/work/wt/nudge-pngs"))


def rep(n: int, name: str, pattern: str, **kwargs) -> dict:
    """A rep whose last 20 working days (oldest first, today last) follow `pattern` of M(et)/B(elow)/-(none)."""
    e = entry(n, name, dict(MET), day=pendulum.parse(MONDAY).date(), **kwargs)
    days = ("-" * 20 + pattern)[-20:]
    pick = {"M": MET, "B": BELOW, "-": dict.fromkeys(MET, 0)}
    e["recent"]["counts"] = {k: [pick[c][k] for c in days] for k in MET}
    e["today"] = dict.fromkeys(MET, 0)
    e["week"] = dict.fromkeys(MET, 0)
    return e


def team_doc() -> dict:
    # Each pattern: ... the week before (5), last week (5), today (Monday).
    late = rep(4, "Cy Newman", "--MMM" + "-", deals=1)
    late.update(start_date="2026-11-25", quota_this_period=4)
    return doc(
        [
            rep(1, "Ana Smith", "MMMMM" + "MMMMM" + "-", deals=14),
            rep(2, "Ben Carter", "MMMMB" + "BMBBB" + "-", deals=3),
            rep(3, HOSTILE, "MBMBM" + "MMBBM" + "-", deals=9),
            late,
            rep(99, "Maria Chen", "MMMMM" + "MMMMM" + "-", manager=True),
        ]
    )


def manager_home(root: Path, manager: bool = True) -> Path:
    from repdash.services.team_sync import team_view

    team = root / "team.json"
    team.write_text(json.dumps(team_doc()))
    home = root / ("mgr" if manager else "rep")
    store = LocalStore(home)
    now = pendulum.parse(MONDAY)
    store.init(
        "Maria Chen" if manager else "Dee Rep", tz="Europe/Berlin", team_file=str(team), manager=manager, now=now
    )
    team_view(store, now)  # read and cached, as the dashboard's watch and `repdash team` do
    return home


@pytest.fixture
def mgr(tmp_path) -> Path:
    return manager_home(tmp_path)


def test_the_markdown_digest(mgr, run_cli, snapshot):
    res = run_cli("digest", "--format", "markdown", now=MONDAY, home_dir=mgr)
    assert res.code == 0 and res.err == ""
    assert res.out == snapshot


def test_last_week_per_rep_with_the_week_before_deals_and_who_needs_a_1on1(mgr):
    d = dg.weekly_digest(LocalStore(mgr), pendulum.parse(MONDAY).date())
    assert (d["week"], d["start"], d["end"], d["as_of"]) == ("2026-W48", "2026-11-23", "2026-11-27", "2026-11-30")
    by_name = {r["name"]: r for r in d["reps"]}
    assert "Maria Chen" not in by_name  # managers are measured on 1:1s and coaching, not here
    ana, ben, cy = by_name["Ana Smith"], by_name["Ben Carter"], by_name["Cy Newman"]
    assert (ana["at_standard"], ana["known"], ana["trend"], ana["one_on_one"]) == (5, 5, "same", [])
    assert (ben["at_standard"], ben["before_at_standard"], ben["trend"]) == (1, 4, "down")
    assert ben["one_on_one"][:2] == ["at standard 1 of 5 days", "down from 4 of 5 days"]
    assert (cy["at_standard"], cy["known"], cy["trend"], cy["quota"], cy["deals"]) == (3, 3, "new", 4, 1)
    assert d["team_days_pct"] == round(100 * (5 + 1 + 3 + 3) / (5 + 5 + 5 + 3), 1)
    assert d["contests"] == []


def test_untrusted_names_stay_literal_in_every_format(mgr):
    d = dg.weekly_digest(LocalStore(mgr), pendulum.parse(MONDAY).date())
    text, md, page = (render.RENDER[f](d) for f in ("text", "markdown", "html"))
    assert "\x1b" not in text + md + page
    assert "<b>Eve</b> | *star* [x](javascript:alert(1))" in text
    assert r"\<b\>Eve\<\/b\> \| \*star\* \[x\]\(javascript\:alert\(1\)\)" in md
    for line in md.splitlines():
        if line.startswith("| "):  # every table row keeps its five cells: no name adds a column
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line
    assert "<b>Eve" not in page and "&lt;b&gt;Eve&lt;/b&gt; | *star* [x](javascript:alert(1))" in page


def test_a_reps_own_digest_has_no_1on1_column(tmp_path, run_cli):
    home = manager_home(tmp_path, manager=False)
    res = run_cli("digest", now=MONDAY, home_dir=home)
    assert res.code == 0, res.err
    assert "1:1" not in res.out and "talk about" not in res.out and "Ben Carter" in res.out


def test_an_explicit_week_and_the_default_agree(mgr, run_cli):
    default = run_cli("digest", now=MONDAY, home_dir=mgr)
    explicit = run_cli("digest", "--week", "2026-w48", now=MONDAY, home_dir=mgr)
    assert default.code == explicit.code == 0 and default.out == explicit.out
    assert default.out.startswith("repdash weekly digest · 2026-W48\n")
    # The week before is known too (as far as the cache's 10 days reach), and has its own week before.
    before = run_cli("digest", "--week", "2026-W47", now=MONDAY, home_dir=mgr)
    assert before.code == 0 and "2026-11-16 to 2026-11-20" in before.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "48"], "--week '48' is not an ISO week"),
        (["--week", "2026-W54"], "--week '2026-W54' is not an ISO week"),
        (["--week", "2026-W40"], "knows nothing of 2026-W40"),
        (["--format", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(mgr, run_cli, args, message):
    res = run_cli("digest", *args, now=MONDAY, home_dir=mgr)
    assert res.code == 2 and res.out == ""
    assert message in res.err and len(res.err.strip().splitlines()) == 1, res.err


def test_without_a_cached_team_view_it_says_to_sync(home, run_cli):
    LocalStore(home).init("Maria Chen", tz="Europe/Berlin", manager=True, now=pendulum.parse(MONDAY))
    res = run_cli("digest", now=MONDAY)
    assert res.code == 2 and "run `repdash sync`" in res.err


def test_a_real_process_prints_the_html_digest(mgr, run_cli_process):
    res = run_cli_process("digest", "--format", "html", now=MONDAY, home_dir=mgr)
    assert res.code == 0 and res.err == ""
    assert res.out.startswith("<!DOCTYPE html>") and "&lt;b&gt;Eve" in res.out
    bad = run_cli_process("digest", "--week", "soon", now=MONDAY, home_dir=mgr)
    assert bad.code == 2 and bad.out == "" and bad.err.count("\n") == 1 and "Traceback" not in bad.err


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_html_digest_in_chromium(mgr, run_cli, tmp_path):
    """Rendered by a real browser: one table row per rep, the hostile name as text (no <b>
    element, no link), and a screenshot to look at."""
    from chromium import FLAGS
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "digest.html"
    page_file.write_text(run_cli("digest", "--format", "html", now=MONDAY, home_dir=mgr).out)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 420})
            page.goto(page_file.as_uri())
            assert page.locator("tbody tr").count() == 4
            assert page.locator("td b, td a").count() == 0
            cell = page.locator("tbody tr td:first-child").all_inner_texts()
            assert "<b>Eve</b> | *star* [x](javascript:alert(1))" in cell
            assert page.locator("tr.needs").count() == 3  # Ben, Cy and the hostile name: deals behind pace
            PNG_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(PNG_DIR / "digest.png"), full_page=True)
        finally:
            browser.close()
    assert (PNG_DIR / "digest.png").stat().st_size > 5000
