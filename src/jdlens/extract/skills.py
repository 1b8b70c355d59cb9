"""Find the skills a text states, exactly: Aho-Corasick over the taxonomy's aliases, then boundary,
ambiguity and overlap rules.

One automaton runs over a case-folded copy of the text: the aliases (``aliases``) in their folded
form, and the case-sensitive ones (``cs_aliases``) folded too, each place they report checked against
the text's own spelling. A hit survives when

* it does not sit in an e-mail address, URL, file name or phone number (these are masked first);
* its edges are word edges (no letter, digit, ``+`` or ``#`` beside it, no ``.x`` right after it, so
  ``Java`` never matches inside ``JavaScript`` and ``C`` never inside ``C++``);
* it is not swallowed by a longer overlapping hit (unless the longer skill implies it: "Azure ML"
  states Azure too);
* when the alias is ambiguous (``R``, ``Go``, ``Excel``, ``Spark`` ...), the text around it reads as a
  skill: a list of other skills beside it, a context word of that skill nearby, or a tool phrase
  ("experience with", "proficiency in") right before it, and no veto word next to it;
* when the skill is also a field of study, it is not named as the field of a degree.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from jdlens.budget import spend, spend_now
from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.diskcache import cached, module_source
from jdlens.taxonomy import Taxonomy, load_taxonomy
from jdlens.taxonomy.loader import compiled_parts, read_raw
from jdlens.taxonomy.schema import SkillEntry
from jdlens.text.document import Document
from jdlens.text.gate import GatedPattern
from jdlens.text.masks import mask_non_text

_LIST_SEP = compile_pattern(
    r"^\s*(?:[,/;&|+]|\band\b|\bor\b|\band/or\b|\(|\)|:|-|\bas well as\b|\bplus\b)[\s,/;&|(]*$", re.I
)
_TOOL_PHRASE = compile_pattern(
    r"(?:experience (?:with|in|using|of)|experienced (?:with|in)|proficien(?:t|cy) (?:in|with)|knowledge of|"
    r"familiar(?:ity)? with|expertise (?:in|with)|skilled in|skills in|fluen(?:t|cy) in|written in|built (?:with|in)|"
    r"using|use of|such as|e\.g\.,?|i\.e\.,?|including|languages?(?: like| such as)?|tools? like|like|"
    r"programming in|coding in|develop(?:ment)? in|background in|hands-on)\s*$",
    re.I,
)
# Every phrase of ``_TOOL_PHRASE`` ends with one of these words; in ASCII text (where the case-blind
# pattern reads every letter as itself) a text it finds ends, before its trailing whitespace, with one.
_TOOL_PHRASE_ENDS = (
    "with", "in", "using", "of", "as", "e.g.", "e.g.,", "i.e.", "i.e.,", "including", "language",
    "languages", "like", "hands-on",
)  # fmt: skip


def tool_phrase_before(before: str) -> bool:
    """Whether ``before`` ends with a tool phrase ("experience with", "such as"): ``_TOOL_PHRASE.search``,
    tried only when the text ends with one of the phrases' last words (``_TOOL_PHRASE_ENDS``)."""
    tail = before.rstrip()
    if tail.isascii() and not tail.lower().endswith(_TOOL_PHRASE_ENDS):
        return False
    return _TOOL_PHRASE.search(before) is not None


_DEGREE_CUE = compile_pattern(
    r"(?i)\b(?:degree|bachelor|master|ph\.?\s?d|doctorate|b\.?s\.?c?|m\.?s\.?c?|b\.?a\.?|m\.?a\.?|"
    r"major(?:ed|ing)?|graduate|undergraduate|diploma|field)s?\b"
)
_DEGREE_FIELD_INTRO = compile_pattern(
    r"(?i)\b(?:in|of)\s+(?:a\s+)?(?:related\s+)?(?:field\s+(?:such as|like)\s+)?"
)
_CONTEXT_WINDOW = 40  # the look-back for a tool phrase and the reach of a context word, each side
_LIST_GAP = 12
_BUDGET_EVERY = 32  # automaton hits between two reads of the CPU clock
_DEGREE_REACH = 160  # how far back a degree cue governs a field-of-study skill


class AliasInfo(NamedTuple):
    """What an automaton key stands for (a tuple: thousands of them load from the cache at start-up)."""

    skill_id: str
    alias: str
    ambiguous: bool
    case_sensitive: bool
    length: int


class KeyEntry(NamedTuple):
    """One alias under its automaton key: the alias as the haystack must spell it, and whether its key
    carries the word-edge space after it (the key's length in the padded haystack follows from both)."""

    surface: str
    padded_end: bool
    info: AliasInfo


class Hit(NamedTuple):
    """One surviving skill occurrence in a text (a tuple: cheap to build, thousands per posting)."""

    skill_id: str
    start: int
    end: int
    alias: str
    ambiguous: bool


# ``Hit(...)`` runs the named tuple's ``__new__`` written in Python; the automaton's loop builds each hit
# with ``tuple.__new__`` directly (the same object, in half the time).
_new_hit = tuple.__new__


def fold(text: str) -> str:
    """Case-fold for matching, same length as the input ('-', '_' and line breaks read as spaces)."""
    out = text.lower()
    if len(out) != len(text):  # rare characters whose lower() changes length
        out = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return out.replace("-", " ").replace("_", " ").replace("\n", " ")


def fold_alias(alias: str) -> str:
    return " ".join(fold(alias).split())


# Every byte that is not a word character (letter, digit, '_', '+', '#') reads as a space; so does
# '?', which stands for any non-ASCII character in ``edge_text``.
_EDGE_TABLE = bytes(
    c if (chr(c).isalnum() or chr(c) in "_+#") and c != ord("?") else ord(" ") for c in range(256)
)


def edge_text(text: str) -> str:
    """``text`` with every character that may not stand inside a word, and every non-ASCII one, as a
    space, offsets kept. The automaton runs over ``" " + edge_text(haystack) + " "`` with each alias
    written the same way and a space on each side whose edge must be a word edge, so it reports only
    places whose edges can be word edges, instead of every alias inside a longer word ("ros" in
    "across"); each place is then checked against the haystack itself. A character that is a word
    character keeps that reading when lower-cased, so the case-folded and the original text agree."""
    return text.encode("ascii", "replace").translate(_EDGE_TABLE).decode("ascii")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_+#"


class SkillMatcher:
    """Compiled matcher over a taxonomy; build once (``get_matcher()``), use from any thread."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._automaton = ahocorasick.Automaton()
        self._ctx_source: dict[str, str] = {}  # compiled on first use: most skills never need theirs
        self._ctx: dict[str, re.Pattern[str] | None] = {}
        self._veto_prev: dict[str, frozenset[str]] = {}
        self._veto_next: dict[str, tuple[str, ...]] = {}
        # the skills that are also fields of study: only their hits are read for a degree before them
        self._fields = frozenset(s.id for s in taxonomy.skills if s.field_of_study)
        for skill in taxonomy.skills:
            self._add_skill(skill)
        for skill in taxonomy.skills:  # after every folded alias: an edge form both share lists it first
            for alias in skill.cs_aliases:  # "R", "C", "Go" match by case only
                info = AliasInfo(skill.id, alias, alias in skill.ambiguous, True, len(alias))
                self._add(fold(alias), alias, info)
        self._automaton.make_automaton()
        self.camel_words = tuple(
            sorted({a for s in taxonomy.skills for a in (s.name, *s.aliases, *s.cs_aliases) if _is_camel(a)})
        )

    def _add_skill(self, skill: SkillEntry) -> None:
        """Add the skill's folded aliases (all but its case-sensitive ones), its context and veto words."""
        ambiguous = set(skill.ambiguous)
        for alias in {skill.name, *skill.aliases} - set(skill.cs_aliases):
            key = fold_alias(alias)
            if key:
                self._add(key, key, AliasInfo(skill.id, alias, alias in ambiguous, False, len(key)))
        words = [re.escape(fold_alias(w)) for w in skill.context]
        if words:
            self._ctx_source[skill.id] = r"(?<![\w+#])(?:" + "|".join(words) + r")(?![\w+#])"
        self._veto_prev[skill.id] = frozenset(fold_alias(w) for w in skill.veto_prev)
        self._veto_next[skill.id] = tuple(fold_alias(w) for w in skill.veto_next)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the taxonomy (``load_taxonomy`` owns it) or the compiled context patterns."""
        state = dict(self.__dict__)
        state["taxonomy"] = self.taxonomy.version
        state["_ctx"] = {}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        taxonomy = load_taxonomy()
        if state["taxonomy"] != taxonomy.version:
            raise ValueError("compiled matcher of another taxonomy version")
        self.__dict__.update(state, taxonomy=taxonomy)

    def context_pattern(self, skill_id: str) -> re.Pattern[str] | None:
        """The pattern of a skill's context words (compiled once, on first use), or None."""
        if skill_id not in self._ctx:
            source = self._ctx_source.get(skill_id)
            self._ctx[skill_id] = compile_pattern(source) if source is not None else None
        return self._ctx[skill_id]

    def _add(self, key: str, surface: str, info: AliasInfo) -> None:
        """Add an alias under the edge form (``edge_text``) of ``key``, the alias as the folded text
        spells it: a space before it when it starts with a word character, and after it when it ends
        with one (``_clean_edges`` then requires a non-word character there). ``surface`` is the alias
        as its haystack spells it: the folded text, or the text itself for a case-sensitive alias."""
        padded_end = _is_word_char(surface[-1])
        edge_key = (" " if _is_word_char(surface[0]) else "") + edge_text(key) + (" " if padded_end else "")
        entry = KeyEntry(surface, padded_end, info)
        existing = self._automaton.get(edge_key, None)
        self._automaton.add_word(edge_key, (*existing, entry) if existing else (entry,))

    def raw_hits(self, text: str, folded: str) -> list[Hit]:
        """Every alias occurrence with clean word edges (before ambiguity and overlap rules), by where
        they end (``_resolve_overlaps`` orders them by start).

        One pass over the edge form of the folded text serves the case-sensitive aliases too: the folded
        text reads as a space wherever the text itself does, but for a ``_`` (a word character, which
        ``_clean_edges`` then refuses beside the alias) and a non-ASCII character whose lower case is an
        ASCII letter (the Kelvin sign, a letter too), so it reports every place the text's own edge
        form would; each is then checked against the text's spelling."""
        hits: list[Hit] = []
        seen = 0
        size, safe = len(text), _SAFE_EDGE
        for end_index, entries in self._automaton.iter(" " + edge_text(folded) + " "):
            seen += 1
            if not seen % _BUDGET_EVERY:
                spend_now()
            for surface, padded_end, (skill_id, alias, ambiguous, case_sensitive, length) in entries:
                end = end_index - padded_end  # the padded haystack is one character ahead of the text
                start = end - length
                if (
                    start >= 0
                    and (text if case_sensitive else folded).startswith(surface, start)
                    and (
                        ((not start or text[start - 1] in safe) and (end == size or text[end] in safe))
                        or _clean_edges(text, start, end)
                    )
                ):
                    hits.append(_new_hit(Hit, (skill_id, start, end, alias, ambiguous)))
        return hits

    def find(self, text: str) -> list[Hit]:
        """Skill occurrences in ``text`` after every rule, ordered by position.

        E-mail addresses, URLs, file names and phone numbers are blanked out first
        (``jdlens.text.masks``): ``jobs@nhs.net`` states no .NET. Offsets still point into ``text``.
        """
        text = mask_non_text(text)
        folded = fold(text)
        hits = _resolve_overlaps(self.raw_hits(text, folded), self.taxonomy)  # ordered by start
        phrases = phrase_hits(folded, self.taxonomy)
        if phrases:
            hits += _new_phrase_hits(hits, phrases)
            hits.sort(key=lambda h: h.start)
        fields = self._fields
        hits = [h for h in hits if h.skill_id not in fields or not self._in_degree_field(text, h)]
        if not any(h.ambiguous for h in hits):
            return hits
        solid = [h for h in hits if not h.ambiguous]
        near = _Neighbours(text, hits)
        kept = [h for h in hits if not h.ambiguous or self._ambiguous_ok(text, folded, h, near)]
        if len(kept) != len(hits):
            kept = solid + [h for h in kept if h.ambiguous]
            kept.sort(key=lambda h: h.start)
        return kept

    def _ambiguous_ok(self, text: str, folded: str, hit: Hit, near: _Neighbours) -> bool:
        spend()
        if self._vetoed(folded, hit):
            return False
        if near.in_skill_list(hit):
            return True
        lo = max(0, hit.start - _CONTEXT_WINDOW)
        line_start = text.rfind("\n", lo, hit.start) + 1
        before = folded[max(line_start, lo) : hit.start]
        if tool_phrase_before(before) and _looks_like_name(text, hit):
            return True
        ctx = self.context_pattern(hit.skill_id)
        if ctx is None:
            return False
        line_end = text.find("\n", hit.end, hit.end + _CONTEXT_WINDOW)
        line_end = len(text) if line_end < 0 else line_end
        lo, hi = max(line_start, lo), min(line_end, hit.end + _CONTEXT_WINDOW)
        window = folded[lo : hit.start] + " " + folded[hit.end : hi]
        return bool(ctx.search(window))

    def _vetoed(self, folded: str, hit: Hit) -> bool:
        prev_words = folded[max(0, hit.start - 30) : hit.start].split()
        if prev_words and prev_words[-1].strip(".,;:()") in self._veto_prev[hit.skill_id]:
            return True
        after = folded[hit.end : hit.end + 30].lstrip()
        for veto in self._veto_next[hit.skill_id]:
            if after.startswith(veto) and (
                len(after) == len(veto) or not after[len(veto)].isalnum() or not veto[-1].isalnum()
            ):
                return True
        return False

    def _in_degree_field(self, text: str, hit: Hit) -> bool:
        """Whether a skill that is also a field of study (one of ``_fields``) is named as a degree's field."""
        lo = max(0, hit.start - _DEGREE_REACH)
        line_start = text.rfind("\n", lo, hit.start) + 1
        sentence_start = max(line_start, text.rfind(". ", lo, hit.start) + 1)
        head = text[max(sentence_start, lo) : hit.start]
        cues = list(_DEGREE_CUE.finditer(head))
        if not cues:
            return False
        between = head[cues[-1].end() :]
        return bool(_DEGREE_FIELD_INTRO.search(between)) or bool(re.fullmatch(r"[\s,/&a-zA-Z()'-]*", between))


def _new_phrase_hits(hits: list[Hit], phrases: list[Hit]) -> list[Hit]:
    """Phrase hits for places where the same skill was not already named."""
    by_skill: dict[str, tuple[list[int], list[int]]] = {}
    for hit in sorted(hits, key=lambda h: h.start):
        starts, reach = by_skill.setdefault(hit.skill_id, ([], []))
        starts.append(hit.start)
        reach.append(max(hit.end, reach[-1]) if reach else hit.end)  # furthest end so far
    return [p for p in phrases if not _overlaps(by_skill.get(p.skill_id), p)]


def _overlaps(index: tuple[list[int], list[int]] | None, p: Hit) -> bool:
    """Whether a hit of the index (starts, running furthest end) overlaps ``p``."""
    if index is None:
        return False
    starts, reach = index
    i = bisect.bisect_left(starts, p.end)  # hits [0, i) start before p ends
    return i > 0 and reach[i - 1] > p.start


def _is_camel(alias: str) -> bool:
    return bool(re.search(r"[a-z][A-Z]", alias))


# Characters beside which every hit has a word edge (no word character, no "."): a hit between two of
# them needs no ``_clean_edges`` (most hits sit between spaces, commas and brackets).
_SAFE_EDGE = frozenset(" \n\t,;:/()[]{}<>|!?'\"&*=-\u2022\u2013\u2014")


def _clean_edges(text: str, start: int, end: int) -> bool:
    # a word character is a letter, a digit, '_', '+' or '#'; written out: this runs for every hit
    if start > 0:
        before = text[start - 1]
        if before.isalnum() or before in "_+#":
            first = text[start]
            if before in "+#" or first.isalnum() or first in "_+#":
                return False
        elif before == "." and start > 1 and text[start - 2].isalnum():
            return False
    if end < len(text):
        after = text[end]
        if after.isalnum() or after in "_+#":
            last = text[end - 1]
            if last.isalnum() or last in "_+#":
                return False
        elif after == "." and end + 1 < len(text) and text[end + 1].isalnum():
            return False
    return True


def _resolve_overlaps(hits: list[Hit], taxonomy: Taxonomy) -> list[Hit]:
    """Longest hit wins; a contained hit survives only when the longer skill implies it."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for hit in hits:
        container = None
        for k in reversed(kept[-6:]):
            if k.start <= hit.start and hit.end <= k.end:
                container = k
                break
        if container is None:
            if kept and hit.start < kept[-1].end and hit.end > kept[-1].end:
                continue  # crosses the previous hit: keep the earlier, longer reading
            kept.append(hit)
        elif container.skill_id != hit.skill_id and hit.skill_id in taxonomy.closure(container.skill_id):
            kept.append(hit)
    seen: set[tuple[str, int]] = set()
    unique = []
    for hit in kept:
        if (hit.skill_id, hit.start) not in seen:
            seen.add((hit.skill_id, hit.start))
            unique.append(hit)
    return unique


def _neighbour_gap(text: str, a_end: int, b_start: int) -> bool:
    return 0 <= b_start - a_end <= _LIST_GAP and bool(_LIST_SEP.match(text[a_end:b_start]))


class _Neighbours:
    """The hits that end just before or start just after a position, found by bisection.

    Hits are sorted by start; a second index sorts them by end. Looking up a hit's list neighbours
    costs O(log n + k) for the k hits within ``_LIST_GAP`` of it, never a pass over every hit.
    """

    def __init__(self, text: str, hits: list[Hit]) -> None:
        self.text = text
        self.hits = hits
        self.starts = [h.start for h in hits]
        self.by_end = sorted(hits, key=lambda h: h.end)
        self.ends = [h.end for h in self.by_end]

    def beside(self, hit: Hit) -> Iterator[Hit]:
        """Hits separated from ``hit`` by a short list separator ("Python, R", "Go and Rust")."""
        lo = bisect.bisect_left(self.ends, hit.start - _LIST_GAP)
        hi = bisect.bisect_right(self.ends, hit.start)
        for other in self.by_end[lo:hi]:
            if _neighbour_gap(self.text, other.end, hit.start):
                yield other
        lo = bisect.bisect_left(self.starts, hit.end)
        hi = bisect.bisect_right(self.starts, hit.end + _LIST_GAP)
        for other in self.hits[lo:hi]:
            if _neighbour_gap(self.text, hit.end, other.start):
                yield other

    def in_skill_list(self, hit: Hit) -> bool:
        """True when a non-ambiguous skill (or a chain of them) stands beside the hit in a list."""
        for other in self.beside(hit):
            if other is hit or other.skill_id == hit.skill_id:
                continue
            if not other.ambiguous or self._any_solid_neighbour(other, hit):
                return True
        return False

    def _any_solid_neighbour(self, hit: Hit, exclude: Hit) -> bool:
        return any(
            other is not exclude and other is not hit and not other.ambiguous for other in self.beside(hit)
        )


def _looks_like_name(text: str, hit: Hit) -> bool:
    """After a tool phrase, an ambiguous word must look like a product name, not a verb or noun."""
    surface = text[hit.start : hit.end]
    if surface[:1].isupper():
        return True
    return len(surface) > 3 and not surface.isalpha()


@dataclass(frozen=True, slots=True)
class PhraseRule:
    skill_id: str
    pattern: GatedPattern


@lru_cache(maxsize=1)
def load_phrase_rules() -> tuple[PhraseRule, ...]:
    """Verb-phrase rules (``taxonomy/data/phrases.yaml``), expanded and compiled."""
    raw = load_yaml("jdlens.taxonomy.data", "phrases.yaml")
    gap, objects = raw["gap"], raw["objects"]
    return tuple(
        PhraseRule(r["skill"], GatedPattern(r["pattern"].replace("{gap}", gap).replace("{objects}", objects)))
        for r in raw["rules"]
    )


def phrase_hits(lower: str, taxonomy: Taxonomy) -> list[Hit]:
    """Skills stated by verb phrases ("deploy large-scale machine learning models") in folded text."""
    hits = []
    for rule in load_phrase_rules():
        if rule.skill_id not in taxonomy.by_id:
            continue
        for m in rule.pattern.finditer(lower):
            spend()
            hits.append(Hit(rule.skill_id, m.start(), m.end(), m.group(0), False))
    return hits


@lru_cache(maxsize=4)
def get_matcher(taxonomy: Taxonomy | None = None) -> SkillMatcher:
    """The matcher over ``taxonomy`` (built once); the package's own is read from the on-disk cache
    (``jdlens.diskcache``) when a file built from the same inputs is there."""
    if taxonomy is not None:
        return SkillMatcher(taxonomy)
    parts = [*compiled_parts(read_raw()), module_source(__file__)]
    return cached("skill-matcher", parts, lambda: SkillMatcher(load_taxonomy()), SkillMatcher)


def find_skills(doc: Document, matcher: SkillMatcher | None = None) -> list[Hit]:
    """Skill occurrences in a document's text."""
    return (matcher or get_matcher()).find(doc.text)
