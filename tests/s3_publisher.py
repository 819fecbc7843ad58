"""One rep publishing to an object-storage team file with the real protocol, as a separate process.

    python tests/s3_publisher.py URL REP_ID ROUNDS

Each round: read -> parse (teamfile) -> put this rep's entry with rev = round -> serialize ->
conditional write; on WriteConflict re-read, re-merge and retry with jittered backoff, a bounded
number of tries. Prints one JSON line: {"retries": N, "busy": N, "last": REV} (the last revision it
wrote and was told had landed: the team file must hold at least that). The AWS_* environment says
where the store is. Until the publish loop in repdash.sync is wired to backends (after the
sync refactor), this is the loop the many-process test and the benchmark drive.
"""

from __future__ import annotations

import json
import random
import sys
import time

from repdash.sync import teamfile
from repdash.sync.backend import WriteConflict
from repdash.sync.objstore import open_url

TRIES = 40


def entry(rep_id: str, rev: int) -> dict:
    return {"rep_id": rep_id, "rev": rev, "name": f"Rep {rep_id[:6]}", "tz": "Europe/Berlin",
            "date": "2026-11-26", "last_sync": "2026-11-26T10:30:00+01:00",
            "today": {"call": rev}, "week": {"call": rev}, "targets": {"call": 40}}


def publish(backend, rep_id: str, rev: int) -> int:
    """One publish; returns how many conflicts it took. Raises TeamFileBusy-like RuntimeError when all tries lose."""
    for attempt in range(TRIES):
        snap = backend.read()
        doc = teamfile.parse(snap.data, backend.location) if snap.data is not None else teamfile.empty_doc()
        mine = doc.valid.get(rep_id)
        doc.put(rep_id, entry(rep_id, max(rev, (mine.rev if mine else -1) + 1)))
        try:
            backend.write(teamfile.serialize(doc), snap)
            return attempt
        except WriteConflict:
            # Full jitter, growing to ~0.3 s: spreads the losers out without a long wait.
            time.sleep(random.uniform(0, min(0.3, 0.005 * 2 ** attempt)))
    raise RuntimeError("busy")


def main(url: str, rep_id: str, rounds: int) -> None:
    backend = open_url(url)
    retries = busy = last = 0
    for r in range(1, rounds + 1):
        try:
            retries += publish(backend, rep_id, r)
            last = r
        except RuntimeError:
            busy += 1
    print(json.dumps({"retries": retries, "busy": busy, "last": last}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
