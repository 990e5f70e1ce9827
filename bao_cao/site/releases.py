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
        assembles _build/site from the kept releases: each under phien-ban/X.Y.Z/ as it
        was archived, the newest also at the root, and beside them the list of versions
        that every page's switcher reads (switcher.json; bao_cao.sphinxext.versions), the
        same list as a page (phien-ban/index.html) and the sitemap of every release.

    python -m bao_cao.site.releases current        (scripts/site.sh, before any release)
        the current build as the site, also in its version's folder, where it cites itself.

`make publish` publishes _build/site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
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
    member_bytes,
)
from bao_cao.site.build import BuildError, build
from bao_cao.site.compress import precompress
from bao_cao.site.names import RELEASES_FOLDER, SITE_PDF_NAME, SWITCHER_FILE, release_pdf_name
from bao_cao.site.publish import put_in_place
from bao_cao.site.stamp import epoch_of
from bao_cao.site.version_list import TEMPLATES, VERSIONS_PAGE, write_version_list

PRECOMPRESSED = (".gz", ".br")
# The site's, not a release's: the list of versions, written anew when the site is assembled.
SITE_FILES = {SWITCHER_FILE, VERSIONS_PAGE}


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
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or path.suffix in PRECOMPRESSED or relative in SITE_FILES:
            continue
        info = tarfile.TarInfo(f"{prefix}/{relative}")
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
            target.write_bytes(member_bytes(tar, member))


def public_url(source: Path) -> str:
    """The site's public address, from CITATION.cff's url (a release needs it)."""
    try:
        url = citation_file.read(source).get("url")
    except citation_file.CitationFileError as error:
        raise ReleaseError(str(error)) from error
    if not url:
        raise ReleaseError("CITATION.cff has no url: the versions link to one another there")
    return str(url).rstrip("/")


def write_sitemap_index(site: Path, versions: list[str], url: str) -> None:
    """The site's sitemap: an index of each release's own sitemap.xml (the root's, the
    newest's copy, is replaced by it)."""
    rendered = TEMPLATES.get_template("sitemap.xml").render(
        versions=list(reversed(versions)), releases=RELEASES_FOLDER, site_url=url
    )
    (site / "sitemap.xml").write_text(rendered, encoding="utf-8")


def assemble(source: Path = REPO_ROOT) -> Path:
    """_build/site from the kept releases alone (see the module's docstring)."""
    releases = kept_releases(source)
    if not releases:
        raise ReleaseError(f"no release in {ARCHIVES}/: make one with `make release VERSION=x.y.z`")
    versions = [release.version for release in releases]
    url = public_url(source)
    staging = source / "_build" / ".site-staging"
    if staging.exists():
        shutil.rmtree(staging)
    for release in releases:
        extract(release.archive, "site", staging / RELEASES_FOLDER / release.version)
    extract(releases[-1].archive, "site", staging)
    write_version_list(staging, versions, url, site_root="")
    for version in versions:
        copy = staging / RELEASES_FOLDER / version
        write_version_list(copy, versions, url, site_root="../../")
    write_sitemap_index(staging, versions, url)
    precompress(staging, source / "_build" / "compressed")
    site = source / "_build" / "site"
    put_in_place(staging, site)  # in place of the last assembled site
    return site


def current_as_site(source: Path = REPO_ROOT) -> Path:
    """Before the first release: the current build as the site, at the root and in its
    version's folder (phien-ban/X.Y.Z/, its PDF as bao-cao-X.Y.Z.pdf), where its citations,
    canonical links and sitemap point, so that every address it gives is served."""
    built = source / "_build" / "html"
    if not (built / "index.html").is_file():
        raise ReleaseError("no build in _build/html: run scripts/build.sh first")
    try:
        version = str(citation_file.read(source)["version"])
    except citation_file.CitationFileError as error:
        raise ReleaseError(str(error)) from error
    staging = source / "_build" / ".site-staging"
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(built, staging)
    copy = staging / RELEASES_FOLDER / version
    shutil.copytree(built, copy)
    if (built / SITE_PDF_NAME).is_file():
        shutil.copy2(built / SITE_PDF_NAME, copy / release_pdf_name(version))
    site = source / "_build" / "site"
    put_in_place(staging, site)
    return site


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
    commands.add_parser("current", help="before the first release: the current build as the site")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "release":
            site = release(arguments.source, arguments.version)
        elif arguments.command == "current":
            site = current_as_site(arguments.source)
        else:
            site = assemble(arguments.source)
    except (ReleaseError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Site: {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
