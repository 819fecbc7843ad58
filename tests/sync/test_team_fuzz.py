"""One entry never stops the team (issue 14): every field of one rep pushed to its extremes.

The fuzz builds the demo team file, replaces one field of one rep (the victim) with an extreme
value (dates at year 1 and 9999, 0, subnormals, 1e308, NaN and ±Infinity as JSON tokens,
10**100, negatives, wrong types, lone surrogates, 10k-character names), and shows: `sync` and
`team --json` raise nothing, print strict JSON and exit 0; the victim is shown cleaned or
skipped and counted, and written back untouched; every other rep's row is what it was.
"""

from __future__ import annotations

import json
import math
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from teamfile_data import TODAY, demo_team, rid, write

from repdash.cli import cli
from repdash.core.board import build_view
from repdash.core.team import MAX_REV, TeamEntry
from repdash.services import team_sync
from repdash.store.local import LocalStore
from repdash.sync import teamfile

NOW_ISO = "2026-11-26T10:30:00+01:00"
NOW = pendulum.parse(NOW_ISO)
VICTIM = rid(4)  # Chloé Martin: a seller in the middle of the board
# A rep's own line: what must not change when someone else's entry is damaged (rank and tier are
# team-relative and may move when the victim is skipped).
ROW_KEYS = (
    "name",
    "today",
    "week",
    "targets",
    "streak",
    "level",
    "xp",
    "last_sync",
    "hidden",
    "manager",
    "tz",
    "date",
    "stale",
    "rates",
    "pace",
    "today_pct",
    "week_pct",
    "at_standard",
    "coaching",
    "gap",
    "days_below",
)

SURROGATES = ["\ud800Bob", "Bo\udfffb", "\udc00"]
EXTREMES = [
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+00:00",
    "9999-12-31T23:59:59+14:00",
    "1999-12-31",
    0,
    -1,
    5e-324,
    -5e-324,
    1e-310,
    1e308,
    -1e308,
    float("nan"),
    float("inf"),
    float("-inf"),
    10**100,
    -(10**100),
    2**53,
    2**53 + 1,
    2**63,
    True,
    False,
    None,
    "",
    "x",
    [],
    {},
    [1],
    {"call": 10**100},
    "x" * 10_000,
    *SURROGATES,
]
FIELDS = [
    ("rev",),
    ("name",),
    ("date",),
    ("tz",),
    ("last_sync",),
    ("rep_id",),
    ("today",),
    ("today", "call"),
    ("week", "call"),
    ("period",),
    ("period", "deal"),
    ("period_name",),
    ("period_start",),
    ("period_end",),
    ("quota",),
    ("start_date",),
    ("quota_this_period",),
    ("targets",),
    ("targets", "call"),
    ("rates",),
    ("rates", "pitch_per_call"),
    ("streak",),
    ("level",),
    ("xp",),
    ("hidden",),
    ("manager",),
    ("recent",),
    ("recent", "days"),
    ("recent", "days", 0),
    ("recent", "counts", "call"),
    ("recent", "counts", "call", 0),
]
values = (
    st.sampled_from(EXTREMES)
    | st.floats()  # NaN, ±Infinity, subnormals, huge
    | st.integers(-(10**120), 10**120)
    | st.text(st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Lu"]), max_size=12)
)


def _strict(text: str):
    def refuse(token):
        raise AssertionError(f"not strict JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def _meaning(value) -> str:
    """Equal meaning as JSON (NaN equals NaN here; key order does not matter)."""
    return json.dumps(value, sort_keys=True)


def _damaged(path: tuple, value) -> dict:
    team = demo_team()
    target = team["reps"][VICTIM]
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return team


def _rows(view_json: dict) -> dict[str, dict]:
    return {r["rep_id"]: {k: r[k] for k in ROW_KEYS} for r in view_json["reps"]}


@pytest.fixture(scope="module")
def baseline() -> dict[str, dict]:
    from repdash.core.board import team_json

    view = team_sync.view_of(teamfile.parse(json.dumps(demo_team()).encode()), NOW, "Europe/Berlin")
    return _rows(team_json(view))


@pytest.fixture
def rep_home(tmp_path, monkeypatch):
    """A rep (not on the demo team) whose home points at a team file under tmp_path."""
    for name in [k for k in os.environ if k.startswith("REPDASH_")]:
        monkeypatch.delenv(name)
    store = LocalStore(tmp_path / "rep")
    store.init("Me Myself", tz="Europe/Berlin", quota=20, now=NOW, team_file=str(tmp_path / "share" / "team.json"))
    (tmp_path / "share").mkdir()
    return store, tmp_path / "share" / "team.json"


def _check_one_entry_never_stops_the_team(store, team_path: Path, damaged: dict, baseline: dict) -> None:
    content = json.dumps(damaged).encode()  # ensure_ascii: a lone surrogate is a "\ud800" escape, NaN a token
    team_path.write_bytes(content)
    others = [k for k in damaged["reps"] if k != VICTIM]

    # `team --json` (read only): exit 0, strict JSON, the others intact, the victim shown or counted.
    got = CliRunner().invoke(cli, ["team", "--json"], env={"REPDASH_HOME": str(store.home), "REPDASH_NOW": NOW_ISO})
    assert got.exception is None and got.exit_code == 0, got.output
    board = _strict(got.stdout)
    rows = _rows(board)
    assert {k: rows[k] for k in others} == {k: baseline[k] for k in others}
    assert (VICTIM in rows) != (board["skipped"] == 1)
    assert team_path.read_bytes() == content  # read only
    plain = CliRunner().invoke(cli, ["team"], env={"REPDASH_HOME": str(store.home), "REPDASH_NOW": NOW_ISO})
    assert plain.exception is None and plain.exit_code == 0  # the board as text (not a terminal)
    assert ("1 invalid entry skipped." in plain.stdout) == (board["skipped"] == 1)

    # `sync` (in process): publishes, keeps every other entry as it was (the victim too), never raises.
    synced = team_sync.sync_now(store, NOW)
    written = json.loads(team_path.read_bytes().decode("utf-8"))  # strict UTF-8: readable by any client
    me = store.config.rep_id
    assert {k: _meaning(v) for k, v in written["reps"].items() if k != me} == {
        k: _meaning(v) for k, v in damaged["reps"].items()
    }
    view = json.loads(json.dumps(synced.view, allow_nan=False))
    assert me in {r["rep_id"] for r in view["reps"]} and synced.result.rev <= MAX_REV
    from repdash.core.board import team_json

    assert {k: _rows(team_json(view))[k] for k in others} == {k: baseline[k] for k in others}


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(path=st.sampled_from(FIELDS), value=values)
def test_fuzz_one_field_of_one_entry_never_stops_the_team(rep_home, baseline, path, value):
    store, team_path = rep_home
    _check_one_entry_never_stops_the_team(store, team_path, _damaged(path, value), baseline)


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_every_field_at_every_extreme_in_the_model(path):
    """The typed model: each field at each listed extreme validates to a finite, in-range entry or to None."""
    for value in EXTREMES:
        raw = _damaged(path, value)["reps"][VICTIM]
        got = teamfile.validate_entry(VICTIM, raw)
        if got is None:
            continue
        view = build_view([got], None, NOW, viewer_tz="Europe/Berlin")
        json.dumps(view, allow_nan=False)  # finite throughout
        assert len(got.name) <= 60 and "\ud800" not in got.name and view["skipped"] == 0


# ---------------------------------------------------------------- what was seen (issue 14), each one


def test_lone_surrogate_name_syncs_and_round_trips_byte_for_byte(rep_home, run_cli):
    """Seen 1: `"\\ud800Bob"` made every rep's sync fail with UnicodeEncodeError in serialize."""
    store, team_path = rep_home
    damaged = _damaged(("name",), "\ud800Bob")
    write(team_path, damaged)
    r = run_cli("sync", home_dir=store.home)
    assert (r.code, r.err) == (0, ""), r.err
    data = team_path.read_bytes()
    text = data.decode("utf-8")  # still valid UTF-8
    victim_line = next(line for line in text.splitlines() if line.startswith(json.dumps(VICTIM)))
    # The victim's line is exactly its JSON with ASCII escapes: the same string for every reader.
    assert victim_line.rstrip(",") == json.dumps(VICTIM) + ":" + json.dumps(
        damaged["reps"][VICTIM], ensure_ascii=True, separators=(",", ":"), sort_keys=True
    )
    assert json.loads(text)["reps"][VICTIM] == damaged["reps"][VICTIM]
    board = _strict(run_cli("team", "--json", home_dir=store.home).out)
    assert "Bob" in [r["name"] for r in board["reps"]] and board["skipped"] == 0


def test_lone_surrogate_in_a_conflict_copy_does_not_persist_an_outage(rep_home):
    """Seen 1, from a conflict copy: the copy is merged and retired, the sync succeeds."""
    store, team_path = rep_home
    write(team_path, demo_team())
    copy = team_path.with_name("team.sync-conflict-20261126-101500-ABCDEFG.json")
    write(
        copy,
        _damaged(("name",), "\ud800Bob")
        | {"reps": {VICTIM: _damaged(("name",), "\ud800Bob")["reps"][VICTIM] | {"rev": 5}}},
    )
    synced = team_sync.sync_now(store, NOW)
    assert synced.result.merged_copies == 1 and not copy.exists()
    assert json.loads(team_path.read_bytes().decode("utf-8"))["reps"][VICTIM]["name"] == "\ud800Bob"


@pytest.mark.parametrize("field,value", [("date", "9999-12-31"), ("period_end", "9999-12-31"), ("quota", 5e-324)])
def test_an_entry_that_broke_the_board_is_skipped_and_counted(rep_home, run_cli, field, value):
    """Seen 2: OverflowError / ZeroDivisionError in the board for everyone (after sync had written)."""
    store, team_path = rep_home
    damaged = _damaged((field,), value)
    write(team_path, damaged)
    r = run_cli("team", "--json", home_dir=store.home)
    assert (r.code, r.err) == (0, "")
    board = _strict(r.out)
    assert board["skipped"] == 1 and VICTIM not in {row["rep_id"] for row in board["reps"]}
    assert len(board["reps"]) == 8
    r = run_cli("sync", home_dir=store.home)
    assert (r.code, r.err) == (0, "") and "1 entry in the team file failed validation" in r.out
    assert json.loads(team_path.read_bytes())["reps"][VICTIM] == damaged["reps"][VICTIM]


def test_a_huge_revision_never_hides_a_rep_for_good(rep_home):
    """Seen 3: `"rev": 10**100` once went into the local counter, and the rep stayed hidden after a restore."""
    store, team_path = rep_home
    write(team_path, demo_team())
    me = store.config.rep_id
    first = team_sync.sync_now(store, NOW)
    good = json.loads(team_path.read_bytes())
    poisoned = json.loads(team_path.read_bytes())
    poisoned["reps"][me]["rev"] = 10**100
    write(team_path, poisoned)
    second = team_sync.sync_now(store, NOW)
    assert me in second.result.doc.valid and second.result.rev <= MAX_REV
    assert store.config.sync_rev == second.result.rev
    write(team_path, good)  # the file restored from a backup
    third = team_sync.sync_now(store, NOW)
    assert me in third.result.doc.valid and third.result.rev > first.result.rev


def test_a_local_counter_poisoned_by_an_older_version_recovers(rep_home):
    """Seen 3, the other half: a `sync_rev` of 10**100 + 1 already in the store."""
    store, team_path = rep_home
    write(team_path, demo_team())
    store.update_config(sync_rev=10**100 + 1)
    synced = team_sync.sync_now(store, NOW)
    assert store.config.rep_id in synced.result.doc.valid
    assert store.config.sync_rev == synced.result.rev == 1


def test_pace_is_never_infinity_in_team_json(rep_home):
    """Seen 5: a tiny quota made `team --json` print `"pace": Infinity` (not JSON)."""
    store, team_path = rep_home
    write(team_path, _damaged(("quota",), 1e-310))
    got = CliRunner().invoke(cli, ["team", "--json"], env={"REPDASH_HOME": str(store.home), "REPDASH_NOW": NOW_ISO})
    assert got.exit_code == 0 and "Infinity" not in got.stdout
    board = _strict(got.stdout)
    assert all(r["pace"] is None or math.isfinite(r["pace"]) for r in board["reps"])
    assert board["skipped"] == 1


def test_the_board_skips_an_entry_it_cannot_compute():
    """Past validation (an entry built in code): one rep's overflow is a skipped entry, not a dead board."""
    good = teamfile.validate_entry(rid(1), demo_team()["reps"][rid(1)])
    bad = TeamEntry(
        rep_id=rid(2),
        name="Ben",
        date=TODAY.replace(year=9999, month=12, day=31),
        tz="Europe/Berlin",
        today={"call": 1},
        week={"call": 1},
        targets={"call": 40},
        last_sync=NOW_ISO,
    )
    view = build_view([good, bad], None, NOW, viewer_tz="Europe/Berlin")
    assert [r["rep_id"] for r in view["reps"]] == [rid(1)] and view["skipped"] == 1


# ---------------------------------------------------------------- the TUI never dies of team data


async def _settle(pilot):
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize(
    "path,value",
    [
        (("name",), "\ud800Bob"),
        (("date",), "9999-12-31"),
        (("quota",), 5e-324),
        (("period_end",), "9999-12-31"),
        (("name",), "x" * 10_000),
        (("rev",), 10**100),
    ],
    ids=["surrogate-name", "date-9999", "quota-subnormal", "period_end-9999", "name-10k", "rev-1e100"],
)
async def test_board_shows_everyone_else_whatever_one_entry_holds(rep_home, path, value):
    from textual.widgets import DataTable, Static

    from repdash.ui.team_app import TeamApp

    store, team_path = rep_home
    write(team_path, _damaged(path, value))
    app = TeamApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        table = app.screen.query_one("#standings-table", DataTable)
        shown = {key.value for key in table.rows}
        assert {k for k in demo_team()["reps"] if k != VICTIM} <= shown
        foot = str(app.screen.query_one("#team-foot", Static).render())
        assert ("1 invalid entry skipped" in foot) == (VICTIM not in shown)
        assert not app.screen.query_one("#team-banner", Static).has_class("show")
    assert app.return_code in (None, 0)


async def test_board_names_an_unexpected_error_instead_of_dying(rep_home, monkeypatch):
    """The read worker's unexpected error is a banner that says what happened (it used to read "Offline")."""
    from textual.widgets import Static

    from repdash.ui.team_app import TeamApp

    store, team_path = rep_home
    write(team_path, demo_team())

    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(team_sync, "team_view", broken)
    app = TeamApp(store, clock=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        banner = app.screen.query_one("#team-banner", Static)
        assert banner.has_class("show")
        assert "The team board could not be built (ZeroDivisionError: float division by zero)" in str(banner.render())
        assert "Offline" not in str(banner.render())
    assert app.return_code in (None, 0)


async def test_dashboard_sync_worker_names_an_unexpected_error(rep_home, monkeypatch):
    from repdash.ui.app import RepdashApp

    store, team_path = rep_home
    write(team_path, demo_team())

    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OverflowError(f"date value out of range ({len(calls)})")

    monkeypatch.setattr(team_sync, "sync_now", broken)
    app = RepdashApp(store, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert app.sync.status_text() == "⚠ sync failed (OverflowError: date value out of range (1)), not synced yet"
        await pilot.press("c")  # still logging
        assert store.day_counts(store.today(NOW))["call"] == 1
        await pilot.press("g", "s")  # on the team board, the next failure is a banner that names it
        await _settle(pilot)
        banner = str(app.screen.query_one("#team-banner").render())
        assert banner.startswith("⚠ Sync failed (OverflowError: date value out of range (2))"), banner
    assert app.return_code in (None, 0)


# ---------------------------------------------------------------- a crashed TUI exits 1 (real terminal)

CRASH = {
    "team": (
        "import repdash.ui.screens.team as m\n"
        "def boom(self, view): raise ZeroDivisionError('injected')\n"
        "m.TeamScreen.render_view = boom\n",
        ["team"],
        "the team board stopped",
    ),
    "dashboard": (
        "import repdash.ui.app as m\n"
        "def boom(self): raise ZeroDivisionError('injected')\n"
        "m.RepdashApp.on_mount = boom\n",
        [],
        "the dashboard stopped",
    ),
}


def _run_in_terminal(code: str, env: dict, timeout: float = 60) -> tuple[int, str]:
    """Run python code on a pseudo-terminal (the TUI starts only on one); its exit status and output."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: the process is gone
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=10), out.decode(errors="replace")
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("which", list(CRASH))
def test_a_crashed_tui_exits_1(rep_home, which):
    """A Textual app that died of an exception used to return normally: `repdash team` exited 0."""
    store, team_path = rep_home
    write(team_path, demo_team())
    patch, args, message = CRASH[which]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    env.update(TERM="xterm-256color", REPDASH_HOME=str(store.home), REPDASH_NOW=NOW_ISO)
    code, out = _run_in_terminal(patch + f"from repdash.cli import main\nmain({args!r})\n", env)
    assert code == 1, out[-2000:]
    assert "ZeroDivisionError" in out and f"repdash: {message} on an unexpected error" in out


# ---------------------------------------------------------------- depth and size (issue 26, item 2)

# JSON text put in place of one field of the victim: nesting past every limit (Python's reader and
# writer recurse; orjson stops at 1,024) and integers past Python's 4,300-digit conversion limit.
HOSTILE = {
    "list-17": b"[" * 17 + b"1" + b"]" * 17,
    "list-990": b"[" * 990 + b"]" * 990,
    "list-1500": b"[" * 1500 + b"]" * 1500,
    "list-2500": b"[" * 2500 + b"]" * 2500,
    "list-20000": b"[" * 20000 + b"]" * 20000,
    "object-1200": b'{"a":' * 1200 + b"1" + b"}" * 1200,
    "object-3000": b'{"a":' * 3000 + b"null" + b"}" * 3000,
    "int-321": b"9" * 321,
    "int-4301": b"1" * 4301,
    "int-neg-20000": b"-" + b"7" * 20000,
    "int-in-list-5000": b"[1,2," + b"3" * 5000 + b"]",
}
HOSTILE_FIELDS = [("name",), ("today", "call"), ("recent", "counts", "call", 0), ("x_newer_field",)]
PLACEHOLDER = "@@hostile@@"


def _hostile_bytes(path: tuple, text: bytes, layout: str) -> bytes:
    team = _damaged(path, PLACEHOLDER)
    if layout == "serialized":  # one rep per line, as every client writes it (read a few dozen lines at a time)
        data = teamfile.serialize(teamfile.parse(json.dumps(team).encode()))
    else:
        data = json.dumps(team).encode()
    assert data.count(json.dumps(PLACEHOLDER).encode()) == 1
    return data.replace(json.dumps(PLACEHOLDER).encode(), text)


@pytest.mark.parametrize("layout", ["one-line", "serialized"])
@pytest.mark.parametrize("path", HOSTILE_FIELDS, ids=lambda p: ".".join(map(str, p)))
@pytest.mark.parametrize("mutation", list(HOSTILE))
def test_depth_and_size_of_one_entry_never_stop_the_team(rep_home, baseline, mutation, path, layout):
    """Seen: ~1,000-2,000 levels made every sync die of RecursionError in serialize; deeper, or one integer
    over 4,300 digits, made the whole file "not valid JSON" for everyone. Now only that entry is skipped
    (counted), not written back, and everyone else reads and publishes."""
    store, team_path = rep_home
    content = _hostile_bytes(path, HOSTILE[mutation], layout)
    team_path.write_bytes(content)
    others = [k for k in demo_team()["reps"] if k != VICTIM]
    env = {"REPDASH_HOME": str(store.home), "REPDASH_NOW": NOW_ISO}

    got = CliRunner().invoke(cli, ["team", "--json"], env=env)
    assert got.exception is None and got.exit_code == 0, got.output
    board = _strict(got.stdout)
    rows = _rows(board)
    assert {k: rows[k] for k in others} == {k: baseline[k] for k in others}
    assert VICTIM not in rows and board["skipped"] == 1
    assert team_path.read_bytes() == content  # read only

    synced = team_sync.sync_now(store, NOW)  # publishes; never raises
    written = json.loads(team_path.read_bytes().decode("utf-8"))
    assert VICTIM not in written["reps"]  # not written back: no reader pays for it again
    assert {k: _meaning(written["reps"][k]) for k in others} == {
        k: _meaning(v) for k, v in demo_team()["reps"].items() if k != VICTIM
    }
    assert store.config.rep_id in written["reps"] and synced.view["skipped"] == 1
    again = CliRunner().invoke(cli, ["team", "--json"], env=env)
    assert again.exit_code == 0 and _strict(again.stdout)["skipped"] == 0


@pytest.mark.parametrize("mutation", ["list-1500", "list-20000", "int-4301"])
@pytest.mark.parametrize("where", ["standard", "x_head_field"])
def test_depth_and_size_in_the_head_never_stop_the_team(rep_home, baseline, mutation, where):
    """The standard or an unknown head field past the bounds: dropped and counted; the reps all read."""
    store, team_path = rep_home
    team = demo_team() | {where: PLACEHOLDER}
    team_path.write_bytes(json.dumps(team).encode().replace(json.dumps(PLACEHOLDER).encode(), HOSTILE[mutation]))
    got = CliRunner().invoke(cli, ["team", "--json"], env={"REPDASH_HOME": str(store.home), "REPDASH_NOW": NOW_ISO})
    assert got.exception is None and got.exit_code == 0, got.output
    board = _strict(got.stdout)
    assert set(_rows(board)) == set(baseline) and board["skipped"] == 1
    team_sync.sync_now(store, NOW)
    assert where not in json.loads(team_path.read_bytes()) or json.loads(team_path.read_bytes())[where] is None


@pytest.mark.parametrize("depth", [900, 1000, 3000])
def test_a_deep_version_is_a_clean_refusal(rep_home, run_cli, depth):
    """Seen: `"version"` holding a 1,000-deep array crashed `team --json` in repr."""
    store, team_path = rep_home
    team = demo_team() | {"version": PLACEHOLDER}
    team_path.write_bytes(
        json.dumps(team).encode().replace(json.dumps(PLACEHOLDER).encode(), b"[" * depth + b"]" * depth)
    )
    r = run_cli("team", "--json", home_dir=store.home)
    assert r.code == 1 and "Traceback" not in r.err and r.err.count("\n") == 1, r.err
    assert "version" in r.err or "not valid JSON" in r.err
