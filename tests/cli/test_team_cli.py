"""`repdash sync`, `team`, `standard`, `note`, `hide` as a user runs them: exit codes, stdout, stderr."""

from __future__ import annotations

import json

from teamfile_data import demo_team, rid, write


def _init(run_cli, home, name, team, *extra):
    r = run_cli("init", "--name", name, "--team-file", str(team), *extra, home_dir=home)
    assert r.code == 0, r.err


def test_sync_then_team_json(run_cli, tmp_path):
    team = tmp_path / "team.json"
    a, b = tmp_path / "a", tmp_path / "b"
    _init(run_cli, a, "Ana", team)
    _init(run_cli, b, "Ana", team)  # two reps may share a name
    run_cli("log", "call", "41", home_dir=a)
    for p in ("pitch 8", "commit 3", "deal 1"):
        run_cli("log", *p.split(), home_dir=a)
    run_cli("log", "call", "5", home_dir=b)
    assert run_cli("sync", home_dir=a).code == 0
    r = run_cli("sync", "--json", home_dir=b)
    assert r.code == 0, r.err
    assert json.loads(r.out)["ok"] is True
    r = run_cli("team", "--json", home_dir=a)
    assert r.code == 0 and r.err == ""
    data = json.loads(r.out)
    assert data["standard"] is None and isinstance(data["at_standard_pct"], float)
    assert [x["name"] for x in data["reps"]] == ["Ana", "Ana"]
    top = data["reps"][0]
    assert top["today"]["call"] == 41 and top["at_standard"] is True and top["last_sync"].startswith("2026-11-26T10:30")
    assert set(top) >= {"name", "today", "week", "targets", "at_standard", "streak", "level", "xp", "last_sync"}
    assert data["at_standard_pct"] == 50.0
    # the next day, before syncing: zero for today, the week still counts
    r = run_cli("team", "--json", home_dir=a, now="2026-11-27T09:00:00+01:00")
    rep = json.loads(r.out)["reps"]
    assert all(x["today"]["call"] == 0 for x in rep) and {x["week"]["call"] for x in rep} == {41, 5}


def test_team_only_reads(run_cli, tmp_path):
    team = write(tmp_path / "team.json", demo_team())
    before = team.read_bytes()
    (tmp_path / "team (conflicted copy).json").write_bytes(before)
    r = run_cli("team", "--json", env={"REPDASH_TEAM_FILE": str(team)})
    assert r.code == 0, r.err
    assert len(json.loads(r.out)["reps"]) == 9
    assert team.read_bytes() == before and (tmp_path / "team (conflicted copy).json").exists()
    r = run_cli("team", env={"REPDASH_TEAM_FILE": str(team)})  # not a terminal: plain text
    assert r.code == 0 and "[bold red]Boss[/]" in r.out and "+1 pitch a day" in r.out


def test_bad_team_files_exit_1_and_stay_untouched(run_cli, tmp_path, home):
    team = tmp_path / "team.json"
    _init(run_cli, home, "Ana", team)
    run_cli("log", "call", "3")
    for content in (
        b'{"format": "repdash-team", "version": 1, "reps": {"x": ',
        b'{"some": "other app"}',
        b'{"format": "repdash-team", "version": 7, "reps": {}}',
        b"\x00garbage",
    ):
        team.write_bytes(content)
        for cmd in (("sync",), ("team", "--json"), ("standard",)):
            r = run_cli(*cmd)
            assert r.code == 1, (cmd, content, r)
            assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
            assert r.out == "" if "--json" not in cmd else json.loads(r.out)["ok"] is False
            assert str(team) in r.err
        assert team.read_bytes() == content
    r = run_cli("status", "--json")
    assert r.code == 0 and json.loads(r.out)["today"]["call"] == 3  # local data intact
    assert run_cli("log", "call").code == 0  # logging never fails because of the team file


def test_newer_version_message(run_cli, tmp_path, home):
    team = tmp_path / "team.json"
    _init(run_cli, home, "Ana", team)
    team.write_text('{"format": "repdash-team", "version": 2, "reps": {}}')
    r = run_cli("sync")
    assert r.code == 1 and "newer repdash" in r.err


def test_no_team_file_and_offline(run_cli, tmp_path, home):
    assert run_cli("init", "--name", "Ana").code == 0
    r = run_cli("sync")
    assert r.code == 2 and "no team file configured" in r.err
    r = run_cli("sync", env={"REPDASH_TEAM_FILE": str(tmp_path / "unmounted" / "team.json")})
    assert r.code == 1 and "not reachable" in r.err and not (tmp_path / "unmounted").exists()
    r = run_cli("team", "--json", env={"REPDASH_TEAM_FILE": str(tmp_path / "team.json")})
    assert r.code == 1 and "run `repdash sync`" in r.err


def test_standard_manager_only(run_cli, tmp_path):
    team = tmp_path / "team.json"
    rep, mgr = tmp_path / "rep", tmp_path / "mgr"
    _init(run_cli, rep, "Ana", team)
    _init(run_cli, mgr, "Maria", team, "--manager")
    assert run_cli("sync", home_dir=rep).code == 0
    before = team.read_bytes()
    r = run_cli("standard", "--call", "30", home_dir=rep)
    assert r.code == 2 and "manager" in r.err and r.out == ""
    assert team.read_bytes() == before
    r = run_cli("standard", home_dir=rep)
    assert r.code == 0 and "No team standard" in r.out
    r = run_cli("standard", "--call", "30", "--pitch", "6", "--one-on-one", "2", home_dir=mgr)
    assert r.code == 0, r.err
    assert "30 calls" in r.out
    r = run_cli("standard", home_dir=rep)
    assert r.code == 0 and "30 calls, 6 pitches" in r.out and "Maria" in r.out
    # the rep is measured on the rep kinds only; status shows it
    status = json.loads(run_cli("status", "--json", home_dir=rep).out)
    assert status["standard"] == {"call": 30, "pitch": 6}
    r = run_cli("standard", "--deal", "1", home_dir=mgr)  # updates one kind, keeps the others
    assert json.loads(run_cli("team", "--json", home_dir=rep).out)["standard"] == {
        "call": 30,
        "pitch": 6,
        "deal": 1,
        "one_on_one": 2,
    }
    data = json.loads(run_cli("team", "--json", home_dir=rep).out)
    maria = next(x for x in data["reps"] if x["name"] == "Maria")
    assert maria["manager"] and maria["standard"] == {"one_on_one": 2}


def test_hide_notes_and_untrusted_names(run_cli, tmp_path, home):
    team = write(tmp_path / "team.json", demo_team())
    _init(run_cli, home, "Ana Local", team, "--manager")
    assert run_cli("hide").code == 0
    assert run_cli("sync").code == 0
    data = json.loads(run_cli("team", "--json").out)
    me = next(x for x in data["reps"] if x["name"] == "Ana Local")
    assert me["hidden"] and me["rank"] is None
    r = run_cli("note", "[bold red]Boss[/]", "Talk", "about", "[link]pitches[/]")
    assert r.code == 0, r.err
    r = run_cli("note", rid(3)[:6], "--json")
    assert json.loads(r.out)[0]["text"] == "Talk about [link]pitches[/]"
    assert b"Talk about" not in team.read_bytes()  # notes never leave this machine
    r = run_cli("note", "Nobody")
    assert r.code == 2 and "no rep" in r.err
    assert run_cli("unhide").code == 0


def test_repdash_team_file_overrides_the_configured_one(run_cli, tmp_path):
    configured, override = tmp_path / "configured.json", tmp_path / "override.json"
    assert run_cli("init", "--name", "Ana", "--team-file", str(configured)).code == 0
    res = run_cli("sync", env={"REPDASH_TEAM_FILE": str(override)})
    assert res.code == 0, res.err
    assert override.exists() and not configured.exists()
    board = run_cli("team", "--json", env={"REPDASH_TEAM_FILE": str(override)})
    assert board.code == 0 and [r["name"] for r in json.loads(board.out)["reps"]] == ["Ana"]
