"""The test tiers (tests/conftest.py): every file and test the slow list names is real, so a renamed
test cannot silently fall back into `make test-fast`; the Makefile runs everything in `make test` and
`-m "not slow"` in `make test-fast`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import SLOW_FILES, SLOW_TESTS, is_slow
from paths import TESTS

# The slow list names files, wherever in tests/ (by layer) they live: names are unique across folders.
BY_NAME = {p.name: p for p in TESTS.rglob("test_*.py")}


def functions_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def test_every_slow_file_and_test_exists():
    missing = [name for name in SLOW_FILES if name not in BY_NAME]
    for file_name, names in SLOW_TESTS.items():
        path = BY_NAME.get(file_name)
        missing += [f"{file_name} (file)"] if path is None else sorted(names - functions_in(path))
    assert missing == []


def test_the_rule_marks_by_file_name_and_snapshot_fixture():
    assert is_slow("test_kill.py", "test_anything")
    assert is_slow("test_snap_team.py", "test_anything")
    assert is_slow("test_app.py", "test_something_new", ("home", "snap_compare"))
    assert is_slow("test_objstore.py", "test_concurrent_processes_lose_no_entry")
    assert not is_slow("test_objstore.py", "test_absent_object_reads_as_nobody_published", ("bucket",))
    assert not is_slow("test_game.py", "test_streak_matches_a_reference")


def test_make_test_runs_everything_and_test_fast_leaves_out_the_slow():
    makefile = (TESTS.parent / "Makefile").read_text(encoding="utf-8")
    rules = dict(re.findall(r"(?m)^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)+)", makefile))
    assert "pytest" in rules["test"] and "slow" not in rules["test"] and '-m "' not in rules["test"]
    assert '-m "not slow"' in rules["test-fast"]


def test_test_file_names_are_unique_across_folders():
    """pytest imports test files by name (no packages): two with one name would shadow each other."""
    names = [p.name for p in TESTS.rglob("test_*.py")]
    assert len(names) == len(set(names))
