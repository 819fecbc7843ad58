"""ARCHITECTURE.md's map matches the folders (issue 19): each package folder's list names exactly the
modules in it, and every `repdash/...py` or `tests/...py` path the document names exists."""

from __future__ import annotations

import re

from paths import ROOT

TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
MAP = TEXT[TEXT.index("## The map: every module") :]


def listed() -> dict[str, set[str]]:
    """folder -> the module names its list in the map gives."""
    out: dict[str, set[str]] = {}
    for folder, body in re.findall(r"\*\*`(repdash/[\w/]*)`\*\*\n\n((?:- .*\n?)+)", MAP):
        out[folder.rstrip("/")] = set(re.findall(r"^- `([\w.]+\.py)`", body, re.M))
    return out


def on_disk() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in (ROOT / "repdash").rglob("*.py"):
        out.setdefault(str(path.parent.relative_to(ROOT)), set()).add(path.name)
    return out


def test_each_folder_lists_exactly_its_modules():
    assert listed() == on_disk()


def test_every_path_the_document_names_exists():
    named = set(re.findall(r"((?:repdash|tests)/[\w/]+\.py)", TEXT))
    assert named, "the document names no paths: the pattern is wrong"
    assert sorted(n for n in named if not (ROOT / n).exists()) == []
