"""Date ranges as resumes write them, and the years they add up to."""

from __future__ import annotations

from datetime import date

import pytest

from jdlens.resume import parse_resume_text
from jdlens.resume.dates import duration_months, find_spans, ym

TODAY = date(2026, 1, 1)


def spans(text: str) -> list[tuple[str, str, bool]]:
    return [(ym(s.start), ym(s.end), s.current) for s in find_spans(text, TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan 2019 - Present", ("2019-01", "2026-01", True)),
        ("2019-2021", ("2019-01", "2021-01", False)),
        ("03/2018 to 06/2020", ("2018-03", "2020-06", False)),
        ("Sept. 2020 – now", ("2020-09", "2026-01", True)),
        ("June 2015 till date", ("2015-06", "2026-01", True)),
        ("Mar 2016 to date", ("2016-03", "2026-01", True)),
        ("20th March 2014 - 5th June 2016", ("2014-03", "2016-06", False)),
        ("March 20, 2014 to June 5, 2016", ("2014-03", "2016-06", False)),
        ("since 2016", ("2016-01", "2026-01", True)),
        ("Since June 2018", ("2018-06", "2026-01", True)),
        ("2012 onwards", ("2012-01", "2026-01", True)),
        ("June-2011 to OCTOBER-2014", ("2011-06", "2014-10", False)),
        ("12/03/2015 - 30/06/2017", ("2015-03", "2017-06", False)),
        ("03/18/2015 - 06/30/2017", ("2015-03", "2017-06", False)),
        ("(2021-05 - 2022-01)", ("2021-05", "2022-01", False)),
        ("2021-05-01\n2025-07-01", ("2021-05", "2025-07", False)),
        ("APR. 2022 - Present", ("2022-04", "2026-01", True)),
        ("Nov. 2019 ~ October. 2021", ("2019-11", "2021-10", False)),
        ("Oct 2023\u2212 Jan 2024", ("2023-10", "2024-01", False)),
        ("Dec'18 - May'19", ("2018-12", "2019-05", False)),
        (", 01/2013\nCurrent", ("2013-01", "2026-01", True)),
        ("July 2012\nto\nDecember 2013", ("2012-07", "2013-12", False)),
        ("2017 –\nPresent", ("2017-01", "2026-01", True)),
        ("Spring 2019-Summer 2019", ("2019-03", "2019-06", False)),
        ("May 2018 -- Jun 2022", ("2018-05", "2022-06", False)),
        ("12.2007-02.2014", ("2007-12", "2014-02", False)),
    ],
)
def test_date_range_forms(text: str, expected: tuple[str, str, bool]) -> None:
    assert spans(text) == [expected]


def test_a_month_name_is_never_read_as_january() -> None:
    """Regression: "OCTOBER-2014" was read as January 2014 (the hyphen hid the month)."""
    assert spans("AUGUST-2012 TO OCTOBER-2014") == [("2012-08", "2014-10", False)]


@pytest.mark.parametrize(
    "text",
    ["2010-11", "Grade 2010", "in 2019 we shipped", "2030 - 2032", "2019 - 2015", "1900 - 1950"],
)
def test_not_ranges(text: str) -> None:
    """An academic year "2010-11", a single year, future and reversed ranges are not date ranges."""
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "months"),
    [("(24 months)", 24), ("2 years 3 months", 27), ("1.5 yrs", 18), ("3 yrs", 36), ("no time", None)],
)
def test_durations(text: str, months: int | None) -> None:
    assert duration_months(text) == months


INDIAN = """RAHUL SHARMA
Senior Accountant
CAREER OBJECTIVE :-
To work in a growing organisation.
WORK EXPERIENCE (7 YEARS)
• Senior Accountant, ABC Traders Pvt Ltd, 20th March 2014 till date
• Accountant, XYZ Exports, June-2011 to OCTOBER-2014
• Accounts Assistant, PQR & Co., 01/06/2009 - 31/05/2011
EDUCATIONAL QUALIFICATION :-
B.Com, Delhi University, 2006 - 2009
HSC, Kendriya Vidyalaya, 2004 - 2006
PERSONAL DETAILS
Date of Birth : 12/05/1988
DECLARATION
I hereby declare that the above information is true.
"""


def test_indian_cv_roles_years_and_no_school_years() -> None:
    resume = parse_resume_text(INDIAN, today=TODAY)
    assert [s.kind for s in resume.sections] == [
        "header",
        "summary",
        "experience",
        "education",
        "other",
        "other",
    ]
    assert [(r.start, r.end) for r in resume.roles] == [
        ("2014-03", None),
        ("2011-06", "2014-10"),
        ("2009-06", "2011-05"),
    ]
    # 2009-06 .. 2011-05 and 2011-06 .. 2026-01 (198 months); the school years 2004-2009 never count
    assert resume.total_years == 16.5
    assert resume.profession is not None and resume.profession.id == "accountant"


def test_study_listed_under_experience_is_not_work() -> None:
    text = (
        "Experience\nData Scientist, Acme, Jan 2020 - Jan 2022\nUndergraduate Student\n"
        "University of Somewhere\n2015 - 2019\nB.Tech in Computer Science, 2011 - 2015\n"
    )
    resume = parse_resume_text(text, today=TODAY)
    assert [(r.start, r.end) for r in resume.roles] == [("2020-01", "2022-01")]
    assert resume.total_years == 2.0


def test_overlapping_roles_count_once() -> None:
    text = "Work History\nLead, A, 2015 - 2020\nAdvisor, B, 2018 - 2022\nMentor, C, 2019 - 2019\n"
    assert parse_resume_text(text, today=TODAY).total_years == 7.0


def test_undated_durations_and_claimed_years() -> None:
    durations = "Experience\nAnalyst, Big Bank (24 months)\nClerk, Small Bank (Duration: 6 months)\n"
    assert parse_resume_text(durations, today=TODAY).total_years == 2.5
    claimed = "Summary\nAccountant with 5+ years of experience in audit and tax.\nSkills\nExcel\n"
    assert parse_resume_text(claimed, today=TODAY).total_years == 5.0
    total = "Senthil\nTotal Exp: 12 years; Data Science Exp: 8 years\nSkills\nPython\n"
    assert parse_resume_text(total, today=TODAY).total_years == 12.0


def test_hostile_text_reads_in_linear_time() -> None:
    """Long runs of spaces after a date, thousands of dates, a megabyte of digits: all quick."""
    import time

    texts = [
        "Jan 2019" + " " * 200_000 + "x",
        "2019-05" + " \t" * 100_000 + "y",
        "2019 - 2020\n" * 20_000,
        "1" * 1_000_000,
        ("March " * 50_000) + "2019",
    ]
    for text in texts:
        start = time.thread_time()
        find_spans(text, TODAY)
        duration_months(text[:1000])
        assert time.thread_time() - start < 2.0, text[:20]
