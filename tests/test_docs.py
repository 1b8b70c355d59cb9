"""Docs are a contract: README examples run, every CLI command is documented and has help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("block", python_blocks(ROOT / "README.md"))
def test_readme_python_examples_run(block: str) -> None:
    exec(compile(block, "README.md", "exec"), {})


def test_readme_names_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text


def test_cli_reference_is_current() -> None:
    from jdlens.cli.docgen import render_cli_reference

    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render_cli_reference(), (
        "docs/cli.md is stale: run `python -m jdlens.cli.docgen > docs/cli.md`"
    )


def test_every_command_has_help() -> None:
    from jdlens.cli.docgen import all_commands

    for path, command in all_commands():
        assert (command.help or "").strip(), f"`jdlens {' '.join(path)}` has no help text"
