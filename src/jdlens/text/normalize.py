"""Turn HTML, Markdown, bulleted plain text or scraped text with lost line breaks into clean lines.

All later offsets point into the string this module returns.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import yaml

_BLOCK_TAGS = re.compile(
    r"(?i)<\s*(?:br|/p|p|/div|div|/h[1-6]|h[1-6]|/ul|ul|/ol|ol|/tr|tr|hr|/li|/section|section)\b[^>]*>"
)
_LI_TAG = re.compile(r"(?i)<\s*li\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]{0,400}>")
_HTML_HINT = re.compile(
    r"(?i)<\s*(?:p|br|div|li|ul|ol|h[1-6]|a|b|i|strong|em|span)\b|&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);"
)
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_HEADING = re.compile(r"(?m)^\s{0,3}#{1,6}\s+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_BULLET = re.compile(r"(?m)^[ \t]*(?:[•●▪◦‣∙·■□➢➤►▶✓✔\-\*–—]|\d{1,2}[.)])[ \t]+")
_PUNCT_GLUE = re.compile(
    r"(?:(?<=[a-z][.!?:;])|(?<=[a-z][.!?:;]['\")\]])|(?<=[A-Za-z0-9][)\]'\"][.!?:;]))(?=[A-Z][a-z])"
    r"|(?:(?<=[a-z]{2})|(?<=[a-z][.!?:;]))(?=\d{1,2}\s?\+?\s*(?:years?|yrs?)\b)"  # "Looking For5+ years"
)
_CAMEL = re.compile(r"\b[A-Za-z]*(?:[a-z][A-Z]|[A-Z]{2}[a-z])[A-Za-z]*")
_TRANSITION = re.compile(
    r"(?<=[a-z]{3})(?=[A-Z])"  # "systemsWork", "experienceAWS"
    r"|(?<=[a-z]{2})(?=[A-Z][a-z])"  # "UsWe"
    r"|(?<=\b[A-Z][a-z])(?=[A-Z][a-z])"  # "DoArchitect"
    r"|(?<=[A-Z])(?=[A-Z][a-z]{2,})"  # "Java and CFamiliar", "NLPExperience"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u2013": "-", "\u2014": "-"})


@lru_cache(maxsize=1)
def keep_camel() -> tuple[str, ...]:
    """Camel-case words never to split (data/camel_words.yaml)."""
    raw = resources.files("jdlens.text.data").joinpath("camel_words.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(raw)["words"])


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:20000]))


def strip_html(text: str) -> str:
    text = _LI_TAG.sub("\n• ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub(" ", text)
    return html.unescape(text)


def strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub("", text)
    return _MD_EMPH.sub(r"\2", text)


@lru_cache(maxsize=8)
def _protected_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in alts), re.I)


def _split_camel_token(token: str, protected: re.Pattern[str]) -> str:
    keep = [(m.start(), m.end()) for m in protected.finditer(token)]
    out, last = [], 0
    for m in _TRANSITION.finditer(token):
        i = m.start()
        if any(s < i < e for s, e in keep):
            continue
        out.append(token[last:i])
        last = i
    out.append(token[last:])
    return "\n".join(out)


def unglue(text: str, camel_words: Iterable[str] = ()) -> str:
    """Restore line breaks lost by scrapers: "perception systemsWork closely" -> two lines."""
    protected = _protected_re(keep_camel() + tuple(camel_words))
    text = _PUNCT_GLUE.sub("\n", text)
    return _CAMEL.sub(lambda m: _split_camel_token(m.group(0), protected), text)


def tidy_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def normalize(raw: str, camel_words: Iterable[str] = ()) -> str:
    """Clean text for analysis: tags and entities gone, bullets unified, glued words split."""
    text = raw.translate(_QUOTES)
    if looks_like_html(text):
        text = strip_html(text)
    text = strip_markdown(text)
    text = _BULLET.sub("• ", text)
    text = unglue(text, camel_words)
    return tidy_lines(text)
