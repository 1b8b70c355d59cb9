"""The real role behind the title, and the seniority, judged from title and content (data: roles.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from jdlens.models import Experience, Level, Role, RoleCategory, Seniority
from jdlens.text.document import Document

_TEXT_FACTOR = 0.55
_MAX_HITS = 3
_LEVEL_ORDER: tuple[Level, ...] = ("intern", "staff_plus", "senior", "junior", "mid")


@dataclass(frozen=True)
class RoleRules:
    version: str
    title: dict[str, list[tuple[re.Pattern[str], float]]]
    text: dict[str, list[tuple[re.Pattern[str], float]]]
    ml_body: tuple[re.Pattern[str], float]
    level_title: dict[str, re.Pattern[str]]
    level_text: dict[str, re.Pattern[str]]


def _compile(pairs: list[list[object]]) -> list[tuple[re.Pattern[str], float]]:
    return [(re.compile(str(p), re.I), float(w)) for p, w in pairs]  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_role_rules() -> RoleRules:
    raw = yaml.safe_load(resources.files("jdlens.taxonomy.data").joinpath("roles.yaml").read_text("utf-8"))
    roles = raw["roles"]
    pattern, weight = raw["ml_body"]
    return RoleRules(
        version=str(raw["version"]),
        title={r: _compile(v.get("title", [])) for r, v in roles.items()},
        text={r: _compile(v.get("text", [])) for r, v in roles.items()},
        ml_body=(re.compile(pattern, re.I), float(weight)),
        level_title={k: re.compile(v, re.I) for k, v in raw["seniority"]["title"].items()},
        level_text={k: re.compile(v, re.I) for k, v in raw["seniority"]["text"].items()},
    )


def _text_scores(text: str, rules: RoleRules) -> dict[str, tuple[float, list[str]]]:
    scores: dict[str, tuple[float, list[str]]] = {}
    for role, patterns in rules.text.items():
        total, signals = 0.0, []
        for pattern, weight in patterns:
            found = [m.group(0).lower() for m in pattern.finditer(text)]
            if found:
                total += weight * min(len(found), _MAX_HITS)
                signals.append(found[0])
        scores[role] = (total * _TEXT_FACTOR, signals)
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


def classify_role(doc: Document) -> Role:
    """Score every role on title and body signals; the best one wins."""
    rules = load_role_rules()
    body = _text_scores(doc.text, rules)
    head = _title_scores(doc.title or "", rules)
    totals: dict[str, float] = {}
    signals: dict[str, list[str]] = {}
    for role in rules.text:
        totals[role] = head[role][0] + body[role][0]
        signals[role] = head[role][1] + body[role][1][:6]
    if not doc.title or max(head[r][0] for r in head) < 5:
        pattern, weight = rules.ml_body
        ml_hits = min(len(pattern.findall(doc.text)), 10)
        totals["ml_engineer"] += weight * ml_hits * _TEXT_FACTOR
    best = max(totals, key=lambda r: totals[r])
    positive = sum(v for v in totals.values() if v > 0) or 1.0
    category: RoleCategory = best if totals[best] > 0 else "other"  # type: ignore[assignment]
    return Role(category=category, confidence=round(totals[best] / positive, 3), signals=signals[best][:8])


def classify_seniority(doc: Document, experience: Experience) -> Seniority:
    """Title first (intern, staff, senior, junior), then entry-level phrasing, then years."""
    rules = load_role_rules()
    title = doc.title or ""
    for level in _LEVEL_ORDER:
        pattern = rules.level_title.get(level)
        m = pattern.search(title) if pattern else None
        if m:
            return Seniority(level=level, evidence=[f"title: {m.group(0).strip()}"])
    years = experience.min_years
    for level in ("intern", "junior", "staff_plus", "senior"):
        m = rules.level_text[level].search(doc.text)
        if m and (level != "junior" or years is None or years < 3):
            return Seniority(level=level, evidence=[m.group(0)])  # type: ignore[arg-type]
    if years is not None:
        level: Level = "senior" if years >= 5 else "mid" if years >= 2 else "junior"
        return Seniority(level=level, evidence=[f"{years:g}+ years asked"])
    return Seniority(level="mid", evidence=["no level stated"])
