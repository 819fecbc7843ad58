"""The web server behind `repdash serve`: textual-serve, one read-only board process per browser tab.

textual-serve (Textualize's own) does the browser side: a page with xterm.js, a
websocket per tab, and a child process per websocket that runs a Textual app with its
web driver. On top of it, this module adds what a wall screen needs:

- its own page template: no third-party font request (a TV on an office network may
  have no internet), a type size that grows with the screen, and a page that
  reconnects by itself after the server restarts;
- a record of every board process it started, so stopping the server (Ctrl+C,
  SIGTERM) stops them all, and a board that does not quit in time is killed;
- the listening socket is bound before the server starts, so a bad address or a
  port in use is reported in one line instead of a traceback.

It imports no Textual: the CLI can load it cheaply.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import shlex
import signal
import socket
import sys
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from repdash.errors import BadInput, Failure

TEMPLATES = Path(__file__).parent / "templates"
QUIT_GRACE = 3.0  # seconds a board gets to quit before it is killed

log = logging.getLogger("repdash.serve")


def board_argv(home: Path, rotate: float) -> list[str]:
    """The command each tab runs: this Python, the read-only board, this home."""
    return [sys.executable, "-m", "repdash.ui.served_board", "--home", str(home), "--rotate", f"{rotate:g}"]


def is_loopback(host: str) -> bool:
    """True when only this machine can connect (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; BadInput for an address this machine does not have."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise BadInput(f"--host {host!r} is not an address or a name this machine can resolve") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise Failure(f"port {port} on {host} is already in use: pick another with --port") from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
            raise BadInput(f"--host {host!r} is not an address of this machine") from None
        if exc.errno == errno.EACCES:
            raise BadInput(f"port {port} needs administrator rights: use a port above 1023") from None
        raise
    sock.setblocking(False)
    return sock


class BoardServer(Server):
    """textual-serve's Server, keeping hold of every board it starts."""

    def __init__(self, argv: list[str], sock: socket.socket, *, public_url: str | None = None) -> None:
        host, port = sock.getsockname()[:2]
        # `exec`: the shell textual-serve starts replaces itself with the board (one process per tab).
        super().__init__(
            "exec " + shlex.join(argv),
            host=host,
            port=port,
            title="repdash team board",
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.sock = sock
        self.url = public_url or f"http://{_url_host(host)}:{port}"
        self._own_public_url = public_url is not None
        self.boards: set[AppService] = set()
        self._sockets: set[web.WebSocketResponse] = set()
        self.stopping = asyncio.Event()

    # -- textual-serve hooks ------------------------------------------------
    async def handle_index(self, request: web.Request):
        if not self._own_public_url:
            # Links in the page follow the address the browser used (a TV reaches us by the
            # machine's name or LAN address, never by 0.0.0.0).
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """As textual-serve's, plus the bookkeeping that lets `stop` end every board."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        board: AppService | None = None
        try:
            await websocket.prepare(request)
            if self.stopping.is_set():
                await websocket.close()
                return websocket
            self._sockets.add(websocket)
            board = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            self.boards.add(board)
            await board.start(width, height)
            await self._process_messages(websocket, board)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is logged; the server goes on
            log.exception(error)
        finally:
            self._sockets.discard(websocket)
            if board is not None:
                await self._stop_board(board)
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        print(f"Serving the team board on {self.url}  (Ctrl+C stops it)", flush=True)

    # -- running and stopping -----------------------------------------------
    async def run(self) -> None:
        """Serve until SIGINT or SIGTERM, then stop every board and close."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self.stopping.set)
            except (NotImplementedError, AttributeError):  # Windows: Ctrl+C raises KeyboardInterrupt
                pass
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            await web.SockSite(runner, self.sock).start()
            await self.stopping.wait()
            await self.stop_boards()
        finally:
            await runner.cleanup()

    async def stop_boards(self) -> None:
        await asyncio.gather(*(self._stop_board(b) for b in list(self.boards)))
        for websocket in list(self._sockets):
            await websocket.close()

    async def _stop_board(self, board: AppService) -> None:
        """Ask the board to quit; kill it if it has not within QUIT_GRACE seconds."""
        try:
            await asyncio.wait_for(board.stop(), QUIT_GRACE)
        except (TimeoutError, OSError, RuntimeError):
            process = getattr(board, "_process", None)  # textual-serve keeps it there (pinned < 1.2)
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        self.boards.discard(board)


def serve(argv: list[str], sock: socket.socket, public_url: str | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="repdash serve: %(message)s")
    asyncio.run(BoardServer(argv, sock, public_url=public_url).run())


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
