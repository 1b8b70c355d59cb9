"""Render the CLI reference (docs/cli.md) from the commands' own help: ``python -m jdlens.cli.docgen``."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from jdlens.cli import app


def _command():  # noqa: ANN202 - typer's click command type is private

    return typer.main.get_command(app)


def all_commands() -> Iterator[tuple[tuple[str, ...], object]]:
    """Every leaf command with its path below ``jdlens``."""

    def walk(command, path: tuple[str, ...]):  # noqa: ANN001, ANN202
        children = getattr(command, "commands", None)
        if children:
            for name in sorted(children):
                yield from walk(children[name], (*path, name))
        else:
            yield path, command

    yield from walk(_command(), ())


def _usage_and_params(command, path: tuple[str, ...]) -> list[str]:  # noqa: ANN001
    lines = [
        f"## `jdlens {' '.join(path)}`",
        "",
        (command.help or "").strip(),
        "",
        "| parameter | help |",
        "|---|---|",
    ]
    for param in command.params:
        names = (
            " / ".join(f"`{o}`" for o in (*param.opts, *param.secondary_opts)) or f"`{param.name.upper()}`"
        )
        if getattr(param, "param_type_name", "") == "argument":
            names = f"`{param.name.upper()}`"
        default = getattr(param, "default", None)
        help_text = (getattr(param, "help", None) or "").replace("|", "\\|")
        if default not in (None, False, (), []) and not callable(default):
            help_text += f" (default: `{getattr(default, 'value', default)}`)"
        lines.append(f"| {names} | {help_text.strip()} |")
    return [*lines, ""]


def render_cli_reference() -> str:
    out = [
        "# Command-line reference",
        "",
        "Generated from the commands' own help by "
        "`python -m jdlens.cli.docgen > docs/cli.md`; a test keeps it current.",
        "",
    ]
    for path, command in all_commands():
        out.extend(_usage_and_params(command, path))
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(render_cli_reference(), end="")
