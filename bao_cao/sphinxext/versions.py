"""Sphinx extension: the edition's versions on every page, and what changed in the data
since the previous kept release.

Every page of a release with a public address carries the theme's version switcher
(book/_templates/version-switcher.html). Its list is not in the page: the theme's script
reads `switcher.json` from the root of the copy of the release it is in
(bao_cao.site.version_list: the build writes it with its own version, the assembly of the
site with every release), so a page kept in a release is served as it was archived and
still lists the versions released after it. An older version's pages say so, naming the newest,
from the same file (static/phien-ban.js; the theme's own banner is English only).

`{thay-doi-du-lieu}` compares the data package this version is built from with the one
kept in the previous release (releases/, bao_cao.site.releases), table by table: rows
added, removed and changed, with old and new values, and the chapters drawn from each
changed table. Every value is shown as text. The page is generated, never written by
hand; staff write the human summary in CHANGELOG.md.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from bao_cao.data import package_paths
from bao_cao.site.archives import (
    ARCHIVES,
    ReleaseError,
    kept_releases,
    read_archived_data,
    version_key,
)
from bao_cao.site.changes import TableChanges, compare, package_files
from bao_cao.site.names import SWITCHER_FILE
from bao_cao.site.version_list import write_version_list
from bao_cao.sphinxext import env_version, text_table
from bao_cao.sphinxext.bookdata import book_data

OLDER_VERSION_SCRIPT = "phien-ban.js"


def _values(row: dict[str, str]) -> str:
    return "; ".join(f"{name}: {value}" for name, value in row.items() if value)


class DataChanges(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        app = self.env.app
        book = book_data(app)
        version = book.metadata.version
        try:
            releases = kept_releases(book.srcdir)
        except ReleaseError as error:
            raise ExtensionError(str(error)) from error
        for release in releases:
            self.env.note_dependency(str(release.archive))
        for path in package_paths(book.data_dir):
            self.env.note_dependency(str(path))
        earlier = [r for r in releases if version_key(r.version) < version_key(version)]
        if not earlier:
            return [
                nodes.paragraph(
                    text=f"Chưa có phiên bản nào được lưu giữ trước phiên bản {version} "
                    f"(thư mục {ARCHIVES}/): không có gì để so sánh."
                )
            ]
        previous = earlier[-1]
        changes = compare(read_archived_data(previous.archive), package_files(book.data_dir))
        changed = [table for table in changes if table.any]
        result = [
            nodes.paragraph(
                text=f"So với phiên bản {previous.version}: "
                + (
                    f"{len(changed)} bảng dữ liệu thay đổi."
                    if changed
                    else "dữ liệu không thay đổi."
                )
            )
        ]
        pages = sorted(self.env.found_docs)
        for table in changed:
            readers = [page for page in pages if table.table in book.page_reads(page)]
            result.append(self._section(table, readers))
        return result

    def _section(self, table: TableChanges, pages: list[str]) -> nodes.Node:
        section = nodes.container(classes=["thay-doi-bang"])
        section += nodes.rubric(text=f"Bảng {table.table} ({table.title})")
        summary = nodes.paragraph(
            text=f"Thêm {len(table.added)} dòng, bớt {len(table.removed)} dòng, "
            f"đổi {len(table.changed)} dòng."
        )
        section += summary
        if pages:
            line = nodes.paragraph(text="Các trang có hình hoặc số liệu lập từ bảng này: ")
            for index, page in enumerate(pages):
                if index:
                    line += nodes.Text(", ")
                reference = addnodes.pending_xref(
                    "", refdomain="std", reftype="doc", reftarget=f"/{page}", refexplicit=False
                )
                reference += nodes.inline(text=page)
                line += reference
            line += nodes.Text(".")
            section += line
        rows = [
            [change.key, name, old, new]
            for change in table.changed
            for name, old, new in change.fields
        ]
        rows += [[key, "(dòng mới)", "", _values(values)] for key, values in table.added]
        rows += [[key, "(dòng bị bỏ)", _values(values), ""] for key, values in table.removed]
        section += text_table(["Dòng (khóa)", "Cột", "Trước", "Sau"], rows, ["thay-doi"])
        return section


def add_version_switcher(app: Sphinx, config: Config) -> None:
    """The theme's switcher, on the pages of a release that has a public address (only
    those are released and assembled; a build without one has no other version)."""
    meta = book_data(app).metadata
    if not meta.release_root:
        return
    config.html_theme_options = {
        **config.html_theme_options,
        # Relative: the theme's script reads it from the root of the copy the page is in.
        "switcher": {"json_url": SWITCHER_FILE, "version_match": meta.version},
        # The theme would fetch it at build time; it exists only once the site is assembled.
        "check_switcher": False,
    }
    app.add_js_file(OLDER_VERSION_SCRIPT, loading_method="defer")


def write_own_version_list(app: Sphinx, exception: Exception | None) -> None:
    """This build's list of versions (its own alone), so that a site built but not
    assembled is whole: the switcher and the footer's list find their files."""
    meta = book_data(app).metadata
    if exception is None and app.builder.format == "html" and meta.base_url:
        write_version_list(Path(app.outdir), [meta.version], meta.base_url, site_root="")


def setup(app: Sphinx) -> dict:
    app.add_directive("thay-doi-du-lieu", DataChanges)
    app.connect("config-inited", add_version_switcher)
    app.connect("build-finished", write_own_version_list)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
