"""The team manifest `team.json` of the layout: format, signatures, authority (pure, no I/O).

    {"format": "repdash-team", "version": 2,
     "manifest": {"team": NAME, "owner": KEY, "rev": N,
                  "managers": {"rev": M, "keys": [{"key": KEY, "name": NAME}], "sig": OWNER'S SIGNATURE},
                  "roster": {REP_ID: {"name": NAME, "status": "admitted" | "removed", "migrated": bool}},
                  "standard": {...} | null, "board": "ranked" | "top N" | "benchmarks",
                  "away_days": 10, "contests": [], "set_by": REP_ID, "set_at": ISO,
                  "accepted": {REP_ID: {"from": "YYYY-MM-DD", "targets": {KIND: N}}}},
     "signer": KEY, "sig": SIGNATURE}

The owner is the first manager who published to the empty location. The owner alone signs the
`managers` block (grant and revoke); the whole manifest is signed by the owner or a key in that
block (a manager with authority). Every home pins the owner key on first sight and the highest
manifest and managers revisions it has seen (`sync/trust.py`), so a manifest written by anyone
else, or rolled back, is refused. A version-1 document is a single team file (`sync/teamfile.py`).
`contests` is kept for the contests issue: a list signed with the rest, checked there.
`accepted` (issue 20): a rep's proposal (own targets below the standard) a manager accepted, counted
from "from" on; a malformed record is dropped and counted (`accepted_dropped`), never fatal.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from repdash.core.standard import Accepted
from repdash.core.team import MAX_REV
from repdash.core.text import clean_name
from repdash.sync import signing
from repdash.sync.teamfile import FORMAT, ID_RE, BadTeamFile, _counts, _date, validate_standard

VERSION = 2
TAG = "manifest"
MANAGERS_TAG = "managers"
DEFAULT_AWAY_DAYS = 10
MAX_AWAY_DAYS = 260
MAX_TOP = 1000
BOARD_RE = re.compile(r"^(ranked|benchmarks|top ([1-9][0-9]{0,3}))$")
STATUSES = ("admitted", "removed")
MAX_ACCEPTED = 10_000


@dataclass(frozen=True)
class Member:
    name: str
    status: str
    migrated: bool = False


@dataclass(frozen=True)
class Manifest:
    """A verified manifest. `body` is the signed JSON as read (copied before any change)."""

    body: dict[str, Any]
    team: str
    owner: str
    rev: int
    managers_rev: int
    managers: dict[str, str]  # key -> name (granted by the owner)
    roster: dict[str, Member] = field(default_factory=dict)
    board: str = "ranked"
    away_days: int = DEFAULT_AWAY_DAYS
    signer: str = ""
    accepted: dict[str, Accepted] = field(default_factory=dict)  # rep id -> an accepted proposal
    accepted_dropped: int = 0  # malformed `accepted` records left out
    document: dict[str, Any] = field(default_factory=dict)  # as read, with its signature

    @property
    def standard(self):
        return validate_standard(self.body.get("standard"))

    def has_authority(self, key: str | None) -> bool:
        return bool(key) and (key == self.owner or key in self.managers)

    def authority_ids(self) -> set[str]:
        return {signing.rep_id_of(k) for k in (self.owner, *self.managers)}

    def admitted(self, rep_id: str) -> bool:
        m = self.roster.get(rep_id)
        return m is not None and m.status == "admitted"


def managers_block(owner_identity: signing.Identity, rev: int, keys: list[dict[str, str]]) -> dict[str, Any]:
    signed = {"owner": owner_identity.public, "rev": rev, "keys": keys}
    return {"rev": rev, "keys": keys, "sig": owner_identity.sign(MANAGERS_TAG, signed)}


def new_body(identity: signing.Identity, team: str, name: str, now_iso: str) -> dict[str, Any]:
    """The manifest of a new team: its owner is `identity`, who is on the roster."""
    return {
        "team": team,
        "owner": identity.public,
        "rev": 0,
        "managers": managers_block(identity, 1, []),
        "roster": {identity.rep_id: {"name": name, "status": "admitted"}},
        "standard": None,
        "board": "ranked",
        "away_days": DEFAULT_AWAY_DAYS,
        "contests": [],
        "set_by": identity.rep_id,
        "set_at": now_iso,
    }


def sign_document(identity: signing.Identity, body: dict[str, Any]) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "manifest": body,
        "signer": identity.public,
        "sig": identity.sign(TAG, body),
    }
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"


def next_body(m: Manifest, identity: signing.Identity, now_iso: str) -> dict[str, Any]:
    """A copy of the manifest's body for a change, one revision up, signed-by fields set."""
    body = copy.deepcopy(m.body)
    body["rev"] = min(m.rev + 1, MAX_REV)
    body["set_by"] = identity.rep_id
    body["set_at"] = now_iso
    return body


def parse(data: bytes, source: str, *, signature_checked: bool = False) -> Manifest:
    """Verify a manifest document. BadTeamFile (reason "signature" for a bad or unknown signer).
    `signature_checked`: these exact bytes were verified already (`sync/sigcheck.py`)."""
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        raise BadTeamFile(f"{source} is not valid JSON; not touching it", "corrupt") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise BadTeamFile(f"{source} is not a repdash team manifest; not touching it", "foreign")
    version = doc.get("version")
    if version != VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise BadTeamFile(f"{source} was written by a newer repdash (version {version}); upgrade repdash", "newer")
        raise BadTeamFile(f"{source} is not a team manifest (version {version!r})", "foreign")
    body, signer, sig = doc.get("manifest"), doc.get("signer"), doc.get("sig")
    if not isinstance(body, dict):
        raise BadTeamFile(f"{source} is damaged (no manifest)", "corrupt")
    owner, signer = str(body.get("owner")), str(signer)
    if not signing.valid_public(owner) or not (signature_checked or signing.verify(signer, sig, TAG, body)):
        raise BadTeamFile(f"{source} has a bad signature; refused", "signature")
    managers = _managers(body.get("managers"), owner, signature_checked)
    if managers is None:
        raise BadTeamFile(f"{source}: the managers list is not signed by the team's owner; refused", "signature")
    managers_rev, keys = managers
    if signer != owner and signer not in keys:
        raise BadTeamFile(f"{source} was signed by someone who is not a manager of the team; refused", "signature")
    rev = body.get("rev")
    if isinstance(rev, bool) or not isinstance(rev, int) or not 0 <= rev <= MAX_REV:
        raise BadTeamFile(f"{source} has an invalid revision", "corrupt")
    board = body.get("board", "ranked")
    away = body.get("away_days", DEFAULT_AWAY_DAYS)
    return Manifest(
        body=body,
        team=clean_name(body["team"]) if isinstance(body.get("team"), str) else "",
        owner=owner,
        rev=rev,
        managers_rev=managers_rev,
        managers=keys,
        roster=_roster(body.get("roster")),
        board=board if isinstance(board, str) and BOARD_RE.match(board) else "ranked",
        away_days=away if isinstance(away, int) and not isinstance(away, bool) and 1 <= away <= MAX_AWAY_DAYS else 10,
        signer=signer,
        document=doc,
        **_accepted(body.get("accepted")),
    )


def _managers(block: Any, owner: str, signature_checked: bool = False) -> tuple[int, dict[str, str]] | None:
    if not isinstance(block, dict):
        return None
    rev, keys = block.get("rev"), block.get("keys")
    if isinstance(rev, bool) or not isinstance(rev, int) or not isinstance(keys, list):
        return None
    if not signature_checked and not signing.verify(
        owner, block.get("sig"), MANAGERS_TAG, {"owner": owner, "rev": rev, "keys": keys}
    ):
        return None
    out: dict[str, str] = {}
    for k in keys:
        if isinstance(k, dict) and signing.valid_public(k.get("key")):
            out[k["key"]] = clean_name(k["name"]) if isinstance(k.get("name"), str) else ""
    return rev, out


def _roster(raw: Any) -> dict[str, Member]:
    out: dict[str, Member] = {}
    if not isinstance(raw, dict):
        return out
    for rep_id, m in raw.items():
        if not (isinstance(rep_id, str) and ID_RE.match(rep_id) and isinstance(m, dict)):
            continue
        status = m.get("status")
        if status not in STATUSES:
            continue
        name = clean_name(m["name"]) if isinstance(m.get("name"), str) else ""
        out[rep_id] = Member(name or "(no name)", status, m.get("migrated") is True)
    return out


def _accepted(raw: Any) -> dict[str, Any]:
    """The `accepted` block, validated: each bad record (id, date, targets) dropped and counted."""
    out: dict[str, Accepted] = {}
    dropped = 0
    if raw is None:
        return {"accepted": out, "accepted_dropped": 0}
    if not isinstance(raw, dict):
        return {"accepted": out, "accepted_dropped": 1}
    for rep_id, rec in raw.items():
        since = _date(rec.get("from")) if isinstance(rec, dict) else None
        targets = _counts(rec.get("targets")) if isinstance(rec, dict) else None
        ok = isinstance(rep_id, str) and ID_RE.match(rep_id) and since is not None and targets
        if not ok or len(out) >= MAX_ACCEPTED:
            dropped += 1
            continue
        out[rep_id] = Accepted(since, targets)  # type: ignore[arg-type]
    return {"accepted": out, "accepted_dropped": dropped}


def parse_board(raw: str) -> str:
    """`ranked`, `benchmarks`, `top N` (also `top=N`, `topN`); ValueError otherwise."""
    text = re.sub(r"\s+", " ", raw.strip().lower().replace("=", " "))
    text = re.sub(r"^top(\d)", r"top \1", text)
    if not BOARD_RE.match(text):
        raise ValueError(raw)
    return text
