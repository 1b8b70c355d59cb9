"""``jdlens serve``: the web app on a local address."""

from __future__ import annotations

import errno
import importlib
import importlib.util
import os
import socket
from pathlib import Path
from typing import Any

import typer

from jdlens.config import get_settings
from jdlens.errors import InputError, WebError

WEB_APP = "jdlens.web.app"  # imported only when serving, so the CLI starts without the web extra
WEB_PACKAGES = ("fastapi", "uvicorn")


def check_address(host: str, port: int) -> None:
    """Bind ``host:port`` once, before anything is printed: a busy port or an unknown host is one
    coded line (JDL052), not the server's own error after "serving on"."""
    address = f"{host}:{port}"
    try:
        family, kind, proto, _, where = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError("JDL052", address=address, reason=f"unknown host ({exc})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind(where)
        except OSError as exc:
            reason = (
                "the port is in use (choose another with --port)"
                if exc.errno == errno.EADDRINUSE
                else exc.strerror
            )
            raise InputError("JDL052", address=address, reason=reason or type(exc).__name__) from None


def create_app(db: Path | None, processes: int | None = None) -> Any:
    """The web app, imported only when serving, so the CLI starts without the web extra."""
    return importlib.import_module(WEB_APP).create_app(db, processes=processes)


def serve(
    db: Path | None = typer.Option(
        None, "--db", help="market DuckDB database for the Market page (default: $JDLENS_DB)"
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="analysis processes: 1 runs $JDLENS_WEB_THREADS analyses in threads of the server; "
        "N > 1 runs them in N processes that share one queue (one per core uses every core)",
    ),
) -> None:
    """Serve the web app: paste a job description, upload a resume, browse the market report."""
    if any(importlib.util.find_spec(name) is None for name in WEB_PACKAGES):
        raise WebError("JDL065", feature="the web app (install the extra: pip install 'jdlens[web]')")
    import uvicorn

    if db is not None and not db.is_file():
        raise InputError("JDL001", path=str(db))
    check_address(host, port)
    if db is not None:  # the app (in each worker process) reads the database from here
        os.environ["JDLENS_DB"] = str(db.resolve())
        get_settings.cache_clear()
    typer.echo(
        f"jdlens: serving on http://{host}:{port}/ with {workers} analysis process(es) (Ctrl+C to stop)",
        err=True,
    )
    app = create_app(db, processes=workers if workers > 1 else None)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)
