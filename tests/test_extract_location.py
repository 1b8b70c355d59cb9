"""Location and remote/hybrid/onsite on real postings (text read from ../shared)."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, dev_postings, needs_shared, real_snippet
from jdlens.extract.location import extract_location
from jdlens.models import Location
from jdlens.text import make_document


def locate(text: str, hint: str | None = None) -> Location:
    return extract_location(make_document(text), hint)


@pytest.mark.parametrize(
    ("corpus", "anchor", "want"),
    [
        # linkedin_ml_us_2024
        ("linkedin_ml_us_2024", "Hybrid Work Environment: 2 to 3 days a week in office required", "hybrid"),
        ("linkedin_ml_us_2024", "We work a hybrid schedule with an in-office requirement", "hybrid"),
        # glassdoor_ds_2020 (dev D024): working from a home office is remote work
        ("glassdoor_ds_2020", "Comfortable working from home office", "remote"),
        # indeed_ds_2020 (dev D040)
        ("indeed_ds_2020", "This is an onsite position located in Burlington", "onsite"),
        # hn_whoishiring_2026 headers
        ("hn_whoishiring_2026", "| AI Platform Engineer | REMOTE (US) |", "remote"),
        ("hn_whoishiring_2026", "| Bilbao, Spain | ONSITE |", "onsite"),
        ("hn_whoishiring_2026", "| Frontend Engineer | ONSITE Full-Time San Mateo CA", "onsite"),
        ("hn_whoishiring_2026", "| NYC (In-Office) | Full-Time", "onsite"),
    ],
)
def test_work_mode(corpus: str, anchor: str, want: str) -> None:
    loc = locate(real_snippet(corpus, anchor, after=40))
    assert loc.remote == want
    assert any(ev.text for ev in loc.evidence)


@pytest.mark.parametrize(
    ("corpus", "anchor"),
    [
        ("linkedin_ml_us_2024", "Proven experience working with remote sensing / imaging data"),
        ("glassdoor_ds_2020", "degree in engineering, remote sensing, science or mathematics"),
        # indeed_ds_2020 (dev D038): a possibility is not a statement about the job
        ("indeed_ds_2020", "Remote work opportunities may be available to qualified candidates"),
    ],
)
def test_not_a_work_mode(corpus: str, anchor: str) -> None:
    assert locate(real_snippet(corpus, anchor, before=40, after=80)).remote is None


def test_in_office_company_with_occasional_remote_is_onsite(dev_posting) -> None:
    # dev D000: "We are an in-office company ... 5 days a week ... This may include occasional remote work"
    assert locate(dev_posting("D000")["text"]).remote == "onsite"


def test_remote_or_onsite_header_is_remote(dev_posting) -> None:
    # dev D045 (hn_whoishiring_2026): "| REMOTE or ONSITE (Miami, FL) |"
    loc = locate(dev_posting("D045")["text"])
    assert (loc.remote, loc.city, loc.state) == ("remote", "Miami", "FL")


@pytest.mark.parametrize(
    ("hint", "want"),
    [
        ("Mountain View, California", ("Mountain View", "CA", "United States", None)),
        ("San Francisco, CA", ("San Francisco", "CA", "United States", None)),
        ("New York, NY (Hybrid)", ("New York", "NY", "United States", "hybrid")),
        ("Streetsboro, OH 44241", ("Streetsboro", "OH", "United States", None)),
        ("Toronto, ON", ("Toronto", "ON", "Canada", None)),
        ("Bengaluru, India", ("Bengaluru", None, "India", None)),
        ("London, UK", ("London", None, "United Kingdom", None)),
        ("Remote", (None, None, None, "remote")),
    ],
)
def test_hint(hint: str, want: tuple) -> None:
    # location fields as they appear in linkedin_ml_us_2024 / indeed_ds_2020 metadata; the text says nothing
    loc = locate("We build models.", hint)
    assert (loc.city, loc.state, loc.country, loc.remote) == want


def test_text_statement_beats_hint_work_mode(dev_posting) -> None:
    # dev D015: "4 days in office" in the text; a hint saying "Remote" does not override it
    assert locate(dev_posting("D015")["text"], "Remote").remote == "hybrid"


def test_dev_set_accuracy() -> None:
    needs_shared()
    gold = [
        json.loads(x) for x in (SHARED / "data/labeled/jdlens_dev_50/gold.jsonl").read_text().splitlines()
    ]
    posts = dev_postings()
    ok = sum(locate(posts[g["hid"]]["text"]).remote == g["remote"] for g in gold)
    assert ok / len(gold) >= 0.85


@pytest.mark.parametrize(
    ("hint", "place"),
    [
        ("New York", ("New York", "NY", "United States")),  # one city, however it is written
        ("New York, NY", ("New York", "NY", "United States")),
        ("Remote First", (None, None, None)),  # work-mode words are no city
        ("Onsite at our San Jose", ("San Jose", "CA", "United States")),
        ("San Jose, CA 95134", ("San Jose", "CA", "United States")),  # a ZIP code is no state
        ("Mumbai, Maharashtra", ("Mumbai", "MH", "India")),  # regions abroad get their country
        ("Munich, Bavaria", ("Munich", "BY", "Germany")),
        ("Sydney, NSW", ("Sydney", "NSW", "Australia")),
        ("Paris, Île-de-France", ("Paris", "IDF", "France")),
    ],
)
def test_place_from_a_location_field(hint: str, place: tuple[str | None, ...]) -> None:
    loc = locate("We build models in Python.", hint)
    assert (loc.city, loc.state, loc.country) == place


@pytest.mark.parametrize(
    ("anchor", "places"),
    [
        # hn_whoishiring_2026 header lines that name several places
        (
            "Cloudflare | Systems or ML Engineer, Workers AI | Austin, TX or London, UK or San Francisco, CA",
            [
                ("Austin", "TX", "United States"),
                ("London", None, "United Kingdom"),
                ("San Francisco", "CA", "United States"),
            ],
        ),
        (
            "| Software Engineer | Boston, MA or Washington, D.C. |",
            [("Boston", "MA", "United States"), ("Washington", "DC", "United States")],
        ),
        (
            "| Senior &#x2F; Lead Software Engineers | Sunnyvale, CA or London, UK |",
            [("Sunnyvale", "CA", "United States"), ("London", None, "United Kingdom")],
        ),
    ],
)
def test_several_places_in_a_header(anchor: str, places: list[tuple[str | None, ...]]) -> None:
    text = real_snippet("hn_whoishiring_2026", anchor, before=120, after=60)
    loc = locate(text[text.rfind("\n", 0, 120) + 1 :])
    assert [(p.city, p.state, p.country) for p in loc.places] == places
    assert (loc.city, loc.state, loc.country) == places[0]


@pytest.mark.parametrize(
    ("hint", "places"),
    [
        (
            "New York, NY or San Francisco, CA",
            [("New York", "NY", "United States"), ("San Francisco", "CA", "United States")],
        ),
        ("London / Remote", [("London", None, "United Kingdom")]),
        ("Bangalore, Hyderabad", [("Bangalore", None, "India"), ("Hyderabad", None, "India")]),
        ("Bengaluru, Hyderabad, India", [("Bengaluru", None, "India"), ("Hyderabad", None, "India")]),
        ("New York; New York, NY", [("New York", "NY", "United States")]),  # one city, written two ways
        ("Mountain View, CA, United States", [("Mountain View", "CA", "United States")]),
        ("Richmond, BC, Canada", [("Richmond", "BC", "Canada")]),
        (
            "San Francisco, New York",
            [("San Francisco", "CA", "United States"), ("New York", "NY", "United States")],
        ),
        (  # a city that is also a region (Berlin, Tokyo) is another place after a city of another country
            "London, Berlin/Munich, New York",
            [
                ("London", None, "United Kingdom"),
                ("Berlin", None, "Germany"),
                ("Munich", None, "Germany"),
                ("New York", "NY", "United States"),
            ],
        ),
        (
            "London, Paris, Berlin, Tokyo",
            [
                ("London", None, "United Kingdom"),
                ("Paris", None, "France"),
                ("Berlin", None, "Germany"),
                ("Tokyo", None, "Japan"),
            ],
        ),
        (
            "REMOTE (US/Canada/UK)",
            [(None, None, "United States"), (None, None, "Canada"), (None, None, "United Kingdom")],
        ),
    ],
)
def test_several_places_in_a_location_field(hint: str, places: list[tuple[str | None, ...]]) -> None:
    loc = locate("We build models in Python.", hint)
    assert [(p.city, p.state, p.country) for p in loc.places] == places
