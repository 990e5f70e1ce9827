"""What changed between two data packages (bao_cao.site.changes)."""

from __future__ import annotations

import json

from bao_cao.site.changes import compare

DESCRIPTOR = json.dumps(
    {
        "resources": [
            {"name": "indicators", "title": "Chỉ tiêu", "path": "indicators.csv",
             "schema": {"primaryKey": ["indicator_id"]}},
            {"name": "notes", "path": "notes.csv", "schema": {}},
        ]
    }
).encode()  # fmt: skip


def package(indicators: str, notes: str = "text\nmột\n") -> dict[str, bytes]:
    return {
        "datapackage.json": DESCRIPTOR,
        "indicators.csv": indicators.encode("utf-8"),
        "notes.csv": notes.encode("utf-8"),
    }


def test_rows_are_matched_by_key_and_each_change_keeps_old_and_new_values():
    old = package("indicator_id,value,unit\ntiem,100,%\nvon,16,tỷ\nhop,100,cuộc\n")
    new = package("indicator_id,value,unit\nvon,16,tỷ đồng\ntiem,99,%\nmoi,3,vòng\n")
    changes = {table.table: table for table in compare(old, new)}
    indicators = changes["indicators"]
    assert indicators.title == "Chỉ tiêu"
    assert [key for key, _ in indicators.added] == ["moi"]
    assert [key for key, _ in indicators.removed] == ["hop"]
    assert {change.key: change.fields for change in indicators.changed} == {
        "von": (("unit", "tỷ", "tỷ đồng"),),
        "tiem": (("value", "100", "99"),),
    }
    assert not changes["notes"].any  # row order alone is no change; nothing else moved


def test_a_table_without_a_key_is_compared_row_by_row_and_a_new_table_is_all_added():
    old = package("indicator_id,value\n", notes="text\nmột\nhai\n")
    new = {**package("indicator_id,value\n", notes="text\nmột\nba\n")}
    notes = {table.table: table for table in compare(old, new)}["notes"]
    assert [(c.key, c.fields) for c in notes.changed] == [("dòng 2", (("text", "hai", "ba"),))]
    without = {"datapackage.json": json.dumps({"resources": []}).encode()}
    added = {table.table: table for table in compare(without, new)}
    assert len(added["notes"].added) == 2
    assert not added["notes"].removed
