"""Checks every command test shares: success with a silent stderr, and the bad-input contract
(exit 2, one line on stderr starting `repdash:`, no traceback, the home byte-for-byte unchanged)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_one_line_error(res, code: int = 2, contains: str | None = None) -> None:
    assert res.code == code, (res.code, res.out, res.err)
    lines = res.err.strip().splitlines()
    assert len(lines) == 1, res.err
    assert lines[0].startswith("repdash:"), res.err
    assert "Traceback" not in res.err
    if contains is not None:
        assert contains.lower() in res.err.lower(), res.err


@pytest.fixture
def cli(run_cli):
    """run_cli that asserts success."""

    def ok(*args, **kw):
        res = run_cli(*args, **kw)
        assert res.code == 0, (args, res.code, res.out, res.err)
        assert res.err == "", res.err
        return res

    return ok


@pytest.fixture
def rep(cli, home):
    """A rep set up in Berlin."""
    cli("init", "--name", "Ana Smith", "--tz", "Europe/Berlin")
    return home


@pytest.fixture
def bad(run_cli, home):
    """Run a command that must be refused as bad input, with nothing changed."""

    def check(*args, contains: str | None = None, code: int = 2, **kw):
        before = snapshot(home)
        res = run_cli(*args, **kw)
        assert_one_line_error(res, code, contains)
        assert snapshot(home) == before, f"{args} changed the store"
        return res

    return check


def damage_config(home, key, value) -> None:
    path = home / "repdash.json"
    data = json.loads(path.read_text())
    data["config"]["1"][key] = value
    path.write_text(json.dumps(data))
