"""Issue 26 items 5, 6 and 8: what one rep's home (or a command line) may hold, and what a command does.

Hangs: a FIFO or a /dev/zero link at a file of the home, or given to `import`, is refused in one
line, never waited on. Tracebacks: every stored value is checked and named by its key. Litter:
a failing command writes nothing. Acceptance: each form a command takes is decided and said.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FROZEN_NOW

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero")
TODAY_FILE = Path("days") / "2026" / "2026-11-26.json"


def _run(home: Path, *args: str, timeout: float = 30, env: dict | None = None) -> subprocess.CompletedProcess:
    """A real process with a deadline: a hang fails the test instead of stalling the suite."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
    e.update({"REPDASH_HOME": str(home), "REPDASH_NOW": FROZEN_NOW, "TZ": "Europe/Berlin", "NO_COLOR": "1"})
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "repdash", *args],
        capture_output=True,
        text=True,
        env=e,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def rep_home(run_cli, home) -> Path:
    assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin").code == 0
    assert run_cli("log", "call", "3").code == 0
    assert run_cli("status").code == 0  # writes totals.json
    return home


def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("repdash: ") and "Traceback" not in err, err
    return err


# ---------------------------------------------------------------- item 5: hangs


@pytest.mark.parametrize("name", ["repdash.json", "recent.json", "totals.json", str(TODAY_FILE)])
@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_a_fifo_or_dev_zero_in_the_home_never_hangs_a_command(rep_home, name, what):
    """Seen: a FIFO or a /dev/zero link at these paths hung every command (/dev/zero grew memory without bound)."""
    path = rep_home / name
    path.unlink()
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    for args in (("status",), ("log", "call"), ("undo",)):
        r = _run(rep_home, *args)
        if name in ("recent.json", "totals.json"):  # caches: rebuilt from the day files
            assert r.returncode in (0, 2) and "Traceback" not in r.stderr, (args, r.stderr)
            if args == ("status",):
                assert r.returncode == 0 and "call" in r.stdout
        else:
            assert r.returncode == 1, (args, r.returncode, r.stderr)
            assert str(path) in _one_line(r.stderr) and "not a regular file" in r.stderr


@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
def test_import_of_a_fifo_or_dev_zero_is_refused_at_once(rep_home, tmp_path, what):
    path = tmp_path / "in.csv"
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    r = _run(rep_home, "import", str(path))
    assert r.returncode == 2 and "not a regular file" in _one_line(r.stderr)


def test_an_import_field_over_128_kib_is_one_line(run_cli, rep_home, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('at,kind,count\n2026-11-25T10:00:00+01:00,call,"' + "1" * 200_000 + '"\n')
    r = run_cli("import", str(path))
    assert r.code == 2 and "line 2" in _one_line(r.err) and "nothing imported" in r.err
    path.write_text('"' + "a" * 200_000 + '"\n')
    r = run_cli("import", str(path))
    assert r.code == 2 and "line 1" in _one_line(r.err)


@pytest.mark.parametrize("count", ["²", "٣", "𝟓", "３", "1²"])
def test_log_counts_are_ascii_digits_only(run_cli, rep_home, count):
    """Decided: digits 0-9 only. Seen: `²` was a traceback while `٣` and `𝟓` were counted."""
    r = run_cli("log", "call", count)
    assert r.code == 2 and "digits 0-9" in _one_line(r.err)
    assert "COUNT: a whole number in digits 0-9" in run_cli("log", "--help").out


# ---------------------------------------------------------------- item 5 and 6: stored values


def _damage(home: Path, table: str, **changes) -> None:
    path = home / "repdash.json"
    doc = json.loads(path.read_text())
    row = next(iter(doc[table].values()))
    row.update(changes)
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize(
    "table, key, value",
    [
        ("meta", "schema", "1"),
        ("meta", "schema", None),
        ("meta", "pending_import", {"batch": 1}),
        ("meta", "pending_import", {"batch": "b", "days": ["2026-02-30"]}),
        ("meta", "pending_import", "yes"),
        ("config", "standard", {"call": "x"}),
        ("config", "rep_id", "../../x"),
        ("config", "rep_id", ""),
        ("config", "start_date", "2026-02-30"),
        ("config", "start_date", "0001-01-01"),
        ("config", "deal_value", 0),
        ("config", "off_days", {"a": 1}),
    ],
)
def test_every_stored_value_is_checked_and_named(run_cli, rep_home, table, key, value):
    """Seen: a string schema, a bad pending_import or a cached standard {"call": "x"} was a traceback on every
    command (and the dashboard died); rep_id "../../x" made the rep vanish from the board."""
    _damage(rep_home, table, **{key: value})
    before = {p: p.read_bytes() for p in rep_home.rglob("*") if p.is_file()}
    for args in (("status",), ("log", "call"), ("math",), ()):  # () is the dashboard: it stops before it opens
        r = run_cli(*args)
        assert r.code == 1, (args, r)
        assert f"{key!r} is not valid" in _one_line(r.err), r.err
    assert {p: p.read_bytes() for p in rep_home.rglob("*") if p.is_file()} == before  # nothing written


def test_init_repairs_a_bad_config_value(run_cli, rep_home):
    _damage(rep_home, "config", deal_value=0, start_date="2026-02-30")
    assert run_cli("init", "--name", "Ana").code == 0
    assert run_cli("status").code == 0


# ---------------------------------------------------------------- item 6: a failing command writes nothing


def test_a_failing_undo_writes_nothing(run_cli, rep_home):
    """Seen: `undo` with nothing to undo (exit 2) rewrote recent.json."""
    assert run_cli("undo").code == 0  # the only entry goes
    recent = rep_home / "recent.json"
    recent.write_text('{"stack": {"1": {"items": [["2026-11-26", "gone-id"]]}}}')  # a stale id
    before = recent.read_bytes(), recent.stat().st_mtime_ns
    r = run_cli("undo")
    assert r.code == 2 and "nothing to undo" in r.err
    assert (recent.read_bytes(), recent.stat().st_mtime_ns) == before
    recent.write_text("damaged")
    before = recent.read_bytes(), recent.stat().st_mtime_ns
    assert run_cli("undo").code == 2
    assert (recent.read_bytes(), recent.stat().st_mtime_ns) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="mounts a small tmpfs")
def test_a_full_disk_names_the_file(run_cli, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        home = mount / "home"
        assert run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", home_dir=home).code == 0
        filler = mount / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        r = run_cli("log", "call", home_dir=home)
        assert r.code == 1 and "No space left on device" in _one_line(r.err) and str(home) in r.err, r.err
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# ---------------------------------------------------------------- item 8: what is accepted, decided


@pytest.mark.parametrize("when", ["10:00", "2026-W48", "2026-W48-3", "2026-329", "now", "yesterday", "20261125"])
def test_at_takes_calendar_dates_and_times_only(run_cli, rep_home, when):
    r = run_cli("log", "call", "--at", when)
    assert r.code == 2 and "is not a date or a date-time" in _one_line(r.err)


@pytest.mark.parametrize(
    "when, day",
    [
        ("2026-11-25", "2026-11-25"),
        ("2026-11-25T14:30", "2026-11-25"),
        ("2026-11-25 14:30:15", "2026-11-25"),
        ("2026-11-25T23:30:00Z", "2026-11-26"),
        ("2026-11-25T14:30+01:00", "2026-11-25"),
    ],
)
def test_at_forms_that_are_accepted(run_cli, rep_home, when, day):
    r = run_cli("log", "call", "--at", when)
    assert r.code == 0, r.err
    assert ("today" if day == "2026-11-26" else day) in r.out


def test_a_time_the_clocks_skip_is_refused_not_shifted(run_cli, rep_home):
    """Seen: 02:30 on the spring-forward night was logged at 03:30 with no notice."""
    r = run_cli("log", "call", "--at", "2026-03-29T02:30")
    assert r.code == 2 and "does not exist in Europe/Berlin" in _one_line(r.err)
    assert run_cli("log", "call", "--at", "2026-03-29T02:30+01:00").code == 0  # an offset says which instant
    assert run_cli("log", "call", "--at", "2026-10-25T02:30").code == 0  # clocks going back: the first one
    help_text = run_cli("log", "--help").out
    assert "YYYY-MM-DD" in help_text and "spring forward" in help_text


@pytest.mark.parametrize("pinned", ["2026-11-26", "now", "2026-W48-4T10:30", "2026-330T10:30:00+01:00", "tomorrow"])
def test_repdash_now_takes_a_date_and_time_only(run_cli, rep_home, pinned):
    r = run_cli("status", now=pinned)
    assert r.code == 2 and "REPDASH_NOW" in _one_line(r.err)


def test_repdash_now_without_an_offset_is_utc(run_cli, rep_home):
    """Decided: accepted, read as UTC (as said in `repdash --help`)."""
    a = run_cli("status", "--json", now="2026-11-26T09:30:00")
    b = run_cli("status", "--json", now="2026-11-26T09:30:00Z")
    assert a.code == b.code == 0 and json.loads(a.out) == json.loads(b.out)
    assert "without an offset" in run_cli("--help").out


@pytest.mark.parametrize("start", ["0001-01-01", "1999-12-31", "9999-12-31", "2028-01-01"])
def test_init_start_is_within_2000_and_a_year_ahead(run_cli, home, start):
    r = run_cli("init", "--name", "Ana", "--start", start)
    assert r.code == 2 and "--start" in _one_line(r.err)
    assert not (home / "repdash.json").exists()


def test_init_start_edges_are_accepted(run_cli, home):
    assert run_cli("init", "--name", "Ana", "--start", "2000-01-01").code == 0
    assert run_cli("init", "--name", "Ana", "--start", "2027-11-26").code == 0
    assert "from 2000-01-01 to a year from today" in " ".join(run_cli("init", "--help").out.split())


@pytest.mark.parametrize("rotate", ["nan", "NaN", "inf", "-1", "3601"])
def test_serve_rotate_is_a_finite_number_of_seconds(run_cli, rotate, tmp_path):
    r = run_cli("serve", "--rotate", rotate, env={"REPDASH_TEAM_FILE": str(tmp_path / "team.json")})
    assert r.code == 2 and "--rotate" in _one_line(r.err)


def test_serve_help_says_what_port_0_and_max_boards_do(run_cli):
    out = " ".join(run_cli("serve", "--help").out.split())
    assert "0: any free port; the URL is printed" in out
    assert "--max-boards" in out and "0 to 3600" in out


# ---------------------------------------------------------------- item 5: the dashboard does not die


async def test_the_dashboard_survives_a_fifo_at_todays_file(store, frozen_now):
    """A day file swapped for a FIFO while the dashboard runs: one notification, the app goes on."""
    from repdash.ui.app import RepdashApp

    app = RepdashApp(store, clock=lambda: frozen_now)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        day = store.day_path(store.today(frozen_now))
        day.unlink()
        os.mkfifo(day)
        app.check_day_file()
        await pilot.press("c")  # a key into an unreadable day file
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert sum("not a regular file" in m for m in shown) == 1, shown
        assert app.is_running
        day.unlink()  # the user moves it away: keys count again
        await pilot.press("c")
        await pilot.pause()
        assert store.day_counts(store.today(frozen_now))["call"] == 1
    assert app.return_code in (None, 0)
