"""Fast pre-checks for keyword-style regular expressions.

A pattern such as ``\\b(?:publish(?:ing|ed)?|neurips|novel research)\\b`` can only match where one of
its alternatives' leading words occurs. ``str.__contains__`` finds those words far faster than the
regex engine scans a long text, so the regex runs only on texts that contain one of them.
"""

from __future__ import annotations

import re

_META = set("\\.^$*+?{}[]()|")


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
    if body.startswith("(?:") and body.endswith((")", ")\\b")):
        inner = body[3 : body.rindex(")")]
        if len(_split_top(inner)) > 1 and inner.count("(") == inner.count(")"):
            return inner
    return body


def _leading_literal(alternative: str) -> str:
    alt = alternative[2:] if alternative.startswith("\\b") else alternative
    out = []
    for c in alt:
        if c in _META:
            break
        out.append(c)
    word = "".join(out)
    # A quantifier right after the literal makes its last character optional.
    rest = alt[len(word) :]
    if rest[:1] in ("?", "*", "{"):
        word = word[:-1]
    return word.lower()


def literal_gate(pattern: str, min_len: int = 3) -> tuple[str, ...] | None:
    """Words one of which any match must contain, or None when no such set can be read off."""
    words = tuple(_leading_literal(alt) for alt in _split_top(_unwrap(pattern)))
    if any(len(w.strip()) < min_len for w in words):
        return None
    return words


class GatedPattern:
    """A compiled regex that is only run on texts containing one of its leading words.

    Texts must be lower-cased (the gate compares lower-case words).
    """

    __slots__ = ("gate", "regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.regex = re.compile(pattern, flags)
        self.gate = literal_gate(pattern)

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and not any(word in text for word in self.gate):
            return None
        return self.regex.search(text)
