"""The real role behind the title, and the seniority, judged from title and content (data: roles.yaml)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import Experience, Level, Role, RoleCategory, Seniority, SkillMention
from jdlens.text.document import Document
from jdlens.text.gate import GatedPattern

_TEXT_FACTOR = 0.55
_MAX_HITS = 3
_STRONG_TITLE = 5  # a title signal this strong names the role by itself
_LEVEL_ORDER: tuple[Level, ...] = ("intern", "staff_plus", "senior", "junior", "mid")
_TEXT_LEVEL_ORDER: tuple[Level, ...] = ("intern", "junior", "staff_plus", "senior")


@dataclass(frozen=True)
class KeywordGroups:
    """Keyword groups matched in one Aho-Corasick pass; ``count`` gives hits per group."""

    automaton: ahocorasick.Automaton
    groups: tuple[tuple[str, float], ...]  # (owner, weight) per group index

    def count(self, text: str) -> tuple[list[int], list[str]]:
        hits = [0] * len(self.groups)
        first = [""] * len(self.groups)
        for end, (length, entries) in self.automaton.iter(text):
            start = end - length + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            word_ends = end + 1 >= len(text) or not text[end + 1].isalnum()
            for group, prefix in entries:
                if prefix or word_ends:
                    hits[group] += 1
                    first[group] = first[group] or text[start : end + 1]
        return hits, first


GroupList = list[tuple[str, list[str], float]]  # (owner, keywords, weight) per group


def build_groups(*sets: GroupList) -> KeywordGroups:
    """One automaton over the keywords of every set; the groups of the sets follow one another. Within
    a set, a keyword listed twice counts for the group listed last (a keyword ending in "*" also
    counts where a word goes on); a keyword of several sets counts for each."""
    per_word: dict[str, list[tuple[int, bool]]] = {}
    offset = 0
    for groups in sets:
        own: dict[str, tuple[int, bool]] = {}
        for index, (_owner, keywords, _weight) in enumerate(groups):
            for keyword in keywords:
                own[keyword.rstrip("*").lower()] = (offset + index, keyword.endswith("*"))
        for word, entry in own.items():
            per_word.setdefault(word, []).append(entry)
        offset += len(groups)
    automaton = ahocorasick.Automaton()
    for word, entries in per_word.items():
        automaton.add_word(word, (len(word), tuple(entries)))
    automaton.make_automaton()
    owners = tuple((owner, weight) for groups in sets for owner, _k, weight in groups)
    return KeywordGroups(automaton, owners)


@dataclass(frozen=True)
class TechnicalGate:
    """When a posting is a technical job at all (roles.yaml ``technical``)."""

    min_skills: int
    skill_categories: frozenset[str]
    veto_title: re.Pattern[str]
    other_confidence: float


@dataclass(frozen=True)
class RoleRules:
    version: str
    title: dict[str, list[tuple[re.Pattern[str], float]]]
    text: KeywordGroups
    roles: tuple[str, ...]
    ml_body: KeywordGroups  # one group, the words of a body about machine learning
    body: KeywordGroups  # the groups of ``text``, then that of ``ml_body``: both counted in one pass
    ml_roles: frozenset[str]
    ml_damping: float
    ml_min_mentions: int
    level_title: dict[str, re.Pattern[str]]
    level_text: dict[str, GatedPattern]
    level_others: re.Pattern[str]
    level_others_junior: re.Pattern[str]
    technical: TechnicalGate


def _compile(pairs: list[list[object]]) -> list[tuple[re.Pattern[str], float]]:
    return [(compile_pattern(str(p).lower()), float(w)) for p, w in pairs]  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_role_rules() -> RoleRules:
    raw = load_yaml("jdlens.taxonomy.data", "roles.yaml")
    roles = raw["roles"]
    text_groups: GroupList = [
        (role, list(kw), float(w)) for role, v in roles.items() for kw, w in v.get("text", [])
    ]
    keywords, weight = raw["ml_body"]
    ml_groups: GroupList = [("ml", list(keywords), float(weight))]
    return RoleRules(
        version=str(raw["version"]),
        title={r: _compile(v.get("title", [])) for r, v in roles.items()},
        text=build_groups(text_groups),
        roles=tuple(roles),
        ml_body=build_groups(ml_groups),
        body=build_groups(text_groups, ml_groups),
        ml_roles=frozenset(raw["ml_roles"]),
        ml_damping=float(raw["ml_damping"]),
        ml_min_mentions=int(raw["ml_min_mentions"]),
        level_title={k: compile_pattern(v, re.I) for k, v in raw["seniority"]["title"].items()},
        level_text={k: GatedPattern(v.lower()) for k, v in raw["seniority"]["text"].items()},
        level_others=compile_pattern(raw["seniority"]["others"]),
        level_others_junior=compile_pattern(
            f"{raw['seniority']['others']}|{raw['seniority']['others_junior']}"
        ),
        technical=_gate(raw["technical"]),
    )


def _gate(raw: dict[str, Any]) -> TechnicalGate:
    return TechnicalGate(
        min_skills=int(raw["min_skills"]),
        skill_categories=frozenset(str(c) for c in raw["skill_categories"]),
        veto_title=compile_pattern(str(raw["veto_title"]), re.I),
        other_confidence=float(raw["other_confidence"]),
    )


def _text_scores(hits: list[int], first: list[str], rules: RoleRules) -> dict[str, tuple[float, list[str]]]:
    """Role scores from the hits of the ``text`` groups (the first groups of ``rules.body``)."""
    scores: dict[str, tuple[float, list[str]]] = {role: (0.0, []) for role in rules.roles}
    for (role, weight), n, word in zip(rules.text.groups, hits, first, strict=False):
        if n:
            total, signals = scores[role]
            scores[role] = (total + weight * min(n, _MAX_HITS) * _TEXT_FACTOR, [*signals, word])
    return scores


def _title_scores(title: str, rules: RoleRules) -> dict[str, tuple[float, list[str]]]:
    scores: dict[str, tuple[float, list[str]]] = {}
    for role, patterns in rules.title.items():
        total, signals = 0.0, []
        for pattern, weight in patterns:
            m = pattern.search(title)
            if m:
                total += weight
                signals.append(f"title: {m.group(0).strip()}")
        scores[role] = (total, signals)
    return scores


_ROLE_NOUN = compile_pattern(
    r"(?i)\b(?:engineer|scientist|analyst|developer|researcher|architect|manager|lead|director|intern|"
    r"specialist|consultant|statistician|programmer|head of|mle|swe|sde)s?\b"
)
_MAX_TITLE_WORDS = 12
_SOUGHT = compile_pattern(
    r"\b(?:looking for|seeking|hiring|searching for) an? ((?:[A-Z][\w/+&.-]*,? ?){1,7})"
)


def infer_title(doc: Document) -> str | None:
    """The posting's title when none was given: the role-like part of its first line.

    Handles the "Company | Role | Location | Salary" first line of community job boards.
    """
    first = doc.text.split("\n", 1)[0]
    for part in (p.strip() for p in first.split("|")):
        if part and len(part.split()) <= _MAX_TITLE_WORDS and _ROLE_NOUN.search(part):
            return part
    sought = _SOUGHT.search(doc.text[:600])
    return sought.group(1) if sought and _ROLE_NOUN.search(sought.group(1)) else None


def is_technical(
    title: str, head: dict[str, tuple[float, list[str]]], skills: Sequence[SkillMention], rules: RoleRules
) -> bool:
    """A technical job: a strong technical title without a non-technical occupation word, or a body
    that names enough technical skills (a therapist's posting names none)."""
    gate = rules.technical
    strong_title = any(score >= _STRONG_TITLE for role, (score, _) in head.items() if role != "other")
    if strong_title and not gate.veto_title.search(title):
        return True
    named = {s.id for s in skills if s.category in gate.skill_categories}
    return len(named) >= gate.min_skills


def classify_role(doc: Document, skills: Sequence[SkillMention] | None = None) -> Role:
    """Score every role on title and body signals; the best one wins.

    Engineering words (production, APIs, CI/CD) say "ML engineer" only in a body that is about machine
    learning; without it, the ML roles' body signals are damped and a generic engineer stays one.
    With ``skills`` (the posting's skill mentions), a posting that is not a technical job at all is
    ``other`` at low confidence.
    """
    rules = load_role_rules()
    title = (doc.title or infer_title(doc) or "").lower()
    head = _title_scores(title, rules)
    if skills is not None and not is_technical(title, head, skills, rules):
        return Role.trusted(
            category="other", confidence=rules.technical.other_confidence, signals=["no technical content"]
        )
    hits, first = rules.body.count(doc.lower)  # the role groups and the ML body group, in one pass
    body = _text_scores(hits, first, rules)
    ml_hits = hits[len(rules.text.groups)]
    damping = 1.0 if ml_hits >= rules.ml_min_mentions else rules.ml_damping
    totals: dict[str, float] = {}
    signals: dict[str, list[str]] = {}
    for role in rules.roles:
        totals[role] = head[role][0] + body[role][0] * (damping if role in rules.ml_roles else 1.0)
        signals[role] = head[role][1] + body[role][1][:6]
    if max(head[r][0] for r in head) < _STRONG_TITLE:
        totals["ml_engineer"] += rules.ml_body.groups[0][1] * min(ml_hits, 10) * _TEXT_FACTOR
    best = max(totals, key=lambda r: totals[r])
    positive = sum(v for v in totals.values() if v > 0) or 1.0
    category: RoleCategory = best if totals[best] > 0 else "other"  # type: ignore[assignment]
    return Role.trusted(
        category=category, confidence=round(totals[best] / positive, 3), signals=signals[best][:8]
    )


_LEAD_IN = 48  # characters before a level cue searched for a lead-in about someone else


def own_level_cue(pattern: GatedPattern, text: str, others: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of a level cue that speaks of the candidate, not of whom they report to,
    work with or mentor ("report to the Technical Lead Manager" says nothing of the candidate's level)."""
    for m in pattern.finditer(text):
        if not others.search(text, max(0, m.start() - _LEAD_IN), m.start()):
            return m
    return None


def classify_seniority(doc: Document, experience: Experience) -> Seniority:
    """Title first (intern, staff, senior, junior), then entry-level phrasing, then years."""
    rules = load_role_rules()
    title = doc.title or infer_title(doc) or ""
    for level in _LEVEL_ORDER:
        pattern = rules.level_title.get(level)
        m = pattern.search(title) if pattern else None
        if m:
            return Seniority.trusted(level=level, evidence=[f"title: {m.group(0).strip()}"])
    years = experience.min_years
    for level in _TEXT_LEVEL_ORDER:
        others = rules.level_others_junior if level in ("intern", "junior") else rules.level_others
        m = own_level_cue(rules.level_text[level], doc.lower, others)
        if m and (level != "junior" or years is None or years < 3):
            return Seniority.trusted(level=level, evidence=[m.group(0)])
    if years is not None:
        by_years: Level = "senior" if years >= 5 else "mid" if years >= 2 else "junior"
        return Seniority.trusted(level=by_years, evidence=[f"{years:g}+ years asked"])
    return Seniority.trusted(level="mid", evidence=["no level stated"])
