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
  port in use is reported in one line instead of a traceback;
- the limits of `ui/serve_limits.py`: sizes clamped (the first request's and every resize,
  at most four a second), at most `max_boards` boards (the next tab gets a polite page), a
  board ended within QUIT_GRACE of its tab closing and killed with a server that dies, no
  directory listings under /static/, one log line per bad message.

It imports no Textual: the CLI can load it cheaply.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import os
import shlex
import signal
import socket
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from repdash.errors import BadInput, Failure
from repdash.subproc import module_argv
from repdash.ui import serve_limits
from repdash.ui.serve_limits import BadFrame, clamp_size, read_frame

TEMPLATES = Path(__file__).parent / "templates"
QUIT_GRACE = 2.0  # seconds a board gets to quit before it is killed (it is gone within 3 s)

log = logging.getLogger("repdash.serve")


def board_argv(home: Path, rotate: float) -> list[str]:
    """The command each tab runs: this Python, the read-only board, this home."""
    return module_argv("repdash.ui.served_board", "--home", str(home), "--rotate", f"{rotate:g}")


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

    def __init__(
        self,
        argv: list[str],
        sock: socket.socket,
        *,
        public_url: str | None = None,
        max_boards: int = serve_limits.MAX_BOARDS,
    ) -> None:
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
        self.max_boards = max_boards

    @property
    def full(self) -> bool:
        return len(self.boards) >= self.max_boards

    # -- textual-serve hooks ------------------------------------------------
    async def _make_app(self) -> web.Application:
        """textual-serve's routes, with /static/ serving files only (no directory listings)."""
        app = web.Application()
        import aiohttp_jinja2
        import jinja2

        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        return app

    async def handle_index(self, request: web.Request):
        if self.full:
            return _full_page(self.max_boards)
        if not self._own_public_url:
            # Links in the page follow the address the browser used (a TV reaches us by the
            # machine's name or LAN address, never by 0.0.0.0).
            self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """As textual-serve's, plus the limits and the bookkeeping that lets `stop` end every board."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=serve_limits.MAX_FRAME_BYTES)
        width, height = clamp_size(request.query.get("width", "80"), request.query.get("height", "24"))
        board: AppService | None = None
        try:
            await websocket.prepare(request)
            if self.stopping.is_set():
                await websocket.close()
                return websocket
            if self.full:  # checked and taken with no await in between: the cap holds under a burst
                await websocket.send_bytes(serve_limits.FULL_TEXT.format(n=self.max_boards).encode())
                await websocket.close(code=1013, message=b"all boards in use")  # 1013: try again later
                return websocket
            board = _Board(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,  # type: ignore[arg-type]  # aiohttp returns a bool, textual-serve ignores it
                download_manager=self.download_manager,
            )
            self.boards.add(board)
            self._sockets.add(websocket)
            await board.start(width, height)
            await self._process_messages(websocket, board)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure is one line in the log; the server goes on
            log.warning("a board's tab failed: %s", _short(error))
        finally:
            self._sockets.discard(websocket)
            if board is not None:
                await self._stop_board(board)
        return websocket

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        """The tab's messages, each read by `serve_limits.read_frame`: a bad one is one log line."""
        resizer = _Resizer(app_service)
        try:
            async for message in websocket:
                if message.type != web.WSMsgType.TEXT:
                    continue
                try:
                    kind, data = read_frame(message.data)
                except BadFrame as why:
                    log.warning("ignored a bad message from a tab (%s)", why)
                    continue
                if kind == "stdin":
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize":
                    resizer.ask(data)
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()
        finally:
            resizer.close()

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
        """Ask the board to quit; kill it if it has not gone within QUIT_GRACE seconds.

        A board blocked writing a frame nobody reads never sees "quit": the process itself is
        waited for, not only textual-serve's reader task."""
        process = getattr(board, "_process", None)  # textual-serve keeps it there (pinned < 1.2)
        try:
            async with asyncio.timeout(QUIT_GRACE):
                await board.stop()
                if process is not None:
                    await process.wait()
        except (TimeoutError, OSError, RuntimeError, ConnectionError):
            pass
        if process is not None and process.returncode is None:
            try:
                process.kill()
            except ProcessLookupError:
                pass
            await process.wait()
        self.boards.discard(board)


class _Board(AppService):
    """textual-serve's AppService for one board: fewer frames a second, and the server's pid so
    the board can die with it (serve_limits.die_with_parent)."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        env = super()._build_environment(width, height)
        env["TEXTUAL_FPS"] = str(serve_limits.BOARD_FPS)
        env[serve_limits.SERVER_PID_VAR] = str(os.getpid())
        return env


class _Resizer:
    """Passes a tab's sizes on to its board at most once per RESIZE_EVERY, the latest one always."""

    def __init__(self, board: AppService) -> None:
        self.board = board
        self.wanted: tuple[int, int] | None = None
        self.sent: tuple[int, int] | None = None
        self.wake = asyncio.Event()
        self.task = asyncio.create_task(self._run())

    def ask(self, size: tuple[int, int]) -> None:
        self.wanted = size
        self.wake.set()

    async def _run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            if self.wanted is not None and self.wanted != self.sent:
                self.sent = self.wanted
                await self.board.set_terminal_size(*self.sent)
                await asyncio.sleep(serve_limits.RESIZE_EVERY)

    def close(self) -> None:
        self.task.cancel()


def _full_page(n: int) -> web.Response:
    return web.Response(
        status=503,
        text=serve_limits.FULL_PAGE.format(n=n),
        content_type="text/html",
        headers={"Retry-After": "30", "Cache-Control": "no-store"},
    )


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split())[:120]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def serve(
    argv: list[str], sock: socket.socket, public_url: str | None = None, max_boards: int = serve_limits.MAX_BOARDS
) -> None:
    logging.basicConfig(level=logging.WARNING, format="repdash serve: %(message)s")
    asyncio.run(BoardServer(argv, sock, public_url=public_url, max_boards=max_boards).run())


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
