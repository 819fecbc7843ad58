"""Two real Unix accounts in one group share a team file in a setgid folder (umask 002).

The second account used to get "Permission denied": the team file and its lock were 0600.
Runs only as root (it creates and removes the accounts). The accounts cannot run a Python
under root's home (/root/.pyenv), so they run the system's python3 of the same version
(Debian's; .ci/run installs it) with this checkout and the venv's site-packages on
PYTHONPATH, copied to a readable folder when the originals are not readable to them.
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

import repdash

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root to create Unix accounts"),
]

SYSTEM_PYTHON = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
NOW = "2026-11-26T10:30:00+01:00"


def sh(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


class Accounts:
    def __init__(self, root: Path) -> None:
        tag = f"{os.getpid() % 100000}"
        self.group = f"rdsales{tag}"
        self.users = [f"rdana{tag}", f"rdben{tag}"]
        self.root = root
        self.pythonpath = ""

    def create(self) -> None:
        assert sh("groupadd", self.group).returncode == 0
        for user in self.users:
            res = sh("useradd", "--create-home", "--groups", self.group, "--shell", "/bin/sh", user)
            assert res.returncode == 0, res.stderr

    def remove(self) -> None:
        for user in self.users:
            sh("userdel", "--remove", user)
        sh("groupdel", self.group)

    def run(self, user: str, *args: str) -> subprocess.CompletedProcess:
        home = Path("/home") / user
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "REPDASH_HOME": str(home / "repdash"),
            "PYTHONPATH": self.pythonpath,
            "TZ": "Europe/Berlin",
            "REPDASH_NOW": NOW,
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
        }
        # A fresh shell per command, umask 002 as the team folder's convention asks.
        return sh(
            "runuser",
            "-u",
            user,
            "--",
            "env",
            "-i",
            *(f"{k}={v}" for k, v in env.items()),
            "sh",
            "-c",
            'umask 002 && exec "$@"',
            "sh",
            SYSTEM_PYTHON,
            "-m",
            "repdash",
            *args,
            cwd="/",
        )

    def make_runnable(self) -> None:
        """Put repdash and its dependencies where the accounts can read them."""
        source = str(Path(repdash.__file__).parent.parent)
        purelib = sysconfig.get_paths()["purelib"]
        self.pythonpath = f"{source}:{purelib}"
        if self.run(self.users[0], "--help").returncode == 0:
            return
        runtime = self.root / "runtime"
        shutil.copytree(purelib, runtime / "site", ignore=shutil.ignore_patterns("*.pth", "__pycache__"))
        shutil.copytree(
            Path(repdash.__file__).parent, runtime / "src" / "repdash", ignore=shutil.ignore_patterns("__pycache__")
        )
        for p in [runtime, *runtime.rglob("*")]:
            p.chmod(p.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if p.is_dir() else 0))
        self.pythonpath = f"{runtime / 'src'}:{runtime / 'site'}"
        res = self.run(self.users[0], "--help")
        assert res.returncode == 0, res.stderr


@pytest.fixture
def accounts():
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        pytest.fail(f"{SYSTEM_PYTHON} is missing: .ci/run installs Debian's python3")
    root = Path(tempfile.mkdtemp(prefix="repdash-share-", dir="/tmp"))
    root.chmod(0o755)
    acc = Accounts(root)
    try:
        acc.create()
        acc.make_runnable()
        yield acc
    finally:
        acc.remove()
        shutil.rmtree(root, ignore_errors=True)


def test_two_accounts_in_one_group_share_one_team_file(accounts):
    team_dir = accounts.root / "sales"
    team_dir.mkdir()
    gid = grp.getgrnam(accounts.group).gr_gid
    os.chown(team_dir, 0, gid)
    team_dir.chmod(0o2775)  # group-writable, setgid: new files get the sales group
    team = team_dir / "team.json"

    ana, ben = accounts.users
    results = []
    for user, name, calls in ((ana, "Ana", "3"), (ben, "Ben", "5"), (ana, "Ana", "1")):
        for args in (["init", "--name", name, "--team-file", str(team)], ["log", "call", calls], ["sync"]):
            res = accounts.run(user, *args)
            results.append((user, args, res.returncode, res.stderr))
    failures = [r for r in results if r[2] != 0 or "Permission denied" in r[3]]
    assert failures == []

    view = accounts.run(ben, "team", "--json")
    assert view.returncode == 0, view.stderr
    assert sorted(r["name"] for r in json.loads(view.stdout)["reps"]) == ["Ana", "Ben"]

    # Shared files: 0666 minus umask 002, the folder's group; nothing else left behind.
    for f in (team, team_dir / "team.json.lock"):
        st = f.stat()
        assert (stat.S_IMODE(st.st_mode), st.st_gid) == (0o664, gid), f
    assert sorted(p.name for p in team_dir.iterdir()) == ["team.json", "team.json.lock"]

    # Each rep's own home stays private: folders 0700, files 0600, whatever the umask.
    for user in (ana, ben):
        home = Path("/home") / user / "repdash"
        wrong = {
            str(p): oct(stat.S_IMODE(p.stat().st_mode))
            for p in [home, *home.rglob("*")]
            if stat.S_IMODE(p.stat().st_mode) != (0o700 if p.is_dir() else 0o600)
        }
        assert wrong == {}
        assert home.stat().st_uid == pwd_uid(user)


def pwd_uid(user: str) -> int:
    import pwd  # tests may use it; the package may not (see test_portable)

    return pwd.getpwnam(user).pw_uid
