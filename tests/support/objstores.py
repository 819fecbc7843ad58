"""The object stores that the backend-agnostic tests run on: S3 (moto's server, tests/support/s3server.py)
and Azure Blob (Azurite, tests/support/azurite.py), both real servers on loopback; and, for the reading
side only, Google Cloud Storage (fake-gcs-server, tests/support/gcs.py), which cannot take the client's
writes: a gs:// case seeds its objects with `put_raw` and is not in BACKENDS.

A server object of either kind has the same surface: `scheme`, `url(key)` (`s3://…` / `az://…`),
`env()` (what a rep would export), `endpoint_env(endpoint)` (the same client pointed elsewhere),
`reset()`, `put_raw` / `get_raw` / `delete_raw` (another tool's unconditional access), `stop()`.
Tests take the `bucket` fixture (tests/conftest.py, parametrized over BACKENDS), or `prepared()`
in a fixture of their own that adds other cases (a folder), or, to stop a server of their own,
`running(scheme)`.

Azurite needs node: without it (or when its install fails) the Azure cases skip with the reason,
except in CI (CI=true), where a missing Azurite fails the test: CI installs it (.ci/run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import azurite
import gcs
import pytest
import s3server

BACKENDS = ("s3", "az")  # the stores repdash can write to in the tests; gs:// is read-only here
BUCKET = s3server.BUCKET  # also the Azure container's and the GCS bucket's name
assert azurite.CONTAINER == BUCKET == gcs.BUCKET
# Every variable any client might read: cleared so the developer's own setup never leaks in.
VARS = s3server.AWS_VARS + azurite.AZURE_VARS + gcs.GOOGLE_VARS
_FIXTURE = {"s3": "s3_server", "az": "azurite_server", "gs": "gcs_server"}


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ without any AWS or Azure setting, plus `extra`: for a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in VARS}
    env.update(extra or {})
    return env


def need(scheme: str) -> None:
    """Skip (fail in CI) when the server for `scheme` cannot run here."""
    if scheme != "az":
        return
    why = azurite.unavailable()
    if why is None:
        return
    if os.environ.get("CI", "").strip().lower() in ("true", "1"):
        pytest.fail(f"CI must run the Azure tests: {why}")
    pytest.skip(why)


def prepared(request, monkeypatch, scheme: str):
    """The test process's server for `scheme` (the session's), emptied, with its environment set
    (nothing else from the host): what the `bucket` fixture gives, for fixtures that add a folder case."""
    server = request.getfixturevalue(_FIXTURE[scheme])
    server.reset()
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    return server


@contextmanager
def running(scheme: str, serial: bool = False) -> Iterator[s3server.S3Server | azurite.AzuriteServer]:
    """A server of its own (for a test that stops it), with an empty bucket or container.
    `serial`: moto serves one request at a time (tests/support/s3server.py); Azurite is one node process."""
    need(scheme)
    if scheme == "s3":
        with s3server.running(serial=serial) as server:
            yield server
    elif scheme == "gs":
        with gcs.running() as gserver:
            yield gserver  # type: ignore[misc]
    else:
        with azurite.running() as server:
            yield server
