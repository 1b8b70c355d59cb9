"""The library's patterns compiled once per Python build: a program read back from disk is the one
``jdlens.regex_first_chars`` makes from ``re.compile``'s parse, a damaged one is never used, and a
second start compiles none again."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from re import _parser as parser  # type: ignore[attr-defined]

import pytest

from conftest import plain_program, with_faster_program
from jdlens import compiled_regex, diskcache
from jdlens.regex_first_chars import program as faster_program

PACKAGE = Path(compiled_regex.__file__).resolve().parent

PROBE = """
import importlib.util, json, os, re, sys
import re._compiler as compiler
package = os.path.dirname(importlib.util.find_spec("jdlens").origin) + os.sep
compiled = []
plain = compiler._code  # what turns a parsed pattern into the engine's program (reading one parses only)
def counting(p, flags):
    caller = sys._getframe(1)
    while caller is not None and caller.f_code.co_filename.endswith(
        ("re/_compiler.py", "re/__init__.py", "jdlens/compiled_regex.py")
    ):
        caller = caller.f_back
    is_str = p.state.flags & (re.UNICODE | re.ASCII)  # a str pattern reads as one or the other; bytes neither
    if is_str and caller is not None and caller.f_code.co_filename.startswith(package):
        compiled.append(caller.f_code.co_filename[len(package) :] + ":" + str(caller.f_lineno))
    return plain(p, flags)
compiler._code = counting
import jdlens
result = jdlens.analyze(
    "Senior ML Engineer in Austin, TX (hybrid). Requirements: BS in Computer Science, 5+ years of Python "
    "and PyTorch. Nice to have: Spark. Salary $150,000 - $200,000 per year."
)
print(json.dumps({"compiled": compiled, "dump": result.model_dump_json()}))
"""


def _start(cache_home: Path) -> dict[str, object]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory and empty in-memory tables (restored afterwards)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(compiled_regex, "_patterns", {})
    monkeypatch.setattr(compiled_regex, "_programs", None)
    monkeypatch.setattr(compiled_regex, "_added", {})
    return tmp_path


def test_a_second_start_compiles_no_pattern_of_the_library_and_analyses_the_same(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["compiled"], "a first start compiles the library's patterns"
    again = _start(tmp_path)
    assert again["compiled"] == []
    assert again["dump"] == first["dump"]


def test_every_kept_program_is_the_one_re_compile_makes(tmp_path: Path, fresh: Path) -> None:
    """Each kept program is re.compile's, or the faster one of ``jdlens.regex_first_chars`` made from
    the same parse (tests/test_regex_first_chars.py checks that the two find the same matches)."""
    _start(tmp_path)
    kept = diskcache.read(compiled_regex.NAME, compiled_regex._parts(), dict)
    assert kept and len(kept) > 100
    faster = 0
    for (pattern, flags), args in kept.items():
        restored, plain = compiled_regex._restored((pattern, flags)), re.compile(pattern, flags)
        assert restored is not None
        assert (restored.pattern, restored.flags, restored.groups, restored.groupindex) == (
            plain.pattern,
            plain.flags,
            plain.groups,
            plain.groupindex,
        )
        assert args[1] == faster_program(parser.parse(pattern, flags), flags)
        if args[1] != plain_program(pattern, flags):
            faster += 1
        else:
            assert restored == plain
    assert faster > 50  # most of the library's patterns open with \b, ^ or a case-blind letter


def test_a_compiled_pattern_matches_as_re_compile_does(fresh: Path) -> None:
    pattern = r"(?P<low>\d[\d,]*)\s*(?:-|to)\s*(?P<high>\d[\d,]*)"
    made = compiled_regex.compile_pattern(pattern, re.I)
    plain = re.compile(pattern, re.I)
    assert (
        made == with_faster_program(pattern, re.I)
        and made.flags == plain.flags
        and made.groupindex == plain.groupindex
    )
    text = "pay 120,000 to 150,000 or 90 - 100"
    assert [m.groupdict() for m in made.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]
    assert compiled_regex.compile_pattern(pattern, re.I) is made  # one object per pattern in a process


def test_programs_are_kept_at_exit_and_read_back(fresh: Path) -> None:
    compiled_regex.compile_pattern(r"\bspark\b", re.I)
    compiled_regex.save()
    compiled_regex._programs = None
    compiled_regex._patterns.clear()
    assert (r"\bspark\b", int(re.I)) in compiled_regex._kept()
    read_back = compiled_regex.compile_pattern(r"\bspark\b", re.I)
    assert read_back == with_faster_program(r"\bspark\b", re.I)
    assert [m.span() for m in read_back.finditer("Spark, SPARK; sparkle spark")] == [
        (0, 5),
        (7, 12),
        (22, 27),
    ]


def test_a_program_the_engine_rejects_is_never_used(fresh: Path) -> None:
    key = (r"\bpython\b", 0)
    good = compiled_regex._kept()
    good[key] = (0, [0xDEAD, 1, 2], 0, {}, (None,))  # not a program: _sre.compile refuses it
    made = compiled_regex.compile_pattern(*key)
    assert made == with_faster_program(*key) and made.search("I write Python and python")


def test_a_bad_pattern_raises_as_re_compile_does(fresh: Path) -> None:
    with pytest.raises(re.error):
        compiled_regex.compile_pattern(r"(unclosed")


def test_an_unwritable_cache_directory_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(compiled_regex, "_programs", None)
    monkeypatch.setattr(compiled_regex, "_added", {})
    assert compiled_regex.compile_pattern(r"\bgo\b") == with_faster_program(r"\bgo\b")
    compiled_regex.save()


def test_the_tables_are_capped(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled_regex, "LIMIT", 3)
    for k in range(6):
        assert compiled_regex.compile_pattern(f"word{k}") == re.compile(f"word{k}")
    assert len(compiled_regex._patterns) == 3 and len(compiled_regex._added) == 3
    compiled_regex.save()
    assert len(diskcache.read(compiled_regex.NAME, compiled_regex._parts(), dict) or {}) == 3


def _str_compiles(path: Path) -> list[int]:
    """Lines where the module calls ``re.compile`` on anything but a bytes literal."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "compile"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and not (
                node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, bytes)
            )
        ):
            lines.append(node.lineno)
    return lines


def test_the_library_compiles_its_str_patterns_through_one_door() -> None:
    found = {
        str(p.relative_to(PACKAGE)): lines
        for p in PACKAGE.rglob("*.py")
        if p.name != "compiled_regex.py" and (lines := _str_compiles(p))
    }
    assert found == {}
