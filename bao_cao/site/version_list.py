"""The list of the edition's versions, as the site serves it beside each copy of a
release: `switcher.json`, which the theme's version switcher and an older page's note
read (bao_cao.sphinxext.versions), and the same list as a page, `phien-ban/index.html`,
for a reader without JavaScript (every page's footer links it, by relative address).

A build writes them listing its own version alone, so a site that is built but not
assembled is whole; a release's archive leaves them out (they are the site's, not the
release's); the assembly (bao_cao.site.releases) writes them at the root of every copy,
listing every release, so a kept page is served as archived and still lists later ones.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import jinja2

from bao_cao.site.names import RELEASES_FOLDER, SWITCHER_FILE

# The list as a page, under the copy's root, and its title (every footer's link to it).
VERSIONS_PAGE = f"{RELEASES_FOLDER}/index.html"
VERSIONS_TITLE = "Các phiên bản của ấn bản"
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    keep_trailing_newline=True,
)


def switcher_entries(versions: list[str], url: str) -> list[dict]:
    """switcher.json as pydata-sphinx-theme reads it: newest first, the newest served at
    the site's root and marked preferred (the version an older page's note names). The
    addresses are the site's path on its host ("/bao-cao/…"): the switcher keeps a reader
    on the host they read from, the public one or an intranet copy at the same path."""
    path = urllib.parse.urlsplit(url).path.rstrip("/") + "/"
    newest = versions[-1]
    return [
        {
            "name": f"Phiên bản {version}" + (" (mới nhất)" if version == newest else ""),
            "version": version,
            "url": path if version == newest else f"{path}{RELEASES_FOLDER}/{version}/",
            **({"preferred": True} if version == newest else {}),
        }
        for version in reversed(versions)
    ]


def write_version_list(copy_root: Path, versions: list[str], url: str, site_root: str) -> None:
    """The list's two files at the root of one copy of a release. `site_root` is the
    site's root as seen from the copy's root ("" at the site's root, "../../" from
    phien-ban/0.1.0/): the page's links are relative, so it reads from any host and from
    a copy on disk."""
    entries = switcher_entries(versions, url)
    newest = versions[-1]
    (copy_root / SWITCHER_FILE).write_text(
        json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    to_site = "../" + site_root  # from phien-ban/index.html
    links = [
        (
            entry["name"],
            f"{to_site}index.html"
            if entry["version"] == newest
            else f"{to_site}{RELEASES_FOLDER}/{entry['version']}/index.html",
        )
        for entry in entries
    ]
    page = copy_root / VERSIONS_PAGE
    page.parent.mkdir(exist_ok=True)
    rendered = TEMPLATES.get_template("phien-ban.html").render(links=links, title=VERSIONS_TITLE)
    page.write_text(rendered, encoding="utf-8")
