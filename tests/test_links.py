"""No broken links: every internal link, anchor, image and download of the built site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup


def test_every_internal_link_resolves(built_book):
    html_dir = built_book.html.resolve()
    ids: dict[Path, set[str]] = {}
    broken = []
    pages = [*html_dir.glob("*.html"), *(html_dir / "book").glob("*.html")]
    for page in sorted(pages):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        # The canonical link is the page's public address (test_citing checks it).
        links = [
            tag for tag in soup.find_all(["a", "link"]) if "canonical" not in tag.get("rel", [])
        ]
        references = [(tag.name, tag.get("href")) for tag in links]
        references += [(tag.name, tag.get("src")) for tag in soup.find_all(["img", "script"])]
        for _tag, reference in references:
            if not reference or reference.startswith(("mailto:", "javascript:", "data:")):
                continue
            parsed = urlparse(reference)
            if parsed.scheme or parsed.netloc:
                broken.append((page.name, reference, "leaves the site"))
                continue
            target = (page.parent / unquote(parsed.path)).resolve() if parsed.path else page
            if not target.is_file() or html_dir not in target.parents:
                broken.append((page.name, reference, "no such file"))
                continue
            if parsed.fragment and target.suffix == ".html":
                if target not in ids:
                    target_soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids[target] = {t["id"] for t in target_soup.find_all(id=True)}
                if unquote(parsed.fragment) not in ids[target]:
                    broken.append((page.name, reference, "no such anchor"))
    assert broken == []
