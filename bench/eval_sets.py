"""Accuracy on labelled sets beyond the development set.

Salary: the NHS Jobs records (../shared/data/postings/nhs_jobs_2020) carry a salary string and the
site's own min/max for it (per year; hourly rates are stated per year at 1,681 hours, measured as the
median ratio); the reader (``jdlens.money.parse_salary_string``) must give the same figures. The AI-lab
ATS snapshots carry pay summaries ("$178.2K  $301.5K  Offers Equity") whose first two figures are the
range. The hand-checked statements in tests/data/salary_statements.jsonl are scored per split.

Google careers postings (../shared/data/postings/google_careers_2018) come with the employer's own
split into Minimum and Preferred qualifications: a natural answer key for required vs preferred.
Each posting is analyzed as one text with those headings; every skill found in the Minimum field must come
out required, and every skill found only in the Preferred field preferred.

    python -m bench.eval_sets --shared ../shared
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import html
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import jdlens
from jdlens.money import Amount, MoneyRange, find_amounts, parse_salary_string, periods_per_year


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


def nhs_salary_rows(shared: Path) -> list[tuple[str, float, float]]:
    """(salary string, key min, key max) of every NHS record whose key states a figure."""
    rows = []
    with gzip.open(shared / "data/postings/nhs_jobs_2020/jobs.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            salary = json.loads(line).get("baseSalary")
            salary = ast.literal_eval(salary) if isinstance(salary, str) else salary or {}
            value = salary.get("value") or {}
            if "minValue" in value and "maxValue" in value:
                rows.append(
                    (str(value.get("value") or ""), float(value["minValue"]), float(value["maxValue"]))
                )
    return rows


def _per_year(found: MoneyRange, hours: float) -> tuple[float, float]:
    factor = hours if found.period == "hour" else periods_per_year()[found.period]
    return found.low * factor, found.high * factor


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= max(1.0, 0.0002 * b)  # the key truncates pence and rounds hourly conversions


_BONUS = re.compile(r"(?i)bonus|welcome|golden hello|relocation")


def _stated(keys: tuple[float, float], candidates: set[float]) -> bool:
    return all(any(_same(c, k) or int(c) == int(k) for c in candidates) for k in keys)


def _rate(text: str, amount: Amount) -> bool:
    """An hourly figure written as a rate ("16.50 per hour", "9.78p/h"), not a count ("28 hrs p/w")."""
    return bool(re.search(r"(?i)/|\bper\b|p/?h\b|hourly", text[amount.start : amount.end]))


def reader_miss(text: str, lo: float, hi: float, found: MoneyRange | None, hours: float) -> str:
    """Why a key that is a reading of its string still disagrees with the reader: the convention."""
    amounts = [a for a in find_amounts(text) if a.currency]
    if found is None:
        return "no reading (the reader finds no pay)"
    if found.period == "year" and any(a.period == "hour" and _same(a.value * hours, lo) for a in amounts):
        return "an annual salary with an hourly equivalent: the key takes the hourly"
    if len(amounts) >= 3 and _same(amounts[0].value, lo) and _same(amounts[1].value, hi):
        return "a list of pay points or rates: the key takes the first two"
    if len(amounts) >= 2 and found.low == found.high:
        return "two figures, the reader keeps one (a full-time equivalent, a figure in another period)"
    return "other conventions and slips"


def key_error(text: str, lo: float, hi: float, found: MoneyRange | None, hours: float) -> str | None:
    """Why the site's min/max cannot be a reading of its own string, or None when it can be.

    An hourly rate is a figure marked as money (a currency sign or an hourly period): a bare number
    multiplied by the hours of a year ("Annex 21", "Clinical 5", "28 hrs p/w", "1:5 on call") is no
    reading of the string, and neither is a zero."""
    amounts = find_amounts(text)
    figures = {a.value for a in amounts}
    hourly = {a.value * hours for a in amounts if a.currency or (a.period == "hour" and _rate(text, a))}
    if min(lo, hi) <= 0:
        return "a zero as pay"
    if not _stated((lo, hi), figures | hourly):
        if _stated((lo, hi), figures | {f * hours for f in figures}):
            return "a bare number (grade, annex, hours) taken as an hourly rate"
        return "figures the string does not state"
    if _BONUS.search(text) and lo < hi / 3 and any(_same(f, lo) for f in figures):
        return "a bonus taken as the minimum"
    if found is not None and found.period in ("week", "month", "day") and _same(found.low, lo):
        return "a weekly or monthly figure given as a year"
    return None


def evaluate_nhs_salary(shared: Path) -> dict[str, Any]:
    rows = nhs_salary_rows(shared)
    started = time.process_time()
    found = [parse_salary_string(text, currency="GBP") for text, _, _ in rows]
    cpu = time.process_time() - started
    ratios = [k[2] / f.high for f, k in zip(found, rows, strict=True) if f and f.period == "hour" and f.high]
    hours = float(round(statistics.median(ratios))) if ratios else 1681.0
    exact = 0
    errors: Counter[str] = Counter()
    misses: dict[str, list[str]] = {}
    for f, (text, lo, hi) in zip(found, rows, strict=True):
        if f is not None and all(_same(a, b) for a, b in zip(_per_year(f, hours), (lo, hi), strict=True)):
            exact += 1
            continue
        why = key_error(text, lo, hi, f, hours)
        if why is not None:
            errors[why] += 1
        reading = "none" if f is None else f"{f.low:g} - {f.high:g} per {f.period}"
        cause = f"key error: {why}" if why else reader_miss(text, lo, hi, f, hours)
        misses.setdefault(cause, []).append(f"{text[:70]!r}: key {lo:g} - {hi:g}; read {reading}")
    n = len(rows)
    readable = n - sum(errors.values())
    return {
        "n": n,
        "exact": exact / n,
        "key_errors": errors,
        "exact_on_readable": exact / readable,
        "hours": hours,
        "cpu_s": cpu,
        "misses": misses,
    }


def evaluate_ats_salary(shared: Path) -> tuple[int, int]:
    """AI-lab ATS pay summaries: the reader's range against the summary's first two figures."""
    path = shared / "data/postings/ai_labs_ats_2025_2026/outputs/snapshots/2026-04-08.csv"
    csv.field_size_limit(1 << 30)
    ok = n = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            m = re.search(r"'compensationTierSummary': '([^']+)'", row["raw_data"])
            if not m:
                continue
            figures = [
                float(x) * (1000 if k else 1)
                for x, k in re.findall(r"([\d.]+)(K?)", m.group(1).replace(",", ""))
            ]
            want = (figures[0], figures[1] if len(figures) > 1 else figures[0])
            got = parse_salary_string(m.group(1), currency="USD")
            n += 1
            ok += got is not None and all(_same(a, b) for a, b in zip((got.low, got.high), want, strict=True))
    return ok, n


def _agrees(got: MoneyRange | None, want: dict[str, float | str] | None, currency: str | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    ends = all(
        abs(g - float(want[k])) <= 0.005 * float(want[k]) for g, k in ((got.low, "min"), (got.high, "max"))
    )
    return ends and (got.currency or currency, got.period) == (want["currency"], want["period"])


def evaluate_salary_statements() -> dict[str, tuple[int, int]]:
    """The hand-checked statements, per split (the same reading and check as tests/test_salary_statements.py)."""
    path = Path(__file__).resolve().parents[1] / "tests/data/salary_statements.jsonl"
    counts: dict[str, list[int]] = {}
    for item in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        if item["kind"] == "field":
            got = parse_salary_string(item["text"], currency=item.get("currency"))
        else:
            salary = jdlens.analyze(item["text"]).salary
            got = (
                None
                if salary is None
                else MoneyRange(salary.min, salary.max, salary.currency, salary.period, True, 0, 0, True)
            )
        c = counts.setdefault(item["split"], [0, 0])
        c[0] += _agrees(got, item["want"], item.get("currency"))
        c[1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def print_salary(shared: Path, show_misses: int = 0) -> None:
    nhs = evaluate_nhs_salary(shared)
    print(
        f"nhs jobs 2020 salary strings: exact {nhs['exact']:.4f} against the site's min/max (n={nhs['n']})"
        + "; keys that are not a reading of their string: "
        + ", ".join(f"{why} {k}" for why, k in nhs["key_errors"].most_common())
        + f"; exact on the rest {nhs['exact_on_readable']:.4f} (hourly at {nhs['hours']:.0f} h/year; "
        f"{nhs['cpu_s']:.2f} s CPU)"
    )
    if show_misses:
        for cause, items in sorted(nhs["misses"].items(), key=lambda kv: -len(kv[1])):
            print(f"  {len(items)} {cause}")
            for item in items[:show_misses]:
                print(f"      {item}")
    ok, n = evaluate_ats_salary(shared)
    print(f"ai-lab ATS pay summaries: exact {ok / max(1, n):.4f} (n={n})")
    splits = evaluate_salary_statements()
    print(
        "salary statements (tests/data, hand-checked): "
        + "  ".join(f"{k} {ok / n:.3f} (n={n})" for k, (ok, n) in sorted(splits.items()))
    )


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
    parser.add_argument(
        "--misses", type=int, default=0, metavar="N", help="print the NHS salary misses by cause, N of each"
    )
    args = parser.parse_args()
    print_salary(args.shared, args.misses)
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
