"""Conflict copies from OneDrive and Google Drive for desktop, merged and retired like
Dropbox's and Syncthing's, without taking a legitimate file for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from teamfile_data import doc, entry, rid, write

from repdash.sync import conflicts, teamfile, teamio
from repdash.sync.filestore import FileBackend


def _entry(n, name, rev=1):
    return entry(n, name, {"call": 40, "pitch": 8, "commit": 3, "deal": 1}, rev=rev)


@pytest.mark.parametrize(
    "name, is_copy",
    [
        ("team-DESKTOP-AB12CDE.json", True),  # OneDrive keep-both, a Windows default computer name
        ("team-LAPTOP-9Q3RT7X.json", True),
        ("team-NB-SALES01.json", True),  # a corporate computer name
        ("team (1).json", True),  # Google Drive for desktop, two Drive files of one name
        ("team (12).json", True),
        ("team-2025.json", False),  # an archive: a computer name starts with a letter
        ("team-backup.json", False),  # lower case: not how %COMPUTERNAME% reads
        ("team-DESKTOP-AB12CDE-AND-MORE-THAN-15.json", False),
        ("team (0).json", False),
        ("team (123).json", False),
        ("team(1).json", False),
        ("team-DESKTOP-AB12CDE.json.tmp", False),
        ("other-DESKTOP-AB12CDE.json", False),
        ("other (1).json", False),
    ],
)
def test_doubtful_names(name, is_copy):
    assert bool(conflicts.doubtful_pattern(Path("/x/team.json")).match(name)) is is_copy
    assert not conflicts.conflict_pattern(Path("/x/team.json")).match(name)


def _publish(path, raw):
    return teamio.publish(FileBackend(path), teamfile.validate_entry(raw["rep_id"], raw), 0)


def test_onedrive_and_google_drive_copies_are_merged_and_retired(tmp_path):
    path = write(tmp_path / "team.json", doc([_entry(1, "Ana", rev=2), _entry(2, "Ben", rev=1)]))
    onedrive = write(tmp_path / "team-DESKTOP-AB12CDE.json", doc([_entry(1, "Ana", rev=1), _entry(2, "Ben", rev=3)]))
    gdrive = write(tmp_path / "team (1).json", doc([_entry(2, "Ben", rev=1), _entry(3, "Cy", rev=1)]))
    read = teamio.read_team(FileBackend(path))  # read-only
    assert set(read.doc.valid) == {rid(1), rid(2), rid(3)} and onedrive.exists() and gdrive.exists()
    result = _publish(path, _entry(4, "Dee"))
    assert (result.merged_copies, result.retired_copies) == (2, 2)
    assert not onedrive.exists() and not gdrive.exists()
    final = teamfile.parse(path.read_bytes())
    assert set(final.valid) == {rid(1), rid(2), rid(3), rid(4)}
    assert final.valid[rid(2)].rev == 3  # Ben's newer entry from the OneDrive copy won


def test_a_lookalike_of_another_team_is_left_alone(tmp_path):
    """'team-EMEA.json' and 'team (1).json' of other people: no rep in common, not copies."""
    path = write(tmp_path / "team.json", doc([_entry(1, "Ana")]))
    emea = write(tmp_path / "team-EMEA.json", doc([_entry(7, "Gus")]))
    download = write(tmp_path / "team (1).json", doc([_entry(8, "Hal")]))
    broken = tmp_path / "team-DESKTOP-X1.json"
    broken.write_bytes(b"{not json")
    notes = tmp_path / "team (2).json"
    notes.write_text("my notes", encoding="utf-8")
    result = _publish(path, _entry(1, "Ana", rev=5))
    assert (result.merged_copies, result.retired_copies, result.bad_copies) == (0, 0, 0)
    assert all(p.exists() for p in (emea, download, broken, notes))
    assert set(teamfile.parse(path.read_bytes()).valid) == {rid(1)}


def test_without_a_team_file_doubtful_names_are_not_taken(tmp_path):
    write(tmp_path / "team (1).json", doc([_entry(1, "Ana")]))
    assert conflicts.find_conflict_copies(tmp_path / "team.json") == []
