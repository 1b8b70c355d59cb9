"""The JSON of every analysis of a fixed sample, one line each, to check that a speed change leaves the
output the same, byte for byte.

    python -m bench.analysis_dump --shared ../shared --out /tmp/before.jsonl [--limit 300]
    python -m bench.analysis_dump --compare /tmp/before.jsonl /tmp/after.jsonl

The sample: the first ``--limit`` postings of each shared corpus (as ``bench.analyze_throughput``
picks them), the 50 postings of the dev set (``labeled/jdlens_dev_50``), and every resume of the two
resume dev sets (``resumes/jdlens_resume_dev``: resume_dev and resume_dev_tech) read by
``parse_resume_text``. Each line holds an id and ``model_dump_json()`` of the result. Resumes are
personal data: the dump is refused inside the project tree (write it under /tmp and delete it when
done). ``--compare`` prints the number of items and of differences and the first differing ids, and
exits 1 when any differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.corpora import postings
from jdlens.job.pipeline import analyze
from jdlens.resume import parse_resume_text

PROJECT = Path(__file__).resolve().parents[1]
RESUME_SETS = ("resume_dev.jsonl", "resume_dev_tech.jsonl")
SHOWN = 10


def _jsonl(path: Path) -> Iterator[dict[str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def items(shared: Path, limit: int, resumes: bool = True) -> Iterator[tuple[str, str]]:
    """(id, JSON of the result) for every item of the sample, in a fixed order."""
    seen: dict[str, int] = {}
    for corpus, text, title in postings(shared):
        n = seen.get(corpus, 0)
        if limit and n >= limit:
            continue
        seen[corpus] = n + 1
        yield f"{corpus}:{n}", analyze(text, title=title).model_dump_json()
    dev = shared / "data" / "labeled" / "jdlens_dev_50" / "postings.jsonl"
    if dev.exists():
        for post in _jsonl(dev):
            yield f"dev:{post['hid']}", analyze(post["text"], title=post.get("title")).model_dump_json()
    folder = shared / "data" / "resumes" / "jdlens_resume_dev"
    for name in RESUME_SETS if resumes else ():
        if (folder / name).exists():
            for i, cv in enumerate(_jsonl(folder / name)):
                yield f"{name}:{i}:{cv.get('id', '')}", parse_resume_text(cv["text"]).model_dump_json()


def _read(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["id"]] = row["json"]
    return out


def compare(before: Path, after: Path) -> int:
    a, b = _read(before), _read(after)
    ids = list(dict.fromkeys([*a, *b]))
    differ = [i for i in ids if i in a and i in b and a[i] != b[i]]
    missing = [i for i in ids if i not in a or i not in b]
    print(f"{len(a)} and {len(b)} items; {len(differ)} of those in both differ, {len(missing)} in one only")
    for i in differ[:SHOWN]:
        print(f"  differs: {i}")
    for i in missing[:SHOWN]:
        print(f"  in one only: {i}")
    return 1 if differ or missing else 0


def _inside_project(path: Path) -> bool:
    return path.resolve().is_relative_to(PROJECT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument(
        "--limit", type=int, default=300, help="at most this many postings per corpus (0: all)"
    )
    parser.add_argument("--no-resumes", action="store_true", help="postings only")
    parser.add_argument("--out", type=Path, help="the dump (JSON lines); outside the project tree")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("--out or --compare is needed")
    if _inside_project(args.out):
        parser.error("the dump holds resumes (personal data): write it outside the project tree, e.g. /tmp")
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for item_id, dumped in items(args.shared, args.limit, not args.no_resumes):
            out.write(json.dumps({"id": item_id, "json": dumped}) + "\n")
            count += 1
    print(f"{count} items written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
