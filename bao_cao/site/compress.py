"""Precompressed copies of the site's text files, for hosts that serve them.

A phone on a slow connection waits for every byte: the theme's stylesheet alone is
397 kB as written and about 50 kB compressed. Static hosts compress on the fly (GitHub
Pages, most CDNs), or serve a file's precompressed copy when it sits beside it (nginx's
gzip_static and brotli_static, Caddy's precompressed, Apache with MultiViews): the build
writes `name.gz` (gzip) and `name.br` (Brotli) beside each text file worth compressing.

Compressing with Brotli's best setting takes a while, so each file's copies are cached
by the file's content hash: an unchanged file (the theme's assets, most pages) is not
compressed again on the next build.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import brotli

# What a browser fetches as text; images other than SVG and the PDF are compressed already.
TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".csv", ".bib"}
# Below this size the headers of a response outweigh what compression saves.
SMALLEST = 1024
ENCODINGS = {".gz": lambda data: gzip.compress(data, 9, mtime=0), ".br": brotli.compress}


def compressible(path: Path) -> bool:
    return path.suffix in TEXT_SUFFIXES and path.stat().st_size >= SMALLEST


def precompress(site: Path, cache: Path) -> int:
    """Write `.gz` and `.br` beside every text file of `site`; return how many files.

    The cache keeps the copies of this site's files only: those of old pages and charts
    are removed."""
    cache.mkdir(parents=True, exist_ok=True)
    used = set()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and compressible(p)):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        used.add(digest)
        for suffix, compress in ENCODINGS.items():
            cached = cache / f"{digest}{suffix}"
            if not cached.exists():
                packed = compress(data)
                temporary = cached.with_name(cached.name + ".tmp")
                temporary.write_bytes(packed)
                temporary.replace(cached)
            shutil.copyfile(cached, path.with_name(path.name + suffix))
    for entry in cache.iterdir():
        if entry.name.split(".")[0] not in used:
            entry.unlink()
    return len(used)
