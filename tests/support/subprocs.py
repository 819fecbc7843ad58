"""Stopping a server the tests started (Azurite, fake-gcs-server): terminate, then kill if it hangs."""

from __future__ import annotations

import subprocess


def stop_process(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
