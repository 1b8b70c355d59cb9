"""``jdlens doctor``: what a bug report needs: versions, extras, external tools, the limits in force."""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import subprocess
import sys

import typer

import jdlens
from jdlens.advice.advisor import data_versions
from jdlens.cli.outputs import Format, FormatOpt, OutputOpt, Sheet, emit, sheets_output
from jdlens.cli.shapes import DoctorReport, Extra, Setting, Tool
from jdlens.config import SECRETS, VARIABLES, get_settings
from jdlens.matching.rules import load_rules
from jdlens.taxonomy import load_taxonomy

EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "uvicorn", "python-multipart"),
    "spark": ("pyspark",),
    "pdf-report": ("playwright",),
}
SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD")
TOOL_TIMEOUT_S = 10


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def extras() -> list[Extra]:
    out = []
    for name, packages in EXTRAS.items():
        versions = {p: _version(p) for p in packages}
        out.append(Extra(name=name, installed=all(versions.values()), packages=versions))
    return out


def _java_version(path: str) -> str | None:
    try:
        done = subprocess.run(
            [path, "-version"], capture_output=True, text=True, timeout=TOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[0] if lines else None


def _chromium() -> str | None:
    """The browser the web app prints PDF reports with (``web.report_pdf``; needs the web extra)."""
    if importlib.util.find_spec("fastapi") is None:
        return shutil.which("chromium") or shutil.which("chromium-browser")
    report_pdf = importlib.import_module("jdlens.web.report_pdf")
    found: str | None = report_pdf.chromium_path()
    return found


def tools() -> list[Tool]:
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    java = java if java and os.path.exists(java) else None
    chromium = _chromium()
    return [
        Tool(
            name="java",
            found=java is not None,
            path=java,
            version=_java_version(java) if java else None,
            needed_for="market ingest/report --engine spark",
        ),
        Tool(
            name="chromium",
            found=chromium is not None,
            path=chromium,
            needed_for="PDF match reports in the web app ($JDLENS_CHROMIUM)",
        ),
    ]


def _shown(name: str, value: object) -> str | int | float | None:
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def settings() -> list[Setting]:
    """Every JDLENS_* setting in force; secrets say only whether they are set."""
    current = get_settings()
    out = []
    for field in dataclasses.fields(current):
        variable = VARIABLES[field.name]
        value = getattr(current, field.name)
        if field.name in SECRETS:
            value = "set" if value else None
        out.append(Setting(variable=variable, value=_shown(field.name, value), set=variable in os.environ))
    known = set(VARIABLES.values())
    for variable in sorted(v for v in os.environ if v.startswith("JDLENS_") and v not in known):
        raw = os.environ[variable]
        secret = any(word in variable for word in SECRET_WORDS)
        out.append(Setting(variable=variable, value="set" if secret else raw, set=True))
    return out


def diagnose() -> DoctorReport:
    return DoctorReport(
        version=jdlens.__version__,
        python=sys.version.split()[0],
        platform=platform.platform(),
        taxonomy_version=load_taxonomy().version,
        rules_version=load_rules().version,
        data_versions=data_versions(),
        extras=extras(),
        tools=tools(),
        settings=settings(),
    )


def doctor(fmt: FormatOpt = Format.text, output: OutputOpt = None) -> None:
    """Versions, installed extras, Java and Chromium, and the JDLENS_* limits in force: what a bug report needs."""
    report = diagnose()
    about = Sheet(
        f"jdlens {report.version}",
        ("what", "value"),
        [
            ("python", report.python),
            ("platform", report.platform),
            ("taxonomy", report.taxonomy_version),
            ("match rules", report.rules_version),
            *((name, version) for name, version in report.data_versions.items()),
        ],
    )
    extra_sheet = Sheet(
        "extras",
        ("extra", "installed", "packages"),
        [
            (
                e.name,
                "yes" if e.installed else "no",
                ", ".join(f"{p} {v or 'missing'}" for p, v in e.packages.items()),
            )
            for e in report.extras
        ],
    )
    tool_sheet = Sheet(
        "external tools",
        ("tool", "found", "version / path", "needed for"),
        [
            (t.name, "yes" if t.found else "no", t.version or t.path or "-", t.needed_for)
            for t in report.tools
        ],
    )
    setting_sheet = Sheet(
        "settings in force",
        ("variable", "value", "from"),
        [
            (s.variable, "-" if s.value is None else str(s.value), "environment" if s.set else "default")
            for s in report.settings
        ],
    )
    emit(sheets_output("jdlens doctor", report, [about, extra_sheet, tool_sheet, setting_sheet]), fmt, output)


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to ``app``."""
    app.command("doctor")(doctor)
