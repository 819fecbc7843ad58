"""When repdash speaks outside its window (issue 25): which notices are due, as a pure rule.

Feedback tied to milestones beats a stream of events, so there are few notices, each at
most once a day (teammates' deals: batched, at most one notice per `TEAM_DEAL_EVERY`):

- `target`: a daily target reached (one kind), or every target reached;
- `midday`: at midday (12:00-13:00 local) on a working day, under half of the day's targets;
- `team_deal`: a teammate logged a deal (never the rep's own, never on the first look);
- `streak_risk`: at the rep's chosen time (default 16:00, for an hour) on a working day,
  a streak of at least one day and today's targets not met;
- `contest`: the rep took the lead of a running contest, or one they are in enters its last hour
  (`contest_notices`, issue 23).

Quiet mode, `notify = off`, and the hours outside the notice window (default 08:00-18:00)
silence everything; what is silenced is dropped, not saved for later. Each kind can be switched
off in the config (`nudges`).

The shell (repdash/ui/nudging.py) builds a `Moment` from the dashboard's summary and the team
view, keeps the `Memory` between calls, and hands each `Notice` to the notifier.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from repdash.core.kinds import label, noun
from repdash.core.text import clean_name

if TYPE_CHECKING:
    from collections.abc import Callable

    Say = Callable[[str, str, str, str], None]  # (memory key, kind, title, body): a notice, once a day

KINDS = ("target", "midday", "team_deal", "streak_risk", "contest")
MODES = ("off", "terminal", "desktop")
DEFAULT_MODE = "terminal"
DEFAULT_HOURS = "08:00-18:00"
DEFAULT_STREAK_AT = "16:00"
MIDDAY = time(12, 0)
WINDOW = timedelta(hours=1)  # midday and streak-risk notices are due for an hour, once
TEAM_DEAL_EVERY = timedelta(minutes=10)
MAX_NAMES = 3  # names in one batched teammate notice; the rest are "and N more"
CONTEST_LAST_HOUR = 3600  # seconds: "contest ends in 1 hour"


class Notice(NamedTuple):
    kind: str  # one of KINDS
    title: str
    body: str


class Settings(NamedTuple):
    mode: str = DEFAULT_MODE  # off | terminal | desktop
    quiet: bool = False
    hours: tuple[time, time] = (time(8, 0), time(18, 0))  # notices only from the first to before the second
    streak_at: time = time(16, 0)
    off: frozenset[str] = frozenset()  # kinds switched off


class Moment(NamedTuple):
    """What the rep's app knows at one instant."""

    local: datetime  # now, in the rep's zone
    working_day: bool
    today: Mapping[str, int]  # the rep's counts today
    targets: Mapping[str, int]  # the rep's targets today
    streak: int  # working days in a row met (today included once met)
    team_deals: Mapping[str, tuple[str, int]] | None  # teammates' deals today: rep_id -> (name, n); None: unknown
    contests: tuple[ContestMoment, ...] = ()  # running contests the rep is in (issue 23)


class ContestMoment(NamedTuple):
    """One running contest the rep is in, as the dashboard's card computes it."""

    name: str  # untrusted (the team manifest): cleaned when said
    place: int
    seconds_left: int | None


class Memory(NamedTuple):
    """What was said: kept by the shell between calls."""

    day: str = ""  # ISO date the `said` keys belong to
    said: frozenset[str] = frozenset()
    last_team_notice: datetime | None = None
    pending: Mapping[str, tuple[str, int]] = {}  # teammates' deals not told yet: rep_id -> (name, n)


def parse_hhmm(text: str) -> time:
    """ "16:00" -> time(16, 0); ValueError for anything else."""
    hh, sep, mm = text.partition(":")
    if not sep or len(hh) != 2 or len(mm) != 2 or not (hh.isdigit() and mm.isdigit()):
        raise ValueError(f"not HH:MM: {text!r}")
    return time(int(hh), int(mm))


def parse_hours(text: str) -> tuple[time, time]:
    """ "08:00-18:00" -> (08:00, 18:00); the end must be after the start."""
    first, sep, last = text.partition("-")
    start, end = parse_hhmm(first), parse_hhmm(last) if sep else None
    if end is None or end <= start:
        raise ValueError(f"not HH:MM-HH:MM with the end after the start: {text!r}")
    return start, end


def share_of_targets(today: Mapping[str, int], targets: Mapping[str, int]) -> float | None:
    """0..1: the mean over kinds with a target of min(count / target, 1); None without targets."""
    parts = [min(today.get(k, 0) / t, 1.0) for k, t in targets.items() if t > 0]
    return sum(parts) / len(parts) if parts else None


def _met(today: Mapping[str, int], targets: Mapping[str, int]) -> bool:
    wanted = {k: t for k, t in targets.items() if t > 0}
    return bool(wanted) and all(today.get(k, 0) >= t for k, t in wanted.items())


def _in_window(now: time, start: time) -> bool:
    begin = datetime.combine(datetime.min.date(), start)
    at = datetime.combine(datetime.min.date(), now)
    return begin <= at < begin + WINDOW


def silenced(settings: Settings, moment: Moment) -> bool:
    start, end = settings.hours
    return settings.mode == "off" or settings.quiet or not (start <= moment.local.time() < end)


def _count_team_deals(previous: Moment | None, current: Moment, pending: dict[str, tuple[str, int]]) -> None:
    """Add teammates' deals since the last look to `pending` (a rep whose day turned starts from zero,
    never negative). The same mapping as last time (the shell reuses it until a new team view comes)
    has no news."""
    before_deals = previous.team_deals if previous is not None else None
    now_deals = current.team_deals
    if previous is None or before_deals is None or now_deals is None or now_deals is before_deals:
        return
    if previous.local.date() != current.local.date():
        return
    for rep_id, (name, n) in now_deals.items():
        before = before_deals.get(rep_id, ("", 0))[1]
        if n > before:
            pending[rep_id] = (name, pending.get(rep_id, ("", 0))[1] + n - before)


def _target_notices(previous: Moment | None, current: Moment, say: Say) -> None:
    """Every target hit today (one notice), else each target reached since the last look, the same day."""
    if previous is None or previous.local.date() != current.local.date():
        return
    met_before, met_now = _met(previous.today, current.targets), _met(current.today, current.targets)
    if met_now and not met_before:
        say("target:all", "target", "Every target hit today", "That's a streak day.")
        return
    for kind, target in current.targets.items():
        if target > 0 and previous.today.get(kind, 0) < target <= current.today.get(kind, 0):
            say(f"target:{kind}", "target", f"{label(kind)} target reached", f"{target} today.")


def _day_notices(current: Moment, settings: Settings, say: Say) -> None:
    """On a working day: under half of today's targets at midday, and a streak at risk in the evening."""
    if not current.working_day:
        return
    share = share_of_targets(current.today, current.targets)
    if share is not None and share < 0.5 and _in_window(current.local.time(), MIDDAY):
        behind = {k: t - current.today.get(k, 0) for k, t in current.targets.items() if current.today.get(k, 0) < t}
        worst = max(behind, key=lambda k: behind[k] / current.targets[k])
        body = f"{round(100 * share)}% of today's targets by midday: +{noun(worst, behind[worst])} to go."
        say("midday", "midday", "Halfway check", body)
    if (
        current.streak > 0
        and not _met(current.today, current.targets)
        and _in_window(current.local.time(), settings.streak_at)
    ):
        days = f"{current.streak} day{'s' * (current.streak != 1)}"
        say("streak_risk", "streak_risk", "Streak at risk", f"Your {days} streak needs today's targets.")


def due(previous: Moment | None, current: Moment, settings: Settings, memory: Memory) -> tuple[list[Notice], Memory]:
    """The notices due now, and the memory to keep. `previous` is the last moment seen (None at start)."""
    day = current.local.date().isoformat()
    if memory.day != day:
        memory = Memory(day=day, last_team_notice=memory.last_team_notice)
    said = set(memory.said)
    pending = dict(memory.pending)
    _count_team_deals(previous, current, pending)
    if silenced(settings, current):
        return [], memory._replace(said=frozenset(said), pending={})
    out: list[Notice] = []

    def say(key: str, kind: str, title: str, body: str) -> None:
        if kind not in settings.off and key not in said:
            said.add(key)
            out.append(Notice(kind, title, body))

    _target_notices(previous, current, say)
    _day_notices(current, settings, say)
    last = memory.last_team_notice
    if "team_deal" in settings.off:
        pending = {}
    elif pending and (last is None or current.local - last >= TEAM_DEAL_EVERY):
        out.append(team_deal_notice(pending))
        pending, last = {}, current.local
    out.extend(n for n in contest_notices(previous, current) if n.kind not in settings.off)
    return out, Memory(day=day, said=frozenset(said), last_team_notice=last, pending=pending)


def team_deal_notice(pending: Mapping[str, tuple[str, int]]) -> Notice:
    """One notice for every teammate deal since the last one: names are untrusted, cleaned here."""
    reps = sorted(pending.values(), key=lambda p: (-p[1], p[0].casefold()))
    total = sum(n for _, n in reps)
    names = [clean_name(name) or "a teammate" for name, _ in reps[:MAX_NAMES]]
    more = len(reps) - len(names)
    who = ", ".join(names) + (f" and {more} more" if more else "")
    title = "Deal on the team" if total == 1 else f"{total} deals on the team"
    return Notice("team_deal", title, f"{who} closed {'a deal' if total == 1 else 'deals'}.")


def contest_notices(previous: Moment | None, current: Moment) -> list[Notice]:
    """ "You took the lead" when the rep moves up to first place in a contest since the last look (never
    on the first look), and "ends in 1 hour" when a contest they are in enters its last hour (also on
    the first look: a dashboard opened late still hears it). Names are untrusted: cleaned here."""
    before = {c.name: c for c in (previous.contests if previous is not None else ())}
    out = []
    for c in current.contests:
        name = clean_name(c.name) or "a contest"
        was = before.get(c.name)
        if previous is not None and was is not None and c.place == 1 and was.place != 1:
            out.append(Notice("contest", "You took the lead", f"First place in {name}."))
        left = c.seconds_left
        if left is not None and 0 < left <= CONTEST_LAST_HOUR:
            if was is None or was.seconds_left is None or was.seconds_left > CONTEST_LAST_HOUR:
                out.append(Notice("contest", "Contest ends in 1 hour", f"{name}: you are #{c.place}."))
    return out


def team_deals(view: Mapping[str, Any] | None, my_rep_id: str, today: str) -> dict[str, tuple[str, int]] | None:
    """Teammates' deals today from a board view (`core.board.build_view`): rep_id -> (name, n).

    Left out: the rep themselves, managers, hidden reps (their numbers are theirs), and reps whose
    last summary is from an earlier day. None when there is no view, or it is not from `today`
    (ISO date: a view cached yesterday holds yesterday's counts)."""
    if not view or view.get("date") != today:
        return None
    out = {}
    for row in view.get("reps", ()):
        if not isinstance(row, Mapping) or row.get("rep_id") == my_rep_id:
            continue
        if row.get("manager") or row.get("hidden") or row.get("stale"):
            continue
        n = (row.get("today") or {}).get("deal", 0)
        if isinstance(n, int) and n > 0:
            out[str(row.get("rep_id"))] = (str(row.get("name", "")), n)
    return out


def make_settings(mode: str, quiet: bool, hours: str, streak_at: str, switches: Mapping[str, bool]) -> Settings:
    """Settings from the config's plain values (checked when the config was read)."""
    return Settings(
        mode=mode,
        quiet=quiet,
        hours=parse_hours(hours),
        streak_at=parse_hhmm(streak_at),
        off=frozenset(k for k, on in switches.items() if not on),
    )
