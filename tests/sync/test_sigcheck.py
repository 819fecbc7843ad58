"""The signature-checking helper process of a cold org read (sync/sigcheck.py): it reports exactly the
objects whose signatures verify, a forged or borrowed object is refused with it as without it, and an
org read with the helper gives the same board as one without it (the helper only saves time)."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pendulum
import pytest
from teamfile_data import entry

from repdash.services import org as org_service
from repdash.services import team_layout
from repdash.sync import manifest as mf
from repdash.sync import repobj, sigcheck, signing, teamread
from repdash.sync.layout import open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def _ident():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return signing._identity(Ed25519PrivateKey.generate())


def _forget() -> None:
    with teamread._LOCK:
        teamread._MEMORY.clear()
    signing._verify_cached.cache_clear()
    team_layout._VIEWS.clear()
    org_service._ON_DISK.clear()


def _rep(ident, name: str, calls: int) -> dict:
    e = entry(1, name, {"call": 40, "deal": 1}, today={"call": calls})
    e["rep_id"] = ident.rep_id
    return e


def _team(folder: Path, names: list[str]) -> dict[str, Path]:
    """A team written as its owner and reps would; the path of each rep's object by name."""
    folder.mkdir(parents=True)
    layout = open_layout(str(folder) + "/")
    owner = _ident()
    body = mf.new_body(owner, folder.name, "Owner", NOW.isoformat())
    idents = {n: _ident() for n in names}
    for n, ident in idents.items():
        body["roster"][ident.rep_id] = {"name": n, "status": "admitted"}
    body["standard"] = {"rev": 1, "kinds": {"call": 40}}
    layout.put("team.json", mf.sign_document(owner, body), None)
    paths = {}
    for n, ident in idents.items():
        layout.put(f"reps/{ident.rep_id}.json", repobj.encode(ident, _rep(ident, n, 10)), None)
        paths[n] = folder / "reps" / f"{ident.rep_id}.json"
    return paths


def _forge(path: Path, calls: int) -> None:
    """A teammate with write access edits the counts and leaves the signature as it was."""
    doc = json.loads(path.read_bytes())
    doc["entry"]["today"]["call"] = calls
    path.write_bytes(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode())


def _borrow(path: Path, name: str) -> None:
    """A validly signed object of another key, put under this rep's id (to climb as them)."""
    thief = _ident()
    path.write_bytes(repobj.encode(thief, _rep(thief, name, 999) | {"rep_id": path.stem}))


def _digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def _wait_for(helper: sigcheck.Prechecked, n: int) -> None:
    deadline = time.monotonic() + 30
    while len(helper) < n and time.monotonic() < deadline:
        time.sleep(0.02)


def test_the_helper_reports_only_what_verifies(tmp_path):
    paths = _team(tmp_path / "org" / "east", ["Ana", "Ben", "Cy", "Dee"])
    _forge(paths["Ben"], 999)
    _borrow(paths["Cy"], "Cy")
    with sigcheck.Prechecked([str(tmp_path / "org" / "east")]) as helper:
        _wait_for(helper, 3)  # the manifest, Ana and Dee
        time.sleep(0.3)  # and nothing more arrives
        assert len(helper) == 3
        assert helper.checked((tmp_path / "org" / "east" / "team.json").read_bytes())
        for name in ("Ana", "Dee"):
            assert helper.checked(paths[name].read_bytes())
        assert not helper.checked(paths["Ben"].read_bytes())  # edited counts: the signature fails
        assert not helper.checked(paths["Cy"].read_bytes())  # signed, but by a key that is not Cy's
        assert not helper.checked(b"anything else")


def test_a_helper_that_cannot_start_checks_nothing(tmp_path, monkeypatch):
    paths = _team(tmp_path / "org" / "east", ["Ana"])
    monkeypatch.setattr(sigcheck.sys, "executable", str(tmp_path / "no-python-here"))
    with sigcheck.Prechecked([str(tmp_path / "org" / "east")]) as helper:
        assert len(helper) == 0
        assert not helper.checked(paths["Ana"].read_bytes())


def test_the_helper_ignores_a_request_it_cannot_read():
    import subprocess
    import sys

    got = subprocess.run(
        [sys.executable, "-m", "repdash.sync.sigcheck"], input=b"{not json", capture_output=True, timeout=60
    )
    assert (got.returncode, got.stdout, got.stderr) == (0, b"", b"")


@pytest.fixture
def org(tmp_path) -> dict[str, dict[str, Path]]:
    """Three teams; a forged object in one, a borrowed one in another."""
    _forget()
    teams = {
        "east": _team(tmp_path / "org" / "east", ["Ana", "Ben"]),
        "west": _team(tmp_path / "org" / "west", ["Cy", "Dee", "Eve"]),
        "north": _team(tmp_path / "org" / "north", ["Fay"]),
    }
    _forge(teams["east"]["Ben"], 999)
    _borrow(teams["west"]["Eve"], "Eve")
    return teams


def _board(view: dict) -> dict[str, dict[str, int]]:
    return {
        loc.rsplit("/", 2)[-2]: {r["name"]: r["today"]["call"] for r in v["reps"]} for loc, v in view["views"].items()
    }


def test_an_org_read_with_the_helper_gives_the_board_without_it(org, tmp_path, monkeypatch):
    url = str(tmp_path / "org") + "/"
    started: list[list[str]] = []
    real = sigcheck.Prechecked

    class Watched(real):  # type: ignore[misc, valid-type]
        def __init__(self, folders: list[str]) -> None:
            started.append(folders)
            super().__init__(folders)
            _wait_for(self, 2 + 3 + 1 + 1)  # every manifest and every object that verifies

    monkeypatch.setattr(org_service, "Prechecked", Watched)
    monkeypatch.setattr(org_service, "HELPER_MIN_TEAMS", 1)
    monkeypatch.setattr(org_service, "_cores", lambda: 2)
    verified: list[int] = []
    real_verify = signing.verify
    monkeypatch.setattr(signing, "verify", lambda *a: verified.append(1) or real_verify(*a))
    helped = org_service.org_view(url, NOW, cache=False)
    assert [Path(f).name for f in started[0]] == ["east", "north", "west"]
    # The reader verified only what the helper refused (the forged and the borrowed object).
    assert len(verified) == 2
    assert helped["problems"] == []
    assert _board(helped) == {"east": {"Ana": 10}, "north": {"Fay": 10}, "west": {"Cy": 10, "Dee": 10}}
    assert helped["views"][url + "east/"]["ignored"] == 1 and helped["views"][url + "west/"]["ignored"] == 1
    # The same org read with no helper at all (fewer teams than the threshold).
    _forget()
    monkeypatch.setattr(org_service, "HELPER_MIN_TEAMS", 100)
    started.clear()
    alone = org_service.org_view(url, NOW, cache=False)
    assert started == []
    assert alone["teams"] == helped["teams"]
    assert _board(alone) == _board(helped)
    # Known already: a second read starts no helper.
    monkeypatch.setattr(org_service, "HELPER_MIN_TEAMS", 1)
    org_service.org_view(url, NOW, cache=False)
    assert started == []


def _trap(folder: Path, marker: Path) -> None:
    """What a teammate with write access could leave in a shared folder: a `repdash` package of their own."""
    code = f"open({str(marker)!r}, 'w').write('ran as you')\n"
    (folder / "repdash" / "sync").mkdir(parents=True)
    (folder / "repdash" / "__init__.py").write_text(code)
    (folder / "repdash" / "sync" / "__init__.py").write_text(code)
    (folder / "repdash" / "sync" / "sigcheck.py").write_text(code)


def test_a_repdash_folder_where_the_director_stands_is_never_imported(tmp_path, monkeypatch):
    paths = _team(tmp_path / "org" / "east", ["Ana"])
    marker = tmp_path / "pwned"
    _trap(tmp_path / "org", marker)
    monkeypatch.chdir(tmp_path / "org")  # `repdash org .` from inside the shared org folder
    with sigcheck.Prechecked([str(tmp_path / "org" / "east")]) as helper:
        _wait_for(helper, 2)
        assert helper.checked(paths["Ana"].read_bytes())
    assert not marker.exists()


def test_every_module_repdash_starts_leaves_the_working_directory_out(tmp_path):
    import subprocess

    from repdash.subproc import module_argv
    from repdash.ui.board_server import board_argv

    marker = tmp_path / "pwned"
    _trap(tmp_path, marker)
    got = subprocess.run(module_argv("repdash", "--version"), cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert got.returncode == 0, got.stderr
    assert got.stdout.startswith("repdash") and not marker.exists()
    assert board_argv(tmp_path, 0)[:3] == module_argv("x")[:2] + ["-m"]
