"""Achievements: pure rules over daily counts (no Textual, no I/O).

Each achievement has a stable id, a name, a one-line rule, a narrow icon and two
functions: `check(facts, day)` (was it earned on `day`?) and `progress(facts, day)`
(how far along is a locked one, as seen on `day`).

Design notes (the known ways badges fail):
- Quality over volume: "Sharp Shooter" and "Converter" compare a week's conversion
  with the rep's *own* rates, so padding calls lowers the rate and earns nothing.
- Padding-proof comparisons: "Personal Best" and "Most Improved" count funnel XP
  (pitches and deeper), not calls.
- Personal, not public: "Most Improved" and "Personal Best" compare the rep with
  themselves, so the middle of the pack can earn them as easily as the stars.
- Fair streaks: every working-day rule skips weekends, holidays and days off.
- Earned once: the caller stores {"id", "date"} in the store's "achievements"
  table; `newly_earned(already, ...)` returns only what is new.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property
from typing import Any

from repdash.core import game
from repdash.core.workdays import is_working_day, previous_working_days, week_bounds, working_days

DailyCounts = game.DailyCounts
TargetsOn = Callable[[date], Mapping[str, int]]

EARLY_BIRD_BEFORE = time(8, 30)
STREAK_SHORT = 5
STREAK_LONG = 20
HAT_TRICK = 3
RAINMAKER_DEALS = 5
BASELINE_DAYS = 20
# A quality week needs enough volume for a rate to mean anything.
MIN_WEEK_CALLS = 30
MIN_BASELINE_CALLS = 60
MIN_WEEK_PITCHES = 8
MIN_BASELINE_PITCHES = 15
QUALITY_LIFT = 1.2  # 20 % better than your own baseline
IMPROVED_LIFT = 1.25
IMPROVED_WEEKS = 4
PERSONAL_BEST_MIN_DAYS = 5
# Kinds left out of the "best" and "improved" comparisons: volume anyone can pad.
SHALLOW = frozenset({"call"})


@dataclass(frozen=True)
class Context:
    """Facts that are not in the daily counts.

    first_times: the earliest local time something was logged, per local date.
    standard: the team's daily standard ({kind: n}); falls back to own targets.
    team_quest_done: this week's team quest is complete (see core.quests).
    """

    first_times: Mapping[date, time] = field(default_factory=dict)
    standard: Mapping[str, int] | None = None
    team_quest_done: bool = False


@dataclass(frozen=True)
class Progress:
    current: float
    goal: float
    text: str = ""

    @property
    def fraction(self) -> float:
        if self.goal <= 0:
            return 1.0
        return max(0.0, min(1.0, self.current / self.goal))


@dataclass(frozen=True)
class Earned:
    id: str
    name: str
    icon: str
    day: date

    def as_record(self) -> dict[str, str]:
        """What goes into the store's "achievements" table."""
        return {"id": self.id, "date": self.day.isoformat(), "name": self.name}


class Facts:
    """History seen through the game rules, with the lookups every rule needs (cached)."""

    def __init__(
        self,
        history: DailyCounts,
        targets_on: TargetsOn | Mapping[str, int],
        off: Collection[date] = (),
        context: Context | None = None,
    ) -> None:
        self.history = history
        self._targets = targets_on
        self.off = frozenset(off)
        self.context = context or Context()
        self._xp: dict[date, int] = {}
        self._streak: dict[date, int] = {}

    def targets(self, day: date) -> Mapping[str, int]:
        t = self._targets
        return t(day) if callable(t) else t

    def counts(self, day: date) -> Mapping[str, int]:
        return self.history.get(day, {})

    def n(self, day: date, kind: str) -> int:
        return self.counts(day).get(kind, 0)

    def active(self, day: date) -> bool:
        return any(v > 0 for v in self.counts(day).values())

    def met(self, day: date) -> bool:
        return game.met_day(self.counts(day), self.targets(day))

    def at_standard(self, day: date) -> bool:
        goal = self.context.standard or self.targets(day)
        return self.active(day) and game.targets_met(self.counts(day), goal)

    def xp(self, day: date) -> int:
        if day not in self._xp:
            self._xp[day] = game.xp_of_day(self.counts(day), self.targets(day)) if self.active(day) else 0
        return self._xp[day]

    def streak(self, day: date) -> int:
        if day not in self._streak:  # every day's streak in one forward pass (freezes depend on order)
            last = max([day, *self.history]) if self.history else day
            self._streak = game.streaks_by_day(self.history, self._targets_fn, last, self.off)
            self._streak.setdefault(day, 0)
        return self._streak[day]

    def _targets_fn(self, day: date) -> Mapping[str, int]:
        return self.targets(day)

    @cached_property
    def days(self) -> list[date]:
        """Dates with activity, oldest first."""
        return sorted(d for d in self.history if self.active(d))

    def days_before(self, day: date) -> list[date]:
        return [d for d in self.days if d < day]

    def week_days(self, day: date) -> list[date]:
        """Working days of `day`'s week, up to and including `day`."""
        start, _ = week_bounds(day)
        return working_days(start, day, self.off)

    def total(self, days: Iterable[date], kind: str) -> int:
        return sum(self.n(d, kind) for d in days)

    def baseline(self, day: date) -> list[date]:
        """The working days before `day`'s week that the rep's own rates come from."""
        start, _ = week_bounds(day)
        return previous_working_days(start, BASELINE_DAYS, self.off, include=False)

    def deep_xp(self, day: date) -> int:
        """XP from pitches and deeper (no calls, no bonus): what padding calls cannot inflate."""
        return sum(game.xp_for(k, n) for k, n in self.counts(day).items() if k not in SHALLOW and n > 0)

    def week_xp(self, day: date) -> int:
        """Deep XP of `day`'s week up to `day`."""
        start, _ = week_bounds(day)
        return sum(self.deep_xp(d) for d in self.history if start <= d <= day)


Check = Callable[["Facts", date], bool]  # earned on this day?
ProgressOf = Callable[["Facts", date], "Progress"]  # how far along on this day


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    icon: str
    rule: str
    category: str  # start | volume | quality | consistency | team
    check: Check
    progress: ProgressOf


# ---------------------------------------------------------------- the rules


def _first_log(f: Facts, d: date) -> bool:
    return f.active(d)


def _first_log_p(f: Facts, d: date) -> Progress:
    return Progress(1 if f.days else 0, 1, "press c after a call")


def _on_target(f: Facts, d: date) -> bool:
    return f.met(d)


def _on_target_p(f: Facts, d: date) -> Progress:
    targets = {k: n for k, n in f.targets(d).items() if n > 0}
    done = sum(1 for k, n in targets.items() if f.n(d, k) >= n)
    return Progress(done, len(targets), f"{done} of {len(targets)} targets today")


def _personal_best(f: Facts, d: date) -> bool:
    earlier = f.days_before(d)
    if len(earlier) < PERSONAL_BEST_MIN_DAYS or not f.active(d):
        return False
    return f.deep_xp(d) > max(f.deep_xp(x) for x in earlier)


def _personal_best_p(f: Facts, d: date) -> Progress:
    earlier = f.days_before(d)
    if len(earlier) < PERSONAL_BEST_MIN_DAYS:
        return Progress(len(earlier), PERSONAL_BEST_MIN_DAYS, "after 5 days of history")
    best = max(f.deep_xp(x) for x in earlier)
    return Progress(f.deep_xp(d), best + 1, f"{f.deep_xp(d):,} / {best + 1:,} funnel XP")


def _streak_rule(n: int) -> tuple[Check, ProgressOf]:
    def check(f: Facts, d: date) -> bool:
        return is_working_day(d, f.off) and f.streak(d) >= n

    def progress(f: Facts, d: date) -> Progress:
        s = f.streak(d)
        return Progress(s, n, f"{s} of {n} days in a row")

    return check, progress


def _kind_in_day(kind: str, n: int, what: str) -> tuple[Check, ProgressOf]:
    def check(f: Facts, d: date) -> bool:
        return f.n(d, kind) >= n

    def progress(f: Facts, d: date) -> Progress:
        have = f.n(d, kind)
        return Progress(have, n, f"{min(have, n)} of {n} {what} today")

    return check, progress


def _slump_before(f: Facts, d: date) -> int:
    """Working days in a row below standard right before `d` (within active history)."""
    if not f.days:
        return 0
    n = 0
    for x in reversed(previous_working_days(d, 30, f.off, include=False)):
        if x < f.days[0] or f.at_standard(x):
            break
        n += 1
    return n


def _comeback(f: Facts, d: date) -> bool:
    return is_working_day(d, f.off) and f.at_standard(d) and _slump_before(f, d) >= 3


def _comeback_p(f: Facts, d: date) -> Progress:
    slump = _slump_before(f, d)
    if slump >= 3:
        return Progress(0, 1, "one day at standard does it")
    return Progress(0, 1, "for bouncing back")


FUNNEL4 = ("call", "pitch", "commit", "deal")


def _full_funnel(f: Facts, d: date) -> bool:
    return all(f.n(d, k) > 0 for k in FUNNEL4)


def _full_funnel_p(f: Facts, d: date) -> Progress:
    have = sum(1 for k in FUNNEL4 if f.n(d, k) > 0)
    return Progress(have, 4, f"{have} of 4 kinds logged today")


def _early_bird(f: Facts, d: date) -> bool:
    first = f.context.first_times.get(d)
    return first is not None and first < EARLY_BIRD_BEFORE and f.met(d)


def _early_bird_p(f: Facts, d: date) -> Progress:
    first = f.context.first_times.get(d)
    started = first is not None and first < EARLY_BIRD_BEFORE
    return Progress(
        int(started) + int(f.met(d)), 2, "started early: now hit every target" if started else "start before 8:30"
    )


def _improved_base(f: Facts, d: date) -> float | None:
    start, _ = week_bounds(d)
    weeks = [f.week_xp(start - timedelta(days=7 * i + 1)) for i in range(IMPROVED_WEEKS)]
    if sum(1 for w in weeks if w > 0) < IMPROVED_WEEKS:
        return None
    return sum(weeks) / IMPROVED_WEEKS


def _most_improved(f: Facts, d: date) -> bool:
    base = _improved_base(f, d)
    return base is not None and f.active(d) and f.week_xp(d) >= IMPROVED_LIFT * base


def _most_improved_p(f: Facts, d: date) -> Progress:
    base = _improved_base(f, d)
    if base is None:
        return Progress(0, 1, "needs 4 weeks of history")
    goal = int(IMPROVED_LIFT * base) + 1
    return Progress(f.week_xp(d), goal, f"{f.week_xp(d):,} / {goal:,} funnel XP")


def _rate_rule(num: str, den: str, min_week: int, min_base: int, label: str) -> tuple[Check, ProgressOf]:
    """A week whose num/den rate beats the rep's own rate over the previous 20 working days."""

    def rates(f: Facts, d: date) -> tuple[float | None, float | None, int]:
        week = f.week_days(d)
        base = f.baseline(d)
        wd, bd = f.total(week, den), f.total(base, den)
        week_rate = f.total(week, num) / wd if wd >= min_week else None
        base_rate = f.total(base, num) / bd if bd >= min_base else None
        return week_rate, base_rate, wd

    def check(f: Facts, d: date) -> bool:
        week_rate, base_rate, _ = rates(f, d)
        return (
            week_rate is not None and base_rate is not None and base_rate > 0 and week_rate >= QUALITY_LIFT * base_rate
        )

    def progress(f: Facts, d: date) -> Progress:
        week_rate, base_rate, wd = rates(f, d)
        if base_rate is None or base_rate <= 0:
            return Progress(0, 1, "needs 4 weeks of history")
        goal = QUALITY_LIFT * base_rate
        if week_rate is None:
            return Progress(0, goal, f"{wd} of {min_week} {label} this week")
        return Progress(week_rate, goal, f"{week_rate:.0%} this week, goal {goal:.0%}")

    return check, progress


def _week_so_far(f: Facts, d: date) -> list[date]:
    start, _ = week_bounds(d)
    return [x for x in f.history if start <= x <= d]


def _rainmaker(f: Facts, d: date) -> bool:
    return f.total(_week_so_far(f, d), "deal") >= RAINMAKER_DEALS


def _rainmaker_p(f: Facts, d: date) -> Progress:
    n = f.total(_week_so_far(f, d), "deal")
    return Progress(n, RAINMAKER_DEALS, f"{n} of {RAINMAKER_DEALS} deals this week")


def _team_player(f: Facts, d: date) -> bool:
    return f.context.team_quest_done


def _team_player_p(f: Facts, d: date) -> Progress:
    return Progress(0, 1, "finish a team quest together")


_s5, _s5p = _streak_rule(STREAK_SHORT)
_s20, _s20p = _streak_rule(STREAK_LONG)
_hat, _hatp = _kind_in_day("commit", HAT_TRICK, "commitments")
_sharp, _sharpp = _rate_rule("pitch", "call", MIN_WEEK_CALLS, MIN_BASELINE_CALLS, "calls")
_conv, _convp = _rate_rule("commit", "pitch", MIN_WEEK_PITCHES, MIN_BASELINE_PITCHES, "pitches")

ACHIEVEMENTS: tuple[Achievement, ...] = (
    # Not "First Dial": a manager's first 1:1 earns it too, and that is no dial.
    Achievement("first_log", "First Log", "✎", "Log your first activity", "start", _first_log, _first_log_p),
    Achievement("on_target", "On Target", "◎", "Hit every daily target in one day", "volume", _on_target, _on_target_p),
    Achievement(
        "full_funnel",
        "Full Funnel",
        "▼",
        "Log a call, pitch, commitment and deal in one day",
        "quality",
        _full_funnel,
        _full_funnel_p,
    ),
    Achievement("hat_trick", "Hat Trick", "♛", "Win 3 verbal commitments in one day", "quality", _hat, _hatp),
    Achievement(
        "early_bird",
        "Early Bird",
        "☀",
        "Start before 8:30 and hit every target that day",
        "consistency",
        _early_bird,
        _early_bird_p,
    ),
    Achievement(
        "streak_5",
        "Five in a Row",
        "✦",
        "Hit every target 5 working days in a row (holidays never break it)",
        "consistency",
        _s5,
        _s5p,
    ),
    Achievement(
        "streak_20",
        "Iron Month",
        "❖",
        "Hit every target 20 working days in a row (holidays never break it)",
        "consistency",
        _s20,
        _s20p,
    ),
    Achievement(
        "personal_best",
        "Personal Best",
        "★",
        "Beat your best day ever in funnel XP (pitches and deeper)",
        "volume",
        _personal_best,
        _personal_best_p,
    ),
    Achievement(
        "comeback",
        "Comeback",
        "↺",
        "Back at standard after 3 working days below",
        "consistency",
        _comeback,
        _comeback_p,
    ),
    Achievement(
        "most_improved",
        "Most Improved",
        "↗",
        "A week 25% above your own 4-week average funnel XP",
        "volume",
        _most_improved,
        _most_improved_p,
    ),
    Achievement(
        "sharp_shooter",
        "Sharp Shooter",
        "◉",
        "A week turning calls into pitches 20% better than your own rate",
        "quality",
        _sharp,
        _sharpp,
    ),
    Achievement(
        "converter",
        "Converter",
        "⇶",
        "A week turning pitches into commitments 20% better than your own rate",
        "quality",
        _conv,
        _convp,
    ),
    Achievement("rainmaker", "Rainmaker", "♦", "Close 5 deals in one week", "quality", _rainmaker, _rainmaker_p),
    Achievement(
        "team_player", "Team Player", "⚑", "Your team completes its weekly quest", "team", _team_player, _team_player_p
    ),
)


# ---------------------------------------------------------------- evaluation


def _days_to_check(facts: Facts, today: date, since: date | None) -> list[date]:
    days = [d for d in facts.days if (since is None or d >= since) and d <= today]
    if today not in days:
        days.append(today)
    return days


def evaluate(
    history: DailyCounts,
    targets_on: TargetsOn | Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    context: Context | None = None,
    *,
    since: date | None = None,
    only: Iterable[str] | None = None,
) -> list[Earned]:
    """Every achievement earned in the history (up to `today`), each with the first date it was earned.

    `since` limits the days looked at (e.g. `today` after a single log: cheap);
    None scans all history (a first run, or the demo).
    Context-only rules (team) are dated `today`.
    """
    facts = Facts(history, targets_on, off, context)
    wanted = [a for a in ACHIEVEMENTS if only is None or a.id in set(only)]
    days = _days_to_check(facts, today, since)
    out = []
    for a in wanted:
        for d in days:
            if a.check(facts, d):
                out.append(Earned(a.id, a.name, a.icon, d))
                break
    return out


def newly_earned(
    already: Collection[str],
    history: DailyCounts,
    targets_on: TargetsOn | Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    context: Context | None = None,
    *,
    since: date | None = None,
) -> list[Earned]:
    """Achievements earned that are not in `already` (ids). Pass since=today after a log."""
    todo = [a.id for a in ACHIEVEMENTS if a.id not in set(already)]
    if not todo:
        return []
    return evaluate(history, targets_on, today, off, context, since=since, only=todo)


BY_ID: dict[str, Achievement] = {a.id: a for a in ACHIEVEMENTS}


def no_longer_earned(
    earned_on: Mapping[str, date],
    history: DailyCounts,
    targets_on: TargetsOn | Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    context: Context | None = None,
) -> list[str]:
    """Ids (of `earned_on`: id -> date earned) that the history no longer earns on any day.

    After an undo: an achievement stands only while the entries that earned it stand.
    Team achievements depend on the team, not on the rep's entries: never taken back here.
    """
    ids = [i for i in earned_on if i in BY_ID and BY_ID[i].category != "team"]
    if not ids:
        return []
    still = {e.id for e in evaluate(history, targets_on, today, off, context, only=ids)}
    return [i for i in ids if i not in still]


def progress(
    history: DailyCounts,
    targets_on: TargetsOn | Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    context: Context | None = None,
) -> dict[str, Progress]:
    """How far along each achievement is as of `today` (meaningful for locked ones)."""
    facts = Facts(history, targets_on, off, context)
    return {a.id: a.progress(facts, today) for a in ACHIEVEMENTS}


def first_times(entries: Iterable[Any]) -> dict[date, time]:
    """Earliest local time per local date from entries with `.at` (ISO with offset) and `.date`.

    Backfilled entries (source "import") are left out: early bird is for live logging.
    """
    out: dict[date, time] = {}
    for e in entries:
        if getattr(e, "source", "log") == "import":
            continue
        day = date.fromisoformat(e.date)
        hh, mm = int(e.at[11:13]), int(e.at[14:16])
        t = time(hh, mm)
        if day not in out or t < out[day]:
            out[day] = t
    return out
