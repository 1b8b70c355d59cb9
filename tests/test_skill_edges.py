"""The skill automaton over edge text finds exactly the alias occurrences a plain pass finds (issue 15)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import ahocorasick
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.extract.skills import Hit, SkillMatcher, _clean_edges, edge_text, fold, get_matcher
from jdlens.text.masks import mask_non_text

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=2)
def _plain_automata(matcher: SkillMatcher) -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    """The matcher's aliases under their own spelling (no edge form): the folded ones, then the
    case-sensitive ones."""
    built = []
    for case_sensitive in (False, True):
        plain = ahocorasick.Automaton()
        for _, entries in matcher._automaton.items():
            for entry in entries:
                if entry.info.case_sensitive == case_sensitive:
                    plain.add_word(entry.surface, (*plain.get(entry.surface, ()), entry.info))
        plain.make_automaton()
        built.append(plain)
    return built[0], built[1]


def _plain_hits(matcher: SkillMatcher, text: str, folded: str) -> list[Hit]:
    """Every alias found by a plain automaton over the haystack, each kept when its edges are clean."""
    hits: list[Hit] = []
    for plain, haystack in zip(_plain_automata(matcher), (folded, text), strict=True):
        for end_index, infos in plain.iter(haystack):
            end = end_index + 1
            for info in infos:
                start = end - info.length
                if _clean_edges(text, start, end):
                    hits.append(Hit(info.skill_id, start, end, info.alias, info.ambiguous))
    return hits


def _finds_the_plain_hits(text: str) -> None:
    matcher = get_matcher()
    masked = mask_non_text(text)
    folded = fold(masked)
    assert sorted(matcher.raw_hits(masked, folded)) == sorted(_plain_hits(matcher, masked, folded))


def test_edge_text_keeps_offsets_and_word_characters() -> None:
    text = "C++, C#; .NET/ASP.NET — R&D (R) naïve_bayes+x"
    edge = edge_text(text)
    assert len(edge) == len(text)
    assert edge == "C++  C#   NET ASP NET   R D  R  na ve_bayes+x"


@pytest.mark.parametrize(
    "text",
    [
        "C++, C#, .NET and ASP.NET; R, R&D, (R), R2, C/C++, Go-to, Golang, x.Go, Go.",
        "Python.\nJava vs JavaScript; SQL/NoSQL; scikit-learn; PyTorch-based; node.js; Node.js.",
        "AI-102, AZ-900: certified. online learning (ml) and cuda c++ — modern c++; f#, *nix",
        "R",
        "C",
        ".net",
        "Spark. Spark! SPARK spark_sql pyspark Spark+ #Spark",
        "naïve Python — Pythonic • Python™ Ｐython é-Python",
        # the case-sensitive aliases, found in the folded text: "_" and the Kelvin sign read apart
        "R_script, \u212aR, R\u212a, DP_700 DP-700 dp-700 DP 700, Lambda lambda LAMBDA, IaC IAC iac",
        "",
    ],
)
def test_edge_automaton_finds_the_plain_hits(text: str) -> None:
    _finds_the_plain_hits(text)


def test_edge_automaton_finds_the_plain_hits_in_real_text() -> None:
    files = [p for p in sorted(DATA.rglob("*")) if p.suffix in (".txt", ".md", ".html", ".jsonl")]
    assert len(files) > 10, "no sample texts in tests/data"
    for path in files:
        _finds_the_plain_hits(path.read_text(encoding="utf-8", errors="replace"))


PIECES = st.lists(
    st.sampled_from(
        ["C", "R", "c", "r", "C++", "C#", ".NET", "net", "Go", "go", "SQL", "sql", "ML", "ml", "Python"]
        + ["python", "spark", "Spark", "AI", "ai", "AI-102", "x", "1", "_", "+", "#", ".", "-", "/", " "]
        + ["\n", "é", "•", "—", "(", ")", "&", "ſ", "İ", "Ⅻ", "online learning (ml)", "modern c++"]
        + ["\u212a", "K", "Lambda", "lambda", "DP-700", "dp", "700", "IaC", "iac"]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_edge_automaton_matches_the_plain_pass_on_any_text(text: str) -> None:
    _finds_the_plain_hits(text)
