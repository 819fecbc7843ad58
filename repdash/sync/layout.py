"""Where a team lives in the layout: a folder or an object prefix of small objects (I/O only).

    <location>/team.json          the manifest: written only by a manager, compare-and-swap
    <location>/reps/<rep_id>.json one per rep: written only by that rep, one conditional PUT

A location is `PATH/` (a folder; a trailing slash, or a folder that exists) or
`s3://BUCKET/PREFIX/` (also gs://, az://; the same client as the single team file,
`sync/objstore.py`). `is_layout` is the one rule telling a layout from a single team file.

Every object has a version: the ETag, quoted (object storage, GCS too: see `ObjectLayout._listed`)
or "mtime_ns:size:inode" (a folder).
`put(name, data, expected)` writes only if the object is still at `expected` (None: only if
absent), else `WriteConflict`. A folder gets compare-and-swap for the manifest from a lock
beside it (`manifest_lock`) and a re-read; a rep object has one writer, so its check is a
stat before an atomic replace (a second home writing the same id is seen at its next write).
`listing()` is one LIST (object storage) or one scandir of `reps/` plus a stat of the manifest.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Hashable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, Protocol

from repdash.errors import BadInput
from repdash.store.atomic import atomic_write
from repdash.sync.backend import WriteConflict
from repdash.sync.location import OBJECT_SCHEMES, url_scheme
from repdash.sync.teamfile import BadTeamFile, TeamFileUnreachable

MANIFEST = "team.json"
REPS = "reps/"
MAX_REP_BYTES = 256 * 1024  # one rep's signed summary is ~2 KB
MAX_MANIFEST_BYTES = 4 * 1024 * 1024  # a roster of 20,000 reps
REP_NAME = re.compile(r"^reps/([0-9a-f]{32}|[A-Za-z0-9_-]{1,64})\.json$")


def is_layout(raw: str | None) -> bool:
    """A team location (folder or prefix) rather than one team file: ends in a slash, or is a folder."""
    if not raw:
        return False
    text = raw.strip()
    if text.endswith("/") or (os.sep != "/" and text.endswith(os.sep)):
        return True
    if url_scheme(text) is not None:
        return False
    return Path(os.path.expanduser(text)).is_dir()


def check_location(raw: str, setting: str = "--team") -> str:
    """A `--team` setting as stored: a URL must be `s3://BUCKET/PREFIX/`; a path gets its trailing slash.
    `setting`: what the message calls it (`--team`, "the org location", NEW)."""
    text = raw.strip()
    scheme = url_scheme(text)
    if scheme is None:
        if not text:
            raise BadInput(f"{setting} needs a folder (PATH/) or s3://BUCKET/PREFIX/")
        path = Path(os.path.expanduser(text.rstrip("/\\") or "/"))
        if not path.parent.is_dir():
            raise BadInput(f"{setting} {raw!r}: the folder {str(path.parent)!r} does not exist")
        return str(path.absolute()) + "/"
    if scheme not in OBJECT_SCHEMES:
        raise BadInput(f"{setting} is a folder (PATH/) or s3://BUCKET/PREFIX/ (or gs://, az://); {scheme}:// is not")
    try:
        bucket, prefix = _split_url(text)
    except BadInput as exc:  # its wording is for one team file (s3://BUCKET/KEY); the reason stands
        reason = str(exc).rpartition(": ")[2]
        raise BadInput(f"{setting} is s3://BUCKET/PREFIX/ (or gs://, az://): {reason}") from None
    return f"{scheme}://{bucket}/{prefix}"


def _split_url(url: str) -> tuple[str, str]:
    from repdash.sync.location import parse_object_url

    body = url.strip().rstrip("/")
    if body.count("/") < 3:  # s3://bucket: the whole bucket is the team
        scheme, bucket, _ = parse_object_url(body + "/team.json")
        return bucket, ""
    scheme, bucket, key = parse_object_url(body)
    return bucket, key + "/"


class Layout(Protocol):
    scheme: str
    location: str  # ends in "/"; never holds a secret

    def listing(self) -> dict[str, str]:
        """{name: version} of the manifest and every `reps/*.json` (one LIST or one scandir)."""
        ...

    def get(self, name: str, limit: int) -> tuple[bytes, str] | None: ...

    def head(self, name: str) -> str | None: ...

    def put(self, name: str, data: bytes, expected: str | None) -> str:
        """Write if still at `expected` (None: only if absent); the new version. WriteConflict otherwise."""
        ...

    def manifest_lock(self) -> AbstractContextManager[object]: ...

    def signature(self) -> Hashable | None: ...


def open_layout(raw: str) -> Layout:
    text = raw.strip()
    scheme = url_scheme(text)
    if scheme is None:
        return FolderLayout(Path(os.path.expanduser(text.rstrip("/\\") or "/")).absolute())
    return ObjectLayout.open(text)


# ---------------------------------------------------------------- a folder


def _stamp(st: os.stat_result) -> str:
    return f"{st.st_mtime_ns}:{st.st_size}:{st.st_ino}"


class FolderLayout:
    scheme = "file"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root) + "/"

    def _reachable(self) -> None:
        if not self.root.is_dir():
            raise TeamFileUnreachable(f"the team folder {self.root} is not reachable (offline or not mounted?)")

    def listing(self) -> dict[str, str]:
        self._reachable()
        out: dict[str, str] = {}
        try:
            out[MANIFEST] = _stamp(os.stat(self.root / MANIFEST))
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot read {self.root / MANIFEST}: {exc.strerror}") from None
        try:
            with os.scandir(self.root / "reps") as it:
                for e in it:
                    if e.name.endswith(".json") and not e.name.startswith("."):
                        try:
                            out[REPS + e.name] = _stamp(e.stat(follow_symlinks=False))
                        except OSError:
                            continue
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot list {self.root / 'reps'}: {exc.strerror}") from None
        return out

    def get(self, name: str, limit: int) -> tuple[bytes, str] | None:
        self._reachable()
        path = self.root / name
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise BadTeamFile(f"{path} cannot be opened as a file: {exc.strerror}", "foreign") from None
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise BadTeamFile(f"{path} is not a regular file", "foreign")
            return f.read(limit + 1), _stamp(st)

    def head(self, name: str) -> str | None:
        try:
            return _stamp(os.stat(self.root / name, follow_symlinks=False))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot reach {self.root / name}: {exc.strerror}") from None

    def put(self, name: str, data: bytes, expected: str | None) -> str:
        self._reachable()
        path = self.root / name
        if self.head(name) != expected:
            raise WriteConflict(str(path))
        try:
            atomic_write(path, data, shared=True)
        except OSError as exc:
            raise TeamFileUnreachable(f"cannot write {path}: {exc.strerror}") from None
        return self.head(name) or ""

    def manifest_lock(self) -> AbstractContextManager[object]:
        from repdash.sync.filestore import LOCK_TRIES, _Lock

        self._reachable()
        return _Lock(self.root / MANIFEST, LOCK_TRIES)

    def signature(self) -> Hashable | None:
        """The manifest's stamp and the mtime of `reps/` (a rep's atomic replace renames into it)."""
        self._reachable()
        try:
            m: Any = _stamp(os.stat(self.root / MANIFEST))
        except OSError:
            m = None
        try:
            r: Any = os.stat(self.root / "reps").st_mtime_ns
        except OSError:
            r = None
        return (m, r)


# ---------------------------------------------------------------- object storage


class ObjectLayout:
    def __init__(self, scheme: str, location: str, store: Any, prefix: str) -> None:
        self.scheme = scheme
        self.location = location
        self._store = store
        self._prefix = prefix

    @classmethod
    def open(cls, url: str) -> ObjectLayout:
        import importlib

        try:
            objstore = importlib.import_module("repdash.sync.objstore")
        except ImportError:
            raise BadInput("object storage needs the s3 extra: pip install 'repdash[s3]'") from None
        scheme = url_scheme(url) or ""
        bucket, prefix = _split_url(url)
        # The same client, timeouts, retries and environment checks as the single team file.
        single = objstore.open_url(f"{scheme}://{bucket}/{prefix}{MANIFEST}")
        return cls(scheme, f"{scheme}://{bucket}/{prefix}", single._store, prefix)

    def __repr__(self) -> str:
        return f"ObjectLayout({self.location!r})"

    def _fail(self, exc: BaseException) -> TeamFileUnreachable:
        from repdash.sync import objstore

        if objstore._no_bucket(exc):  # the error body names it: not a conflict, not "like S3"
            reason = "no such container" if self.scheme == "az" else "no such bucket"
        else:
            reason = objstore._reason(exc)
        return TeamFileUnreachable(f"offline: cannot reach {self.location}: {reason}")

    def listing(self) -> dict[str, str]:
        import obstore

        from repdash.sync import objstore

        out: dict[str, str] = {}
        cut = len(self._prefix)
        try:
            for batch in obstore.list(self._store, self._prefix.rstrip("/") or None, chunk_size=1000):
                for meta in batch:
                    name = meta["path"][cut:]
                    if name == MANIFEST or (name.startswith(REPS) and name.endswith(".json")):
                        out[name] = self._listed(meta)
        except objstore._FAILED as exc:
            raise self._fail(exc) from None
        return out

    def _listed(self, meta: Any) -> str:
        """An object's version, the same whether it was listed, read or written: its ETag, quoted.
        Azure (and fake-gcs-server) list an ETag without the quotes its GET has, which would make
        every listed object look changed (fetched again). On GCS the ETag, not the generation, is
        the version here: a listing (the XML API's, which the client speaks) carries no generation,
        and keying reads on the generation made every object of a gs:// team look changed at every
        read. A conditional write turns the ETag into the generation it needs (`put`)."""
        version = str(meta.get("e_tag") or "")
        if version and not version.startswith(('"', 'W/"')):
            return f'"{version}"'
        return version

    def listing_everything(self) -> dict[str, str]:
        """{name under the prefix: version} of every object below it (an org: one paged LIST)."""
        import obstore

        from repdash.sync import objstore

        out: dict[str, str] = {}
        cut = len(self._prefix)
        try:
            for batch in obstore.list(self._store, self._prefix.rstrip("/") or None, chunk_size=1000):
                for meta in batch:
                    out[meta["path"][cut:]] = self._listed(meta)
        except objstore._FAILED as exc:
            raise self._fail(exc) from None
        return out

    def sub(self, folder: str) -> ObjectLayout:
        """The layout of a sub-folder (a team of an org), on the same client."""
        return ObjectLayout(self.scheme, self.location + folder, self._store, self._prefix + folder)

    def get(self, name: str, limit: int) -> tuple[bytes, str] | None:
        import obstore

        from repdash.sync import objstore

        try:
            result = obstore.get(self._store, self._prefix + name)
            version = self._listed(result.meta)
            data = bytearray()
            for chunk in result.stream(min_chunk_size=256 * 1024):
                data += chunk
                if len(data) > limit:
                    break
        except objstore._NOT_FOUND as exc:
            if objstore._no_bucket(exc):
                raise self._fail(exc) from None
            return None
        except objstore._FAILED as exc:
            raise self._fail(exc) from None
        return bytes(data[: limit + 1]), str(version or "")

    def head(self, name: str) -> str | None:
        import obstore

        from repdash.sync import objstore

        try:
            meta = obstore.head(self._store, self._prefix + name)
        except objstore._NOT_FOUND:
            return None
        except objstore._FAILED as exc:
            raise self._fail(exc) from None
        return self._listed(meta)

    def put(self, name: str, data: bytes, expected: str | None) -> str:
        import obstore
        from obstore import exceptions as obx

        from repdash.sync import objstore

        mode: Any = "create" if expected is None else {"e_tag": expected}
        try:
            if expected is not None and self.scheme == "gs":
                mode = {"version": self._generation(name, expected)}
            got = obstore.put(self._store, self._prefix + name, data, mode=mode, use_multipart=False)
        except (obx.PreconditionError, obx.AlreadyExistsError):
            raise WriteConflict(self.location + name) from None
        except objstore._NOT_FOUND as exc:
            if objstore._no_bucket(exc):
                raise self._fail(exc) from None
            raise WriteConflict(self.location + name) from None
        except objstore._FAILED as exc:
            if objstore._status(exc) == 409:
                raise WriteConflict(self.location + name) from None
            raise self._fail(exc) from None
        return self._listed(got)

    def _generation(self, name: str, expected: str) -> str:
        """GCS: the generation of the object while its ETag is still `expected` (one HEAD), which the
        PUT then requires (x-goog-if-generation-match): a write between the HEAD and the PUT changes
        the generation, so the PUT fails as a conflict. The client's only conditional upload on GCS is by
        generation (an ETag would be sent as a generation, which GCS refuses)."""
        import obstore

        meta = obstore.head(self._store, self._prefix + name)  # a missing object: the caller's conflict
        if self._listed(meta) != expected or not meta.get("version"):
            raise WriteConflict(self.location + name)
        return str(meta["version"])

    def manifest_lock(self) -> AbstractContextManager[object]:
        return nullcontext()  # the conditional PUT is the whole guarantee

    def signature(self) -> Hashable | None:
        """One LIST: every object's ETag (a changed rep or manifest changes it)."""
        return hash(frozenset(self.listing().items()))


class LayoutBackend:
    """A team location where the rest of the app expects a backend: the dashboard's watcher asks
    `signature()`; `services/team_sync.py` sends publish and read to `services/team_layout.py`."""

    is_layout = True

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.scheme = layout.scheme
        self.location = layout.location

    def __repr__(self) -> str:
        return f"LayoutBackend({self.location!r})"

    def signature(self) -> Hashable | None:
        return self.layout.signature()
