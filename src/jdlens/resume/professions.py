"""What a person is (data scientist, nurse, chef, ...), read from their own titles.

Data: ``resume/data/professions.yaml``. The headline under the name counts most, then the most recent
roles; the first profession whose title pattern matches a title takes that title's vote. When no
title names a profession, the summary's first sentences are read the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import Profession, RoleCategory
from jdlens.resume.prefilter import WordGate, required_words
from jdlens.text.gate import gate_text, literal_gate

DATA_PACKAGE = "jdlens.resume.data"
HEADLINE_WEIGHT = 3.0
ROLE_WEIGHTS = (2.0, 1.5, 1.0)
OLDER_ROLE_WEIGHT = 0.5
SUMMARY_WEIGHT = 1.0
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class ProfessionEntry:
    id: str
    name: str
    role: RoleCategory
    title: re.Pattern[str]


@dataclass(frozen=True)
class ProfessionRules:
    version: str
    professions: tuple[ProfessionEntry, ...]
    study: re.Pattern[str]
    # The words one of which opens every match of a profession's titles (``text.gate.literal_gate``),
    # each with the professions it may name; the professions without such words are always tried.
    gates: ahocorasick.Automaton
    ungated: frozenset[int]
    # The words one of which every study match holds (``prefilter.required_words``, lower case).
    study_gate: WordGate | None


@lru_cache(maxsize=1)
def load_professions() -> ProfessionRules:
    raw = load_yaml(DATA_PACKAGE, "professions.yaml")
    entries = tuple(
        ProfessionEntry(
            id=p["id"],
            name=p["name"],
            role=p["role"],
            title=compile_pattern("|".join(f"(?:{t})" for t in p["titles"]), re.I),
        )
        for p in raw["professions"]
    )
    study = compile_pattern("|".join(f"(?:{s})" for s in raw["study"]), re.I)
    gates, ungated = _title_gates([p["titles"] for p in raw["professions"]])
    study_words = required_words(study.pattern, study.flags)
    return ProfessionRules(
        version=str(raw["version"]),
        professions=entries,
        study=study,
        gates=gates,
        ungated=ungated,
        study_gate=WordGate(study_words) if study_words is not None else None,
    )


def _title_gates(titles: list[list[str]]) -> tuple[ahocorasick.Automaton, frozenset[int]]:
    """An automaton from each gate word to the indexes of the professions whose titles it opens, and
    the indexes of the professions with a title fragment no word opens."""
    words: dict[str, set[int]] = defaultdict(set)
    ungated: set[int] = set()
    for index, fragments in enumerate(titles):
        for fragment in fragments:
            gate = literal_gate(fragment, min_len=1)
            if gate is None:
                ungated.add(index)
            for word in gate or ():
                words[word].add(index)
    automaton = ahocorasick.Automaton()
    for word, indexes in words.items():
        automaton.add_word(word, frozenset(indexes))
    automaton.make_automaton()
    return automaton, frozenset(ungated)


TITLE_CHARS = 200  # a job title is short: a longer "title" (a run-together line) is read at its start


def title_profession(title: str) -> ProfessionEntry | None:
    """The first profession whose title pattern matches this title (its first ``TITLE_CHARS``). Only the
    professions one of whose gate words the title holds are tried (all of them when ``gate_text`` cannot
    lower-case the title offset for offset): the same answer as trying each in turn."""
    rules = load_professions()
    title = title[:TITLE_CHARS]
    low = gate_text(title)
    if low is None:
        candidates: set[int] = set(range(len(rules.professions)))
    else:
        candidates = set(rules.ungated)
        for _end, indexes in rules.gates.iter(low):
            candidates |= indexes
    for index in sorted(candidates):
        entry = rules.professions[index]
        if entry.title.search(title):
            return entry
    return None


def is_study(line: str) -> bool:
    """A title or entry line that names study (a degree, a school, a student), not work. The pattern is
    tried only on a line holding one of its words (lower-cased by ``gate_text``, whitespace aside)."""
    rules = load_professions()
    text = line.strip()
    low = gate_text(text) if rules.study_gate is not None else None
    if rules.study_gate is not None and low is not None and not rules.study_gate.holds("".join(low.split())):
        return False
    return bool(rules.study.search(text))


def read_profession(
    headline: list[str],
    role_titles: list[str],
    summary: str,
    lookup: Callable[[str], ProfessionEntry | None] = title_profession,
) -> Profession | None:
    """Votes of the headline, the roles (most recent first) and, failing those, the summary.
    ``lookup``: ``title_profession``, or a copy that remembers the titles the reader has asked about."""
    votes: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    weighted = [(t, HEADLINE_WEIGHT) for t in headline[:1]] + [
        (t, ROLE_WEIGHTS[i] if i < len(ROLE_WEIGHTS) else OLDER_ROLE_WEIGHT)
        for i, t in enumerate(role_titles)
    ]
    for title, weight in weighted:
        entry = lookup(title)
        if entry is not None:
            votes[entry.id] += weight
            evidence[entry.id].append(title)
    opening = summary.split("\n", 1)[1][:SUMMARY_CHARS] if "\n" in summary else ""  # after the heading
    entry = title_profession(opening) if not votes and opening else None
    if entry is not None:
        m = entry.title.search(opening)
        line_start = opening.rfind("\n", 0, m.start()) + 1 if m else 0
        votes[entry.id] += SUMMARY_WEIGHT
        evidence[entry.id].append(opening[line_start:].split("\n", 1)[0][:120])
    if not votes:
        return None
    best = max(votes, key=lambda k: votes[k])
    entry = next(e for e in load_professions().professions if e.id == best)
    return Profession.trusted(id=entry.id, name=entry.name, role=entry.role, evidence=evidence[best][:4])
