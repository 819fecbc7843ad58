"""The rep's "% CRM-backed this week" on the signed team's board (follow-up of issue 24): published in
the rep's signed entry, shown to a manager for every rep and to a rep for their own row only, in
`team --json` and `contest show --json` (CliRunner through the real entry point, and real processes)."""

from __future__ import annotations

import json

import pytest
from crm_team import ANA_SHARE, crm_team


@pytest.fixture
def team(tmp_path, run_cli):
    return crm_team(tmp_path, run_cli)


def standings_crm(res) -> dict[str, int | None]:
    return {r["name"]: r["crm_backed_week_pct"] for r in json.loads(res.out)["standings"]}


@pytest.fixture
def blitz(team):
    """A running call contest (Mon 23 - Fri 27 Nov) everyone has published their days for."""
    folder, as_ = team
    as_("mia", "contest", "new", "Call blitz", "--metric", "call", "--start", "2026-11-23", "--end", "2026-11-27")
    for _ in range(2):  # the first sync learns of the contest, the second publishes its days
        for who in ("ana", "ben"):
            as_(who, "sync")
    return as_


def crm_of(res) -> dict[str, int | None]:
    return {r["name"]: r.get("crm_backed_week_pct") for r in json.loads(res.out)["reps"]}


def test_a_manager_sees_every_reps_crm_share_and_a_rep_only_their_own(team):
    folder, as_ = team
    # Ana's week: the 23rd 1 call (CRM), the 24th 2 by hand of which 1 in the CRM, the 25th 1 (CRM): 3 of 4
    assert crm_of(as_("mia", "team", "--json")) == {"Ana Smith": ANA_SHARE, "Ben": None, "Mia": None}
    assert crm_of(as_("ana", "team", "--json"))["Ana Smith"] == ANA_SHARE
    ben_view = json.loads(as_("ben", "team", "--json").out)
    ana_row = next(r for r in ben_view["reps"] if r["name"] == "Ana Smith")
    assert ana_row["crm_backed_week_pct"] is None  # a teammate's share is the manager's, not Ben's
    assert ana_row["week"]["call"] == 4  # while her standings stay on Ben's board
    # and it is in Ana's signed object, as her client computed it
    (obj,) = [json.loads(p.read_text()) for p in (folder / "reps").glob("*.json") if "Ana Smith" in p.read_text()]
    assert obj["entry"]["crm_backed_week_pct"] == ANA_SHARE


def test_the_share_is_of_the_reps_week_and_gone_once_it_turns(team):
    folder, as_ = team
    monday = "2026-11-30T10:30:00+01:00"
    # Ana has not synced since Thursday: what she published was last week's share, not this week's
    assert crm_of(as_("mia", "team", "--json", now=monday))["Ana Smith"] is None
    as_("ana", "log", "call", now=monday)
    as_("ana", "sync", now=monday)
    assert crm_of(as_("mia", "team", "--json", now=monday))["Ana Smith"] == 0  # one call by hand, none in the CRM


def test_team_json_in_a_real_process(team, run_cli_process, tmp_path):
    as_mia = run_cli_process("team", "--json", home_dir=tmp_path / "mia")
    assert as_mia.code == 0 and as_mia.err == "", as_mia.err
    assert crm_of(as_mia)["Ana Smith"] == ANA_SHARE
    as_ben = run_cli_process("team", "--json", home_dir=tmp_path / "ben")
    assert as_ben.code == 0 and as_ben.err == ""
    assert crm_of(as_ben) == {"Ana Smith": None, "Ben": None, "Mia": None}


def test_contest_standings_carry_the_share_for_a_manager(blitz):
    shown = json.loads(blitz("mia", "contest", "show", "Call blitz", "--json").out)
    assert [(r["name"], r["score"]) for r in shown["standings"]] == [("Ana Smith", 4), ("Ben", 3)]
    assert standings_crm(blitz("mia", "contest", "show", "Call blitz", "--json")) == {
        "Ana Smith": ANA_SHARE,
        "Ben": None,
    }
    # a rep: their own share, never a teammate's
    assert standings_crm(blitz("ben", "contest", "show", "Call blitz", "--json")) == {"Ana Smith": None, "Ben": None}
    assert standings_crm(blitz("ana", "contest", "show", "Call blitz", "--json")) == {
        "Ana Smith": ANA_SHARE,
        "Ben": None,
    }
    listed = json.loads(blitz("mia", "contest", "list", "--json").out)["contests"][0]
    assert {r["name"]: r["crm_backed_week_pct"] for r in listed["standings"]} == {"Ana Smith": ANA_SHARE, "Ben": None}


def test_contest_show_in_a_real_process(blitz, run_cli_process, tmp_path):
    res = run_cli_process("contest", "show", "Call blitz", "--json", home_dir=tmp_path / "mia")
    assert res.code == 0 and res.err == "", res.err
    assert standings_crm(res) == {"Ana Smith": ANA_SHARE, "Ben": None}
