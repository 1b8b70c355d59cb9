"""The command line keeps every promise its help makes.

Walks the typer app: every command and option is in docs/cli.md, and every option either changes the
output or is validated (a bad value gives one coded line, a non-zero exit and no traceback). Every
``--format json`` output validates against its published JSON Schema in docs/schemas/.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
from pathlib import Path

import jsonschema
import pytest

from jdlens.cli import main
from jdlens.cli.docgen import SCHEMAS, all_nodes, render_schemas, schema_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
JOB = DATA / "jobs" / "ml-eng.txt"
RESUME = DATA / "resumes" / "harvey_dent_mle.pdf"
SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"
CODED = re.compile(r"^error: \[JDL0\d\d\] ")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A market database, a small postings table, a resume folder and a broken taxonomy."""
    base = tmp_path_factory.mktemp("cli")
    try:
        main(["market", "ingest", str(SAMPLE), "--db", str(base / "m.duckdb"), "--workers", "1"])
    except SystemExit as exc:
        assert not exc.code
    table = base / "jobs.jsonl"
    texts = [JOB.read_text(encoding="utf-8"), (DATA / "jobs" / "backend-eng.txt").read_text(encoding="utf-8")]
    table.write_text(
        "".join(
            json.dumps({"title": f"Job {i}", "role": f"Opening {i}", "description": t}) + "\n"
            for i, t in enumerate(texts * 2)
        ),
        encoding="utf-8",
    )
    resumes = base / "resumes"
    resumes.mkdir()
    shutil.copy(RESUME, resumes / RESUME.name)
    shutil.copy(DATA / "resumes" / "john_doe.pdf", resumes / "john_doe.pdf")
    broken = base / "broken.yaml"
    broken.write_text("version: 1\nskills: [{id: 'Bad Id'}]\n", encoding="utf-8")
    return {"db": base / "m.duckdb", "table": table, "resumes": resumes, "base": base, "broken": broken}


def base_args(path: tuple[str, ...], w: dict[str, Path], tmp: Path) -> list[str] | None:
    """A valid invocation of each command (None: it would not return, as ``serve``)."""
    db = str(w["db"])
    return {
        (): [],
        ("advise",): ["advise", str(JOB)],
        ("analyze",): ["analyze", str(JOB)],
        ("doctor",): ["doctor"],
        ("market",): ["market"],
        ("market", "export"): ["market", "export", "--db", db, "--out", str(tmp / "export")],
        ("market", "ingest"): [
            "market",
            "ingest",
            str(SAMPLE),
            "--db",
            str(tmp / "new.duckdb"),
            "--workers",
            "1",
        ],
        ("market", "presets"): ["market", "presets"],
        ("market", "report"): ["market", "report", "--db", db, "--out", str(tmp / "report")],
        ("market", "skills"): ["market", "skills", "--db", db],
        ("market", "summary"): ["market", "summary", "--db", db],
        ("match",): ["match", str(RESUME), str(JOB)],
        ("rank",): ["rank", "--resume", str(RESUME), "--jobs", str(w["table"]), "--workers", "1"],
        ("serve",): None,
        ("taxonomy",): ["taxonomy"],
        ("taxonomy", "stats"): ["taxonomy", "stats"],
        ("taxonomy", "validate"): ["taxonomy", "validate"],
    }[path]


# Bad values, by option name (any command): each must give one coded line and a non-zero exit.
BAD_ANY: dict[str, list[str]] = {
    "--format": ["xml"],
    "--output": ["{missing}/out.txt"],
    "--workers": ["0", "-3", "abc", "100000"],
    "--top": ["0", "-5", "many", "10000000000"],
    "--batch-size": ["0", "-1", "big"],
    "--encoding": ["no-such-encoding"],
    "--db": ["{missing}/market.duckdb"],
    "--since": ["yesterday", "2025-13-45"],
    "--until": ["tomorrow"],
    "--role": ["astronaut"],
    "--seniority": ["guru"],
    "--engine": ["hadoop"],
    "--starting-point": ["moon"],
    "--file-format": ["xlsx"],
    "--text-column": ["no_such_column"],
    "--title-column": ["no_such_column"],
    "--resume": ["{missing}/cv.pdf"],
    "--port": ["0", "70000", "http"],
}
NOT_BAD_ANY = {(("market", "ingest"), "--db")}  # ingest creates a new database (and its folder)
# Bad values for one command's option (the value replaces the option's value in the base invocation).
BAD_AT: dict[tuple[tuple[str, ...], str], list[list[str]]] = {
    (("advise",), "JOB"): [["advise", "{missing}/job.txt"]],
    (("analyze",), "SOURCE"): [["analyze", "{missing}/job.txt"], ["analyze"]],
    (("analyze",), "--input"): [["analyze", "--input", "{missing}/t.csv", "-o", "{tmp}/o.jsonl"]],
    (("analyze",), "--title"): [["analyze", "--input", "{table}", "-o", "{tmp}/o.jsonl", "--title", "x"]],
    (("analyze",), "--workers"): [["analyze", str(JOB), "--workers", "2"]],
    (("match",), "RESUME"): [["match", "{missing}/cv.pdf", str(JOB)]],
    (("match",), "JOB"): [["match", str(RESUME), "{missing}/job.txt"]],
    (("match",), "--rewrite"): [["match", str(RESUME), str(JOB), "--rewrite"]],  # no endpoint set
    (("rank",), "--jobs"): [["rank", "--resume", str(RESUME), "--jobs", "{missing}/jobs.csv"]],
    (("rank",), "--job"): [["rank", "--job", "{missing}/job.txt", "--resumes", "{resumes}"]],
    (("rank",), "--resumes"): [
        ["rank", "--job", str(JOB), "--resumes", "{missing}"],
        ["rank", "--job", str(JOB)],
    ],
    (("market", "ingest"), "FILES"): [["market", "ingest", "{missing}/p.csv", "--db", "{tmp}/x.duckdb"]],
    (("market", "ingest"), "--db"): [["market", "ingest", str(SAMPLE), "--db", "{tmp}"]],  # a folder
    (("market", "ingest"), "--preset"): [
        ["market", "ingest", str(SAMPLE), "--db", "{tmp}/x.duckdb", "--preset", "nope"]
    ],
    (("market", "ingest"), "--map"): [
        ["market", "ingest", str(SAMPLE), "--db", "{tmp}/x.duckdb", "--map", "nofield"]
    ],
    (("market", "ingest"), "--tables"): [["market", "ingest", str(SAMPLE), "--tables", "{tmp}/t"]],
    (("market", "ingest"), "--spark-master"): [
        ["market", "ingest", str(SAMPLE), "--db", "{tmp}/x.duckdb", "--spark-master", "local[1]"]
    ],
    (("market", "report"), "--out"): [["market", "report", "--db", "{db}"]],
    (("market", "report"), "--tables"): [["market", "report", "--tables", "{missing}", "--out", "{tmp}/r"]],
    (("market", "report"), "--spark-master"): [
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r", "--spark-master", "local[1]"]
    ],
    (("market", "report"), "--source"): [
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r", "--source", "nope"]
    ],
    (("market", "report"), "--location"): [
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r", "--location", "Atlantis"]
    ],
    (("market", "skills"), "--location"): [["market", "skills", "--db", "{db}", "--location", "Atlantis"]],
    (("market", "skills"), "--category"): [["market", "skills", "--db", "{db}", "--category", "zzzz"]],
    (("market", "export"), "--out"): [["market", "export", "--db", "{db}"]],
    (("market", "export"), "--tables"): [["market", "export", "--tables", "{missing}", "--out", "{tmp}/e"]],
    (("serve",), "--db"): [["serve", "--db", "{missing}/m.duckdb"]],
    (("serve",), "--host"): [["serve", "--host", "no.such.host.invalid", "--port", "8765"]],
    (("taxonomy", "validate"), "PATH"): [["taxonomy", "validate", "{missing}/t.yaml"]],
}
# Options that change the output: two invocations that must print different results.
CHANGES: dict[tuple[tuple[str, ...], str], tuple[list[str], list[str]]] = {
    ((), "--version"): (["--version"], []),
    (("analyze",), "--title"): (
        ["analyze", str(JOB), "-f", "json"],
        ["analyze", str(JOB), "-f", "json", "--title", "Staff Research Scientist"],
    ),
    (("match",), "--title"): (
        ["match", str(RESUME), str(JOB), "-f", "json"],
        ["match", str(RESUME), str(JOB), "-f", "json", "--title", "Staff Research Scientist"],
    ),
    (("advise",), "--title"): (
        ["advise", str(JOB), "-f", "json"],
        ["advise", str(JOB), "-f", "json", "--title", "Machine Learning Intern"],
    ),
    (("advise",), "--from"): (
        ["advise", str(JOB), "-f", "json"],
        ["advise", str(JOB), "-f", "json", "--from", "software_engineer"],
    ),
    (("market", "report"), "--survey"): (
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r2", "-f", "json"],
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r2", "-f", "json", "--survey"],
    ),
    (("advise",), "--resume"): (
        ["advise", str(JOB), "-f", "json"],
        ["advise", str(JOB), "-f", "json", "-r", str(RESUME)],
    ),
    (("rank",), "--top"): (
        ["rank", "--resume", str(RESUME), "--jobs", "{table}", "-f", "json", "--workers", "1"],
        ["rank", "--resume", str(RESUME), "--jobs", "{table}", "-f", "json", "--workers", "1", "--top", "1"],
    ),
    (("rank",), "--title-column"): (
        ["rank", "--resume", str(RESUME), "--jobs", "{table}", "-f", "json", "--workers", "1"],
        [
            "rank",
            "--resume",
            str(RESUME),
            "--jobs",
            "{table}",
            "-f",
            "json",
            "--workers",
            "1",
            "--title-column",
            "role",
        ],
    ),
    (("rank",), "--text-column"): (
        ["rank", "--resume", str(RESUME), "--jobs", "{table}", "-f", "json", "--workers", "1"],
        [
            "rank",
            "--resume",
            str(RESUME),
            "--jobs",
            "{table}",
            "-f",
            "json",
            "--workers",
            "1",
            "--text-column",
            "title",
        ],
    ),
    (("market", "skills"), "--top"): (
        ["market", "skills", "--db", "{db}", "-f", "json"],
        ["market", "skills", "--db", "{db}", "-f", "json", "--top", "2"],
    ),
    (("market", "skills"), "--non-technical"): (
        ["market", "skills", "--db", "{db}", "-f", "json"],
        ["market", "skills", "--db", "{db}", "-f", "json", "--non-technical"],
    ),
    (("market", "report"), "--non-technical"): (
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r1", "-f", "json"],
        ["market", "report", "--db", "{db}", "--out", "{tmp}/r1", "-f", "json", "--non-technical"],
    ),
    (("market", "ingest"), "--dedupe"): (
        ["market", "ingest", "{dup}", "--db", "{tmp}/d1.duckdb", "--workers", "1", "-f", "json"],
        [
            "market",
            "ingest",
            "{dup}",
            "--db",
            "{tmp}/d2.duckdb",
            "--workers",
            "1",
            "-f",
            "json",
            "--no-dedupe",
        ],
    ),
}
# Shown, with what they do, by other tests (named here so that none goes unchecked by accident).
ELSEWHERE: dict[tuple[tuple[str, ...], str], str] = {
    (("analyze",), "--input"): "test_cli_analyze.py batch tests",
    (("serve",), "--port"): "test_busy_port_is_one_coded_line",
    (("serve",), "--workers"): "validated by BAD_ANY (--workers)",
    (("market", "ingest"), "--engine"): "test_spark_market.py runs --engine spark",
    (("market", "report"), "--engine"): "test_spark_market.py runs --engine spark",
    (("market", "export"), "--file-format"): "test_export_formats",
}


def _fill(args: list[str], w: dict[str, Path], tmp: Path) -> list[str]:
    dup = tmp / "dup.jsonl"
    if not dup.exists():
        line = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
        first = json.loads(line)
        dup.write_text(line + "\n" + json.dumps(first | {"id": 1}) + "\n", encoding="utf-8")
    values = {
        "missing": str(tmp / "no-such-dir"),
        "tmp": str(tmp),
        "db": str(w["db"]),
        "table": str(w["table"]),
        "resumes": str(w["resumes"]),
        "dup": str(dup),
    }
    return [a.format(**values) for a in args]


def _with_value(base: list[str], option: str, value: str) -> list[str]:
    args = list(base)
    if option in args:
        args[args.index(option) + 1] = value
        return args
    return [*args, option, value]


def _options() -> list[tuple[tuple[str, ...], str]]:
    found = []
    for path, command in all_nodes():
        for param in command.params:
            name = param.opts[0] if param.opts[0].startswith("-") else param.name.upper()
            found.append((path, name))
    return found


def _bad_cases() -> list[tuple[tuple[str, ...], str, list[str] | None, str | None]]:
    cases: list[tuple[tuple[str, ...], str, list[str] | None, str | None]] = []
    for path, name in _options():
        for value in [] if (path, name) in NOT_BAD_ANY else BAD_ANY.get(name, []):
            cases.append((path, name, None, value))
        for args in BAD_AT.get((path, name), []):
            cases.append((path, name, args, None))
    return cases


def test_every_command_and_option_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    sections = {m.group(1): m.start() for m in re.finditer(r"^## `(jdlens[^`]*)`", doc, flags=re.M)}
    ends = sorted(sections.values()) + [len(doc)]
    for path, name in _options():
        title = " ".join(("jdlens", *path))
        assert title in sections, f"`{title}` is not in docs/cli.md"
        start = sections[title]
        body = doc[start : next(e for e in ends if e > start)]
        assert f"`{name}`" in body, f"`{title} {name}` is not in docs/cli.md"


def test_every_option_is_validated_or_changes_the_output() -> None:
    bad = {(p, n) for p, n, _, _ in _bad_cases()}
    unchecked = [
        f"jdlens {' '.join(p)} {n}"
        for p, n in _options()
        if (p, n) not in bad | CHANGES.keys() | ELSEWHERE.keys()
    ]
    assert not unchecked, f"options with no check: {unchecked}"


@pytest.mark.parametrize(
    ("path", "name", "args", "value"),
    _bad_cases(),
    ids=[f"{' '.join(p) or 'jdlens'}:{n}:{v or ' '.join(a or [])[-30:]}" for p, n, a, v in _bad_cases()],
)
def test_a_bad_value_is_one_coded_line(
    path: tuple[str, ...],
    name: str,
    args: list[str] | None,
    value: str | None,
    work: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if args is None:
        base = base_args(path, work, tmp_path) or ["serve"]
        args = _with_value(base, name, _fill([value or ""], work, tmp_path)[0])
    code, _, err = run(capsys, *_fill(args, work, tmp_path))
    assert code != 0, f"{args} was accepted"
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and CODED.match(lines[0]), err
    assert "[JDL075]" not in err, f"an unexpected failure: {err}"


@pytest.mark.parametrize("key", list(CHANGES), ids=[f"{' '.join(p) or 'jdlens'}:{n}" for p, n in CHANGES])
def test_an_option_changes_the_output(
    key: tuple[tuple[str, ...], str],
    work: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = (_fill(a, work, tmp_path) for a in CHANGES[key])
    code_a, out_a, err_a = run(capsys, *first)
    code_b, out_b, err_b = run(capsys, *second)
    assert code_a == code_b == 0, err_a + err_b
    assert out_a != out_b


@pytest.mark.parametrize("path", list(SCHEMAS), ids=[" ".join(p) for p in SCHEMAS])
def test_json_output_matches_its_published_schema(
    path: tuple[str, ...], work: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = ROOT / "docs" / "schemas" / schema_file(path)
    assert published.read_text(encoding="utf-8") == render_schemas()[schema_file(path)], (
        "docs/schemas is stale: run `make docs`"
    )
    base = base_args(path, work, tmp_path)
    assert base is not None
    code, out, err = run(capsys, *base, "--format", "json")
    assert code == 0, err
    jsonschema.validate(json.loads(out), json.loads(published.read_text(encoding="utf-8")))


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
@pytest.mark.parametrize("path", list(SCHEMAS), ids=[" ".join(p) for p in SCHEMAS])
def test_every_format_renders_and_writes_to_output(
    path: tuple[str, ...], fmt: str, work: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = base_args(path, work, tmp_path)
    assert base is not None
    target = tmp_path / f"result.{fmt}"
    code, out, err = run(capsys, *base, "--format", fmt, "--output", target)
    assert code == 0, err
    written = target.read_text(encoding="utf-8")
    assert written.strip() and written not in out
    if fmt == "html":
        assert written.startswith("<!doctype html>") and "</html>" in written
    elif fmt == "markdown":
        assert written.startswith("# ")
    else:
        assert "\x1b[" not in written  # no colour codes in a file


def test_rank_top_holds_in_every_format(work: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["rank", "--resume", str(RESUME), "--jobs", str(work["table"]), "--workers", "1", "--top", "2"]
    _, out, _ = run(capsys, *args, "-f", "json")
    assert len(json.loads(out)["jobs"]) == 2
    _, out, _ = run(capsys, *args, "-f", "markdown")
    assert out.startswith("# ") and len(re.findall(r"^\| \d+ \|", out, flags=re.M)) == 2
    _, out, _ = run(capsys, *args, "-f", "html")
    assert out.count("<tr>") == 3 + 1 + len(json.loads(run(capsys, *args, "-f", "json")[1])["top_gaps"])


def test_advise_html_is_html(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "advise", JOB, "-f", "html")
    assert code == 0 and out.startswith("<!doctype html>") and "<h2>Learning path</h2>" in out


def test_bare_groups_print_help_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    for group in ([], ["market"], ["taxonomy"]):
        code, out, err = run(capsys, *group)
        assert code == 0 and "Usage:" in out and "error" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import jdlens

    assert run(capsys, "--version") == (0, f"jdlens {jdlens.__version__}\n", "")


def test_busy_port_is_one_coded_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(capsys, "serve", "--port", str(port))
    assert code == 2 and "serving on" not in err + out
    assert err.strip().splitlines() == [
        f"error: [JDL052] cannot listen on 127.0.0.1:{port}: the port is in use (choose another with --port)"
    ]


def test_export_formats(work: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("csv", "parquet"):
        code, out, err = run(
            capsys,
            "market",
            "export",
            "--db",
            work["db"],
            "--out",
            tmp_path / kind,
            "--file-format",
            kind,
            "-f",
            "json",
        )
        assert code == 0, err
        assert {Path(t["file"]).suffix for t in json.loads(out)["tables"]} == {f".{kind}"}


def test_taxonomy_problems_exit_1_in_every_format(
    work: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "taxonomy", "validate", work["broken"], "-f", "json")
    data = json.loads(out)
    assert code == 1 and not data["valid"] and data["problems"] and "[JDL010]" in err


def test_doctor_names_what_a_bug_report_needs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from jdlens.config import get_settings

    monkeypatch.setenv("JDLENS_LLM_API_KEY", "sk-secret-value")
    monkeypatch.setenv("JDLENS_MAX_PAGES", "12")
    get_settings.cache_clear()
    try:
        code, out, _ = run(capsys, "doctor", "-f", "json")
    finally:
        get_settings.cache_clear()
    assert code == 0 and "sk-secret-value" not in out
    data = json.loads(out)
    settings = {s["variable"]: s for s in data["settings"]}
    assert settings["JDLENS_MAX_PAGES"] == {"variable": "JDLENS_MAX_PAGES", "value": 12, "set": True}
    assert settings["JDLENS_LLM_API_KEY"]["value"] == "set"
    assert {e["name"] for e in data["extras"]} >= {"web", "spark"}
    assert {t["name"] for t in data["tools"]} == {"java", "chromium"}
    assert data["taxonomy_version"] and data["rules_version"]


def test_every_setting_has_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """config.VARIABLES names the variable get_settings reads for each setting."""
    import dataclasses

    from jdlens.config import VARIABLES, Settings, get_settings

    assert set(VARIABLES) == {f.name for f in dataclasses.fields(Settings)}
    for name, variable in VARIABLES.items():
        default = getattr(Settings(), name)
        value = "7" if isinstance(default, int | float) else "x"
        monkeypatch.setenv(variable, value)
        get_settings.cache_clear()
        try:
            assert str(getattr(get_settings(), name)).rstrip("0").rstrip(".") == value, variable
        finally:
            monkeypatch.delenv(variable)
            get_settings.cache_clear()
