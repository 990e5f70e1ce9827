"""Put a built site in place: in the build's own folder, and in a folder a web server
serves, atomically.

`put_in_place(staging, site)` is how the build (_build/html) and the assembly of the
releases (_build/site) replace their last good site with the new one.

`python -m bao_cao.site.publish DEST` copies _build/site (the site assembled from the kept
releases by bao_cao.site.releases: every release under phien-ban/, the newest at the root)
next to DEST as a new version, then points DEST at it in one rename: DEST is a symbolic link to
the current version, so readers see either the old site or the new one, never a mix. The
old version is kept until the switch, then removed (the one before it stays, to roll
back by hand). Web servers follow the link (nginx by default; Apache: FollowSymLinks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from pathlib import Path

from bao_cao.data.record import REPO_ROOT
from bao_cao.site.names import SITE_PDF_NAME

SITE = REPO_ROOT / "_build" / "site"


class PublishError(RuntimeError):
    pass


def put_in_place(staging: Path, site: Path) -> None:
    """Put the staged site in place of the old one: two renames, the old one kept until
    then (the caller keeps a stop signal from landing between them)."""
    previous = site.with_name(site.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if site.exists():
        site.rename(previous)
    staging.rename(site)
    if previous.exists():
        shutil.rmtree(previous)


def versions_dir(destination: Path) -> Path:
    return destination.with_name(destination.name + ".versions")


def publish(site: Path, destination: Path) -> Path:
    """Copy `site` as a new version and switch `destination` to it; return the version."""
    if not (site / "index.html").is_file() or not (site / SITE_PDF_NAME).is_file():
        raise PublishError(
            f"{site} is not a finished site (index.html and {SITE_PDF_NAME}): assemble it "
            "from the kept releases with `make site`, or make a release (`make release`)"
        )
    if destination.exists() and not destination.is_symlink():
        raise PublishError(
            f"{destination} is a real folder; move it away once, then publish: from then on "
            "it is a link that switches between versions in one rename"
        )
    versions = versions_dir(destination)
    versions.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    version = versions / stamp
    shutil.copytree(site, version)
    previous = destination.resolve() if destination.is_symlink() else None
    link = destination.with_name(f".{destination.name}.{stamp}.link")
    # A relative link, so the published tree can itself be moved or mounted elsewhere.
    link.symlink_to(os.path.relpath(version, destination.parent.resolve()))
    os.replace(link, destination)  # the one rename readers can see
    for old in sorted(versions.iterdir()):
        if old not in (version, previous):
            shutil.rmtree(old)
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path, help="the folder the web server serves")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site")
    args = parser.parse_args(argv)
    try:
        version = publish(args.site.resolve(), args.destination.absolute())
    except PublishError as error:
        print(f"Not published: {error}", file=sys.stderr)
        return 1
    print(f"Published {args.site} as {version}; {args.destination} now points to it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
