"""A real S3 endpoint on loopback for the object-storage tests and the benchmark: moto's server.

`S3Server` runs moto's `ThreadedMotoServer` on 127.0.0.1, port 0 (the OS picks a free one;
`get_host_and_port()` tells which). `env()` is what a rep would export: the endpoint,
AWS_ALLOW_HTTP=true, dummy keys. Nothing inside the process under test is patched: the
backend talks HTTP to this server exactly as it would to AWS.

moto's server checks If-Match / If-None-Match inside each request, but it handles
requests on parallel threads without a lock around check-and-store, so two PUTs at the
same instant can both pass (S3 makes the check atomic). `serial=True` serves one request
at a time (werkzeug's plain server, same moto app), which restores S3's atomicity for
the many-process test. tests/sync/test_objstore.py probes that both headers are enforced;
benchmarks/bench_s3.py runs the stress against both servers.
"""

from __future__ import annotations

import logging
import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from moto.server import ThreadedMotoServer

BUCKET = "repdash-team"
# Dummy keys, distinctive enough that a test can assert they never leak into a message.
ACCESS_KEY = "AKIAREPDASHTEST0001"
SECRET_KEY = "sEcReT-repdash-test-key-do-not-print"
SESSION_TOKEN = "ToKeN-repdash-test-session-do-not-print"


class _SerialMotoServer(ThreadedMotoServer):
    """moto's app behind werkzeug's single-threaded server: one request at a time."""

    def _server_entry(self) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server(self._ip_address, self._port, app, threaded=False)
        self._server_ready_event.set()
        self._server.serve_forever()


class S3Server:
    scheme = "s3"

    def __init__(self, serial: bool = False) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no request log on the test's stderr
        cls = _SerialMotoServer if serial else ThreadedMotoServer
        self._server = cls(ip_address="127.0.0.1", port=0, verbose=False)
        self.port = 0
        self.running = False

    def start(self) -> S3Server:
        self._server.start()
        self.port = self._server.get_host_and_port()[1]
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._server.stop()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, key: str = "team.json", container: str = BUCKET) -> str:
        return f"s3://{container}/{key}"

    def endpoint_env(self, endpoint: str) -> dict[str, str]:
        """The environment pointing the client at another endpoint (a dead or hung one)."""
        return {"AWS_ENDPOINT_URL": endpoint}

    def reset(self, bucket: str = BUCKET) -> None:
        """Forget every bucket and object, then create an empty `bucket`."""
        self._request("POST", "/moto-api/reset")
        self._request("PUT", f"/{bucket}")

    def _store(self, bucket: str = BUCKET):
        """A client of our own (explicit settings, not the environment) for setting up and checking."""
        from obstore.store import S3Store

        return S3Store(
            bucket,
            endpoint=self.endpoint,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
            region="us-east-1",
            client_options={"allow_http": True},
        )

    def put_raw(self, key: str, data: bytes, bucket: str = BUCKET) -> str:
        """Write an object as some other tool would (unconditionally); returns its ETag."""
        import obstore

        return obstore.put(self._store(bucket), key, data)["e_tag"]

    def get_raw(self, key: str, bucket: str = BUCKET) -> bytes:
        import obstore

        return bytes(obstore.get(self._store(bucket), key).bytes())

    def delete_raw(self, key: str, bucket: str = BUCKET) -> None:
        import obstore

        obstore.delete(self._store(bucket), key)

    def _request(self, method: str, path: str, data: bytes | None = None) -> None:
        req = urllib.request.Request(self.endpoint + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()

    def env(self) -> dict[str, str]:
        return {
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ALLOW_HTTP": "true",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_SESSION_TOKEN": SESSION_TOKEN,
            "AWS_REGION": "us-east-1",
        }


# Every variable the backend or the library might read, cleared so the developer's own
# AWS setup never leaks into a test.
AWS_VARS = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT",
    "AWS_ALLOW_HTTP",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONDITIONAL_PUT",
)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """os.environ without any AWS_* setting, plus `extra`: for a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in AWS_VARS}
    env.update(extra or {})
    return env


@contextmanager
def running(serial: bool = False) -> Iterator[S3Server]:
    server = S3Server(serial=serial).start()
    try:
        server.reset()
        yield server
    finally:
        server.stop()
