"""The description key is made by byte translation: it must equal the hash of the plain normalization
(``normalized_description``, one regular expression) on every text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CORPORA, DATA, corpus_texts, needs_shared
from jdlens.market import fields as nz


def plain_key(text: str) -> int:
    return nz.stable_id(nz.normalized_description(text))


def data_texts() -> list[str]:
    rows = [json.loads(line) for line in (DATA / "market" / "hn_ml_sample.jsonl").read_text().splitlines()]
    texts = [r["text"] for r in rows]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "jobs").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "postings").glob("*.html"))]
    return texts


def test_the_key_equals_the_plain_normalizations_hash_on_the_test_postings():
    texts = data_texts()
    assert len(texts) > 40 and any(not t.isascii() for t in texts) and any("<" in t for t in texts)
    assert [nz.description_key(t) for t in texts] == [plain_key(t) for t in texts]


def test_the_key_equals_the_plain_normalizations_hash_on_the_shared_corpora():
    needs_shared()
    for name in CORPORA:
        texts = corpus_texts(name)[:400]
        assert [nz.description_key(t) for t in texts] == [plain_key(t) for t in texts], name


EDGES = [
    "",
    "   ",
    "_",
    "a_b",
    "ÆØÅ Straße İstanbul ǅ ﬁ K ſ",  # casefolds that change length or land in ASCII
    "naïve café — “quoted” • bullet\u00a0nbsp\u2028line\u3000wide",
    "١٢٣ ²³ ½ Ⅻ 〇 numbers of other scripts",
    "e\u0301 combining marks \u200d\u200b zero width",
    "emoji 🚀 and \ud800 a lone surrogate",
    "&amp;lt;p&amp;gt;double escaped&amp;lt;/p&amp;gt; &nbsp; &#x41;&#66;",
    "<div class='x'>markup<br/>and <not closed",
    "\x00\x1c\x1f\x7f controls",
]


def test_the_key_equals_the_plain_normalizations_hash_on_edge_texts():
    for text in EDGES:
        assert nz.description_key(text) == plain_key(text), repr(text)


TEXTS = st.lists(
    st.one_of(
        st.text(min_size=1, max_size=40),
        st.text(st.characters(codec="utf-8"), max_size=20),
        st.sampled_from(["<b>", "</p>", "&amp;", "&lt;", "&nbsp;", "_", " ", "\n", "ß", "İ", "é", "—"]),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_key_equals_the_plain_normalizations_hash_on_generated_texts(text):
    assert nz.description_key(text) == plain_key(text)
