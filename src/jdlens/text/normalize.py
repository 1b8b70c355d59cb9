"""Turn HTML, Markdown, bulleted plain text or scraped text with lost line breaks into clean lines.

All later offsets point into the string this module returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import ahocorasick

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.sources.markup import html_to_text, looks_like_html
from jdlens.text.gate import find_all

_MD_EMPH = compile_pattern(r"(\*\*|__)(.+?)\1")
_MD_HEADING = compile_pattern(r"(?m)^\s{0,3}#{1,6}\s+")
# Link text and target are bounded and the text holds no "[": each "[" is tried once, in bounded work.
_MD_LINK = compile_pattern(r"\[([^\[\]]{1,500})\]\((?:[^)\[\]]{1,2000})\)")
# A decimal character reference of 8 or more significant digits names no character (the last is
# 1114111); html.unescape reads it as U+FFFD but fails on more than 4,300 digits.
_HUGE_ENTITY = compile_pattern(r"&#0*[1-9][0-9]{7,};?")
_SPACES = compile_pattern(
    r"[\t\u00a0\u2000-\u200b\u202f\u3000][ \t\u00a0\u2000-\u200b\u202f\u3000]*| [ \t\u00a0\u2000-\u200b\u202f\u3000]+"
)
_BULLET = compile_pattern(r"(?m)^[ \t]*(?:[•●▪◦‣∙·■□➢➤►▶✓✔\-\*–—]|\d{1,2}[.)])[ \t]+")
# The characters _SPACES reads as a run when alone (a plain space only when doubled).
_SPACE_CHARS = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200C))) + "\u202f\u3000"
# Each alternative starts with the character it consumes, so the scan is fast; the replacement puts
# a line break after punctuation ("products.1+ years", "(AWS).Nice to have") or before a digit
# ("Looking For5+ years").
_PUNCT_GLUE = compile_pattern(
    r"[.!?:;)\]'\"](?:(?<=[a-z][.!?:;])|(?<=[a-z][.!?:;]['\")\]])|(?<=[A-Za-z0-9][)\]'\"][.!?:;]))(?=[A-Z][a-z])"
    r"|[.!?:;](?<=[a-z][.!?:;])(?=\d{1,2}\s?\+?\s*(?:years?|yrs?)\b)"
    r"|\d(?<=[a-z]{2}\d)(?=\d?\s?\+?\s*(?:years?|yrs?)\b)"
)
_CAMEL_SEED = compile_pattern(r"[a-z][A-Z]|[A-Z]{2}[a-z]")  # what _camel_tokens finds, by bytes.find
_TRANSITION = compile_pattern(
    r"(?<=[a-z]{3})(?=[A-Z])"  # "systemsWork", "experienceAWS"
    r"|(?<=[a-z]{2})(?=[A-Z][a-z])"  # "UsWe"
    r"|(?<=\b[A-Z][a-z])(?=[A-Z][a-z])"  # "DoArchitect"
    r"|(?<=[A-Z])(?=[A-Z][a-z]{2,})"  # "Java and CFamiliar", "NLPExperience"
)
_FANCY = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u2013", "-"), ("\u2014", "-"))


def _plain_punctuation(text: str) -> str:
    for fancy, plain in _FANCY:
        if fancy in text:
            text = text.replace(fancy, plain)
    return text


# A text with fewer line breaks than one per this many characters lost its breaks when scraped.
GLUED_CHARS_PER_BREAK = 250


@lru_cache(maxsize=1)
def keep_camel() -> tuple[str, ...]:
    """Camel-case words never to split (data/camel_words.yaml)."""
    return tuple(load_yaml("jdlens.text.data", "camel_words.yaml")["words"])


def strip_html(text: str) -> str:
    """Visible text of HTML, read by the HTML parser in ``sources.html`` (scripts, styles, hidden parts dropped)."""
    return html_to_text(text)


def strip_markdown(text: str) -> str:
    # each pattern needs its character ("[", "#", "**" or "__"): a text without it is not scanned
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    return _MD_EMPH.sub(r"\2", text) if "**" in text or "__" in text else text


@lru_cache(maxsize=8)
def _protector(words: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in {w.lower() for w in words if w}:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


def _split_camel_token(token: str, protected: ahocorasick.Automaton) -> str:
    keep = [(end - length + 1, end + 1) for end, length in protected.iter(token.lower())]
    out, last = [], 0
    for m in _TRANSITION.finditer(token):
        i = m.start()
        if any(s < i < e for s, e in keep):
            continue
        out.append(token[last:i])
        last = i
    out.append(token[last:])
    return "\n".join(out)


def _glue_break(m: re.Match[str]) -> str:
    found = m.group(0)
    return "\n" + found if found.isdigit() else found + "\n"


# Each ASCII letter as b"a" (lower case) or b"A" (upper case), every other character as b" " (a
# non-ASCII one, encoded as "?", too): the seeds of camel-case words are the b"aA" and b"AAa" of it.
_CASE_BYTES = bytes(ord("a") if 97 <= b <= 122 else ord("A") if 65 <= b <= 90 else 32 for b in range(256))


def _camel_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the letter runs that hold a lower-to-upper transition ("systemsWork", "CFamiliar"): the
    runs of ASCII letters where ``_CAMEL_SEED`` matches, read with ``bytes.find`` from the text as
    ``_CASE_BYTES`` (no regex tried at every character)."""
    marks = text.encode("ascii", "replace").translate(_CASE_BYTES)
    spans: list[tuple[int, int]] = []
    for seed in sorted({*find_all(marks, b"aA"), *find_all(marks, b"AAa")}):
        if spans and seed < spans[-1][1]:
            continue
        end = marks.find(b" ", seed)
        spans.append((marks.rfind(b" ", 0, seed) + 1, len(text) if end < 0 else end))
    return spans


def unglue(text: str, camel_words: Iterable[str] = ()) -> str:
    """Restore line breaks lost by scrapers: "perception systemsWork closely" -> two lines."""
    protected = _protector(keep_camel() + tuple(camel_words))
    text = _PUNCT_GLUE.sub(_glue_break, text)
    parts, last = [], 0
    for start, end in _camel_tokens(text):
        parts.append(text[last:start])
        parts.append(_split_camel_token(text[start:end], protected))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _has_spaces(text: str) -> bool:
    """Whether ``_SPACES`` has anything to replace: a tab or wide space, or two spaces in a row."""
    return "  " in text or any(c in text for c in _SPACE_CHARS)


def tidy_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _has_spaces(text):
        text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def normalize(raw: str, camel_words: Iterable[str] = ()) -> str:
    """Clean text for analysis: tags and entities gone, bullets unified, glued words split."""
    text = _plain_punctuation(raw)
    if looks_like_html(text):
        text = strip_html(_HUGE_ENTITY.sub("\ufffd", text))
    text = strip_markdown(text)
    text = _bullets(text)
    if lost_line_breaks(text):
        text = unglue(text, camel_words)
    return tidy_lines(text)


def _bullets(text: str) -> str:
    """``_BULLET.sub("• ", text)``, tried at each line's start only (where the pattern's "^" can match, and
    no match crosses a line break) instead of at every position."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _BULLET.match(line)
        if m is not None:
            lines[i] = "• " + line[m.end() :]
    return "\n".join(lines)


def lost_line_breaks(text: str) -> bool:
    """True for scraped text whose line breaks were dropped (few breaks for its length)."""
    return text.count("\n") < len(text) / GLUED_CHARS_PER_BREAK
