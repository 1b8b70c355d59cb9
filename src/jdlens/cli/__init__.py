"""The ``jdlens`` command line: parse, call ``jdlens.api``, render. Errors become one red line."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from jdlens.cli import analyze_cmd, market_cmd, match_cmd, serve_cmd, taxonomy_cmd
from jdlens.errors import JdlensError

app = typer.Typer(
    name="jdlens",
    help="Read machine-learning job descriptions the way a hiring manager does.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for _module in (analyze_cmd, taxonomy_cmd, match_cmd, market_cmd, serve_cmd):
    _module.register(app)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one clear line on stderr and a non-zero exit for any bad input."""
    command = typer.main.get_command(app)
    try:
        code = command.main(
            args=argv if argv is not None else sys.argv[1:], prog_name="jdlens", standalone_mode=False
        )
    except JdlensError as exc:
        fail(exc.message)
    except typer.Abort:
        fail("aborted", 130)
    except typer.TyperException as exc:
        fail(exc.format_message() if hasattr(exc, "format_message") else str(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except BrokenPipeError:
        raise SystemExit(0) from None
    except OSError as exc:
        fail(f"[JDL006] {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "))
    else:
        if isinstance(code, int) and code:
            raise SystemExit(code)
