"""`repdash contest new|propose|accept|decline|cancel|list|show` (issue 23; SPEC "contests").

Contests live in a team location's manifest (`services/contest_admin.py`); a single team file is
refused with the way to move ("contests need a team location: repdash team migrate"). Manager-only
commands exit 2 for anyone without authority, with nothing written.
"""

from __future__ import annotations

import datetime as dt

import click

from repdash import clock
from repdash.cli.context import pass_ctx
from repdash.cli.output import dumps
from repdash.core.wording import count
from repdash.errors import BadInput


def _backend(store):
    from repdash.services.contest_admin import require_layout
    from repdash.sync.teamio import require_backend

    store.require()
    backend = require_backend(store)
    require_layout(backend)
    return backend


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{option} must be a date YYYY-MM-DD, not {value!r}") from None
    if len(value) != 10 or not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise BadInput(f"{option} must be a date YYYY-MM-DD between 2000 and 2100, not {value!r}")
    return day


def _rules(func):
    for opt in reversed(
        [
            click.argument("name"),
            click.option("--metric", type=click.Choice(["call", "pitch", "commit", "deal", "points"]), required=True),
            click.option("--weights", default=None, help="For points: call=1,pitch=3,commit=5,deal=10 (the default)."),
            click.option("--start", default=None, help="First day, YYYY-MM-DD (inclusive, each rep's own date)."),
            click.option("--end", default=None, help="Last day, YYYY-MM-DD (inclusive)."),
            click.option("--every", type=click.Choice(["day", "week"]), default=None, help="Repeat every day or week."),
            click.option("--scoring", type=click.Choice(["count", "standard", "improvement"]), default="count"),
            click.option("--winners", type=click.IntRange(1, 100), default=3, help="Places that win (equal prizes)."),
            click.option("--prize", default="", help="What the winners get."),
            click.option("--goal", type=click.IntRange(1, 10**9), default=None, help="A team total to reach."),
            click.option("--teams", default=None, help='Team against team: "East:Ana,Ben;West:Cy,Dee".'),
            click.option("--participants", default=None, help="Only these reps: names or ids, comma-separated."),
            click.option("--json", "as_json", is_flag=True, help="Machine-readable output."),
        ]
    ):
        func = opt(func)
    return func


def _contest(store, now, name, metric, weights, start, end, every, scoring, winners, prize, goal, teams, participants):
    from repdash.core import contests as c
    from repdash.core.text import clean_name

    title = clean_name(name).strip()
    if not title or len(title) > c.MAX_NAME:
        raise BadInput(f"a contest's name is 1 to {c.MAX_NAME} characters")
    first, last = _date(start, "--start"), _date(end, "--end")
    if every is None:
        if first is None or last is None:
            raise BadInput("give --start and --end (YYYY-MM-DD), or --every day|week")
        if last < first:
            raise BadInput("--end is before --start")
        if (last - first).days >= c.MAX_DAYS:
            raise BadInput(f"a contest lasts at most {c.MAX_DAYS} days")
        if last < store.today(now):
            raise BadInput(f"--end {last.isoformat()} is over already: a contest is for days still to come")
    else:
        if last is not None:
            raise BadInput("a repeating contest (--every) has no --end: it runs until cancelled")
        first = first or store.today(now)
    if weights is not None and metric != "points":
        raise BadInput("--weights is for --metric points")
    if len(prize) > c.MAX_PRIZE:
        raise BadInput(f"the prize is at most {c.MAX_PRIZE} characters")
    try:
        w = c.parse_weights(weights) if weights else dict(c.DEFAULT_WEIGHTS)
        t = c.parse_teams(teams) if teams else ()
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    people = tuple(p.strip() for p in (participants or "").split(",") if p.strip())
    if people and t:
        raise BadInput("give --teams or --participants, not both")
    return c.Contest(
        name=title,
        metric=metric,
        scoring=scoring,
        start=first,
        end=last,
        every=every,
        winners=winners,
        prize=clean_name(prize),
        goal=goal,
        weights=w,
        participants=people,
        teams=t,
    )


def _when(ct) -> str:
    if ct.every:
        return f"every {ct.every} from {ct.start}"
    return f"{ct.start} to {ct.end}"


@click.group()
def contest():
    """Contests: time-boxed competitions a manager starts or a rep proposes (team location only)."""


@contest.command("new")
@_rules
@pass_ctx
def new_cmd(ctx, name, as_json, **rules):
    """(Manager) Start a contest (replaces one of the same name that has not started)."""
    from repdash.services import contest_admin
    from repdash.services.team_layout import NoAuthority

    store = ctx.store
    backend = _backend(store)
    now = clock.now()
    try:
        ct = contest_admin.new(store, backend, _contest(store, now, name, **rules), now)
    except NoAuthority:  # a rep: say what a rep can do
        raise NoAuthority(
            "only a manager with authority starts a contest; propose it to your manager instead: "
            "`repdash contest propose` with the same name and options"
        ) from None
    if as_json:
        click.echo(dumps({"ok": True, "name": ct.name}))
        return
    click.echo(f"Contest {ct.name!r}: {ct.metric}, {_when(ct)}, {count(ct.winners, 'winner')}.")


@contest.command("propose")
@_rules
@pass_ctx
def propose_cmd(ctx, name, as_json, **rules):
    """Propose a contest: your managers see it and accept or decline it."""
    from repdash.services import contest_admin

    store = ctx.store
    backend = _backend(store)
    now = clock.now()
    ct = contest_admin.propose(store, backend, _contest(store, now, name, **rules), now)
    from repdash.services.team_sync import sync_now

    sync_now(store, now, backend=backend)  # the proposal travels in this rep's signed entry
    if as_json:
        click.echo(dumps({"ok": True, "name": ct.name, "status": "proposed"}))
        return
    click.echo(f"Proposed {ct.name!r} ({ct.metric}, {_when(ct)}): a manager can accept or decline it.")


@contest.command("accept")
@click.argument("name")
@pass_ctx
def accept_cmd(ctx, name):
    """(Manager) Accept a rep's proposed contest."""
    from repdash.services import contest_admin

    store = ctx.store
    ct = contest_admin.accept(store, _backend(store), name, clock.now())
    click.echo(f"Accepted {ct.name!r} (proposed by {ct.proposed_by}): {_when(ct)}.")


@contest.command("decline")
@click.argument("name")
@pass_ctx
def decline_cmd(ctx, name):
    """(Manager) Decline a rep's proposed contest."""
    from repdash.services import contest_admin

    store = ctx.store
    done = contest_admin.decline(store, _backend(store), name, clock.now())
    click.echo(f"Declined {done!r}.")


@contest.command("cancel")
@click.argument("name")
@click.option("--reason", required=True, help="Shown to everyone.")
@pass_ctx
def cancel_cmd(ctx, name, reason):
    """(Manager) Cancel a contest; everyone sees the reason."""
    from repdash.core.text import clean_name
    from repdash.services import contest_admin

    why = clean_name(reason).strip()
    if not why or len(why) > 200:
        raise BadInput("--reason is 1 to 200 characters")
    store = ctx.store
    done = contest_admin.cancel(store, _backend(store), name, why, clock.now())
    click.echo(f"Cancelled {done!r}: {why}")


def _line(v) -> str:
    head = f"{v['name']}  [{v['status']}]  {v['metric']}"
    if v.get("scoring") != "count":
        head += f" ({v['scoring']})"
    when = f"every {v['every']}" if v.get("every") else f"{v.get('start')} to {v.get('end')}"
    head += f"  {when}"
    if v.get("prize"):
        head += f"  prize: {v['prize']}"
    return head


def _score(v, score: float) -> str:
    """ "12 calls", "45 points", "104 %" (scoring against the standard), "+8 calls" (improvement)."""
    from repdash.core import contests as c

    unit = "point" if v.get("metric") == "points" else c.UNITS.get(str(v.get("metric")), "")
    if v.get("scoring") == "standard":
        return f"{score:g} %"
    shown = count(score, unit)
    return f"+{shown}" if v.get("scoring") == "improvement" and score > 0 else shown


def _print(v, full: bool) -> None:
    click.echo(_line(v))
    if v.get("reason"):
        click.echo(f"  {'declined' if v['reason'].startswith('declined') else 'cancelled'}: {v['reason']}")
    if v.get("proposed_by"):
        click.echo(f"  proposed by {v['proposed_by']}")
    rows = v.get("standings") or []
    for r in rows if full else rows[: v.get("winners", 3)]:
        mark = "*" if r.get("winner") else " "
        click.echo(f"  {mark}{r['place']:>3}. {r['name']}  {_score(v, r['score'])}")
    if v.get("goal"):
        click.echo(f"  goal: {v.get('goal_total') or 0} of {v['goal']}")
    if v.get("time_left_s") is not None:
        left = int(v["time_left_s"])
        click.echo(f"  {left // 86400}d {left % 86400 // 3600}h left")
    if v.get("frozen"):
        click.echo("  final (frozen)")


@contest.command("list")
@click.option("--all", "include_all", is_flag=True, help="Also finished, cancelled and declined contests.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def list_cmd(ctx, include_all, as_json):
    """The team's contests (and proposals waiting for a manager)."""
    from repdash.services import contest_admin

    store = ctx.store
    views = contest_admin.list_contests(store, _backend(store), clock.now(), include_all=include_all)
    if as_json:
        click.echo(dumps({"contests": views}))
        return
    if not views:
        click.echo("No contests. A manager starts one with `repdash contest new`; anyone can `contest propose`.")
    for v in views:
        _print(v, full=False)


@contest.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def show_cmd(ctx, name, as_json):
    """One contest with its standings."""
    from repdash.services import contest_admin

    store = ctx.store
    v = contest_admin.show(store, _backend(store), clock.now(), name)
    if as_json:
        click.echo(dumps(v))
        return
    _print(v, full=True)


COMMANDS = [contest]
