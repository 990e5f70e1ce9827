"""Releases of the edition: each kept as it was built, never rebuilt; the site assembled
from them.

A citation names a release and its address (`<url>/phien-ban/0.2.0/book/muc-ii-6.html`),
so a release must serve the same content for as long as it is cited. Releases are kept
in the repository, in `releases/`: `0.2.0.tar.gz` holds the built site as it was
published (without the precompressed copies, which are made again), its PDF as
`bao-cao-0.2.0.pdf` and the data package it was built from (`du-lieu/`). `SHA256SUMS`
records each archive's checksum when it is made; an archive that no longer matches is
refused. A fresh clone and the GitHub Pages workflow assemble the whole site from
`releases/` alone: nothing old is ever rebuilt from old sources.

    python -m bao_cao.site.releases release 0.2.0   (make release VERSION=0.2.0)
        checks that CITATION.cff and CHANGELOG.md name this version with one date,
        refuses a version already released, builds the book (site and PDF), keeps the
        archive, and assembles the site;
    python -m bao_cao.site.releases assemble        (make site)
        assembles _build/site from the kept releases: each under phien-ban/X.Y.Z/, the
        newest also at the root, every page with a version switcher, every page of an
        older version with a note naming the newest (and linking to the same page in it).

`make publish` publishes _build/site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import html
import io
import os
import re
import shutil
import sys
import tarfile
from pathlib import Path

from bao_cao.data.record import REPO_ROOT
from bao_cao.site import cff as citation_file
from bao_cao.site.archives import (
    ARCHIVES,
    CHECKSUMS,
    DATA_FOLDER,
    VERSION,
    ReleaseError,
    kept_releases,
)
from bao_cao.site.build import BuildError, build
from bao_cao.site.citation import RELEASES_FOLDER
from bao_cao.site.compress import precompress
from bao_cao.site.names import SITE_PDF_NAME, release_pdf_name
from bao_cao.site.publish import put_in_place
from bao_cao.site.stamp import epoch_of

# Where a page shows the other versions (book/_templates/layout.html writes it empty).
PLACEHOLDER = re.compile(
    r'<div class="phien-ban-khac" data-phien-ban="(?P<version>[^"]*)" '
    r'data-trang="(?P<page>[^"]*)"></div>'
)
PRECOMPRESSED = (".gz", ".br")


def changelog_date(changelog: str, version: str) -> dt.date | None:
    """The date CHANGELOG.md gives a version ("## 0.2.0 — 14/12/2026")."""
    match = re.search(
        rf"^## {re.escape(version)} — (\d{{1,2}})/(\d{{1,2}})/(\d{{4}})\s*$", changelog, re.M
    )
    return dt.date(int(match[3]), int(match[2]), int(match[1])) if match else None


def check_release_metadata(source: Path, version: str) -> None:
    """CITATION.cff and CHANGELOG.md agree on the version and its date, and it is new."""
    if not VERSION.match(version):
        raise ReleaseError(f"'{version}' is not a version: write it as 0.2.0")
    try:
        cff = citation_file.read(source)
    except citation_file.CitationFileError as error:
        raise ReleaseError(str(error)) from error
    changelog = (source / "CHANGELOG.md").read_text(encoding="utf-8")
    if str(cff.get("version")) != version:
        raise ReleaseError(
            f"CITATION.cff says version {cff.get('version')}, not {version}: set "
            f'version: "{version}" and date-released there first'
        )
    newest = re.search(r"^## (\d+\.\d+\.\d+)", changelog, re.M)
    if not newest or newest[1] != version:
        raise ReleaseError(
            f"CHANGELOG.md's newest entry is not {version}: add “## {version} — "
            "dd/mm/yyyy” on top, with what changed"
        )
    written = changelog_date(changelog, version)
    released = cff.get("date-released")
    if written is None or written != released:
        raise ReleaseError(
            f"CHANGELOG.md dates {version} {written:%d/%m/%Y} but CITATION.cff's "
            f"date-released is {released}: give both the release's date"
            if written
            else f"CHANGELOG.md's entry for {version} has no date (“## {version} — dd/mm/yyyy”)"
        )
    if not cff.get("url"):
        raise ReleaseError(
            "CITATION.cff has no url: a release's citations carry its address for good, so "
            "the site's public address must be known first (add it as url:)"
        )
    if (source / ARCHIVES / f"{version}.tar.gz").exists():
        raise ReleaseError(
            f"version {version} is already released ({ARCHIVES}/{version}.tar.gz): a "
            "release is never rebuilt; give the new edition the next version"
        )


def _add_tree(tar: tarfile.TarFile, folder: Path, prefix: str) -> None:
    """Add a folder's files in name order, with fixed owners and times: the same files
    give the same archive."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix in PRECOMPRESSED:
            continue
        info = tarfile.TarInfo(f"{prefix}/{path.relative_to(folder).as_posix()}")
        data = path.read_bytes()
        info.size, info.mode, info.mtime = len(data), 0o644, 0
        tar.addfile(info, io.BytesIO(data))


def make_archive(source: Path, version: str) -> Path:
    """Keep the built site, its PDF under the release's name, and the data package."""
    site = source / "_build" / "html"
    pdf = site / SITE_PDF_NAME
    if not pdf.is_file():
        raise ReleaseError("the build made no PDF: a release keeps the site and the PDF")
    folder = source / ARCHIVES
    folder.mkdir(exist_ok=True)
    archive = folder / f"{version}.tar.gz"
    staged = archive.with_name(archive.name + ".tmp")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        _add_tree(tar, site, "site")
        info = tarfile.TarInfo(f"site/{release_pdf_name(version)}")
        data = pdf.read_bytes()
        info.size, info.mode, info.mtime = len(data), 0o644, 0
        tar.addfile(info, io.BytesIO(data))
        _add_tree(tar, source / "data", DATA_FOLDER)
    # No time in the gzip header either: the same files give the same archive.
    staged.write_bytes(gzip.compress(buffer.getvalue(), 9, mtime=0))
    staged.replace(archive)
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    with (folder / CHECKSUMS).open("a", encoding="utf-8") as sums:
        sums.write(f"{digest}  {archive.name}\n")
    return archive


def extract(archive: Path, member_prefix: str, destination: Path) -> None:
    """Extract the archive's files under `member_prefix`/ into `destination`."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(member_prefix + "/"):
                continue
            relative = member.name[len(member_prefix) + 1 :]
            target = destination / relative
            if destination.resolve() not in target.resolve().parents:
                raise ReleaseError(f"{archive.name}: {member.name} would leave its folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as stream:
                target.write_bytes(stream.read())


def _relative(target: Path, page: Path) -> str:
    return Path(os.path.relpath(target, page.parent)).as_posix()


def versions_html(site: Path, page: Path, version: str, page_path: str, versions: list[str]) -> str:
    """The version switcher, and for an older version the note naming the newest."""
    newest = versions[-1]

    def copy_of(other: str) -> Path:
        root = site if other == newest else site / RELEASES_FOLDER / other
        target = root / page_path
        return target if target.is_file() else root / "book" / "index.html"

    items = []
    for other in reversed(versions):
        label = f"{other} (mới nhất)" if other == newest else other
        if other == version:
            items.append(f'<li><span aria-current="page">{html.escape(label)}</span></li>')
        else:
            address = html.escape(_relative(copy_of(other), page))
            items.append(f'<li><a href="{address}">{html.escape(label)}</a></li>')
    parts = ['<div class="phien-ban-khac">']
    if version != newest:
        address = html.escape(_relative(copy_of(newest), page))
        parts.append(
            f'<p class="bao-phien-ban-cu" role="note">Đây là phiên bản {html.escape(version)} '
            f'của ấn bản; phiên bản mới nhất: <a href="{address}">{html.escape(newest)}</a>.</p>'
        )
    parts.append(
        '<nav class="chon-phien-ban" aria-label="Các phiên bản"><details><summary>'
        f"Phiên bản {html.escape(version)}</summary><ul>{''.join(items)}</ul></details></nav>"
    )
    parts.append("</div>")
    return "".join(parts)


def mark_versions(site: Path, root: Path, versions: list[str]) -> None:
    """Fill every page's placeholder under `root` (one copy of a release)."""
    for page in sorted(root.rglob("*.html")):
        if root == site and RELEASES_FOLDER in page.relative_to(site).parts[:1]:
            continue  # the root copy does not own the versioned folders
        text = page.read_text(encoding="utf-8")

        def fill(match: re.Match, page: Path = page) -> str:
            version = html.unescape(match["version"])
            return versions_html(site, page, version, html.unescape(match["page"]), versions)

        filled = PLACEHOLDER.sub(fill, text)
        if filled != text:
            page.write_text(filled, encoding="utf-8")


def assemble(source: Path = REPO_ROOT) -> Path:
    """_build/site from the kept releases alone (see the module's docstring)."""
    releases = kept_releases(source)
    if not releases:
        raise ReleaseError(f"no release in {ARCHIVES}/: make one with `make release VERSION=x.y.z`")
    versions = [release.version for release in releases]
    staging = source / "_build" / ".site-staging"
    if staging.exists():
        shutil.rmtree(staging)
    for release in releases:
        extract(release.archive, "site", staging / RELEASES_FOLDER / release.version)
    extract(releases[-1].archive, "site", staging)
    for version in versions:
        mark_versions(staging, staging / RELEASES_FOLDER / version, versions)
    mark_versions(staging, staging, versions)
    _sitemap(staging, versions)
    precompress(staging, source / "_build" / "compressed")
    site = source / "_build" / "site"
    put_in_place(staging, site)  # in place of the last assembled site
    return site


def _sitemap(site: Path, versions: list[str]) -> None:
    """The root's sitemap.xml lists every release's pages (each release wrote its own)."""
    entries = []
    for version in versions:
        own = site / RELEASES_FOLDER / version / "sitemap.xml"
        if own.is_file():
            entries += re.findall(r"<url>.*?</url>", own.read_text(encoding="utf-8"), re.S)
    if entries:
        body = "\n".join(f"  {entry}" for entry in entries)
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}\n</urlset>\n',
            encoding="utf-8",
        )


def release(source: Path, version: str) -> Path:
    """Check, build, keep, assemble (see the module's docstring)."""
    check_release_metadata(source, version)
    # Dated by its release day: the same sources make the same release again, any day.
    released = citation_file.read(source)["date-released"]
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(released))
    build(source, pdf=True)
    archive = make_archive(source, version)
    print(f"Kept: {archive.relative_to(source)} (commit it with {ARCHIVES}/{CHECKSUMS})")
    return assemble(source)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bao_cao.site.releases")
    parser.add_argument("--source", type=Path, default=REPO_ROOT)
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("release", help="check, build, keep and assemble a release")
    made.add_argument("version")
    commands.add_parser("assemble", help="assemble _build/site from the kept releases")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "release":
            site = release(arguments.source, arguments.version)
        else:
            site = assemble(arguments.source)
    except (ReleaseError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Site: {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
