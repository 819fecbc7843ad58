"""Issue 20, Build 1: a target below the standard stays a proposal until a manager accepts it
(`repdash team accept NAME`); accepted, it counts from the day of acceptance on, that number only."""

from __future__ import annotations

import json
from datetime import date

import pendulum
from teamfile_data import doc, entry, rid

from repdash.core.board import build_view
from repdash.core.standard import Accepted, measured_on, proposals
from repdash.sync import manifest as mf
from repdash.sync import signing, teamfile

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")  # a Thursday
STD = {"call": 40, "pitch": 8, "commit": 3, "deal": 1}
LOW = {"call": 30, "pitch": 8, "commit": 3, "deal": 1}  # Cy's proposal: 30 calls a day


def cy(accepted: Accepted | None, targets: dict = LOW) -> dict:
    """Cy makes 30 calls every day (today too), the standard asks 40."""
    d = teamfile.parse(
        json.dumps(
            doc([entry(3, "Cy", {"call": 30, "pitch": 8, "commit": 3, "deal": 1}, today=LOW, targets=targets)], STD)
        ).encode()
    )
    view = build_view(
        d.valid.values(), d.standard, NOW, viewer_tz="Europe/Berlin", accepted={rid(3): accepted} if accepted else None
    )
    return view["reps"][0]


def test_the_rule_in_the_core():
    assert proposals(LOW, STD) == {"call": 30}
    assert proposals(LOW, STD, {"call": 30}) == {}
    assert measured_on(LOW, STD, {"call": 30})["call"] == 30
    # Lowered again: a new proposal, still measured on the accepted number.
    assert proposals({"call": 20}, STD, {"call": 30}) == {"call": 20}
    assert measured_on({"call": 20}, STD, {"call": 30})["call"] == 30
    # An accepted target never raises the standard.
    assert measured_on({"call": 50}, STD, {"call": 60})["call"] == 50


def test_an_accepted_proposal_counts_from_its_date_not_before():
    plain = cy(None)
    assert plain["proposal"] == {"call": 30} and plain["accepted"] is None
    assert not plain["at_standard"] and plain["coaching"] and plain["days_below"] > 0
    today = cy(Accepted(date(2026, 11, 26), {"call": 30}))
    assert today["proposal"] == {} and today["accepted"] == {"from": "2026-11-26", "targets": {"call": 30}}
    assert today["at_standard"] and today["coaching"] is None and today["measured_on"]["call"] == 30
    assert today["standard"]["call"] == 30 and today["today_pct"] > plain["today_pct"]
    # The days before the acceptance stay below the standard they were measured on.
    assert today["trend"][-1] is False and not today["at_standard_week"]
    tuesday = cy(Accepted(date(2026, 11, 24), {"call": 30}))
    assert tuesday["trend"][-2:] == [True, True] and tuesday["trend"][-3] is False  # Mon below, Tue and Wed met
    assert plain["week_pct"] < today["week_pct"] < tuesday["week_pct"]
    assert not tuesday["at_standard_week"]  # Monday still counts against 40
    monday = cy(Accepted(date(2026, 11, 23), {"call": 30}))
    assert monday["at_standard_week"] and monday["week_pct"] > tuesday["week_pct"]
    tomorrow = cy(Accepted(date(2026, 11, 27), {"call": 30}))
    assert tomorrow["at_standard"] is False and tomorrow["proposal"] == {"call": 30}
    assert tomorrow["week_pct"] == plain["week_pct"]


def test_a_further_lowered_target_is_a_proposal_again():
    lower = cy(Accepted(date(2026, 11, 23), {"call": 30}), targets={**LOW, "call": 20})
    assert lower["proposal"] == {"call": 20}
    assert lower["measured_on"]["call"] == 30 and lower["at_standard"]  # the accepted 30, not the 20


def _doc(body: dict, who) -> bytes:
    return mf.sign_document(who, body)


def test_the_manifest_drops_and_counts_bad_acceptances(tmp_path):
    owner = signing.load_identity(tmp_path / "o")
    assert owner is not None
    body = mf.new_body(owner, "t", "Mia", "2026-11-26T10:00:00+01:00")
    body["accepted"] = {
        rid(1): {"from": "2026-11-20", "targets": {"call": 30}},
        rid(2): {"from": "yesterday", "targets": {"call": 30}},
        rid(3): {"from": "2026-11-20", "targets": {"call": -1}},
        "../x": {"from": "2026-11-20", "targets": {"call": 3}},
        rid(4): ["not", "a", "record"],
        rid(5): {"from": "2026-11-20", "targets": {"call": True}},
    }
    m = mf.parse(_doc(body, owner), "t/team.json")
    assert m.accepted == {rid(1): Accepted(date(2026, 11, 20), {"call": 30})} and m.accepted_dropped == 5
    body["accepted"] = "everyone"
    m = mf.parse(_doc(body, owner), "t/team.json")
    assert m.accepted == {} and m.accepted_dropped == 1


# ---- the command ---------------------------------------------------------------------------------


def _team(tmp_path, run):
    folder = tmp_path / "team"
    folder.mkdir()
    url = str(folder) + "/"

    def as_(who, *args):
        return run(*args, home_dir=tmp_path / who)

    assert as_("mia", "init", "--name", "Mia", "--manager", "--team", url).code == 0
    assert as_("ana", "init", "--name", "Ana", "--team", url).code == 0
    assert as_("mia", "sync").code == 0
    assert as_("mia", "standard", "--call", "40", "--pitch", "8").code == 0
    assert as_("ana", "targets", "--call", "30").code == 0
    assert as_("ana", "log", "call", "30").code == 0
    assert as_("ana", "sync").code == 0
    assert as_("mia", "team", "admit", "Ana").code == 0
    return folder, as_


def _ana(as_) -> dict:
    res = as_("mia", "team", "--json")
    assert res.code == 0, res.err
    return next(r for r in json.loads(res.out)["reps"] if r["name"] == "Ana")


def test_a_manager_accepts_and_the_reps_row_changes(tmp_path, run_cli):
    folder, as_ = _team(tmp_path, run_cli)
    before = _ana(as_)
    assert before["proposal"] == {"call": 30} and before["accepted"] is None and not before["at_standard"]
    assert before["measured_on"]["call"] == 40
    res = as_("mia", "team", "accept", "Ana", "--json")
    assert res.code == 0, res.err
    assert json.loads(res.out) == {"ok": True, "name": "Ana", "from": "2026-11-26", "targets": {"call": 30}}
    after = _ana(as_)
    assert after["proposal"] == {} and after["accepted"] == {"from": "2026-11-26", "targets": {"call": 30}}
    assert after["measured_on"]["call"] == 30 and after["today_pct"] > before["today_pct"]
    assert before["standard"]["call"] == 40 and after["standard"]["call"] == 30
    body = json.loads((folder / "team.json").read_bytes())["manifest"]
    assert body["accepted"] == {after["rep_id"]: {"from": "2026-11-26", "targets": {"call": 30}}}
    # Nothing left to accept; Ana lowers again: a new proposal, measured on the accepted 30.
    assert "no 'Ana' with a proposal" in as_("mia", "team", "accept", "Ana").err
    assert as_("ana", "targets", "--call", "25").code == 0 and as_("ana", "sync").code == 0
    again = _ana(as_)
    assert again["proposal"] == {"call": 25} and again["measured_on"]["call"] == 30


def test_a_rep_cannot_accept_and_nothing_is_written(tmp_path, run_cli):
    folder, as_ = _team(tmp_path, run_cli)
    before = (folder / "team.json").read_bytes()
    res = as_("ana", "team", "accept", "Ana")
    assert res.code == 2 and "only a manager granted" in res.err and len(res.err.strip().splitlines()) == 1
    assert "no 'Nobody'" in as_("mia", "team", "accept", "Nobody").err
    failed = as_("ana", "team", "accept", "Ana", "--json")
    assert (
        failed.code == 2
        and json.loads(failed.out)["ok"] is False
        and "only a manager" in json.loads(failed.out)["error"]
    )
    assert (folder / "team.json").read_bytes() == before


def test_accept_as_a_real_process(tmp_path, run_cli_process):
    folder, as_ = _team(tmp_path, run_cli_process)
    rep = as_("ana", "team", "accept", "Ana")
    assert rep.code == 2 and rep.out == "" and rep.err.startswith("repdash: ") and "Traceback" not in rep.err
    res = as_("mia", "team", "accept", "ana")
    assert res.code == 0 and res.err == ""
    assert res.out == "Accepted Ana's proposal (call 30): it counts from 2026-11-26 on.\n"
    assert _ana(as_)["accepted"] == {"from": "2026-11-26", "targets": {"call": 30}}
