"""Data text is text: what staff type reaches every output literally, never as markup.

Every free-text cell of every table is filled with MyST, reST, HTML, LaTeX and Markdown
that would do something if any output read it as markup (a link out of the site, a
file of the build machine copied into a page, a script, a LaTeX \\input). The book is
built, HTML and PDF, and every output must show the words as typed and do nothing else.

It is built with CITATION.cff as the repository has it, with no url (the session's book
has one): it also shows what a book without a public address cites.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string
from pypdf import PdfReader

from bao_cao.data import field_titles
from bao_cao.data.table_rules import exact_columns
from bao_cao.data.validate import validate
from bao_cao.site.citation import ADDRESS_NOT_KNOWN

from conftest import build_html, set_citation, warm_copy
from textutil import normalise, squeeze

pytestmark = [pytest.mark.build, pytest.mark.tex]

SECRET = "BI-MAT-CUA-MAY-XAY-DUNG-4f2c"


def body(secret_file: Path) -> str:
    """What a cell holds after the marker: markup of every kind the outputs could read."""
    return (
        "**đậm** `mã` [liên kết](https://example.com/lien-ket) <b>thẻ</b> "
        "<script>alert(1)</script> <img src=https://example.com/a.png> {ref}`trang-dau` "
        ":ref:`trang-dau` .. raw:: html "
        f"\\input{{{secret_file}}} \\write18{{touch {secret_file}.pwned}} $\\alpha$ "
        "50% & #1 _x_ ~ ^ {ngoặc}\n"
        f"```{{raw}} html\n:file: {secret_file}\n```"
    )


def free_text_columns(descriptor: dict) -> list[tuple[dict, str]]:
    """Columns only ever shown, never matched: not keys, numbers, quotes or the record."""
    columns = []
    for resource in descriptor["resources"]:
        if resource["name"] == "record":
            continue
        exact = exact_columns(resource)
        for field in resource["schema"]["fields"]:
            name = field["name"]
            if field["type"] == "string" and name not in exact and name != "quote":
                columns.append((resource, name))
    return columns


def marker(resource: dict, column: str) -> str:
    return f"«{resource['name']}.{column}»"


@pytest.fixture(scope="session")  # built once per worker, however xdist orders the tests
def injected(built_book, tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the book whose free-text cells all hold markup; built, HTML and PDF."""
    root = tmp_path_factory.mktemp("injected")
    secret_file = root / "bi-mat.txt"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    source = warm_copy(built_book, root / "src")
    set_citation(source, url=None)  # as the repository's CITATION.cff stands
    data = source / "data"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    payloads = {}
    for resource, column in free_text_columns(descriptor):
        path = data / resource["path"]
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        payload = f"{marker(resource, column)} {body(secret_file)}"
        for row in rows:
            # An empty cell stays empty (emptiness has meaning); a cell keeps its words
            # after the markup, so the facts of the record it holds are still held.
            if row[column]:
                row[column] = f"{payload} {row[column]}"
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        payloads[marker(resource, column)] = payload
    assert [str(problem) for problem in validate(data)] == []
    result = build_html(source, pdf=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return source, payloads


def site_files(source: Path) -> list[Path]:
    return [path for path in (source / "_build" / "html").rglob("*") if path.is_file()]


def test_every_free_text_column_is_covered(injected):
    _, payloads = injected
    assert len(payloads) >= 12
    for name in ("events.event", "documents.issuer", "glossary.meaning", "indicators.subject"):
        assert f"«{name}»" in payloads


def test_pages_show_the_markup_as_typed_and_gain_nothing(injected):
    source, payloads = injected
    shown = set()
    for page in (source / "_build" / "html").rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(source).as_posix()
        assert not html.select('a[href*="example.com"]'), where
        assert not html.select('img[src*="example.com"]'), where
        assert not [s for s in html.find_all("script") if "alert(1)" in s.get_text()], where
        assert not [b for b in html.find_all("b") if "thẻ" in b.get_text()], where
        assert not [s for s in html.find_all("strong") if s.get_text() == "đậm"], where
        text = normalise(html.get_text(" "))
        for name, payload in payloads.items():
            if name in text:
                shown.add(name)
                assert text.count(name) == text.count(normalise(payload)), (where, name)
    assert {"«events.event»", "«documents.issuer»", "«glossary.meaning»"} <= shown


def test_no_file_of_the_build_machine_reaches_any_output(injected):
    source, _ = injected
    for path in site_files(source):
        if path.suffix == ".pdf":
            text = "".join(page.extract_text() for page in PdfReader(path).pages)
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        assert SECRET not in text, path
    assert not list(source.parent.glob("*.pwned"))


def test_the_pdf_shows_the_markup_as_typed(injected):
    """(Data that reach the LaTeX typeset the warm copy's PDF again: the markup is in it.)"""
    source, _payloads = injected
    pdf = source / "_build" / "html" / "bao-cao.pdf"
    text = squeeze("".join(page.extract_text() for page in PdfReader(pdf).pages))
    for name in ("«events.event»", "«glossary.meaning»", "«documents.issuer»"):
        assert squeeze(name) in text
    for piece in ("**đậm**", "[liênkết](https://example.com/lien-ket)", "<b>thẻ</b>", r"$\alpha$"):
        assert squeeze(piece) in text, piece
    assert squeeze("\\input{") in text
    assert "50%&#1_x_" in text


def test_charts_show_the_markup_as_text(injected):
    source, _payloads = injected
    index = BeautifulSoup(
        (source / "_build" / "html" / "book" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    image = index.find("figure", id="hinh-cac-so-lieu-chinh").find("img")
    svg = (source / "_build" / "html" / "book" / image["src"]).read_text(encoding="utf-8")
    assert "«indicators.subject»" in svg
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert r"$\alpha$" in svg  # not typeset as mathtext


def test_downloads_hold_the_text_as_typed(injected):
    source, payloads = injected
    downloads = source / "_build" / "html" / "_static" / "tai-ve"
    # The timeline page's CSV is its chart's table, under the columns' Vietnamese titles.
    issuer = field_titles(("documents",), source / "data")["issuer"]
    drawn = list(
        csv.DictReader(io.StringIO((downloads / "dong-thoi-gian.csv").read_text("utf-8-sig")))
    )
    documents = [row for row in drawn if row[issuer]]
    assert documents
    assert all(row[issuer].startswith(payloads["«documents.issuer»"]) for row in documents)
    for bib in [*downloads.glob("*.bib"), source / "_build" / "html" / "van-ban-vien-dan.bib"]:
        entries = parse_string(bib.read_text(encoding="utf-8"), "bibtex").entries
        assert entries, bib
    listing = (source / "_build" / "html" / "van-ban-vien-dan.bib").read_text(encoding="utf-8")
    assert r"\textbackslash{}input\textbraceleft{}" in listing
    assert r"50\% \& \#1 \_x\_" in listing
    assert not re.search(r"(?<!\\)\\input\{", listing)


def test_the_workbook_holds_the_text_as_typed_never_a_formula(injected):
    import openpyxl

    source, payloads = injected
    book = openpyxl.load_workbook(
        source / "_build" / "html" / "_static" / "du-lieu" / "du-lieu.xlsx"
    )
    found = set()
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("«"):
                    name = cell.value.split(" ", 1)[0]
                    assert cell.value.startswith(payloads[name]), name
                    assert cell.data_type == "s"
                    found.add(name)
    assert found == set(payloads)


def test_without_a_url_the_address_is_said_to_be_unknown(injected):
    """No relative path poses as an address a reader's document could follow."""
    source, _ = injected
    page = source / "_build" / "html" / "book" / "muc-ii-6.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    citation = html.select_one(".trich-dan pre").get_text()
    assert citation.endswith(f"{ADDRESS_NOT_KNOWN}.")
    assert html.find("meta", attrs={"name": "citation_public_url"}) is None
    assert not re.search(r"\bbook/muc-ii-6\.html\b", citation)
