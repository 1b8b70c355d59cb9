"""Text that is not text: e-mail addresses, URLs, file names and phone numbers.

Skill matching reads a masked copy of the text in which each such span is blanked out with spaces,
so ``jobs@nhs.net`` never states .NET and ``https://github.com/pytorch`` never states PyTorch. The copy
has the same length as the text, so every offset found in it points into the original.

Every pattern is bounded (RFC 5321 sizes for e-mail parts) and starts only where its run starts, so
masking is linear in the text's length whatever the text.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EMAIL = r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+"
_URL = r"\b(?:https?://|ftp://|www\.)[^\s<>\"'()\[\]]{1,2000}"
# File names by extension. ".js" is left out on purpose: Node.js, Vue.js and D3.js are skills.
_FILE = (
    r"(?<![\w.-])[\w-]{1,100}\.(?:pdf|docx?|rtf|odt|txt|csv|tsv|xlsx?|pptx?|zip|gz|tar|png|jpe?g|gif|svg|"
    r"json|ya?ml|toml|ini|cfg|ipynb|exe|dll|html?)(?![\w.-])"
)
_PHONE = r"(?<![\w/+])\+?\(?\d[\d ().-]{7,18}\d(?![\w/])"
_MIN_PHONE_DIGITS = 9  # "2019-2021" and "100 - 150" are not phone numbers


@lru_cache(maxsize=4)
def _non_text(email: bool, url: bool) -> re.Pattern[str]:
    """One pattern of every kind, in this order; an e-mail address needs an "@" and a URL a "://" or
    "www.", so a text with neither is scanned without those alternatives (the same matches, found
    in about half the time: most postings hold no address)."""
    kinds = [_EMAIL] if email else []
    kinds += [_URL] if url else []
    return re.compile("(?i)" + "|".join([*kinds, _FILE, f"(?P<phone>{_PHONE})"]))


def non_text_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the e-mail addresses, URLs, file names and phone numbers in ``text``, in order."""
    spans = []
    url = "://" in text or "www." in text.lower()
    for m in _non_text("@" in text, url).finditer(text):
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
