"""The team file on object storage: `s3://BUCKET/KEY` (and `gs://`, `az://`) behind `TeamBackend`.

Compare-and-swap comes from the store itself, so there is no lock object:
a write is a conditional PUT, `If-Match: <ETag of our read>`, or `If-None-Match: *`
(create-if-absent) when the read found nothing. A 412 (or S3's 409 for a racing
conditional write) means somebody wrote first: `WriteConflict`, and the caller
re-reads, re-merges and retries.

Client: obstore (the Rust `object_store` crate). Its put modes "create" and
"update-if-ETag" are the same API for S3, GCS and Azure, it ships as one wheel, and
its timeouts and retries are configured per store (no global state).

Credentials and endpoint come only from the standard environment, read by the
library itself (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_REGION / AWS_DEFAULT_REGION, AWS_ENDPOINT_URL; GOOGLE_SERVICE_ACCOUNT(_KEY), and
GOOGLE_ALLOW_HTTP, read here, for a GCS endpoint on plain http). Nothing here stores, logs or
prints them: every message is built from the bucket, the key and a short reason
chosen here, never from the library's error text (which names URLs and headers).
"""

from __future__ import annotations

import json
import os
import re
from contextlib import nullcontext
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from repdash.core.wording import INSTALL_S3

try:
    import obstore
    from obstore import exceptions as obx
    from obstore.store import AzureStore, GCSStore, S3Store
except ImportError as exc:  # the resolver turns this into one BadInput line (exit 2)
    raise ImportError(INSTALL_S3) from exc

if TYPE_CHECKING:  # option dicts typed by the stubs only; at run time they are plain dicts
    from obstore.store import BackoffConfig, ClientConfig, RetryConfig

from repdash.errors import BadInput
from repdash.sync.backend import Snapshot, WriteConflict
from repdash.sync.location import parse_object_url
from repdash.sync.teamfile import MAX_BYTES, TeamFileUnreachable

# obstore raises Python's own FileNotFoundError (and may raise other OSErrors) beside its own classes.
_NOT_FOUND = (obx.NotFoundError, FileNotFoundError)
_FAILED = (obx.BaseError, OSError)

# Bounded network calls: a dead or hung endpoint fails a sync in a few seconds, never hangs it.
# Connect within 2 s; a stalled response (no bytes for 3 s) fails; a whole request may take up
# to 30 s so a large team file on a slow link still arrives. The library retries connection
# errors, 5xx and timeouts of safe requests (never a PUT that may have landed) - here once,
# and only while the first try ended within 2.5 s, so a hung endpoint costs ~3 s and a
# refused one ~0.2 s. The success path waits on no timer (it completes under a frozen clock).
CONNECT_TIMEOUT = timedelta(seconds=2)
STALL_TIMEOUT = timedelta(seconds=3)
REQUEST_TIMEOUT = timedelta(seconds=30)
MAX_RETRIES = 1
RETRY_WINDOW = timedelta(seconds=2.5)
_BACKOFF: BackoffConfig = {"init_backoff": timedelta(milliseconds=100), "max_backoff": timedelta(seconds=1), "base": 2}

# What identifies the version a conditional write compares against: S3 and Azure use the
# ETag (If-Match); GCS uses the object generation (x-goog-if-generation-match), which the
# library reports as the object's "version".
_VERSION_FIELD = {"s3": "e_tag", "az": "e_tag", "gs": "version"}

_TRUE = ("1", "true", "yes", "on")
# Where another credential source in the standard environment stands in for the keys.
_OTHER_AWS_CREDENTIALS = (
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


def open_url(url: str) -> ObjectStoreBackend:
    """The backend for `s3://BUCKET/KEY` (or gs://, az://). Raises BadInput for a URL or setup
    that can never work (exit 2), before any network call."""
    scheme, bucket, key = parse_object_url(url)
    location = f"{scheme}://{bucket}/{key}"
    client: ClientConfig = {
        "connect_timeout": CONNECT_TIMEOUT,
        "read_timeout": STALL_TIMEOUT,
        "timeout": REQUEST_TIMEOUT,
    }
    retry: RetryConfig = {"max_retries": MAX_RETRIES, "retry_timeout": RETRY_WINDOW, "backoff": _BACKOFF}
    try:
        if scheme == "s3":
            client["allow_http"] = _check_s3_environment(location)
            # "etag" is the default; said here so an AWS_CONDITIONAL_PUT in the environment
            # cannot silently turn compare-and-swap off.
            store: Any = S3Store(bucket, client_options=client, retry_config=retry, conditional_put="etag")
        elif scheme == "gs":
            client["allow_http"] = _check_gcs_environment(location)
            store = GCSStore(bucket, client_options=client, retry_config=retry)
        else:
            store = AzureStore(bucket, client_options=client, retry_config=retry)
    except obx.BaseError as exc:
        # The library refused its configuration (a malformed variable, a missing account name).
        raise BadInput(f"cannot use {location}: {_config_reason(exc, scheme)}") from None
    return ObjectStoreBackend(scheme, location, store, key)


class ObjectStoreBackend:
    """One object, read and written with compare-and-swap. Implements `TeamBackend`."""

    def __init__(self, scheme: str, location: str, store: Any, key: str) -> None:
        self.scheme = scheme
        self.location = location
        self._store = store
        self._key = key
        self._field = _VERSION_FIELD[scheme]
        self._no_bucket_reason = "no such container" if scheme == "az" else "no such bucket"

    def __repr__(self) -> str:  # the store's own repr is never shown
        return f"ObjectStoreBackend({self.location!r})"

    def session(self) -> nullcontext:
        """Nothing to hold: the conditional PUT is the whole guarantee."""
        return nullcontext()

    def read(self) -> Snapshot:
        """The object (at most MAX_BYTES + 1 bytes: the rest is never downloaded) and its ETag."""
        try:
            result = obstore.get(self._store, self._key)
            version = self._version(result.meta)
            data = bytearray()
            for chunk in result.stream(min_chunk_size=256 * 1024):
                data += chunk
                if len(data) > MAX_BYTES:
                    break  # dropping the stream closes the connection: the validator refuses it as too large
        except _NOT_FOUND as exc:
            if _no_bucket(exc):
                raise self._unreachable(self._no_bucket_reason) from None
            return Snapshot(None, None)
        except _FAILED as exc:
            reason = _reason(exc)
            if reason == _DENIED and self.scheme == "s3":
                # S3 answers 403, not 404, for a key that does not exist yet when the policy lacks s3:ListBucket.
                reason += "; a team file not created yet also reads as denied without s3:ListBucket"
            raise self._unreachable(reason) from None
        return Snapshot(bytes(data[: MAX_BYTES + 1]), version)

    def write(self, data: bytes, expected: Snapshot) -> None:
        """Replace the object only if its ETag is still `expected.version` (create only if absent)."""
        if expected.data is None:
            mode: Any = "create"
        elif expected.version:
            mode = {self._field: expected.version}
        else:  # without a version a write could not be conditional: refuse rather than overwrite
            raise self._unreachable("the store gave no ETag, so a safe write is impossible")
        try:
            obstore.put(self._store, self._key, data, mode=mode, use_multipart=False)
        except (obx.PreconditionError, obx.AlreadyExistsError):
            raise WriteConflict(self.location) from None
        except _NOT_FOUND as exc:
            if _no_bucket(exc):
                raise self._unreachable(self._no_bucket_reason) from None
            if mode == "create":  # nothing to conflict with: S3 never answers 404 to a create
                raise TeamFileUnreachable(
                    f"{self.location}: the endpoint did not answer as object storage does: 404 on PUT "
                    "(check the endpoint URL and the bucket name)"
                ) from None
            raise WriteConflict(self.location) from None  # If-Match on an object deleted since our read
        except _FAILED as exc:
            if _status(exc) == 409:  # S3: another conditional write to this key was in flight
                raise WriteConflict(self.location) from None
            raise self._unreachable(_reason(exc)) from None

    def signature(self) -> str | None:
        """The ETag (GCS: generation) from a HEAD; None when nobody has published yet."""
        try:
            return self._version(obstore.head(self._store, self._key))
        except _NOT_FOUND as exc:
            if _no_bucket(exc):
                raise self._unreachable(self._no_bucket_reason) from None
            return None
        except _FAILED as exc:
            raise self._unreachable(_reason(exc)) from None

    def _version(self, meta: Any) -> str | None:
        """The ETag or generation from an object's metadata (None when the store gave none)."""
        value = meta.get(self._field)
        return value if isinstance(value, str) else None

    def _unreachable(self, reason: str) -> TeamFileUnreachable:
        return TeamFileUnreachable(f"offline: cannot reach {self.location}: {reason}")


# ---------------------------------------------------------------- the environment


def _check_s3_environment(location: str) -> bool:
    """Refuse what can never work before touching the network; return whether http is allowed."""
    env = os.environ
    allow_http = env.get("AWS_ALLOW_HTTP", "").strip().lower() in _TRUE
    # Every endpoint variable the library may read is checked: which one wins is the library's business.
    for name in ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_ENDPOINT"):
        endpoint = env.get(name, "").strip()
        if not endpoint:
            continue
        ep = urlsplit(endpoint)
        if ep.scheme not in ("http", "https") or not ep.hostname:
            raise BadInput(f"{name} must be an http(s) URL like https://s3.example.com (for {location})")
        shown = f"{ep.scheme}://{ep.hostname}" + (f":{_port(ep)}" if _port(ep) else "")
        if ep.scheme == "http" and not allow_http:
            raise BadInput(
                f"refusing the plain-http endpoint {shown} for {location}: "
                "set AWS_ALLOW_HTTP=true to send requests unencrypted"
            )
    has_keys = bool(env.get("AWS_ACCESS_KEY_ID")) and bool(env.get("AWS_SECRET_ACCESS_KEY"))
    if not has_keys and not any(env.get(v) for v in _OTHER_AWS_CREDENTIALS):
        if env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_SECRET_ACCESS_KEY"):
            missing = "AWS_SECRET_ACCESS_KEY" if env.get("AWS_ACCESS_KEY_ID") else "AWS_ACCESS_KEY_ID"
            raise BadInput(f"no credentials for {location}: {missing} is not set")
        hint = (
            (
                " (AWS_PROFILE is not read: export the profile's keys, e.g. "
                'eval "$(aws configure export-credentials --format env)")'
            )
            if env.get("AWS_PROFILE")
            else ""
        )
        raise BadInput(f"no credentials for {location}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY{hint}")
    return allow_http


def _check_gcs_environment(location: str) -> bool:
    """Whether plain http is allowed (GOOGLE_ALLOW_HTTP, like AWS_ALLOW_HTTP); an http endpoint
    without it (GOOGLE_BASE_URL, or a service-account key's `gcs_base_url`) is refused here, in one
    line, rather than by the library's "builder error" at the first request."""
    env = os.environ
    if env.get("GOOGLE_ALLOW_HTTP", "").strip().lower() in _TRUE:
        return True
    endpoints = [env.get("GOOGLE_BASE_URL", "")]
    try:
        key = json.loads(env.get("GOOGLE_SERVICE_ACCOUNT_KEY", "") or "{}")
    except ValueError:
        key = None  # the library says the key is malformed
    if isinstance(key, dict) and isinstance(key.get("gcs_base_url"), str):
        endpoints.append(key["gcs_base_url"])
    for endpoint in endpoints:
        ep = urlsplit(endpoint.strip())
        if ep.scheme == "http" and ep.hostname:
            shown = f"http://{ep.hostname}" + (f":{_port(ep)}" if _port(ep) else "")
            raise BadInput(
                f"refusing the plain-http endpoint {shown} for {location}: "
                "set GOOGLE_ALLOW_HTTP=true to send requests unencrypted"
            )
    return False


def _port(parts: Any) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


# ---------------------------------------------------------------- short, secret-free reasons


def _says(exc: BaseException, word: str) -> bool:
    return word in str(exc)


def _no_bucket(exc: BaseException) -> bool:
    """A 404 for the bucket (S3) or container (Azure), not the object: the error body names it
    (a HEAD has no body, so there it reads as "not published yet", and the next GET or PUT says)."""
    return _says(exc, "NoSuchBucket") or _says(exc, "ContainerNotFound")


def _status(exc: BaseException) -> int | None:
    m = re.search(r"status code: (\d{3})", str(exc))
    return int(m.group(1)) if m else None


_DENIED = "access denied (check the keys and the policy)"


def _reason(exc: BaseException) -> str:
    """A few words for the user, picked from a fixed list: the library's text is never echoed."""
    status = _status(exc)
    if isinstance(exc, (obx.PermissionDeniedError, obx.UnauthenticatedError, PermissionError)) or status in (401, 403):
        return _DENIED
    if status:  # an answer, not a network failure (its text also holds "retry_timeout")
        return _answered(status)
    # The library's text names its settings ("retry_timeout: 2.5s"): not a sign of a timeout.
    text = re.sub(r"\w*_timeout", "", str(exc).lower())
    if "connection refused" in text:
        return "connection refused"
    if "invalidcontenttype" in text or "invalidmessage" in text or "wrong version number" in text:
        return "TLS mismatch: the endpoint does not answer https (is it a plain http:// endpoint?)"
    if "timed out" in text or "timeout" in text or "deadline" in text:
        return "timed out"
    if "dns error" in text or "failed to lookup" in text or "name or service not known" in text:
        return "unknown host"
    if "certificate" in text or "tls" in text or "ssl" in text:
        return "TLS failed: the endpoint's certificate is not trusted"
    if "incompletemessage" in text:
        return "the connection closed without an answer (an https endpoint reached with http://?)"
    if "connection reset" in text or "connection closed" in text or "broken pipe" in text:
        return "connection dropped"
    if "error sending request" in text or "connect" in text:
        return "cannot connect"
    return f"the store failed ({type(exc).__name__})"


def _answered(status: int) -> str:
    if status == 404:
        return "the endpoint did not answer as object storage does: 404 (check the endpoint URL and the bucket name)"
    if status >= 500:
        return f"the store answered HTTP {status} (a server error; try again later)"
    return f"the store answered HTTP {status}"


def _config_reason(exc: BaseException, scheme: str) -> str:
    if isinstance(exc, obx.UnknownConfigurationKeyError):
        return "an unknown setting in the environment"
    if scheme == "az":
        return "set AZURE_STORAGE_ACCOUNT_NAME and a key (AZURE_STORAGE_ACCOUNT_KEY) in the environment"
    if scheme == "gs":
        return "set GOOGLE_SERVICE_ACCOUNT (a service-account key file) in the environment"
    return "the AWS_* environment is not usable"
