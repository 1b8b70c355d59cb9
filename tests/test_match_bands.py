"""The bands mean what docs/scoring.md says: the published shares of development-set positives and
negatives in each band are recomputed here (real resumes against real ML postings)."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache

import pytest

import jdlens
from conftest import ROOT, SHARED, needs_shared
from jdlens.resume import parse_resume_text

pytestmark = pytest.mark.shared
POSTINGS = 5
TOLERANCE = 0.03
_ROW = re.compile(r"^\| (strong|partial|weak) \| ([\d.]+)% \| ([\d.]+)% \| ([\d.]+)% \|$", re.M)


@lru_cache(maxsize=1)
def measured() -> dict[str, dict[str, float]]:
    """Share of (positive / non-technical / all negative) pairs in each band, dev set, first postings."""
    spec = importlib.util.spec_from_file_location("score_match_dev", SHARED / "eval" / "score_match_dev.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = SHARED / "data" / "resumes" / "jdlens_resume_dev" / "resume_dev.jsonl"
    cvs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    resumes = [parse_resume_text(c["text"]) for c in cvs]
    jobs = [jdlens.analyze(j["job_description_text"]) for j in module.ml_postings(POSTINGS)]
    return band_shares([c["category"] for c in cvs], resumes, jobs)


TECHNICAL = frozenset({"INFORMATION-TECHNOLOGY", "ENGINEERING", "SOFTWARE-ENGINEERING", "ECONOMICS-RESEARCH"})


def band_shares(
    categories: list[str], resumes: list[jdlens.Resume], jobs: list[jdlens.JobAnalysis]
) -> dict[str, dict[str, float]]:
    counts = {g: {"strong": 0, "partial": 0, "weak": 0} for g in ("positive", "non_technical", "negative")}
    for job in jobs:
        for category, resume in zip(categories, resumes, strict=True):
            band = jdlens.match(resume, job).band
            if category == "DATA-SCIENCE":
                counts["positive"][band] += 1
                continue
            counts["negative"][band] += 1
            if category not in TECHNICAL:
                counts["non_technical"][band] += 1
    return {g: {b: n / (sum(c.values()) or 1) for b, n in c.items()} for g, c in counts.items()}


def published() -> dict[str, dict[str, float]]:
    text = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    rows = _ROW.findall(text)
    assert len(rows) == 3, "docs/scoring.md: the bands table is missing"
    out: dict[str, dict[str, float]] = {"positive": {}, "non_technical": {}, "negative": {}}
    for band, pos, non_tech, neg in rows:
        out["positive"][band] = float(pos) / 100
        out["non_technical"][band] = float(non_tech) / 100
        out["negative"][band] = float(neg) / 100
    return out


def test_bands_hold_on_the_development_set() -> None:
    needs_shared()
    got, claimed = measured(), published()
    for group, bands in claimed.items():
        for band, share in bands.items():
            assert abs(got[group][band] - share) <= TOLERANCE, (group, band, got[group][band], share)
    assert got["positive"]["weak"] < got["negative"]["weak"]
    assert got["non_technical"]["strong"] <= 0.01


if __name__ == "__main__":  # print the table docs/scoring.md publishes: python tests/test_match_bands.py
    shares = measured()
    print("| band | data-science resumes | non-technical resumes | all other resumes |")
    print("|---|---|---|---|")
    for band in ("strong", "partial", "weak"):
        cells = " | ".join(f"{100 * shares[g][band]:.1f}%" for g in ("positive", "non_technical", "negative"))
        print(f"| {band} | {cells} |")
