"""A real Azure Blob endpoint on loopback for the object-storage tests and the benchmark: Azurite.

Azurite is Microsoft's storage emulator, a node program from the npm registry, pinned in
`.azurite/package.json` (+ lock) and installed into `.azurite/node_modules` (git-ignored) by
`make azurite` (which `make test` runs) and `.ci/run`. `AzuriteServer` runs `azurite-blob` on
127.0.0.1, port 0 (it prints the port it got), in memory, with telemetry off, creates the
container, and `env()` is what a rep on Azure would export, pointed at the emulator:
AZURE_STORAGE_USE_EMULATOR=true and AZURITE_BLOB_STORAGE_URL (the variables obstore's Azure
client reads for an emulator), and the emulator's well-known account and key. Nothing inside
the process under test is patched: the backend talks HTTP to this server as it would to Azure.

`azurite_blob()` finds the program or installs it (`npm ci`, once, under a lock for parallel
test workers); `unavailable()` says why it cannot be had (no node or npm, the install failed),
which the fixtures turn into a skip, or into a failure in CI (CI=true), where it must run.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path

from filelock import FileLock
from paths import ROOT
from subprocs import stop_process

PREFIX = ROOT / ".azurite"
BIN = PREFIX / "node_modules" / ".bin" / "azurite-blob"

CONTAINER = "repdash-team"
# The emulator's one built-in account and its key: published by Microsoft, the same in every Azurite.
ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
API_VERSION = "2021-08-06"
START_TIMEOUT = 60.0  # seconds for node to start listening on a loaded machine

# Every variable the Azure client might read, cleared so a developer's own Azure setup never leaks in.
AZURE_VARS = (
    "AZURE_STORAGE_USE_EMULATOR",
    "AZURITE_BLOB_STORAGE_URL",
    "AZURE_STORAGE_ACCOUNT_NAME",
    "AZURE_STORAGE_ACCOUNT_KEY",
    "AZURE_STORAGE_ACCESS_KEY",
    "AZURE_STORAGE_MASTER_KEY",
    "AZURE_STORAGE_CLIENT_ID",
    "AZURE_STORAGE_CLIENT_SECRET",
    "AZURE_STORAGE_TENANT_ID",
    "AZURE_STORAGE_AUTHORITY_ID",
    "AZURE_STORAGE_SAS_KEY",
    "AZURE_STORAGE_SAS_TOKEN",
    "AZURE_STORAGE_TOKEN",
    "AZURE_STORAGE_ENDPOINT",
    "AZURE_CLIENT_ID",
    "AZURE_CLIENT_SECRET",
    "AZURE_TENANT_ID",
    "AZURE_FEDERATED_TOKEN_FILE",
)


def azurite_blob() -> Path | None:
    """The `azurite-blob` program: the checkout's, installed now with npm if it is missing."""
    if BIN.exists():
        return BIN
    if shutil.which("npm") is None or shutil.which("node") is None:
        return None
    with FileLock(str(PREFIX / ".install.lock")):  # parallel test workers install it once
        if not BIN.exists():
            subprocess.run(
                ["npm", "ci", "--prefix", str(PREFIX), "--ignore-scripts", "--no-audit", "--no-fund"],
                capture_output=True,
                timeout=600,
                check=False,
            )
    return BIN if BIN.exists() else None


def unavailable() -> str | None:
    """Why Azurite cannot run here (a skip reason), or None when it can."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "Azurite needs node and npm (Debian: apt-get install nodejs npm); then `make azurite`"
    if azurite_blob() is None:
        return f"Azurite is not installed and `npm ci --prefix {PREFIX.name}` failed: run `make azurite`"
    return None


class AzuriteServer:
    scheme = "az"

    def __init__(self, container: str = CONTAINER) -> None:
        self.container = container
        self.port = 0
        self.running = False
        self._proc: subprocess.Popen | None = None
        self._dir: tempfile.TemporaryDirectory | None = None

    def start(self) -> AzuriteServer:
        program = azurite_blob()
        if program is None:
            raise RuntimeError(unavailable() or "Azurite is not installed")
        self._dir = tempfile.TemporaryDirectory(prefix="repdash-azurite-")
        log = Path(self._dir.name) / "azurite.log"
        with log.open("wb") as out:
            self._proc = subprocess.Popen(
                [
                    str(program),
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    "0",  # the OS picks a free port; Azurite prints it
                    "--inMemoryPersistence",
                    "--extentMemoryLimit",
                    "512",
                    "--disableTelemetry",  # it would otherwise try to reach a telemetry host
                    "--silent",
                    "--skipApiVersionCheck",
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self._dir.name,
            )
        deadline = time.monotonic() + START_TIMEOUT
        marker = "successfully listens on http://127.0.0.1:"
        while True:
            text = log.read_text(errors="replace")
            if marker in text:
                self.port = int(text.split(marker, 1)[1].split()[0].strip("/"))
                break
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Azurite did not start: {text.strip()[-500:]}")
            time.sleep(0.05)
        self.running = True
        self._create_container()
        return self

    def stop(self) -> None:
        self.running = False
        if self._proc is not None:
            stop_process(self._proc)
            self._proc = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, key: str = "team.json", container: str | None = None) -> str:
        return f"az://{container or self.container}/{key}"

    def env(self) -> dict[str, str]:
        return {
            "AZURE_STORAGE_USE_EMULATOR": "true",
            "AZURITE_BLOB_STORAGE_URL": self.endpoint,
            "AZURE_STORAGE_ACCOUNT_NAME": ACCOUNT,
            "AZURE_STORAGE_ACCOUNT_KEY": ACCOUNT_KEY,
        }

    def endpoint_env(self, endpoint: str) -> dict[str, str]:
        """The environment pointing the client at another endpoint (a dead or hung one)."""
        return {"AZURITE_BLOB_STORAGE_URL": endpoint}

    def reset(self) -> None:
        """Delete every blob: the container is left empty."""
        import obstore

        store = self._store()
        for batch in obstore.list(store):
            for meta in batch:
                obstore.delete(store, meta["path"])

    def _store(self, container: str | None = None):
        """A client of our own (explicit settings, not the environment) for setting up and checking."""
        from obstore.store import AzureStore

        return AzureStore(
            container or self.container,
            account_name=ACCOUNT,
            account_key=ACCOUNT_KEY,
            endpoint=f"{self.endpoint}/{ACCOUNT}",  # the emulator mode would read the environment's
            client_options={"allow_http": True},
        )

    def put_raw(self, key: str, data: bytes) -> str:
        """Write a blob as some other tool would (unconditionally); returns its ETag."""
        import obstore

        return obstore.put(self._store(), key, data)["e_tag"]

    def get_raw(self, key: str) -> bytes:
        import obstore

        return bytes(obstore.get(self._store(), key).bytes())

    def delete_raw(self, key: str) -> None:
        import obstore

        obstore.delete(self._store(), key)

    def _create_container(self) -> None:
        """Create Container (the REST call; obstore has none), signed with the account's Shared Key."""
        path = f"/{ACCOUNT}/{self.container}"
        headers = {"x-ms-date": formatdate(usegmt=True), "x-ms-version": API_VERSION}
        canonical_headers = "".join(f"{k}:{v}\n" for k, v in sorted(headers.items()))
        # VERB, Content-Encoding, -Language, -Length (empty for 0), -MD5, Content-Type (urllib sends one
        # with any body), Date, If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range,
        # then the x-ms-* headers and the resource.
        content_type = "application/octet-stream"
        to_sign = (
            f"PUT\n\n\n\n\n{content_type}\n" + "\n" * 6 + canonical_headers + f"/{ACCOUNT}{path}\nrestype:container"
        )
        key = base64.b64decode(ACCOUNT_KEY)
        signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha256).digest()).decode()
        req = urllib.request.Request(
            f"{self.endpoint}{path}?restype=container",
            data=b"",
            method="PUT",
            headers={**headers, "Content-Type": content_type, "Authorization": f"SharedKey {ACCOUNT}:{signature}"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()


@contextmanager
def running() -> Iterator[AzuriteServer]:
    """An Azurite of its own (for a test that stops it), with an empty container."""
    server = AzuriteServer().start()
    try:
        yield server
    finally:
        server.stop()
