"""Fast pre-checks for keyword-style regular expressions.

A pattern such as ``\\b(?:publish(?:ing|ed)?|neurips|novel research)\\b`` can only match where one of
its alternatives' leading words occurs. ``str.__contains__`` finds those words far faster than the
regex engine scans a long text, so the regex runs only on texts that contain one of them.
"""

from __future__ import annotations

import bisect
import re
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Iterator, Sequence
from typing import Any, AnyStr

import ahocorasick

from jdlens.compiled_regex import compile_pattern

_META = set("\\.^$*+?{}[]()|")
# Characters Python's ``re.IGNORECASE`` matches with an ASCII letter although their lower case is not
# that letter: dotted and dotless i, the long s, the Kelvin sign.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def gate_text(text: str) -> str | None:
    """``text`` lower-cased with every offset kept, for finding a pattern's gate words in before trying
    the pattern on ``text`` itself (whatever its flags); None when lower-casing moves offsets or ``text``
    holds a character that ``re.IGNORECASE`` reads as an ASCII letter (then only the pattern can tell)."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII)):
        return None
    return low


def _split_top(pattern: str) -> list[str]:
    """Top-level alternatives of ``pattern``."""
    parts, depth, current, i = [], 0, [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    parts.append("".join(current))
    return parts


def _unwrap(pattern: str) -> str:
    body = pattern
    for prefix in ("(?i)", "\\b"):
        if body.startswith(prefix):
            body = body[len(prefix) :]
    if body.startswith("(?:"):
        end = _group_end(body, 0)
        if body[end:] in ("", "\\b"):
            return body[3 : end - 1]
    return body


def _group_end(text: str, start: int) -> int:
    """Index just past the group that opens at ``start``."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
        if depth == 0:
            return i
    return len(text)


def _skip_zero_width(alternative: str) -> str:
    """``alternative`` without the word boundaries and look-behinds it opens with: they consume nothing,
    so the word after them starts the match."""
    alt = alternative
    while True:
        if alt.startswith("\\b"):
            alt = alt[2:]
        elif alt.startswith(("(?<!", "(?<=")) and not any(c in alt[: _group_end(alt, 0)] for c in "[\\"):
            alt = alt[_group_end(alt, 0) :]  # a look-behind of plain characters (no class to miscount)
        else:
            return alt


def _leading_words(alternative: str) -> list[str] | None:
    """Lower-case words one of which starts every match of ``alternative``."""
    alt = _skip_zero_width(alternative)
    if alt.startswith("(?:"):
        end = _group_end(alt, 0)
        if alt[end : end + 1] in ("?", "*", "{"):
            return None
        words: list[str] = []
        for inner in _split_top(alt[3 : end - 1]):
            found = _leading_words(inner)
            if found is None:
                return None
            words.extend(found)
        return words
    out = []
    for c in alt:
        if c in _META:
            break
        out.append(c)
    word = "".join(out)
    if alt[len(word) : len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]  # a quantifier makes the literal's last character optional
    return [word.lower()]


def literal_gate(pattern: str, min_len: int = 3) -> tuple[str, ...] | None:
    """Words one of which any match must contain, or None when no such set can be read off."""
    words: list[str] = []
    for alternative in _split_top(_unwrap(pattern)):
        found = _leading_words(alternative)
        if found is None:
            return None
        words.extend(found)
    if any(len(w.strip()) < min_len for w in words):
        return None
    return tuple(dict.fromkeys(words))


class GatedPattern:
    """A compiled regex that is only tried where one of its leading words occurs.

    Every match of the pattern starts with one of the words of its gate (``literal_gate``), so the
    regex is tried, anchored, only at the places ``str.find`` finds those words, instead of at every
    position of a long text: the same matches, in the same order, as ``regex.search`` and
    ``regex.finditer``. Texts must be lower-cased (the gate compares lower-case words).
    """

    __slots__ = ("_words", "gate", "regex")

    def __init__(self, pattern: str, flags: int = 0, *, min_len: int = 3) -> None:
        self.regex = compile_pattern(pattern, flags)
        self.gate = literal_gate(pattern, min_len)
        # a word that opens with another gate word is found wherever that one is: look for the shorter only
        words = self.gate or ()
        self._words = tuple(w for w in words if not any(o != w and w.startswith(o) for o in words))

    def _starts(self, text: str, gate: tuple[str, ...]) -> list[int]:
        """Every position where a word of the gate occurs, in order."""
        found: set[int] = set()
        for word in gate:
            i = text.find(word)
            while i >= 0:
                found.add(i)
                i = text.find(word, i + 1)
        return sorted(found)

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is None:
            return self.regex.search(text)
        for start in self._starts(text, self._words):
            m = self.regex.match(text, start)
            if m:
                return m
        return None

    def search_text(self, text: str) -> re.Match[str] | None:
        """``regex.search(text)`` for text in any case: the gate's words are found in the lower-cased text
        (``gate_text``) and the pattern is tried, anchored, on ``text`` itself at those places."""
        low = gate_text(text) if self.gate is not None else None
        if low is None or self.gate is None:
            return self.regex.search(text)
        for start in self._starts(low, self._words):
            m = self.regex.match(text, start)
            if m:
                return m
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches ``regex.finditer`` gives (none is empty: each starts with a word of the gate)."""
        if self.gate is None:
            yield from self.regex.finditer(text)
            return
        end = 0
        for start in self._starts(text, self._words):
            if start < end:
                continue
            m = self.regex.match(text, start)
            if m:
                end = m.end()
                yield m


class GateIndex:
    """Where a gated pattern's words occur in one text, found once, so that the pattern can be searched
    in many spans of that text (a resume's statements) without looking for its words in each."""

    __slots__ = ("_pattern", "_starts", "_text")

    def __init__(self, pattern: GatedPattern, text: str, starts: list[int] | None = None) -> None:
        """``starts``: where the pattern's words occur in ``text``, when already found (``GateScan``)."""
        self._pattern, self._text = pattern, text
        if starts is None:
            low = gate_text(text) if _ascii_gate(pattern) else None
            starts = None if low is None else pattern._starts(low, pattern._words)
        self._starts = starts

    def search(self, span: str, start: int) -> re.Match[str] | None:
        """``pattern.regex.search(span)`` for ``span`` = the text from ``start`` (else the plain search):
        tried, anchored, at the places of the gate's words inside it."""
        if self._starts is None or self._text[start : start + len(span)] != span:
            return self._pattern.regex.search(span)
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, start + len(span))
        for at in self._starts[lo:hi]:
            m = self._pattern.regex.match(span, at - start)
            if m:
                return m
        return None

    def holders(self, spans: Sequence[tuple[str, int]]) -> list[bool]:
        """For each ``(span, start)``, whether ``search(span, start)`` finds a match. Spans ordered by
        start and apart from each other (a resume's statements) are tried at the pattern's words with one
        walk over the words' places instead of a bisection per span; any other spans one by one."""
        starts = self._starts
        ordered = all(spans[i][1] + len(spans[i][0]) <= spans[i + 1][1] for i in range(len(spans) - 1))
        if starts is None or not ordered:
            return [self.search(span, start) is not None for span, start in spans]
        text, match = self._text, self._pattern.regex.match
        found: list[bool] = []
        i, n = 0, len(starts)
        for span, start in spans:
            end = start + len(span)
            if text[start:end] != span:
                found.append(self._pattern.regex.search(span) is not None)
                continue
            while i < n and starts[i] < start:
                i += 1
            j, hit = i, False
            while j < n and starts[j] < end:
                if match(span, starts[j] - start):
                    hit = True
                    break
                j += 1
            found.append(hit)
        return found


def _ascii_gate(pattern: GatedPattern) -> bool:
    return pattern.gate is not None and all(w.isascii() for w in pattern.gate)


class GateScan:
    """The words of several gated patterns found in one text with one Aho-Corasick pass, instead of a
    ``str.find`` pass per word: the ``GateIndex`` of each pattern, as ``GateIndex(pattern, text)`` makes
    it (a resume's checks look for some fifty words in every resume)."""

    __slots__ = ("_automaton", "_patterns", "_scanned")

    def __init__(self, patterns: Sequence[GatedPattern]) -> None:
        self._patterns = tuple(patterns)
        self._scanned = tuple(_ascii_gate(p) for p in self._patterns)
        owners: dict[str, list[int]] = {}
        for i, pattern in enumerate(self._patterns):
            for word in pattern._words if self._scanned[i] else ():
                owners.setdefault(word, []).append(i)
        self._automaton = ahocorasick.Automaton()
        for word, held_by in owners.items():
            self._automaton.add_word(word, (len(word) - 1, tuple(held_by)))
        if owners:
            self._automaton.make_automaton()

    def indexes(self, text: str) -> list[GateIndex]:
        """One ``GateIndex`` per pattern, in order."""
        low = gate_text(text) if any(self._scanned) else None
        if low is None:
            return [GateIndex(p, text) for p in self._patterns]
        found: list[set[int]] = [set() for _ in self._patterns]
        if len(self._automaton):
            for end, (back, held_by) in self._automaton.iter(low):
                for i in held_by:
                    found[i].add(end - back)
        return [
            GateIndex(p, text, sorted(found[i]) if self._scanned[i] else None)
            for i, p in enumerate(self._patterns)
        ]


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)


def _required_in(items: Sequence[Any], min_len: int) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains: of every such set the
    sequence offers (a run of plain characters; a group, an alternation or a repeat that must occur;
    a run that goes on in each alternative after it), the one whose shortest string (without its
    spaces at either end) is longest; a group that folds case offers none (its strings would not be
    its own). None when the sequence offers none."""
    best: frozenset[str] | None = None

    def score(words: frozenset[str]) -> tuple[int, int]:
        return min(len(w.strip()) for w in words), -len(words)

    def offer(words: frozenset[str] | None) -> None:
        nonlocal best
        if words and score(words)[0] >= min_len and (best is None or score(words) > score(best)):
            best = words

    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre_constants.LITERAL:
            run.append(chr(arg))
            continue
        text = "".join(run)
        offer(frozenset([text]))
        run = []
        if op is sre_constants.SUBPATTERN:
            if not arg[1] & re.IGNORECASE:  # a group that folds case offers no word of its own
                offer(_required_in(arg[3], min_len))
        elif op is sre_constants.BRANCH:
            branches = [_required_in(alternative, min_len) for alternative in arg[1]]
            if all(branches):
                offer(frozenset().union(*branches))  # type: ignore[arg-type]
            if text:
                # "not (?:required|necessary)" holds "not required" or "not necessary"; the parser also
                # moves the common start of alternatives before them ("years?|yrs?" reads "y(?:ears?|rs?)")
                offer(frozenset(text + _leading(alternative) for alternative in arg[1]))
        elif op in _REPEATS and arg[0] >= 1:
            offer(_required_in(arg[2], min_len))
    return best


def _leading(items: Sequence[Any]) -> str:
    """The plain characters every match of the parsed sequence ``items`` opens with."""
    out = []
    for op, arg in items:
        if op is not sre_constants.LITERAL:
            break
        out.append(chr(arg))
    return "".join(out)


def required_words(pattern: re.Pattern[str], min_len: int = 3) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains, wherever it stands in the match (each
    at least ``min_len`` characters besides its spaces at either end), or None when none can be read off
    (or the pattern folds case): a text that holds none of them holds no match."""
    if pattern.flags & re.IGNORECASE:
        return None
    words = _required_in(sre_parser.parse(pattern.pattern, pattern.flags), min_len)
    if words is None:
        return None
    # a string that holds another is found wherever that one is: look for the shorter only
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


class WordGatedPattern:
    """A compiled regex tried only on texts that hold one of the strings every match of it contains
    (``required_words``, wherever they stand in the match), found by one Aho-Corasick pass: the same
    matches as the regex's own ``finditer`` and ``search``. Worth it where most texts hold none of the
    words and the regex is slow (many alternatives tried at every word start)."""

    __slots__ = ("_automaton", "regex", "words")

    def __init__(self, regex: re.Pattern[str], min_len: int = 3) -> None:
        self.regex = regex
        self.words = required_words(regex, min_len)
        self._automaton: ahocorasick.Automaton | None = None
        if self.words:
            self._automaton = ahocorasick.Automaton()
            for word in self.words:
                self._automaton.add_word(word, word)
            self._automaton.make_automaton()

    def may_match(self, text: str) -> bool:
        """False only when ``text`` holds none of the words (then the regex cannot match it)."""
        if self._automaton is None:
            return True
        for _ in self._automaton.iter(text):
            return True
        return False

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text) if self.may_match(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text) if self.may_match(text) else None


class StartGatedPattern:
    """A compiled regex every match of which starts with one of some given words, in any case (a
    pattern of names, such as the fields of study): tried, anchored, only where one of the words
    starts in the lower-cased text (``gate_text``), found by one Aho-Corasick pass, instead of at every
    position. The same matches as the regex's ``finditer``; a text ``gate_text`` cannot read is
    scanned by the regex itself. The words must be ASCII (their lower case is then their only fold)."""

    __slots__ = ("_automaton", "regex")

    def __init__(self, regex: re.Pattern[str], words: Sequence[str]) -> None:
        if not words or not all(w and w.isascii() for w in words):
            raise ValueError("StartGatedPattern needs non-empty ASCII words")
        self.regex = regex
        self._automaton = ahocorasick.Automaton()
        for word in {w.lower() for w in words}:
            self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()

    def starts(self, text: str) -> list[int] | None:
        """Where a word starts in ``text`` (any case), in order; None when ``gate_text`` cannot tell."""
        low = gate_text(text)
        if low is None:
            return None
        return sorted({end - size + 1 for end, size in self._automaton.iter(low)})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return finditer_at(self.regex, text, self.starts(text))


def find_all(text: AnyStr, needle: AnyStr) -> list[int]:
    """Every offset where ``needle`` occurs in ``text`` (overlapping ones too), by ``str.find``."""
    found = []
    i = text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


_DIGITS_ONLY = bytes(ord("0") if 48 <= b <= 57 else ord(" ") for b in range(256))  # "0"-"9"


def digit_run_starts(text: str) -> list[int]:
    """Where a run of ASCII digits starts, and every non-ASCII character (any of which may be a digit
    to ``\\d``): every place a match opening with a digit not preceded by a word character can start.
    The text is read as bytes, each ASCII digit as "0" and every other character as a space, so the
    runs are the places of b" 0": found by ``bytes.find``, far faster than a pattern tried at every
    character (the regex engine's way)."""
    plain = text.replace("•", " ")  # a bullet is no digit, and most resumes are ASCII but for their bullets
    marks = plain.encode("ascii", "replace")  # every other non-ASCII character reads as "?"
    found = [] if plain.isascii() else find_all(marks, b"?")
    marks = marks.translate(_DIGITS_ONLY)
    found += [0] if marks[:1] == b"0" else []
    found += [i + 1 for i in find_all(marks, b" 0")]
    return found


def finditer_at(pattern: re.Pattern[str], text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the pattern tried only at ``starts`` (in order; every position when
    None). The same matches when no match of the pattern starts elsewhere and none is empty."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)) is not None:
            end = m.end()
            yield m
