"""What a team-file setting names: a path, or one object in a bucket (`s3://`, `gs://`, `az://`).

Pure string checks, no network and no client library, so `repdash init --team-file s3://…`
can refuse a malformed URL (exit 2) even where the `s3` extra is not installed, and the
object-storage backend parses the same way.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from repdash.errors import BadInput

OBJECT_SCHEMES = ("s3", "gs", "az")
# "word://": a URL, not a path (a Windows drive, C:\, has no "//").
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_SHAPE = "an object-storage team file is s3://BUCKET/KEY (or gs://, az://)"


def url_scheme(raw: str) -> str | None:
    """The lower-case scheme when `raw` is a URL, else None (a path)."""
    m = _URL.match(raw.strip())
    return m.group(1).lower() if m else None


def parse_object_url(url: str) -> tuple[str, str, str]:
    """(scheme, bucket, key) of `s3://BUCKET/KEY`; BadInput (one line, the URL never echoed) otherwise."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in OBJECT_SCHEMES:
        raise BadInput(
            f"the team file is a path or s3://BUCKET/KEY (or gs://, az://); "
            f"{scheme + '://' if scheme else 'that URL'} is not supported"
        )
    # A user, password, query or fragment is refused without echoing the URL: it may hold a secret.
    if "@" in parts.netloc or ":" in parts.netloc or parts.query or parts.fragment:
        raise BadInput(
            f"{_SHAPE}: no user, password, port, query or fragment in it (credentials come from the environment)"
        )
    bucket, key = parts.netloc, parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-_]{1,221}[a-z0-9]", bucket):
        raise BadInput(f"{_SHAPE}: the bucket name is missing or invalid")
    if not key or key.endswith("/") or "//" in key or len(key.encode()) > 1024:
        raise BadInput(f"{_SHAPE}: KEY must name one object (not a folder), e.g. {scheme}://{bucket}/team.json")
    return scheme, bucket, key


def check_setting(raw: str) -> str:
    """A team-file setting as given to `init`: a URL must be a well-formed object URL; a path passes."""
    if url_scheme(raw) is not None:
        scheme, bucket, key = parse_object_url(raw)
        return f"{scheme}://{bucket}/{key}"
    return raw
