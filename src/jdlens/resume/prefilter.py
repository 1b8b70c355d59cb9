"""Words one of which every match of a regular expression holds, read off the pattern.

``text.gate.literal_gate`` reads the words a match opens with; a resume heading pattern such as
``(?:[a-z/-]+ ){0,2}experience`` opens with any word but always holds "experience". ``required_words``
reads, for each top-level alternative, a run of literal characters or a group of alternatives that
every match of that alternative holds somewhere (the run whose shortest word is longest), so a text
that holds none of the words cannot match and the pattern need not be tried on it. What cannot be
read for sure (inline flags past the start, escapes with arguments, a ``{`` that is no quantifier, an
alternative without a literal) gives None: then the pattern is tried everywhere, as without a prefilter.

A case-blind pattern (``re.IGNORECASE``, or ``(?i)`` at its start) gets its words in lower case, to be
looked for in the text lower-cased by ``text.gate.gate_text`` (which declines the few characters the
regex engine reads as an ASCII letter that lower-casing does not give: then the pattern must run).
"""

from __future__ import annotations

import re

import ahocorasick

from jdlens.compiled_regex import compile_pattern

_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("dDsSwW")
_QUANTIFIER = compile_pattern(r"\{(\d*)(?:(,)(\d*))?\}")
_LEADING_FLAGS = compile_pattern(r"\(\?([aiLmsux]+)\)")


class _Unreadable(Exception):
    """A construct whose matches the reader cannot vouch for."""


Words = frozenset[str]


def required_words(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` (compiled with ``flags``) holds, or None; in lower
    case for a case-blind pattern (all ASCII, else None)."""
    start = 0
    leading = _LEADING_FLAGS.match(pattern)
    if leading is not None:
        flags |= re.IGNORECASE if "i" in leading.group(1) else 0
        flags |= re.VERBOSE if "x" in leading.group(1) else 0
        start = leading.end()
    if flags & re.VERBOSE:  # whitespace and comments in the pattern are not what it matches
        return None
    try:
        words, end = _alternation(pattern, start)
    except _Unreadable:
        return None
    if end != len(pattern) or words is None:
        return None
    if flags & re.IGNORECASE:
        if not all(w.isascii() for w in words):
            return None
        words = frozenset(w.lower() for w in words)
    return tuple(sorted(words))


def _alternation(p: str, i: int) -> tuple[Words | None, int]:
    """The alternatives from ``i`` to the closing bracket (or the end): each must hold a word."""
    found: set[str] = set()
    readable = True
    while True:
        words, i = _sequence(p, i)
        if words is None:
            readable = False
        else:
            found |= words
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return (frozenset(found) if readable else None), i


def _sequence(p: str, i: int) -> tuple[Words | None, int]:
    """One alternative: its runs of literal characters and its groups, each a candidate set."""
    candidates: list[Words] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    while i < len(p) and p[i] not in "|)":
        kind, value, i = _atom(p, i)
        least, quantified, i = _quantifier(p, i)
        if kind == "char" and isinstance(value, str) and least >= 1:
            run.append(value)
            if quantified:  # repeated: the next character may be another repeat
                flush()
            continue
        flush()
        if kind == "group" and least >= 1 and isinstance(value, frozenset):
            candidates.append(value)
    flush()
    if not candidates:
        return None, i
    return max(candidates, key=_strength), i


def _strength(words: Words) -> tuple[int, int]:
    """A set is a better prefilter the longer its shortest word and the fewer its words."""
    return min(len(_squeezed(w)) for w in words), -len(words)


def _atom(p: str, i: int) -> tuple[str, str | Words | None, int]:
    """("char", c), ("other", None) for one unknown character or zero-width item, or ("group", words)."""
    c = p[i]
    if c == "\\":
        if i + 1 >= len(p):
            raise _Unreadable
        e = p[i + 1]
        if e in _ZERO_WIDTH_ESCAPES or e in _CLASS_ESCAPES:
            return "other", None, i + 2
        if e.isalnum():  # \n, \x41, \1 ...: escapes with arguments or meanings of their own
            raise _Unreadable
        return "char", e, i + 2
    if c == "[":
        return "other", None, _class_end(p, i)
    if c in ".^$":
        return "other", None, i + 1
    if c == "(":
        return _group(p, i)
    if c in "*+?{":
        raise _Unreadable
    return "char", c, i + 1


def _class_end(p: str, i: int) -> int:
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        if p[j] == "\\":
            j += 2
            continue
        if p[j] == "]":
            return j + 1
        j += 1
    raise _Unreadable


def _group(p: str, i: int) -> tuple[str, Words | None, int]:
    if p.startswith("(?:", i):
        body = i + 3
    elif p.startswith("(?P<", i):
        close = p.find(">", i)
        if close < 0:
            raise _Unreadable
        body = close + 1
    elif p.startswith(("(?=", "(?!"), i) or p.startswith(("(?<=", "(?<!"), i):
        # a look-around consumes nothing: what it holds need not be inside the match
        body = i + (4 if p[i + 2] == "<" else 3)
        _, end = _alternation(p, body)
        return "other", None, _closing(p, end)
    elif p.startswith("(?", i):  # inline flags, back-references by name, conditionals, comments
        raise _Unreadable
    else:
        body = i + 1
    words, end = _alternation(p, body)
    return "group", words, _closing(p, end)


def _closing(p: str, i: int) -> int:
    if i >= len(p) or p[i] != ")":
        raise _Unreadable
    return i + 1


def _quantifier(p: str, i: int) -> tuple[int, bool, int]:
    """The least number of repeats of the atom before ``i`` (1 without a quantifier), whether there is a
    quantifier, and the index past it and its lazy or possessive mark."""
    if i >= len(p) or p[i] not in "?*+{":
        return 1, False, i
    if p[i] == "{":
        m = _QUANTIFIER.match(p, i)
        if m is None:
            raise _Unreadable  # Python reads such a "{" as a literal: not worth the doubt
        least, end = int(m.group(1) or 0), m.end()
    else:
        least, end = (0 if p[i] in "?*" else 1), i + 1
    if end < len(p) and p[end] in "?+":
        end += 1
    return least, True, end


def _squeezed(word: str) -> str:
    return "".join(word.split())


class WordGate:
    """Whether a text may hold a match: one Aho-Corasick pass looks for the pattern's required words,
    written without whitespace, in a text written the same way, so a match whose spaces were removed
    or changed before the pattern ran is still found."""

    __slots__ = ("_automaton",)

    def __init__(self, words: tuple[str, ...]) -> None:
        squeezed = {_squeezed(w) for w in words}
        if "" in squeezed or not squeezed:
            raise ValueError("every word needs a character that is not whitespace")
        # a word holding another is found wherever that one is: look for the shorter only
        squeezed = {w for w in squeezed if not any(o != w and o in w for o in squeezed)}
        self._automaton = ahocorasick.Automaton()
        for word in sorted(squeezed):
            self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()

    def holds(self, squeezed: str) -> bool:
        """Whether ``squeezed`` (a text without whitespace) holds a word."""
        return next(self._automaton.iter(squeezed), None) is not None
