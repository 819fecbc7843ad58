"""Themes as data: built-ins, user files, validation, fallback, variables reaching CSS."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from paths import ROOT
from textual.app import App, ComposeResult
from textual.widgets import Static

from repdash.store.config import Config
from repdash.ui import themes

REPO_THEMES = ROOT / "themes"


def test_at_least_four_builtins_with_required_ones():
    specs = themes.load_builtin()
    names = [s.name for s in specs]
    assert len(specs) >= 4
    assert names[0] == "repdash-dark"
    assert {"repdash-dark", "repdash-light", "repdash-contrast"} <= set(names)
    assert any(not s.dark for s in specs)
    # every file in the folder is valid (a broken built-in would be skipped silently)
    assert len(specs) == len(list(REPO_THEMES.glob("*.json")))


@pytest.mark.parametrize("path", sorted(REPO_THEMES.glob("*.json")), ids=lambda p: p.stem)
def test_builtin_files_are_complete(path):
    data = json.loads(path.read_text())
    assert data["name"] == path.stem
    assert set(data["colors"]) == set(themes.COLOR_KEYS)
    assert set(themes.GAME_VARIABLES) <= set(data["variables"])


def _luminance(hex_: str) -> float:
    r, g, b = (int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_high_contrast_theme_is_high_contrast_and_colour_blind_safe():
    spec = {s.name: s for s in themes.load_builtin()}["repdash-contrast"]
    bg = spec.colors["background"]
    assert _contrast(spec.colors["foreground"], bg) >= 15
    for key in ("primary", "accent", "warning", "error", "success"):
        assert _contrast(spec.colors[key], bg) >= 4.5, key
    for key in themes.GAME_VARIABLES:
        assert _contrast(spec.variables[key], bg) >= 4.5, key
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    # the signal colours come from the Okabe-Ito palette
    for key in ("error", "success", "warning"):
        assert spec.colors[key].upper() in okabe_ito
    assert spec.variables["gap"].upper() in okabe_ito


def test_light_theme_is_readable():
    spec = {s.name: s for s in themes.load_builtin()}["repdash-light"]
    assert not spec.dark
    assert _contrast(spec.colors["foreground"], spec.colors["background"]) >= 10


def write(home: Path, name: str, content) -> Path:
    folder = home / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(content if isinstance(content, str) else json.dumps(content))
    return p


GOOD = {
    "name": "my-theme",
    "dark": True,
    "colors": {"primary": "#112233", "background": "#000000"},
    "variables": {"xp": "#ff00ff"},
}


def test_user_theme_loaded_and_defaults_filled(tmp_path):
    write(tmp_path, "mine.json", GOOD)
    specs, warnings = themes.load_user(tmp_path)
    assert warnings == []
    (spec,) = specs
    assert spec.variables["xp"] == "#ff00ff"
    assert spec.variables["streak"] == themes.DARK_GAME_DEFAULTS["streak"]


@pytest.mark.parametrize(
    "content, why",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ({"name": "Bad Name!", "colors": {"primary": "#000"}}, "'name'"),
        ({"name": "x", "colors": {}}, "primary"),
        ({"name": "x", "colors": {"primary": "not-a-colour"}}, "not a colour"),
        ({"name": "x", "colors": {"primary": "#000", "chartreuse": "#fff"}}, "unknown colour"),
        ({"name": "x", "colors": {"primary": "#000"}, "variables": {"xp": "#zzzzzz"}}, "variables.xp"),
        ({"name": "x", "colors": {"primary": "#000"}, "variables": {"$bad": "#fff"}}, "variable name"),
        ({"name": "x", "dark": "yes", "colors": {"primary": "#000"}}, "'dark'"),
        ({"name": "repdash-dark", "colors": {"primary": "#000"}}, "already taken"),
    ],
)
def test_bad_user_theme_is_skipped_with_a_message(tmp_path, content, why):
    write(tmp_path, "bad.json", content)
    write(tmp_path, "good.json", GOOD)
    specs, warnings = themes.all_specs(tmp_path)
    assert "my-theme" in [s.name for s in specs]
    assert len(warnings) == 1 and why in warnings[0] and "bad.json" in warnings[0]


def test_binary_and_huge_files_are_skipped(tmp_path):
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "themes" / "big.json").write_text(" " * (themes.MAX_FILE_BYTES + 1))
    specs, warnings = themes.load_user(tmp_path)
    assert specs == [] and len(warnings) == 2


class ThemedApp(App):
    CSS = "#probe { color: $xp; background: $gap; }"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return themes.variable_defaults()

    def compose(self) -> ComposeResult:
        yield Static("x", id="probe")


class FakeStore:
    def __init__(self, theme=None):
        self.config = Config(theme=theme) if theme else Config(name="x")
        self.initialized = True
        self.updates = []

    def update_config(self, **kw):
        self.config = dataclasses.replace(self.config, **kw)
        self.updates.append(kw)


async def test_broken_theme_file_falls_back_without_a_crash(tmp_path):
    write(tmp_path, "broken.json", '{"name": "broken", "colors": {"primary": ')
    store = FakeStore(theme="broken")
    app = ThemedApp()
    async with app.run_test() as pilot:
        warnings = themes.register_all(app, tmp_path)
        warnings += themes.apply_saved(app, store)
        await pilot.pause()
        assert app.theme == "repdash-dark"
        assert any("broken.json" in w for w in warnings)
        assert any("not available" in w for w in warnings)
        probe = app.query_one("#probe")
        assert probe.styles.color.hex.upper() == "#B18CFF"


async def test_theme_variables_reach_css_and_choice_is_remembered(tmp_path):
    write(tmp_path, "mine.json", GOOD)
    store = FakeStore(theme="repdash-dark")
    app = ThemedApp()
    async with app.run_test() as pilot:
        assert themes.register_all(app, tmp_path) == []
        assert themes.apply_saved(app, store) == []
        names = themes.theme_names(app)
        assert names[0] == "repdash-dark" and "my-theme" in names and "textual-dark" not in names
        themes.choose(app, store, "repdash-contrast")
        await pilot.pause()
        assert app.query_one("#probe").styles.color.hex.upper() == "#CC79A7"
        assert store.config.theme == "repdash-contrast"
        themes.choose(app, store, "my-theme")
        await pilot.pause()
        assert app.query_one("#probe").styles.color.hex.upper() == "#FF00FF"
        with pytest.raises(ValueError):
            themes.choose(app, store, "nope")
        # a Textual built-in without game variables still renders (defaults)
        app.theme = "textual-light"
        await pilot.pause()
        assert app.query_one("#probe").styles.color.hex.upper() == "#B18CFF"


def test_core_does_not_import_textual():
    import subprocess
    import sys

    code = (
        "import sys; import repdash.core.achievements, repdash.core.seasons, repdash.core.combo, "
        "repdash.core.quests, repdash.ui.themes; "
        "assert not [m for m in sys.modules if m.startswith('textual')], 'textual imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
