"""Text that is not text: e-mail addresses, URLs, file names and phone numbers.

Skill matching reads a masked copy of the text in which each such span is blanked out with spaces,
so ``jobs@nhs.net`` never states .NET and ``https://github.com/pytorch`` never states PyTorch. The copy
has the same length as the text, so every offset found in it points into the original.

Every pattern is bounded (RFC 5321 sizes for e-mail parts) and starts only where its run starts, so
masking is linear in the text's length whatever the text. The pattern is tried only at the places a
span can start (read out with ``str.find`` and ``bytes.translate``, not by the regex engine at every
character): the same spans, in a fifth of the time on a resume.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jdlens.compiled_regex import compile_pattern
from jdlens.text.gate import digit_run_starts, find_all, finditer_at, gate_text

_EMAIL = r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
_URL = r"\b(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]{1,2000}"
# File names by extension. ".js" is left out on purpose: Node.js, Vue.js and D3.js are skills.
_EXTENSIONS = "pdf|docx?|rtf|odt|txt|csv|tsv|xlsx?|pptx?|zip|gz|tar|png|jpe?g|gif|svg|json|ya?ml|toml|ini|cfg|ipynb|exe|dll|html?"
_LOCAL_PART, _FILE_STEM = 64, 100
_FILE = rf"(?<![\w.-])[\w-]{{1,{_FILE_STEM}}}\.(?:{_EXTENSIONS})(?![\w.-])"
_PHONE = r"(?<![\w/+])\+?\(?\d[\d ().-]{7,18}\d(?![\w/])"
_MIN_PHONE_DIGITS = 9  # "2019-2021" and "100 - 150" are not phone numbers


@lru_cache(maxsize=4)
def _non_text(email: bool, url: bool) -> re.Pattern[str]:
    """One pattern of every kind, in this order; an e-mail address needs an "@" and a URL a "://" or
    "www.", so a text with neither is scanned without those alternatives (the same matches, found
    in about half the time: most postings hold no address)."""
    kinds = [_EMAIL] if email else []
    kinds += [_URL] if url else []
    return compile_pattern("(?i)" + "|".join([*kinds, _FILE, f"(?P<phone>{_PHONE})"]))


# The places a match can start, each found without trying the pattern at every position: an e-mail
# address ends its local part (at most 64 characters) at an "@"; a file name runs at most 100 characters
# up to a "." and its extension; a phone number opens with "+", "(" or the first digit of a run; a URL
# opens with "http", "ftp://" or "www." (any case).
_FILE_DOT = compile_pattern(
    rf"\.(?i:{_EXTENSIONS})(?![\w.-])"
)  # opens with a literal ".": the scan jumps to each
_URL_OPENINGS = ("http", "ftp://", "www.")
_STARTS_PER_CHAR = 8  # more places than one per this many characters: scanning every position is cheaper


def _starts(text: str, email: bool, url: bool) -> list[int] | None:
    """Every position where a non-text span can start (and some where none does), in order; None when
    there are so many that scanning every position costs less (a text of "@"s, file names or non-ASCII
    characters) or when lower-casing the text moves offsets (then the URL openings cannot be found in it)."""
    found = digit_run_starts(text) + find_all(text, "+") + find_all(text, "(")
    for at in find_all(text, "@") if email else ():
        found.extend(range(max(0, at - _LOCAL_PART), at))
    for m in _FILE_DOT.finditer(text):
        found.extend(range(max(0, m.start() - _FILE_STEM), m.start()))
        if len(found) * _STARTS_PER_CHAR > len(text):
            return None
    if url:
        low = gate_text(text)
        if low is None:
            return None
        for opening in _URL_OPENINGS:
            found += find_all(low, opening)
    return sorted(set(found)) if len(found) * _STARTS_PER_CHAR <= len(text) else None


def non_text_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the e-mail addresses, URLs, file names and phone numbers in ``text``, in order."""
    spans = []
    email = "@" in text
    url = "://" in text or "www." in text.lower()
    for m in finditer_at(_non_text(email, url), text, _starts(text, email, url)):
        if m.group("phone") is not None and sum(c.isdigit() for c in m.group(0)) < _MIN_PHONE_DIGITS:
            continue
        spans.append(m.span())
    return spans


def mask_non_text(text: str) -> str:
    """``text`` with every non-text span replaced by as many spaces (same length, same offsets)."""
    spans = non_text_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(" " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)
