"""The canonical record: complete against the seed, well-formed, with clear errors."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bao_cao.prepare_record import join_lines, prepare, read_seed_lines
from bao_cao.record import (
    COLUMNS,
    RECORD_CSV,
    SECTION_PAGES,
    SECTIONS,
    RecordError,
    load_record,
)

from textutil import editorial_notes, squeeze

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEEDS = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
needs_seed = pytest.mark.skipif(not SEEDS, reason="shared/seed is not beside the repository")


def test_record_loads_in_report_order():
    record = load_record()
    assert [p.section for p in record][0] == "TD"
    assert {p.section for p in record} == set(SECTIONS)
    assert len(record) == 67


def test_every_section_has_a_page_and_headings_are_numbered_as_in_the_report():
    record = load_record()
    assert set(SECTION_PAGES) == set(SECTIONS)
    headings = {p.section: p.text for p in record if p.kind == "heading"}
    for numeral in ("I", "II", "III", "IV", "V", "VI"):
        assert headings[numeral].startswith(f"{numeral}. ")
    for n in range(1, 8):
        assert headings[f"II.{n}"].startswith(f"{n}. ")


@needs_seed
def test_prepare_reproduces_the_committed_record():
    rows = prepare(SEEDS[0])
    with RECORD_CSV.open(encoding="utf-8", newline="") as handle:
        assert rows == list(csv.DictReader(handle))


@needs_seed
def test_record_holds_every_character_of_the_seed_in_order():
    """Nothing lost, nothing added: only line breaks, blank lines and spaces differ."""
    seed_text = join_lines([line for _, line in read_seed_lines(SEEDS[0])])
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
    assert "Covid-19" in text and "COVID-19" in text


def test_every_editorial_note_points_at_words_in_its_paragraph():
    by_id = {p.id: p.text for p in load_record()}
    for note in editorial_notes():
        assert note["original"] in by_id[note["paragraph_id"]], note
        assert note["note"].startswith("Nguyên văn") or "nguyên văn" in note["note"], note


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("id,section,text\n", r"header .* must be exactly"),
        (",".join(COLUMNS) + "\nI.1,IX,bullet,Chữ,3\n", r"row 2, column 'section': unknown"),
        (",".join(COLUMNS) + "\nI.1,I,bulet,Chữ,3\n", r"row 2, column 'kind'"),
        (",".join(COLUMNS) + "\nI.1,I,bullet, Chữ,3\n", r"row 2, column 'text'"),
        (",".join(COLUMNS) + "\nI.1,I,bullet,Chữ,x\n", r"row 2, column 'seed_lines'"),
        (",".join(COLUMNS) + "\nI.1,I,bullet,Chữ\n", r"row 2, column 'seed_lines': missing"),
        (",".join(COLUMNS) + "\nI.1,I,bullet,Chữ,3\nI.1,I,bullet,Chữ,4\n", r"row 3.*duplicate"),
    ],
)
def test_bad_record_names_file_row_column_and_rule(tmp_path, body, expected):
    path = write_csv(tmp_path / "record.csv", body)
    with pytest.raises(RecordError, match=expected) as error:
        load_record(path)
    assert str(path) in str(error.value)


def test_record_in_a_wrong_encoding_is_refused(tmp_path):
    body = ",".join(COLUMNS) + "\nI.1,I,bullet,Thực hiện,3\n"
    path = write_csv(tmp_path / "record.csv", body, encoding="utf-16")
    with pytest.raises(RecordError, match=re.escape(str(path)) + ": not UTF-8"):
        load_record(path)
