"""The one notifier: a notice to the rep's terminal (or desktop) while the window is not in front.

Which sequence a terminal understands is read from its own environment (`sequence_family`):

| terminal (how it says so)                                   | sequence                                  |
|-------------------------------------------------------------|-------------------------------------------|
| kitty (`KITTY_WINDOW_ID`, `TERM=xterm-kitty`)               | OSC 99 (kitty's own: title, then body)    |
| iTerm2 (`TERM_PROGRAM=iTerm.app`, `ITERM_SESSION_ID`)        | OSC 9 (one line)                          |
| WezTerm (`WEZTERM_PANE`), Ghostty (`GHOSTTY_RESOURCES_DIR`), | OSC 777 `notify;title;body`               |
| Windows Terminal (`WT_SESSION`, since its OSC 777 support),  |                                           |
| foot, Konsole (`KONSOLE_VERSION`), urxvt (`TERM=rxvt-unicode`) |                                         |
| VTE terminals (`VTE_VERSION`: GNOME Terminal, Tilix, ...)    | OSC 777 then BEL: Fedora's VTE shows the  |
|                                                             | notice, upstream VTE swallows it (the bell |
|                                                             | still marks the window)                   |
| anything else                                               | BEL                                       |

Under tmux (`TMUX`) an OSC goes through as a DCS passthrough (`ESC P tmux; ... ESC \\`, every ESC
inside doubled; tmux 3.3+ needs `set -g allow-passthrough on`); the bell needs no wrapping.

The sequence is written the way Textual's `App.bell()` writes its BEL: through the app's driver,
so it goes to the real terminal in order with the frames. Never from a headless app (tests,
`run_test`) or a web one (`repdash serve` boards): `notify` says so and does nothing. Title and
body are untrusted in part (teammates' names): control characters are dropped (`core.text.clean`),
and `;` becomes `,` where it would split the sequence's fields.

`desktop` mode uses the `desktop-notifier` package (the `repdash[desktop]` extra, imported
only when a notice is sent) when the app runs on the rep's own desktop (not over SSH; on Linux
with a display); without it, or when it fails, the terminal sequence is sent instead.
"""

from __future__ import annotations

import base64
import itertools
import os
import sys
from collections.abc import Mapping
from typing import Any

from repdash.core.text import clean

ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
OSC99, OSC777, OSC9, OSC777_BELL, BELL = "osc99", "osc777", "osc9", "osc777+bell", "bell"
_ids = itertools.count(1)
# The config's `notify` values, as the command palette and onboarding offer them.
MODE_HELP = {
    "terminal": "Notices through the terminal (kitty, iTerm2, WezTerm, Ghostty, foot, ...; else the bell)",
    "desktop": "Desktop notifications (pip install 'repdash[desktop]'), else through the terminal",
    "off": "No notices outside the window",
}


def sequence_family(env: Mapping[str, str]) -> str:
    """Which notice sequence the terminal of this environment understands (see the module table)."""
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return OSC99
    if program == "iTerm.app" or env.get("ITERM_SESSION_ID"):
        return OSC9
    if (
        env.get("WEZTERM_PANE")
        or program in ("WezTerm", "ghostty")
        or env.get("GHOSTTY_RESOURCES_DIR")
        or env.get("WT_SESSION")
        or env.get("KONSOLE_VERSION")
        or term.startswith(("foot", "rxvt-unicode"))
    ):
        return OSC777
    if env.get("VTE_VERSION"):
        return OSC777_BELL
    return BELL


def _field(text: str, limit: int) -> str:
    return clean(text, limit).replace(";", ",")


def sequence(title: str, body: str, env: Mapping[str, str]) -> str:
    """The bytes (as str) that tell this environment's terminal: title and body, cleaned."""
    family = sequence_family(env)
    title, body = _field(title, 100), _field(body, 300)
    if family == OSC99:
        n = next(_ids)
        b64 = lambda s: base64.b64encode(s.encode()).decode()  # noqa: E731  no byte of the text is parsed
        osc = f"{ESC}]99;i=rd{n}:d=0:e=1;{b64(title)}{ST}{ESC}]99;i=rd{n}:p=body:e=1;{b64(body)}{ST}"
    elif family == OSC9:
        osc = f"{ESC}]9;repdash: {title}: {body}{BEL}"  # a leading digit would read as ConEmu's 9;N
    elif family in (OSC777, OSC777_BELL):
        osc = f"{ESC}]777;notify;{title};{body}{BEL}"
    else:
        return BEL
    if env.get("TMUX"):
        osc = f"{ESC}Ptmux;{osc.replace(ESC, ESC + ESC)}{ST}"
    return osc + (BEL if family == OSC777_BELL else "")


def on_own_desktop(env: Mapping[str, str]) -> bool:
    """Not over SSH, and (on Linux and the BSDs) a display and a session bus to reach its
    notification service (desktop-notifier logs, not raises, when there is none)."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool((env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and env.get("DBUS_SESSION_BUS_ADDRESS"))


def desktop_missing() -> bool:
    """The `desktop` extra is not installed (checked without importing it)."""
    from importlib.util import find_spec

    return find_spec("desktop_notifier") is None


class Notifier:
    """Sends notices for one running app (`send`); `mode` is the config's off | terminal | desktop."""

    def __init__(self, app, env: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.env = dict(os.environ) if env is None else env
        self._desktop: Any = None  # desktop_notifier.DesktopNotifier, made on the first desktop notice

    def can_speak(self) -> bool:
        """A terminal of its own: not headless (tests), not served to a browser, driver running."""
        app = self.app
        return not app.is_headless and not app.is_web and getattr(app, "_driver", None) is not None

    def send(self, title: str, body: str, mode: str) -> bool:
        """Tell the rep; False when nothing was sent (mode off, or no terminal of its own)."""
        if mode == "off" or not self.can_speak():
            return False
        if mode == "desktop" and on_own_desktop(self.env) and self._send_desktop(title, body):
            return True
        self.app._driver.write(sequence(title, body, self.env))  # as App.bell() writes its BEL
        return True

    def _send_desktop(self, title: str, body: str) -> bool:
        try:
            from desktop_notifier import DesktopNotifier
        except ImportError:
            return False
        if self._desktop is None:
            self._desktop = DesktopNotifier(app_name="repdash")
        notifier, title, body = self._desktop, clean(title, 100), clean(body, 300)

        async def show() -> None:
            try:
                await notifier.send(title=title, message=body)
            except Exception:  # no notification service after all: the terminal says it instead
                if self.can_speak():
                    self.app._driver.write(sequence(title, body, self.env))

        self.app.run_worker(show(), group="notify", exit_on_error=False)
        return True
