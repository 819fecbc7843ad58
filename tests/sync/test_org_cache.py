"""A director's org cache (sync/orgcache.py): a new process fetches only what changed since the last
run, on a folder, S3 (moto), Azure Blob (Azurite) and Google Cloud Storage (fake-gcs-server). A changed
object is fetched again, a deleted team leaves the board and the cache, a damaged object is skipped and
counted (and stays skipped without a GET), and a damaged or forged cache file is ignored and written
again."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from teamfile_data import entry

from repdash.services import org as org_service
from repdash.services import team_layout
from repdash.sync import manifest as mf
from repdash.sync import orgcache, repobj, signing, teamread
from repdash.sync.layout import open_layout

NOW = pendulum.parse("2026-11-26T10:30:00+01:00")
TEAMS = {"east": ["Ana", "Ben"], "west": ["Cy", "Dee", "Eve"]}


def _ident():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return signing._identity(Ed25519PrivateKey.generate())


def _rep_object(ident, name: str, calls: int) -> bytes:
    e = entry(1, name, {"call": 40, "deal": 1}, today={"call": calls})
    e["rep_id"] = ident.rep_id
    return repobj.encode(ident, e)


class Org:
    """An org of two teams written straight into the layout (signed as reps and an owner would).
    `raw(key, data)`: write through another tool instead of the layout (gs://: the emulator takes
    no write from the client, tests/support/gcs.py)."""

    def __init__(self, url: str, raw: Callable[[str, bytes], object] | None = None) -> None:
        self.url = url
        self.raw = raw
        self.reps: dict[str, tuple] = {}  # rep name -> (team, identity)
        for team, names in TEAMS.items():
            if "://" not in url:
                (Path(url) / team / "reps").mkdir(parents=True)
            layout = open_layout(f"{url}{team}/")
            owner = _ident()
            body = mf.new_body(owner, team, "Owner", NOW.isoformat())
            for n in names:
                ident = _ident()
                self.reps[n] = (team, ident)
                body["roster"][ident.rep_id] = {"name": n, "status": "admitted"}
            body["standard"] = {"rev": 1, "kinds": {"call": 40}}
            if raw is not None:
                raw(f"{team}/team.json", mf.sign_document(owner, body))
            else:
                layout.put("team.json", mf.sign_document(owner, body), None)
            for n in names:
                self.write(n, 10)

    def write(self, name: str, calls: int, data: bytes | None = None) -> None:
        team, ident = self.reps[name]
        layout = open_layout(f"{self.url}{team}/")
        key = f"reps/{ident.rep_id}.json"
        data = data if data is not None else _rep_object(ident, name, calls)
        if self.raw is not None:
            self.raw(f"{team}/{key}", data)
        else:
            layout.put(key, data, layout.head(key))

    def object_name(self, name: str) -> str:
        team, ident = self.reps[name]
        return f"{team}/reps/{ident.rep_id}.json"

    def delete_team(self, team: str) -> None:
        if "://" not in self.url:
            shutil.rmtree(Path(self.url) / team)
            return
        import obstore

        org = open_layout(self.url)
        for name in [n for n in org.listing_everything() if n.startswith(team + "/")]:  # type: ignore[attr-defined]
            obstore.delete(org._store, org._prefix + name)  # type: ignore[attr-defined]


def new_process() -> None:
    """Forget everything this process verified: what is left is the org cache on disk."""
    with teamread._LOCK:
        teamread._MEMORY.clear()
    signing._verify_cached.cache_clear()
    team_layout._VIEWS.clear()
    org_service._ON_DISK.clear()


def _calls_today(view: dict, name: str) -> int:
    for team_view in view["views"].values():
        for r in team_view["reps"]:
            if r["name"] == name:
                return r["today"]["call"]
    raise AssertionError(f"{name} not on the board")


@pytest.fixture(params=["folder", "s3", "az", "gs"])
def org(request, tmp_path, monkeypatch) -> Org:
    """The org in a folder, on S3 (moto), on Azure Blob (Azurite) and on GCS (fake-gcs-server,
    objects written by another tool: the reading side is what runs on gs://)."""
    new_process()
    if request.param == "folder":
        (tmp_path / "org").mkdir()
        return Org(str(tmp_path / "org") + "/")
    from objstores import prepared

    server = prepared(request, monkeypatch, request.param)
    if request.param == "gs":
        return Org(server.url("org/"), raw=lambda key, data: server.put_raw("org/" + key, data))
    return Org(server.url("org/"))


def test_a_new_process_fetches_only_what_changed(org):
    first = org_service.org_view(org.url, NOW)
    assert first["requests"]["get"] == 2 + 5  # two manifests, five reps
    assert first["totals"]["reps"] == 5
    new_process()
    again = org_service.org_view(org.url, NOW)
    assert again["requests"]["get"] == 0
    assert again["teams"] == first["teams"]
    assert _calls_today(again, "Cy") == 10
    org.write("Cy", 33)  # a new ETag (or file stamp): fetched again, the rest is not
    new_process()
    changed = org_service.org_view(org.url, NOW)
    assert changed["requests"]["get"] == 1
    assert _calls_today(changed, "Cy") == 33
    assert changed["requests"]["list"] == (
        1 if "://" in org.url else 3
    )  # one LIST, or one scandir per team + the org's


def test_a_deleted_team_leaves_the_board_and_the_cache(org):
    org_service.org_view(org.url, NOW)
    assert len(orgcache.load(org.url)) == 2
    org.delete_team("west")
    view = org_service.org_view(org.url, NOW)  # the same process
    assert [t["name"] for t in view["teams"]] == ["east"]
    assert list(orgcache.load(org.url)) == [org.url + "east/"]
    new_process()
    assert [t["name"] for t in org_service.org_view(org.url, NOW)["teams"]] == ["east"]


def test_a_damaged_object_is_skipped_counted_and_not_fetched_again(org):
    org.write("Dee", 0, data=b'{"entry": {"name": "Dee", "rep_id"')  # truncated
    view = org_service.org_view(org.url, NOW)
    west = view["views"][org.url + "west/"]
    assert west["unreadable"] == [f"reps/{org.reps['Dee'][1].rep_id}.json"]
    assert west["skipped"] == 1
    assert sorted(r["name"] for r in west["reps"]) == ["Cy", "Eve"]  # the others still count
    new_process()
    again = org_service.org_view(org.url, NOW)
    assert again["requests"]["get"] == 0  # its verdict is cached by its version
    assert again["views"][org.url + "west/"]["unreadable"] == west["unreadable"]
    org.write("Dee", 41)  # repaired: a new version, read again
    new_process()
    fixed = org_service.org_view(org.url, NOW)
    assert fixed["requests"]["get"] == 1 and _calls_today(fixed, "Dee") == 41
    assert fixed["views"][org.url + "west/"]["unreadable"] == []


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "other-location", "forged-shapes", "format-1"],
)
def test_a_damaged_cache_file_is_ignored_and_written_again(org, damage):
    first = org_service.org_view(org.url, NOW)
    path = orgcache.cache_path(org.url)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(os.urandom(300))
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    else:
        teams = orgcache.load(org.url)
        if damage == "format-1":  # the one-document file of the first release: built again
            import hashlib

            body = json.dumps({"format": 1, "location": org.url, "teams": teams}).encode()
            path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        elif damage == "other-location":
            orgcache.save(org.url, teams)
            body = path.read_bytes().partition(b"\n")[2].replace(org.url.encode(), b"s3://elsewhere/")
            import hashlib

            path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        else:  # a well-formed file whose entries are not (a digest is no signature): each is re-checked
            east = teams[org.url + "east/"]
            east["manifest"]["document"] = "{not json"
            for i, cached in enumerate(east["reps"].values()):
                cached.update([{"key": 7}, {"problem": "fine"}][i % 2])
            teams[org.url + "west/"]["reps"] = ["not", "a", "dict"]
            orgcache.save(org.url, teams)
    new_process()
    view = org_service.org_view(org.url, NOW)
    assert view["teams"] == first["teams"]
    assert view["requests"]["get"] == (7 if damage != "forged-shapes" else 1 + 2 + 3)
    # Written again, whole: the next process fetches nothing.
    assert set(orgcache.load(org.url)) == {org.url + "east/", org.url + "west/"}
    new_process()
    assert org_service.org_view(org.url, NOW)["requests"]["get"] == 0


def test_the_cache_is_private_and_can_be_switched_off(org, tmp_path, monkeypatch):
    monkeypatch.setenv(orgcache.CACHE_ENV, str(tmp_path / "director-cache"))
    org_service.org_view(org.url, NOW, cache=False)
    assert not (tmp_path / "director-cache").exists()
    org_service.org_view(org.url, NOW)
    path = orgcache.cache_path(org.url)
    assert path.parent.parent == tmp_path / "director-cache"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700


def test_org_json_as_processes_uses_the_cache(run_cli_process, tmp_path):
    """Two `repdash org --json` processes: the second lists the org and fetches nothing."""
    (tmp_path / "org").mkdir()
    _three_runs_fetch_only_what_changed(run_cli_process, Org(str(tmp_path / "org") + "/"), lists=3)


def _three_runs_fetch_only_what_changed(run_cli_process, org: Org, lists: int) -> None:
    """`repdash org --json` three times: everything, then nothing, then the one object Eve changed."""
    first = run_cli_process("org", org.url, "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["requests"] == {"list": lists, "get": 7}
    second = run_cli_process("org", org.url, "--json")
    assert second.code == 0, second.err
    assert json.loads(second.out)["requests"] == {"list": lists, "get": 0}
    assert json.loads(second.out)["teams"] == json.loads(first.out)["teams"]
    org.write("Eve", 12)
    third = run_cli_process("org", org.url, "--json")
    assert json.loads(third.out)["requests"] == {"list": lists, "get": 1}


def test_org_json_on_gcs_as_processes(run_cli_process, request, monkeypatch):
    """`repdash org gs://…/ --json` as processes configured only by the environment a director on a
    non-Google GCS endpoint exports (a service-account key naming it, GOOGLE_ALLOW_HTTP): the second
    run lists once and fetches nothing (on gs:// every object was fetched again at every run)."""
    from objstores import prepared

    new_process()
    server = prepared(request, monkeypatch, "gs")
    org = Org(server.url("org/"), raw=lambda key, data: server.put_raw("org/" + key, data))
    _three_runs_fetch_only_what_changed(run_cli_process, org, lists=1)
