"""Resume reading on the hand-labelled set of real resumes (tests/data/resumes/labelled/README.md).

The Resume-Matcher resumes are kept here and always scored; the whole set (64 resumes: livecareer
PDFs of 24 professions, personal-site CVs, Resume-Matcher) needs ../shared for the texts that may not
be redistributed.
"""

from __future__ import annotations

import pytest

from conftest import needs_shared
from resume_reading_eval import load_labels, score, shared_texts

# Measured on the whole set (see docs/resumes.md); the floors sit a little below the figures so a
# real regression fails while the targets of the issue (0.90 / 0.85 / 0.85) stay in sight.
SECTIONS_FLOOR = 0.95
ROLES_FLOOR = 0.95
YEARS_FLOOR = 0.92
PROFESSION_FLOOR = 0.85


def test_labels_are_well_formed() -> None:
    labels = load_labels()
    assert len(labels) >= 60
    assert len({label["id"] for label in labels}) == len(labels)
    assert {label["source"] for label in labels} == {"livecareer", "github_cvs", "resume_matcher"}
    for label in labels:
        lines = [s["line"] for s in label["sections"]]
        assert lines == sorted(lines), label["id"]
        for start, end in label["roles"]:
            assert end == "present" or start[:4] <= end[:4], label["id"]


def test_resume_matcher_samples_read_right() -> None:
    result = score([lb for lb in load_labels() if lb["source"] == "resume_matcher"], {})
    assert result.resumes == 5
    assert result.sections == 1.0 and result.roles == 1.0 and result.years == 1.0, result.misses


@pytest.mark.shared
def test_labelled_set_figures() -> None:
    needs_shared()
    result = score(load_labels(), shared_texts())
    assert result.resumes == len(load_labels())
    assert result.sections >= SECTIONS_FLOOR, result.summary()
    assert result.roles >= ROLES_FLOOR, result.summary()
    assert result.years >= YEARS_FLOOR, result.summary()
    assert result.profession >= PROFESSION_FLOOR, result.summary()
