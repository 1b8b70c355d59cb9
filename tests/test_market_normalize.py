"""Normalizing posting metadata: places, salaries (annual USD), company size, dates, column layouts.

The inputs are values as they appear in the shared corpora (Glassdoor, LinkedIn, Google careers, NHS
JobPosting records, pythonjobs front matter, HN first lines).
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SHARED, needs_shared
from jdlens.errors import InputError, MarketError
from jdlens.market import fields as nz
from jdlens.sources.columns import detect_preset, extract_field, load_presets, parse_map, resolve_mapping
from jdlens.sources.tables import peek_columns


@pytest.mark.parametrize(
    ("text", "city", "state", "country", "remote"),
    [
        ("Mountain View, CA, United States", "Mountain View", "CA", "US", None),  # Google careers
        ("Richland, WA", "Richland", "WA", "US", None),  # Glassdoor
        ("Los Angeles, CA", "Los Angeles", "CA", "US", None),  # CA is California here, not Canada
        ("Toronto, ON", "Toronto", "ON", "CA", None),
        ("Dublin, Ireland", "Dublin", None, "IE", None),
        ("London, UK", "London", None, "GB", None),  # pythonjobs
        ("United Kingdom (Remote)", None, None, "GB", "remote"),
        ("New York, NY 10001", "New York", "NY", "US", None),
        ("Sunnyvale, CA 94087", "Sunnyvale", "CA", "US", None),  # Indeed title suffix
        ("Hybrid - Austin, TX", "Austin", "TX", "US", "hybrid"),
        ("Remote", None, None, None, "remote"),
        ("NYC", "New York", "NY", "US", None),  # a known city brings its state and country
        # one city however it is written; work-mode words are no city; ZIP codes are no state
        ("New York", "New York", "NY", "US", None),
        ("New York, NY", "New York", "NY", "US", None),
        ("Remote First", None, None, None, "remote"),
        ("Onsite at our San Jose", "San Jose", "CA", "US", None),
        ("94105", None, None, None, None),
        # regions abroad get their country (ISO 3166-2, English names where ISO uses local ones)
        ("Mumbai, Maharashtra", "Mumbai", "MH", "IN", None),
        ("Munich, Bavaria", "Munich", "BY", "DE", None),
        ("London, Greater London", "London", "ENG", "GB", None),
        ("Sydney, NSW", "Sydney", "NSW", "AU", None),
        ("Paris, Île-de-France", "Paris", "IDF", "FR", None),
        ("Bengaluru, Karnataka, India", "Bengaluru", "KA", "IN", None),
        ("Tokyo, Japan", "Tokyo", None, "JP", None),  # a city that is also a prefecture stays the city
        ("", None, None, None, None),
    ],
)
def test_parse_location(text, city, state, country, remote):
    assert nz.parse_location(text) == nz.Place(city, state, country, remote)


def test_separate_place_fields_win_and_are_normalized():
    # LinkedIn: locality + region written as a full state name or a code
    assert nz.normalize_place(None, "Mountain View", "California", None, None) == nz.Place(
        "Mountain View", "CA", "US", None
    )
    # NHS JobPosting: upper-case locality, ISO country
    assert nz.normalize_place(None, "ARLESEY", None, "GB", None) == nz.Place("Arlesey", None, "GB", None)
    # a country written in the region column (LinkedIn rows outside the US)
    assert nz.normalize_place(None, "Berlin", "Germany", None, None).country == "DE"
    assert nz.normalize_place("Remote", None, None, None, "True").remote == "remote"
    # a ZIP code in the region column is no state
    assert nz.normalize_place(None, "Austin", "78701", "US", None) == nz.Place("Austin", "TX", "US", None)
    assert nz.normalize_place(None, "New York", None, None, None) == nz.Place("New York", "NY", "US", None)


@pytest.mark.parametrize(
    ("text", "low", "high", "period", "origin"),
    [
        ("$56K-$97K (Glassdoor est.)", 56000, 97000, "year", "source estimate"),
        ("$21-$34 Per Hour(Glassdoor est.)", 21 * 2080, 34 * 2080, "hour", "source estimate"),
        ("Employer Provided Salary:$120K-$140K", 120000, 140000, "year", "source"),
    ],
)
def test_salary_text_is_annualized_in_usd(text, low, high, period, origin):
    money = nz.parse_salary_text(text)
    assert money is not None
    assert (money.min_annual, money.max_annual, money.period, money.origin) == (low, high, period, origin)
    assert money.currency == "USD" and money.usd_per_unit == 1


def test_placeholders_are_not_salaries():
    assert nz.parse_salary_text("-1") is None  # Glassdoor's "no estimate"
    assert nz.make_money(None, None, "GBP", "YEAR", "source") is None  # NHS "negotiable"


def test_foreign_currency_uses_the_stated_rate():
    table = nz.currency_table()
    assert table["date"] and "European Central Bank" in table["source"]
    money = nz.make_money(28333.0, 31000.0, "GBP", "YEAR", "source")  # an NHS band
    rate = table["usd_per_unit"]["GBP"]
    assert money is not None and money.usd_per_unit == rate
    assert money.min_annual == round(28333.0 * rate, 2) and money.max_annual == round(31000.0 * rate, 2)
    assert nz.make_money(50, 70, "XXX", "hour", "source") is None  # unknown currency: no guess


def test_implausible_salaries_are_dropped():
    assert nz.make_money(3.0, 4.0, "USD", "year", "source") is None
    assert nz.make_money(9e7, 9e7, "USD", "year", "source") is None


@pytest.mark.parametrize(
    ("raw", "bucket"),
    [
        ("1001 to 5000 employees", "1,001-5,000"),
        ("10000+ employees", "10,000+"),
        ("5001 to 10000 employees", "5,001-10,000"),
        ("1 to 50 employees", "1-50"),
        ("10,001+", "10,000+"),  # JobSpy company_num_employees
        ("51-200", "51-200"),
        ("Unknown", None),
        ("-1", None),
    ],
)
def test_company_size_buckets(raw, bucket):
    assert nz.company_size(raw)[0] == bucket


@pytest.mark.parametrize(
    ("raw", "date"),
    [
        ("2025-03-22", dt.date(2025, 3, 22)),  # LinkedIn
        ("2018-12-27T10:50:17+0000", dt.date(2018, 12, 27)),  # JobPosting datePosted
        ("1767374628", dt.date(2026, 1, 2)),  # HN Unix time
        ("!!timestamp '2017-01-27'", dt.date(2017, 1, 27)),  # pythonjobs front matter
        ("March 3, 2024", dt.date(2024, 3, 3)),
        ("5 days ago", None),
        (None, None),
    ],
)
def test_parse_date(raw, date):
    assert nz.parse_date(raw) == date


def test_descriptions_compare_equal_after_normalization():
    a = "<p>Senior ML Engineer &amp; Researcher</p>\n\n  Python,   PyTorch!"
    b = "senior ml engineer & researcher python pytorch"
    assert nz.description_key(a) == nz.description_key(b)
    assert nz.description_key(a) != nz.description_key(b + " aws")
    assert 0 <= nz.description_key(a) < 2**63


def test_map_option_parsing_and_errors():
    assert parse_map(["title=Job Title,text=body", "company=Company Name"]) == {
        "title": "Job Title",
        "text": "body",
        "company": "Company Name",
    }
    with pytest.raises(MarketError, match="JDL042"):
        parse_map(["colour=Job Title"])
    with pytest.raises(MarketError, match="JDL042"):
        parse_map(["title"])


def test_unknown_mapped_column_names_the_available_ones():
    with pytest.raises(InputError, match=r"JDL004.*'Job Titel'.*available columns: a, b"):
        resolve_mapping(["a", "b"], overrides={"text": "a", "title": "Job Titel"})
    with pytest.raises(MarketError, match="JDL042"):
        resolve_mapping(["a", "b"])  # no description column and no --map


def test_hn_first_line_fields():
    hn = load_presets()["hn_whoishiring"].fields
    text = "Lantern | Senior ML Engineer | New York, NY | Onsite | $180k-$220k<p>We build ..."
    assert extract_field({"text": text}, hn["company"]) == "Lantern"
    assert extract_field({"text": text}, hn["title"]) == "Senior ML Engineer"
    no_role = "Ploid AI | Barcelona, Spain | HYBRID | Core Team<p>..."
    assert extract_field({"text": no_role}, hn["title"]) is None


def test_google_qualifications_are_joined_under_headings():
    from jdlens.text.sections import find_sections

    google = load_presets()["google_careers"].fields
    row = {
        "Responsibilities": "Design ML systems.",
        "Minimum Qualifications": "BS degree in Computer Science.\n3 years of experience with Python.",
        "Preferred Qualifications": "PhD in Machine Learning.\nExperience with TensorFlow.",
    }
    text = extract_field(row, google["text"])
    assert text is not None
    kinds = [s.kind for s in find_sections(text)]
    assert "requirements" in kinds and "preferred" in kinds and "responsibilities" in kinds
    assert text.index("TensorFlow") > text.index("Preferred qualifications:")


@pytest.mark.parametrize(
    ("rel", "preset"),
    [
        ("postings/linkedin_ml_us_2024/postings.csv", "linkedin"),
        ("postings/glassdoor_ds_2020/glassdoor_jobs.csv", "glassdoor"),
        ("postings/glassdoor_ds_2021/postings.csv", "glassdoor"),
        ("postings/indeed_ds_2020/postings.csv", "indeed"),
        ("postings/google_careers_2018/job_skills.csv", "google_careers"),
        ("postings/hn_whoishiring_2026/posts.jsonl", "hn_whoishiring"),
        ("postings/nhs_jobs_2020/jobs.jsonl.gz", "jobposting"),
        ("postings/pythonjobs_2013_2020/pythonjobs.jsonl", "pythonjobs"),
    ],
)
def test_presets_are_detected_on_the_shared_corpora(rel, preset):
    needs_shared()
    found = detect_preset(peek_columns(SHARED / "data" / rel))
    assert found is not None and found.name == preset
