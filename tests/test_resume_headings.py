"""Resume section headings in the forms people use (data: src/jdlens/resume/data/headings.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from jdlens.resume import parse_resume_text
from jdlens.resume.headings import clean_heading, find_resume_sections, load_heading_rules, resume_heading


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Technical Skills", "skills"),
        ("CORE COMPETENCIES", "skills"),
        ("Skill Highlights", "skills"),
        ("Areas of Expertise", "skills"),
        ("Work History", "experience"),
        ("Professional Experience", "experience"),
        ("WORK EXPERIENCE (4 YEARS)", "experience"),
        ("Military Experience", "experience"),
        ("• Employment History", "experience"),
        ("💼 Experience", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("P ROFESSIONAL E XPERIENCE", "experience"),
        ("Work History______________", "experience"),
        ("Educational Qualification", "education"),
        ("EDUCATIONAL QUALIFICATIONS :-", "education"),
        ("ACADEMIC QUALIFICATION.", "education"),
        ("Education & Training", "education"),
        ("🏫 Education", "education"),
        ("Personal Details", "other"),
        ("PERSONAL INFORMATION:", "other"),
        ("DECLARATION", "other"),
        ("Languages Known", "other"),
        ("Volunteer Experience", "other"),
        ("Accomplishments 🏆", "other"),
        ("Professional Affiliations", "other"),
        ("Career Objective :-", "summary"),
        ("Executive Profile", "summary"),
        ("Career Overview", "summary"),
        ("Key Projects", "projects"),
        ("Public Talks", "publications"),
        ("Certifications & Trainings", "certifications"),
        ("Professional Development Training", "certifications"),
        ("PROFESSIONAL SYNOPSIS", "summary"),
        ("Profile Summary", "summary"),
        ("ORGANISATIONAL EXPERIENCE", "experience"),
        ("Industrial Training", "experience"),
        ("SUMMER INTERNSHIP", "experience"),
        ("ACADEMIC DETAILS", "education"),
        ("Scholastic Profile", "education"),
        ("IT SKILLS", "skills"),
        ("Key Skills", "skills"),
        ("Technical Qualification", "skills"),
        ("Computer Proficiency", "skills"),
        ("Strengths", "skills"),
        ("PROJECTS UNDERTAKEN", "projects"),
        ("Academic Projects", "projects"),
        ("Professional Qualification", "certifications"),
        ("Workshops Attended", "certifications"),
        ("Extra Curricular Activities", "other"),
        ("HOBBIES", "other"),
        ("Father's Name", None),
    ],
)
def test_heading_forms(line: str, kind: str | None) -> None:
    assert resume_heading(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "research",  # a wrapped sentence fragment
        "Experience with Kubernetes and Docker is a plus for this role",
        "Senior Data Scientist",
        "Volunteer",  # a job title, not a heading
        "Python, SQL, Spark",
        "x" * 300,
    ],
)
def test_not_headings(line: str) -> None:
    assert resume_heading(line) is None


def test_clean_heading_removes_decoration() -> None:
    assert clean_heading("  ➢ EDUCATIONAL QUALIFICATION :- ") == "educational qualification"
    assert clean_heading("Skills (to name a few..)") == "skills"
    assert clean_heading("Promotions & Awards") == "promotions and awards"


def test_field_labels_under_every_entry_are_not_sections() -> None:
    text = (
        "Work Experience\nData Scientist, A, 2018 - 2020\nTechnologies\nPython, Java\n"
        "Analyst, B, 2016 - 2018\nTechnologies\nSQL, Excel\nEducation\nBSc, 2012 - 2016\n"
    )
    assert [s.kind for s in find_resume_sections(text)] == ["experience", "education"]
    once = "Experience\nEngineer, A, 2018 - 2020\nTechnologies\nPython, Java\n"
    assert [s.kind for s in find_resume_sections(once)] == ["experience", "skills"]


def test_skill_groups_inside_a_skills_section() -> None:
    text = "Technical Skills\nLanguages\nPython, SQL\nTools\nGit, Docker\nInterests\nChess\n"
    assert [(s.kind, s.heading) for s in find_resume_sections(text)] == [
        ("skills", "Technical Skills"),
        ("other", "Interests"),
    ]


def test_headings_are_versioned_data() -> None:
    rules = load_heading_rules()
    assert rules.version
    assert {kind for kind, _ in rules.kinds} == {
        "summary",
        "experience",
        "education",
        "skills",
        "projects",
        "publications",
        "certifications",
        "other",
    }


def test_label_value_lines_inside_a_job_are_fields() -> None:
    """Regression: "Computer Proficiency: Used ..." under a job cut the job's other roles off."""
    text = (
        "Experience\nManager, A, 2005 - 2012\nComputer Proficiency: Used Excel daily\n"
        "Clerk, B, 2001 - 2004\nSkills: Excel, Word\n"
    )
    assert [s.kind for s in find_resume_sections(text)] == ["experience"]
    outside = "Summary\nClerk.\nSkills: Excel, Word\nEducation\nBA, 2000\n"
    assert [s.kind for s in find_resume_sections(outside)] == ["summary", "skills", "education"]


def test_table_rows_start_with_their_heading_cell() -> None:
    """DOCX tables are read cell by cell into "cell | cell" lines; the heading cell opens a section."""
    text = (
        "Asha Rao | asha@example.com\nProfessional Experience | Analyst, Big Co, 2018 - 2021\n"
        "Technical Skills | Python, SQL\nEducation | B.Tech, 2014 - 2018\n"
    )
    assert [(s.kind, s.heading) for s in find_resume_sections(text)] == [
        ("header", None),
        ("experience", "Professional Experience"),
        ("skills", "Technical Skills"),
        ("education", "Education"),
    ]
    resume = parse_resume_text(text, today=date(2026, 1, 1))
    assert [(r.title, r.start, r.end) for r in resume.roles] == [("Analyst", "2018-01", "2021-01")]
    assert resume.profession is not None and resume.profession.id == "analyst"
