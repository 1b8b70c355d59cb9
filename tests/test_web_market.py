"""The market page and API over a DuckDB database built from real postings (HN who-is-hiring, MIT)."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from conftest import SHARED, needs_shared
from jdlens.models import MarketTable
from jdlens.web import market_view
from jdlens.web.app import create_app

CODE = re.compile(r"^JDL\d{3}$")


@pytest.fixture(scope="module")
def market_db(tmp_path_factory):
    needs_shared()
    from jdlens.market.store import ingest_files

    folder = tmp_path_factory.mktemp("market")
    lines = (
        (SHARED / "data/postings/hn_whoishiring_2026/posts.jsonl").read_text(encoding="utf-8").splitlines()
    )
    corpus = folder / "hn.jsonl"
    corpus.write_text("\n".join(lines[:80]) + "\n", encoding="utf-8")
    db = folder / "market.duckdb"
    ingest_files([corpus], db)
    return db


@pytest.fixture(scope="module")
def client(market_db):
    return TestClient(create_app(market_db))


def sql(db, query: str):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_report_counts_match_plain_sql(client, market_db):
    report = client.get("/api/market/report").json()
    assert report["postings"] == sql(market_db, "SELECT count(*) FROM postings")[0][0]
    roles = {t["name"]: t for t in report["tables"]}["roles"]
    expected = dict(sql(market_db, "SELECT role, count(*) FROM postings GROUP BY role"))
    assert {row[0]: row[1] for row in roles["rows"]} == expected


def test_role_filter_narrows_the_report(client, market_db):
    report = client.get("/api/market/report", params={"role": "ml_engineer"}).json()
    expected = sql(market_db, "SELECT count(*) FROM postings WHERE role = 'ml_engineer'")[0][0]
    assert report["postings"] == expected and report["filters"] == {"role": "ml_engineer"}


def test_non_technical_filter_keeps_every_posting_in_the_skill_tables(client, market_db):
    everyone = sql(market_db, "SELECT count(*) FROM postings")[0][0]
    technical = sql(market_db, "SELECT count(*) FROM postings WHERE role <> 'other'")[0][0]
    default = client.get("/api/market/tables/skills").json()
    kept = client.get("/api/market/tables/skills", params={"non_technical": "true"}).json()
    assert (default["denominator"], kept["denominator"]) == (technical, everyone)


def test_one_table_and_an_unknown_table(client):
    table = client.get("/api/market/tables/skills").json()
    assert table["name"] == "skills" and table["denominator"] > 0
    missing = client.get("/api/market/tables/no_such_table")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "JDL061"


def test_bad_filter_is_422(client):
    response = client.get("/api/market/report", params={"since": "last tuesday"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert CODE.match(error["code"]) and "since" in error["message"]


def test_market_page_shows_charts_tables_and_denominators(client, market_db):
    page = client.get("/market", params={"role": "ml_engineer"}).text
    expected = sql(market_db, "SELECT count(*) FROM postings WHERE role = 'ml_engineer'")[0][0]
    assert f">{expected:,} postings<" in page
    assert '<option value="ml_engineer" selected>' in page
    assert 'id="t-skills"' in page and 'class="hbars"' in page
    assert page.count('class="denominator"') >= 10
    for label in ('for="f-role"', 'for="f-seniority"', 'for="f-location"', 'for="f-since"', 'for="f-until"'):
        assert label in page


def test_market_without_a_database():
    client = TestClient(create_app())
    if client.app.state.db_path is not None:
        pytest.skip("JDLENS_DB is set in this environment")
    page = client.get("/market")
    assert page.status_code == 200 and "No market report yet" in page.text
    response = client.get("/api/market/report")
    assert response.status_code == 503 and response.json()["error"]["code"] == "JDL065"
    assert json.loads(response.text)["error"]["message"].startswith("[JDL065]")


def test_a_filter_with_no_match_is_an_empty_state_that_keeps_the_filters(client):
    response = client.get("/market", params={"location": "Atlantis", "role": "ml_engineer"})
    assert response.status_code == 200
    page = response.text
    assert 'id="market-empty"' in page and "No postings match these filters" in page
    assert 'value="Atlantis"' in page and '<option value="ml_engineer" selected>' in page
    assert 'href="/market?role=ml_engineer"' in page and 'href="/market?location=Atlantis"' in page
    api = client.get("/api/market/report", params={"location": "Atlantis"})
    assert api.status_code == 400 and api.json()["error"]["code"] == "JDL041"


def test_bars_are_scaled_to_the_largest_value_and_carry_their_n(client):
    page = client.get("/market").text
    roles = page.split('id="t-roles"', 1)[1].split("</figure>", 1)[0]
    widths = [float(w) for w in re.findall(r'class="hbar-fg" width="([\d.]+)"', roles)]
    assert widths[0] == 100.0 and widths == sorted(widths, reverse=True)
    assert re.search(r"%\s*<span class=\"muted\">· \d+</span>", roles)


def test_salary_rows_show_their_sample_size_and_trends_are_lines(client):
    page = client.get("/market").text
    salary = page.split('id="t-salary_by_level"', 1)[1].split("</figure>", 1)[0]
    assert 'class="ranges"' in salary and re.search(r"n=\d+", salary)
    trend = page.split('id="t-trend_postings"', 1)[1].split("</figure>", 1)[0]
    assert 'class="line-chart"' in trend and re.search(r"<title>[^<]*\(n=\d+\)</title>", trend)
    assert "style=" not in page.split("<main", 1)[1]  # the CSP allows no inline style


def _table(name: str, columns: list[str], rows: list[list]) -> MarketTable:
    return MarketTable(
        name=name, section="s", title=name, columns=columns, rows=rows, denominator=100, denominator_label="p"
    )


def test_bar_geometry_is_relative_to_the_largest_share():
    table = _table("roles", ["role", "postings", "share"], [["ml_engineer", 8, 0.08], ["other", 2, 0.02]])
    column, chart = market_view.bars(table)
    assert column == "share" and [b.fraction for b in chart] == [1.0, 0.25]
    assert [b.n for b in chart] == [8, 2] and chart[0].label == "Machine-learning engineer"


def test_trend_lines_put_months_in_order_with_their_n():
    rows = [
        ["2026-02", "Python", 3, 10, 0.3],
        ["2026-01", "Python", 1, 20, 0.05],
        ["2026-01", "SQL", 4, 20, 0.2],
    ]
    chart = market_view.line_chart(
        _table("trend_skills", ["month", "skill", "postings", "month_postings", "share"], rows)
    )
    python = next(s for s in chart.series if s.name == "Python")
    assert [p.label for p in python.points] == ["2026-01", "2026-02"] and [p.n for p in python.points] == [
        20,
        10,
    ]
    assert (
        python.points[0].x < python.points[1].x and python.points[1].y < python.points[0].y
    )  # higher share = up
    assert python.path.startswith("M") and " L" in python.path
    assert chart.y_ticks[-1][1] == "50%"  # 0.3 rounds up to a 0.5 axis


@pytest.mark.parametrize(
    ("value", "top"), [(0.3, 0.5), (0.05, 0.05), (80, 100), (19, 20), (0.0, 1.0), (230, 250)]
)
def test_axis_tops_are_round(value, top):
    assert market_view._nice_top(value) == pytest.approx(top)


def test_salary_ranges_share_one_scale():
    columns = ["seniority", "postings", "median_min", "median_max", "median_mid"]
    rows = [["mid", 10, 100_000.0, 200_000.0, 150_000.0], ["senior", 4, 150_000.0, 250_000.0, 200_000.0]]
    ranges = market_view.salary_ranges(_table("salary_by_level", columns, rows))
    assert [r.n for r in ranges] == [10, 4] and ranges[1].high == 1.0 and ranges[0].high == pytest.approx(0.8)
    assert ranges[0].text == "$100k–$200k, middle $150k" and ranges[0].label == "Mid-level"
