"""The 2020 survey of US ML-engineer postings (``data/survey_2020.yaml``) and how a corpus compares with
it, point by point: the survey's order of the items against the corpus's, and its counts (as shares of
its postings) against the corpus's share and 95% interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, Field

from jdlens.datafiles import load_model

Measure = Literal["degree", "field", "state", "experience", "skill"]
# experience groups the survey speaks of, as the report's experience buckets
EXPERIENCE_GROUPS = {
    "0": ("0",),
    "1-5": ("1", "2", "3", "4", "5"),
    "over 5": ("6-7", "8-9", "10+"),
}


class SurveyPoint(BaseModel):
    id: str
    question: str
    measure: Measure
    statement: str
    ranks: dict[str, int] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict)

    def items(self) -> list[str]:
        """The items compared: ranked ones in the survey's order, then those with only a count."""
        ranked = sorted(self.ranks, key=lambda k: (self.ranks[k], list(self.ranks).index(k)))
        return ranked + [k for k in self.counts if k not in self.ranks]


class YearsByDegree(BaseModel):
    statement: str
    mean_years: dict[str, float]


class Survey(BaseModel):
    version: int
    source: str
    license: str
    postings: int
    points: list[SurveyPoint]
    years_by_degree: YearsByDegree


def load_survey() -> Survey:
    """The survey's figures (validated; a broken file raises JDL011 naming it)."""
    return load_model("jdlens.market.data", "survey_2020.yaml", Survey)


def corpus_ranks(counts: Mapping[str, int], items: list[str]) -> dict[str, int]:
    """Each item's place among ``items`` by the corpus's count (1 = most; equal counts share a place)."""
    return {k: 1 + sum(1 for o in items if counts.get(o, 0) > counts.get(k, 0)) for k in items}


def same_place(point: SurveyPoint, item: str, place: int) -> bool | None:
    """Whether the corpus puts ``item`` where the survey does: items the survey names together (one
    rank shared by k items) may take any of the k places from that rank on."""
    rank = point.ranks.get(item)
    if rank is None:
        return None
    tied = sum(1 for r in point.ranks.values() if r == rank)
    return rank <= place <= rank + tied - 1


def within(low: float | None, high: float | None, value: float | None) -> bool | None:
    if value is None or low is None or high is None:
        return None
    return low <= value <= high
