"""Column layouts: which source column holds which posting field, by preset, by guess, or by ``--map``.

The one column guesser of every table door: ``analyze --input``, ``rank --jobs`` and ``market ingest``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.errors import InputError, MarketError
from jdlens.sources.markup import unescape

DATA_PACKAGE = "jdlens.sources.data"

FIELDS: dict[str, str] = {
    "text": "the job description (required)",
    "title": "job title",
    "company": "company name",
    "location": 'free-text location ("City, ST", "Remote", ...)',
    "city": "city",
    "state": "state or region",
    "country": "country",
    "remote": "remote flag or remote/hybrid/onsite",
    "date_posted": "date the posting was published",
    "salary_min": "lower salary bound (number)",
    "salary_max": "upper salary bound (number)",
    "salary_currency": "salary currency (ISO code)",
    "salary_period": "salary period (year, month, hour, ...)",
    "salary_text": 'salary as text ("$56K-$97K")',
    "company_size": 'company size ("1001 to 5000 employees")',
    "industry": "industry",
    "employment_type": "full-time, contract, ...",
    "source_seniority": "seniority as labelled by the source",
    "url": "posting URL",
    "native_id": "the source's own posting id",
    "board": "job board the row came from",
}

# Column names tried, in order, when no preset fits and --map does not name the field.
GUESSES: dict[str, tuple[str, ...]] = {
    "text": (
        "description",
        "job_description",
        "job_description_text",
        "jobdescription",
        "Job Description",
        "body",
        "text",
        "jd",
        "posting",
        "content",
    ),
    "title": ("title", "job_title", "Job Title", "position", "role"),
    "company": ("company", "company_name", "Company Name", "Company", "employer"),
    "location": ("location", "Location", "job_location"),
    "city": ("city",),
    "state": ("state", "region"),
    "country": ("country",),
    "date_posted": ("date_posted", "posted_date", "job_posted_date", "date", "created", "datePosted"),
    "salary_text": ("salary", "Salary Estimate", "salary_range", "pay"),
    "company_size": ("company_size", "Size", "company_num_employees", "employees"),
    "industry": ("industry", "Industry", "company_industry"),
    "url": ("url", "job_url", "link"),
    "native_id": ("id", "job_id", "posting_id"),
}

_TAG = compile_pattern(r"<[^>]{0,400}>")
_ANCHOR = compile_pattern(r"(?is)<a\b[^>]*>.*?</a>")
_BARE_URL = compile_pattern(r"(?i)\bhttps?://\S+|\bwww\.\S+")
_LINK = compile_pattern(r"(?i)https?://|www\.")
_URLISH = compile_pattern(r"(?i)^(?:https?://|www\.)|\.(?:com|io|ai|org|net|co)(?:/|$)")


@dataclass(frozen=True)
class FieldSpec:
    """Where one posting field comes from."""

    column: str | None = None
    op: str | None = None
    arg: int = 0
    join: tuple[tuple[str, str], ...] = ()

    def columns(self) -> list[str]:
        return [c for _, c in self.join] if self.join else [self.column] if self.column else []


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    detect: tuple[str, ...]
    fields: dict[str, FieldSpec] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """The resolved layout of one file: field -> spec, and the preset it came from (or ``guessed``)."""

    preset: str
    fields: dict[str, FieldSpec]

    def describe(self) -> str:
        parts = [
            f"{name}={'+'.join(spec.columns())}{f' ({spec.op})' if spec.op else ''}"
            for name, spec in self.fields.items()
        ]
        return f"{self.preset}: " + ", ".join(parts)


def _spec(raw: Any, where: str) -> FieldSpec:
    if isinstance(raw, str):
        return FieldSpec(column=raw)
    if isinstance(raw, dict) and "join" in raw:
        return FieldSpec(join=tuple((str(h), str(c)) for h, c in raw["join"]))
    if isinstance(raw, dict) and "column" in raw:
        op = raw.get("op")
        if op is not None and op not in OPS:
            raise ValueError(f"{where}: unknown op {op!r}")
        return FieldSpec(column=str(raw["column"]), op=op, arg=int(raw.get("arg", 0)))
    raise ValueError(f"{where}: cannot read field spec {raw!r}")


@lru_cache(maxsize=1)
def load_presets() -> dict[str, Preset]:
    """The bundled presets (``data/presets.yaml``), by name."""
    doc = load_yaml(DATA_PACKAGE, "presets.yaml")
    presets: dict[str, Preset] = {}
    for name, body in doc["presets"].items():
        fields = {}
        for key, value in body["fields"].items():
            if key not in FIELDS:
                raise ValueError(f"preset {name}: unknown field {key!r}")
            fields[key] = _spec(value, f"preset {name}.{key}")
        presets[name] = Preset(name, body["description"], tuple(body["detect"]), fields)
    return presets


def parse_map(items: Iterable[str]) -> dict[str, str]:
    """``["title=Job Title,text=body"]`` -> ``{"title": "Job Title", "text": "body"}``."""
    out: dict[str, str] = {}
    for item in items:
        for part in item.split(","):
            if not part.strip():
                continue
            key, sep, column = part.partition("=")
            key, column = key.strip(), column.strip()
            if not sep or not key or not column:
                raise MarketError("JDL042", mapping=part, reason="use FIELD=COLUMN")
            if key not in FIELDS:
                raise MarketError(
                    "JDL042", mapping=part, reason=f"unknown field; fields: {', '.join(FIELDS)}"
                )
            out[key] = column
    return out


def detect_preset(columns: Iterable[str]) -> Preset | None:
    """The first preset whose identifying columns are all present."""
    have = set(columns)
    for preset in load_presets().values():
        if all(c in have for c in preset.detect):
            return preset
    return None


def _guess(columns: list[str]) -> dict[str, FieldSpec]:
    lower = {c.casefold(): c for c in columns}
    fields: dict[str, FieldSpec] = {}
    for name, candidates in GUESSES.items():
        for cand in candidates:
            if cand in columns or cand.casefold() in lower:
                fields[name] = FieldSpec(column=cand if cand in columns else lower[cand.casefold()])
                break
    return fields


def resolve_mapping(
    columns: list[str], preset: str | None = None, overrides: Mapping[str, str] | None = None
) -> Layout:
    """The layout of a file with ``columns``: the named preset, a detected one, or guessed columns;
    ``overrides`` (field -> column) win. Raises InputError when a column is missing."""
    presets = load_presets()
    if preset is not None:
        if preset not in presets:
            raise MarketError(
                "JDL042", mapping=f"--preset {preset}", reason=f"known presets: {', '.join(presets)}"
            )
        chosen: Preset | None = presets[preset]
    else:
        chosen = detect_preset(columns)
    fields = dict(chosen.fields) if chosen else _guess(columns)
    for key, column in (overrides or {}).items():
        fields[key] = FieldSpec(column=column)
    # a preset's optional columns may be absent (missing values); columns the user names must exist
    for key in list(overrides or {}) + ["text"]:
        for column in fields[key].columns() if key in fields else []:
            if column not in columns and not (key == "text" and fields[key].join):
                raise InputError("JDL004", column=column, available=", ".join(columns[:40]))
    if "text" not in fields:
        raise MarketError(
            "JDL042", mapping="text", reason="no description column found; use --map text=COLUMN"
        )
    name = chosen.name if chosen else "guessed"
    return Layout(preset=name + ("+map" if overrides else ""), fields=fields)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    text = str(value).strip()
    return text or None


def _first_line(text: str, _arg: int) -> str | None:
    return _clean(text.split("\n", 1)[0])


def _first_line_fields(text: str) -> list[str]:
    """The "|"-separated fields of an HN post's first line, without links and markup."""
    head = re.split(r"(?i)<p>|\n", text, maxsplit=1)[0]
    head = unescape(_TAG.sub(" ", _ANCHOR.sub(" ", head)))
    head = _BARE_URL.sub(" ", head)
    return [" ".join(p.split()) for p in head.split("|")]


def _pipe_field(text: str, arg: int) -> str | None:
    parts = _first_line_fields(text)
    if len(parts) < 2 or arg >= len(parts):
        return None
    value = parts[arg]
    if not value or len(value) > 120 or _LINK.match(value):
        return None
    return value


_ROLE_WORDS = compile_pattern(
    r"(?i)\b(engineers?|scientists?|developers?|researchers?|architects?|analysts?|designers?|managers?|"
    r"leads?|heads? of|directors?|interns?|founding|swe|sre|mle|cto|devops|programmers?|specialists?)\b"
)


def _pipe_role(text: str, _arg: int) -> str | None:
    """The first "Company | ... " field after the company that names a role."""
    parts = _first_line_fields(text)
    for part in parts[1:]:
        if part and len(part) <= 120 and _ROLE_WORDS.search(part) and not _URLISH.search(part):
            return part
    return None


def _before_last_dash(text: str, _arg: int) -> str | None:
    head, sep, _tail = text.rpartition(" - ")
    return _clean(head) if sep else _clean(text)


def _after_last_dash(text: str, _arg: int) -> str | None:
    _head, sep, tail = text.rpartition(" - ")
    return _clean(tail) if sep else None


def _unescape_html(text: str, _arg: int) -> str | None:
    return _clean(unescape(text))


OPS = {
    "first_line": _first_line,
    "pipe_field": _pipe_field,
    "pipe_role": _pipe_role,
    "before_last_dash": _before_last_dash,
    "after_last_dash": _after_last_dash,
    "unescape_html": _unescape_html,
}


def extract_field(row: Mapping[str, Any], spec: FieldSpec) -> str | None:
    """One field's value from one source row (stripped; None when empty)."""
    if spec.join:
        parts = []
        for heading, column in spec.join:
            value = _clean(row.get(column))
            if value:
                parts.append(f"{heading}:\n{value}")
        return "\n\n".join(parts) or None
    value = _clean(row.get(spec.column)) if spec.column else None
    if value is None or spec.op is None:
        return value
    return OPS[spec.op](value, spec.arg)


def extract_fields(row: Mapping[str, Any], mapping: Layout) -> dict[str, str | None]:
    return {name: extract_field(row, spec) for name, spec in mapping.fields.items()}
