"""A normalized job-description text with its sections: what every extractor reads."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from jdlens.models import Evidence, Section, SectionKind
from jdlens.text.gate import find_all
from jdlens.text.normalize import normalize
from jdlens.text.sections import find_sections


@dataclass(frozen=True)
class Document:
    text: str
    sections: tuple[Section, ...]
    title: str | None = None
    _starts: list[int] = field(init=False, repr=False, compare=False)
    _kinds: tuple[SectionKind, ...] = field(init=False, repr=False, compare=False)
    _breaks: list[int] = field(init=False, repr=False, compare=False)
    lower: str = field(init=False, repr=False, compare=False)
    # What an extractor works out once per document and reads again (the need of each list block),
    # under the extractor module's name.
    memo: dict[str, object] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [s.start for s in self.sections])
        object.__setattr__(self, "_kinds", tuple(s.kind for s in self.sections))
        object.__setattr__(self, "_breaks", find_all(self.text, "\n"))
        object.__setattr__(self, "lower", self.text.lower())

    def section_at(self, pos: int) -> Section | None:
        i = bisect_right(self._starts, pos) - 1
        return self.sections[i] if i >= 0 else None

    def kind_at(self, pos: int) -> SectionKind | None:
        # ``section_at(pos).kind``, read from the kinds in order (called for every mention and evidence)
        i = bisect_right(self._starts, pos) - 1
        return self._kinds[i] if i >= 0 else None

    def evidence(self, start: int, end: int) -> Evidence:
        # Built from trusted values: skip validation on this hot path.
        i = bisect_right(self._starts, start) - 1
        kind = self._kinds[i] if i >= 0 else None
        return Evidence.trusted(text=self.text[start:end], start=start, end=end, section=kind)

    def line_bounds(self, pos: int) -> tuple[int, int]:
        """Start and end of the line holding ``pos`` (a look-up in the line-break index, not a scan)."""
        i = bisect_left(self._breaks, pos)
        start = self._breaks[i - 1] + 1 if i > 0 else 0
        end = self._breaks[i] if i < len(self._breaks) else len(self.text)
        return start, end


def make_document(raw: str, title: str | None = None, camel_words: tuple[str, ...] = ()) -> Document:
    text = normalize(raw, camel_words)
    return Document(text=text, sections=tuple(find_sections(text)), title=title)
