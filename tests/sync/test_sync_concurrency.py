"""Many reps syncing one team file at the same moment lose nobody's entry.

16 processes, each with its own home, run `repdash log call` and `repdash sync`
(the CLI entry point, in-process) 20 rounds at once, while a reader process
parses the file as fast as it can. The final file holds all 16 reps with their
last counts, and every read along the way parsed.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from repdash.sync import teamfile

REPS = 16
ROUNDS = 20
NOW = "2026-11-26T10:30:00+01:00"


def _cli(args: list[str]) -> None:
    from repdash.cli import cli

    cli.main(args=args, prog_name="repdash", standalone_mode=False)


def _rep(home: str, start, errors) -> None:
    os.environ["REPDASH_NOW"] = NOW
    start.wait()
    try:
        for _ in range(ROUNDS):
            _cli(["--home", home, "log", "call"])
            _cli(["--home", home, "sync"])
    except BaseException as exc:  # report, never hang the test
        errors.put(f"{home}: {exc!r}")


def _reader(path: str, stop, out) -> None:
    reads = bad = 0
    while not stop.is_set():
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            continue
        reads += 1
        try:
            teamfile.parse(data)
        except teamfile.BadTeamFile:
            bad += 1
    out.put((reads, bad))


def test_sixteen_reps_twenty_rounds_at_once(tmp_path):
    from repdash.store.local import LocalStore

    team = tmp_path / "share" / "team.json"
    team.parent.mkdir()
    homes, ids = [], {}
    for i in range(REPS):
        home = tmp_path / f"rep{i:02d}"
        store = LocalStore(home)
        config = store.init(f"Rep {i:02d}", team_file=str(team), tz="Europe/Berlin")
        homes.append(str(home))
        ids[config.rep_id] = f"Rep {i:02d}"
    ctx = multiprocessing.get_context("fork")
    start, stop = ctx.Event(), ctx.Event()
    errors, reads = ctx.Queue(), ctx.Queue()
    reader = ctx.Process(target=_reader, args=(str(team), stop, reads))
    procs = [ctx.Process(target=_rep, args=(h, start, errors)) for h in homes]
    reader.start()
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
    stop.set()
    reader.join(30)
    for p in procs + [reader]:
        if p.is_alive():
            p.kill()
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems
    assert all(p.exitcode == 0 for p in procs)
    n_reads, n_bad = reads.get(timeout=10)
    assert n_reads > 0 and n_bad == 0, f"{n_bad} of {n_reads} intermediate reads did not parse"
    final = teamfile.parse(team.read_bytes())
    assert set(final.valid) == set(ids)
    for rep_id, e in final.valid.items():
        assert e.today["call"] == ROUNDS, (ids[rep_id], e.today)
        assert e.rev == ROUNDS
    leftovers = [p.name for p in team.parent.iterdir() if p.name not in ("team.json", "team.json.lock")]
    assert not leftovers, leftovers  # no temp files left behind
    assert json.loads(team.read_bytes())["format"] == "repdash-team"
