"""12 reps publishing to one team location at the same moment, 6 rounds each: nobody lost, nobody
told "busy" (#21). Each rep is its own process (its own home and key) running `repdash log call`
and `repdash sync` through the CLI entry point; on a folder, on moto's S3 server and on Azurite
(Azure Blob; tests/support/objstores.py). One writer per object: there is no compare-and-swap race to lose.
"""

from __future__ import annotations

import multiprocessing
import os

import pytest
from objstores import BACKENDS, prepared

from repdash.sync import teamread
from repdash.sync.layout import open_layout

REPS = 12
ROUNDS = 6
NOW = "2026-11-26T10:30:00+01:00"


def _cli(args: list[str]) -> None:
    from repdash.cli import cli

    cli.main(args=args, prog_name="repdash", standalone_mode=False)


def _rep(home: str, env: dict, start, errors) -> None:
    os.environ.update(env)
    os.environ["REPDASH_NOW"] = NOW
    start.wait()
    try:
        for _ in range(ROUNDS):
            _cli(["--home", home, "log", "call"])
            _cli(["--home", home, "sync"])
    except BaseException as exc:  # report, never hang the test
        errors.put(f"{home}: {exc!r}")


@pytest.mark.parametrize("where", ["folder", *BACKENDS])
def test_twelve_reps_six_rounds_at_once(tmp_path, where, request, monkeypatch):
    from repdash.store.local import LocalStore

    if where == "folder":
        (tmp_path / "team").mkdir()
        url, env = str(tmp_path / "team") + "/", {}
    else:
        server = prepared(request, monkeypatch, where)
        url, env = server.url("busy/"), server.env()
    homes = []
    for i in range(REPS):
        home = tmp_path / f"rep{i}"
        LocalStore(home).init(f"Rep {i}", team_file=url, tz="Europe/Berlin")
        homes.append(str(home))
    ctx = multiprocessing.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_rep, args=(h, env, start, errors)) for h in homes]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(300)
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []  # nobody lost a publish, nobody was told "busy"
    read = teamread.read_layout(open_layout(url), None)
    assert read.bad_names == [] and len(read.objects) == REPS
    got = sorted((o.entry.name, o.entry.today.get("call"), o.raw["rev"]) for o in read.objects.values() if o.entry)
    assert got == sorted((f"Rep {i}", ROUNDS, ROUNDS) for i in range(REPS))


def _same_home(home: str, k: int, start, errors) -> None:
    # The publish alone (what `sync` and the dashboard's worker run), so the test sees only the
    # race on this rep's own object.
    import dataclasses

    import pendulum

    from repdash.services import team_layout
    from repdash.services.team_sync import build_entry
    from repdash.store.local import LocalStore
    from repdash.sync.teamio import open_backend

    store = LocalStore(home)
    backend = open_backend(store)
    entry = build_entry(store, pendulum.parse(NOW))
    start.wait()
    try:
        for r in range(ROUNDS):  # each its own numbers, as two screens of one rep would have
            mine = dataclasses.replace(entry, today={"call": 100 * k + r})
            team_layout.publish(store, backend, mine, entry.last_sync)
    except BaseException as exc:
        errors.put(f"{exc!r}")


def test_one_home_syncing_twice_at_once_is_not_another_home(tmp_path):
    """The dashboard's worker and a `repdash sync` in another terminal publish for the same home at
    the same moment: one PUT loses, and its retry knows the winner was this home."""
    from repdash.store.local import LocalStore

    (tmp_path / "team").mkdir()
    home = tmp_path / "rep"
    LocalStore(home).init("Rep", team_file=str(tmp_path / "team") + "/", tz="Europe/Berlin")
    _cli(["--home", str(home), "sync"])
    ctx = multiprocessing.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_same_home, args=(str(home), k, start, errors)) for k in range(3)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(300)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == [] and all(p.exitcode == 0 for p in procs)
