"""One name for each part of the match score: the library's formats, the CLI and the web read it
from data/labels.yaml (``jdlens.labels.subscore_label``) and agree."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import jdlens.api
from jdlens.cli import main
from jdlens.labels import labels, subscore_label
from jdlens.matching import formats
from jdlens.matching.rules import REFINERS, SKILL_PARTS, load_rules
from jdlens.web.app import create_app

DATA = Path(__file__).parent / "data"
JOB_PATH = DATA / "jobs" / "ml-eng.txt"
RESUME_PATH = DATA / "resumes" / "harvey_dent_mle.pdf"


@pytest.fixture(scope="module")
def result() -> object:
    resume = jdlens.api.read_resume(RESUME_PATH.read_bytes(), filename="cv.pdf")
    return jdlens.api.match(resume, jdlens.api.analyze(JOB_PATH.read_text(encoding="utf-8")))


def test_every_part_of_the_score_has_a_name_and_no_name_is_stale() -> None:
    assert set(labels().subscores) == set(SKILL_PARTS) | set(REFINERS)


def test_the_names_are_plain_words() -> None:
    assert subscore_label("required_skills") == "Must-have skills"
    assert subscore_label("preferred_skills") == "Nice-to-have skills"
    assert all("_" not in name for name in labels().subscores.values())


def test_markdown_and_html_reports_use_the_one_name(result) -> None:
    names = [subscore_label(key) for key in result.subscores]
    assert len(names) >= 4
    markdown = formats.markdown_match(result)
    page = html.unescape(formats.html_match(result))
    for key, name in zip(result.subscores, names, strict=True):
        assert f"| {name} |" in markdown
        assert f"<td>{name}</td>" in page
        assert f"| {key} |" not in markdown and f"<td>{key}</td>" not in page


def test_the_cli_uses_the_one_name(capsys: pytest.CaptureFixture[str], result) -> None:
    for fmt in ("text", "markdown"):
        try:
            main(["match", str(RESUME_PATH), str(JOB_PATH), "--format", fmt])
        except SystemExit as exc:
            assert not exc.code
        out = " ".join(capsys.readouterr().out.split())  # the terminal table may wrap a name
        for key in result.subscores:
            assert subscore_label(key) in out, (fmt, key)


def test_the_web_uses_the_one_name(result) -> None:
    with TestClient(create_app()) as client:
        page = client.post(
            "/analyze",
            data={"job_text": JOB_PATH.read_text(encoding="utf-8")},
            files={"resume": ("cv.pdf", RESUME_PATH.read_bytes())},
        ).text
    shown = [html.unescape(n) for n in re.findall(r'class="sub-name">([^<]*)</span>', page)]
    assert shown == [subscore_label(key) for key in result.subscores]


# The score's colour follows its band (strong / partial / weak), whose thresholds live in the match
# rules (rules.yaml: bands, published in docs/scoring.md): no format or page keeps its own numbers.


def test_score_colours_follow_the_rules_bands() -> None:
    bands = load_rules().bands
    assert formats.score_colour(100) == formats.score_colour(bands.strong) == "green"
    assert formats.score_colour(bands.strong - 1) == formats.score_colour(bands.partial) == "yellow"
    assert formats.score_colour(bands.partial - 1) == formats.score_colour(0) == "red"


def test_every_format_colours_the_score_by_its_band(result) -> None:
    assert result.band == load_rules().band(result.score)
    head = formats.rich_match(result).renderables[0].renderable
    assert any(str(span.style) == f"bold {formats.BAND_COLOUR[result.band]}" for span in head.spans)
    assert f'<h1 class="band-{result.band}">' in formats.html_match(result)
    with TestClient(create_app()) as client:
        page = client.post(
            "/analyze",
            data={"job_text": JOB_PATH.read_text(encoding="utf-8")},
            files={"resume": ("cv.pdf", RESUME_PATH.read_bytes())},
        ).text
    assert f'class="gauge gauge-{result.band}"' in page


def test_a_band_on_either_side_of_a_threshold_gets_its_colour(result) -> None:
    bands = load_rules().bands
    for score, band in ((bands.strong, "strong"), (bands.strong - 1, "partial"), (bands.partial - 1, "weak")):
        moved = result.model_copy(update={"score": score, "band": band})
        assert f'<h1 class="band-{band}">' in formats.html_match(moved)
        head = formats.rich_match(moved).renderables[0].renderable
        assert any(str(span.style) == f"bold {formats.BAND_COLOUR[band]}" for span in head.spans)
