"""Bad numbers, dates, CSV counts, clock overrides and config values: one line, no traceback,
nothing changed (exit 2 for input, 1 for a damaged config); the JSON we print is strict."""

from __future__ import annotations

import json
import math

import pendulum
import pytest
from cli_checks import assert_one_line_error, bad, cli, damage_config, rep, snapshot  # noqa: F401 - fixtures
from teamfile_data import demo_team, write

from repdash.cli.output import dumps, finite


def strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


# ---- numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("init", "--name", "Ana", "--quota", "nan"),
        ("init", "--name", "Ana", "--quota", "NaN"),
        ("init", "--name", "Ana", "--quota", "inf"),
        ("init", "--name", "Ana", "--quota", "-1"),
        ("init", "--name", "Ana", "--deal-value", "nan"),
        ("init", "--name", "Ana", "--deal-value", "-inf"),
        ("init", "--name", "Ana", "--deal-value", "-5"),
        ("quota", "--quota", "nan"),
        ("quota", "--quota", "infinity"),
        ("quota", "--deal-value", "nan"),
        ("quota", "--deal-value", "inf"),
        ("quota", "--deal-value", "-1"),
    ],
)
def test_numbers_that_are_not_finite_or_in_range_are_refused(rep, bad, args):
    """Seen: `init --quota nan` printed a traceback but saved NaN; `quota --quota nan` exited 0."""
    bad(*args)


def test_strict_json_replaces_what_is_not_finite_by_null():
    data = {"pace": math.inf, "rows": [1.5, -math.inf, {"x": math.nan}], "n": 3, "ok": True, "s": "Infinity"}
    assert finite(data) == {"pace": None, "rows": [1.5, None, {"x": None}], "n": 3, "ok": True, "s": "Infinity"}
    assert strict_json(dumps(data))["pace"] is None


def test_team_json_is_strict_json_whatever_the_team_file_holds(run_cli, tmp_path):
    """Seen: a tiny quota in one rep's entry printed `"pace": Infinity` (not JSON) in `team --json`."""
    data = demo_team()
    first = next(iter(data["reps"]))
    data["reps"][first]["quota"] = 1e-310
    team = write(tmp_path / "team.json", data)
    res = run_cli("team", "--json", env={"REPDASH_TEAM_FILE": str(team)})
    assert res.code == 0, res.err
    assert "Infinity" not in res.out and "NaN" not in res.out
    board = strict_json(res.out)
    assert len(board["reps"]) + board["skipped"] == 9  # the damaged entry is skipped and counted (i14b)


# ---- dates and times -------------------------------------------------------------------


@pytest.mark.parametrize(
    "when, contains",
    [
        ("2026-11-27T10:00+25:00", "not an ISO-8601"),
        ("2026-11-26T10:00-24:30", "not an ISO-8601"),
        ("", "empty"),
        (" ", "empty"),
        ("0001-01-01T10:00", "before 2000"),
        ("1999-12-31T10:00", "before 2000"),
    ],
)
def test_log_at_bad_moments_is_refused(rep, bad, when, contains):
    """Seen: an offset of +25:00 gave a traceback; `--at ""` logged at the current time."""
    bad("log", "call", "--at", when, contains=contains)


def test_undo_of_an_entry_at_an_odd_moment_prints_one_line(rep, cli, home):
    """Seen: an entry at 0001-01-01 (local mean time offset +00:53:28) made `undo` crash after removing it."""
    from repdash.store.local import LocalStore

    store = LocalStore(home)
    store.log(  # as an older repdash let it in (logged "today" as the command sees it)
        "call", at=pendulum.datetime(1, 1, 1, 10, tz="Europe/Berlin"), now=pendulum.parse("2026-11-26T10:30:00+01:00")
    )
    res = cli("undo")
    assert res.out.startswith("Removed 1 call logged for 0001-01-01 10:00"), res.out
    assert LocalStore(home).entries() == []


@pytest.mark.parametrize(
    "now",
    [
        "garbage",
        "2026-11-26T10:00+30:00",
        "9999-12-31T23:00:00+00:00",
        "0001-01-01T00:00:00+00:00",
        "2026-02-30T10:00:00+01:00",
    ],
)
@pytest.mark.parametrize("command", [("status",), ("log", "call")])
def test_a_malformed_clock_override_is_bad_input(rep, bad, now, command):
    bad(*command, now=now, contains="REPDASH_NOW")


@pytest.mark.parametrize("count", ["²", "١", "0" * 5000, "1e3", "-1", "0", "10001", ""])
def test_import_counts_are_ascii_whole_numbers_in_range(rep, bad, tmp_path, count):
    """Seen: a count of `²` (str.isdigit() is true for it) gave a traceback from int()."""
    csv = tmp_path / "in.csv"
    csv.write_text(f"at,kind,count\n2026-11-26T09:00,call,1\n2026-11-26T09:30,call,{count}\n", encoding="utf-8")
    bad("import", str(csv), contains="line 3")


# ---- the config row in repdash.json ----------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("quota", "abc"),
        ("quota", float("nan")),
        ("quota", float("inf")),
        ("quota", -3),
        ("deal_value", True),
        ("tz", 5),
        ("tz", "Mars/Base"),
        ("targets", "x"),
        ("targets", {"call": "x"}),
        ("targets", {"call": -1}),
        ("kinds", 5),
        ("holidays", [5]),
        ("holidays", ["2026-13-01"]),
        ("period", "year"),
        ("name", 5),
        ("manager", "yes"),
        ("keymap", 3),
        ("default_rates", {"pitch_per_call": "a"}),
        ("sync_rev", -1),
    ],
)
@pytest.mark.parametrize("command", [("status", "--json"), ("log", "call"), ("math",), ("quota",), ("undo",)])
def test_a_damaged_config_is_one_line_naming_the_key(rep, cli, bad, home, key, value, command):
    cli("log", "pitch")
    damage_config(home, key, value)
    bad(*command, code=1, contains=f"config key '{key}'")


def test_init_repairs_a_damaged_config_and_keeps_the_rest(rep, cli, run_cli, home):
    rep_id = json.loads((home / "repdash.json").read_text())["config"]["1"]["rep_id"]
    damage_config(home, "targets", "x")
    damage_config(home, "quota", float("nan"))
    res = cli("init", "--name", "Ana Smith")
    assert "Quota: 20 deals per month" in res.out
    config = json.loads((home / "repdash.json").read_text())["config"]["1"]
    assert config["rep_id"] == rep_id and config["targets"]["call"] == 40
    assert run_cli("status").code == 0
