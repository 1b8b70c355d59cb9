"""One job description from a path or standard input, as text (the reader: ``jdlens.sources.reader``)."""

from __future__ import annotations

from jdlens.sources.reader import read_source


def read_text_source(source: str, *, encoding: str | None = None) -> str:
    """The text of a posting file (any format the reader knows), or of standard input for ``-``."""
    return read_source(source, encoding=encoding).text
