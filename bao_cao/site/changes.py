"""What changed in the data between two releases, computed, never written by hand.

Two data packages (datapackage.json and its CSV tables) are compared table by table:
rows are matched by the table's primary key (datapackage.json), and each row is added,
removed, or changed (with each changed field's old and new value). Staff write the human
summary of a release in CHANGELOG.md; the differences in the data come from here.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from bao_cao.data.reading import package_paths


@dataclass(frozen=True)
class ChangedRow:
    key: str
    fields: tuple[tuple[str, str, str], ...]  # (field, old value, new value)


@dataclass
class TableChanges:
    table: str
    title: str
    added: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    removed: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    changed: list[ChangedRow] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def package_files(folder: Path) -> dict[str, bytes]:
    """A data folder as {relative path: bytes}, as an archived release holds it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in package_paths(folder)
    }


def _rows(files: dict[str, bytes], resource: dict) -> dict[str, dict[str, str]]:
    """A table's rows by key: the primary key's values joined with " / ", else the row's
    number (a table without a key is compared row by row)."""
    data = files.get(resource["path"])
    if data is None:
        return {}
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    keys = resource.get("schema", {}).get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    rows = {}
    for number, row in enumerate(reader, start=1):
        key = " / ".join(row.get(name, "") for name in keys) if keys else f"dòng {number}"
        rows[key] = {name: value or "" for name, value in row.items() if name is not None}
    return rows


def _resources(files: dict[str, bytes]) -> dict[str, dict]:
    descriptor = json.loads(files.get("datapackage.json", b"{}").decode("utf-8") or "{}")
    return {resource["name"]: resource for resource in descriptor.get("resources", [])}


def compare(old: dict[str, bytes], new: dict[str, bytes]) -> list[TableChanges]:
    """Every table of either package, with its added, removed and changed rows."""
    old_resources, new_resources = _resources(old), _resources(new)
    changes = []
    for name in sorted(set(old_resources) | set(new_resources)):
        resource = new_resources.get(name) or old_resources[name]
        before = _rows(old, old_resources[name]) if name in old_resources else {}
        after = _rows(new, new_resources[name]) if name in new_resources else {}
        table = TableChanges(name, resource.get("title", name))
        table.added = [(key, after[key]) for key in after if key not in before]
        table.removed = [(key, before[key]) for key in before if key not in after]
        for key in after:
            if key in before and after[key] != before[key]:
                fields = tuple(
                    (column, before[key].get(column, ""), after[key].get(column, ""))
                    for column in dict.fromkeys([*before[key], *after[key]])
                    if before[key].get(column, "") != after[key].get(column, "")
                )
                table.changed.append(ChangedRow(key, fields))
        changes.append(table)
    return changes
