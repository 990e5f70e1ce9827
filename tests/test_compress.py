"""Precompressed copies of the site's text files (bao_cao.site.compress)."""

from __future__ import annotations

import gzip

import brotli

from bao_cao.site import compress
from bao_cao.site.compress import precompress


def test_every_text_file_gets_copies_that_decompress_to_it(tmp_path):
    site = tmp_path / "site"
    (site / "book").mkdir(parents=True)
    page = site / "book" / "muc-i.html"
    page.write_text("<p>Ủy ban nhân dân tỉnh</p>" * 200, encoding="utf-8")
    (site / "tiny.css").write_text("a{}")  # below the size worth compressing
    (site / "chart.png").write_bytes(b"\x89PNG" + bytes(4000))  # compressed already
    assert precompress(site, tmp_path / "cache") == 1
    assert gzip.decompress((site / "book" / "muc-i.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((site / "book" / "muc-i.html.br").read_bytes()) == page.read_bytes()
    assert not (site / "tiny.css.gz").exists()
    assert not (site / "chart.png.br").exists()


def test_unchanged_files_are_not_compressed_again_and_old_copies_go(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.js").write_text("var a = 1;\n" * 300)
    (site / "b.js").write_text("var b = 2;\n" * 300)
    precompress(site, cache)
    calls = []
    monkeypatch.setitem(
        compress.ENCODINGS, ".br", lambda data: calls.append(data) or brotli.compress(data)
    )
    (site / "b.js").write_text("var b = 3;\n" * 300)
    precompress(site, cache)
    assert len(calls) == 1  # b.js changed; a.js came from the cache
    assert brotli.decompress((site / "b.js.br").read_bytes()) == (site / "b.js").read_bytes()
    assert len(list(cache.iterdir())) == 4  # a.js and the new b.js, two encodings each
