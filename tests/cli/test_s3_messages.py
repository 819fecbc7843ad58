"""What `sync` says when the S3 endpoint is wrong (issue 26 item 7, issue 27 item 4): named for what it is.

A stub HTTP server on loopback answers one status to everything (a wrong endpoint: a web server,
a proxy, a path that is not a bucket). Seen: every non-2xx answer was "timed out" (obstore's text
holds `retry_timeout`), and 404 everywhere was "busy (other reps are syncing)" after 25 requests.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from s3server import BUCKET

URL = f"s3://{BUCKET}/team.json"


@contextmanager
def answering(status: int) -> Iterator[tuple[int, list[str]]]:
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(self.command)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = b"<html><body>Not here</body></html>"
            self.send_response(status)
            self.send_header("Content-Length", str(0 if self.command == "HEAD" else len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _answer

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def _sync(run_cli, tmp_path, endpoint: str):
    init = run_cli("init", "--name", "Ana", "--tz", "Europe/Berlin", "--team-file", URL, home_dir=tmp_path / "ana")
    assert init.code == 0, init.err
    start = time.monotonic()
    res = run_cli("sync", home_dir=tmp_path / "ana", env={"AWS_ENDPOINT_URL": endpoint})
    return res, time.monotonic() - start


def test_an_endpoint_answering_404_everywhere_is_not_busy(s3, run_cli, tmp_path):
    with answering(404) as (port, seen):
        res, took = _sync(run_cli, tmp_path, f"http://127.0.0.1:{port}")
    assert res.code == 1 and res.err.count("\n") == 1, res.err
    assert "the endpoint did not answer as object storage does: 404 on PUT" in res.err, res.err
    assert "busy" not in res.err and "timed out" not in res.err
    assert seen.count("PUT") == 1 and took < 10, (seen, took)  # no 25 rounds of retries


@pytest.mark.parametrize("status, says", [(500, "answered HTTP 500 (a server error"), (400, "answered HTTP 400")])
def test_a_non_2xx_answer_is_named_not_timed_out(s3, run_cli, tmp_path, status, says):
    with answering(status) as (port, _):
        res, _took = _sync(run_cli, tmp_path, f"http://127.0.0.1:{port}")
    assert res.code == 1 and says in res.err and "timed out" not in res.err, res.err


def test_https_to_a_plain_http_endpoint_is_a_tls_mismatch(s3, run_cli, tmp_path):
    with answering(200) as (port, _):
        res, _took = _sync(run_cli, tmp_path, f"https://127.0.0.1:{port}")
    assert res.code == 1 and "TLS mismatch" in res.err and "timed out" not in res.err, res.err
