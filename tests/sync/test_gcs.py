"""A team location on Google Cloud Storage (gs://), against fake-gcs-server on loopback
(tests/support/gcs.py): what the layout reads, the versions it compares, and how a write is made
conditional. The emulator takes no upload from the client (every XML API PUT is answered 400
"invalid uploadType", and it ignores generation preconditions even on its JSON API), so the
writes repdash makes on gs:// are pinned here as strict xfails: they start passing, and so fail
as XPASS, the day the emulator accepts them."""

from __future__ import annotations

import threading

import pytest

from repdash.errors import BadInput
from repdash.sync.backend import WriteConflict
from repdash.sync.layout import open_layout
from repdash.sync.teamfile import TeamFileUnreachable

NO_UPLOAD = (
    "fake-gcs-server answers every XML API PUT /BUCKET/KEY (the only upload obstore's GCS client "
    "sends, with x-goog-if-generation-match) with 400 'invalid uploadType'"
)


@pytest.fixture
def gs(request, monkeypatch):
    from objstores import prepared

    return prepared(request, monkeypatch, "gs")


def test_a_version_is_the_same_listed_read_or_headed(gs):
    """The bug this file was written for: a listing has the ETag, GET and HEAD had the generation,
    so every object of a gs:// team looked changed at every read and was fetched again."""
    gs.put_raw("t/team.json", b'{"m": 1}')
    gs.put_raw("t/reps/ab12.json", b'{"r": 1}')
    gs.put_raw("t/notes.txt", b"not a layout object")
    layout = open_layout(gs.url("t/"))
    listed = layout.listing()
    assert set(listed) == {"team.json", "reps/ab12.json"}
    got = layout.get("reps/ab12.json", 1000)
    assert got == (b'{"r": 1}', listed["reps/ab12.json"])
    assert layout.head("team.json") == listed["team.json"]
    assert all(v.startswith('"') and v.endswith('"') for v in listed.values())  # quoted, as GET has it
    assert layout.get("reps/none.json", 1000) is None and layout.head("reps/none.json") is None
    gs.put_raw("t/reps/ab12.json", b'{"r": 2}')  # changed by its writer: a new version
    assert layout.listing()["reps/ab12.json"] != listed["reps/ab12.json"]


def test_a_write_on_a_stale_or_deleted_version_is_a_conflict_and_writes_nothing(gs):
    """A conditional write first checks the object's ETag (one HEAD, answered by the emulator):
    changed or gone since our read is a conflict, and no PUT is sent."""
    gs.put_raw("t/reps/ab12.json", b"theirs")
    layout = open_layout(gs.url("t/"))
    read = layout.get("reps/ab12.json", 1000)
    assert read is not None
    gs.put_raw("t/reps/ab12.json", b"theirs, again")
    with pytest.raises(WriteConflict):
        layout.put("reps/ab12.json", b"mine", read[1])
    assert gs.get_raw("t/reps/ab12.json") == b"theirs, again"
    gs.delete_raw("t/reps/ab12.json")
    with pytest.raises(WriteConflict):
        layout.put("reps/ab12.json", b"mine", read[1])
    assert layout.head("reps/ab12.json") is None


def test_a_plain_http_endpoint_needs_google_allow_http(gs, monkeypatch):
    monkeypatch.delenv("GOOGLE_ALLOW_HTTP")
    with pytest.raises(BadInput) as err:
        open_layout(gs.url("t/"))
    assert str(err.value) == (
        f"refusing the plain-http endpoint http://127.0.0.1:{gs.port} for gs://repdash-team/t/team.json: "
        "set GOOGLE_ALLOW_HTTP=true to send requests unencrypted"
    )
    assert "private_key" not in str(err.value)
    monkeypatch.setenv("GOOGLE_ALLOW_HTTP", "true")
    assert open_layout(gs.url("t/")).listing() == {}


def test_an_unreachable_gcs_endpoint_is_offline_in_one_line(gs, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    for name, value in gs.endpoint_env(dead).items():
        monkeypatch.setenv(name, value)
    with pytest.raises(TeamFileUnreachable) as err:
        open_layout(gs.url("t/")).listing()
    assert str(err.value) == "offline: cannot reach gs://repdash-team/t/: connection refused"


@pytest.mark.xfail(raises=TeamFileUnreachable, strict=True, reason=NO_UPLOAD)
@pytest.mark.parametrize("first", ["create", "update"])
def test_two_writers_racing_on_one_object_exactly_one_wins(gs, first):
    """A rep's publish (If-Match its last version) and the manifest's compare-and-swap on gs://:
    two writers that read the same version, writing at once; one wins, the other is told."""
    name = "reps/ab12.json"
    expected = None
    if first == "update":
        gs.put_raw("t/" + name, b"before")
        expected = open_layout(gs.url("t/")).head(name)
    outcomes: list[object] = []
    start = threading.Barrier(2)

    def write(data: bytes) -> None:
        layout = open_layout(gs.url("t/"))
        start.wait()
        try:
            outcomes.append(layout.put(name, data, expected))
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in (b"one", b"two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for o in outcomes:
        if isinstance(o, TeamFileUnreachable):
            # What the emulator does to any upload (the xfail's reason); anything else fails the test.
            assert str(o).endswith("the store answered HTTP 400"), o
            raise o
    conflicts = [o for o in outcomes if isinstance(o, WriteConflict)]
    wins = [o for o in outcomes if isinstance(o, str)]
    assert len(conflicts) == 1 and len(wins) == 1, outcomes
    assert gs.get_raw("t/" + name) in (b"one", b"two")
    assert open_layout(gs.url("t/")).head(name) == wins[0]
