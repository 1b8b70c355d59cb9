"""The ``jdlens`` command line: parse, call ``jdlens.api``, render. Errors become one coded red line.

Exit codes (docs/cli.md): 0 done; 1 a check found problems (``taxonomy validate``); 2 a coded error
(bad input, bad usage, a file that cannot be read); 3 an unexpected failure (a bug: the line names it);
130 interrupted (Ctrl-C), after one line saying what was kept and how to resume.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

import jdlens
from jdlens.cli import (
    analyze_cmd,
    doctor_cmd,
    market_cmd,
    match_cmd,
    serve_cmd,
    taxonomy_cmd,
)
from jdlens.cli.outputs import interruption, print_help
from jdlens.errors import AnalysisError, InputError, JdlensError

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done",
    EXIT_PROBLEMS: "a check found problems (`taxonomy validate`)",
    EXIT_ERROR: "a coded error: bad input, bad usage or an unreadable file (one `error: [JDLnnn] ...` line)",
    EXIT_BUG: "an unexpected failure, a bug (one `error: [JDL075] ...` line; `jdlens doctor` for the report)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C): one line says what was kept and how to resume",
}

app = typer.Typer(
    name="jdlens",
    help="Read machine-learning job descriptions the way a hiring manager does.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Read machine-learning job descriptions the way a hiring manager does."""
    if version:
        typer.echo(f"jdlens {jdlens.__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        print_help(ctx)


for _module in (analyze_cmd, taxonomy_cmd, match_cmd, market_cmd, serve_cmd, doctor_cmd):
    _module.register(app)

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_ERROR) -> None:
    err_console.print(f"[bold red]error:[/] {message}", markup=True)
    raise SystemExit(code)


def _usage_message(exc: typer.TyperException) -> str:
    """A usage error of the parser (unknown option, bad or missing value) as a coded message."""
    if isinstance(exc, typer.BadParameter) and exc.message:
        param = getattr(exc, "param", None)
        name = param.get_error_hint() if param is not None else "a value"
        reason = exc.message.removeprefix("Value error, ").rstrip(".")
        return InputError("JDL050", name=name.replace("'", ""), reason=reason).message
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "jdlens"
    return InputError("JDL051", reason=exc.format_message().rstrip("."), command=command).message


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C reaches the whole process group: worker processes (forked with this handler) ignore it
    and finish the chunk in hand, while the command cancels the rest and says what was kept."""
    if os.getpid() == _main_pid:
        raise KeyboardInterrupt


_main_pid = os.getpid()


def _run(args: list[str]) -> int:
    command = typer.main.get_command(app)
    try:
        with command.make_context("jdlens", args) as ctx:
            command.invoke(ctx)
    except typer.Exit as exc:
        return exc.exit_code
    return EXIT_OK


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one clear line on stderr and a non-zero exit for any bad input."""
    global _main_pid
    interruption.reset()
    _main_pid = os.getpid()
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.default_int_handler:  # not when Ctrl-C is ignored (a background job)
        signal.signal(signal.SIGINT, _on_interrupt)
    try:
        code = _run(list(argv) if argv is not None else sys.argv[1:])
    except JdlensError as exc:
        fail(exc.message)
    except typer.TyperException as exc:
        fail(_usage_message(exc))
    except (KeyboardInterrupt, typer.Abort):
        err_console.print(f"[bold yellow]interrupted:[/] {interruption.note}", markup=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        raise SystemExit(EXIT_OK) from None
    except OSError as exc:
        where = getattr(exc, "filename", None) or "a file"
        fail(InputError("JDL006", path=where, reason=exc.strerror or type(exc).__name__).message)
    except Exception as exc:  # the last guard: a bug still prints one coded line, never a traceback
        fail(AnalysisError("JDL075", kind=type(exc).__name__, reason=str(exc)[:200]).message, EXIT_BUG)
    else:
        if code:
            raise SystemExit(code)
    finally:
        if previous is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous)
