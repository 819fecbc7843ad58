"""Contests (issue 23): the record, its status and window, and the standings (pure: no I/O, no clock).

What a shell calls (the UI, the CLI, `services/contests.py`):

    status(contest, today)                  -> "proposed" | "upcoming" | "running" | "ended" | "cancelled"
    window(contest, today)                  -> Window(start, end) | None  (a repeat: the one holding today)
    standings(contest, entrants, today, daily_targets=None) -> Standings
        rows (ranked Row: name, rep_id or team, score, place, winner), teams (team totals, when the
        contest has teams), reps (every participant's Row, also in a team contest), goal (Goal | None)
    viewer_view(contest, board, rep_id, now_local)  -> ViewerView | None   (the dashboard card's numbers:
        place, score, who to pass and by how much ("3 calls to pass Ben": `pass_text`), time left)
    time_left(contest, now_local)           -> datetime.timedelta | None
    freeze_due(contest, now_utc)            -> bool  (the end date is over in every zone, plus a day of grace)

`Entrant` is one rep as a contest sees them: rep id, name, their local date today and their daily
counts by local date (`entrant_of(TeamEntry)`). Days are each rep's local dates: a contest from the 1st
to the 7th counts the 1st to the 7th in every rep's own calendar. The standings are a function of the
entrants alone (their order does not matter), ties share a place ("1, 2, 2, 4"), and every place up to
`winners` wins (a tie at the last winning place wins too: equal prizes), with a score above 0.

Scoring: `count` (the metric's total in the window; `points` weighs each kind), `standard` (% of the
rep's daily target for the metric over the window's working days so far, so roles with different
targets compete fairly), `improvement` (the window's total minus the rep's own daily average over the
28 days before the window, times the window's days so far: "most improved").
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import NamedTuple, Protocol

from repdash.core import wording
from repdash.core.workdays import count_working_days, week_bounds

METRICS = ("call", "pitch", "commit", "deal", "points")
KINDS = ("call", "pitch", "commit", "deal")
SCORINGS = ("count", "standard", "improvement")
REPEATS = ("day", "week")
STATUSES = ("proposed", "upcoming", "running", "ended", "cancelled")
STATES = ("proposed", "accepted", "declined", "cancelled")  # as stored; "declined" is never listed
DEFAULT_WEIGHTS: Mapping[str, int] = {"call": 1, "pitch": 3, "commit": 5, "deal": 10}
DEFAULT_WINNERS = 3
MAX_WINNERS = 100
MAX_WEIGHT = 1000
MAX_GOAL = 10**9
MAX_TEAMS = 20
MAX_MEMBERS = 1000
MAX_NAME = 60  # a contest's or a team's name
MAX_PRIZE = 200
MAX_DAYS = 366  # a contest's window at most
BASELINE_DAYS = 28  # improvement: the rep's own average over the four weeks before the window
GRACE_DAYS = 1  # results are frozen a day after the end date is over everywhere
UNITS = {"call": "call", "pitch": "pitch", "commit": "commitment", "deal": "deal", "points": "point"}


class Contest(NamedTuple):
    """One contest as the manifest holds it (validated by `sync/contests.py`)."""

    name: str
    metric: str  # METRICS
    scoring: str = "count"  # SCORINGS
    start: dt.date | None = None  # inclusive; for a repeat, the first day it runs
    end: dt.date | None = None  # inclusive; None for a repeat (it runs until cancelled)
    every: str | None = None  # REPEATS, or None for a fixed window
    winners: int = DEFAULT_WINNERS
    prize: str = ""
    goal: int | None = None  # the participants' total of the metric (points for `points`)
    weights: Mapping[str, int] = DEFAULT_WEIGHTS  # per kind, used by `points`
    participants: tuple[str, ...] = ()  # names or rep ids; () = everyone on the board
    teams: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (team name, member names or ids)
    state: str = "accepted"  # STATES
    reason: str = ""  # why it was cancelled (shown to everyone)
    proposed_by: str = ""  # a rep's name, for a proposal


class Window(NamedTuple):
    start: dt.date
    end: dt.date  # inclusive


class Entrant(NamedTuple):
    """One rep as contests see them: daily counts by the rep's local date."""

    rep_id: str
    name: str
    today: dt.date  # the rep's local date of their latest publish
    days: Mapping[dt.date, Mapping[str, int]]


class Row(NamedTuple):
    name: str
    score: float
    place: int
    winner: bool
    rep_id: str | None = None  # a rep's row
    team: str | None = None  # a team's row


class TeamTotal(NamedTuple):
    team: str
    score: float
    place: int
    winner: bool
    members: tuple[str, ...]  # names of the members who published


class Goal(NamedTuple):
    total: int
    goal: int
    fraction: float  # 0..1
    reached: bool


class Standings(NamedTuple):
    window: Window | None
    rows: tuple[Row, ...]  # what is ranked: teams in a team contest, else reps
    reps: tuple[Row, ...]  # every participating rep, ranked among themselves
    teams: tuple[TeamTotal, ...]
    goal: Goal | None


class ViewerView(NamedTuple):
    place: int | None  # None: the viewer is not in this contest
    score: float | None
    of: int  # how many are ranked
    ahead: str | None  # the name (or team) one place up
    to_pass: float | None  # how much more the viewer needs to pass them
    unit: str  # "call", "point", "%", ...
    time_left: dt.timedelta | None
    winning: bool  # inside the winning places now

    def pass_text(self) -> str | None:
        """ "3 calls to pass Ben" (None when first or not ranked)."""
        if self.ahead is None or self.to_pass is None:
            return None
        n = self.to_pass
        if self.unit == "%":
            return f"{n:g}% to pass {self.ahead}"
        amount = f"{n:g}"
        word = self.unit if n == 1 else plural(self.unit)
        return f"{amount} {word} to pass {self.ahead}"


def plural(word: str) -> str:
    """A unit's plural ("calls", "pitches"): the one plural rule, core/wording's."""
    return wording.plural(word, 2)


# ---------------------------------------------------------------- calendar


def window(contest: Contest, today: dt.date) -> Window | None:
    """The window that counts on `today` (a repeat: today's day or ISO week, Monday to Sunday; before a
    repeat's first day, its first window). None for a contest with no dates."""
    if contest.every is None:
        if contest.start is None or contest.end is None:
            return None
        return Window(contest.start, contest.end)
    day = max(today, contest.start) if contest.start else today
    if contest.every == "day":
        return Window(day, day)
    return Window(*week_bounds(day))


def previous_window(contest: Contest, today: dt.date) -> Window | None:
    """A repeat's window before the current one (the one to freeze), if the contest ran then."""
    if contest.every is None or contest.start is None:
        return None
    now = window(contest, today)
    assert now is not None
    last = now.start - dt.timedelta(days=1)
    if last < contest.start:
        return None
    return window(contest, last)


def status(contest: Contest, today: dt.date) -> str:
    if contest.state in ("cancelled", "declined"):  # a declined proposal reads as cancelled (its reason says)
        return "cancelled"
    if contest.state == "proposed":
        return "proposed"
    if contest.start is not None and today < contest.start:
        return "upcoming"
    if contest.end is not None and today > contest.end:
        return "ended"
    return "running"


def started(contest: Contest, today: dt.date) -> bool:
    """Once started, rules cannot change (only a cancel)."""
    return contest.state == "accepted" and contest.start is not None and today >= contest.start


def freeze_due(contest: Contest, now_utc: dt.datetime) -> bool:
    """A fixed contest's result can be frozen: its end date is over in every zone (UTC-12) and a
    day of grace has passed, so reps who sell late on the last day have published."""
    if contest.state != "accepted" or contest.end is None or contest.every is not None:
        return False
    return _over_everywhere(contest.end, now_utc)


def _over_everywhere(day: dt.date, now_utc: dt.datetime) -> bool:
    # The last zone (UTC-12) ends `day` at (day + 1) 12:00 UTC.
    over = dt.datetime.combine(day + dt.timedelta(days=1 + GRACE_DAYS), dt.time(12), tzinfo=dt.UTC)
    return now_utc >= over


def repeat_freeze_due(contest: Contest, now_utc: dt.datetime) -> Window | None:
    """A repeating contest's latest window that is over in every zone (plus the grace), if any."""
    if contest.state != "accepted" or contest.every is None or contest.start is None:
        return None
    done = (now_utc.astimezone(dt.UTC) - dt.timedelta(hours=12)).date() - dt.timedelta(days=1 + GRACE_DAYS)
    if done < contest.start:
        return None
    w = window(contest, done)
    if w is not None and w.end > done:
        w = previous_window(contest, done)
    return w


def time_left(contest: Contest, now_local: dt.datetime) -> dt.timedelta | None:
    """Until the end of the current window in the viewer's zone (`now_local` is aware); None when
    the contest is not running."""
    today = now_local.date()
    if status(contest, today) != "running":
        return None
    w = window(contest, today)
    if w is None:
        return None
    end = dt.datetime.combine(w.end + dt.timedelta(days=1), dt.time(0), tzinfo=now_local.tzinfo)
    return max(end - now_local, dt.timedelta(0))


# ---------------------------------------------------------------- scoring


class _Published(Protocol):  # core.team.TeamEntry (not imported: the team entry holds contests)
    @property
    def rep_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def contest_days(self) -> Mapping[dt.date, Mapping[str, int]]: ...


def entrant_of(entry: _Published) -> Entrant:
    return Entrant(entry.rep_id, entry.name, entry.date, entry.contest_days)


def day_value(contest: Contest, counts: Mapping[str, int]) -> int:
    """What one day is worth: the metric's count, or the weighted points."""
    if contest.metric == "points":
        return sum(counts.get(k, 0) * w for k, w in contest.weights.items())
    return counts.get(contest.metric, 0)


class DayCounts(Mapping[dt.date, Mapping[str, int]]):
    """A rep's daily counts by local date, with running totals per kind (built on first use), so a
    window's total is two bisections: 500 reps x 5 contests stay within milliseconds. Read-only."""

    __slots__ = ("_days", "_ords", "_cum")

    def __init__(self, days: Mapping[dt.date, Mapping[str, int]]) -> None:
        self._days = dict(sorted(days.items()))
        self._ords = [d.toordinal() for d in self._days]
        self._cum: dict[str, list[int]] = {}

    def __getitem__(self, day: dt.date) -> Mapping[str, int]:
        return self._days[day]

    def __iter__(self) -> Iterator[dt.date]:
        return iter(self._days)

    def __len__(self) -> int:
        return len(self._days)

    def __repr__(self) -> str:
        return f"DayCounts({self._days!r})"

    def total(self, kind: str, start: dt.date, end: dt.date) -> int:
        """The sum of `kind` from `start` to `end`, inclusive."""
        return self.span(((kind, 1),), start.toordinal(), end.toordinal())

    def span(self, weights: Iterable[tuple[str, int]], first: int, last: int) -> int:
        """The weighted sum of the kinds between two day ordinals, inclusive."""
        i = bisect_left(self._ords, first)
        j = bisect_right(self._ords, last)
        if j <= i:
            return 0
        total = 0
        for kind, w in weights:
            cum = self._cum.get(kind)
            if cum is None:
                cum = self._cum[kind] = list(accumulate((c.get(kind, 0) for c in self._days.values()), initial=0))
            total += (cum[j] - cum[i]) * w
        return total


def day_counts(days: Mapping[dt.date, Mapping[str, int]]) -> DayCounts:
    return days if isinstance(days, DayCounts) else DayCounts(days)


def _weights(contest: Contest) -> tuple[tuple[str, int], ...]:
    if contest.metric == "points":
        return tuple((k, w) for k, w in contest.weights.items() if w)
    return ((contest.metric, 1),)


class _Scorer:
    """One contest's scoring in one window, its constants worked out once for all reps."""

    def __init__(self, contest: Contest, w: Window) -> None:
        self.scoring = contest.scoring
        self.weights = _weights(contest)
        self.w = w
        self.first, self.last = w.start.toordinal(), w.end.toordinal()
        self.workdays: dict[int, int] = {}

    def __call__(self, e: Entrant, daily_target: Mapping[str, int] | None = None) -> tuple[float, int]:
        days = e.days if type(e.days) is DayCounts else DayCounts(e.days)
        last = self.last
        today = e.today.toordinal()
        if today < last:
            last = today
        raw = days.span(self.weights, self.first, last) if last >= self.first else 0
        if self.scoring == "count":
            return float(raw), raw
        if self.scoring == "standard":
            per_day = sum((daily_target or {}).get(k, 0) * n for k, n in self.weights)
            wd = self.workdays.get(last)
            if wd is None:
                wd = self.workdays[last] = count_working_days(self.w.start, dt.date.fromordinal(max(last, self.first)))
            due = per_day * max(wd, 1)
            return (round(100.0 * raw / due, 1) if due > 0 else 0.0), raw
        # improvement: over the rep's own average of the BASELINE_DAYS before the window
        baseline = days.span(self.weights, self.first - BASELINE_DAYS, self.first - 1) / BASELINE_DAYS
        elapsed = max(last - self.first + 1, 0)
        return round(raw - baseline * elapsed, 1), raw


def score(contest: Contest, e: Entrant, w: Window, daily_target: Mapping[str, int] | None = None) -> tuple[float, int]:
    """(score, raw total) of one rep in window `w`, counted through the rep's own today."""
    return _Scorer(contest, w)(e, daily_target)


def _ranked(items: list[tuple[float, str, str]], winners: int) -> list[tuple[int, bool]]:
    """Places for (score, name, key) already sorted: ties share a place ("1, 2, 2, 4"). A winning
    place needs a score above 0: nobody wins a prize by doing nothing (or, scored on improvement, by
    doing less than before)."""
    out: list[tuple[int, bool]] = []
    place = 0
    prev: float | None = None
    for i, (s, _, _) in enumerate(items):
        if prev is None or s != prev:
            place = i + 1
            prev = s
        out.append((place, place <= winners and s > 0))
    return out


def _sort_key(item: tuple[float, str, str]) -> tuple[float, str, str]:
    return (-item[0], item[1].casefold(), item[2])


def participants(contest: Contest, entrants: Iterable[Entrant]) -> dict[str, tuple[Entrant, str | None]]:
    """rep id -> (entrant, team or None) of everyone in the contest: a name (case-insensitive) or a
    rep id names a rep (a name shared by two reps names both). A rep named in two teams counts for
    the first one."""
    pool = sorted(entrants, key=lambda e: e.rep_id)
    if not contest.teams and not contest.participants:
        return {e.rep_id: (e, None) for e in pool}
    by_key: dict[str, list[Entrant]] = {}
    for e in pool:
        by_key.setdefault(e.name.casefold(), []).append(e)
    by_id = {e.rep_id: e for e in pool}
    groups = contest.teams or ((None, contest.participants),)
    out: dict[str, tuple[Entrant, str | None]] = {}
    for team, members in groups:
        for who in members:
            key = who.strip()
            found = by_key.get(key.casefold(), []) + ([by_id[key]] if key in by_id else [])
            for e in found:
                if e.rep_id not in out:
                    out[e.rep_id] = (e, team)
    return dict(sorted(out.items()))


def standings(
    contest: Contest,
    entrants: Iterable[Entrant],
    today: dt.date,
    daily_targets: Mapping[str, Mapping[str, int]] | None = None,
) -> Standings:
    """The standings on `today` (the viewer's date picks a repeat's window; each rep counts their
    own dates in it). `daily_targets`: rep id -> {kind: daily target}, for `standard` scoring."""
    w = window(contest, today)
    return standings_in(contest, entrants, w, daily_targets)


def standings_in(
    contest: Contest,
    entrants: Iterable[Entrant],
    w: Window | None,
    daily_targets: Mapping[str, Mapping[str, int]] | None = None,
) -> Standings:
    if w is None:
        return Standings(None, (), (), (), None)
    people = participants(
        contest, (e if isinstance(e.days, DayCounts) else e._replace(days=DayCounts(e.days)) for e in entrants)
    )
    keyed: list[tuple[float, str, str, str]] = []  # (-score, name folded, rep id, name): the sort order
    raw_sum = 0
    team_of: dict[str, str | None] = {}
    scorer = _Scorer(contest, w)
    targets = daily_targets or {}
    for rep_id, (e, team) in people.items():
        s, raw = scorer(e, targets.get(rep_id))
        raw_sum += raw
        keyed.append((-s, e.name.casefold(), rep_id, e.name))
        team_of[rep_id] = team
    keyed.sort()
    scored = [(-k[0], k[3], k[2]) for k in keyed]
    rep_rows = tuple(
        Row(name, s, place, win, rep_id)
        for (s, name, rep_id), (place, win) in zip(scored, _ranked(scored, contest.winners), strict=True)
    )
    teams: tuple[TeamTotal, ...] = ()
    rows = rep_rows
    if contest.teams:
        team_items: list[tuple[float, str, str]] = []
        members: dict[str, list[str]] = {}
        for team, _ in contest.teams:
            mine = [r for r in rep_rows if team_of.get(r.rep_id or "") == team]
            members[team] = [r.name for r in mine]
            vals = [r.score for r in mine]
            if contest.scoring == "standard":
                total = round(sum(vals) / len(vals), 1) if vals else 0.0
            else:
                total = round(sum(vals), 1)
            team_items.append((total, team, team))
        team_items.sort(key=_sort_key)
        placed = _ranked(team_items, contest.winners)
        teams = tuple(
            TeamTotal(team, s, place, win, tuple(members[team]))
            for (s, team, _), (place, win) in zip(team_items, placed, strict=True)
        )
        rows = tuple(Row(t.team, t.score, t.place, t.winner, team=t.team) for t in teams)
    goal = None
    if contest.goal:
        goal = Goal(raw_sum, contest.goal, min(raw_sum / contest.goal, 1.0), raw_sum >= contest.goal)
    return Standings(w, rows, rep_rows, teams, goal)


def unit(contest: Contest) -> str:
    if contest.scoring == "standard":
        return "%"
    return UNITS[contest.metric]


def viewer_view(contest: Contest, board: Standings, rep_id: str, now_local: dt.datetime) -> ViewerView:
    """The dashboard card: the viewer's (or their team's) place and score, the next one up and how
    much it takes to pass them, time left."""
    left = time_left(contest, now_local)
    mine = next((r for r in board.reps if r.rep_id == rep_id), None)
    if mine is None:
        return ViewerView(None, None, len(board.rows), None, None, unit(contest), left, False)
    rows: Sequence[Row] = board.rows
    me: Row = mine
    if contest.teams:
        team = next((t.team for t in board.teams if mine.name in t.members), None)
        me = next((r for r in rows if r.team == team), mine)
    ahead = next((r for r in reversed(rows) if r.score > me.score), None)
    to_pass = None
    if ahead is not None:
        gap = ahead.score - me.score
        step = 0.1 if contest.scoring != "count" else 1
        to_pass = round(gap + step, 1) if step != 1 else int(gap) + 1
    return ViewerView(
        me.place, me.score, len(rows), ahead.name if ahead else None, to_pass, unit(contest), left, me.winner
    )


def parse_teams(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`East:Ana,Ben;West:Cy,Dee` -> (("East", ("Ana", "Ben")), ("West", ("Cy", "Dee"))). ValueError
    for an empty team, a team without members, a repeated team, or too many."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, members = part.partition(":")
        name = name.strip()
        people = tuple(m.strip() for m in members.split(",") if m.strip())
        if not sep or not name or not people:
            raise ValueError(f"a team needs a name and members, like East:Ana,Ben (got {part.strip()!r})")
        if len(name) > MAX_NAME or any(len(p) > 200 for p in people) or len(people) > MAX_MEMBERS:
            raise ValueError("a team's name or member list is too long")
        if any(name.casefold() == t.casefold() for t, _ in out):
            raise ValueError(f"team {name!r} is named twice")
        out.append((name, people))
    if len(out) < 2:
        raise ValueError("a team contest needs at least two teams, like East:Ana,Ben;West:Cy,Dee")
    if len(out) > MAX_TEAMS:
        raise ValueError(f"at most {MAX_TEAMS} teams")
    return tuple(out)


def parse_weights(text: str) -> dict[str, int]:
    """`call=1,pitch=3` -> weights (kinds not named weigh 0). ValueError otherwise."""
    out: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        kind, sep, value = part.partition("=")
        kind = kind.strip().lower()
        if not sep or kind not in KINDS:
            raise ValueError(f"weights are KIND=N for call, pitch, commit, deal (got {part.strip()!r})")
        try:
            n = int(value.strip())
        except ValueError:
            raise ValueError(f"the weight of {kind} must be a whole number (got {value.strip()!r})") from None
        if not 0 <= n <= MAX_WEIGHT:
            raise ValueError(f"the weight of {kind} must be 0 to {MAX_WEIGHT}")
        out[kind] = n
    if not out or not any(out.values()):
        raise ValueError("weights need at least one kind above 0, like call=1,deal=10")
    return {k: out.get(k, 0) for k in KINDS}


def to_json(contest: Contest) -> dict[str, object]:
    """The contest as stored (in the manifest, or in a rep's entry as a proposal)."""
    out: dict[str, object] = {
        "name": contest.name,
        "metric": contest.metric,
        "scoring": contest.scoring,
        "start": contest.start.isoformat() if contest.start else None,
        "end": contest.end.isoformat() if contest.end else None,
        "every": contest.every,
        "winners": contest.winners,
        "prize": contest.prize,
        "goal": contest.goal,
        "state": contest.state,
    }
    if contest.metric == "points":
        out["weights"] = dict(contest.weights)
    if contest.participants:
        out["participants"] = list(contest.participants)
    if contest.teams:
        out["teams"] = [[team, list(members)] for team, members in contest.teams]
    if contest.reason:
        out["reason"] = contest.reason
    if contest.proposed_by:
        out["proposed_by"] = contest.proposed_by
    return out


def same_rules(a: Contest, b: Contest) -> bool:
    """Equal but for state, reason and who proposed it."""
    return a._replace(state="accepted", reason="", proposed_by="") == b._replace(
        state="accepted", reason="", proposed_by=""
    )
