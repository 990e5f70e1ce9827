"""The canonical record: complete against the seed, in the report's order and wording."""

from __future__ import annotations

import csv
import hashlib
import json

from bao_cao.data import DATA_DIR
from bao_cao.data.prepare_record import join_lines, prepare, read_seed_lines
from bao_cao.data.record import RECORD_CSV, load, load_record, load_sections

from textutil import editorial_notes, squeeze

# The report's source text, kept in the repository (data/source), so no test needs shared/.
SOURCE = (
    DATA_DIR
    / json.loads((DATA_DIR / "datapackage.json").read_text("utf-8"))["x-source-text"]["path"]
)


def test_record_loads_in_report_order():
    record = load_record()
    assert next(p.section for p in record) == "TD"
    assert {p.section for p in record} == {section.id for section in load_sections()}
    assert len(record) == 67


def test_every_section_has_a_page_and_headings_are_numbered_as_in_the_report():
    record = load_record()
    assert set(load().pages) == {section.id for section in load_sections()}
    headings = {p.section: p.text for p in record if p.kind == "heading"}
    for numeral in ("I", "II", "III", "IV", "V", "VI"):
        assert headings[numeral].startswith(f"{numeral}. ")
    for n in range(1, 8):
        assert headings[f"II.{n}"].startswith(f"{n}. ")


def test_the_source_text_is_the_one_handed_over():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text("utf-8"))
    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert digest == descriptor["x-source-text"]["sha256"]


def test_prepare_reproduces_the_committed_record():
    rows = prepare(SOURCE)
    with RECORD_CSV.open(encoding="utf-8", newline="") as handle:
        assert rows == list(csv.DictReader(handle))


def test_record_holds_every_character_of_the_seed_in_order():
    """Nothing lost, nothing added: only line breaks, blank lines and spaces differ."""
    seed_text = join_lines([line for _, line in read_seed_lines(SOURCE)])
    record_text = " ".join(
        ("- " if p.kind in ("bullet", "recipient") else "") + p.text for p in load_record()
    )
    assert squeeze(record_text) == squeeze(seed_text)


def test_hyphen_at_line_end_joins_the_word():
    assert join_lines(["bệnh nhân COVID-", "19, Bệnh viện"]) == "bệnh nhân COVID-19, Bệnh viện"
    assert join_lines(["kinh tế", "- xã hội"]) == "kinh tế - xã hội"


def test_the_reports_errors_are_kept_verbatim():
    text = " ".join(p.text for p in load_record())
    for error in ("06/82021", "như cầu", "Nhân nhân", "tại tại", "không chế", "THI DUA"):
        assert error in text
    assert "Covid-19" in text
    assert "COVID-19" in text


def test_every_editorial_note_points_at_words_in_its_paragraph():
    by_id = {p.id: p.text for p in load_record()}
    for note in editorial_notes():
        assert note["original"] in by_id[note["paragraph_id"]], note
        assert note["note"].startswith("Nguyên văn") or "nguyên văn" in note["note"], note
