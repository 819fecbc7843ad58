"""The trophy case: glue between the store and the pure achievement, quest and season rules.

`record_new_achievements(store, now)` is what the dashboard calls after a log; the
trophy screen shows `trophy_data`. No Textual here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pendulum

from repdash.core import achievements as ach
from repdash.core import quests, seasons

if TYPE_CHECKING:
    from repdash.core.shapes import BoardView

TABLE = "achievements"
CHECKED_TABLE = "achievements_checked"


def earned_records(store) -> dict[str, date]:
    """id -> date earned, from the store's "achievements" table (first record wins)."""
    out: dict[str, date] = {}
    for doc in sorted(store.table_all(TABLE), key=lambda d: str(d.get("date", ""))):
        try:
            out.setdefault(str(doc["id"]), date.fromisoformat(str(doc["date"])))
        except (KeyError, ValueError):
            continue
    return out


def team_quest(store, now: pendulum.DateTime, view: BoardView | None = None) -> quests.Quest | None:
    """This week's team quest from `view`, or the team view cached at the last sync (None without one)."""
    try:
        from repdash.services.team_standard import reps_standard
        from repdash.services.team_sync import cached_view

        view = view if view is not None else cached_view(store)
        if not view or not view.get("reps"):
            return None
        trend_days = (view.get("momentum") or {}).get("trend_days") or []
        reps = [dict(r, trend_days=trend_days) for r in view["reps"]]
        # Quests count reps, not managers: the reps' standard, also when a manager looks.
        return quests.weekly_quest(reps, reps_standard(store, cached_only=True), store.today(now), store.off_days)
    except Exception:
        return None  # the team side is optional: never let it break the trophy room


def achievement_context(
    store, now: pendulum.DateTime, since: date | None = None, quest: quests.Quest | None = None
) -> ach.Context:
    today = store.today(now)
    entries = store.day_entries(today) if since == today else store.entries(since=since)
    standard = None
    try:
        from repdash.services.team_standard import current_standard

        standard = current_standard(store, cached_only=True)
    except Exception:
        pass
    quest = quest if quest is not None else team_quest(store, now)
    return ach.Context(
        first_times=ach.first_times(entries), standard=standard, team_quest_done=bool(quest and quest.done)
    )


def record_new_achievements(store, now: pendulum.DateTime, quest: quests.Quest | None = None) -> list[ach.Earned]:
    """Evaluate, store and return what is newly earned (each once, with its date).

    The first call scans the whole history (so an existing rep gets past badges with
    their real dates, silently: the caller should celebrate only earned.day == today);
    later calls look only at days since the last check, which after a log is today.
    """
    if not store.initialized:
        return []
    today = store.today(now)
    checked = store.table_all(CHECKED_TABLE)
    since = None
    if checked:
        try:
            since = min(date.fromisoformat(str(checked[0]["through"])), today)
        except (KeyError, ValueError):
            since = None
    have = earned_records(store)
    new = ach.newly_earned(
        set(have),
        store.daily_counts(),
        store.targets_on_factory(),
        today,
        store.off_days,
        achievement_context(store, now, since, quest),
        since=since,
    )
    for e in new:
        store.table_insert(TABLE, e.as_record())
    if not checked or checked[0].get("through") != today.isoformat():
        store.table_replace(CHECKED_TABLE, [{"through": today.isoformat()}])
    return new


def take_back_undone(store, now: pendulum.DateTime, day: date) -> list[str]:
    """After an undo of an entry on `day`: remove achievements (earned that day or later) that the
    remaining entries no longer earn, and return their names. The rule: an achievement stands only
    while the entries that earned it stand; logging a deal and undoing it keeps no "Full Funnel"."""
    if not store.initialized:
        return []
    recent = {i: d for i, d in earned_records(store).items() if d >= day}
    if not recent:
        return []
    gone = ach.no_longer_earned(
        recent,
        store.daily_counts(),
        store.targets_on_factory(),
        store.today(now),
        store.off_days,
        achievement_context(store, now),
    )
    if gone:
        store.table_replace(TABLE, [d for d in store.table_all(TABLE) if str(d.get("id")) not in gone])
    return [ach.BY_ID[i].name for i in gone]


def trophy_data(store, now: pendulum.DateTime) -> dict[str, Any]:
    today = store.today(now)
    daily = store.daily_counts()
    targets_on = store.targets_on_factory()
    off = store.off_days
    quest = team_quest(store, now)
    ctx = achievement_context(store, now, today, quest)
    return {
        "today": today,
        "earned": earned_records(store),
        "progress": ach.progress(daily, targets_on, today, off, ctx),
        "lifetime": seasons.lifetime(daily, targets_on),
        "season": seasons.season_summary(daily, targets_on, today, off),
        "quest": quest,
    }
