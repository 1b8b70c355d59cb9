"""Skills read out of text that is not text: e-mail addresses, URLs, file names and phone numbers.

Counts, over the shared corpora (the seven text corpora and the NHS JobPosting records), the
postings where a stated skill's evidence lies inside such a span, and the postings where .NET is
read out of an e-mail domain such as ``@nhs.net``.

    python -m bench.masked_spans --shared ../shared [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import jdlens
from bench.corpora import postings
from jdlens.text.masks import non_text_spans

_AT_DOMAIN = re.compile(r"@[\w.-]*$")


def nhs_postings(shared: Path) -> Iterator[tuple[str, str, str | None]]:
    path = shared / "data" / "postings" / "nhs_jobs_2020" / "jobs.jsonl.gz"
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = str(record.get("description") or "").strip()
            if text:
                yield "nhs_jobs_2020", text, record.get("title")


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many postings in all")
    args = parser.parse_args()
    total = in_spans = dotnet_at = 0
    started = time.process_time()
    for n, (_corpus, text, title) in enumerate((*postings(args.shared), *nhs_postings(args.shared)), start=1):
        if args.limit and n > args.limit:
            break
        analysis = jdlens.analyze(text, title=title)
        spans = non_text_spans(analysis.text)
        evidence = [e for s in analysis.skills for e in s.evidence]
        total += 1
        in_spans += any(inside(spans, e.start, e.end) for e in evidence)
        dotnet_at += any(
            e.text.lower() == ".net" and _AT_DOMAIN.search(analysis.text[max(0, e.start - 80) : e.start])
            for s in analysis.skills
            if s.name == ".NET"
            for e in s.evidence
        )
    print(f"postings: {total}")
    print(f"postings with a skill read inside an e-mail, URL, file name or phone number: {in_spans}")
    print(f"postings with .NET read from an e-mail domain (@....net): {dotnet_at}")
    print(f"CPU time: {time.process_time() - started:.1f} s")


if __name__ == "__main__":
    main()
