"""Releases kept for good, the site assembled from them, and citations that resolve.

One module-wide scenario on a copy of the book, as staff would run it: release 0.1.0;
change a value of the supplementary daily series and one documents row; release 0.2.0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.parse
from pathlib import Path
from xml.etree import ElementTree

import pybtex.database
import pytest
import yaml
from bs4 import BeautifulSoup

from bao_cao.site.build import book_environment
from bao_cao.site.releases import ReleaseError, assemble, check_release_metadata, kept_releases

from conftest import PUBLIC_URL as URL
from conftest import set_citation, warm_copy

pytestmark = [pytest.mark.build, pytest.mark.tex]
DAILY = "data/supplementary/ninh-thuan-covid-daily.csv"
DOCUMENTS = "data/documents.csv"
OLD_NOTE, NEW_NOTE = "Báo cáo không ghi số và ngày.", "Báo cáo không ghi số và không ghi ngày."


def run_release(source: Path, version: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "bao_cao.site.releases", "--source", str(source)]
    return subprocess.run(
        [*command, "release", version],
        capture_output=True, text=True, cwd=source, env=book_environment(source),
    )  # fmt: skip


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files_of(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def releases(built_book, tmp_path_factory):
    # The session's book is built with its public address: release 0.1.0 only keeps it.
    source = warm_copy(built_book, tmp_path_factory.mktemp("releases") / "src")
    first = run_release(source, "0.1.0")
    assert first.returncode == 0, first.stderr[-3000:]
    first_site = files_of(source / "_build" / "site" / "phien-ban" / "0.1.0")
    edit(source / DAILY, "2021-11-15,", "2021-11-15,1")
    edit(source / DOCUMENTS, OLD_NOTE, NEW_NOTE)
    set_citation(source, version="0.2.0", **{"date-released": dt.date(2026, 12, 1)})
    edit(
        source / "CHANGELOG.md",
        "## 0.1.0",
        "## 0.2.0 — 01/12/2026\n\n- Sửa một số liệu hằng ngày và ghi chú một văn bản.\n\n## 0.1.0",
    )
    second = run_release(source, "0.2.0")
    assert second.returncode == 0, second.stderr[-3000:]
    return source, first_site


def site(releases) -> Path:
    return releases[0] / "_build" / "site"


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def archived_files(archive: Path) -> dict[str, str]:
    """The site's files as a release's archive keeps them: {path: sha256}."""
    with tarfile.open(archive, "r:gz") as tar:
        return {
            member.name.removeprefix("site/"): hashlib.sha256(
                tar.extractfile(member).read()
            ).hexdigest()
            for member in tar.getmembers()
            if member.isfile() and member.name.startswith("site/")
        }


def test_an_old_release_serves_exactly_what_it_served(releases):
    """Every file of 0.1.0 is served, after 0.2.0 is released, byte for byte as archived;
    beside them only the list of versions (switcher.json) and the precompressed copies."""
    source, first_site = releases
    served = files_of(site(releases) / "phien-ban" / "0.1.0")
    archived = archived_files(source / "releases" / "0.1.0.tar.gz")
    assert len(archived) > 100
    assert {name: served[name] for name in archived} == archived
    added = {name for name in served if name not in archived}
    assert {n for n in added if not n.endswith((".gz", ".br"))} == {
        "switcher.json",
        "phien-ban/index.html",
    }
    assert {name: first_site[name] for name in archived} == archived
    assert (site(releases) / "phien-ban" / "0.1.0" / "bao-cao-0.1.0.pdf").is_file()
    assert (site(releases) / "phien-ban" / "0.2.0" / "bao-cao-0.2.0.pdf").is_file()
    assert (site(releases) / "bao-cao.pdf").is_file()


def chart_source(path: Path, figure: str) -> str:
    return page(path).find("figure", id=figure).find("img")["src"]


def test_the_root_serves_the_newest_release(releases):
    root = site(releases)
    old = root / "phien-ban" / "0.1.0" / "book" / "phu-luc-boi-canh-dich-benh.html"
    new = root / "book" / "phu-luc-boi-canh-dich-benh.html"
    figure = "hinh-dich-benh-theo-tuan"
    assert chart_source(old, figure) != chart_source(new, figure)
    newest = root / "phien-ban" / "0.2.0" / "book" / "phu-luc-boi-canh-dich-benh.html"
    assert chart_source(newest, figure) == chart_source(new, figure)


@pytest.mark.parametrize(("folder", "version"), [("phien-ban/0.1.0", "0.1.0"), ("", "0.2.0")])
def test_each_version_cites_its_own_versioned_address(releases, folder, version):
    html = page(site(releases) / folder / "book" / "muc-ii-6.html")
    address = f"{URL}/phien-ban/{version}/book/muc-ii-6.html"
    citation = html.select_one(".trich-dan pre").get_text()
    assert citation.endswith(address)
    assert f"phiên bản {version}" in citation
    assert html.find("meta", attrs={"name": "citation_public_url"})["content"] == address
    assert html.find("link", rel="canonical")["href"] == address
    pdf = html.find("meta", attrs={"name": "citation_pdf_url"})["content"]
    assert pdf == f"{URL}/phien-ban/{version}/bao-cao-{version}.pdf"
    template = html.find("template", id="trich-dan-doan")
    assert template is not None
    assert f"{address}#⟦đoạn⟧" in template.get_text()


def test_every_copy_lists_the_versions_newest_first(releases):
    root = site(releases)
    path = urllib.parse.urlsplit(URL).path + "/"
    expected = [
        {"name": "Phiên bản 0.2.0 (mới nhất)", "version": "0.2.0", "url": path, "preferred": True},
        {"name": "Phiên bản 0.1.0", "version": "0.1.0", "url": f"{path}phien-ban/0.1.0/"},
    ]
    for folder in ("", "phien-ban/0.1.0", "phien-ban/0.2.0"):
        assert json.loads((root / folder / "switcher.json").read_text("utf-8")) == expected
    # Without JavaScript: the list as a page beside each copy, linked from every footer.
    for folder in ("", "phien-ban/0.1.0"):
        listing = page(root / folder / "phien-ban" / "index.html")
        links = {a.get_text(" ", strip=True): a["href"] for a in listing.select("main li a")}
        assert list(links) == ["Phiên bản 0.2.0 (mới nhất)", "Phiên bản 0.1.0"]
        here = root / folder / "phien-ban"
        opened = [(here / href).resolve() for href in links.values()]
        assert opened == [
            (root / "index.html").resolve(),
            (root / "phien-ban/0.1.0/index.html").resolve(),
        ]
        footer = page(root / folder / "book" / "muc-ii-6.html").select_one(".an-ban-dien-tu")
        href = footer.find("a", string="Các phiên bản của ấn bản")["href"]
        assert ((root / folder / "book" / href).resolve()) == (here / "index.html").resolve()


@pytest.mark.browser
def test_an_old_version_names_the_newest_and_every_page_can_switch(releases, browser):
    """Served at the public address's path, as a host serves it: an old page says which
    version it is and links the same page in the newest; the switcher leads back."""
    from pageweight import serve

    path = urllib.parse.urlsplit(URL).path.strip("/")
    host = site(releases).parent / "host"
    (host / path).parent.mkdir(parents=True, exist_ok=True)
    if not (host / path).exists():
        (host / path).symlink_to(site(releases), target_is_directory=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = context.new_page()
    try:
        with serve(host) as served:
            reader.goto(f"{served}{path}/phien-ban/0.1.0/book/muc-ii-6.html")
            note = reader.locator(".bao-phien-ban-cu")
            note.wait_for()
            note_text = note.inner_text()
            note.locator("a").click()
            reader.wait_for_url(f"{served}{path}/book/muc-ii-6.html")
            newest_notes = reader.locator(".bao-phien-ban-cu").count()
            button = reader.locator(".bd-sidebar-primary .version-switcher__button")
            entries = reader.locator(".bd-sidebar-primary .version-switcher__menu a")
            # The theme's script names the button in the same step as it fills the
            # list from switcher.json; read the name only once the list is there.
            entries.first.wait_for(state="attached")
            button_text = button.inner_text()
            button.click()
            names = entries.all_inner_texts()
            entries.filter(has_text="0.1.0").first.click()
            reader.wait_for_url(f"{served}{path}/phien-ban/0.1.0/book/muc-ii-6.html")
    finally:
        context.close()
    assert note_text.startswith("Đây là phiên bản 0.1.0 của ấn bản; phiên bản mới nhất: 0.2.0")
    assert newest_notes == 0
    assert button_text == "Phiên bản 0.2.0 (mới nhất)"
    assert names == ["Phiên bản 0.2.0 (mới nhất)", "Phiên bản 0.1.0"]


def test_the_changes_page_lists_exactly_the_changed_rows(releases):
    html = page(site(releases) / "book" / "thay-doi-du-lieu.html")
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in html.select("table.thay-doi tbody tr")
    ]
    assert rows[1][:2] == ["2021-11-15", "new_cases"] or ["2021-11-15", "new_cases"] in [
        r[:2] for r in rows
    ]
    assert ["qt-tiem-vac-xin", "note", OLD_NOTE, NEW_NOTE] in rows
    assert len(rows) == 2
    headings = [rubric.get_text() for rubric in html.select(".thay-doi-bang .rubric")]
    assert len(headings) == 2
    first = page(site(releases) / "phien-ban" / "0.1.0" / "book" / "thay-doi-du-lieu.html")
    assert "không có gì để so sánh" in first.get_text()


def test_every_bibtex_file_parses_and_biber_finds_nothing_to_say(releases, tmp_path):
    files = sorted(site(releases).rglob("*.bib"))
    assert len(files) > 20
    for path in files:
        entries = pybtex.database.parse_file(str(path)).entries
        # A page of the report: the edition's page and the report; the edition's own
        # pages (timeline, glossary…) and the documents list: their own entries.
        assert len(entries) >= 1, path
        for entry in entries.values():
            assert "urldate" not in entry.fields
    edition = pybtex.database.parse_file(
        str(site(releases) / "phien-ban" / "0.1.0" / "_static" / "tai-ve" / "muc-ii-6.bib")
    )
    fields = edition.entries["ubnd-ninh-thuan-covid19-muc-ii-6"].fields
    assert fields["version"] == "0.1.0"
    assert fields["date"] == "XXXX"  # the report states no date: none is given
    assert "phát hành ngày" in fields["note"]  # the release's date, said of the edition
    assert fields["url"] == f"{URL}/phien-ban/0.1.0/book/muc-ii-6.html"
    if shutil.which("biber") is None:
        pytest.skip("biber is not installed (Debian's biber)")
    # Every file of each release, its entries gathered in one file (an entry that several
    # pages offer, the report's, is the same text in each): biber and BibTeX once a release.
    root = site(releases)
    releases_files = {
        "newest": [path for path in files if "phien-ban" not in path.relative_to(root).parts],
        "0.1.0": [path for path in files if "0.1.0" in path.parts],
    }
    for name, paths in releases_files.items():
        entries: dict[str, str] = {}
        for path in paths:
            for entry in re.split(r"(?m)^(?=@)", path.read_text(encoding="utf-8")):
                key = re.match(r"@\w+\{([^,]+),", entry)
                if key:
                    kept = entries.setdefault(key[1], entry.strip())
                    assert kept == entry.strip(), (path, key[1])
        (tmp_path / f"{name}.bib").write_text("\n\n".join(entries.values()) + "\n", "utf-8")
        checked = subprocess.run(
            ["biber", "--tool", "--validate-datamodel", f"{name}.bib"],
            capture_output=True, text=True, cwd=tmp_path,
        )  # fmt: skip
        report = checked.stdout + checked.stderr
        assert checked.returncode == 0, (name, report)
        assert "WARN" not in report, (name, report)
        # And BibTeX itself, with its standard style: no warning (a missing year, a type).
        (tmp_path / f"{name}.aux").write_text(
            f"\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{name}}}\n", encoding="utf-8"
        )
        classic = subprocess.run(["bibtex", name], capture_output=True, text=True, cwd=tmp_path)
        assert classic.returncode == 0, classic.stdout
        assert "Warning--" not in classic.stdout, classic.stdout
        # And what plain prints of a section: the Committee, the part, the report it is in.
        printed = " ".join((tmp_path / f"{name}.bbl").read_text(encoding="utf-8").split())
        assert "Mục II.6. Triển khai hiệu quả" in printed
        assert "Trong: Báo cáo tổng kết phong trào thi đua" in printed
        assert "{Ủy ban nhân dân tỉnh Ninh Thuận}" in printed
        assert len(entries) > 20, name


def test_the_sitemap_lists_every_release(releases):
    root = site(releases)
    index = ElementTree.parse(root / "sitemap.xml").getroot()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [loc.text for loc in index.findall("s:sitemap/s:loc", namespace)]
    assert listed == [f"{URL}/phien-ban/{v}/sitemap.xml" for v in ("0.2.0", "0.1.0")]
    for version in ("0.1.0", "0.2.0"):
        own = (root / "phien-ban" / version / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{URL}/phien-ban/{version}/book/muc-ii-6.html</loc>" in own


def test_a_version_is_released_once(releases):
    source, _ = releases
    refused = run_release(source, "0.2.0")
    assert refused.returncode == 1
    assert "already released" in refused.stderr


def test_a_changed_archive_is_refused(releases, tmp_path):
    source, _ = releases
    copy = tmp_path / "src"
    shutil.copytree(source / "releases", copy / "releases")
    archive = copy / "releases" / "0.1.0.tar.gz"
    archive.write_bytes(archive.read_bytes() + b"\0")
    with pytest.raises(ReleaseError, match="does not match its checksum"):
        kept_releases(copy)
    with pytest.raises(ReleaseError):
        assemble(copy)


def test_a_release_needs_matching_metadata_and_an_address(tmp_path):
    from bao_cao.data.record import REPO_ROOT

    for name in ("CITATION.cff", "CHANGELOG.md"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    cff = yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))
    with pytest.raises(ReleaseError, match=r"not 9\.9\.9"):
        check_release_metadata(tmp_path, "9.9.9")
    with pytest.raises(ReleaseError, match="not a version"):
        check_release_metadata(tmp_path, "v1")
    if not cff.get("url"):
        with pytest.raises(ReleaseError, match="no url"):
            check_release_metadata(tmp_path, str(cff["version"]))
    set_citation(tmp_path, url=URL, **{"date-released": "2030-01-01"})
    with pytest.raises(ReleaseError, match="date-released"):
        check_release_metadata(tmp_path, str(cff["version"]))


def test_a_citations_address_leads_to_the_paragraph_it_names(releases):
    """Each version's citation of II.6.2, followed on the assembled site (served here in
    place of the public address), opens that version's page at that paragraph."""
    import urllib.request

    from pageweight import serve

    root = site(releases)
    with serve(root) as served:
        for folder, version in (("phien-ban/0.1.0", "0.1.0"), ("", "0.2.0")):
            html = page(root / folder / "book" / "muc-ii-6.html")
            template = html.find("template", id="trich-dan-doan").get_text()
            address = re.search(r"https://\S+", template)[0].replace("⟦đoạn⟧", "II.6.2")
            assert address == f"{URL}/phien-ban/{version}/book/muc-ii-6.html#II.6.2"
            local = address.replace(f"{URL}/", served).split("#")[0]
            with urllib.request.urlopen(local) as response:
                opened = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
            assert opened.find(id="II.6.2") is not None
            shown = opened.select_one(".trich-dan pre").get_text()
            assert f"phiên bản {version}" in shown
