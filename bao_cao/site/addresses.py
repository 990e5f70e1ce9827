"""The book's published addresses: pages and the anchors reviewers cite, frozen in a file.

published-addresses.txt lists every page (book/muc-ii-6.html) and every citable anchor
(book/muc-ii-6.html#II.6.2, #hinh-tiem-chung, #van-ban-nq-128-cp). Each
build must still serve all of them, directly or through a redirect page (sphinx-reredirects,
`redirects` in _config.yml). New addresses are added with `freeze`; none is ever dropped.

Run: `python -m bao_cao.site.addresses check|freeze [HTML_DIR]`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from bao_cao.data.record import REPO_ROOT, load

MANIFEST = REPO_ROOT / "published-addresses.txt"
HTML_DIR = REPO_ROOT / "_build" / "html"
# Besides the record's paragraph ids (data/sections.csv says what a section id is):
# figures (hinh-…) and entries of the documents list (van-ban-…).
CITABLE_NAMES = re.compile(r"^(hinh-.+|van-ban-.+)$")
REDIRECT_TARGET = re.compile(r'var target = "([^"]+)"')
HEADER = """\
# Published addresses of the book: pages and the anchors people cite. Frozen: a build
# fails if one disappears without a redirect (_config.yml, sphinx.config.redirects).
# Add new ones with `python -m bao_cao.site.addresses freeze`; never delete a line.
"""


def citable(record_ids: re.Pattern[str]):
    """A test for citable ids: a paragraph id of the record, a figure, a document entry."""
    return lambda anchor: bool(anchor and (record_ids.match(anchor) or CITABLE_NAMES.match(anchor)))


def page_anchors(page: Path, record_ids: re.Pattern[str]) -> set[str]:
    """The citable ids on one page."""
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {str(tag["id"]) for tag in html.find_all(id=citable(record_ids))}


def site_addresses(html_dir: Path, record_ids: re.Pattern[str]) -> set[str]:
    """Every page of the book and every citable anchor on it, as served by `html_dir`."""
    addresses = set()
    for page in sorted((html_dir / "book").glob("*.html")):
        if _redirect_target(page):
            continue
        path = page.relative_to(html_dir).as_posix()
        addresses.add(path)
        addresses.update(f"{path}#{anchor}" for anchor in page_anchors(page, record_ids))
    return addresses


def _redirect_target(page: Path) -> Path | None:
    match = REDIRECT_TARGET.search(page.read_text(encoding="utf-8")[:2000])
    return (page.parent / match[1]).resolve() if match else None


def toc_files(source: Path) -> list[str]:
    """The book's pages in _toc.yml's order ("book/index", "book/muc-i", …)."""
    toc = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for chapter in toc.get("chapters", []):
        files.append(chapter["file"])
        files.extend(section["file"] for section in chapter.get("sections", []))
    return files


def current_pages(source: Path) -> set[str]:
    """Pages this build publishes: the toc's files and the redirects' old names (book/x.html)."""
    files = toc_files(source)
    config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
    redirects = config.get("sphinx", {}).get("config", {}).get("redirects", {}) or {}
    return {f"{name}.html" for name in [*files, *redirects]}


def prune_stale_pages(html_dir: Path, source: Path) -> list[str]:
    """Remove pages of documents no longer in the book (Sphinx leaves their old output)."""
    keep = current_pages(source)
    removed = []
    for page in (html_dir / "book").glob("*.html"):
        path = page.relative_to(html_dir).as_posix()
        if path not in keep:
            page.unlink()
            removed.append(path)
    return removed


def read_manifest(manifest: Path = MANIFEST) -> list[str]:
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("# ")]


def unserved_pages(source: Path, manifest: Path = MANIFEST) -> list[str]:
    """Frozen addresses whose page the book at `source` will not publish (neither in
    _toc.yml nor a redirect's old name): known before anything is built."""
    pages = current_pages(source)
    return [address for address in read_manifest(manifest) if address.split("#")[0] not in pages]


def unserved_message(missing: list[str]) -> str:
    listing = "\n".join(f"  {address}" for address in missing[:40])
    return (
        f"{len(missing)} published address(es) are no longer served; add a redirect "
        f"(_config.yml, sphinx.config.redirects) for a renamed page:\n{listing}"
    )


def missing_addresses(html_dir: Path, manifest: Path = MANIFEST) -> list[str]:
    """Frozen addresses the site at `html_dir` no longer serves (after following redirects)."""
    record_ids = load(manifest.parent / "data").citable_id()
    missing = []
    anchors: dict[Path, set[str]] = {}
    for address in read_manifest(manifest):
        path, _, anchor = address.partition("#")
        page = html_dir / path
        if not page.is_file():
            missing.append(address)
            continue
        page = _redirect_target(page) or page
        if not page.is_file():
            missing.append(address)
            continue
        if anchor:
            if page not in anchors:
                anchors[page] = page_anchors(page, record_ids)
            if anchor not in anchors[page]:
                missing.append(address)
    return missing


def freeze(html_dir: Path, manifest: Path = MANIFEST) -> int:
    """Add the site's new addresses to the manifest; return how many were added."""
    known = set(read_manifest(manifest)) if manifest.exists() else set()
    added = site_addresses(html_dir, load(manifest.parent / "data").citable_id()) - known
    manifest.write_text(HEADER + "\n".join(sorted(known | added)) + "\n", encoding="utf-8")
    return len(added)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("check", "freeze"):
        print("usage: python -m bao_cao.site.addresses check|freeze [HTML_DIR]", file=sys.stderr)
        return 2
    html_dir = Path(args[1]) if len(args) > 1 else HTML_DIR
    if args[0] == "freeze":
        print(f"{freeze(html_dir)} new address(es) added to {MANIFEST}")
        return 0
    missing = missing_addresses(html_dir)
    for address in missing:
        print(f"no longer served, and no redirect: {address}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
