"""A signed team on a folder where one rep's week is partly CRM-backed (issue 24 follow-up): Mia
(manager, owner), Ana Smith (imports her Zoho calls and logs two by hand: 3 of her 4 calls this week
are CRM-backed, 75 %) and Ben (logs by hand only: no share). Everyone synced, at the frozen clock."""

from __future__ import annotations

import paths

ZOHO_CALLS = paths.FIXTURES / "crm" / "zoho_calls_labels.csv"
ANA_SHARE = 75  # the 23rd 1 call (CRM), the 24th 2 by hand of which 1 in the CRM, the 25th 1 (CRM)


def crm_team(tmp_path, run_cli):
    """`as_(who, *args, code=0, **kw)`: run a command in mia's, ana's or ben's home and check its exit code."""
    folder = tmp_path / "team"
    folder.mkdir()
    url = str(folder) + "/"

    def as_(who, *args, code=0, **kw):
        res = run_cli(*args, home_dir=tmp_path / who, **kw)
        assert res.code == code, (who, args, res.code, res.out, res.err)
        return res

    as_("mia", "init", "--name", "Mia", "--manager", "--team", url, "--tz", "Europe/Berlin")
    as_("ana", "init", "--name", "Ana Smith", "--team", url, "--tz", "Europe/Berlin")
    as_("ben", "init", "--name", "Ben", "--team", url, "--tz", "Europe/Berlin")
    for who in ("mia", "ana", "ben"):
        as_(who, "sync")
    as_("mia", "team", "admit", "Ana Smith")
    as_("mia", "team", "admit", "Ben")
    as_("ana", "log", "call", "--at", "2026-11-24T09:00")
    as_("ana", "log", "call", "--at", "2026-11-24T09:05")
    as_("ana", "import", "--from", "zoho", str(ZOHO_CALLS))
    as_("ben", "log", "call", "3")
    for who in ("ana", "ben", "mia"):
        as_(who, "sync")
    return folder, as_
