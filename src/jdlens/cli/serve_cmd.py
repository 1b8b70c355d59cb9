"""``jdlens serve``: the web app on a local address."""

from __future__ import annotations

from pathlib import Path

import typer

from jdlens.errors import InputError
from jdlens.web.app import create_app


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
    import uvicorn

    if db is not None and not db.is_file():
        raise InputError("JDL001", path=str(db))
    typer.echo(
        f"jdlens: serving on http://{host}:{port}/ with {workers} analysis process(es) (Ctrl+C to stop)",
        err=True,
    )
    app = create_app(db, processes=workers if workers > 1 else None)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command("serve")(serve)
