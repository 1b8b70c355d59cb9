"""The library's regular expressions, compiled once per Python build and kept on disk.

CPython compiles a pattern in pure Python (``re._parser`` reads it, ``re._compiler`` turns it into
the opcode program the C engine runs), and the library's own patterns (heading, money, degree and
role lists among them) cost about a quarter of ``import jdlens`` plus a first analysis. What the C
engine is given is kept instead: ``_sre.compile(pattern, flags, program, groups, groupindex,
indexgroup)``, the call ``re.compile`` itself ends with. A pattern read back is handed to that same
call, which validates the program. The program is the one ``jdlens.regex_first_chars.program``
makes from ``re.compile``'s parse: the compiler's, told where matches can start (first-character sets
for searches the compiler left blind, case-blind alternatives opened with exact sets, alternatives
grouped by their first character), with the same matches (tests/test_compiled_regex.py,
tests/test_regex_first_chars.py).

The programs live in one file beside the other compiled data (``jdlens.diskcache``), keyed on the
Python build, the engine's constants and the source of ``regex_first_chars``, so a file is never read
by another interpreter or made by another version of that module. New
programs are added to it when the process exits. Anything unexpected (no ``_sre``, a program the
engine rejects, a file that cannot be read or written) falls back to ``re.compile``.

Only for the library's own patterns (from its code and data files): the file and the in-memory table
are capped, and a pattern built from input would only crowd them.
"""

from __future__ import annotations

import atexit
import importlib
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from jdlens import diskcache, regex_first_chars

NAME = "regex-programs"
FORMAT = "2"
LIMIT = 2048  # programs kept on disk and patterns in memory

# (flags, program, groups - 1, groupindex, indexgroup): the arguments of ``_sre.compile`` after the pattern
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str, int]


def _engine() -> tuple[ModuleType, ModuleType, ModuleType] | None:
    try:
        return (
            importlib.import_module("_sre"),
            importlib.import_module("re._parser"),
            importlib.import_module("re._compiler"),
        )
    except ImportError:
        return None


_ENGINE = _engine()
_patterns: dict[Key, re.Pattern[str]] = {}
_programs: dict[Key, Program] | None = None  # read from disk on first use
_added: dict[Key, Program] = {}


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a ``str`` pattern, its program read from disk when kept."""
    key = (pattern, int(flags))
    found = _patterns.get(key)
    if found is None:
        found = _restored(key) or _compiled(key)
        if len(_patterns) < LIMIT:
            _patterns[key] = found
    return found


def _parts() -> list[str | bytes]:
    """The key of the programs file: its format, the engine's constants and the source of the module
    that makes the programs faster (a program made by another version of it is not read)."""
    if _ENGINE is None:
        return [FORMAT]
    sre = _ENGINE[0]
    first_chars = diskcache.module_source(str(Path(__file__).with_name("regex_first_chars.py")))
    return [FORMAT, str(sre.MAGIC), str(sre.CODESIZE), str(sre.MAXREPEAT), str(sre.MAXGROUPS), first_chars]


def _kept() -> dict[Key, Program]:
    global _programs
    if _programs is None:
        _programs = diskcache.read(NAME, _parts(), dict) or {}
    return _programs


def _restored(key: Key) -> re.Pattern[str] | None:
    if _ENGINE is None:
        return None
    program = _kept().get(key)
    if program is None:
        return None
    try:
        made: Any = _ENGINE[0].compile(key[0], *program)
    except (TypeError, ValueError, RuntimeError, OverflowError):  # a program the engine rejects
        return None
    return made if isinstance(made, re.Pattern) else None


def _compiled(key: Key) -> re.Pattern[str]:
    pattern, flags = key
    if _ENGINE is None or flags & re.DEBUG:
        return re.compile(pattern, flags)
    sre, parser, compiler = _ENGINE
    try:
        parsed = parser.parse(pattern, flags)
        program = _faster_program(parsed, flags, compiler)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args: Program = (
            flags | parsed.state.flags,
            program,
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
        made = sre.compile(pattern, *args)
    except (AttributeError, TypeError, ValueError, RuntimeError, OverflowError, IndexError):
        return re.compile(pattern, flags)  # the engine's internals differ: as without the cache
    if not isinstance(made, re.Pattern):
        return re.compile(pattern, flags)
    if len(_kept()) + len(_added) < LIMIT:
        if not _added:  # the first program of this process to keep
            atexit.register(save)
        _added[key] = args
    return made


def _faster_program(parsed: Any, flags: int, compiler: ModuleType) -> list[int]:
    """The program ``jdlens.regex_first_chars`` makes (case-blind alternatives opened with exact sets,
    first-character sets for blind searches); the compiler's own when that cannot be made."""
    try:
        return regex_first_chars.program(parsed, flags)
    except (ImportError, AttributeError, TypeError, ValueError, IndexError, KeyError, RecursionError):
        return [int(op) for op in compiler._code(parsed, flags)]


def save() -> None:
    """Add the programs compiled in this process to the file (merged with what another process may
    have added meanwhile); called at exit."""
    if not _added:
        return
    on_disk = diskcache.read(NAME, _parts(), dict) or {}
    merged = {**on_disk, **dict(list(_added.items())[: max(0, LIMIT - len(on_disk))])}
    _added.clear()
    if len(merged) > len(on_disk):
        diskcache.write(NAME, _parts(), merged)
