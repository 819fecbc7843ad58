"""The team file protocol: validation, merge, conflict copies, locks, and fuzzing."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from teamfile_data import demo_team, doc, entry, rid, write

from repdash.services import team_sync
from repdash.sync import teamfile, teamio
from repdash.sync.filestore import LOCK_TRIES, FileBackend
from repdash.sync.teamfile import BadTeamFile, TeamFileMissing, TeamFileUnreachable

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def _entry(n=1, name="Ana", rev=1, **kw):
    return entry(n, name, {"call": 40, "pitch": 8, "commit": 3, "deal": 1}, rev=rev, **kw)


def _publish(path, raw, local_rev=0, lock_tries=LOCK_TRIES):
    """One publish of a raw entry (validated as the team file would) to a file backend."""
    return teamio.publish(FileBackend(path, lock_tries), teamfile.validate_entry(raw["rep_id"], raw), local_rev)


def _read(path):
    return teamio.read_team(FileBackend(path))


# ---------------------------------------------------------------- parse / validate


def test_round_trip_keeps_everything(tmp_path):
    data = demo_team()
    parsed = teamfile.parse(json.dumps(data).encode())
    assert len(parsed.valid) == 9 and parsed.skipped_count == 0
    again = teamfile.parse(teamfile.serialize(parsed))
    assert again.raw == parsed.raw and again.standard == parsed.standard


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "truncated"),
        (b'{"format": "repdash-team", "version": 1, "reps": {"a', "truncated"),
        (b"not json at all}", "corrupt"),
        (b'{"hello": "world"}', "foreign"),
        (b"[1, 2, 3]", "foreign"),
        (b'{"format": "repdash-team", "version": 2, "reps": {}}', "newer"),
        (b'{"format": "repdash-team", "version": "1", "reps": {}}', "corrupt"),
        (b'{"format": "repdash-team", "version": 1, "reps": []}', "corrupt"),
    ],
)
def test_unusable_files_are_refused(data, reason):
    with pytest.raises(BadTeamFile) as exc:
        teamfile.parse(data, "team.json")
    assert exc.value.reason == reason
    assert "\n" not in str(exc.value)


def test_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(teamfile, "MAX_BYTES", 100)
    with pytest.raises(BadTeamFile) as exc:
        teamfile.parse(b"{" + b" " * 200 + b"}")
    assert exc.value.reason == "too_large"


def test_invalid_entries_are_skipped_counted_and_kept():
    data = doc([_entry(1), _entry(2, "Ben")])
    data["reps"]["zz-bad"] = {"rev": "x", "name": 5}
    data["reps"][rid(2)]["today"] = {"call": -1}
    parsed = teamfile.parse(json.dumps(data).encode())
    assert set(parsed.valid) == {rid(1)}
    assert parsed.skipped_count == 2
    out = teamfile.parse(teamfile.serialize(parsed))
    assert out.raw["zz-bad"] == {"rev": "x", "name": 5}  # not ours to delete


def test_names_are_cleaned_of_control_characters():
    e = _entry(1, "Eve\x1b[31m\u202eRed\x07")
    parsed = teamfile.parse(json.dumps(doc([e])).encode())
    assert parsed.valid[rid(1)].name == "EveRed"


def test_merge_keeps_highest_revision_and_standard():
    a = teamfile.parse(json.dumps(doc([_entry(1, rev=3), _entry(2, "Ben", rev=1)], std_rev=1)).encode())
    b = teamfile.parse(
        json.dumps(
            doc(
                [_entry(1, "Ana old", rev=2), _entry(2, "Ben new", rev=5), _entry(3, "Cy")],
                standard={"call": 50},
                std_rev=2,
            )
        ).encode()
    )
    teamfile.merge_into(a, b)
    assert a.valid[rid(1)].name == "Ana" and a.valid[rid(2)].name == "Ben new" and rid(3) in a.valid
    assert a.standard.kinds == {"call": 50}


# ---------------------------------------------------------------- publish / read


def test_publish_creates_then_replaces_only_own_entry(tmp_path):
    path = tmp_path / "team.json"
    r1 = _publish(path, _entry(1), 0)
    assert r1.created and r1.rev == 1
    write(
        path,
        json.loads(path.read_text())
        | {"reps": {**json.loads(path.read_text())["reps"], rid(2): _entry(2, "Ben", rev=9)}},
    )
    r2 = _publish(path, _entry(1, "Ana B"), 0)
    assert r2.rev == 2  # the file knew revision 1: the next one is 2 even if the local counter was lost
    got = teamfile.parse(path.read_bytes())
    assert got.valid[rid(1)].name == "Ana B" and got.valid[rid(2)].rev == 9


def test_lost_write_comes_back_on_next_publish(tmp_path):
    path = tmp_path / "team.json"
    _publish(path, _entry(1), 0)
    _publish(path, _entry(2, "Ben"), 0)
    write(path, doc([_entry(2, "Ben")]))  # a sync tool overwrote the file with an older copy
    _publish(path, _entry(1), 1)
    assert set(teamfile.parse(path.read_bytes()).valid) == {rid(1), rid(2)}


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"format": "repdash-team", "version": 1, "re',
        b'{"format": "other"}',
        b'{"format": "repdash-team", "version": 9, "reps": {}}',
        b"\x00\xff" * 10,
    ],
)
def test_publish_never_overwrites_an_unusable_file(tmp_path, content):
    path = tmp_path / "team.json"
    path.write_bytes(content)
    with pytest.raises(BadTeamFile):
        _publish(path, _entry(1), 0)
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["team.json"]


def test_unreachable_folder_and_missing_file(tmp_path):
    with pytest.raises(TeamFileUnreachable):
        _publish(tmp_path / "nope" / "team.json", _entry(1), 0)
    assert not (tmp_path / "nope").exists()  # never creates the share's folder
    with pytest.raises(TeamFileMissing):
        _read(tmp_path / "team.json")


def test_conflict_copies_are_merged_and_retired(tmp_path):
    path = tmp_path / "team.json"
    write(path, doc([_entry(1, rev=2)]))
    dropbox = write(tmp_path / "team (Ben's conflicted copy 2026-11-26).json", doc([_entry(2, "Ben", rev=4)]))
    syncthing = write(
        tmp_path / "team.sync-conflict-20261126-101500-ABCDEFG.json",
        doc([_entry(1, "Ana stale", rev=1), _entry(3, "Cy", rev=1)], standard={"call": 45}, std_rev=3),
    )
    broken = tmp_path / "team.sync-conflict-20261126-101600-XYZ.json"
    broken.write_bytes(b"{broken")
    unrelated = write(tmp_path / "other (conflicted copy).json", doc([_entry(4, "Dee")]))
    read = _read(path)  # read-only: merges in memory, deletes nothing
    assert set(read.doc.valid) == {rid(1), rid(2), rid(3)} and read.bad_copies == 1
    assert dropbox.exists() and syncthing.exists()
    result = _publish(path, _entry(5, "Eli"), 0)
    assert result.merged_copies == 2 and result.retired_copies == 2 and result.bad_copies == 1
    assert not dropbox.exists() and not syncthing.exists() and broken.exists() and unrelated.exists()
    final = teamfile.parse(path.read_bytes())
    assert set(final.valid) == {rid(1), rid(2), rid(3), rid(5)}
    assert final.valid[rid(1)].name == "Ana"  # highest revision wins
    assert final.standard.kinds == {"call": 45}


def _hold_lock(lock_path, ready):
    from filelock import FileLock

    lock = FileLock(lock_path)
    lock.acquire()
    ready.set()
    signal.pause()


def test_stale_lock_from_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "team.json"
    (tmp_path / "team.json.lock").write_text("leftover from a crash")  # a stale lock file
    assert _publish(path, _entry(1), 0).rev == 1
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path / "team.json.lock"), ready))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(TeamFileUnreachable, match="locked"):
            _publish(path, _entry(1), 0, lock_tries=3)  # bounded: no infinite wait
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(20)
        assert _publish(path, _entry(1), 0).rev == 2  # the dead holder's lock is gone
    finally:
        if holder.is_alive():
            holder.kill()
            holder.join()


# ---------------------------------------------------------------- the board


def test_board_ranks_by_own_target_and_zeroes_stale_today():
    view = team_sync.view_of(teamfile.parse(json.dumps(demo_team()).encode()), NOW, "Europe/Berlin")
    names = [r["name"] for r in view["reps"]]
    assert names[:2] == ["Ana Smith", "Ben Okafor"]
    ranked = [r for r in view["reps"] if r["rank"]]
    assert [r["rank"] for r in ranked] == list(range(1, 8))
    hidden = next(r for r in view["reps"] if r["name"] == "Gia Rossi")
    assert hidden["rank"] is None and hidden["at_standard"]
    finn = next(r for r in view["reps"] if r["name"] == "Finn Weber")
    assert finn["stale"] and all(v == 0 for v in finn["today"].values()) and finn["week"]["call"] > 0
    boss = next(r for r in view["reps"] if r["name"] == "[bold red]Boss[/]")
    assert boss["coaching"] == "+1 pitch a day" and boss["gap"] == {"call": 2, "pitch": 1} and boss["days_below"] >= 1
    maria = next(r for r in view["reps"] if r["manager"])
    assert maria["standard"] == {"one_on_one": 2, "coaching": 1} and not maria["at_standard"]
    # Ana, Ben and hidden Gia are at standard (the hidden rep still counts in momentum, the manager
    # does not): 3 of 8 reps.
    assert view["momentum"]["today"] == {"at": 3, "of": 8, "pct": 37.5}
    assert view["at_standard_pct"] == 37.5
    assert [t["tier"] for t in view["tiers"]] == ["top", "middle", "bottom"]
    assert sum(t["count"] for t in view["tiers"]) == 8


def test_two_reps_may_share_a_name():
    data = doc([_entry(1, "Sam"), _entry(2, "Sam")])
    view = team_sync.view_of(teamfile.parse(json.dumps(data).encode()), NOW, "Europe/Berlin")
    assert [r["name"] for r in view["reps"]] == ["Sam", "Sam"]
    assert {r["rep_id"] for r in view["reps"]} == {rid(1), rid(2)}


# ---------------------------------------------------------------- fuzzing

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)
entry_like = st.fixed_dictionaries(
    {},
    optional={
        "rev": json_values | st.integers(0, 100),
        "name": json_values | st.text(max_size=30),
        "date": st.sampled_from(["2026-11-26", "2026-13-01", "x"]) | json_values,
        "tz": st.sampled_from(["Europe/Berlin", "Mars/Base", "../../etc/passwd"]) | json_values,
        "today": st.dictionaries(
            st.sampled_from(["call", "pitch", "BAD", ""]), st.integers(-5, 10**8) | json_values, max_size=3
        ),
        "week": st.dictionaries(st.sampled_from(["call", "deal"]), st.integers(0, 50), max_size=2),
        "targets": st.dictionaries(st.sampled_from(["call", "deal"]), st.integers(0, 50), max_size=2),
        "last_sync": st.sampled_from(["2026-11-26T10:00:00+01:00", "2026-11-26T10:00:00", "nope"]) | json_values,
        "recent": json_values,
        "rates": json_values,
        "hidden": json_values,
        "manager": json_values,
        "period_end": json_values,
        "period_start": st.sampled_from(["2026-11-01"]) | json_values,
        "quota": json_values,
    },
)
team_like = st.fixed_dictionaries(
    {
        "format": st.sampled_from(["repdash-team", "other"]) | json_values,
        "version": st.sampled_from([1, 1, 2, 0]) | json_values,
    },
    optional={
        "reps": st.dictionaries(
            st.text(max_size=40) | st.sampled_from([rid(1), rid(2)]), entry_like | json_values, max_size=4
        ),
        "standard": json_values | st.fixed_dictionaries({"rev": st.integers(0, 5), "kinds": json_values}),
    },
)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _check_file(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    for op in (lambda: _read(path), lambda: _publish(path, _entry(7, "Me"), 0, lock_tries=5)):
        try:
            got = op()
        except BadTeamFile:
            assert path.read_bytes() == content  # never overwritten
            continue
        doc_ = got.doc
        team_sync.view_of(doc_, NOW, "Europe/Berlin")  # the board copes with whatever validated
    if path.read_bytes() != content:  # written: only our entry changed, everything else kept verbatim
        before = json.loads(content)["reps"] if isinstance(json.loads(content).get("reps"), dict) else {}
        after = json.loads(path.read_bytes())["reps"]
        assert {k: v for k, v in after.items() if k != rid(7)} == {k: v for k, v in before.items() if k != rid(7)}


@FUZZ
@given(content=st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(tmp_path_factory, content):
    _check_file(tmp_path_factory.mktemp("fz") / "team.json", content)


@FUZZ
@given(data=team_like)
def test_fuzz_arbitrary_json(tmp_path_factory, data):
    _check_file(tmp_path_factory.mktemp("fj") / "team.json", json.dumps(data).encode())


@FUZZ
@given(data=json_values)
def test_fuzz_any_json_value(tmp_path_factory, data):
    _check_file(tmp_path_factory.mktemp("fv") / "team.json", json.dumps(data).encode())


def test_start_date_and_prorated_quota_round_trip_and_stay_optional():
    from datetime import date

    new = entry(1, "Ana Smith", {"call": 30, "deal": 1}, quota=15)
    new.update(start_date="2026-11-18", quota_this_period=7)
    old = entry(2, "Ben Okafor", {"call": 30, "deal": 1}, quota=15)
    parsed = teamfile.parse(json.dumps(doc([new, old])).encode())
    ana, ben = parsed.valid[rid(1)], parsed.valid[rid(2)]
    assert (ana.start_date, ana.quota_this_period) == (date(2026, 11, 18), 7)
    assert ana.to_json()["start_date"] == "2026-11-18" and ana.to_json()["quota_this_period"] == 7
    assert (ben.start_date, ben.quota_this_period) == (None, None)  # an old entry is still valid
    assert "start_date" not in ben.to_json() and "quota_this_period" not in ben.to_json()


def test_a_damaged_start_date_or_prorated_quota_invalidates_the_entry():
    for field, bad in (("start_date", "18.11.2026"), ("start_date", "1999-01-01"), ("quota_this_period", -3)):
        e = entry(1, "Ana Smith", {"call": 30, "deal": 1})
        e[field] = bad
        assert rid(1) not in teamfile.parse(json.dumps(doc([e])).encode()).valid, (field, bad)


# ---- the chunked read gives exactly what json.loads gives -------------------------------------
def _serialized_team(n: int) -> bytes:
    reps = [entry(i, f"Rep {i}", {"call": 30 + i, "pitch": 6, "commit": 2, "deal": 1}) for i in range(n)]
    return teamfile.serialize(teamfile.parse(json.dumps(doc(reps)).encode()))


def _as_loaded(data: bytes):
    """(True, the document's JSON text) or (False, the error's text): what a read of `data` gives."""
    try:
        return True, json.dumps(json.loads(data), sort_keys=True)
    except (ValueError, RecursionError) as exc:
        return False, f"{type(exc).__name__}: {exc}"


def _as_line_loaded(data: bytes):
    try:
        return True, json.dumps(teamfile.load_json(data), sort_keys=True)
    except (ValueError, RecursionError) as exc:
        return False, f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("reps", [0, 1, 3, 130])
def test_a_file_as_written_reads_in_chunks_as_json_loads_reads_it(reps):
    data = _serialized_team(reps)
    assert data.count(b"\n") == reps + 2 or reps == 0  # the layout the chunked read expects
    assert _as_line_loaded(data) == _as_loaded(data)
    assert _as_loaded(data)[0]


EDITS = [b"", b",", b"\n", b",\n", b"\n,", b" ", b"}", b"{", b'"', b"[", b"1e400", b"18446744073709551616", b"NaN"]
EDITS += [b'"\\ud800"', b'"x":1', b'"x":{}']


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 4),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(-3, 3), st.integers(0, 3), st.sampled_from(EDITS)), max_size=3
    ),
    st.sampled_from([1, 2, teamfile.LINES_PER_READ]),
)
@example(2, [(1, 1, 0, b",\n")], 1)  # an empty line with a comma between two reps: ",\n," is not JSON
@example(2, [(1, -1, 1, b" ")], 1)  # a rep line's comma turned into a space: the reps run together
def test_any_edit_of_a_file_reads_as_json_loads_reads_it(reps, edits, per_read):
    """Characters cut, doubled or added around the line breaks (a comma, a brace, an empty line, odd
    numbers): the chunked read returns the same document, or fails with the same error, as
    `json.loads`."""
    data = bytearray(_serialized_team(reps))
    for line, offset, cut, insert in edits:
        breaks = [i for i, c in enumerate(data) if c == ord("\n")] or [0]
        at = min(max(breaks[line % len(breaks)] + offset, 0), len(data))
        data[at : at + cut] = insert
    default, teamfile.LINES_PER_READ = teamfile.LINES_PER_READ, per_read  # chunk borders at every line
    try:
        assert _as_line_loaded(bytes(data)) == _as_loaded(bytes(data))
    finally:
        teamfile.LINES_PER_READ = default
