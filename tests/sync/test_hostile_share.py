"""Issue 26, the shared folder: a symlinked team path, a killed sync's temp copy (items 1 and 6)."""

from __future__ import annotations

import json
import os
import time

import pendulum
import pytest
from teamfile_data import demo_team, write

from repdash.services import team_sync
from repdash.store.local import LocalStore
from repdash.sync import filestore

NOW_ISO = "2026-11-26T10:30:00+01:00"
NOW = pendulum.parse(NOW_ISO)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links")


def _rep(tmp_path, team_path) -> LocalStore:
    store = LocalStore(tmp_path / "rep")
    store.init("Me Myself", tz="Europe/Berlin", quota=20, now=NOW, team_file=str(team_path))
    return store


def test_a_symlinked_team_path_publishes_to_the_link_target(tmp_path, run_cli):
    """Seen: `sync` replaced the link with a private regular file and exited 0; the real file never changed."""
    (tmp_path / "dropbox").mkdir()
    real = write(tmp_path / "dropbox" / "team.json", demo_team())
    link = tmp_path / "team.json"
    link.symlink_to(real)
    store = _rep(tmp_path, link)
    r = run_cli("sync", home_dir=store.home)
    assert r.code == 0, r.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    me = store.config.rep_id
    assert me in json.loads(real.read_bytes())["reps"]  # the shared file has our entry
    assert [p.name for p in real.parent.iterdir()] != [] and not list(tmp_path.glob(".team.json.*.tmp"))
    # A teammate writing the real file is seen through the link.
    other = json.loads(real.read_bytes())
    other["reps"].pop(me)
    write(real, other)
    r = run_cli("sync", home_dir=store.home)
    assert r.code == 0 and link.is_symlink() and me in json.loads(real.read_bytes())["reps"]


def test_a_relative_chain_of_links_is_followed_to_the_end(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    real = write(tmp_path / "a" / "b" / "team.json", demo_team())
    (tmp_path / "a" / "mid.json").symlink_to("b/team.json")
    (tmp_path / "team.json").symlink_to("a/mid.json")
    store = _rep(tmp_path, tmp_path / "team.json")
    team_sync.sync_now(store, NOW)
    assert (tmp_path / "team.json").is_symlink() and (tmp_path / "a" / "mid.json").is_symlink()
    assert store.config.rep_id in json.loads(real.read_bytes())["reps"]


def test_a_killed_syncs_temp_copy_is_removed_by_the_next_publish_once_stale(tmp_path):
    """Seen: a sync killed between write and rename left a full copy of the team data in the folder for good."""
    share = tmp_path / "share"
    share.mkdir()
    team = write(share / "team.json", demo_team())
    stale = share / ".team.json.0123456789ab.tmp"
    fresh = share / ".team.json.ba9876543210.tmp"  # another rep's write in progress
    foreign = share / ".notes.json.0123456789ab.tmp"  # not ours
    for p in (stale, fresh, foreign):
        p.write_bytes(team.read_bytes())
    old = time.time() - filestore.STALE_TEMP_AGE - 60
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))
    team_sync.sync_now(_rep(tmp_path, team), NOW)
    assert not stale.exists() and fresh.exists() and foreign.exists()


@pytest.mark.parametrize(
    "data, says, reason",
    [
        (bytes(range(256)) * 4, "holds binary data, not JSON text", "corrupt"),
        (b"hello team, this is not json\n", "is not JSON (it starts with 'hello team, this is", "corrupt"),
        (
            b'{"format": "repdash-team", "version": 1, "reps": {}}\ngarbage',
            "extra data after the JSON document",
            "corrupt",
        ),
        (b'{"format": "repdash-team", "version": 1, "reps": {}}{}', "extra data after the JSON document", "corrupt"),
        (b'{"format": "repdash-team", "version": 1, "reps": {"a": {"b": 1}', "is truncated", "truncated"),
        (b'{"format": "repdash-team", "version": 1, "reps": {"a', "is truncated", "truncated"),
        (b'{"format": "repdash-team", "version": tru, "reps": {}}', "is not valid JSON", "corrupt"),
    ],
    ids=[
        "random-bytes",
        "plain-text",
        "trailing-text",
        "trailing-object",
        "cut-after-value",
        "cut-in-string",
        "bad-token",
    ],
)
def test_a_damaged_team_file_is_named_for_what_it_is(data, says, reason):
    """Seen: random bytes, trailing data and plain text were all "truncated"."""
    from repdash.sync.teamfile import BadTeamFile, parse

    with pytest.raises(BadTeamFile) as exc:
        parse(data, "team.json")
    assert says in str(exc.value) and exc.value.reason == reason, str(exc.value)
    assert "\n" not in str(exc.value)


def test_a_syntax_error_inside_one_entry_costs_only_that_entry():
    from teamfile_data import rid

    from repdash.sync.teamfile import parse, serialize

    good = json.dumps(demo_team()).encode()
    broken = good.replace(json.dumps(rid(4)).encode() + b": {", json.dumps(rid(4)).encode() + b": {tru", 1)
    doc = parse(broken)
    assert len(doc.valid) == len(demo_team()["reps"]) - 1 and doc.skipped_count == 1
    assert rid(4) not in json.loads(serialize(doc))["reps"]


@pytest.mark.parametrize(
    "text",
    [
        b"1",
        b'"[[[["',
        b'"\\"[[[["',
        b"[" * 16 + b"]" * 16,
        b"[" * 17 + b"]" * 17,
        b'[{"a":' * 8 + b"1" + b"}]" * 8,
        b'[{"a":' * 9 + b"1" + b"}]" * 9,
        b"[" + b"9" * 320 + b"]",
        b"[" + b"9" * 321 + b"]",
        b'{"a": [1, [2], {"b": [3]}]}',
    ],
)
def test_the_text_check_and_the_value_check_agree(text):
    from repdash.sync import bounded_json

    assert bounded_json.text_within_bounds(text) == bounded_json.within_bounds(json.loads(text))
