"""The facade: every shell (CLI, web, Spark job) calls these functions and nothing deeper."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from jdlens.errors import InputError
from jdlens.models import JobAnalysis


def analyze(text: str, *, title: str | None = None, location: str | None = None) -> JobAnalysis:
    """Analyze one job description (HTML, Markdown or plain text).

    ``title`` and ``location`` are optional metadata fields a posting may carry beside its text.
    """
    from jdlens.analysis import analyze_document

    if text is None or not str(text).strip():
        raise InputError("JDL002", where="")
    return analyze_document(str(text), title=title, location=location)


def analyze_many(
    texts: Iterable[str], *, titles: Iterable[str | None] | None = None, workers: int | None = None
) -> Iterator[JobAnalysis | InputError]:
    """Analyze many texts in order using all cores; a bad text yields its error instead of stopping."""
    from jdlens.backends.local import analyze_parallel

    return analyze_parallel(texts, titles=titles, workers=workers)
