"""Accuracy on labelled sets beyond the development set.

Google careers postings (../shared/data/postings/google_careers_2018) come with the employer's own
split into Minimum and Preferred qualifications: a natural answer key for required vs preferred.
Each posting is analyzed as one text with those headings; every skill found in the Minimum field must come
out required, and every skill found only in the Preferred field preferred.

    python -m bench.eval_sets --shared ../shared
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
from pathlib import Path

import jdlens


def google_rows(shared: Path) -> list[dict[str, str]]:
    path = shared / "data/postings/google_careers_2018/job_skills.csv"
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            r for r in csv.DictReader(handle) if r["Minimum Qualifications"] and r["Preferred Qualifications"]
        ]


def google_text(row: dict[str, str]) -> tuple[str, int, int]:
    """The posting as one text, and where its Minimum and Preferred parts start."""
    parts = ["Responsibilities", row["Responsibilities"], "Minimum qualifications:"]
    head = "\n".join(parts) + "\n"
    minimum = head + row["Minimum Qualifications"] + "\nPreferred qualifications:\n"
    return minimum + row["Preferred Qualifications"], len(head), len(minimum)


# Harder variants of the Google postings: the same Minimum / Preferred blocks under other headings
# (cycled by row), with the line breaks lost as in scraped text, or with no headings at all.
MINIMUM_HEADINGS = (
    "Minimum qualifications:",
    "What you'll need",
    "You have:",
    "Requirements",
    "Must haves",
    "What we're looking for:",
    "Basic Qualifications",
    "Who you are",
)
PREFERRED_HEADINGS = (
    "Preferred qualifications:",
    "We Prefer",
    "Bonus points",
    "Extra credit:",
    "What would make you stand out",
    "It's a plus if you have:",
    "Nice to have",
    "Even better:",
    "Ideally you also have",
    "Good to have",
    "Desired skills:",
    "Pluses",
)
VARIANTS = ("explicit", "rephrased", "glued", "lost")


def google_variant(row: dict[str, str], index: int, variant: str) -> tuple[str, str, str]:
    """The posting as one text in a variant, and the first lines of its Minimum and Preferred blocks."""
    minimum, preferred = row["Minimum Qualifications"].strip(), row["Preferred Qualifications"].strip()
    min_head, pref_head = "Minimum qualifications:", "Preferred qualifications:"
    if variant in ("rephrased", "glued"):
        min_head = MINIMUM_HEADINGS[index % len(MINIMUM_HEADINGS)]
        pref_head = PREFERRED_HEADINGS[index % len(PREFERRED_HEADINGS)]
    blocks = [row["Responsibilities"].strip(), minimum, preferred]
    if variant == "lost":
        text = "\n\n".join(blocks)
    else:
        text = "\n".join(["Responsibilities", blocks[0], min_head, minimum, pref_head, preferred])
    if variant == "glued":
        text = text.replace("\n", "")
    return text, minimum.split("\n", 1)[0][:40], preferred.split("\n", 1)[0][:40]


def evaluate_google(shared: Path, variant: str = "explicit") -> tuple[int, int, dict[str, int]]:
    ok = n = 0
    confusion: dict[str, int] = {}
    for index, row in enumerate(google_rows(shared)):
        raw, min_line, pref_line = google_variant(row, index, variant)
        analysis = jdlens.analyze(raw, title=row["Title"])
        text = analysis.text
        min_at, pref_at = text.find(min_line), text.find(pref_line, text.find(min_line) + 1)
        if min_at < 0 or pref_at <= min_at:
            continue
        for skill in analysis.skills:
            places = {
                ("min" if min_at <= e.start < pref_at else "pref" if e.start >= pref_at else "resp")
                for e in skill.evidence
            }
            if "min" in places or places == {"pref"}:
                want = "required" if "min" in places else "preferred"
                n += 1
                ok += skill.requirement == want
                key = f"{want}->{skill.requirement}"
                confusion[key] = confusion.get(key, 0) + 1
    return ok, n, confusion


def evaluate_dev_extras(shared: Path) -> dict[str, tuple[int, int]]:
    """Fields of the development set that score_dev.py does not score: remote, preferred degree,
    equivalent experience, salary currency and period."""
    folder = shared / "data/labeled/jdlens_dev_50"
    posts = {p["hid"]: p for p in map(json.loads, (folder / "postings.jsonl").read_text().splitlines())}
    counts = {
        k: [0, 0] for k in ("remote", "degree_preferred", "equivalent_experience", "salary_currency_period")
    }
    for gold in map(json.loads, (folder / "gold.jsonl").read_text().splitlines()):
        post = posts[gold["hid"]]
        a = jdlens.analyze(post["text"], title=post.get("title"))
        checks = {
            "remote": a.location.remote == gold["remote"],
            "degree_preferred": a.education.preferred_degree == gold["degree_preferred"],
            "equivalent_experience": a.education.equivalent_experience == gold["equivalent_experience_ok"],
        }
        if gold.get("salary"):
            got = (a.salary.currency, a.salary.period) if a.salary else None
            checks["salary_currency_period"] = got == (gold["salary"]["currency"], gold["salary"]["period"])
        for key, ok in checks.items():
            counts[key][0] += ok
            counts[key][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


NHS_LABELS = Path(__file__).resolve().parents[1] / "tests/data/labeled/nhs_roles_200.jsonl"


def nhs_postings(shared: Path, ids: set[str]) -> dict[str, tuple[str, str]]:
    """vacancy id -> (title, description) for the NHS postings named in ``ids``."""
    found: dict[str, tuple[str, str]] = {}
    with gzip.open(shared / "data/postings/nhs_jobs_2020/jobs.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            vid = row["url"].rsplit("/", 1)[-1]
            if vid in ids and vid not in found:
                found[vid] = (html.unescape(row["title"]), html.unescape(row["description"]))
    return found


def evaluate_nhs_roles(shared: Path) -> tuple[int, int, list[str]]:
    """Technical vs not on 200 hand-labelled NHS postings (full texts): role ``other`` means not technical."""
    labels = [json.loads(line) for line in NHS_LABELS.read_text("utf-8").splitlines()]
    texts = nhs_postings(shared, {r["id"] for r in labels})
    ok, misses = 0, []
    for row in labels:
        title, text = texts[row["id"]]
        role = jdlens.analyze(text, title=title).role
        got = "other" if role.category == "other" else "technical"
        ok += got == row["label"]
        if got != row["label"]:
            misses.append(
                f"{row['id']} {title!r}: {row['label']} read as {role.category} ({role.confidence})"
            )
    return ok, len(labels), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    extras = evaluate_dev_extras(args.shared)
    print(
        "jdlens_dev_50, fields beyond score_dev.py: "
        + "  ".join(f"{k} {ok / n:.3f} (n={n})" for k, (ok, n) in extras.items())
    )
    for variant in VARIANTS:
        ok, n, confusion = evaluate_google(args.shared, variant)
        print(
            f"google careers 2018, Minimum/Preferred sections ({variant}): required/preferred "
            f"{ok / max(1, n):.3f} over {n} skill mentions "
            f"({', '.join(f'{k} {v}' for k, v in sorted(confusion.items()))})"
        )
    ok, n, misses = evaluate_nhs_roles(args.shared)
    print(f"nhs_jobs_2020, 200 hand-labelled postings: technical vs other {ok / n:.3f} (n={n})")
    for miss in misses:
        print("  ", miss)


if __name__ == "__main__":
    main()
