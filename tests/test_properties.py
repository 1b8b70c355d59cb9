"""Properties over hostile text (a bounded share of ``make fuzz``): only coded errors, offsets into
the text, bounded time; and regression tests for the quadratic cases of issue 10."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jdlens
import jdlens.job.parallel as parallel
from jdlens.config import get_settings
from jdlens.errors import JdlensError
from jdlens.resume import parse_resume_text
from jdlens.text import masks
from jdlens.text.masks import mask_non_text, non_text_spans
from jdlens.web.http_errors import status_for

DATA = Path(__file__).resolve().parent / "data"
POSTINGS = [p.read_text("utf-8") for p in sorted((DATA / "postings").glob("*.html"))] + [
    p.read_text("utf-8") for p in sorted((DATA / "jobs").glob("*.txt"))
]
HOSTILE = st.sampled_from(
    [
        "<p " * 300,
        "[" * 500,
        '"Go, R, ' * 60,
        "&#" + "9" * 5000 + ";",
        "a" * 3000,
        "\x00" * 50,
        "\ud800\udfff",
        "\u202e\u0645\u0647\u0646\u062f\u0633\u202c",
        "$1e309 - $1e400k",
        "jobs@nhs.net https://jobs.nhs.uk/x +44 20 7946 0958 resume.pdf",
        "(" * 400 + ")" * 10,
        "5 years " * 40,
        "**" * 200,
    ]
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def check_analysis(text: str) -> None:
    try:
        analysis = jdlens.analyze(text)
    except JdlensError:
        return
    for skill in analysis.skills:
        for ev in skill.evidence:
            assert analysis.text[ev.start : ev.end] == ev.text
    assert analysis.to_dict()  # serializable whatever the text


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=800))
def test_any_text_gives_an_analysis_or_a_coded_error(text: str) -> None:
    check_analysis(text)


@FAST
@given(st.sampled_from(POSTINGS), HOSTILE, st.floats(0, 1), st.integers(1, 20))
def test_real_postings_with_hostile_pieces(posting: str, piece: str, where: float, times: int) -> None:
    at = int(len(posting) * where)
    started = time.thread_time()
    check_analysis(posting[:at] + piece * times + posting[at:])
    assert time.thread_time() - started < 5


@FAST
@given(st.sampled_from(POSTINGS), HOSTILE)
def test_resumes_with_hostile_pieces(posting: str, piece: str) -> None:
    try:
        resume = parse_resume_text(piece * 5 + "\n" + posting)
    except JdlensError:
        return
    for skill in resume.skills:
        for ev in skill.evidence:
            assert resume.text[ev.start : ev.end] == ev.text


@FAST
@given(st.text(alphabet=st.sampled_from("ab.@-_:/+() 0123456789\nwhtps"), max_size=400))
def test_masking_keeps_length_and_every_other_character(text: str) -> None:
    masked = mask_non_text(text)
    assert len(masked) == len(text)
    spans = non_text_spans(text)
    covered = {i for a, b in spans for i in range(a, b)}
    assert all(masked[i] == text[i] for i in range(len(text)) if i not in covered)
    assert all(masked[i] == " " for i in covered)


def _every_position_spans(text: str) -> list[tuple[int, int]]:
    """``non_text_spans`` as a scan of every position would find them (the reference)."""
    url = "://" in text or "www." in text.lower()
    return [
        m.span()
        for m in masks._non_text("@" in text, url).finditer(text)
        if m.group("phone") is None or sum(c.isdigit() for c in m.group(0)) >= masks._MIN_PHONE_DIGITS
    ]


@FAST
@given(
    st.lists(
        st.sampled_from(
            [*"ab c.@-+()/_019\n•é٣３ſKİwhtp:", "www.", "http://", ".pdf", ".PDF", "jobs@x.io", "2019-2021"]
            + ["+1 (555) 123-4567", "a.b.c@", ".html", "HTTPS://", "(+44) 20 7946 0958"]
        ),
        max_size=80,
    ).map("".join)
)
def test_masked_spans_are_those_of_a_scan_of_every_position(text: str) -> None:
    """The pattern is tried only where a span can start (a digit run, "+", "(", before an "@" or a file
    extension, a URL opening): the spans are those of a scan of every position."""
    assert non_text_spans(text) == _every_position_spans(text)


@pytest.mark.parametrize(
    "text",
    ["a@" * 400, "x.pdf " * 300, "é٣" * 200 + " 555 123 4567", "Call +1 (555) 123-4567 or İnfo@x.io", ""],
)
def test_masked_spans_where_reading_out_starts_costs_more(text: str) -> None:
    assert non_text_spans(text) == _every_position_spans(text)


def test_email_domains_state_no_skills() -> None:
    analysis = jdlens.analyze(
        "Requirements: C# and SQL. Apply to recruitment@nhs.net or see https://www.python.org."
    )
    names = {s.name for s in analysis.skills}
    assert ".NET" not in names and "Python" not in names
    assert {"C#", "SQL"} <= names


def _cpu(func: object, *args: object) -> float:
    """The least CPU time of this thread over three calls: a pause of the machine or of another
    worker in the same run shows in one call, a quadratic path in all three."""
    spent = []
    for _ in range(3):
        started = time.thread_time()
        func(*args)  # type: ignore[operator]
        spent.append(time.thread_time() - started)
    return min(spent)


@pytest.mark.parametrize(
    "piece",
    ['"Go, R, ', "[", "5 years ", "(Go, R) "],
    ids=["go_r_list", "brackets", "years", "asides"],
)
def test_issue_10_quadratic_inputs_are_linear(piece: str) -> None:
    """56 KB of '"Go, R, ' took 18.8 s and 63 KB of '[' 7.8 s; four times the text must cost far
    less than sixteen times the time."""
    jdlens.analyze("warm up: Python")
    small = _cpu(check_analysis, piece * (4000 // len(piece)))
    large = _cpu(check_analysis, piece * (16000 // len(piece)))
    assert large < max(0.2, 8 * small), f"{small:.3f} s -> {large:.3f} s for 4x the text"


def test_issue_10_one_line_resume_and_long_word() -> None:
    assert _cpu(parse_resume_text, "Python developer with SQL, 2019 - 2021. " * 5000) < 3
    assert _cpu(parse_resume_text, "Jane\n" + "a." * 16000) < 1


def test_issue_10_huge_numeric_entity_is_read() -> None:
    analysis = jdlens.analyze("<p>Python &#" + "9" * 5000 + "; and SQL</p>")
    assert {"Python", "SQL"} <= {s.name for s in analysis.skills}


def test_a_text_over_the_size_limit_is_refused_at_once(env: pytest.MonkeyPatch) -> None:
    env.setenv("JDLENS_MAX_TEXT_CHARS", "1000")
    get_settings.cache_clear()
    started = time.thread_time()
    with pytest.raises(JdlensError) as caught:
        jdlens.analyze("Python and SQL. " * 100_000)
    assert caught.value.code == "JDL070" and status_for(caught.value) == 413
    assert time.thread_time() - started < 1


def test_a_text_over_the_time_budget_is_stopped(env: pytest.MonkeyPatch) -> None:
    env.setenv("JDLENS_TIME_BUDGET", "0.05")
    get_settings.cache_clear()
    started = time.thread_time()
    with pytest.raises(JdlensError) as caught:
        jdlens.analyze("Requirements: 5 years of Go, R, or Python is a plus. " * 20_000)
    assert caught.value.code == "JDL071"
    assert time.thread_time() - started < 2


def test_a_batch_goes_on_after_an_unexpected_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    real = parallel.analyze

    def flaky(text: str, **kwargs: object) -> jdlens.JobAnalysis:
        if text == "BOOM":
            raise ValueError("not a jdlens error")
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "analyze", flaky)
    results = list(jdlens.analyze_many(["Python and SQL", "BOOM", "", "Go and Rust"], workers=1))
    assert [getattr(r, "code", "ok") for r in results] == ["ok", "JDL074", "JDL002", "ok"]
