"""``jdlens serve``: the web app on a local address."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from jdlens.errors import InputError
from jdlens.web.app import create_app

APP_FACTORY = "jdlens.web.app:create_app"  # what each worker process imports and calls


def serve(
    db: Path | None = typer.Option(
        None, "--db", help="market DuckDB database for the Market page (default: $JDLENS_DB)"
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="port to listen on"),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="server processes; each runs $JDLENS_WEB_THREADS analyses at once"
    ),
) -> None:
    """Serve the web app: paste a job description, upload a resume, browse the market report."""
    import uvicorn

    if db is not None and not db.is_file():
        raise InputError("JDL001", path=str(db))
    typer.echo(
        f"jdlens: serving on http://{host}:{port}/ with {workers} worker(s) (Ctrl+C to stop)", err=True
    )
    if workers == 1:
        uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
        return
    if db is not None:  # each worker process builds its own app and reads the database from here
        os.environ["JDLENS_DB"] = str(db.resolve())
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)
