"""The canonical record: complete against the seed, in the report's order and wording."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bao_cao.prepare_record import join_lines, prepare, read_seed_lines
from bao_cao.record import RECORD_CSV, SECTION_PAGES, SECTIONS, load_record

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
