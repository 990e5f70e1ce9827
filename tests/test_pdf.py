"""The PDF: every heading and the record's sentences, the report's own numbering, Vietnamese."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from bao_cao.data.record import load_record
from bao_cao.site.build import BuildError, latex_to_pdf
from bao_cao.sphinxext.editorial import footnoted

from textutil import editorial_notes, squeeze

pytestmark = pytest.mark.tex
RECORD = load_record()


# The type area of the A4 page in points from the bottom: the running head sits above it,
# the page number and running foot below it. Sentences that cross a page must not pick
# them up.
BODY_BOTTOM, BODY_TOP = 60, 770


@pytest.fixture(scope="module")
def pdf_text(built_book) -> str:
    """The PDF's text without running heads and feet."""
    parts: list[str] = []

    def keep_body(text, cm, tm, font_dict, font_size):
        if BODY_BOTTOM < cm[5] + tm[5] < BODY_TOP:
            parts.append(text)

    for page in PdfReader(built_book.pdf).pages:
        page.extract_text(visitor_text=keep_body)
        parts.append("\n")
    return "".join(parts)


def test_every_heading_is_in_the_pdf(pdf_text):
    text = squeeze(pdf_text)
    for paragraph in (p for p in RECORD if p.kind in ("heading", "title", "signature")):
        assert squeeze(paragraph.text) in text, paragraph.id


def test_every_sentence_of_the_record_is_in_the_pdf(pdf_text):
    """Sentence by sentence; those carrying an editorial footnote mark are checked around it."""
    text = squeeze(pdf_text)
    # Footnotes stand at the foot of the page, inside a sentence that runs on overleaf.
    footnotes = [note for note in editorial_notes() if footnoted(note["kind"])]
    for note in footnotes:
        footnote = f"Ấn bản: “{note['original']}”: {note['note']}"
        text = re.sub(r"\d+" + re.escape(squeeze(footnote)), "", text)
    marked = [note["original"] for note in footnotes]
    for paragraph in RECORD:
        for sentence in re.split(r"(?<=[.;:])\s+", paragraph.text):
            for piece in _split_at_marks(sentence, marked):
                assert squeeze(piece) in text, f"{paragraph.id}: {piece}"


def _split_at_marks(sentence: str, marked: list[str]) -> list[str]:
    """A footnote number follows each marked word in the PDF: compare the text either side."""
    pieces = [sentence]
    for original in marked:
        pieces = [part for piece in pieces for part in piece.split(original)]
    return [piece for piece in pieces if piece.strip()]


def test_pdf_is_in_vietnamese_with_the_reports_numbering(pdf_text):
    assert "Mục lục" in pdf_text
    assert not re.search(r"\b(Chương|Chapter) +[0-9IVX]|\bContents\b", pdf_text)
    assert "không ghi trong văn bản" in pdf_text


def test_latex_uses_polyglossia_vietnamese_and_vietnamese_captions(built_book):
    """Sphinx would say polyglossia's unknown "vietnam" and caption figures "Fig."."""
    latex_dir = built_book.source / "_build" / "work" / "_build" / "latex"
    tex = (latex_dir / "book.tex").read_text(encoding="utf-8")
    assert r"\setmainlanguage{vietnamese}" in tex
    assert "{vietnam}" not in tex
    assert ",vietnam]" not in tex
    assert r"\renewcommand{\figurename}{Hình }" in tex
    assert r"\renewcommand{\tablename}{Bảng }" in tex
    assert r"\setmainfont{Noto Serif}" in tex


LOST_GLYPH_TEX = r"""
\documentclass{article}
\usepackage{fontspec}
\setmainfont{Noto Serif}
\tracinglostchars=2
\begin{document}
Thủ tướng Chính phủ ⟦ban hành⟧ kế hoạch.
\end{document}
"""


def test_a_character_the_pdf_fonts_lack_fails_the_pdf(tmp_path):
    """XeLaTeX drops a glyph its fonts lack with only a line in its log: the build stops."""
    (tmp_path / "book.tex").write_text(LOST_GLYPH_TEX, encoding="utf-8")
    with pytest.raises(BuildError, match=r"the PDF's fonts have no glyph for '⟦' \(U\+27E6\)"):
        latex_to_pdf(tmp_path, tmp_path / "xelatex.log")


def test_the_book_logs_every_lost_glyph(built_book):
    latex = built_book.source / "_build" / "work" / "_build" / "latex" / "book.tex"
    assert r"\tracinglostchars=2" in latex.read_text(encoding="utf-8")


def test_the_pdf_says_what_it_is(built_book):
    """Title, author, subject, keywords and language in the PDF's properties."""
    reader = PdfReader(built_book.pdf)
    info = reader.metadata
    assert info.title.startswith("Báo cáo tổng kết phong trào thi đua")
    assert (
        info.author
        == "Ủy ban nhân dân tỉnh Ninh Thuận; ấn bản điện tử: Nhóm biên tập ấn bản điện tử"
    )
    assert "COVID-19" in info.subject
    assert "Ninh Thuận" in info.get("/Keywords", "")
    assert str(reader.trailer["/Root"].get("/Lang")) == "vi"


def running_lines(page, low: float, high: float) -> dict[int, str]:
    """The lines of text a page shows between heights `low` and `high` (points), by height."""
    lines: dict[int, str] = {}

    def keep(text, cm, tm, font_dict, font_size):
        height = cm[5] + tm[5]
        if low < height < high and text.strip():
            lines[round(height)] = lines.get(round(height), "") + text

    page.extract_text(visitor_text=keep)
    return lines


def test_the_running_head_is_one_line_on_every_page(built_book):
    """The head held the whole title and the edition, wrapped to two lines."""
    heads = {}
    for number, page in enumerate(PdfReader(built_book.pdf).pages, start=1):
        head = running_lines(page, BODY_TOP + 10, 842)
        if head:
            heads[number] = head
    assert len(heads) > 10
    assert all(len(lines) == 1 for lines in heads.values()), heads
    assert all("COVID-19" in next(iter(lines.values())) for lines in heads.values())


def test_the_pdf_glossary_is_in_the_vietnamese_alphabets_order(pdf_text):
    # A glossary term stands alone on its line; in the report's text these words do not.
    def line(term: str) -> int:
        return pdf_text.index(f"\n{term}\n")

    assert line("BTĐKT") < line("BTT")
    assert line("QĐ") < line("QH15")
    assert line("đi từng ngõ, gõ từng nhà, rà từng đối tượng") < line("VXNV")


def test_the_pdf_prints_every_column_of_every_table_whole(pdf_text):
    """The data page's columns in print: each name and description, none fallen off A4
    (the five-column table lost rows and clipped names such as "paragraph_")."""
    import json

    from bao_cao.data.record import REPO_ROOT

    descriptor = json.loads((REPO_ROOT / "data" / "datapackage.json").read_text("utf-8"))
    # A link's footnote (its address, on a line of its own) may stand between the two
    # halves of a description a page break cuts.
    text = squeeze(re.sub(r"(?m)^\s*\d*\s*https?://\S+\s*$", "", pdf_text))
    missing = [
        (resource["name"], field["name"])
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        if squeeze(field["name"]) not in text or squeeze(field.get("description", "")) not in text
    ]
    assert missing == []


def test_a_quote_copied_from_the_pdf_is_the_reports_words(built_book):
    """Copied as a PDF reader copies it (poppler's pdftotext, which honours ActualText),
    the words a footnote marks come without the mark: "06/82021", not "06/820215"."""
    import subprocess

    copied = squeeze(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(built_book.pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    marked = [note for note in editorial_notes() if footnoted(note["kind"])]
    assert marked
    for note in marked:
        words = squeeze(note["original"])
        assert words in copied, note["original"]
        assert not re.search(re.escape(words) + r"\d", copied), note["original"]
