"""Score resume reading against the hand-labelled set in ``tests/data/resumes/labelled``.

Three figures (see tests/data/resumes/labelled/README.md for how the labels were made):

- sections: the share of text lines whose section kind (experience, education, skills, ...) is right;
- roles: F1 of the dated roles (start and end, compared at the precision the resume writes them);
- years: the share of resumes whose total years are within one year of the labelled total;
- profession: the share of resumes whose profession is the labelled one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jdlens.models import Resume
from jdlens.resume import parse_resume_text
from jdlens.resume.headings import section_at

LABELLED = Path(__file__).resolve().parent / "data" / "resumes" / "labelled"
SHARED_DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "resumes" / "jdlens_resume_dev"
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def load_labels(name: str = "labels.jsonl") -> list[dict]:
    """The dev set (``labels.jsonl``) or the small held-out check (``heldout.jsonl``)."""
    lines = (LABELLED / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def shared_texts() -> dict[str, str]:
    """Texts of the personal-site and livecareer resumes (not redistributed: read from ../shared)."""
    texts: dict[str, str] = {}
    for name in ("livecareer_all.jsonl", "resume_dev.jsonl", "github_cvs.jsonl"):
        path = SHARED_DEV / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                texts[row["id"]] = row["text"]
    return texts


def label_text(label: dict, shared: dict[str, str]) -> str | None:
    if label["source"] == "resume_matcher":
        return (LABELLED / "resume_matcher" / f"{label['id'].removeprefix('rm-')}.txt").read_text("utf-8")
    return shared.get(label["id"])


def _month(value: str, as_of: int) -> int:
    """Months since year 0 of a label date: YYYY, YYYY-MM, YYYY-<season> or "present"."""
    if value == "present":
        return as_of
    year, _, rest = value.partition("-")
    month = int(rest) if rest.isdigit() else _SEASONS.get(rest, 1)
    return int(year) * 12 + month - 1


def _as_of(label: dict) -> int:
    year, month = label["as_of"].split("-")
    return int(year) * 12 + int(month) - 1


def gold_years(label: dict) -> float | None:
    if "total_years" in label:
        return label["total_years"]
    spans = sorted((_month(a, _as_of(label)), _month(b, _as_of(label))) for a, b in label["roles"])
    if not spans:
        return None
    months, (cur_start, cur_end) = 0, spans[0]
    for start, end in spans[1:]:
        if start > cur_end:
            months += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return round((months + cur_end - cur_start) / 12, 1)


def _role_key(value: str, precision_of: str) -> str:
    """A predicted YYYY-MM (or None = current) at the precision a label date is written with."""
    if precision_of == "present":
        return "present"
    if value == "present":
        return "present"
    return value[:4] if len(precision_of) == 4 else value


def _gold_role(value: str) -> str:
    year, _, rest = value.partition("-")
    if rest in _SEASONS:
        return f"{year}-{_SEASONS[rest]:02d}"
    return value


def role_counts(label: dict, resume: Resume) -> tuple[int, int, int]:
    """(matched, predicted, labelled) distinct dated roles."""
    gold = {(_gold_role(a), _gold_role(b)) for a, b in label["roles"]}
    predicted = {(r.start, r.end or "present") for r in resume.roles}
    matched = 0
    for start, end in gold:
        if any(_role_key(ps, start) == start and _role_key(pe, end) == end for ps, pe in predicted):
            matched += 1
    return matched, len(predicted), len(gold)


_SPACE = re.compile(r"\s+")


def _key(line: str) -> str:
    line = line.replace("\u2013", "-").replace("\u2014", "-").replace("’", "'")
    return _SPACE.sub(" ", line.strip())[:24]


def line_kinds(label: dict, text: str, resume: Resume) -> tuple[int, int]:
    """(lines whose predicted section kind is the labelled one, lines compared)."""
    marks = sorted((s["line"], s["kind"]) for s in label["sections"])
    right = compared = cursor = 0
    for i, line in enumerate(text.split("\n")):
        key = _key(line)
        if len(key) < 2:
            continue
        at = resume.text.find(key, cursor)
        if at < 0:
            continue
        cursor = at + 1
        gold = "header"
        for start, kind in marks:
            if start <= i:
                gold = kind
        predicted = section_at(resume.sections, at) or "header"
        compared += 1
        right += predicted == gold
    return right, compared


@dataclass
class Score:
    resumes: int = 0
    lines_right: int = 0
    lines: int = 0
    roles_matched: int = 0
    roles_predicted: int = 0
    roles_labelled: int = 0
    years_within_one: int = 0
    professions_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def sections(self) -> float:
        return self.lines_right / max(1, self.lines)

    @property
    def roles(self) -> float:
        p = self.roles_matched / max(1, self.roles_predicted)
        r = self.roles_matched / max(1, self.roles_labelled)
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def years(self) -> float:
        return self.years_within_one / max(1, self.resumes)

    @property
    def profession(self) -> float:
        return self.professions_right / max(1, self.resumes)

    def summary(self) -> dict[str, float | int]:
        return {
            "resumes": self.resumes,
            "sections": round(self.sections, 3),
            "roles_f1": round(self.roles, 3),
            "years_within_1": round(self.years, 3),
            "profession": round(self.profession, 3),
        }


def _years_ok(gold: float | None, predicted: float | None) -> bool:
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) <= 1.0


def predicted_profession(resume: Resume) -> str | None:
    profession = getattr(resume, "profession", None)
    return profession.id if profession is not None else None


def score(labels: list[dict], shared: dict[str, str]) -> Score:
    total = Score()
    for label in labels:
        text = label_text(label, shared)
        if text is None:
            continue
        year, month = (int(x) for x in label["as_of"].split("-"))
        resume = parse_resume_text(text, today=date(year, month, 1))
        total.resumes += 1
        right, compared = line_kinds(label, text, resume)
        total.lines_right += right
        total.lines += compared
        matched, predicted, labelled = role_counts(label, resume)
        total.roles_matched += matched
        total.roles_predicted += predicted
        total.roles_labelled += labelled
        gold = gold_years(label)
        ok = _years_ok(gold, resume.total_years)
        total.years_within_one += ok
        prof_ok = predicted_profession(resume) == label["profession"]
        total.professions_right += prof_ok
        if not ok or matched < max(predicted, labelled) or right < compared or not prof_ok:
            total.misses.append(
                f"{label['id']}: lines {right}/{compared}, roles {matched}/{predicted}/{labelled}, "
                f"years {resume.total_years} vs {gold}, profession {predicted_profession(resume)} vs "
                f"{label['profession']}"
            )
    return total


if __name__ == "__main__":
    import sys

    result = score(
        load_labels("heldout.jsonl" if "--heldout" in sys.argv else "labels.jsonl"), shared_texts()
    )
    print(json.dumps(result.summary()))
    if "-v" in sys.argv:
        print("\n".join(result.misses))
