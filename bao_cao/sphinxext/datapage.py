"""Sphinx extension: the page "Dữ liệu", generated from data/datapackage.json.

For people who download the data: every table with its description, number of rows,
sources, licence and download (its CSV, the whole package as one .zip with
datapackage.json, and every table in one Excel workbook), and every field with its type,
constraints, whether it may be empty and its description. Nothing on it is written by
hand but the one paragraph that explains the provenance rule; a new table or field
appears on the next build. The package's files are copied into the site
(_static/du-lieu/) and zipped there, beside the workbook.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from bao_cao.data import package_paths
from bao_cao.data.constraints import accepted
from bao_cao.site.workbook import WORKBOOK_NAME, workbook_bytes
from bao_cao.sphinxext import env_version
from bao_cao.sphinxext.bookdata import book_data

FOLDER = "_static/du-lieu"
ZIP_NAME = "du-lieu.zip"
PACKAGE_FILE = "datapackage.json"
TYPES = {
    "string": "văn bản",
    "integer": "số nguyên",
    "number": "số",
    "date": "ngày (YYYY-MM-DD)",
    "boolean": "đúng/sai",
}


def package_files(data_dir: Path) -> list[str]:
    """The data package's files (bao_cao.data.package_paths), as paths inside data/."""
    return [path.relative_to(data_dir).as_posix() for path in package_paths(data_dir)]


def _download(page_to_root: str, path: str, label: str) -> nodes.reference:
    return nodes.reference("", label, refuri=f"{page_to_root}{FOLDER}/{path}", classes=["tai-ve"])


class DataPackagePage(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        data_dir = book_data(self.env.app).data_dir
        self.env.note_dependency(str(data_dir / PACKAGE_FILE))
        descriptor = json.loads((data_dir / PACKAGE_FILE).read_text(encoding="utf-8"))
        root = "../" * self.env.docname.count("/")
        licences = "; ".join(item.get("title", item["name"]) for item in descriptor["licenses"])
        whole = nodes.paragraph(text="Cả gói dữ liệu (mọi bảng và datapackage.json): ")
        whole += _download(root, ZIP_NAME, ZIP_NAME)
        whole += nodes.Text(", hoặc riêng ")
        whole += _download(root, PACKAGE_FILE, PACKAGE_FILE)
        whole += nodes.Text(f". Giấy phép của mọi bảng, trừ bảng ghi giấy phép riêng: {licences}.")
        # Excel on Windows reads a CSV without a BOM in the legacy code page (see
        # bao_cao.site.workbook): the package's CSVs stay as machines read them, and the
        # workbook is the Excel route.
        excel = nodes.paragraph(text="Mở bằng Excel: ")
        excel += _download(root, WORKBOOK_NAME, WORKBOOK_NAME)
        excel += nodes.Text(
            " (mọi bảng trong một tệp, mỗi bảng một trang tính, tên cột bằng tiếng Việt). "
            "Các tệp CSV là UTF-8 không có BOM, theo chuẩn của gói dữ liệu, để các chương "
            "trình đọc đúng; mở trực tiếp bằng Excel trên Windows, chữ có dấu sẽ hiện sai, "
            "nên hãy dùng tệp .xlsx, hoặc nhập CSV qua Dữ liệu › Từ Văn bản/CSV, chọn mã "
            "65001: Unicode (UTF-8)."
        )
        # The source most tables share (the report) is said once, here; each table then
        # names its own only where it differs: repeated, it made the phone page long.
        common = Counter(_sources(r) for r in descriptor["resources"]).most_common(1)[0][0]
        shared = nodes.paragraph(text=f"Nguồn của các bảng, trừ bảng ghi nguồn riêng: {common}.")
        result: list[nodes.Node] = [whole, shared, excel]
        for resource in descriptor["resources"]:
            self.env.note_dependency(str(data_dir / resource["path"]))
            result.append(self._resource(data_dir, resource, root, common))
        return result

    def _resource(self, data_dir: Path, resource: dict, root: str, common: str) -> nodes.Node:
        name = resource["name"]
        section = nodes.section(ids=[f"bang-{name.replace('_', '-')}"], names=[name])
        # The Vietnamese title alone: the table's name (its file's, in the package) is the
        # first of its facts; beside the title it broke mid-word on a phone.
        section += nodes.title(text=resource["title"])
        section += nodes.paragraph(text=resource["description"])
        with (data_dir / resource["path"]).open(encoding="utf-8-sig", newline="") as handle:
            count = max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        sources = _sources(resource)
        # The table's facts in one paragraph: a list of six short lines made the page long.
        facts = nodes.paragraph(classes=["thong-tin-bang"])
        listed = [
            ("Tên bảng", name),
            ("Tệp", resource["path"]),
            ("Số dòng", str(count)),
            ("Khóa chính", ", ".join(_key(resource))),
        ]
        if sources != common:
            listed.append(("Nguồn", sources or "xem nguồn của cả gói"))
        # The package's licence is said once, at the top; a table's own, where it has one.
        if own := resource.get("licenses"):
            listed.append(("Giấy phép", "; ".join(item.get("title", item["name"]) for item in own)))
        for label, value in listed:
            facts += nodes.Text(f"{label}: {value}. ")
        facts += nodes.Text("Tải về: ")
        facts += _download(root, resource["path"], Path(resource["path"]).name)
        facts += nodes.Text(".")
        section += facts
        section += nodes.rubric(text="Các cột")
        section += _fields(resource["schema"]["fields"])
        return section


def _fields(fields: list[dict]) -> nodes.definition_list:
    """Each column as one block: its Vietnamese title and its name, with its type, whether
    it may be empty and what it accepts, then what it holds. A block reads on a phone and
    prints whole on A4, where a five-column table squeezed its columns to a letter a line
    and lost rows off the page."""
    listing = nodes.definition_list(classes=["cot-du-lieu"])
    for field in fields:
        constraints = field.get("constraints", {})
        facts = [
            TYPES.get(field.get("type", "string"), field.get("type", "")),
            "bắt buộc" if constraints.get("required") else "được để trống",
        ]
        if wording := accepted(constraints):
            facts.append(wording)
        term = nodes.term()
        term += nodes.strong(text=field["title"])
        term += nodes.Text(" ")
        term += nodes.literal(text=field["name"])
        term += nodes.inline(text=" · " + "; ".join(facts), classes=["thuoc-tinh-cot"])
        definition = nodes.definition()
        definition += nodes.paragraph(text=field["description"])
        item = nodes.definition_list_item()
        item += [term, definition]
        listing += item
    return listing


def _sources(resource: dict) -> str:
    return "; ".join(source.get("title", "") for source in resource.get("sources", []))


def _key(resource: dict) -> list[str]:
    key = resource["schema"].get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key) or ["(không có)"]


def write_package(app: Sphinx, exception: Exception | None) -> None:
    """Copy the data package into the site and zip it (fixed times: the same data give
    the same .zip)."""
    if exception is not None or app.builder.format != "html":
        return
    data_dir = book_data(app).data_dir
    target = Path(app.outdir, FOLDER)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in package_files(data_dir):
            data = (data_dir / path).read_bytes()
            copy = target / path
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(data)
            info = zipfile.ZipInfo(f"du-lieu/{path}", (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    (target / ZIP_NAME).write_bytes(buffer.getvalue())
    (target / WORKBOOK_NAME).write_bytes(workbook_bytes(data_dir))


def setup(app: Sphinx) -> dict:
    app.add_directive("goi-du-lieu", DataPackagePage)
    app.connect("build-finished", write_package)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
