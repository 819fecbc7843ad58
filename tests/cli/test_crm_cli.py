"""`repdash import --from CRM`, `import --watch` and `repdash crm map` as a rep runs them (CliRunner
through the real entry point, and one real process): idempotent, all or nothing, reconciled with
what the rep logged by hand."""

from __future__ import annotations

import json
import shutil

import paths
import pytest
from cli_checks import bad, cli, rep, snapshot  # noqa: F401 - fixtures

FIXTURES = paths.FIXTURES / "crm"
OPPS = FIXTURES / "salesforce_opportunities_labels.csv"
TASKS = FIXTURES / "salesforce_tasks_api.csv"


def status(cli) -> dict:
    return json.loads(cli("status", "--json").out)


def imported(cli, *args: str) -> dict:
    return json.loads(cli("import", *args, "--json").out)


def export_rows(cli) -> list[dict]:
    return json.loads(cli("export", "--format", "json").out)


def test_an_import_adds_the_reps_records_and_a_reimport_adds_nothing(rep, cli):
    first = imported(cli, "--from", "salesforce", str(TASKS), "--owner", "005000000000ANAAAA")
    assert (first["added"], first["updated"], first["skipped"]) == (3, 0, 3)
    assert first["by_kind"] == {"call": 2, "pitch": 1}
    rows = export_rows(cli)
    assert sorted((r["at"], r["kind"]) for r in rows) == [
        ("2026-11-23T10:15:00+01:00", "call"),
        ("2026-11-23T12:00:00+01:00", "call"),
        ("2026-11-24T12:00:00+01:00", "pitch"),
    ]
    # the same export again (the owner is remembered): nothing added, nothing counted twice
    again = imported(cli, "--from", "salesforce", str(TASKS))
    assert (again["added"], again["updated"], again["unchanged"], again["skipped"]) == (0, 0, 3, 6)
    assert again["by_kind"] == {}
    assert export_rows(cli) == rows


def test_a_changed_record_updates_its_entry(rep, cli, tmp_path):
    assert imported(cli, "--from", "salesforce", str(OPPS), "--owner", "Ana Smith")["by_kind"] == {
        "deal": 1,
        "commit": 1,
    }
    # Globex moved to Closed Won on the 26th: its commitment becomes a deal, nothing is added
    moved = tmp_path / "opps.csv"
    moved.write_bytes(
        OPPS.read_bytes().replace(
            b'"Negotiation/Review","8,000.00","12/15/2026"', b'"Closed Won","8,000.00","11/26/2026"'
        )
    )
    res = imported(cli, "--from", "salesforce", str(moved))
    assert (res["added"], res["updated"], res["unchanged"]) == (0, 1, 1)
    assert res["by_kind"] == {"deal": 1}
    kinds = sorted(r["kind"] for r in export_rows(cli))
    assert kinds == ["deal", "deal"]
    assert status(cli)["today"]["deal"] == 1


def test_a_foreign_owners_rows_are_skipped_and_several_owners_need_one_named(rep, cli, bad):
    bad("import", "--from", "salesforce", str(OPPS), contains="--owner")
    res = imported(cli, "--from", "salesforce", str(OPPS), "--owner", "Ben Jones")
    assert res["by_kind"] == {"deal": 1}
    assert res["skipped_reasons"]["another owner's"] == 4


def test_hand_logged_calls_are_not_counted_twice(rep, cli):
    for _ in range(3):
        cli("log", "call", "--at", "2026-11-23T09:00")
    res = cli("import", "--from", "hubspot", str(FIXTURES / "hubspot_calls_api.csv"), "--owner", "111")
    # two HubSpot calls on the 23rd, three logged by hand: the day keeps three calls
    assert "HubSpot: 3 calls of 111 (2 calls logged by hand already in them)." in res.out
    days = {r["at"][:10] for r in export_rows(cli)}
    assert days == {"2026-11-23", "2026-11-26"}
    calls_23 = sum(r["count"] for r in export_rows(cli) if r["at"].startswith("2026-11-23"))
    assert calls_23 == 3
    assert status(cli)["today"]["call"] == 1  # the 23:30 UTC call is on the 26th in Berlin


def test_dry_run_changes_nothing_and_says_what_would_change(rep, cli, home):
    cli("log", "call", "--at", "2026-11-23T09:00")
    before = snapshot(home)
    res = cli("import", "--from", "zoho", str(FIXTURES / "zoho_calls_labels.csv"), "--dry-run")
    assert snapshot(home) == before
    assert "Would add 3, would update 0" in res.out
    assert "  2026-11-23  call    +1 new, 1 of 1 logged by hand already in them" in res.out
    assert "  2026-11-25  call    +1 new" in res.out
    assert res.out.rstrip().endswith("Dry run: nothing changed.")
    data = imported(cli, "--from", "zoho", str(FIXTURES / "zoho_calls_labels.csv"), "--dry-run")
    assert data["dry_run"] is True and data["added"] == 3
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"Id,ActivityDate,Status,TaskSubtype\n1,2026-11-23,Completed,Call\n2,2026-11-99,Completed,Call\n", "line 3"),
        (b"Id,ActivityDate,Status,TaskSubtype\n1,2026-11-23,Completed,Call\n2,2026-11-23,Completed,Call,x\n", "line 3"),
        (
            b"Id,ActivityDate,Status,TaskSubtype\r\n1,2026-11-23,Completed,Call\r\n,2026-11-23,Completed,Call\r\n",
            "line 3",
        ),
        (b"what,when\n1,2\n", "line 1"),
        (b"Id,ActivityDate\n\x00\xff garbage\xc3\n", "UTF-8"),
    ],
)
def test_a_malformed_file_changes_nothing(rep, cli, bad, tmp_path, content, where):
    cli("import", "--from", "salesforce", str(TASKS), "--owner", "005000000000ANAAAA")
    file = tmp_path / "bad.csv"
    file.write_bytes(content)
    res = bad("import", "--from", "salesforce", str(file), contains="nothing imported" if "line" in where else None)
    assert where.lower() in res.err.lower()
    out = bad("import", "--from", "salesforce", str(file), "--json")
    assert json.loads(out.out)["ok"] is False


def test_bad_date_names_the_column(rep, bad, tmp_path):
    file = tmp_path / "bad.csv"
    file.write_text("Id,ActivityDate,Status,TaskSubtype\n1,2026-11-99,Completed,Call\n")
    res = bad("import", "--from", "salesforce", str(file))
    assert "line 2, column 'ActivityDate'" in res.err


def test_plain_import_takes_export_json_back(rep, cli, tmp_path):
    cli("log", "call", "3", "--at", "2026-11-24T09:00")
    cli("log", "deal", "--at", "2026-11-25T16:00")
    exported = cli("export", "--format", "json").out
    file = tmp_path / "history.json"
    file.write_text(exported)
    other = tmp_path / "other"
    cli("init", "--name", "Bo", "--tz", "Europe/Berlin", env={"REPDASH_HOME": str(other)})
    assert "Imported 2 entries." in cli("import", str(file), env={"REPDASH_HOME": str(other)}).out
    assert cli("export", "--format", "json", env={"REPDASH_HOME": str(other)}).out == exported


def test_plain_import_json_bad_item_names_it(rep, bad, tmp_path):
    file = tmp_path / "history.json"
    file.write_text('[{"at": "2026-11-24T09:00", "kind": "email", "count": 1}]')
    bad("import", str(file), contains="item 1")


def test_crm_map_shows_sets_and_resets(rep, cli, bad, run_cli):
    shown = cli("crm", "map", "pipedrive").out
    assert "commit_stages      Negotiations Started" in shown
    cli("crm", "map", "pipedrive", "commit_stages=5", "owner=7")
    data = json.loads(cli("crm", "map", "pipedrive", "--json").out)["pipedrive"]
    assert data["rules"]["commit_stages"] == ["5"] and data["owner"] == "7"
    res = imported(cli, "--from", "pipedrive", str(FIXTURES / "pipedrive_deals_api.csv"))
    assert res["by_kind"] == {"deal": 1, "commit": 1}
    cli("crm", "map", "pipedrive", "--reset")
    assert json.loads(cli("crm", "map", "pipedrive", "--json").out)["pipedrive"]["rules"]["commit_stages"] == [
        "Negotiations Started"
    ]
    bad("crm", "map", "pipedrive", "colour=blue", contains="unknown mapping key")
    bad("crm", "map", "hubspot", "pitch_subject=(", contains="regular expression")
    bad("crm", "map", "commit_stages=x")


def test_watch_once_imports_new_exports_once(rep, cli, tmp_path):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    shutil.copy(FIXTURES / "close_calls_api.csv", folder)
    shutil.copy(FIXTURES / "zoho_deals_api.csv", folder)
    (folder / "notes.txt").write_text("not an export")
    (folder / "unknown.csv").write_text("a,b\n1,2\n")
    res = cli("import", "--watch", str(folder), "--once")
    assert "close_calls_api.csv: Close: 2 calls." in res.out
    assert "zoho_deals_api.csv: Zoho CRM: 1 commitment, 1 deal." in res.out
    assert "unknown.csv:" in res.out and "cannot tell which CRM" in res.out
    assert cli("import", "--watch", str(folder), "--once").out == ""
    shutil.copy(FIXTURES / "close_meetings_api.csv", folder)
    assert cli("import", "--watch", str(folder), "--once").out.startswith("close_meetings_api.csv: Close: 1 pitch.")


def test_crm_backed_share_in_status(rep, cli):
    assert status(cli).get("crm_backed_week_pct") is None
    cli("log", "call", "--at", "2026-11-24T09:00")
    cli("log", "call", "--at", "2026-11-24T09:05")
    cli("import", "--from", "zoho", str(FIXTURES / "zoho_calls_labels.csv"))
    # this week: calls 23rd 1 (CRM), 24th 2 by hand of which 1 in the CRM, 25th 1 (CRM): 3 of 4
    assert status(cli)["crm_backed_week_pct"] == 75


def test_import_json_in_a_real_process(rep, run_cli_process):
    res = run_cli_process("import", "--from", "hubspot", str(FIXTURES / "hubspot_deals_api.csv"), "--json")
    assert res.code == 0 and res.err == ""
    data = json.loads(res.out)
    assert (data["added"], data["updated"], data["skipped"], data["by_kind"]) == (2, 0, 2, {"deal": 1, "commit": 1})
    bad = run_cli_process("import", "--from", "hubspot", str(FIXTURES / "nope.csv"), "--json")
    assert bad.code == 2
    assert json.loads(bad.out) == {"ok": False, "error": f"{FIXTURES / 'nope.csv'}: no such file"}
    assert bad.err.startswith("repdash: ") and len(bad.err.strip().splitlines()) == 1


def test_crm_map_columns_teach_a_localized_export(rep, cli, bad, tmp_path):
    file = tmp_path / "verkaufschancen.csv"
    file.write_text("Opportunity-ID;Phase;Betrag;Schlusstermin\n006X1;Closed Won;12.500,00;24.11.2026\n")
    bad("import", "--from", "salesforce", str(file), contains="line 1")
    cli("crm", "map", "salesforce", "columns=Opportunity-ID:id,Phase:stage,Betrag:amount,Schlusstermin:close_date")
    assert imported(cli, "--from", "salesforce", str(file))["by_kind"] == {"deal": 1}
    bad("crm", "map", "salesforce", "columns=Betrag:geld", contains="not a field")


def test_crm_map_and_watch_in_real_processes(rep, run_cli_process, tmp_path):
    res = run_cli_process("crm", "map", "close", "commit_stages=Verbal", "--json")
    assert res.code == 0 and res.err == ""
    assert json.loads(res.out)["close"]["rules"]["commit_stages"] == ["Verbal"]
    bad = run_cli_process("crm", "map", "close", "nope=1", "--json")
    assert bad.code == 2 and json.loads(bad.out)["ok"] is False and bad.err.count("\n") == 1
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "close_opportunities_api.csv", folder)
    res = run_cli_process("import", "--watch", str(folder), "--once", "--json")
    assert res.code == 0, res.err
    (line,) = res.out.splitlines()
    data = json.loads(line)
    assert data["file"].endswith("close_opportunities_api.csv")
    assert (data["crm"], data["by_kind"]) == ("close", {"deal": 1})  # "Active" is not the stage "Verbal"
