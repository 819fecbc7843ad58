"""Themes as data: built-in JSON files plus the user's own, validated, then registered.

Built-in themes live in the repo's top-level `themes/` folder; the wheel ships them
as `repdash/themes/` (hatch force-include). Users drop `*.json` files into
`<home>/themes/`. A file that cannot be read or validated is skipped with a
message; the app keeps going on the default theme.

Game colours are theme *variables*: `$xp`, `$streak`, `$gap`, `$combo`, `$momentum`,
`$quest`, `$trophy`, `$locked` in any stylesheet. Textual resolves `$name` from
`Theme.variables`, falling back to `App.get_theme_variable_defaults()`, so the app
must return `variable_defaults()` from that hook (any theme without them, e.g. a
Textual built-in picked from the palette, still parses).

Textual is imported inside functions only: the CLI can list themes without it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from repdash.store.config import DEFAULT_THEME

COLOR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
)
GAME_VARIABLES = ("xp", "streak", "gap", "combo", "momentum", "quest", "trophy", "locked")
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
VAR_RE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
MAX_FILE_BYTES = 64 * 1024

# Used when a theme (a user's, or one of Textual's) does not set a game colour.
DARK_GAME_DEFAULTS = {
    "xp": "#B18CFF",
    "streak": "#FF8C42",
    "gap": "#FF5D73",
    "combo": "#FFD166",
    "momentum": "#3DDC97",
    "quest": "#4FC3F7",
    "trophy": "#FFD166",
    "locked": "#5A6478",
}
LIGHT_GAME_DEFAULTS = {
    "xp": "#6D28D9",
    "streak": "#C2410C",
    "gap": "#C0262D",
    "combo": "#A16207",
    "momentum": "#15803D",
    "quest": "#0369A1",
    "trophy": "#A16207",
    "locked": "#8A93A3",
}


class ThemeError(ValueError):
    """A theme file that cannot be used (the message says what is wrong)."""


class ThemeSpec(NamedTuple):  # not a dataclass: defined on every start, a NamedTuple is ~6x cheaper
    name: str
    dark: bool
    colors: dict[str, str]
    variables: dict[str, str]
    description: str = ""
    source: str = ""
    builtin: bool = False

    def to_textual(self):
        from textual.theme import Theme

        # `colors` holds only Theme's colour fields (each a string): parse_theme keeps nothing else.
        return Theme(name=self.name, dark=self.dark, variables=dict(self.variables), **self.colors)  # type: ignore[arg-type]


def variable_defaults(dark: bool = True) -> dict[str, str]:
    """What `App.get_theme_variable_defaults()` should return."""
    return dict(DARK_GAME_DEFAULTS if dark else LIGHT_GAME_DEFAULTS)


def _valid_color(value: Any) -> bool:
    if not isinstance(value, str) or not value or len(value) > 40:
        return False
    from textual.color import Color, ColorParseError

    try:
        Color.parse(value)
    except (ColorParseError, ValueError):
        return False
    return True


def parse_theme(data: Any, source: str = "theme", builtin: bool = False) -> ThemeSpec:
    """Validate a theme document. Raises ThemeError saying what is wrong."""
    if not isinstance(data, dict):
        raise ThemeError(f"{source}: expected a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ThemeError(f"{source}: 'name' must be lower-case letters, digits, '-' or '_' (max 40)")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeError(f"{source}: 'dark' must be true or false")
    colors_raw = data.get("colors")
    if not isinstance(colors_raw, dict):
        raise ThemeError(f"{source}: 'colors' must be an object with at least 'primary'")
    unknown = sorted(set(colors_raw) - set(COLOR_KEYS))
    if unknown:
        raise ThemeError(f"{source}: unknown colour {unknown[0]!r} (known: {', '.join(COLOR_KEYS)})")
    if "primary" not in colors_raw:
        raise ThemeError(f"{source}: 'colors.primary' is required")
    colors = {}
    for key, value in colors_raw.items():
        if not _valid_color(value):
            raise ThemeError(f"{source}: colors.{key} is not a colour: {str(value)[:40]!r}")
        colors[key] = value
    vars_raw = data.get("variables", {})
    if not isinstance(vars_raw, dict):
        raise ThemeError(f"{source}: 'variables' must be an object")
    variables = variable_defaults(dark)
    for key, value in vars_raw.items():
        if not isinstance(key, str) or not VAR_RE.match(key):
            raise ThemeError(f"{source}: variable name {str(key)[:40]!r} is not valid")
        if not _valid_color(value):
            raise ThemeError(f"{source}: variables.{key} is not a colour: {str(value)[:40]!r}")
        variables[key] = value
    description = data.get("description", "")
    return ThemeSpec(
        name=name,
        dark=dark,
        colors=colors,
        variables=variables,
        description=description if isinstance(description, str) else "",
        source=source,
        builtin=builtin,
    )


def _read(path: Any, source: str, builtin: bool) -> ThemeSpec:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ThemeError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ThemeError(f"{source}: too large for a theme file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ThemeError(f"{source}: not valid JSON ({exc})") from None
    return parse_theme(data, source, builtin)


def builtin_dir():
    """The packaged themes (wheel: repdash/themes), else the repo's top-level themes/ (dev checkout)."""
    here = Path(__file__).resolve().parent
    # repdash/themes (the wheel), else the checkout's themes/ beside the package (editable install).
    for folder in (here.parent / "themes", here.parents[1] / "themes"):
        # A plain folder on disk (the wheel's force-include, or a checkout): no importlib.resources
        # import on the start path.
        if folder.is_dir() and any(p.name.endswith(".json") for p in folder.iterdir()):
            return folder
    from importlib.resources import files

    packaged = files("repdash") / "themes"
    try:
        if packaged.is_dir() and any(p.name.endswith(".json") for p in packaged.iterdir()):
            return packaged
    except (OSError, FileNotFoundError):
        pass
    return Path(__file__).resolve().parents[2] / "themes"  # the source tree: repdash/ui/themes.py -> themes/


def _builtin_files() -> list[Path]:
    folder = builtin_dir()
    try:
        return sorted((p for p in folder.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)
    except (OSError, FileNotFoundError):
        return []


def load_builtin(only: str | None = None) -> list[ThemeSpec]:
    """The built-in themes; `only` a name: just that one (its file is named after it), when it is one."""
    files_ = _builtin_files()
    if only is not None:
        files_ = [p for p in files_ if p.name == f"{only}.json"] or files_
    out = []
    for p in files_:
        try:
            out.append(_read(p, p.name, builtin=True))
        except ThemeError:
            continue  # a broken built-in is a packaging bug; tests catch it
    return sorted(out, key=lambda s: (s.name != DEFAULT_THEME, s.name))


def user_dir(home: Path | str) -> Path:
    return Path(home) / "themes"


def load_user(home: Path | str | None, reserved: Iterable[str] = ()) -> tuple[list[ThemeSpec], list[str]]:
    """The user's theme files: (valid themes, one message per file that was skipped)."""
    if home is None:
        return [], []
    folder = user_dir(home)
    try:
        paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError:
        return [], []
    taken = set(reserved)
    out, warnings = [], []
    for p in paths:
        label = f"themes/{p.name}"
        try:
            spec = _read(p, label, builtin=False)
        except ThemeError as exc:
            warnings.append(f"Skipped theme file {exc}")
            continue
        if spec.name in taken:
            warnings.append(f"Skipped theme file {label}: the name {spec.name!r} is already taken")
            continue
        taken.add(spec.name)
        out.append(spec)
    return out, warnings


def all_specs(home: Path | str | None = None, only: str | None = None) -> tuple[list[ThemeSpec], list[str]]:
    builtin = load_builtin(only)
    reserved = {s.name for s in builtin} | {p.name[:-5] for p in _builtin_files()}
    user, warnings = load_user(home, reserved=reserved)
    return builtin + user, warnings


def register_all(app, home: Path | str | None = None, only: str | None = None) -> list[str]:
    """Register every valid theme on `app`; return a message for each bad user file.

    only=NAME (the dashboard's start-up): of the built-ins just that one; the app registers
    the rest after its first frame (each one costs a file read and a colour check)."""
    specs, warnings = all_specs(home, only)
    for spec in specs:
        try:
            app.register_theme(spec.to_textual())
        except Exception as exc:  # a colour Textual accepts to parse but not to build
            warnings.append(f"Skipped theme {spec.source}: {exc}")
    return warnings


def theme_names(app) -> list[str]:
    """Themes registered from files (the default first), for a theme picker; Textual's own left out."""
    from textual.theme import BUILTIN_THEMES

    names = [n for n in app.available_themes if n not in BUILTIN_THEMES]
    return sorted(names, key=lambda n: (n != DEFAULT_THEME, not n.startswith("repdash-"), n))


def apply_saved(app, store, *, before_start: bool = False) -> list[str]:
    """Set `app.theme` from the store's remembered choice; fall back to the default with a message.

    before_start=True (from the app's constructor): the stylesheet is not parsed yet, so the
    CSS refresh Textual queues on every theme change would only parse and restyle it all a
    second time before the first frame; the theme is set without it when it can be.
    """
    wanted = store.config.theme if store is not None and store.initialized else DEFAULT_THEME
    if wanted in app.available_themes:
        _set(app, wanted, before_start)
        return []
    _set(app, DEFAULT_THEME if DEFAULT_THEME in app.available_themes else "textual-dark", before_start)
    return [f"Theme {wanted!r} is not available; using {app.theme}"]


def _set(app, name: str, before_start: bool) -> None:
    # Textual's constructor already set the light/dark classes and ANSI colours of its default
    # theme: when the new theme agrees on light or dark, only the name and its class change.
    if before_start and app.get_theme(name).dark == app.current_theme.dark:
        from textual.app import App

        app.set_reactive(App.theme, name)
        app.set_class(True, f"-theme-{name}", update=False)
        app.stylesheet.set_variables(app.get_css_variables())  # the constructor took the default's
    else:
        app.theme = name


def choose(app, store, name: str) -> None:
    """Switch to a theme and remember it (ValueError for an unknown name)."""
    if name not in app.available_themes:
        raise ValueError(f"unknown theme {name!r}")
    app.theme = name
    if store is not None and store.initialized and store.config.theme != name:
        store.update_config(theme=name)
