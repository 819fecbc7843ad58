"""Signature checks in a second process, ahead of the reader (a director's first read of a big org).

A cold read of 5,000 reps in 400 team folders is CPU, and a third of it is Ed25519: 5,800
signatures and the canonical JSON each one covers. `Prechecked(folders)` starts
`python -m repdash.sync.sigcheck`, which reads the same team folders in the same order and prints
the SHA-256 of every object whose signatures verify (with the same `repobj.decode` and
`manifest.parse` the reader uses). The reader asks `checked(data)`: these exact bytes were verified,
so only their signature check is skipped; the id bound to the key, the entry's validation and the
roster are checked as always. Bytes the helper has not reached yet, bytes that changed since it
read them, and everything when it could not start are verified by the reader itself: the helper
only saves time, it never decides. On two cores the two processes run side by side.

Folders only: on object storage the helper would GET every object a second time.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from pathlib import Path

from repdash.subproc import module_argv
from repdash.sync.layout import MANIFEST, MAX_MANIFEST_BYTES, MAX_REP_BYTES, REP_NAME, FolderLayout
from repdash.sync.teamfile import BadTeamFile, TeamFileError


class Prechecked:
    """The digests a helper process verified so far (none when it could not start)."""

    def __init__(self, folders: list[str]) -> None:
        self._ok: set[bytes] = set()
        self._proc: subprocess.Popen[bytes] | None = None
        try:
            self._proc = subprocess.Popen(
                module_argv("repdash.sync.sigcheck"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return
        request = json.dumps(folders).encode()
        self._thread = threading.Thread(target=self._collect, args=(self._proc, request), daemon=True)
        self._thread.start()

    def _collect(self, proc: subprocess.Popen[bytes], request: bytes) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(request)
            proc.stdin.close()
            for line in proc.stdout:
                self._ok.add(bytes.fromhex(line.decode("ascii").strip()))
        except (OSError, ValueError):
            pass  # the reader verifies whatever was not reported

    def checked(self, data: bytes) -> bool:
        return hashlib.sha256(data).digest() in self._ok

    def __len__(self) -> int:
        return len(self._ok)

    def close(self) -> None:
        """Stop the helper (it may still be reading teams the reader has done already)."""
        proc = self._proc
        if proc is None:
            return
        proc.kill()
        proc.wait()
        self._thread.join(5)
        for pipe in (proc.stdout, proc.stdin):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> Prechecked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def verified(name: str, data: bytes) -> bool:
    """Whether the signatures of this object (a manifest, or a rep object) verify."""
    from repdash.sync import manifest as mf
    from repdash.sync import repobj

    if name == MANIFEST:
        try:
            mf.parse(data, name)
        except BadTeamFile:
            return False
        return True
    m = REP_NAME.match(name)
    if m is None or len(data) > MAX_REP_BYTES:
        return False
    return repobj.signed(m.group(1), data)


def _check_folders(folders: list[str], out) -> None:
    for folder in folders:
        layout = FolderLayout(Path(folder))
        try:
            names = list(layout.listing())
        except (TeamFileError, OSError):
            continue
        for name in names:
            try:
                got = layout.get(name, MAX_MANIFEST_BYTES if name == MANIFEST else MAX_REP_BYTES)
            except (TeamFileError, OSError):
                continue
            if got is not None and verified(name, got[0]):
                out.write(hashlib.sha256(got[0]).hexdigest() + "\n")
        out.flush()  # a team at a time: the reader is working through the same list


def main() -> None:
    try:
        folders = json.loads(sys.stdin.buffer.read())
        if isinstance(folders, list):
            _check_folders([f for f in folders if isinstance(f, str)], sys.stdout)
    except (BrokenPipeError, KeyboardInterrupt, ValueError):
        pass  # the reader stopped listening, or sent nothing usable


if __name__ == "__main__":
    main()
