"""One rep publishing to an object-storage team file, as a separate process, with the real loop.

    python tests/support/s3_publisher.py URL REP_ID ROUNDS

Each round is one `repdash.sync.teamio.publish` (read -> validate -> merge -> conditional PUT;
on a lost compare-and-swap re-read, re-merge and retry with jittered backoff, PUBLISH_TRIES at
most, then TeamFileBusy), the same call `repdash sync` and the dashboard make, minus building the
entry from a store (which would time the local store, not the team file). Prints one JSON line:
{"retries": N, "busy": N, "last": REV} (retries: tries lost to other writers; busy: publishes
that gave up; last: the revision of the last publish the store acknowledged, which the team file
must hold at least). The environment (AWS_* or AZURE_*) says where the store is.
"""

from __future__ import annotations

import json
import sys

from repdash.sync import teamfile, teamio
from repdash.sync.backend import TeamFileBusy


def entry(rep_id: str, calls: int) -> dict:
    """A valid team entry (as JSON) with `calls` calls today."""
    return {
        "rep_id": rep_id,
        "rev": 0,
        "name": f"Rep {rep_id[:6]}",
        "tz": "Europe/Berlin",
        "date": "2026-11-26",
        "last_sync": "2026-11-26T10:30:00+01:00",
        "today": {"call": calls},
        "week": {"call": calls},
        "targets": {"call": 40},
    }


def publish(backend, rep_id: str, rnd: int, local_rev: int = 0) -> teamio.PublishResult:
    """One real publish of `rep_id`'s entry for round `rnd`."""
    return teamio.publish(backend, teamfile.validate_entry(rep_id, entry(rep_id, rnd)), local_rev)


def main(url: str, rep_id: str, rounds: int) -> None:
    backend = teamio.backend_for(url)
    retries = busy = last = 0
    for r in range(1, rounds + 1):
        try:
            result = publish(backend, rep_id, r, last)
        except TeamFileBusy:
            busy += 1
            continue
        retries += result.conflicts
        last = result.rev
    print(json.dumps({"retries": retries, "busy": busy, "last": last}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
