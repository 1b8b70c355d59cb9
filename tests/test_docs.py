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


def readme_cli_lines() -> list[str]:
    """`jdlens ...` lines of the README's shell blocks that run on bundled files only."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = line.split("#")[0].strip()
            if command.startswith("jdlens ") and ("examples/" in command or command.endswith("validate")):
                lines.append(command)
    return lines


@pytest.mark.parametrize("command", readme_cli_lines())
def test_readme_cli_examples_run(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    from jdlens.cli import main

    monkeypatch.chdir(ROOT)
    try:
        main(shlex.split(command)[1:])
    except SystemExit as exc:
        assert not exc.code, f"{command!r} exited with {exc.code}"


def test_readme_error_example_is_what_the_cli_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from jdlens.cli import main

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"\$ jdlens analyze missing.txt\n(.*)\n", text)
    assert shown, "README lost its error example"
    with pytest.raises(SystemExit) as exc:
        main(["analyze", "missing.txt"])
    assert exc.value.code != 0
    assert capsys.readouterr().err.strip() == shown.group(1).strip()
