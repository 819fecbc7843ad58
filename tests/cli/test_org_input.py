"""`repdash org LOCATION` and `serve --org` given the wrong thing: one line that names the org location
(not `--team`, not "a team file"), exit 2, nothing written; one team's folder or prefix is refused with
what to give instead (its board would be an empty org); an empty org is a new org, not an error."""

from __future__ import annotations

import json

import pytest
from cli_checks import assert_one_line_error


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("ftp://example.org/sales/", "the org location is a folder (PATH/) or s3://BUCKET/PREFIX/"),
        ("s3://", "the org location is s3://BUCKET/PREFIX/ (or gs://, az://): the bucket name is missing"),
        ("s3://director:hunter2@acme-sales/org/", "no user, password, port, query or fragment"),
        ("   ", "the org location needs a folder (PATH/) or s3://BUCKET/PREFIX/"),
        ("/no/such/place/org/", "the org location '/no/such/place/org/': the folder"),
    ],
)
def test_a_wrong_org_location_is_one_line_naming_the_org_location(run_cli, tmp_path, location, says):
    res = run_cli("org", location)
    assert_one_line_error(res, 2, says)
    assert "--team" not in res.err and "team file" not in res.err
    assert "hunter2" not in res.err  # a URL holding a secret is never echoed
    as_json = run_cli("org", location, "--json")
    assert_one_line_error(as_json, 2, says)
    assert json.loads(as_json.out) == {"ok": False, "error": as_json.err.strip().removeprefix("repdash: ")}


def test_one_teams_folder_is_refused_with_what_to_give_instead(run_cli, tmp_path):
    team = tmp_path / "sales" / "east"
    (team / "reps").mkdir(parents=True)
    (team / "team.json").write_text("{}")
    res = run_cli("org", str(team) + "/", "--json")
    assert_one_line_error(res, 2, "is one team's location, not an org's")
    assert "give the folder above it" in res.err
    assert sorted(p.name for p in team.iterdir()) == ["reps", "team.json"]  # nothing written
    served = run_cli("serve", "--org", str(team) + "/")
    assert_one_line_error(served, 2, "is one team's location, not an org's")
    # The folder above it is the org: east is one of its teams (with a manifest nobody signed).
    ok = run_cli("org", str(tmp_path / "sales") + "/", "--json")
    assert ok.code == 0, ok.err
    assert [p.split(":")[0] for p in json.loads(ok.out)["problems"]] == ["east"]


def test_an_empty_org_folder_is_a_new_org(run_cli, tmp_path):
    (tmp_path / "new-org").mkdir()
    res = run_cli("org", str(tmp_path / "new-org") + "/", "--json")
    assert (res.code, res.err) == (0, "")
    assert json.loads(res.out)["teams"] == []


def test_one_teams_prefix_on_s3_is_refused(run_cli, s3):
    from repdash.sync.layout import open_layout

    open_layout(s3.url("sales/east/")).put("team.json", b"{}", None)
    res = run_cli("org", s3.url("sales/east/"))
    assert_one_line_error(res, 2, "is one team's location, not an org's")


def test_a_team_folder_as_org_in_a_real_process(run_cli_process, tmp_path):
    (tmp_path / "east").mkdir()
    (tmp_path / "east" / "team.json").write_text("{}")
    res = run_cli_process("org", str(tmp_path / "east"))
    assert res.code == 2
    assert res.out == ""
    assert res.err.strip() == (
        f"repdash: {tmp_path / 'east'}/ is one team's location, not an org's: an org is a folder (or prefix) "
        "whose sub-folders are teams; give the folder above it"
    )
