"""The team file on object storage: `repdash.sync.objstore` against real endpoints on loopback, moto's
S3 server and Azure's emulator Azurite (tests/support/objstores.py). The behaviour every store must share runs
on both (the `bucket` fixture, or `running(scheme)`); the S3 environment and URL checks on S3 alone.

Nothing is patched in the code under test: the backend speaks HTTP to the server as it would to the cloud.
These are backend-level tests (and the real publish loop, `service.publish`, in many processes);
the commands and the dashboard on S3 are tested in tests/system/test_s3_cli.py and tests/ui/test_s3_tui.py.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time

import obstore
import pytest
from objstores import BACKENDS, VARS, clean_env, running
from paths import FIXTURES
from s3_publisher import entry, publish
from s3server import ACCESS_KEY, BUCKET, SECRET_KEY, SESSION_TOKEN

from repdash.errors import BadInput
from repdash.sync import objstore, teamfile
from repdash.sync.backend import Snapshot, TeamBackend, WriteConflict
from repdash.sync.teamfile import MAX_BYTES, BadTeamFile, TeamFileUnreachable

URL = f"s3://{BUCKET}/team.json"
PUBLISHER = str(FIXTURES.parent / "s3_publisher.py")
SECRETS = (SECRET_KEY, SESSION_TOKEN)


def no_secret(text: str) -> bool:
    return not any(s in text for s in SECRETS)


def team_with(*rep_ids: str) -> bytes:
    doc = teamfile.empty_doc()
    for rid in rep_ids:
        doc.put(rid, entry(rid, 1))
    return teamfile.serialize(doc)


# ---------------------------------------------------------------- the server is a real test of CAS


def test_the_server_enforces_both_conditional_puts(bucket):
    """The probe the rest rests on: moto and Azurite refuse If-None-Match:* on an existing key and a stale If-Match."""
    store = bucket._store()
    first = obstore.put(store, "probe", b"1", mode="create")["e_tag"]
    with pytest.raises(obstore.exceptions.AlreadyExistsError):
        obstore.put(store, "probe", b"2", mode="create")
    obstore.put(store, "probe", b"3", mode={"e_tag": first})
    with pytest.raises(obstore.exceptions.PreconditionError):
        obstore.put(store, "probe", b"4", mode={"e_tag": first})
    assert bucket.get_raw("probe") == b"3"


# ---------------------------------------------------------------- read, write, signature


def test_backend_has_the_interface_and_no_lock(bucket):
    backend = objstore.open_url(bucket.url())
    assert all(callable(getattr(backend, m)) for m in ("session", "read", "write", "signature"))
    assert set(TeamBackend.__annotations__) <= set(vars(backend))
    assert (backend.scheme, backend.location) == (bucket.scheme, bucket.url())
    with backend.session() as held:
        assert held is None
    assert no_secret(repr(backend) + backend.location)


def test_absent_object_reads_as_nobody_published(bucket):
    backend = objstore.open_url(bucket.url())
    assert backend.read() == Snapshot(None, None)
    assert backend.signature() is None


def test_create_if_absent_and_a_second_creator_conflicts(bucket):
    a, b = objstore.open_url(bucket.url()), objstore.open_url(bucket.url())
    snap_a, snap_b = a.read(), b.read()
    a.write(team_with("rep-a"), snap_a)
    with pytest.raises(WriteConflict):
        b.write(team_with("rep-b"), snap_b)
    assert bucket.get_raw("team.json") == team_with("rep-a")


def test_read_gives_the_bytes_and_the_etag_that_signature_reports(bucket):
    etag = bucket.put_raw("team.json", team_with("rep-a"))
    backend = objstore.open_url(bucket.url())
    snap = backend.read()
    assert snap == Snapshot(team_with("rep-a"), etag)
    assert backend.signature() == etag
    backend.write(team_with("rep-a", "rep-b"), snap)
    assert backend.signature() not in (None, etag)


def test_two_writers_from_one_snapshot_the_second_conflicts_then_merges(bucket):
    bucket.put_raw("team.json", team_with("rep-0"))
    a, b = objstore.open_url(bucket.url()), objstore.open_url(bucket.url())
    snap = a.read()
    assert b.read() == snap
    a.write(team_with("rep-0", "rep-a"), snap)
    with pytest.raises(WriteConflict):
        b.write(team_with("rep-0", "rep-b"), snap)
    assert publish(b, "rep-b", 1).conflicts == 0  # the real loop (service.publish): re-read, merge, write
    assert sorted(teamfile.parse(bucket.get_raw("team.json")).valid) == ["rep-0", "rep-a", "rep-b"]


class _AnotherRepPublishesAfterOurRead:
    """The real backend; right after our first read, another rep publishes through the real loop too."""

    def __init__(self, backend, other) -> None:
        self.backend, self.other, self.reads = backend, other, 0
        self.scheme, self.location = backend.scheme, backend.location

    def session(self):
        return self.backend.session()

    def read(self):
        snap = self.backend.read()
        self.reads += 1
        if self.reads == 1:
            publish(self.other, "rep-x", 1)
        return snap

    def write(self, data, expected):
        return self.backend.write(data, expected)

    def signature(self):
        return self.backend.signature()


def test_the_publish_loop_is_refused_on_a_stale_etag_then_rereads_and_merges(bucket):
    """service.publish against the real store: our conditional PUT carries the ETag of a read that
    another rep's publish made stale; the store answers 412; the loop re-reads, merges, and lands."""
    bucket.put_raw("team.json", team_with("rep-a"))
    stale_etag = objstore.open_url(bucket.url()).signature()
    racing = _AnotherRepPublishesAfterOurRead(objstore.open_url(bucket.url()), objstore.open_url(bucket.url()))
    result = publish(racing, "rep-b", 1)
    assert (result.conflicts, racing.reads) == (1, 2)
    final = teamfile.parse(bucket.get_raw("team.json"))
    assert sorted(final.valid) == ["rep-a", "rep-b", "rep-x"]
    assert objstore.open_url(bucket.url()).signature() not in (None, stale_etag)


def test_a_stale_etag_is_refused_and_the_other_write_survives(bucket):
    bucket.put_raw("team.json", team_with("rep-a"))
    backend = objstore.open_url(bucket.url())
    stale = backend.read()
    bucket.put_raw("team.json", team_with("rep-a", "rep-x"))  # another tool, unconditionally
    with pytest.raises(WriteConflict):
        backend.write(team_with("rep-a", "rep-b"), stale)
    assert bucket.get_raw("team.json") == team_with("rep-a", "rep-x")


def test_a_write_after_the_object_was_deleted_conflicts(bucket):
    bucket.put_raw("team.json", team_with("rep-a"))
    backend = objstore.open_url(bucket.url())
    snap = backend.read()
    bucket.delete_raw("team.json")
    with pytest.raises(WriteConflict):
        backend.write(team_with("rep-a", "rep-b"), snap)
    assert backend.read() == Snapshot(None, None)


def test_an_oversized_object_is_cut_at_the_limit_and_refused_by_the_validator(bucket):
    big = b'{"format":"repdash-team","version":1,"reps":{},"pad":"' + b"x" * (MAX_BYTES + 4096) + b'"}'
    etag = bucket.put_raw("team.json", big)
    backend = objstore.open_url(bucket.url())
    snap = backend.read()
    assert len(snap.data) == MAX_BYTES + 1 and snap.version == etag
    with pytest.raises(BadTeamFile) as err:
        teamfile.parse(snap.data, backend.location)
    assert err.value.reason == "too_large"


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b'{"format":"repdash-team","version":1,"reps":{',
        b"[1, 2]",
        b'{"format":"something-else"}',
        b'{"format":"repdash-team","version":99,"reps":{}}',
    ],
)
def test_a_bad_object_is_never_overwritten_by_the_publish_loop(bucket, bad):
    bucket.put_raw("team.json", bad)
    with pytest.raises(BadTeamFile):
        publish(objstore.open_url(bucket.url()), "rep-a", 1)
    assert bucket.get_raw("team.json") == bad


def test_a_missing_bucket_is_unreachable_not_empty(bucket):
    """A missing bucket (S3) or container (Azure) is a setup error, not a team nobody published to:
    a publish there would otherwise read "absent", lose every create-if-absent and end "busy"."""
    backend = objstore.open_url(bucket.url(container="no-such-bucket"))
    missing = "no such container" if bucket.scheme == "az" else "no such bucket"
    with pytest.raises(TeamFileUnreachable, match=missing):
        backend.read()
    with pytest.raises(TeamFileUnreachable, match=missing):
        backend.write(team_with("rep-a"), Snapshot(None, None))


# ---------------------------------------------------------------- offline: bounded, one line, no secret


@pytest.mark.parametrize("scheme", BACKENDS)
def test_endpoint_stopped_mid_run_fails_fast_with_one_line(monkeypatch, scheme):
    with running(scheme) as server:
        for name in VARS:
            monkeypatch.delenv(name, raising=False)
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        url = server.url()
        backend = objstore.open_url(url)
        backend.write(team_with("rep-a"), backend.read())
        snap = backend.read()
        server.stop()
        for call in (backend.read, backend.signature, lambda: backend.write(team_with("rep-b"), snap)):
            t0 = time.monotonic()
            with pytest.raises(TeamFileUnreachable) as err:
                call()
            elapsed = time.monotonic() - t0
            msg = str(err.value)
            assert msg.startswith(f"offline: cannot reach {url}: ") and "\n" not in msg
            assert no_secret(msg) and no_secret(repr(err.value))
            assert elapsed < 2.0, f"{elapsed:.2f} s to notice a refused connection"


@pytest.mark.slow
def test_a_hung_endpoint_times_out_in_a_few_seconds(monkeypatch, bucket):
    """A server that accepts connections and never answers: the stall timeout bounds the wait."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(64)  # the kernel completes the handshake; nobody ever reads
        for name, value in bucket.endpoint_env(f"http://127.0.0.1:{hung.getsockname()[1]}").items():
            monkeypatch.setenv(name, value)
        backend = objstore.open_url(bucket.url())
        t0 = time.monotonic()
        with pytest.raises(TeamFileUnreachable, match="timed out") as err:
            backend.read()
        elapsed = time.monotonic() - t0
    assert 2.5 < elapsed < 7.0, elapsed
    assert no_secret(str(err.value))


def test_no_secret_in_any_error(s3, monkeypatch):
    messages = []
    for url in (URL, "s3://no-such-bucket/team.json"):
        backend = objstore.open_url(url)
        for call in (backend.read, lambda b=backend: b.write(b"{}", Snapshot(b"{}", '"nope"'))):
            try:
                call()
            except Exception as exc:  # noqa: BLE001 - collecting every message on purpose
                messages += [str(exc), repr(exc)]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:9")
    monkeypatch.delenv("AWS_ALLOW_HTTP")
    with pytest.raises(BadInput) as err:
        objstore.open_url(URL)
    messages.append(str(err.value))
    with pytest.raises(BadInput) as err:
        objstore.open_url(f"s3://{ACCESS_KEY}:{SECRET_KEY}@{BUCKET}/team.json")
    messages.append(str(err.value))
    assert len(messages) >= 6
    assert all(no_secret(m) for m in messages), [m for m in messages if not no_secret(m)]


# ---------------------------------------------------------------- the environment and the URL


def test_plain_http_is_refused_without_aws_allow_http(s3, monkeypatch):
    monkeypatch.delenv("AWS_ALLOW_HTTP")
    with pytest.raises(BadInput) as err:
        objstore.open_url(URL)
    msg = str(err.value)
    assert "AWS_ALLOW_HTTP=true" in msg and s3.endpoint in msg and "\n" not in msg
    monkeypatch.setenv("AWS_ALLOW_HTTP", "false")
    with pytest.raises(BadInput):
        objstore.open_url(URL)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://s3.example.com")
    assert objstore.open_url(URL).location == URL  # https needs no permission (and no network yet)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "http://minio.lan:9000")
    with pytest.raises(BadInput, match="plain-http endpoint http://minio.lan:9000"):
        objstore.open_url(URL)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", "minio.lan:9000")
    with pytest.raises(BadInput, match="AWS_ENDPOINT_URL_S3 must be an http"):
        objstore.open_url(URL)


def test_missing_credentials_give_one_line(s3, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(BadInput, match=r"^no credentials for s3://repdash-team/team.json: set AWS_ACCESS_KEY_ID"):
        objstore.open_url(URL)
    monkeypatch.setenv("AWS_PROFILE", "sales")
    with pytest.raises(BadInput, match="AWS_PROFILE is not read"):
        objstore.open_url(URL)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    with pytest.raises(BadInput, match="AWS_SECRET_ACCESS_KEY is not set"):
        objstore.open_url(URL)


@pytest.mark.parametrize(
    "url",
    [
        "s3://",
        "s3:///team.json",
        "s3://bucket",
        "s3://bucket/",
        "s3://bucket/dir/",
        "s3://Bad_Bucket/team.json",
        "s3://bucket/team.json?x=1",
        "ftp://bucket/team.json",
        "s3://host:9000/team.json",
    ],
)
def test_malformed_urls_are_bad_input(s3, url):
    with pytest.raises(BadInput) as err:
        objstore.open_url(url)
    assert "\n" not in str(err.value)


# ---------------------------------------------------------------- many processes, one object


def run_publishers(server, n: int, rounds: int, prefix: str = "rep") -> list[dict]:
    env = clean_env(server.env())
    procs = [
        subprocess.Popen(
            [sys.executable, PUBLISHER, server.url(), f"{prefix}-{i:03d}", str(rounds)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err[-2000:]
        assert no_secret(out + err)
        results.append(json.loads(out))
    return results


@pytest.mark.slow
@pytest.mark.parametrize("scheme", BACKENDS)
def test_concurrent_processes_lose_no_entry(scheme):
    """8 processes x 10 rounds of the real publish (service.publish: read -> merge own entry -> conditional
    write, re-read and retry on a lost compare-and-swap): all 8 at rev 10.

    One request at a time on the server (serial=True): S3 makes check-and-store atomic, moto's threaded
    server does not quite (see tests/support/s3server.py); the benchmark runs the threaded one as well.
    Azurite checks and stores a blob's conditions in one step of its one node process."""
    with running(scheme, serial=True) as server:
        t0 = time.monotonic()
        results = run_publishers(server, 8, 10)
        elapsed = time.monotonic() - t0
        doc = teamfile.parse(server.get_raw("team.json"))
    # A publish that gave up "busy" (12 lost compare-and-swaps in a row) is said first: it is not a lost entry.
    assert sum(r["busy"] for r in results) == 0, results
    assert {rid: doc.valid[rid].rev for rid in doc.valid} == {f"rep-{i:03d}": 10 for i in range(8)}
    assert sum(r["retries"] for r in results) > 0, "the processes never raced: the test proves nothing"
    assert elapsed < 20, elapsed


@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime (Debian package) not installed")
def test_read_and_write_complete_under_a_frozen_clock(bucket):
    """`faketime -f` freezes wall and monotonic clocks: a timer on the success path would hang here."""
    env = clean_env(bucket.env())
    probe = (
        "import time; t = time.monotonic(); import runpy, sys; "
        f"sys.argv = ['p', {bucket.url()!r}, 'rep-f', '3']; runpy.run_path({PUBLISHER!r}, run_name='__main__'); "
        "print(time.monotonic() - t)"
    )
    proc = subprocess.run(
        ["faketime", "-f", "2026-11-26 10:30:00", sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, moved = proc.stdout.splitlines()
    assert json.loads(first) == {"retries": 0, "busy": 0, "last": 3} and float(moved) == 0.0
    assert teamfile.parse(bucket.get_raw("team.json")).valid["rep-f"].rev == 3


def test_without_the_client_library_the_import_says_what_to_install():
    """What the resolver turns into its one-line BadInput: obstore blocked as if not installed."""
    code = (
        "import sys; sys.modules['obstore'] = None\n"
        "try:\n import repdash.sync.objstore\nexcept ImportError as e:\n print(e)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    from repdash.core.wording import INSTALL_S3

    assert proc.stdout.strip() == INSTALL_S3, proc.stderr
    # Commands that work from a checkout (repdash is not on a package index).
    for command in ("pip install '.[s3]'", "pipx install '.[s3]'", "pipx inject repdash obstore"):
        assert command in INSTALL_S3
