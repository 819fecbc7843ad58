"""`repdash sync`, `team`, `standard`, `note`, `hide`, `unhide` (issue 4).

`sync` publishes then reads; `team` and `standard` (without options) only read.
A team file that cannot be used is a runtime failure (exit 1) and is never
written; no team file configured is bad usage (exit 2).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from repdash import clock
from repdash.cli.context import Context, pass_ctx
from repdash.cli.output import dumps
from repdash.cli.params import WholeNumber
from repdash.core.kinds import FUNNEL, MANAGER_KINDS, noun
from repdash.core.text import clean
from repdash.errors import BadInput, Failure
from repdash.services.coaching_notes import add_note, notes_for
from repdash.store.config_check import MAX_TARGET  # the stored config's bounds: one rule
from repdash.sync.backend import is_layout_backend

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView
    from repdash.services.team_sync import Synced

NON_NEGATIVE = WholeNumber(min=0, max=MAX_TARGET)


def _published(synced: Synced | None) -> Synced:
    """What `sync_now` published. It publishes nothing (None) only when asked to skip an unchanged
    payload (the dashboard's heartbeat), which no command asks; should that change, the command
    fails with a clear line (exit 1), never an AttributeError on None."""
    if synced is None:
        raise Failure("nothing was published (the summary was unchanged); run `repdash sync` again")
    return synced


def _dump(data) -> None:
    click.echo(dumps(data))


def _line(kinds: dict[str, int]) -> str:
    return ", ".join(noun(k, n) for k, n in kinds.items())


# ---------------------------------------------------------------- sync


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--take-over",
    is_flag=True,
    help="On a team location: publish even though another home wrote with this home's key (keep this one).",
)
@pass_ctx
def sync(ctx, as_json, take_over):
    """Publish your summary to the team file, then read everyone's."""
    from repdash.core.board import team_json
    from repdash.services.team_sync import sync_now

    store = ctx.store
    store.require()
    synced = _published(sync_now(store, clock.now(), take_over=take_over))
    result, view, location = synced.result, synced.view, synced.backend.location
    if as_json:
        _dump(
            {
                "ok": True,
                "team_file": location,
                "backend": synced.backend.scheme,
                "rev": result.rev,
                "retries": result.conflicts,
                "last_sync": synced.entry.last_sync,
                "created": result.created,
                "conflict_copies_merged": result.merged_copies,
                "conflict_copies_unreadable": result.bad_copies,
                "skipped": view["skipped"],
                "team": team_json(view),
            }
        )
        return
    m = view["momentum"]["today"]
    click.echo(f"Synced {store.config.name} (revision {result.rev}) with {location}.")
    click.echo(
        f"Team: {noun('rep', m['of']) if m['of'] != 1 else '1 rep'}, {m['at']} at standard today ({m['pct']:g}%)."
    )
    if result.merged_copies:
        click.echo(
            f"Merged {result.merged_copies} conflict cop{'y' if result.merged_copies == 1 else 'ies'} "
            f"from the sync folder and retired {result.retired_copies}."
        )
    if result.bad_copies:
        click.echo(
            f"{result.bad_copies} conflict cop{'y' if result.bad_copies == 1 else 'ies'} could not be read; "
            "left in place."
        )
    if view.get("layout"):
        layout_lines(view, created=result.created)
    elif view["skipped"]:
        click.echo(
            f"{view['skipped']} entr{'y' if view['skipped'] == 1 else 'ies'} in the team file failed "
            "validation and were skipped (left untouched)."
        )


def layout_lines(view: BoardView, *, created: bool = False) -> None:
    """What a team location adds to `sync` and the text board: skipped objects, the roster."""
    if created:
        click.echo("You created this team and own it: grant other managers with `repdash team grant NAME`.")
    bad = view.get("unreadable") or []
    if bad:
        shown = ", ".join(b[:13] + "…" if len(b) > 14 else b for b in bad[:3])
        click.echo(f"{len(bad)} unreadable rep entr{'y' if len(bad) == 1 else 'ies'} skipped: {shown}")
    if view.get("ignored"):
        n = view["ignored"]
        click.echo(f"{n} entr{'y' if n == 1 else 'ies'} with a bad signature or not on the roster ignored.")
    for w in view.get("warnings") or []:
        click.echo(f"Warning: {w}")
    if view.get("asking_to_join"):
        click.echo("Asking to join: " + ", ".join(view["asking_to_join"]) + " (admit with `repdash team admit NAME`).")
    if view.get("away_count"):
        click.echo(f"Away (no publish for a while, not ranked): {view['away_count']}.")
    if view.get("hidden_count") and not view.get("authority"):
        n = view["hidden_count"]
        click.echo(f"{n} rep{'' if n == 1 else 's'} hidden.")


# ---------------------------------------------------------------- team


def _pct(v) -> str:
    return f"{v:.0f}%"


def print_board(view: BoardView) -> None:
    """The board as plain text (when stdout is not a terminal)."""
    std = view["standard"]
    m = view["momentum"]
    click.echo(f"Team board · {view['date']} · standard: {_line(std) + ' a day' if std else 'not set'}")
    click.echo(
        f"Reps at standard: today {m['today']['at']}/{m['today']['of']} ({m['today']['pct']:g}%) · "
        f"this week {m['week']['at']}/{m['week']['of']} ({m['week']['pct']:g}%)"
    )
    click.echo(f"{'#':>3}  {'rep':<24} {'today':>6} {'week':>6}  std  {'streak':>6} {'lvl':>4}  coaching")
    divider = False
    for r in view["reps"]:
        if r["manager"] and not divider:  # managers are listed apart: not ranked, not in momentum
            divider = True
            click.echo("     Managers · setting the example (1:1s and coaching)")
        rank = str(r["rank"]) if r["rank"] else ("mgr" if r["manager"] else "–")
        mark = "✓" if r["at_standard"] else "·"
        coach = r["coaching"] or ""
        if r["days_below"]:
            coach += f" ({r['days_below']}d below)"
        extra = " (hidden)" if r["hidden"] else ""
        click.echo(
            f"{rank:>3}  {(r['name'] + extra)[:24]:<24} {_pct(r['today_pct']):>6} {_pct(r['week_pct']):>6}   "
            f"{mark}   {r['streak']:>6} {r['level']:>4}  {coach.strip()}"
        )
    if view.get("layout"):
        layout_lines(view)
    elif view["skipped"]:
        click.echo(f"{view['skipped']} invalid entr{'y' if view['skipped'] == 1 else 'ies'} skipped.")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="The standings as JSON.")
@click.option("--tv", is_flag=True, help="Wall-screen mode: large type, auto-refresh, rotates standings and momentum.")
@click.pass_context
def team(click_ctx, as_json, tv):
    """The team board (standings, momentum, tiers, coaching); only reads the team file.

    On a team location, managers also run `team admit|remove|grant|revoke|board`; `team trust`
    accepts a changed owner; `team migrate OLD NEW/` moves a single team file into a location.
    """
    if click_ctx.invoked_subcommand is not None:
        return
    from repdash.core.board import team_json
    from repdash.services.team_sync import team_view
    from repdash.sync.teamio import require_backend

    store = click_ctx.find_object(Context).store
    now = clock.now()
    if as_json:
        _dump(team_json(team_view(store, now)))
        return
    require_backend(store)
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        if tv:  # e.g. run by textual-serve or a service manager: the browser board is `repdash serve`
            click.echo("repdash: --tv needs a terminal; for a browser or a TV, run `repdash serve`", err=True)
        print_board(team_view(store, now))
        return
    from repdash.ui.team_app import run_team_app

    run_team_app(store, tv=tv)


# ---------------------------------------------------------------- standard


def _standard_options(func):
    for kind in reversed(list(FUNNEL) + list(MANAGER_KINDS)):
        flag = "--" + kind.replace("_", "-")
        func = click.option(
            flag, kind, type=NON_NEGATIVE, default=None, help=f"{noun(kind, 2).split(' ', 1)[1]} a day"
        )(func)
    return func


@click.command()
@_standard_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def standard(ctx, as_json, **values):
    """Show the team's daily standard, or (manager) set it in the team file.

    Reps are measured on --call/--pitch/--commit/--deal; managers on --one-on-one/--coaching.
    """
    from repdash.services.team_sync import sync_now
    from repdash.sync.teamfile import TeamFileMissing, kind_order
    from repdash.sync.teamio import flat_standard, open_backend, read_doc, require_backend

    store = ctx.store
    given = {k: v for k, v in values.items() if v is not None}
    now = clock.now()
    if given:
        config = store.require()
        if getattr(open_backend(store), "is_layout", False):
            return _layout_standard(store, given, now, as_json)
        if not config.manager:
            raise BadInput("only a manager can set the team standard (set up with `repdash init --manager`)")
        backend = require_backend(store)
        try:
            old = read_doc(backend).standard
        except TeamFileMissing:
            old = None
        kinds = dict(old.kinds) if old else {}
        kinds.update(given)
        kinds = {k: kinds[k] for k in sorted(kinds, key=kind_order)}
        new = {
            "kinds": kinds,
            "set_by": config.rep_id,
            "set_by_name": config.name,
            "set_at": now.in_timezone(store.tz).isoformat(),
        }
        synced = _published(sync_now(store, now, standard=new, backend=backend))
        published = synced.result.doc.standard  # the one just written (set above)
        rev = published.rev if published is not None else 0
        if as_json:
            _dump({"standard": synced.view["standard"], "rev": rev})
            return
        click.echo(f"Team standard set: {_line(kinds)} a day (revision {rev}).")
        return
    shared = open_backend(store)
    meta, std, source = None, None, "team file"
    if is_layout_backend(shared):
        from repdash.services import team_layout

        try:
            meta = team_layout._read_manifest(shared.layout, store.home if store.initialized else None)[0].standard
        except TeamFileMissing:
            meta = None
        std = dict(meta.kinds) if meta else None
    elif shared is not None:
        doc = read_doc(shared)  # a damaged file is a failure (exit 1), not "no standard"
        std, meta = flat_standard(doc), doc.standard
    if std is None and store.initialized and store.config.standard:
        std, source = dict(store.config.standard), "last sync"
    if as_json:
        _dump(
            {
                "standard": std,
                "set_by_name": meta.set_by_name if meta else None,
                "set_at": meta.set_at if meta else None,
                "source": source if std else None,
            }
        )
        return
    if not std:
        click.echo("No team standard set yet." + (" A manager sets it with `repdash standard --call N ...`."))
        return
    who = f" (set by {meta.set_by_name}, {meta.set_at[:10]})" if meta and meta.set_by_name and meta.set_at else ""
    click.echo(f"Team standard{who}: {_line(std)} a day.")
    if source != "team file":
        click.echo("(from the last sync: the team file is not configured here)")


def _layout_standard(store, given: dict[str, int], now, as_json: bool) -> None:
    """On a team location: only a manager with authority changes the standard (in the signed manifest)."""
    from repdash.services import team_admin, team_layout
    from repdash.services.team_sync import sync_now
    from repdash.sync.teamfile import kind_order
    from repdash.sync.teamio import require_backend

    backend = require_backend(store)
    layout = backend if is_layout_backend(backend) else None
    if layout is None:  # the caller checked: a team location
        raise Failure("the team standard of a team location needs a team location")
    stamp = now.in_timezone(store.tz).isoformat()
    old = None
    try:
        old = team_layout._read_manifest(layout.layout, store.home)[0].standard
    except Exception:
        old = None
    kinds = dict(old.kinds) if old else {}
    kinds.update(given)
    kinds = {k: kinds[k] for k in sorted(kinds, key=kind_order)}
    m = team_admin.set_standard(store, layout, kinds, stamp)
    sync_now(store, now, backend=backend)
    rev = m.standard.rev if m.standard else 0
    if as_json:
        _dump({"standard": kinds, "rev": rev})
        return
    click.echo(f"Team standard set: {_line(kinds)} a day (revision {rev}).")


# ---------------------------------------------------------------- coaching notes


def resolve_rep(store, who: str) -> tuple[str, str]:
    """A rep on the cached board by name (case-insensitive) or rep id (prefix). Two reps may share a name."""
    from repdash.services.team_sync import cached_view

    view = cached_view(store)
    reps = (view.get("reps") if view else None) or []
    key = who.strip()
    by_id = [r for r in reps if r.get("rep_id", "").startswith(key)] if key else []
    if len(by_id) == 1:
        return by_id[0]["rep_id"], by_id[0]["name"]
    by_name = [r for r in reps if r.get("name", "").casefold() == key.casefold()]
    if len(by_name) == 1:
        return by_name[0]["rep_id"], by_name[0]["name"]
    if len(by_name) > 1:
        ids = ", ".join(r["rep_id"][:8] for r in by_name)
        raise BadInput(f"{len(by_name)} reps are called {clean(who, 60)!r}: use a rep id ({ids})")
    # "note Alice" for Alice Smith: a unique start of a name (case-insensitive) is enough.
    by_prefix = [r for r in reps if key and r.get("name", "").casefold().startswith(key.casefold())]
    if len(by_prefix) == 1:
        return by_prefix[0]["rep_id"], by_prefix[0]["name"]
    if len(by_prefix) > 1:
        matches = ", ".join(f"{clean(r.get('name', ''), 40)} ({r['rep_id'][:8]})" for r in by_prefix[:10])
        raise BadInput(f"{clean(who, 60)!r} matches {len(by_prefix)} reps: {matches}; type more of the name")
    if not reps:
        raise BadInput("no team board cached yet: run `repdash sync` or `repdash team` first")
    raise BadInput(f"no rep {clean(who, 60)!r} on the team board")


@click.command()
@click.argument("rep")
@click.argument("text", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (listing).")
@pass_ctx
def note(ctx, rep, text, as_json):
    """(manager) Private coaching notes for 1:1s: add one (REP TEXT) or list them (REP).

    Notes stay in your own repdash folder; they are never written to the team file.
    REP is a name on the team board or a rep id (prefix).
    """
    store = ctx.store
    if not store.require().manager:
        raise BadInput("coaching notes are for managers (set up with `repdash init --manager`)")
    rep_id, name = resolve_rep(store, rep)
    if text:
        add_note(store, rep_id, name, " ".join(text), clock.now())
        click.echo(f"Note saved for {name} (kept on this machine only).")
        return
    notes = notes_for(store, rep_id)
    if as_json:
        _dump([{"at": n["at"], "text": n["text"]} for n in notes])
        return
    if not notes:
        click.echo(f"No notes for {name} yet.")
    for n in notes:
        click.echo(f"{n['at'][:16].replace('T', ' ')}  {n['text']}")


def _set_hidden(store, hidden: bool) -> None:
    store.require()
    store.update_config(hidden=hidden)


@click.command()
@pass_ctx
def hide(ctx):
    """Leave the ranked standings (you still count in team momentum)."""
    _set_hidden(ctx.store, True)
    click.echo("You're off the ranked standings from your next sync; you still count in team momentum.")


@click.command()
@pass_ctx
def unhide(ctx):
    """Show up in the ranked standings again."""
    _set_hidden(ctx.store, False)
    click.echo("You're back in the ranked standings from your next sync.")


def _team_subcommands() -> None:
    from repdash.cli.team_layout_cmds import SUBCOMMANDS

    for command in SUBCOMMANDS:
        team.add_command(command)


_team_subcommands()
COMMANDS = [sync, team, standard, note, hide, unhide]
