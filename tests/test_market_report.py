"""Report tables checked against independent plain-SQL counts over the stored rows; filters; the files
written; the terminal commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DATA, one, sql
from jdlens.cli import main
from jdlens.errors import InputError, MarketError
from jdlens.market.database import DESCRIPTIONS, TABLES, duckdb_version, schema_markdown
from jdlens.market.filters import Filters
from jdlens.market.html import write_report
from jdlens.market.queries import resolve_categories, top_skills
from jdlens.market.reports import SURVEY_SECTION, compute_report, load_clusters
from jdlens.market.store import ingest_files
from jdlens.market.survey import EXPERIENCE_GROUPS, SurveyPoint, corpus_ranks, load_survey, same_place
from jdlens.taxonomy import load_taxonomy

SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "market.duckdb"
    ingest_files([SAMPLE], path, workers=1)
    return path


@pytest.fixture(scope="module")
def report(db):
    return compute_report(db)


def rows_by_key(table, key: str = None) -> dict:
    i = table.columns.index(key) if key else 0
    return {r[i]: r for r in table.rows}


def test_every_table_states_its_denominator_and_shares_follow_from_it(report):
    assert report.postings == one(Path(report.db), "SELECT count(*) FROM postings")
    for table in report.tables:
        assert table.denominator_label, table.name
        if "share" in table.columns and "postings" in table.columns and table.name != "trend_skills":
            p, s = table.columns.index("postings"), table.columns.index("share")
            for row in table.rows:
                assert row[s] == round(row[p] / table.denominator, 4), (table.name, row)


_TECHNICAL = "posting_id IN (SELECT posting_id FROM postings WHERE role <> 'other')"


def _expected_skills(db: Path, where: str) -> list[tuple]:
    return sql(
        db,
        "SELECT skill_id, count(DISTINCT posting_id), count(*) FILTER (requirement = 'required'), "
        f"count(*) FILTER (requirement = 'preferred') FROM posting_skills WHERE NOT implied AND {where} "
        "GROUP BY skill_id",
    )


def test_skill_counts_match_plain_sql(db, report):
    """By default the skill tables count technical jobs only (role not ``other``)."""
    skills = rows_by_key(report.table("skills"), "skill_id")
    expected = _expected_skills(db, _TECHNICAL)
    assert len(skills) == len(expected) > 0
    for sid, n, req, pref in expected:
        row = skills[sid]
        assert (row[3], row[5], row[6]) == (n, req, pref)
    technical = one(db, "SELECT count(*) FROM postings WHERE role <> 'other'")
    assert report.table("skills").denominator == technical


def test_non_technical_postings_are_left_out_of_the_skill_tables_and_counted(db, report):
    everyone = one(db, "SELECT count(*) FROM postings")
    left_out = one(db, "SELECT count(*) FROM postings WHERE role = 'other'")
    assert left_out > 0  # the sample holds a few postings read as no technical role
    assert f"({left_out:,} non-technical left out)" in report.table("skills").denominator_label
    assert report.table("roles").denominator == everyone  # other tables still cover every posting
    kept = compute_report(db, Filters(non_technical=True))
    assert kept.table("skills").denominator == everyone
    assert len(rows_by_key(kept.table("skills"), "skill_id")) == len(_expected_skills(db, "TRUE"))
    assert kept.filters == {"non_technical": "kept"}


def test_category_sections_match_plain_sql(db, report):
    cloud = report.table("skills_cloud_platform")
    expected = sql(
        db,
        "SELECT k.name, count(*) FROM posting_skills s JOIN skills k USING (skill_id) "
        "WHERE NOT s.implied AND s.category = 'cloud_platform' GROUP BY k.name ORDER BY 2 DESC, 1",
    )
    assert [(r[0], r[1]) for r in cloud.rows] == [tuple(e) for e in expected[: len(cloud.rows)]]


def test_degrees_experience_and_places_match_plain_sql(db, report):
    degrees = rows_by_key(report.table("degrees"))
    for degree, n in sql(
        db, "SELECT min_degree, count(*) FROM education WHERE min_degree IS NOT NULL GROUP BY 1"
    ):
        assert degrees[degree][1] == n
    for degree, n in sql(
        db, "SELECT preferred_degree, count(*) FROM education WHERE preferred_degree IS NOT NULL GROUP BY 1"
    ):
        assert degrees[degree][3] == n
    exp = report.table("experience")
    assert exp.denominator == one(db, "SELECT count(*) FROM experience WHERE min_years IS NOT NULL")
    assert rows_by_key(exp)["5"][1] == one(
        db, "SELECT count(*) FROM experience WHERE min_years >= 5 AND min_years < 6"
    )
    remote = rows_by_key(report.table("remote"))
    assert remote["remote"][1] == one(db, "SELECT count(*) FROM postings WHERE remote = 'remote'")
    assert sum(r[1] for r in remote.values()) == report.postings
    # places: a posting once in each place it names (posting_places), not only its first place
    states = rows_by_key(report.table("states"))
    for state, n in sql(
        db,
        "SELECT state, count(DISTINCT posting_id) FROM posting_places "
        "WHERE country = 'US' AND state IS NOT NULL GROUP BY 1",
    ):
        assert state not in states or states[state][1] == n
    countries = report.table("countries")
    assert countries.denominator == one(
        db, "SELECT count(DISTINCT posting_id) FROM posting_places WHERE country IS NOT NULL"
    )
    assert sum(r[1] for r in countries.rows) >= countries.denominator
    assert "counted once in each" in countries.note


def test_clusters_match_plain_sql(db, report):
    clusters = rows_by_key(report.table("clusters"))
    cluster = next(c for c in load_clusters()[0] if c.id == "deep_learning")
    ids = ", ".join(f"'{s}'" for s in cluster.skills)
    cats = ", ".join(f"'{c}'" for c in cluster.categories)
    n = one(
        db,
        f"SELECT count(DISTINCT posting_id) FROM posting_skills WHERE skill_id IN ({ids}) "
        f"OR category IN ({cats})",
    )
    assert clusters["deep_learning"][3] == n
    assert set(clusters) == {c.id for c in load_clusters()[0]}


def test_cluster_members_exist_in_the_taxonomy():
    from jdlens.taxonomy import load_taxonomy
    from jdlens.taxonomy.schema import CATEGORIES

    tax = load_taxonomy()
    for c in load_clusters()[0]:
        assert set(c.skills) <= set(tax.by_id), c.id
        assert set(c.categories) <= set(CATEGORIES), c.id


def test_salary_by_level_states_quartiles_and_n_per_cell(db, report):
    table = report.table("salary_by_level")
    assert table.denominator == one(db, "SELECT count(*) FROM salaries")
    expected = sql(
        db,
        "SELECT p.seniority, count(*), quantile_cont(s.mid_annual, 0.25), median(s.mid_annual), "
        "quantile_cont(s.mid_annual, 0.75) FROM salaries s JOIN postings p USING (posting_id) GROUP BY 1",
    )
    got = rows_by_key(table)
    cols = table.columns
    assert len(expected) > 1
    for level, n, q1, median, q3 in expected:
        row = dict(zip(cols, got[level], strict=True))
        assert row["postings"] == n
        assert (row["q1_mid"], row["median_mid"], row["q3_mid"]) == (round(q1), round(median), round(q3))
        assert row["q1_mid"] <= row["median_mid"] <= row["q3_mid"]


def test_trend_shares_carry_their_month_base_and_a_wilson_interval(report):
    from jdlens.market.reports import wilson

    trend = report.table("trend_skills")
    months = {r[0]: r[1] for r in report.table("trend_postings").rows}
    for month, _skill, n, base, sh, low, high in trend.rows:
        assert base == months[month] and sh == round(n / base, 4)
        assert low <= sh <= high and (low, high) == wilson(n, base)
    # the textbook case: 0 of 10 gives 0 .. 0.2775, 5 of 10 gives 0.2366 .. 0.7634
    assert wilson(0, 10) == (0.0, 0.2775) and wilson(5, 10) == (0.2366, 0.7634)


def test_cooccurrence_matches_plain_sql(db, report):
    pair = report.table("cooccurrence").rows[0]
    names = dict(sql(db, "SELECT name, skill_id FROM skills"))
    a, b = names[pair[0]], names[pair[1]]
    n = one(
        db,
        "SELECT count(*) FROM posting_skills x JOIN posting_skills y USING (posting_id) "
        "WHERE x.skill_id = ? AND y.skill_id = ? AND NOT x.implied AND NOT y.implied",
        [a, b],
    )
    assert pair[2] == n


def test_trends_and_corpus(db, report):
    months = dict(sql(db, "SELECT month, count(*) FROM postings WHERE month IS NOT NULL GROUP BY 1"))
    assert {r[0]: r[1] for r in report.table("trend_postings").rows} == months
    sources = report.table("sources")
    assert sources.rows[0][2] == 40 and sources.rows[0][3] == report.postings
    overview = {r[0]: r[1] for r in report.table("overview").rows}
    assert overview["earliest date"] == str(one(db, "SELECT min(date_posted) FROM postings"))


def test_filters_narrow_the_report(db):
    role = one(db, "SELECT role FROM postings GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    by_role = compute_report(db, Filters(role=role))
    assert by_role.postings == one(db, "SELECT count(*) FROM postings WHERE role = ?", [role])
    assert by_role.filters == {"role": role}
    since = one(db, "SELECT median(date_posted) FROM postings")
    recent = compute_report(db, Filters(since=str(since)[:10]))
    assert recent.postings == one(db, "SELECT count(*) FROM postings WHERE date_posted >= ?", [since])
    state = one(
        db,
        "SELECT state FROM postings WHERE country = 'US' AND state IS NOT NULL GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT 1",
    )
    here = compute_report(db, Filters(location=state))
    assert here.postings == one(
        db, "SELECT count(*) FROM postings WHERE state = ? OR lower(city) = lower(?)", [state, state]
    )
    remote = compute_report(db, Filters(location="remote"))
    assert remote.postings == one(db, "SELECT count(*) FROM postings WHERE remote = 'remote'")


def test_bad_and_empty_filters(db):
    with pytest.raises(InputError, match="JDL050.*role"):
        compute_report(db, Filters(role="wizard"))
    with pytest.raises(InputError, match="JDL050.*since"):
        compute_report(db, Filters(since="last tuesday"))
    with pytest.raises(MarketError, match="JDL041"):
        compute_report(db, Filters(since="2099-01-01"))
    with pytest.raises(MarketError, match="JDL040"):
        compute_report(Path(db).with_name("missing.duckdb"))


def test_report_files(report, tmp_path):
    index = write_report(report, tmp_path / "out")
    page = index.read_text(encoding="utf-8")
    assert f"{report.postings:,} postings" in page and page.count("Denominator:") >= 20
    assert (tmp_path / "out/charts/skill_categories.png").stat().st_size > 1000
    saved = json.loads((tmp_path / "out/report.json").read_text(encoding="utf-8"))
    assert saved["postings"] == report.postings and saved["currency"].startswith("USD")
    csv_lines = (tmp_path / "out/tables/skills.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("skill_id,skill,category,postings,share")
    assert len(csv_lines) == len(report.table("skills").rows) + 1


def test_top_skills_query(db):
    assert resolve_categories("cloud") == ["cloud_platform", "cloud_ml_service"]
    with pytest.raises(InputError, match="JDL050"):
        resolve_categories("astrology")
    top = top_skills(db, top=5, category="programming_language")
    expected = sql(
        db,
        "SELECT skill_id, count(*) FROM posting_skills WHERE NOT implied AND "
        "category = 'programming_language' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
    )
    assert [(r[0], r[3]) for r in top.rows] == [tuple(e) for e in expected]


@pytest.fixture
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")


def test_cli_commands(db, tmp_path, capsys, wide):
    main(["market", "report", "--db", str(db), "--out", str(tmp_path / "rep")])
    out = capsys.readouterr().out
    assert "HTML report:" in out and (tmp_path / "rep/index.html").is_file()
    main(["market", "skills", "--db", str(db), "--top", "5", "--category", "programming"])
    assert "Python" in capsys.readouterr().out
    main(["market", "summary", "--db", str(db)])
    assert "market/hn_ml_sample.jsonl" in capsys.readouterr().out
    main(["market", "presets"])
    assert "jobspy" in capsys.readouterr().out


def test_cli_errors_are_one_line(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["market", "ingest", str(tmp_path / "none.csv"), "--db", str(tmp_path / "x.duckdb")])
    assert exc.value.code == 2 and "[JDL001]" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["market", "report", "--db", str(db), "--out", str(tmp_path / "r"), "--seniority", "guru"])
    assert exc.value.code == 2 and "[JDL050]" in capsys.readouterr().err


def test_cli_ingest(tmp_path, capsys, wide):
    db = tmp_path / "cli.duckdb"
    main(["market", "ingest", str(SAMPLE), "--db", str(db), "--workers", "1"])
    assert "hn_whoishiring" in capsys.readouterr().out
    main(["market", "ingest", str(SAMPLE), "--db", str(db), "--workers", "1"])
    assert "already ingested" in capsys.readouterr().out


# ---- the 2020 survey, definitions, the database's own documentation -----------------------------


@pytest.fixture(scope="module")
def surveyed(db):
    return compute_report(db, sections=[SURVEY_SECTION])


def test_survey_section_is_optional(report, surveyed):
    assert not any(t.section == SURVEY_SECTION for t in report.tables)
    assert {t.name for t in surveyed.tables if t.section == SURVEY_SECTION} == {
        "survey_2020",
        "survey_2020_years",
    }


def test_survey_points_are_counted_like_plain_sql(db, surveyed):
    table = surveyed.table("survey_2020")
    col = {c: i for i, c in enumerate(table.columns)}
    rows = {(r[col["question"]], r[col["item"]]): r for r in table.rows}
    survey = load_survey()
    assert len(table.rows) == sum(len(p.items()) for p in survey.points)
    python = rows[("Programming languages", "Python")]
    assert python[col["postings"]] == one(
        db,
        f"SELECT count(DISTINCT posting_id) FROM posting_skills WHERE skill_id = 'python' AND NOT implied AND {_TECHNICAL}",
    )
    master = rows[("Degree level asked for (required or preferred)", "master")]
    assert master[col["postings"]] == one(
        db,
        "SELECT count(*) FROM education WHERE (min_degree = 'master' OR preferred_degree = 'master') "
        f"AND {_TECHNICAL}",
    )
    ca = rows[("US state", "CA")]
    assert ca[col["survey_share"]] == 0.5 and ca[col["base"]] == one(
        db, f"SELECT count(*) FROM postings WHERE country = 'US' AND state IS NOT NULL AND {_TECHNICAL}"
    )
    comm = rows[("Communication skills", "communication")]
    assert comm[col["survey_share"]] == 0.44 and comm[col["survey_rank"]] is None
    low, high, s = comm[col["share_low"]], comm[col["share_high"]], comm[col["share"]]
    assert low <= s <= high and comm[col["survey_within"]] == (low <= 0.44 <= high)
    assert "what counts as communication: 'communication'" in table.note
    years = rows_by_key(surveyed.table("survey_2020_years"))
    assert years["bachelor"][1] == 4 and years["phd"][1] == 2


def test_survey_order_compares_places_with_ties():
    point = SurveyPoint(
        id="x", question="q", measure="skill", statement="s", ranks={"a": 1, "b": 2, "c": 2, "d": 4}
    )
    places = corpus_ranks({"a": 5, "b": 9, "c": 1, "d": 0}, point.items())
    assert places == {"b": 1, "a": 2, "c": 3, "d": 4}
    assert [same_place(point, k, places[k]) for k in "abcd"] == [False, False, True, True]
    assert corpus_ranks({"a": 3, "b": 3}, ["a", "b"]) == {"a": 1, "b": 1}


def test_survey_file_names_its_source_and_corpus_values():
    survey = load_survey()
    assert "365 Data Science" in survey.source and survey.postings == 500
    skill_ids = {s.id for s in load_taxonomy().skills}
    for point in survey.points:
        assert point.items(), point.id
        if point.measure == "skill":
            assert set(point.items()) <= skill_ids, point.id
        if point.measure == "degree":
            assert set(point.items()) <= {"bachelor", "master", "phd", "none"}
        if point.measure == "experience":
            assert set(point.items()) <= set(EXPERIENCE_GROUPS)


def test_cli_report_with_the_survey(db, tmp_path, capsys, wide):
    main(["market", "report", "--db", str(db), "--out", str(tmp_path / "rep"), "--survey"])
    out = capsys.readouterr().out
    assert "against the 2020 survey:" in out and "communication" in out
    page = (tmp_path / "rep/index.html").read_text(encoding="utf-8")
    assert SURVEY_SECTION in page and (tmp_path / "rep/tables/survey_2020.csv").is_file()


def test_every_table_defines_what_it_counts(report):
    for table in report.tables:
        assert table.note and len(table.note) > 20, table.name
    degrees = report.table("degrees")
    assert "'none': no required degree was found" in degrees.note
    soft = report.table("skills_soft_skill")
    assert "communication: 'communication'" in soft.note


def test_every_table_and_column_is_described_in_the_database_and_the_docs(db):
    assert set(DESCRIPTIONS) == set(TABLES)
    for table, cols in TABLES.items():
        assert set(DESCRIPTIONS[table][1]) == {c for c, _ in cols}, table
    comments = dict(sql(db, "SELECT table_name, comment FROM duckdb_tables()"))
    assert comments == {t: about for t, (about, _) in DESCRIPTIONS.items()}
    columns = {
        (t, c): text
        for t, c, text in sql(db, "SELECT table_name, column_name, comment FROM duckdb_columns()")
    }
    for table, (_about, described) in DESCRIPTIONS.items():
        for column, text in described.items():
            assert columns[(table, column)] == text
    docs = (Path(__file__).resolve().parents[1] / "docs" / "market.md").read_text(encoding="utf-8")
    assert schema_markdown() in docs, "docs/market.md: paste jdlens.market.database.schema_markdown()"


def test_docs_name_the_duckdb_version_that_opens_the_database(db):
    pinned = re.search(r'"duckdb==([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pinned and duckdb_version() == pinned.group(1)
    assert one(db, "SELECT value FROM meta WHERE key = 'duckdb_version'") == pinned.group(1)
    docs = (ROOT / "docs" / "market.md").read_text(encoding="utf-8")
    assert f"duckdb=={pinned.group(1)}" in docs and f"v{pinned.group(1)}" in docs
