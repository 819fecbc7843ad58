"""Ed25519 identities and signatures for the team layout (docs/team-file.md, "Trust").

Each home holds one key pair: the private key in `identity.key` (PKCS#8 PEM, 0600, never leaves
the home). A rep's id on the layout is derived from the public key (`rep_id_of`), so an object
named `reps/<rep_id>.json` can only be written validly by the holder of that key: an id cannot
be claimed by another key.

What is signed is the canonical JSON of a value (sorted keys, no spaces, ASCII escapes), with a
domain tag in front ("repdash-rep\\n", "repdash-manifest\\n", ...), so a signature made for one
kind of object never verifies as another.

`cryptography` is imported inside the functions: this module is imported by sync code that the
first frame of the dashboard never runs, and the import costs ~20 ms.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from repdash.errors import Failure
from repdash.store.atomic import atomic_write

KEY_FILE = "identity.key"
PUBLIC_KEY_CHARS = 44  # base64 of 32 bytes
SIGNATURE_CHARS = 88  # base64 of 64 bytes


class KeyError_(Failure):
    """The home's key file is damaged or unreadable (exit 1; nothing is replaced)."""


@dataclass(frozen=True)
class Identity:
    """This home's key: `public` is base64 of the raw 32 bytes; `rep_id` is derived from it."""

    private: Any  # cryptography's Ed25519PrivateKey
    public: str

    @property
    def rep_id(self) -> str:
        return rep_id_of(self.public)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.public)

    def sign(self, tag: str, value: Any) -> str:
        return base64.b64encode(self.private.sign(signed_bytes(tag, value))).decode()


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that is signed and verified."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()


def signed_bytes(tag: str, value: Any) -> bytes:
    return b"repdash-" + tag.encode() + b"\n" + canonical(value)


def rep_id_of(public: str) -> str:
    """32 hex characters of SHA-256 over the raw public key (the shape of the older random ids)."""
    return hashlib.sha256(_raw(public) or public.encode()).hexdigest()[:32]


def fingerprint_of(public: str) -> str:
    """Like ssh-keygen -l: SHA256: and the unpadded base64 digest of the raw key."""
    digest = hashlib.sha256(_raw(public) or public.encode()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def _raw(public: str) -> bytes | None:
    if not isinstance(public, str) or len(public) != PUBLIC_KEY_CHARS:
        return None
    try:
        raw = base64.b64decode(public, validate=True)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def valid_public(public: Any) -> bool:
    return isinstance(public, str) and _raw(public) is not None


def verify(public: Any, signature: Any, tag: str, value: Any) -> bool:
    """True only for a well-formed key and signature that verify over `value`; never raises."""
    if not isinstance(signature, str) or len(signature) != SIGNATURE_CHARS:
        return False
    raw = _raw(public)
    if raw is None:
        return False
    try:
        sig = base64.b64decode(signature, validate=True)
        data = signed_bytes(tag, value)
    except (ValueError, TypeError, RecursionError):
        return False
    return _verify_cached(raw, sig, data)


@lru_cache(maxsize=8192)
def _verify_cached(raw: bytes, sig: bytes, data: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(sig, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# ---------------------------------------------------------------- the home's key


def key_path(home: Path) -> Path:
    return Path(home) / KEY_FILE


def has_identity(home: Path) -> bool:
    return key_path(home).is_file()


def load_identity(home: Path, *, create: bool = True) -> Identity | None:
    """The home's key pair; made (0600, atomically) on first use when `create`. A damaged key file
    is a failure, never silently replaced: the rep id on the team is bound to it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path(home)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        atomic_write(path, pem)  # private: 0600 in a 0700 home
        return _identity(key)
    except OSError as exc:
        raise KeyError_(f"cannot read your key {path}: {exc.strerror}") from None
    loaded: Any = None
    try:
        loaded = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        loaded = None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise KeyError_(f"your key {path} is damaged; restore it from a backup (your rep id is bound to it)")
    return _identity(loaded)


def _identity(key: Any) -> Identity:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return Identity(key, base64.b64encode(raw).decode())
