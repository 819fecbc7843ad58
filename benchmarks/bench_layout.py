"""The signed team location (#21, #22): writers that never contend, cheap reads, verification cost.

    .venv/bin/python benchmarks/bench_layout.py [--writers 100] [--rounds 20] [--teams 400] [--reps 5000]

Rows:
- 100 writers x 20 publishes to one S3 prefix (moto's server in its own process, loopback): each
  writer PUTs only its own `reps/<id>.json`, If-Match the ETag it wrote last (the publish of
  services/team_layout.py). Counts lost publishes (final object not at the last revision), gave-ups
  (a conditional PUT refused) and the wall time. 10 processes x 10 threads.
- A 500-rep team read from a folder: cold (nothing verified in this process or the home) and
  unchanged (the same process again): `board_view`, the listing included.
- Verifying a 500-rep team: cold (every signature checked) and cached (versions unchanged: none).
- An org of 5,000 reps in 400 teams, on a folder and on S3: refresh cold (nothing in memory, no org
  cache), unchanged (the same process), and a new process with the director's org cache on disk;
  what each costs in requests (S3: one paged LIST of the whole org plus one GET per changed object;
  a folder: one scandir per team plus the org's).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

import pendulum  # noqa: E402
from teamfile_data import entry  # noqa: E402

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")


def _identity():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from repdash.sync import signing

    return signing._identity(Ed25519PrivateKey.generate())


def _rep_entry(ident, i: int, rev: int, calls: int) -> dict:
    e = entry(i % 50, f"Rep {i}", {"call": 30 + i % 20, "pitch": 6, "commit": 2, "deal": 1}, today={"call": calls})
    e["rep_id"] = ident.rep_id
    e["rev"] = rev
    return e


def _forget_all() -> None:
    from repdash.sync import signing, teamread

    with teamread._LOCK:
        teamread._MEMORY.clear()
    signing._verify_cached.cache_clear()
    from repdash.services import team_layout
    from repdash.sync import teamfile

    teamfile._VALIDATED.clear()
    team_layout._VIEWS.clear()
    from repdash.core import board
    from repdash.services import org

    org._ON_DISK.clear()
    board._ROWS.clear()


# ---------------------------------------------------------------- writers


def writer_process(url: str, first: int, threads: int, rounds: int) -> None:
    """One process of the stress run: `threads` writers, each `rounds` publishes of its own object."""
    from repdash.sync import repobj
    from repdash.sync.backend import WriteConflict
    from repdash.sync.layout import open_layout

    layout = open_layout(url)
    results: list[dict] = []

    def one(i: int) -> None:
        # The publish of services/team_layout.py: If-Match the version written last; on a refused
        # PUT, look: an object that is what we sent (a PUT that timed out but landed) is adopted.
        ident = _identity()
        name = f"reps/{ident.rep_id}.json"
        etag, gave_up, errors, acked, sent = None, 0, 0, 0, set()
        for r in range(1, rounds + 1):
            data = repobj.encode(ident, _rep_entry(ident, i, r, r))
            sent.add(data)
            for _ in range(2):
                try:
                    etag = layout.put(name, data, etag)
                    acked = r
                    break
                except WriteConflict:
                    got = layout.get(name, 1 << 20)
                    if got is None or got[0] not in sent:
                        gave_up += 1
                        break
                    etag = got[1]
                except Exception:  # a timeout under load: `repdash sync` says "offline", the next one retries
                    errors += 1
                    break
        results.append({"rep_id": ident.rep_id, "gave_up": gave_up, "errors": errors, "acked": acked})

    ts = [threading.Thread(target=one, args=(first + k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(json.dumps(results))


def stress(env: dict, writers: int, rounds: int) -> dict:
    from repdash.sync import teamread
    from repdash.sync.layout import open_layout

    url = "s3://repdash-team/stress/"
    procs, per = [], 10
    t0 = time.perf_counter()
    for p in range(writers // per):
        procs.append(
            subprocess.Popen(
                [sys.executable, __file__, "--writer", url, str(p * per), str(per), str(rounds)],
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    results = []
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        results += json.loads(out.strip().splitlines()[-1])
    wall = time.perf_counter() - t0
    os.environ.update(env)
    read = teamread.read_layout(open_layout(url), None)
    final = {i: o.raw.get("rev") if o.raw else 0 for i, o in read.objects.items()}
    # Lost: the store acknowledged a publish the final object does not hold.
    lost = sum(1 for r in results if (final.get(r["rep_id"]) or 0) < r["acked"])
    return {
        "writers": len(results),
        "publishes": len(results) * rounds,
        "lost": lost,
        "gave_up": sum(r["gave_up"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "wall_s": round(wall, 1),
        "bad": len(read.bad_names),
    }


# ---------------------------------------------------------------- a team, an org


def write_team(layout, n: int, first: int = 0) -> None:
    from repdash.sync import manifest as mf
    from repdash.sync import repobj

    owner = _identity()
    body = mf.new_body(owner, "bench", "Owner", NOW.isoformat())
    idents = [_identity() for _ in range(n)]
    for k, ident in enumerate(idents):
        body["roster"][ident.rep_id] = {"name": f"Rep {first + k}", "status": "admitted"}
    body["standard"] = {"rev": 1, "kinds": {"call": 40}}
    layout.put("team.json", mf.sign_document(owner, body), None)
    for k, ident in enumerate(idents):
        layout.put(f"reps/{ident.rep_id}.json", repobj.encode(ident, _rep_entry(ident, first + k, 1, 20)), None)


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def team_rows(tmp: Path) -> list[str]:
    from repdash.services.team_layout import board_view
    from repdash.sync import teamread
    from repdash.sync.layout import LayoutBackend, open_layout

    folder = tmp / "team500"
    folder.mkdir()
    layout = open_layout(str(folder) + "/")
    write_team(layout, 500)
    backend = LayoutBackend(layout)

    def view():
        return board_view(backend, NOW, "Europe/Berlin", home=None, viewer=None, as_manager=True, write=False)

    def cold():
        _forget_all()
        view()

    cold_ms = timed(cold, 3)
    view()
    unchanged_ms = timed(view, 9)

    def verify_cold():
        _forget_all()
        teamread.read_layout(layout, None)

    verify_cold_ms = timed(verify_cold, 3)
    teamread.read_layout(layout, None)
    verify_cached_ms = timed(lambda: teamread.read_layout(layout, None), 9)
    return [
        f"| 500-rep team from a folder: board, cold | {cold_ms:.0f} ms | |",
        f"| 500-rep team from a folder: board, unchanged | {unchanged_ms:.1f} ms | ≤ 50 ms |",
        f"| verify a 500-rep team: cold (500 signatures) | {verify_cold_ms:.0f} ms | |",
        f"| verify a 500-rep team: cached by version | {verify_cached_ms:.1f} ms | ≤ 30 ms |",
    ]


def org_rows(label: str, url: str, make_layout, teams: int, reps: int) -> list[str]:
    """Cold: nothing verified in this process and no org cache on disk. Unchanged: the same process
    again. New process: nothing in memory, the director's org cache on disk (sync/orgcache.py)."""
    from repdash.services.org import org_view
    from repdash.sync import orgcache

    per, extra = divmod(reps, teams)
    first = 0
    t0 = time.perf_counter()
    for t in range(teams):
        n = per + (1 if t < extra else 0)
        write_team(make_layout(f"t{t:03d}/"), n, first)
        first += n
    setup = time.perf_counter() - t0

    def cold():
        _forget_all()
        orgcache.drop(url)
        return org_view(url, NOW)

    t0 = time.perf_counter()
    v = cold()
    first_ms = (time.perf_counter() - t0) * 1000
    cold_req = v["requests"]
    assert v["totals"]["reps"] == reps and v["totals"]["teams"] == teams, v["totals"]
    # Object storage: one cold read (it is moto's GET rate, measured bare below); a folder: the median
    # of three, each with nothing in memory and no org cache (the first also pays this process's warm-up).
    cold_ms = first_ms if "://" in url else statistics.median([first_ms, timed(cold, 2), timed(cold, 1)])
    unchanged_ms = timed(lambda: org_view(url, NOW), 3)
    req = org_view(url, NOW)["requests"]

    def new_process():
        _forget_all()
        return org_view(url, NOW)

    warm_ms = timed(new_process, 3)
    v = new_process()
    warm_req = v["requests"]
    assert v["totals"]["reps"] == reps and v["totals"]["teams"] == teams, v["totals"]
    from repdash.sync.org import org_teams

    listing_ms = timed(lambda: org_teams(url), 3)
    kind = "LIST pages" if "://" in url else "scandirs"

    def cost(r: dict) -> str:
        return f"{r['list']} {kind} + {r['get']:,} GETs"

    bare = ""
    if "://" in url:  # the same GETs with nothing parsed or verified, as many in flight as the read allows
        bare_ms = bare_gets(url)
        bare = f"; the {cold_req['get']:,} GETs alone {bare_ms:,.0f} ms ({cold_ms / bare_ms:.2f}x)"
    else:
        bare = f"; first of three {first_ms:,.0f} ms"
    return [
        f"| org {reps:,} reps / {teams} teams on {label}: cold | {cold_ms:,.0f} ms | ≤ 3 s; {cost(cold_req)} "
        f"(set-up {setup:.0f} s){bare} |",
        f"| org {reps:,} reps / {teams} teams on {label}: unchanged | {unchanged_ms:,.0f} ms | ≤ 300 ms; "
        f"{cost(req)}; the listing alone {listing_ms:,.0f} ms |",
        f"| org {reps:,} reps / {teams} teams on {label}: new process, org cache on disk | {warm_ms:,.0f} ms | "
        f"{cost(warm_req)}, no signature checked |",
    ]


def bare_gets(url: str) -> float:
    """ms to GET every object of the org with the same client, 64 in flight (the org read's 4 teams x
    16 GETs), nothing parsed or verified: what the object store itself costs."""
    from concurrent.futures import ThreadPoolExecutor

    from repdash.sync.layout import MAX_MANIFEST_BYTES, open_layout

    org = open_layout(url)
    names = list(org.listing_everything())  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        got = list(pool.map(lambda n: org.get(n, MAX_MANIFEST_BYTES), names))
    assert all(g is not None for g in got)
    return (time.perf_counter() - t0) * 1000


def org_frame_gaps(
    tmp: Path, teams: int = 160, reps: int = 2000, frame: float = 1 / 60
) -> tuple[int, float, int, float]:
    """The org board (a folder org) with a 60 Hz timer on the UI thread while its worker refreshes the
    org: (late frames, worst gap ms, refreshes). Late: more than two frames."""
    import asyncio
    from itertools import pairwise

    from repdash.sync import orgcache
    from repdash.sync.layout import check_location, open_layout
    from repdash.ui.org_app import OrgApp

    org = tmp / "gaps-org"
    per, extra = divmod(reps, teams)
    first = 0
    for t in range(teams):
        (org / f"t{t:03d}").mkdir(parents=True)
        n = per + (1 if t < extra else 0)
        write_team(open_layout(str(org / f"t{t:03d}")), n, first)
        first += n
    _forget_all()

    async def run() -> tuple[int, float, int]:
        app = OrgApp(str(org) + "/", clock=lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            ticks: list[float] = []
            await app.workers.wait_for_complete()  # the mount's own (cold) read
            _forget_all()
            orgcache.drop(check_location(str(org) + "/"))  # the first refresh below is cold: no org cache
            timer = app.set_interval(frame, lambda: ticks.append(time.perf_counter()))
            await asyncio.sleep(1.0)  # baseline: nothing refreshing
            quiet = [(b - a) * 1000 for a, b in pairwise(ticks)]
            ticks.clear()
            rounds = 4  # the first is cold (every object verified), the rest unchanged
            for _ in range(rounds):
                app.screen.action_reload()
                await asyncio.sleep(0.02)
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
            timer.stop()
        gaps = [(b - a) * 1000 for a, b in pairwise(ticks)]
        late = sum(1 for g in gaps if g > 2 * frame * 1000)
        return late, max(gaps, default=0.0), rounds, max(quiet, default=0.0)

    return asyncio.run(run())


def moto_process() -> tuple[subprocess.Popen, dict]:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'tests' / 'support')!r})\n"
        "from s3server import S3Server\n"
        "s = S3Server().start(); s.reset(); print(s.port, flush=True); sys.stdin.read()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    from s3server import clean_env

    env = clean_env(
        {
            "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "AWS_ALLOW_HTTP": "true",
            "AWS_ACCESS_KEY_ID": "AKIAREPDASHBENCH",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1",
        }
    )
    return proc, env


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--writer":
        url, first, threads, rounds = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        writer_process(url, first, threads, rounds)
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--teams", type=int, default=400)
    parser.add_argument("--reps", type=int, default=5000)
    parser.add_argument("--skip-s3-org", action="store_true")
    args = parser.parse_args()
    # The director's org cache goes to a folder of this run's (and is dropped for every cold row).
    cache_dir = tempfile.TemporaryDirectory()
    os.environ["REPDASH_CACHE_DIR"] = cache_dir.name
    print("## Team location (signed objects, one writer each)\n")
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| row | result | target / cost |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for row in team_rows(Path(tmp)):
            print(row, flush=True)
        from repdash.sync.layout import open_layout

        org_folder = Path(tmp) / "org"

        def folder_layout(sub: str):
            (org_folder / sub).mkdir(parents=True, exist_ok=True)
            return open_layout(str(org_folder / sub))

        for row in org_rows("a folder", str(org_folder) + "/", folder_layout, args.teams, args.reps):
            print(row, flush=True)
        late, worst, rounds, quiet = org_frame_gaps(Path(tmp))
        print(
            f"| org board (2,000 reps / 160 teams, folder) refreshing {rounds}x, 1 cold: late frames at 60 Hz | "
            f"{late} late, worst gap {worst:.0f} ms (idle: worst {quiet:.0f} ms) | 0 late |",
            flush=True,
        )
    proc, env = moto_process()
    try:
        s = stress(env, args.writers, args.rounds)
        print(
            f"| {s['writers']} writers x {args.rounds} publishes, S3 (moto, own process) | {s['lost']} lost, "
            f"{s['gave_up']} gave up, {s['errors']} errors | {s['wall_s']} s wall, {s['publishes']:,} PUTs |",
            flush=True,
        )
        if not args.skip_s3_org:
            os.environ.update(env)
            try:
                for row in org_rows(
                    "S3",
                    "s3://repdash-team/org/",
                    lambda sub: open_layout(f"s3://repdash-team/org/{sub}"),
                    args.teams,
                    args.reps,
                ):
                    print(row, flush=True)
            except Exception as exc:  # moto under load: say so instead of losing the rows above
                print(f"| org on S3 | failed: {exc} | |", flush=True)
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(10)
        cache_dir.cleanup()
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
