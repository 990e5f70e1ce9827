"""The Vietnamese search language on the index side (the browser side: test_browser.py)."""

from __future__ import annotations

import unicodedata

from bao_cao.sphinxext.search import fold, index_terms, page_text, query_terms


def test_fold_removes_diacritics_and_d_bar():
    assert fold("Đảm bảo tiêm chủng") == "dam bao tiem chung"
    assert fold("Tổ nhân dân tự quản") == "to nhan dan tu quan"


def test_every_syllable_is_indexed_as_written_and_folded():
    terms = set(index_terms("Kiện toàn Tổ nhân dân tự quản"))
    assert {"tổ", "to", "tự", "tu", "quản", "quan"} <= terms
    assert {"to_nhan", "tu_quan"} <= terms  # pairs, folded
    assert "tổ_nhân" not in terms  # pairs are indexed folded only


def test_a_query_matches_the_index_of_its_own_words():
    text = "đẩy nhanh tiến độ tiêm vắc xin phòng COVID-19"
    indexed = set(index_terms(text))
    for query in ("tiem vac xin", "tiêm vắc xin", "TIEN DO TIEM", "covid 19"):
        assert set(query_terms(query)) <= indexed, query


def test_a_query_with_diacritics_does_not_match_other_words():
    indexed = set(index_terms("tiềm năng chúng ta"))
    assert not set(query_terms("tiêm chủng")) <= indexed


def test_decomposed_text_is_indexed_as_whole_syllables():
    """Unikey's "Unicode tổ hợp" writes marks apart; the index still holds "tiêm", "tiem"."""
    decomposed = unicodedata.normalize("NFD", "đẩy nhanh tiến độ tiêm chủng")
    terms = set(index_terms(decomposed))
    assert {"tiêm", "tiem", "chủng", "chung", "tiem_chung"} <= terms
    assert set(query_terms(decomposed)) <= set(index_terms("đẩy nhanh tiến độ tiêm chủng"))


def test_numbers_are_indexed_and_asked_for_with_a_mark_sphinx_keeps():
    """Sphinx's search skips query words of digits alone: "#3079" is what finds a number."""
    assert "#3079" in index_terms("Công văn số 3079/BTĐKT-P.II")
    assert "#3079" in query_terms("3079")
    assert set(query_terms("1497/QĐ-TTg")) <= set(index_terms("Quyết định số 1497/QĐ-TTg"))


PAGE = """<html><body><div class="tai-ve"><a>Tải PDF</a><a>CSV</a><a>BibTeX</a></div>
<article class="bd-article"><section id="muc-ii-9"><h1>9. Tiêm chủng<a class="headerlink">#</a></h1>
<section id="ket-qua"><h2>Kết quả</h2>
<ul><li><p class="doan-bao-cao" id="II.9.1"><span class="so-doan-wrapper">
<a class="so-doan">II.9.1</a></span><a href="thuat-ngu.html"><span>UBND</span></a> tỉnh chỉ đạo
 tiêm   vắc xin<a class="footnote-reference brackets" href="#n2"
role="doc-noteref">[2]</a>.</p></li>
<li>Một dòng không có đoạn</li></ul>
<div class="trich-dan"><p>Trích dẫn trang này</p><pre>@techreport{x}</pre></div>
</section></section></article></body></html>"""


def test_a_pages_search_text_is_its_own_words_with_their_addresses():
    """Snippets were cut from buttons, the citation and ids glued to words ("NN.9UBND"),
    and carried footnote marks ("tại tại[2]")."""
    text = page_text(PAGE)
    assert text["title"] == "9. Tiêm chủng"
    assert text["headings"] == ["Kết quả"]
    assert text["blocks"] == [
        ["II.9.1", "UBND tỉnh chỉ đạo tiêm vắc xin."],
        ["ket-qua", "Một dòng không có đoạn"],
    ]


def test_a_page_without_an_article_has_no_search_text():
    assert page_text("<html><body><p>menu</p></body></html>") == {
        "title": "",
        "headings": [],
        "blocks": [],
    }


def test_every_suggested_word_is_the_reports_own():
    """A query in English is answered with the report's word for it: a word the report
    does not use would lead to nothing."""
    from bao_cao.data.record import load_record
    from bao_cao.sphinxext.search import SUGGESTIONS

    text = " ".join(paragraph.text for paragraph in load_record()).lower()
    assert SUGGESTIONS
    assert [word for word in SUGGESTIONS.values() if word.lower() not in text] == []
