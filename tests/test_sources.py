"""The reading layer: formats by content, encodings, HTML, DOCX the way Word shows it, PDFs, limits."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.fuzz_files import pdf_pages

from jdlens.config import get_settings
from jdlens.errors import (
    DocumentLimitError,
    FileTooLargeError,
    InputError,
    JdlensError,
    LimitError,
    ResumeError,
    UnsupportedFormatError,
)
from jdlens.sources.encoding import decode
from jdlens.sources.markup import html_to_text
from jdlens.sources.reader import read_bytes, read_path
from jdlens.web.http_errors import status_for

DATA = Path(__file__).resolve().parent / "data"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _docx(body: str, *, parts: dict[str, str] | None = None, root: str = "w:document") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><{root} {NAMESPACES}><w:body>{body}</w:body></{root}>',
        )
        for name, xml in (parts or {}).items():
            zf.writestr(name, f"<w:hdr {NAMESPACES}>{xml}</w:hdr>")
    return buffer.getvalue()


def _lines(doc_text: str) -> list[str]:
    return [line for line in doc_text.split("\n") if line.strip()]


# ---- DOCX ---------------------------------------------------------------------------------------


def test_docx_content_controls_and_custom_xml_are_read() -> None:
    body = (
        "<w:sdt><w:sdtContent>" + _p("Ada Lovelace") + "</w:sdtContent></w:sdt>"
        "<w:customXml><w:p><w:customXml><w:r><w:t>Python and PyTorch</w:t></w:r></w:customXml></w:p>"
        "</w:customXml>"
        '<w:p><w:sdt><w:sdtContent><w:r><w:t xml:space="preserve">ML </w:t></w:r></w:sdtContent></w:sdt>'
        "<w:smartTag><w:r><w:t>Engineer</w:t></w:r></w:smartTag></w:p>"
    )
    doc = read_bytes(_docx(body), "cv.docx")
    assert doc.format == "docx"
    assert _lines(doc.text) == ["Ada Lovelace", "Python and PyTorch", "ML Engineer"]


def test_docx_text_box_read_once_choice_not_fallback() -> None:
    box = "<w:txbxContent>" + _p("Skills: Kubernetes") + "</w:txbxContent>"
    body = (
        "<w:p><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>" + _p("Experience")
    )
    text = read_bytes(_docx(body), "cv.docx").text
    assert text.count("Kubernetes") == 1
    assert _lines(text) == ["Skills: Kubernetes", "Experience"]


def test_docx_tables_cell_by_cell_nested_once() -> None:
    inner = "<w:tbl><w:tr><w:tc>" + _p("TensorFlow") + "</w:tc></w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr>"
        "<w:tc>" + _p("EXPERIENCE") + _p("Data Scientist, Acme") + "</w:tc>"
        "<w:tc>" + _p("SKILLS") + inner + _p("SQL") + "</w:tc>"
        "</w:tr></w:tbl>"
    )
    text = read_bytes(_docx(body), "cv.docx").text
    assert text.count("TensorFlow") == 1
    assert _lines(text) == ["EXPERIENCE", "Data Scientist, Acme", "SKILLS", "TensorFlow", "SQL"]


def test_docx_headers_first_footers_last_once() -> None:
    parts = {
        "word/header1.xml": _p("ada@example.com"),
        "word/header2.xml": _p("ada@example.com"),
        "word/footer1.xml": _p("Page 1"),
    }
    text = read_bytes(_docx(_p("Summary"), parts=parts), "cv.docx").text
    assert _lines(text) == ["ada@example.com", "Summary", "Page 1"]


def test_docx_list_paragraphs_become_bullets() -> None:
    text = read_bytes(_docx(_p("Shipped models", "ListBullet") + _p("Plain")), "cv.docx").text
    assert _lines(text) == ["• Shipped models", "Plain"]


def test_docx_with_xml_comments_reads_correct_text() -> None:
    body = (
        "<!-- a comment -->" + _p("Python") + "<!-- another --><w:p><w:r><!-- x --><w:t>SQL</w:t></w:r></w:p>"
    )
    assert _lines(read_bytes(_docx(body), "cv.docx").text) == ["Python", "SQL"]


def test_docx_whose_root_is_not_a_document_is_a_coded_error() -> None:
    with pytest.raises(ResumeError) as info:
        read_bytes(_docx(_p("hello"), root="w:glossaryDocument"), "odd.docx")
    assert info.value.code == "JDL024" and "w:document" in info.value.message


def test_image_only_docx_is_the_scanned_error() -> None:
    body = "<w:p><w:r><w:drawing><pic:pic/></w:drawing></w:r></w:p>" + _p("Page 1")
    with pytest.raises(ResumeError) as info:
        read_bytes(_docx(body), "scan.docx")
    assert info.value.code == "JDL027"


def test_docx_zip_bomb_stops_at_the_decompressed_limit(limits: pytest.MonkeyPatch) -> None:
    limits.setenv("JDLENS_MAX_DECOMPRESSED_BYTES", str(1_000_000))
    body = _p("x" * 3_000_000)
    data = _docx(body)
    assert len(data) < 50_000
    started = time.thread_time()
    with pytest.raises(DocumentLimitError) as info:
        read_bytes(data, "bomb.docx")
    assert info.value.code == "JDL028" and status_for(info.value) == 413
    assert time.thread_time() - started < 1.0


def test_docx_broken_xml_is_a_coded_error() -> None:
    data = _docx("<w:p><w:r><w:t>unclosed")
    with pytest.raises(ResumeError) as info:
        read_bytes(data, "broken.docx")
    assert info.value.code == "JDL024"


def test_real_docx_posting_is_read() -> None:
    doc = read_path(DATA / "jobs" / "data_scientist.docx")
    assert doc.format == "docx" and "Data Scientist" in doc.text and len(doc.text) > 1500


# ---- PDF ----------------------------------------------------------------------------------------


def test_pdf_scan_page_then_text_page_reads_the_text_and_names_the_empty_page() -> None:
    doc = read_bytes(pdf_pages(None, "Machine Learning Engineer\nPython, PyTorch and Kubernetes required"))
    assert doc.format == "pdf" and doc.pages == 2
    assert "PyTorch and Kubernetes" in doc.text
    assert doc.empty_pages == (1,)


def test_pdf_with_text_on_every_page_misses_nothing() -> None:
    doc = read_bytes(pdf_pages("Page one says Python and SQL", "Page two says Docker and Spark"))
    assert "Python" in doc.text and "Spark" in doc.text and doc.empty_pages == ()


def test_pdf_over_the_page_limit_is_refused_before_reading(limits: pytest.MonkeyPatch) -> None:
    limits.setenv("JDLENS_MAX_PAGES", "3")
    with pytest.raises(DocumentLimitError) as info:
        read_bytes(pdf_pages(*["a"] * 5), "long.pdf")
    assert info.value.code == "JDL029" and "5 pages" in info.value.message


def test_thousands_of_blank_pages_are_read_once(limits: pytest.MonkeyPatch) -> None:
    limits.setenv("JDLENS_MAX_PAGES", "100000")
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5000):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    started = time.thread_time()
    with pytest.raises(ResumeError) as info:
        read_bytes(buffer.getvalue(), "blank.pdf")
    assert info.value.code == "JDL022"
    assert time.thread_time() - started < 3.0


# ---- encodings ----------------------------------------------------------------------------------

POSTING = "Senior ML Engineer in Berlin. Python required. Salary €80,000 – €95,000 per year. Café team."


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
    ],
)
def test_encodings_decode_to_the_same_text(encoding: str, bom: bytes) -> None:
    text = POSTING.replace("–", "-") if encoding == "cp1252" else POSTING
    got = decode(bom + text.encode(encoding), "t")
    assert got.text == text


def test_utf16_without_bom_is_text_not_binary() -> None:
    assert decode(POSTING.encode("utf-16-le"), "t").text == POSTING


def test_one_stray_byte_keeps_a_utf8_file_utf8() -> None:
    data = POSTING.encode("utf-8") + b" \x97 " + "Zürich, Málaga".encode()
    got = decode(data, "t")
    assert got.encoding == "utf-8" and "€80,000" in got.text and "Zürich" in got.text


def test_encoding_override_and_its_errors() -> None:
    data = "naïve".encode("latin-1")
    assert decode(data, "t", "latin-1").text == "naïve"
    with pytest.raises(InputError) as unknown:
        decode(data, "t", "klingon")
    assert unknown.value.code == "JDL008"
    with pytest.raises(InputError) as bad:
        decode(b"\xff\xfe\xfa", "t", "utf-8")
    assert bad.value.code == "JDL008"


def test_binary_bytes_are_refused() -> None:
    with pytest.raises(InputError) as info:
        read_bytes(bytes(range(256)) * 20, "ls")
    assert info.value.code == "JDL003"
    with pytest.raises(UnsupportedFormatError) as known:
        read_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "ls")
    assert known.value.code == "JDL005" and "executable" in known.value.message


# ---- HTML and JSON-LD ---------------------------------------------------------------------------


def test_html_drops_script_style_template_noscript_hidden_and_json() -> None:
    page = (
        "<html><head><style>.java{}</style><title>Jobs</title></head><body>"
        '<script>var s=["Java","Scala"]</script><noscript>Enable Rust</noscript>'
        "<template><p>Haskell</p></template><div hidden>Erlang</div>"
        '<p aria-hidden="true">Elixir</p><p style="display: none">Perl</p>'
        '<script type="application/json">{"skills": ["Ruby"]}</script>'
        "<h2>Requirements</h2><ul><li>Python</li><li>SQL &amp; Spark</li></ul></body></html>"
    )
    text = html_to_text(page)
    for hidden in ("Java", "Scala", "Rust", "Haskell", "Erlang", "Elixir", "Perl", "Ruby", "Jobs"):
        assert hidden not in text
    assert [ln for ln in text.split("\n") if ln.strip()] == ["Requirements", "• Python", "• SQL & Spark"]


def test_html_hostile_markup_is_linear() -> None:
    started = time.thread_time()
    assert html_to_text("<p " * 200_000).strip() == ""
    assert html_to_text("<div>" * 100_000 + "x") is not None
    assert "\ufffd" in html_to_text("<p>&#" + "9" * 5000 + ";</p>")
    assert time.thread_time() - started < 1.0


def test_json_ld_job_posting_is_used() -> None:
    page = (
        '<html><body><nav>Home | Jobs | Java meetups</nav><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {"@type": "JobPosting",'
        ' "title": "ML Engineer", "description": "<p>We need <b>PyTorch</b>.</p>",'
        ' "jobLocation": {"@type": "Place", "address": {"addressLocality": "Leeds", "addressCountry": "GB"}},'
        ' "baseSalary": {"currency": "GBP", "value": {"minValue": 50000, "maxValue": 60000, "unitText": "YEAR"}}}]}'
        "</script></body></html>"
    )
    doc = read_bytes(page.encode(), "job.html")
    assert doc.format == "jobposting" and doc.title == "ML Engineer"
    assert "Java" not in doc.text and "We need PyTorch." in doc.text
    assert "Location: Leeds, GB" in doc.text and "Salary: GBP 50000 - 60000 per year" in doc.text


def test_json_job_posting_record() -> None:
    record = b'{"@type": "JobPosting", "title": "Data Scientist", "description": "Python and R."}'
    doc = read_bytes(record, "job.json")
    assert doc.format == "jobposting" and doc.title == "Data Scientist"
    assert doc.text == "Data Scientist\nPython and R."


def test_markdown_and_text_are_detected() -> None:
    assert read_bytes(b"# ML Engineer\n\n- Python\n- SQL\n").format == "markdown"
    assert read_bytes(b"ML Engineer\nPython and SQL\n").format == "text"


# ---- limits -------------------------------------------------------------------------------------


def test_byte_and_character_limits(limits: pytest.MonkeyPatch, tmp_path: Path) -> None:
    limits.setenv("JDLENS_MAX_UPLOAD_BYTES", "1000")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1001)
    with pytest.raises(FileTooLargeError) as size:
        read_path(big)
    assert size.value.code == "JDL021" and "limit 1000" in size.value.message
    limits.setenv("JDLENS_MAX_UPLOAD_BYTES", str(10**7))
    limits.setenv("JDLENS_MAX_TEXT_CHARS", "500")
    get_settings.cache_clear()
    with pytest.raises(LimitError) as chars:
        read_bytes(b"word " * 200, "long.txt")
    assert chars.value.code == "JDL007"


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04" + b"\x00" * 50, b"%PDF-1.4\n%%EOF", b"\xff\xfe", b"{not json", b"[1, 2", b"<"],
)
def test_odd_inputs_give_text_or_a_coded_error(data: bytes) -> None:
    try:
        read_bytes(data, "odd")
    except JdlensError as exc:
        assert exc.code.startswith("JDL")
