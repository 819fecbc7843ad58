"""Shared fixtures: a fresh home per test, a pinned clock, and the command runners (in-process and a real process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, settings

# Property tests check rules, not speed: on a machine shared by other work one example can take
# longer than hypothesis's 200 ms deadline, which fails a correct rule (DeadlineExceeded).
settings.register_profile("repdash", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("repdash")

# Thursday 26 November 2026, 10:30 in Berlin: a working day mid-period.
FROZEN_NOW = "2026-11-26T10:30:00+01:00"
FROZEN_TZ = "Europe/Berlin"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


def _cli_env(home: Path, now: str | None, env: dict | None) -> dict[str, str]:
    """What a command sees: none of the host's REPDASH_* settings, the test's home, Berlin, no colour."""
    e = {"REPDASH_HOME": str(home), "TZ": FROZEN_TZ, "NO_COLOR": "1"}
    if now:
        e["REPDASH_NOW"] = now
    e.update(env or {})
    return e


@pytest.fixture
def run_cli(home: Path, tmp_path: Path, monkeypatch):
    """Run `repdash ARGS` in this process through the real entry point (`repdash.cli.main`: exit
    codes, one-line errors), with click's CliRunner swapping stdin/stdout/stderr. The environment
    is the command's alone (every REPDASH_* of the host dropped, restored afterwards), the working
    folder is tmp_path, and REPDASH_NOW pins the clock (read on every `clock.now()`, nothing cached).
    An exception escaping `main` fails the test with its traceback, as a crash should."""
    from click.testing import CliRunner

    from repdash.cli import main

    def run(
        *args: str,
        now: str | None = FROZEN_NOW,
        env: dict | None = None,
        stdin: str | None = None,
        home_dir: Path | None = None,
    ) -> Result:
        overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith("REPDASH_")}
        overrides.update(_cli_env(home_dir or home, now, env))
        code = 0
        with monkeypatch.context() as m:
            m.chdir(tmp_path)
            with CliRunner().isolation(input=stdin, env=overrides) as (out, err, _):
                time.tzset()
                try:
                    main(list(args))
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
            time.tzset()
        return Result(code, out.getvalue().decode(), err.getvalue().decode())

    return run


@pytest.fixture
def run_cli_process(home: Path, tmp_path: Path):
    """Run `python -m repdash ARGS` in a process of its own, as a user would (REPDASH_NOW pins the
    clock): for what only a real process shows (start-up, signals, libfaketime, concurrency)."""

    def run(
        *args: str,
        now: str | None = FROZEN_NOW,
        env: dict | None = None,
        stdin: str | None = None,
        home_dir: Path | None = None,
    ) -> Result:
        e = {k: v for k, v in os.environ.items() if not k.startswith("REPDASH_")}
        e.update(_cli_env(home_dir or home, now, env))
        proc = subprocess.run(
            [sys.executable, "-m", "repdash", *args],
            capture_output=True,
            text=True,
            env=e,
            input=stdin,
            timeout=120,
            cwd=tmp_path,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def frozen_now() -> pendulum.DateTime:
    return pendulum.parse(FROZEN_NOW)


@pytest.fixture
def store(home: Path, frozen_now):
    """An initialised store in Berlin with default targets, of a rep here since October
    (no prorated quota: tests of a new rep's first period set their own start date)."""
    from datetime import date

    from repdash.store.local import LocalStore

    s = LocalStore(home)
    s.init("Ana Smith", tz=FROZEN_TZ, quota=20, now=frozen_now, start_date=date(2026, 10, 1))
    return s


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory, monkeypatch):
    """A director's org cache (sync/orgcache.py, the platform's user cache folder) goes to a folder
    of the test's own, never the user's (commands drop REPDASH_*; XDG_CACHE_HOME reaches them)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(autouse=True)
def _no_background_achievement_checks(monkeypatch):
    """Snapshots must not race a timer: tests call app.check_achievements() when they want it."""
    from repdash.ui.app import RepdashApp

    monkeypatch.setattr(RepdashApp, "ACHIEVEMENT_DELAY", (3600.0, 3600.0))


@pytest.fixture(autouse=True)
def _screens_hold_still(monkeypatch):
    """What a snapshot shows must not depend on how long a loaded machine takes to reach it:
    a celebration banner stays up (it would leave after 3.5 s, a quiet one after 2.5 s) and an
    input's cursor does not blink (hidden every other 0.5 s). Tests of the banner's queue drive it
    by hand (`_next`), so nothing they check waits on the hold."""
    from textual.widgets import Input

    from repdash.ui.widgets.celebration import Celebration

    monkeypatch.setattr(Celebration, "HOLD", 3600.0)
    monkeypatch.setattr(Celebration, "QUIET_HOLD", 3600.0)
    mount = Input._on_mount

    def mount_without_blink(self, event):
        self.cursor_blink = False  # Input's own setting: the cursor stays shown
        return mount(self, event)

    monkeypatch.setattr(Input, "_on_mount", mount_without_blink)


# ---------------------------------------------------------------- a real S3 endpoint on loopback


@pytest.fixture(scope="session")
def s3_server():
    """moto's server on 127.0.0.1 (a free port), one per test process; see tests/support/s3server.py."""
    from s3server import S3Server

    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def s3(s3_server, monkeypatch):
    """An empty bucket and the AWS_* environment a rep would export for it (nothing else from the host)."""
    from s3server import AWS_VARS

    s3_server.reset()
    for name in AWS_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in s3_server.env().items():
        monkeypatch.setenv(name, value)
    return s3_server


# ---------------------------------------------------------------- Azure Blob on loopback, and either store


@pytest.fixture(scope="session")
def azurite_server():
    """Azurite on 127.0.0.1 (a free port), in memory, one per test process; see tests/support/azurite.py."""
    from azurite import AzuriteServer
    from objstores import need

    need("az")
    server = AzuriteServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def gcs_server():
    """fake-gcs-server on 127.0.0.1 (a free port), in memory, one per test process; see tests/support/gcs.py."""
    from gcs import GCSServer

    server = GCSServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["s3", "az"])
def bucket(request, monkeypatch):
    """An empty bucket on S3 (moto) or container on Azure Blob (Azurite), and the environment a rep
    would export for it (nothing else from the host): for the tests whose behaviour is the same on
    every object store. `bucket.url()` is the team file's URL; see tests/support/objstores.py."""
    from objstores import prepared

    return prepared(request, monkeypatch, request.param)


# ---------------------------------------------------------------- test tiers: `make test-fast` skips what is slow
#
# `make test` runs everything; `make test-fast` runs `-m "not slow"` (the inner loop, ≤ 30 s on 2 cores).
# "Slow" is marked here, in one list, rather than test by test: a test is slow when it takes about half a
# second or more on 2 cores (measured: `pytest -n 2 --durations=0`), which is what starting processes,
# servers, a real terminal or Textual's pilot costs. Every snapshot test is slow (it renders the app to SVG),
# and so is every test of the files below. tests/system/test_tiers.py checks that each name here is a real test.
# A test may also carry `@pytest.mark.slow` itself.

SLOW_FILES = {
    # real processes, signals, terminals, accounts, wheels and browsers
    "test_cli_process.py",
    "test_demo.py",
    "test_faketime.py",
    "test_idle.py",
    "test_kill.py",
    "test_kill_sweep.py",
    "test_serve.py",
    "test_serve_browser.py",
    "test_served_board.py",
    "test_shared_folder.py",
    "test_sync_concurrency.py",
    # a team location driven by `repdash` processes, on a folder, S3 (moto) and Azure (Azurite)
    "test_team_layout.py",
    "test_team_layout_concurrency.py",
    "test_org_cache.py",  # moto, Azurite and `repdash org` processes
    "test_wheel.py",
    # the dashboard driven by Textual's pilot, key by key (about a second a test)
    "test_board_drive.py",
    "test_s3_tui.py",
    # the dashboard in a real pseudo-terminal (and tmux) to read the notices' raw bytes
    "test_notify_pty.py",
    # `repdash serve` with its limits: floods, 20 tabs, a killed server
    "test_serve_limits.py",
    "test_serve_layout.py",
    # real processes and pilots of this session's issues (#25, #26, #27, #20)
    "test_nudge_ui.py",
    "test_hostile_home.py",
    "test_cli_papercuts27.py",
    "test_tui_papercuts27.py",
    "test_accept_proposal.py",
    "test_digest.py",
}

SLOW_TESTS = {
    # and, in every file, what takes about half a second or more on 2 cores (pytest --durations=25)
    "test_app.py": {
        "test_a_manager_logs_their_own_kinds_with_keys",
        "test_command_palette_offers_dashboard_actions_and_keeps_defaults",
        "test_each_key_is_on_disk_before_the_screen_shows_it",
        "test_onboarding_creates_the_rep",
        "test_theme_chosen_in_the_palette_is_remembered",
    },
    # issue 23: a contest's life through the CLI on a folder and moto's S3 (~1-2 s each), and processes
    "test_contests_cli.py": {
        "test_a_managers_sync_freezes_once_and_freezing_again_writes_nothing",
        "test_a_repeating_contest_freezes_each_finished_day_into_its_history",
        "test_as_real_processes",
        "test_bad_input_is_one_line_and_changes_nothing",
        "test_cancel_is_shown_to_everyone_and_decline_drops_a_proposal",
        "test_propose_accept_run_end_and_the_frozen_result_on_three_homes",
        "test_team_against_team_and_points",
    },
    "test_contests_data.py": {"test_any_record_shape_is_read_or_dropped_never_raised"},
    "test_crm_cli.py": {
        "test_crm_map_and_watch_in_real_processes",
        "test_import_json_in_a_real_process",
    },
    "test_import_hygiene.py": {
        "test_core_store_summary_and_cli_modules_do_not_import_textual",
        "test_the_dashboard_alone_starts_without_click",
        "test_the_log_command_line_does_not_import_textual",
    },
    "test_objstore.py": {
        "test_a_hung_endpoint_times_out_in_a_few_seconds",
        "test_concurrent_processes_lose_no_entry",
        "test_endpoint_stopped_mid_run_fails_fast_with_one_line",
        "test_no_secret_in_any_error",
        "test_the_server_enforces_both_conditional_puts",
    },
    "test_onboarding.py": {
        "test_a_pasted_row_fills_the_fields_in_order",
        "test_deals_already_closed_are_backfilled_and_mean_a_full_quota",
        "test_onboarding_mid_month_says_the_quota_is_prorated",
    },
    "test_org.py": {
        "test_org_drill_down_and_back",
        "test_org_json_as_a_process",
        "test_org_on_object_storage",
        "test_org_text_and_bad_location",
    },
    "test_papercuts.py": {
        "test_closing_the_terminal_right_after_start_leaves_no_process",
        "test_entries_logged_from_the_cli_appear_within_seconds",
        "test_math_funnel_bars_are_centred_under_the_arrows",
        "test_the_generic_theme_picker_is_remembered",
        "test_undoing_the_deal_takes_full_funnel_back",
    },
    "test_portable.py": {
        "test_a_held_lock_makes_another_process_wait_until_it_is_released",
        "test_concurrent_writers_on_the_portable_lock_lose_no_entry",
        "test_no_module_but_portable_makes_a_platform_specific_call",
        "test_pause_really_waits_under_a_truly_frozen_clock",
        "test_reps_syncing_at_once_under_a_truly_frozen_clock_all_land",
        "test_writers_finish_and_lose_nothing_under_a_truly_frozen_clock",
    },
    "test_s3_cli.py": {
        "test_a_bad_object_is_left_byte_for_byte_with_exit_1_and_one_line",
        "test_concurrent_reps_logging_and_syncing_lose_nothing",
        "test_logging_never_touches_the_network",
        "test_the_endpoint_stopped_mid_run",
    },
    "test_s3_messages.py": {
        "test_a_non_2xx_answer_is_named_not_timed_out",
        "test_https_to_a_plain_http_endpoint_is_a_tls_mismatch",
    },
    "test_standings.py": {"test_undo_import_as_a_real_process"},
    "test_start_date.py": {"test_the_math_screen_says_the_quota_is_prorated"},
    "test_startup.py": {"test_first_frame_imports_neither_pendulum_nor_tinydb"},
    "test_store.py": {
        "test_a_corrupt_day_file_fails_cleanly_on_the_command_line",
        "test_concurrent_writers_lose_no_entry",
        "test_undo_stack_is_bounded",
    },
    "test_sync_tui.py": {"test_dashboard_publishes_and_goes_offline"},
    "test_team_cli.py": {"test_bad_team_files_exit_1_and_stay_untouched"},
    "test_team_fuzz.py": {
        "test_a_crashed_tui_exits_1",
        "test_board_names_an_unexpected_error_instead_of_dying",
        "test_board_shows_everyone_else_whatever_one_entry_holds",
        "test_dashboard_sync_worker_names_an_unexpected_error",
        "test_fuzz_one_field_of_one_entry_never_stops_the_team",
    },
    "test_team_layout_rules.py": {"test_the_first_frame_on_a_team_location_loads_no_crypto"},
    "test_teamfile.py": {
        "test_any_edit_of_a_file_reads_as_json_loads_reads_it",
        "test_fuzz_any_json_value",
        "test_fuzz_arbitrary_bytes",
        "test_fuzz_arbitrary_json",
    },
}


def is_slow(file_name: str, test_name: str, fixtures: tuple[str, ...] = ()) -> bool:
    """Whether a test belongs to the slow tier (by its file, its name, or a snapshot fixture)."""
    return (
        file_name.startswith("test_snap_")
        or "snap_compare" in fixtures
        or file_name in SLOW_FILES
        or test_name in SLOW_TESTS.get(file_name, ())
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = getattr(item, "originalname", None) or item.name.split("[")[0]
        if is_slow(item.path.name, name, tuple(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)
