"""Packaging: the wheel carries the top-level themes/ as repdash/themes, and a theme loads
from a NON-editable install in a fresh venv (issue 2: hatch force-include).

The wheel is built with `python -m build --wheel` (build isolation fetches hatchling);
the fresh venv has no pip of its own: this venv's pip installs the wheel into it with
--no-deps, and a .pth file lends it this venv's site-packages for the dependencies
(textual, tinydb ...). The editable hook of this venv lives in a .pth file there, which a
plain path entry does not run, so only the installed wheel can provide `repdash`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
from paths import ROOT

pytestmark = pytest.mark.slow


def run(args, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)], cwd=out)
    wheels = list(out.glob("repdash-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contains_the_themes_and_the_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    theme_files = sorted(p.name for p in (ROOT / "themes").iterdir() if p.is_file())
    assert theme_files, "themes/ is empty: nothing to package"
    for name in theme_files:
        assert f"repdash/themes/{name}" in names
    for module in ("repdash/__main__.py", "repdash/cli/rep.py", "repdash/store/local.py", "repdash/core/game.py"):
        assert module in names
    styles = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "repdash").rglob("*.tcss"))
    assert "repdash/ui/help.tcss" in styles  # each screen's styles load with it: all must ship
    assert [n for n in names if n.endswith(".tcss")] == styles
    assert not [n for n in names if n.startswith(("tests/", "themes/", "benchmarks/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "repdash = repdash.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_loads_a_theme_in_a_fresh_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    target_site = Path(run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (target_site / "_deps_from_dev_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "--quiet", str(wheel)])

    expected = sorted(p.name for p in (ROOT / "themes").iterdir() if p.suffix == ".json")
    probe = textwrap.dedent(
        """
        import json, sys
        from importlib.resources import files
        import repdash
        folder = files("repdash") / "themes"
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
        first = json.loads((folder / names[0]).read_text(encoding="utf-8"))
        from repdash.ui import themes
        specs = themes.load_builtin()
        theme = specs[0].to_textual()
        print(json.dumps({"file": repdash.__file__, "names": names, "first": first.get("name"),
                          "specs": sorted(s.name for s in specs), "textual_theme": theme.name,
                          "textual": "textual" in sys.modules}))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "REPDASH_"))}
    proc = run([str(py), "-I", "-c", probe], cwd=tmp_path, env=env)
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(info["file"]).resolve().is_relative_to(venv.resolve()), info["file"]  # the wheel, not the checkout
    assert info["names"] == expected
    assert info["first"] == json.loads((ROOT / "themes" / expected[0]).read_text())["name"]
    assert info["specs"] == sorted(json.loads((ROOT / "themes" / n).read_text())["name"] for n in expected)
    assert info["textual_theme"] in info["specs"]  # a Textual Theme was built from the packaged file

    # the console script works from the installed package, and so does a non-UI command
    script = venv / ("Scripts/repdash.exe" if os.name == "nt" else "bin/repdash")
    home = tmp_path / "home"
    out = run([str(script), "--home", str(home), "init", "--name", "Wheel Rep"], cwd=tmp_path, env=env).stdout
    assert "Wheel Rep" in out
    assert (home / "repdash.json").exists()
