"""The kept releases of the edition (releases/): which there are, checked against their
recorded checksums, and the data package each was built from. Read by the build (the
"Thay đổi dữ liệu" page) and by bao_cao.site.releases, which makes and assembles them.
"""

from __future__ import annotations

import hashlib
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

ARCHIVES = "releases"
CHECKSUMS = "SHA256SUMS"
DATA_FOLDER = "du-lieu"
VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ReleaseError(Exception):
    """A release or an assembly that cannot go on, and why."""


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Release:
    version: str
    archive: Path


def kept_releases(source: Path) -> list[Release]:
    """The kept releases, oldest first, each checked against its recorded checksum."""
    folder = source / ARCHIVES
    sums_file = folder / CHECKSUMS
    recorded = {}
    if sums_file.is_file():
        for line in sums_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                digest, name = line.split(maxsplit=1)
                recorded[name.strip()] = digest
    releases = []
    for archive in sorted(folder.glob("*.tar.gz")):
        version = archive.name.removesuffix(".tar.gz")
        if not VERSION.match(version):
            continue
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if recorded.get(archive.name) != digest:
            raise ReleaseError(
                f"{ARCHIVES}/{archive.name} does not match its checksum in "
                f"{ARCHIVES}/{CHECKSUMS}: a release is never changed; restore it from git"
            )
        releases.append(Release(version, archive))
    return sorted(releases, key=lambda release: version_key(release.version))


def member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    """A regular file's bytes from an archive (tarfile gives None for anything else)."""
    stream = tar.extractfile(member)
    if stream is None:
        raise ReleaseError(f"{member.name} in the archive is not a file")
    with stream:
        return stream.read()


def read_archived_data(archive: Path) -> dict[str, bytes]:
    """The data package a release was built from: {relative path: bytes}."""
    files = {}
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(DATA_FOLDER + "/"):
                files[member.name[len(DATA_FOLDER) + 1 :]] = member_bytes(tar, member)
    return files
