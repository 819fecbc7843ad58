"""The signed team's commands through click's CliRunner (repdash.cli.main): bad input exits 2 with
one line and writes nothing; `team trust` accepts a changed owner; whoami without a team."""

from __future__ import annotations

import json

import pytest

from repdash.sync import manifest as mf
from repdash.sync import signing


@pytest.fixture
def team(tmp_path, run_cli):
    folder = tmp_path / "team"
    folder.mkdir()
    url = str(folder) + "/"

    def as_(who, *args, env=None):
        return run_cli(*args, home_dir=tmp_path / who, env=env)

    assert as_("mia", "init", "--name", "Mia", "--manager", "--team", url).code == 0
    assert as_("ana", "init", "--name", "Ana", "--team", url).code == 0
    assert as_("mia", "sync").code == 0
    assert as_("ana", "sync").code == 0
    return folder, url, as_


def one_line(res, code: int = 2) -> str:
    assert res.code == code, (res.code, res.out, res.err)
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repdash: ") and "Traceback" not in res.err
    return lines[0]


def test_whoami_without_a_team(run_cli):
    assert run_cli("init", "--name", "Solo").code == 0
    res = run_cli("whoami", "--json")
    assert res.code == 0, res.err
    info = json.loads(res.out)
    assert (info["name"], info["manager"], info["authority"]) == ("Solo", False, False)
    assert len(info["rep_id"]) == 32 and info["fingerprint"].startswith("SHA256:")
    assert "rep id" in run_cli("whoami").out


def test_init_refuses_bad_team_settings(run_cli, tmp_path):
    assert "not both" in one_line(run_cli("init", "--name", "A", "--team", "x/", "--team-file", "y.json"))
    assert "does not exist" in one_line(run_cli("init", "--name", "A", "--team", str(tmp_path / "no" / "t") + "/"))
    assert "not" in one_line(run_cli("init", "--name", "A", "--team", "ftp://host/team/"))


def test_bad_input_on_the_roster_changes_nothing(team):
    folder, url, as_ = team
    before = (folder / "team.json").read_bytes()
    assert "no 'Nobody'" in one_line(as_("mia", "team", "admit", "Nobody"))
    assert "only the team's owner" in one_line(as_("ana", "team", "revoke", "Mia"))
    assert "`ranked`, `top N` or `benchmarks`" in one_line(as_("mia", "team", "board", "sideways"))
    assert "only a manager granted" in one_line(as_("ana", "team", "board", "ranked"))
    assert "only a manager granted" in one_line(as_("ana", "standard", "--call", "1"))
    assert (folder / "team.json").read_bytes() == before


def test_roster_commands_need_a_team_location(run_cli, tmp_path):
    assert run_cli("init", "--name", "A", "--manager", "--team-file", str(tmp_path / "t.json")).code == 0
    assert "team location" in one_line(run_cli("team", "admit", "Ben"))


def test_trust_accepts_a_changed_owner(team, tmp_path):
    folder, url, as_ = team
    new_owner = signing.load_identity(tmp_path / "new-owner")
    assert new_owner is not None
    (folder / "team.json").write_bytes(
        mf.sign_document(new_owner, mf.new_body(new_owner, "t", "N", "2026-11-26T10:00:00+01:00"))
    )
    assert "owner changed" in one_line(as_("ana", "team", "--json"), 1)
    res = as_("ana", "team", "trust")
    assert res.code == 0 and new_owner.fingerprint in res.out
    assert as_("ana", "team", "--json").code == 0


def test_sync_json_on_a_location(team):
    folder, url, as_ = team
    res = as_("ana", "sync", "--json")
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data["team_file"] == url and data["backend"] == "file" and data["rev"] == 2
    assert data["team"]["asking_to_join"] == [] and data["team"]["board"] == "ranked"
    mgr = json.loads(as_("mia", "team", "--json").out)
    assert mgr["asking_to_join"] == ["Ana"]
