"""Every fact of the record is in a table: its numbers and dates, the documents, bodies,
places and people it names.

The record's words are found by patterns (numbers, dates, document numbers; the head
words of names of bodies, documents and places) and looked up in the tables: a number
or date must be a value of a row whose quote covers it (or whose mention does, in a
section it lists), a name must stand inside a mention of actors.csv or places.csv, a
document word inside or just before a mention of documents.csv. What no table holds
fails the test, except the short, explicit list of deliberate exclusions below.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass

from bao_cao.data.reading import DATA_DIR
from bao_cao.data.record import load

RECORD = load()
TEXT = {p.id: p.text for p in RECORD.paragraphs}
SECTION_OF = {p.id: p.section for p in RECORD.paragraphs}
PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))

# Where a row says where its facts stand, not what they are: never a fact's value.
NOT_VALUES = {"quote", "section", "sections", "note", "cited_in", "seed_lines"}
# The record itself, the notes on its slips and the supplementary series hold no facts
# of the report to look up.
NOT_FACT_TABLES = {"record", "editorial_notes", "sections", "ninh_thuan_covid_daily"}

NUMBER = re.compile(r"(?<![\w/.,-])\d(?:[\w/.,%-]*[\w%])?")

# Head words of names of bodies and forces (capitalised as the report writes them).
BODY_HEADS = (
    "Sở", "Ban", "Bộ", "Ủy ban", "UBND", "UBMTTQVN", "HĐND", "Hội đồng", "Đài", "Công an",
    "Quân đội", "Đoàn", "Trạm", "Bệnh viện", "Tổ", "Chốt", "Tỉnh ủy", "Quốc hội",
    "Chính phủ", "Thủ tướng", "Tổng Bí thư", "Mặt trận", "VPUB", "Phụ nữ", "Chủ tịch",
    "CHỦ TỊCH", "CT", "PCT", "Văn phòng", "Lực lượng", "Trung ương", "Nhà nước", "Đảng",
)  # fmt: skip
DOCUMENT_HEADS = (
    "Quyết định", "Nghị quyết", "Kế hoạch", "Kết luận", "Công văn", "Công điện",
    "Lời kêu gọi", "Quy trình", "Phương án", "Kịch bản", "Chỉ thị", "Quy định",
    "ban hành quy định",
)  # fmt: skip
PLACE_HEADS = ("tỉnh", "huyện", "thành phố", "Thành phố", "TP", "Cảng")

# Deliberate exclusions, each with its reason: words that name no one body or document.
EXCLUDED = {
    ("II.2.1", "Trung ương"): "the central level in general, no body named",
    ("II.2.3", "Trung ương"): "the central level in general, no body named",
    ("I.2", "Đảng"): "“toàn Đảng”: the whole Party, not a body",
    ("II.1", "Đảng"): "“chủ trương của Đảng, Nhà nước”: no body named",
    ("II.1", "Nhà nước"): "“chủ trương của Đảng, Nhà nước”: no body named",
    ("II.4.1", "Đảng"): "“các cơ quan Đảng, Nhà nước”: a kind of body",
    ("II.4.1", "Nhà nước"): "“các cơ quan Đảng, Nhà nước”: a kind of body",
    ("II.4.3", "Nhà nước"): "“ngân sách Nhà nước”: the state budget",
    ("V.1", "Đảng"): "“các cơ quan Đảng, Nhà nước”: a kind of body",
    ("V.1", "Nhà nước"): "“các cơ quan Đảng, Nhà nước”: a kind of body",
    ("I.2", "Chỉ thị"): "“các Chỉ thị, Nghị quyết của Ban Bí thư, của Chính phủ”: unnamed, plural",
    ("I.2", "Nghị quyết"): "“các Chỉ thị, Nghị quyết …”: unnamed, plural",
    ("II.4.1", "Nghị quyết"): "“Nghị quyết của Quốc hội, Chính phủ”, “các Nghị quyết, Quyết "
    "định của Chính phủ”: unnamed",
    ("II.4.1", "Quyết định"): "“các Nghị quyết, Quyết định của Chính phủ”: unnamed, plural",
    ("II.4.3", "Nghị quyết"): "“các Nghị quyết của Chính phủ”: unnamed, plural",
}


@dataclass(frozen=True)
class Cover:
    """Part of a paragraph a row speaks for, and the values it holds."""

    paragraph: str
    start: int
    end: int
    values: tuple[str, ...]


def _rows(resource: dict) -> list[dict[str, str]]:
    with (DATA_DIR / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _whole(text: str, words: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"(?<![\w/.-]){re.escape(words)}(?![\w/-])", text)]


def covers() -> list[Cover]:
    """What every row of every table covers in the record, with its values."""
    found = []
    for resource in PACKAGE["resources"]:
        if resource["name"] in NOT_FACT_TABLES:
            continue
        schema = resource["schema"]
        provenance = schema.get("x-provenance", {})
        for row in _rows(resource):
            values = tuple(v for k, v in row.items() if k not in NOT_VALUES and v)
            if "record_id" in provenance:
                paragraph = row[provenance["record_id"]]
                found.append(Cover(paragraph, 0, len(TEXT[paragraph]), values))
                continue
            if "quote" in provenance:
                for pid, text in TEXT.items():
                    if SECTION_OF[pid] != row[provenance["section"]]:
                        continue
                    for start, end in _whole(text, row[provenance["quote"]]):
                        found.append(Cover(pid, start, end, values))
            # A named thing covers its mentions wherever its row says it is named.
            mentions = row.get(schema.get("x-mentions", "")) or row.get("mention")
            sections = row.get("sections") or row.get("cited_in")
            if mentions and sections:
                listed = sections.split(";")
                for mention in filter(None, mentions.split(";")):
                    for pid, text in TEXT.items():
                        if SECTION_OF[pid] in listed:
                            for start, end in _whole(text, mention):
                                # A document's date follows its number: "… ngày 11/10/2021".
                                date = re.match(r"\s+ngày\s+\S+", text[end:])
                                end += date.end() if date and "mention" in row else 0
                                found.append(Cover(pid, start, end, values))
    return found


COVERS = covers()


def _held(pid: str, start: int, end: int, token: str) -> bool:
    pattern = re.compile(rf"(?<![\w/.,-]){re.escape(token)}(?![\w/%-])")
    return any(
        c.paragraph == pid
        and c.start <= start
        and end <= c.end
        and any(pattern.search(value) for value in c.values)
        for c in COVERS
    )


def _mention_spans(pid: str, tables: tuple[str, ...], column: str) -> list[tuple[int, int]]:
    spans = []
    for resource in PACKAGE["resources"]:
        if resource["name"] in tables:
            for row in _rows(resource):
                for mention in filter(None, row[column].split(";")):
                    spans += _whole(TEXT[pid], mention)
    return spans


def _heads(text: str, heads: tuple[str, ...]) -> list[tuple[str, int, int]]:
    found = []
    for head in heads:
        # Not inside a document's number ("5027/KH-UBND").
        for match in re.finditer(rf"(?<![\w/-]){re.escape(head)}(?![\w/-])", text):
            found.append((head, *match.span()))
    return found


def test_every_number_and_date_of_the_record_is_a_value_of_a_row_that_quotes_it():
    headings = {p.id for p in RECORD.paragraphs if p.kind == "heading"}
    missing = [
        f"{pid}: {match.group()} (…{TEXT[pid][max(0, match.start() - 30) : match.end() + 20]}…)"
        for pid in TEXT
        for match in NUMBER.finditer(TEXT[pid])
        # A heading's own number ("6. Triển khai …") is its section's id.
        if not (pid in headings and match.start() == 0)
        and not _held(pid, *match.span(), match.group())
    ]
    assert not missing, "no table holds:\n" + "\n".join(missing)


def test_every_body_the_record_names_is_a_mention_of_actors_csv():
    missing = []
    for pid, text in TEXT.items():
        spans = _mention_spans(pid, ("actors",), "mentions")
        for head, start, end in _heads(text, BODY_HEADS):
            covered = any(a <= start and end <= b for a, b in spans)
            if not covered and (pid, head) not in EXCLUDED:
                missing.append(f"{pid}: {text[max(0, start - 20) : end + 40]}")
    assert not missing, "no actor's mention holds:\n" + "\n".join(missing)


def test_every_place_the_record_names_is_a_mention_of_places_csv():
    missing = []
    for pid, text in TEXT.items():
        spans = _mention_spans(pid, ("places",), "mentions")
        for head, _, end in _heads(text, PLACE_HEADS):
            # A place is a head followed by capitalised words: "tỉnh Bình Dương".
            name = re.match(r"\s+((?:-\s+)?[^\W\d_][\w]*)", text[end:])
            if not name or not name.group(1).lstrip("- ")[0].isupper():
                continue
            start = end + name.start(1)
            if not any(a <= start < b for a, b in spans) and head != "TP":
                missing.append(f"{pid}: {head}{text[end : end + 40]}")
    assert not missing, "no place's mention holds:\n" + "\n".join(missing)


def test_every_document_the_record_names_is_in_documents_csv():
    missing = []
    for pid, text in TEXT.items():
        documents = [
            span
            for resource in PACKAGE["resources"]
            if resource["name"] == "documents"
            for row in _rows(resource)
            if SECTION_OF[pid] in row["cited_in"].split(";")
            for span in _whole(text, row["mention"])
        ]
        for head, start, end in _heads(text, DOCUMENT_HEADS):
            # "Quyết định số 1497/QĐ-TTg": the mention is the number after the head.
            covered = any(a <= start < b or start <= a <= end + 5 for a, b in documents)
            if not covered and (pid, head) not in EXCLUDED:
                missing.append(f"{pid}: {text[max(0, start - 20) : end + 40]}")
    assert not missing, "no document's mention holds:\n" + "\n".join(missing)


def test_every_recipient_and_signature_line_has_its_row():
    held = {c.paragraph for c in COVERS if c.start == 0}
    lines = [p.id for p in RECORD.paragraphs if p.kind in ("recipient", "signature")]
    assert [line for line in lines if line not in held] == []


def test_the_exclusions_are_still_needed():
    """An exclusion that names words no longer unheld is stale: the list stays short."""
    for (pid, head), _reason in EXCLUDED.items():
        assert head in TEXT[pid], (pid, head)


def test_a_number_no_row_holds_is_reported(monkeypatch):
    """The lookup is not vacuous: without the indicators, “trên 240” is held by no row."""
    others = [c for c in COVERS if "trên 240" not in c.values]
    monkeypatch.setattr(sys.modules[__name__], "COVERS", others)
    start = TEXT["II.2.1"].index("240")
    assert not _held("II.2.1", start, start + 3, "240")
