"""The commands with the team file on object storage, as a rep types them: `repdash` against moto's
S3 server and Azure's emulator Azurite on loopback (tests/support/objstores.py), configured only by the
standard environment (AWS_* / AZURE_*) and `--team-file s3://…` (`az://…`) / REPDASH_TEAM_FILE.
What every store must do alike runs on both; the S3 URL and credential checks on S3 alone.
Nothing is patched in the processes under test.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest
from azurite import ACCOUNT_KEY
from objstores import BACKENDS, VARS, clean_env, running
from s3server import BUCKET, SECRET_KEY, SESSION_TOKEN

from repdash.sync import teamfile
from repdash.sync.teamfile import MAX_BYTES

URL = f"s3://{BUCKET}/team.json"
SECRETS = (SECRET_KEY, SESSION_TOKEN, ACCOUNT_KEY)


@pytest.fixture
def rep(run_cli, tmp_path):
    """Run `repdash ARGS` for the rep whose home is tmp_path/WHO; every output is checked for secrets."""

    def run(who: str, *args: str, env: dict | None = None):
        res = run_cli(*args, home_dir=tmp_path / who, env=env)
        for text in (res.out, res.err):
            assert not any(s in text for s in SECRETS), f"a secret in the output of {args}"
        return res

    return run


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("repdash: "), err
    assert "Traceback" not in err
    return lines[0]


def init(rep, who: str, name: str, url: str = URL):
    res = rep(who, "init", "--name", name, "--tz", "Europe/Berlin", "--team-file", url)
    assert res.code == 0, res.err
    return res


# ---------------------------------------------------------------- sharing one object


def test_three_reps_share_one_object(bucket, rep):
    url = bucket.url()
    init(rep, "ana", "Ana", url)
    init(rep, "ben", "Ben", url)
    # The third rep has no team file in her config: the environment names it.
    assert rep("cho", "init", "--name", "Cho", "--tz", "Europe/Berlin").code == 0
    cho_env = {"REPDASH_TEAM_FILE": url}
    for who, calls in (("ana", 3), ("ben", 5), ("cho", 7)):
        env = cho_env if who == "cho" else None
        assert rep(who, "log", "call", str(calls), env=env).code == 0
        res = rep(who, "sync", env=env)
        assert (res.code, res.err) == (0, ""), res.err
        assert f"with {url}." in res.out
    for who in ("ana", "ben", "cho"):
        res = rep(who, "team", "--json", env=cho_env if who == "cho" else None)
        assert res.code == 0, res.err
        board = {r["name"]: r["today"]["call"] for r in json.loads(res.out)["reps"]}
        assert board == {"Ana": 3, "Ben": 5, "Cho": 7}
    stored = teamfile.parse(bucket.get_raw("team.json"))
    assert sorted(e.name for e in stored.valid.values()) == ["Ana", "Ben", "Cho"]


def test_sync_json_names_the_backend(bucket, rep):
    init(rep, "ana", "Ana", bucket.url())
    first = json.loads(rep("ana", "sync", "--json").out)
    want = (bucket.scheme, bucket.url(), True, 0)
    assert (first["backend"], first["team_file"], first["created"], first["retries"]) == want
    again = json.loads(rep("ana", "sync", "--json").out)
    assert (again["backend"], again["created"], again["rev"]) == (bucket.scheme, False, first["rev"] + 1)


# ---------------------------------------------------------------- what init and the resolver accept


@pytest.mark.parametrize(
    "bad",
    [
        "s3://Bad_Bucket/team.json",
        "s3://repdash-team",
        "s3://repdash-team/",
        "s3://repdash-team/folder/",
        "ftp://repdash-team/team.json",
        f"s3://AKIAX:{SECRET_KEY}@repdash-team/team.json",
        "s3://repdash-team/team.json?X-Amz-Signature=abc",
    ],
)
def test_a_bad_url_is_refused_with_exit_2_and_nothing_changes(s3, rep, bad):
    init(rep, "ana", "Ana")
    res = rep("ana", "init", "--name", "Ana Renamed", "--team-file", bad)
    assert res.code == 2 and res.out == ""
    line = one_line(res.err)
    assert "s3://BUCKET/KEY" in line and "X-Amz" not in line
    status = json.loads(rep("ana", "status", "--json").out)
    assert status["rep"] == "Ana"  # nothing changed
    assert json.loads(rep("ana", "sync", "--json").out)["team_file"] == URL
    res = rep("ana", "sync", env={"REPDASH_TEAM_FILE": bad})
    assert res.code == 2 and "s3://BUCKET/KEY" in one_line(res.err)


def test_init_takes_a_url_without_credentials_and_sync_then_asks_for_them(s3, rep):
    """init checks the URL's shape only (no network, no folder); the keys are needed when syncing."""
    bare = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""}
    assert rep("ana", "init", "--name", "Ana", "--team-file", URL, env=bare).code == 0
    res = rep("ana", "sync", env=bare)
    assert res.code == 2 and "no credentials for s3://repdash-team/team.json" in one_line(res.err)


def test_azure_without_an_account_says_what_to_set(rep, monkeypatch):
    """az:// with none of Azure's variables: one line naming them, exit 2, before any network call."""
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    url = "az://repdash-team/team.json"
    assert rep("ana", "init", "--name", "Ana", "--team-file", url).code == 0
    res = rep("ana", "sync")
    assert (res.code, res.out) == (2, "")
    assert one_line(res.err) == (
        f"repdash: cannot use {url}: set AZURE_STORAGE_ACCOUNT_NAME and a key (AZURE_STORAGE_ACCOUNT_KEY)"
        " in the environment"
    )


# ---------------------------------------------------------------- bad objects are never overwritten


def _valid_team() -> bytes:
    doc = teamfile.empty_doc()
    doc.put(
        "rep-x",
        {
            "rep_id": "rep-x",
            "rev": 1,
            "name": "Xena",
            "tz": "Europe/Berlin",
            "date": "2026-11-26",
            "last_sync": "2026-11-26T10:00:00+01:00",
            "today": {"call": 4},
            "week": {"call": 4},
            "targets": {"call": 40},
        },
    )
    return teamfile.serialize(doc)


BAD_OBJECTS = {
    "corrupt": b"this is not json {",
    "truncated": _valid_team()[:-25],
    "foreign": b'{"format": "someone-elses-app", "version": 1, "items": []}',
    "newer": b'{"format": "repdash-team", "version": 99, "reps": {}}',
    "oversized": b'{"format":"repdash-team","version":1,"reps":{},"pad":"' + b"x" * (MAX_BYTES + 10) + b'"}',
}


WHY = {
    "corrupt": "not touching it",
    "truncated": "not touching it",
    "foreign": "is not a repdash team file",
    "newer": "newer repdash",
    "oversized": "is too large (over 16384 KiB)",
}


@pytest.mark.parametrize("kind", list(BAD_OBJECTS))
def test_a_bad_object_is_left_byte_for_byte_with_exit_1_and_one_line(bucket, rep, kind):
    init(rep, "ana", "Ana", bucket.url())
    assert rep("ana", "log", "call", "2").code == 0
    bad = BAD_OBJECTS[kind]
    bucket.put_raw("team.json", bad)
    for args in (("sync",), ("sync", "--json"), ("team", "--json")):
        res = rep("ana", *args)
        assert res.code == 1, (args, res.out)
        assert res.out == "" if "--json" not in args else json.loads(res.out)["ok"] is False, (args, res.out)
        line = one_line(res.err)
        assert line.startswith(f"repdash: {bucket.url()} ") and WHY[kind] in line, line
    assert bucket.get_raw("team.json") == bad
    assert json.loads(rep("ana", "status", "--json").out)["today"]["call"] == 2


# ---------------------------------------------------------------- offline


@pytest.mark.parametrize("scheme", BACKENDS)
def test_the_endpoint_stopped_mid_run(rep, scheme):
    """Synced once, then the store goes away: sync exits 1 with one line, local data intact, log works."""
    with running(scheme) as server:
        env, url = server.env(), server.url()
        res = rep("ana", "init", "--name", "Ana", "--tz", "Europe/Berlin", "--team-file", url, env=env)
        assert res.code == 0
        assert rep("ana", "log", "call", "3", env=env).code == 0
        assert rep("ana", "sync", env=env).code == 0
        server.stop()
        t0 = time.monotonic()
        res = rep("ana", "sync", env=env)
        elapsed = time.monotonic() - t0
        assert res.code == 1 and res.out == ""
        assert one_line(res.err) == f"repdash: offline: cannot reach {url}: connection refused"
        assert elapsed < 10, elapsed
        assert rep("ana", "team", "--json", env=env).code == 1
        status = rep("ana", "status", "--json", env=env)
        assert status.code == 0 and json.loads(status.out)["today"]["call"] == 3
        assert rep("ana", "log", "call", env=env).code == 0
        assert json.loads(rep("ana", "status", "--json", env=env).out)["today"]["call"] == 4


def test_logging_never_touches_the_network(bucket, rep):
    """An endpoint that accepts connections and never answers: log and status finish and never connect."""
    init(rep, "ana", "Ana", bucket.url())
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)
        hung.setblocking(False)
        env = bucket.endpoint_env(f"http://127.0.0.1:{hung.getsockname()[1]}")
        for args in (("log", "call"), ("log", "pitch", "2"), ("undo",), ("status",)):
            assert rep("ana", *args, env=env).code == 0, args
        with pytest.raises(BlockingIOError):
            hung.accept()  # nobody ever connected
        res = rep("ana", "sync", env=env)  # whereas sync does, and gives up within its timeouts
        assert res.code == 1 and "timed out" in one_line(res.err)
        hung.accept()[0].close()


# ---------------------------------------------------------------- many reps at once


REPS, ROUNDS = 6, 2


def json_documents(text: str) -> list[dict]:
    """Several pretty-printed JSON documents one after another (one per `sync --json`)."""
    decoder, docs, i = json.JSONDecoder(), [], 0
    text = text.strip()
    while i < len(text):
        doc, i = decoder.raw_decode(text, i)
        docs.append(doc)
        while i < len(text) and text[i].isspace():
            i += 1
    return docs


@pytest.mark.slow
@pytest.mark.parametrize("scheme", BACKENDS)
def test_concurrent_reps_logging_and_syncing_lose_nothing(run_cli, tmp_path, scheme):
    """6 reps, each in its own process chain: `log call` then `sync --json`, twice, all at once.

    The serial server makes moto's check-and-store atomic as S3's is (tests/support/s3server.py)."""
    with running(scheme, serial=True) as server:
        env = clean_env(server.env())
        homes = [tmp_path / f"rep{i}" for i in range(REPS)]
        for i, home in enumerate(homes):
            res = run_cli(
                "init",
                "--name",
                f"Rep {i}",
                "--tz",
                "Europe/Berlin",
                "--team-file",
                server.url(),
                home_dir=home,
                env=server.env(),
            )
            assert res.code == 0
        exe = f"{sys.executable} -m repdash"
        chain = " && ".join([f"{exe} log call >/dev/null && {exe} sync --json"] * ROUNDS)
        t0 = time.monotonic()
        procs = [
            subprocess.Popen(
                ["sh", "-c", chain],
                env=dict(env, REPDASH_HOME=str(h), TZ="Europe/Berlin", REPDASH_NOW="2026-11-26T10:30:00+01:00"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for h in homes
        ]
        retries = 0
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert p.returncode == 0 and err == "", err[-2000:]
            assert not any(s in out + err for s in SECRETS)
            docs = json_documents(out)
            assert [d["backend"] for d in docs] == [scheme] * ROUNDS
            retries += sum(d["retries"] for d in docs)
        elapsed = time.monotonic() - t0
        doc = teamfile.parse(server.get_raw("team.json"))
    assert sorted((e.name, e.today["call"]) for e in doc.valid.values()) == [(f"Rep {i}", ROUNDS) for i in range(REPS)]
    assert elapsed < 20, f"{elapsed:.1f} s ({retries} retries)"
