"""The characters a match can start with, for the patterns whose search the regex compiler leaves blind.

CPython's regex engine searches a text in one of three ways, chosen by the pattern's information block:
it jumps to each occurrence of a literal prefix; it skips every character not in a set the match must
start with; or, when the compiler found neither, it tries the whole pattern at every position. The
compiler looks for that set only up to the first element: a pattern that opens with ``\\b``, ``^`` or a
look-around, or with a letter under ``re.IGNORECASE``, gets none, and most of the library's patterns
open so (``(?i)\\b(?:bachelor|master|...)``). Tried at each of a posting's few thousand positions, they
cost a third of an analysis's instructions.

``with_first_chars`` adds the set to such a program: the characters the first character of every
match must be among, read off the parsed pattern (zero-width elements skipped, alternatives and
optional parts joined; under ``re.IGNORECASE`` an ASCII letter's two cases and the four characters
that fold to one, ``FOLDS``: the Kelvin sign is a "k"). A pattern whose first character cannot be
told (``.``, a negated class, a group reference, an empty match) keeps its program. Inside a pattern,
the engine enters each alternative of a group only where the text's character fits it when the
alternative opens with a plain literal or set, but at every position it reaches when it opens with a
case-blind letter; ``program`` therefore also opens each case-blind alternative with the exact set
its first letter matches, read case-sensitively (``(?-i:[kK\u212a])`` for ``k``), and groups the
alternatives that open with the same character under one test of it.

None of this changes what matches: the set holds every character a match can start with, the exact
set matches what the case-blind letter does, and grouped alternatives are tried in the order they
were written; ``tests/test_regex_first_chars.py`` compares every pattern of the library, and
generated ones, with ``re.compile``'s.

It reads and writes the program as ``re._compiler`` makes it for this Python (3.11): the callers
(``jdlens.compiled_regex``) keep the plain program whenever anything here fails.
"""

from __future__ import annotations

import importlib
import re
from typing import Any


def _engine_module(name: str) -> Any:
    """One of the engine's modules, or None where this Python has none of that name (then every
    function here raises AttributeError, and ``compiled_regex`` keeps the compiler's own program)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


_SRE: Any = _engine_module("_sre")
_K: Any = _engine_module("re._compiler")
_C: Any = _engine_module("re._constants")
_P: Any = _engine_module("re._parser")

_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT) if _C else ()
_ZERO_WIDTH = (_C.AT, _C.ASSERT, _C.ASSERT_NOT) if _C else ()
_BIG_RANGE = 4096  # a class range this wide is not read character by character under IGNORECASE
# The characters besides its two ASCII cases that an ASCII letter matches under re.IGNORECASE (without
# re.ASCII): the dotted capital and the dotless small I, the Kelvin sign, the long s
# (tests/test_regex_first_chars.py reads them off the engine for every character).
FOLDS: dict[str, tuple[int, ...]] = {"i": (0x130, 0x131), "k": (0x212A,), "s": (0x17F,)}

Item = tuple[Any, Any]  # one element of a parsed pattern or of a character class: (opcode, argument)


def case_blind(code: int, flags: int) -> tuple[int, ...] | None:
    """Every character ``chr(code)`` matches under ``flags`` (which hold re.IGNORECASE): itself when it
    has no case, an ASCII letter's two cases and its ``FOLDS``; None for a non-ASCII letter."""
    if not _SRE.unicode_iscased(code):
        return (code,)
    if code >= 0x80:
        return None
    char = chr(code).lower()
    extra = () if flags & re.ASCII else FOLDS.get(char, ())
    return (ord(char), ord(char.upper()), *extra)


def _literal(code: int, flags: int, out: list[Item]) -> bool:
    """Add the characters that match ``chr(code)``; False when they cannot be told."""
    if not flags & re.IGNORECASE:
        out.append((_C.LITERAL, code))
        return True
    chars = case_blind(code, flags)
    if chars is None:
        return False
    out += [(_C.LITERAL, c) for c in chars]
    return True


def _class(items: list[Item], flags: int, out: list[Item]) -> bool:
    """Add the characters a character class matches; False when they cannot be told (a negated class)."""
    for op, arg in items:
        if op is _C.LITERAL:
            if not _literal(arg, flags, out):
                return False
        elif op is _C.RANGE:
            low, high = arg
            out.append((op, arg))
            if flags & re.IGNORECASE:
                if high >= 0x80 and (
                    high - low >= _BIG_RANGE
                    or any(map(_SRE.unicode_iscased, range(max(low, 0x80), high + 1)))
                ):
                    return False
                for code in range(low, min(high, 0x7F) + 1):
                    if _SRE.unicode_iscased(code) and not _literal(code, flags, out):
                        return False
        elif op is _C.CATEGORY:  # \d, \w, \s and their negations read no case
            out.append((op, arg))
        else:
            return False
    return True


def _firsts(items: Any, flags: int, out: list[Item]) -> bool | None:
    """Add to ``out`` the characters a match of the parsed sequence ``items`` can start with. Returns
    whether the sequence can match the empty string (then what follows it can start a match too), or
    None when the characters cannot be told."""
    for op, arg in items:
        empty: bool | None
        if op is _C.LITERAL:
            return False if _literal(arg, flags, out) else None
        if op is _C.IN:
            return False if _class(arg, flags, out) else None
        if op in _ZERO_WIDTH:
            continue
        if op is _C.SUBPATTERN:
            _group, add, delete, sub = arg
            empty = _firsts(sub, (flags | add) & ~delete, out)
        elif op is _C.BRANCH:
            empty = False
            for alternative in arg[1]:
                either = _firsts(alternative, flags, out)
                if either is None:
                    return None
                empty = empty or either
        elif op in _REPEATS:
            inner = _firsts(arg[2], flags, out)
            empty = None if inner is None else inner or arg[0] == 0
        elif op is _C.ATOMIC_GROUP:
            empty = _firsts(arg, flags, out)
        else:  # any character, a negated literal, a group reference, a conditional
            return None
        if empty is None or not empty:
            return empty
    return True


def first_chars(parsed: Any, flags: int) -> list[Item] | None:
    """The characters every match of the parsed pattern starts with, as character-class items, or None
    when they cannot be told (or the pattern can match the empty string)."""
    flags |= parsed.state.flags
    if flags & re.LOCALE:
        return None
    out: list[Item] = []
    empty = _firsts(parsed.data, flags, out)
    return out if empty is False and out else None


def with_first_chars(program: list[int], parsed: Any, flags: int) -> list[int]:
    """``program`` (``re._compiler._code(parsed, flags)``) with a first-character set in its information
    block when the compiler gave it neither a literal prefix nor a set; else ``program`` itself."""
    if program[0] != _C.INFO or program[2] & (_C.SRE_INFO_PREFIX | _C.SRE_INFO_CHARSET):
        return program
    low, high = program[3], program[4]
    chars = first_chars(parsed, flags) if low > 0 else None
    if chars is None:
        return program
    charset, _ = _K._optimize_charset(chars)
    info = [_C.INFO, 0, _C.SRE_INFO_CHARSET, low, high]
    _K._compile_charset(charset, flags | parsed.state.flags, info)
    info[1] = len(info) - 1
    return [int(op) for op in info] + program[1 + program[1] :]


def _opens_with_set(alternative: Any, flags: int) -> Any:
    """The alternative with its first element, an ASCII letter matched under re.IGNORECASE, written
    as the set of characters that letter matches, read case-sensitively: ``(?-i:[kK\u212a])`` for a
    case-blind ``k``. The engine tries an alternative that opens with a plain literal or set only where
    the text's character is among them; one that opens with a case-blind literal it enters at every
    position."""
    if not alternative.data or not flags & re.IGNORECASE or flags & re.LOCALE:
        return alternative
    op, arg = alternative.data[0]
    chars = case_blind(arg, flags) if op is _C.LITERAL else None
    if chars is None or len(chars) < 2:
        return alternative
    exact = _P.SubPattern(alternative.state, [(_C.IN, [(_C.LITERAL, c) for c in chars])])
    first = (_C.SUBPATTERN, (None, 0, re.IGNORECASE, exact))
    return _P.SubPattern(alternative.state, [first, *alternative.data[1:]])


def _flattened(alternatives: list[Any]) -> list[Any]:
    """The alternatives, each that is only a plain group of alternatives (``(?:a|b)``) replaced by its own
    alternatives, in order: the same tries in the same order."""
    out: list[Any] = []
    for alternative in alternatives:
        data = alternative.data
        if len(data) == 1 and data[0][0] is _C.SUBPATTERN and data[0][1][:3] == (None, 0, 0):
            inner = data[0][1][3].data
            if len(inner) == 1 and inner[0][0] is _C.BRANCH:
                out += _flattened(inner[0][1][1])
                continue
        out.append(alternative)
    return out


_SMALL_SET = 64  # a class of at most this many characters is compared with the others as a set


def _opening_set(alternative: Any, flags: int) -> frozenset[int] | None:
    """The characters an alternative's first element matches, when it is one character read as itself:
    a literal or a class of literals and short ranges (case-sensitive, or without cased characters), or
    the exact set ``_opens_with_set`` writes; else None."""
    if not alternative.data:
        return None
    op, arg = alternative.data[0]
    ignore = bool(flags & re.IGNORECASE)
    if op is _C.SUBPATTERN and arg[:3] == (None, 0, re.IGNORECASE) and len(arg[3].data) == 1:
        op, arg = arg[3].data[0]
        ignore = False
    codes: set[int] = set()
    items = [(op, arg)] if op is _C.LITERAL else arg if op is _C.IN else None
    for item_op, item in items or ():
        if item_op is _C.LITERAL:
            codes.add(item)
        elif item_op is _C.RANGE and item[1] - item[0] < _SMALL_SET:
            codes.update(range(item[0], item[1] + 1))
        else:
            return None
    if not codes or (ignore and any(map(_SRE.unicode_iscased, codes))):
        return None
    return frozenset(codes)


def _by_first_char(alternatives: list[Any], flags: int) -> list[Any]:
    """The alternatives grouped by the character they open with: one alternative per opening set,
    which reads that character once and then tries, in their order, what follows it in each
    alternative that opens with it. The engine then passes over a group whose set does not hold the
    text's character in one test, instead of one per alternative. Only when every alternative opens
    with one character and any two opening sets are the same or share none: at any position the
    alternatives that can match are those of one group, tried in the order they were written."""
    sets = [_opening_set(a, flags) for a in alternatives]
    if len(alternatives) < 3 or any(s is None for s in sets) or len(set(sets)) == len(sets):
        return alternatives
    groups: dict[frozenset[int], list[Any]] = {}
    for opening, alternative in zip(sets, alternatives, strict=True):
        assert opening is not None
        if any(opening != other and opening & other for other in groups):
            return alternatives
        groups.setdefault(opening, []).append(alternative)
    out = []
    for members in groups.values():
        first, state = members[0].data[0], members[0].state
        rests = [_P.SubPattern(state, m.data[1:]) for m in members]
        tail = rests[0].data if len(rests) == 1 else [(_C.BRANCH, (None, rests))]
        out.append(_P.SubPattern(state, [first, *tail]))
    return out


def _with_branch_sets(pattern: Any, flags: int) -> Any:
    """A copy of the parsed ``pattern`` with every alternative opened as ``_opens_with_set`` writes it."""
    data = []
    for op, arg in pattern.data:
        if op is _C.SUBPATTERN:
            group, add, delete, sub = arg
            arg = (group, add, delete, _with_branch_sets(sub, (flags | add) & ~delete))
        elif op is _C.BRANCH:
            opened = [_opens_with_set(_with_branch_sets(a, flags), flags) for a in _flattened(arg[1])]
            arg = (arg[0], _by_first_char(opened, flags))
        elif op in _REPEATS:
            arg = (arg[0], arg[1], _with_branch_sets(arg[2], flags))
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            arg = (arg[0], _with_branch_sets(arg[1], flags))
        elif op is _C.ATOMIC_GROUP:
            arg = _with_branch_sets(arg, flags)
        elif op is _C.GROUPREF_EXISTS:
            no = None if arg[2] is None else _with_branch_sets(arg[2], flags)
            arg = (arg[0], _with_branch_sets(arg[1], flags), no)
        data.append((op, arg))
    return _P.SubPattern(pattern.state, data)


def program(parsed: Any, flags: int) -> list[int]:
    """The engine's program for the parsed pattern: ``re._compiler._code(parsed, flags)``, but that
    each case-blind alternative opens with the exact set of characters its first letter matches, and
    that a search the compiler leaves blind is given the characters its matches start with."""
    branched = _with_branch_sets(parsed, flags | parsed.state.flags)
    return with_first_chars([int(op) for op in _K._code(branched, flags)], branched, flags)
