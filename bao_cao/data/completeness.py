"""Every fact of the record is in a table: what a truncated or thinned table has lost.

The record's words are found by patterns (numbers, dates, abbreviations; the head words
of names of bodies, documents and places) and looked up in the tables: a number or date
must be a value of a row whose quote covers it (or whose mention does, in a section it
lists); an abbreviation must be a term of the glossary (or stand inside one); a name must
stand inside a mention of actors.csv or places.csv, a group of people ("người lao động")
inside one of groups.csv; a document word inside or just before
a mention of documents.csv. What no table holds is named with the words around it, so a
file cut off at a row boundary (or a row deleted by mistake) is refused with the rows it
lost. The short list of deliberate exclusions below gives each one's reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# Where a row says where its facts stand, not what they are: never a fact's value.
NOT_VALUES = {"quote", "section", "sections", "note", "cited_in", "seed_lines"}
# The record itself, the notes on its slips and the supplementary series hold no facts
# of the report to look up.
NOT_FACT_TABLES = {"record", "editorial_notes", "sections", "ninh_thuan_covid_daily"}

NUMBER = re.compile(r"(?<![\w/.,-])\d(?:[\w/.,%-]*[\w%])?")
# A word, dots inside or after it included ("P.II", "KT."); a document's number splits
# into words at "-" and "/" ("KH-UBND").
WORD = re.compile(r"\w+(?:\.\w+)*\.?")
ROMAN_NUMERAL = re.compile(r"[IVX]+\.?")

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
# Head words of the groups of people the report names by category ("người lao động",
# "hộ nghèo", "đối tượng bảo trợ xã hội"): whom its measures were for, or against.
GROUP_HEADS = (
    "người", "hộ", "nhóm", "đối tượng", "công nhân", "Công nhân", "phụ nữ", "trẻ em",
    "lao động", "chuyên gia",
)  # fmt: skip
# Words with a group head that name no group of people, each with its reason.
NOT_GROUPS = {
    ("II.2", "người đứng đầu"): "a role (the head of a body), not a group measures were for",
    ("II.2.4", "người đứng đầu"): "a role (the head of a body), not a group measures were for",
    ("II.1.5", "người được tiêm nhắc lại"): "the subject of an indicator (indicators.csv)",
    ("II.6.1", "đối tượng tham gia tiêm chủng"): "anyone to be vaccinated: no category",
    ("II.6.2", "đối tượng tham gia tiêm chủng"): "anyone to be vaccinated: no category",
    ("II.5.2", "rà từng đối tượng"): "part of a slogan (glossary.csv)",
    ("II.1.5", "các nhóm tuổi"): "the population behind an indicator (indicators.csv)",
    ("II.2.4", "phòng hộ"): "“dụng cụ phòng hộ”: protective equipment, no households",
    ("III.2", "ủng hộ"): "“ủng hộ”: to support, no households",
}

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
# Quoted words (“…”) with no row of their own, each with its reason.
QUOTED_ELSEWHERE = {
    ("V.1", "Thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch bệnh COVID-19"): (
        "the title of Nghị quyết 128/NQ-CP, which the glossary holds as the report words it "
        "elsewhere (“dịch COVID-19”)"
    ),
}
QUOTED = re.compile(r"“([^”]+)”")
# Capitals that are no abbreviation for the glossary to explain.
NOT_ABBREVIATIONS = {
    "COVID": "the disease's name, as the world writes it (diseases.csv holds it)",
}


@dataclass(frozen=True)
class Cover:
    """Part of a paragraph a row speaks for, and the values it holds."""

    paragraph: str
    start: int
    end: int
    values: tuple[str, ...]


@dataclass(frozen=True)
class Unheld:
    """Words of the record that no row of `table` holds, and where they stand."""

    table: str
    column: str
    paragraph: str
    words: str
    context: str


def is_abbreviation(word: str) -> bool:
    """Two or more capitals and no tone mark: "UBND", "TTg", "QH15", not "CHỦ" (a word
    written in capitals) nor "Covid"."""
    letters = [c for c in word if c.isalpha()]
    plain = all(c.isascii() or c in "Đđ" for c in letters)
    return plain and sum(c.isupper() for c in letters) >= 2


# What may not stand right before or after a name for it to stand apart: a letter or digit,
# and where a document's number is meant, its "/", "." or "-" ("5027/KH-UBND").
NUMBER_BOUNDARY = (r"\w/.-", r"\w/-")
WORD_BOUNDARY = (r"\w", r"\w")
HEAD_BOUNDARY = (r"\w/-", r"\w/-")  # a head word ("Sở"), not inside "5027/KH-UBND"


@functools.lru_cache(maxsize=1 << 17)  # the record's texts repeat from check to check
def standing_apart(
    text: str, words: str, boundary: tuple[str, str] = NUMBER_BOUNDARY
) -> tuple[tuple[int, int], ...]:
    """Where `words` stand in `text` with none of `boundary`'s characters just before or
    after them (not inside a longer word or, by default, a document's number)."""
    return tuple(m.span() for m in _apart(words, *boundary).finditer(text))


def whole(text: str, words: str) -> tuple[tuple[int, int], ...]:
    """Where `words` stand in `text`, not inside a longer word or a document number."""
    return standing_apart(text, words)


@functools.lru_cache(maxsize=4096)
def _apart(words: str, before: str, after: str) -> re.Pattern:
    return re.compile(rf"(?<![{before}]){re.escape(words)}(?![{after}])")


def _context(text: str, start: int, end: int) -> str:
    return "…" + text[max(0, start - 30) : end + 30].replace("\n", " ") + "…"


class Completeness:
    """The record's paragraphs and what each table's rows cover of them."""

    def __init__(self, resources: dict[str, dict], rows: Mapping[str, list[dict[str, str]]]):
        self.resources, self.rows = resources, rows
        record = rows["record"]
        self.text = {row["id"]: row["text"] for row in record}
        self.section_of = {row["id"]: row["section"] for row in record}
        self.kind = {row["id"]: row["kind"] for row in record}
        self.covers = self._covers()

    def _covers(self) -> list[Cover]:
        found = []
        for name, resource in self.resources.items():
            if name in NOT_FACT_TABLES or name not in self.rows:
                continue
            for row in self.rows[name]:
                found += self._row_covers(resource["schema"], row)
        return found

    def _row_covers(self, schema: dict, row: dict[str, str]) -> list[Cover]:
        """What one row covers: its whole paragraph (record_id), or its quote in its
        section, and its mentions wherever it says it is named."""
        provenance = schema.get("x-provenance", {})
        values = tuple(v for k, v in row.items() if k not in NOT_VALUES and v)
        if "record_id" in provenance:
            paragraph = row[provenance["record_id"]]
            if paragraph not in self.text:
                return []
            return [Cover(paragraph, 0, len(self.text[paragraph]), values)]
        found = []
        if "quote" in provenance:
            found += [
                Cover(pid, start, end, values)
                for pid in self._in_sections([row[provenance["section"]]])
                for start, end in whole(self.text[pid], row[provenance["quote"]])
            ]
        # A named thing covers its mentions wherever its row says it is named.
        mentions = row.get(schema.get("x-mentions", "")) or row.get("mention")
        sections = row.get("sections") or row.get("cited_in")
        if mentions and sections:
            for mention in filter(None, mentions.split(";")):
                for pid in self._in_sections(sections.split(";")):
                    found += self._mention_covers(pid, mention, values, "mention" in row)
        return found

    def _in_sections(self, sections: list[str]) -> list[str]:
        return [pid for pid in self.text if self.section_of[pid] in sections]

    def _mention_covers(self, pid: str, mention: str, values: tuple, dated: bool) -> list[Cover]:
        text = self.text[pid]
        covers = []
        for start, end in whole(text, mention):
            # A document's date follows its number: "… ngày 11/10/2021".
            date = re.match(r"\s+ngày\s+\S+", text[end:])
            covers.append(Cover(pid, start, end + (date.end() if date and dated else 0), values))
        return covers

    def held(self, pid: str, start: int, end: int, token: str) -> bool:
        """Some row covers this part of the paragraph and holds `token` as a value."""
        pattern = _apart(token, r"\w/.,-", r"\w/%-")
        return any(
            c.paragraph == pid
            and c.start <= start
            and end <= c.end
            and any(pattern.search(value) for value in c.values)
            for c in self.covers
        )

    def _mention_spans(self, pid: str, table: str, column: str) -> list[tuple[int, int]]:
        return [
            span
            for row in self.rows.get(table, [])
            for mention in filter(None, row[column].split(";"))
            for span in whole(self.text[pid], mention)
        ]

    @staticmethod
    def heads(text: str, heads: tuple[str, ...]) -> list[tuple[str, int, int]]:
        """Where each head word stands (not inside a document's number, "5027/KH-UBND")."""
        return [
            (head, *span) for head in heads for span in standing_apart(text, head, HEAD_BOUNDARY)
        ]

    def numbers(self) -> Iterator[Unheld]:
        """Numbers and dates no row holds as a value of a row that quotes them."""
        for pid, text in self.text.items():
            for match in NUMBER.finditer(text):
                # A heading's own number ("6. Triển khai …") is its section's id.
                if self.kind[pid] == "heading" and match.start() == 0:
                    continue
                if not self.held(pid, *match.span(), match.group()):
                    yield Unheld(
                        "indicators", "value", pid, match.group(), _context(text, *match.span())
                    )

    def abbreviations(self) -> Iterator[Unheld]:
        """Abbreviations that are no term of the glossary and stand inside none."""
        terms = [row["term"] for row in self.rows.get("glossary", [])]
        for pid, text in self.text.items():
            if self.kind[pid] == "heading":
                continue  # headings are written in capitals
            inside_terms = [span for term in terms for span in whole(text, term)]
            for match in WORD.finditer(text):
                word = match.group()
                if not is_abbreviation(word) or ROMAN_NUMERAL.fullmatch(word):
                    continue
                if word.rstrip(".") in NOT_ABBREVIATIONS:
                    continue
                if word in terms or word.rstrip(".") in terms:
                    continue
                start, end = match.span()
                if any(a <= start and end <= b for a, b in inside_terms):
                    continue
                yield Unheld("glossary", "term", pid, word, _context(text, start, end))

    def bodies(self) -> Iterator[Unheld]:
        """Names of bodies that stand inside no mention of actors.csv."""
        for pid, text in self.text.items():
            spans = self._mention_spans(pid, "actors", "mentions")
            for head, start, end in self.heads(text, BODY_HEADS):
                covered = any(a <= start and end <= b for a, b in spans)
                if not covered and (pid, head) not in EXCLUDED:
                    yield Unheld("actors", "mentions", pid, head, _context(text, start, end + 30))

    def places(self) -> Iterator[Unheld]:
        """Places (a head and capitalised words: "tỉnh Bình Dương") no mention of
        places.csv holds."""
        for pid, text in self.text.items():
            spans = self._mention_spans(pid, "places", "mentions")
            for head, _, end in self.heads(text, PLACE_HEADS):
                name = re.match(r"\s+((?:-\s+)?[^\W\d_][\w]*)", text[end:])
                if not name or not name.group(1).lstrip("- ")[0].isupper() or head == "TP":
                    continue
                start = end + name.start(1)
                if not any(a <= start < b for a, b in spans):
                    words = f"{head} {name.group(1)}"
                    yield Unheld("places", "mentions", pid, words, _context(text, start, end))

    def documents(self) -> Iterator[Unheld]:
        """Documents the record names ("Quyết định số 1497/QĐ-TTg") that are not rows of
        documents.csv citing them in the paragraph's section."""
        for pid, text in self.text.items():
            spans = [
                span
                for row in self.rows.get("documents", [])
                if self.section_of[pid] in row["cited_in"].split(";")
                for span in whole(text, row["mention"])
            ]
            for head, start, end in self.heads(text, DOCUMENT_HEADS):
                # "Quyết định số 1497/QĐ-TTg": the mention is the number after the head.
                covered = any(a <= start < b or start <= a <= end + 5 for a, b in spans)
                if not covered and (pid, head) not in EXCLUDED:
                    yield Unheld("documents", "mention", pid, head, _context(text, start, end + 30))

    def groups(self) -> Iterator[Unheld]:
        """Groups of people no mention of groups.csv holds (or of actors.csv: "người dân",
        "nhóm thiện nguyện"; or a vaccination age group's quote)."""
        for pid, text in self.text.items():
            spans = [
                *self._mention_spans(pid, "groups", "mentions"),
                *self._mention_spans(pid, "actors", "mentions"),
                *(
                    span
                    for row in self.rows.get("vaccination_age_groups", [])
                    if row["section"] == self.section_of[pid]
                    for span in whole(text, row["quote"])
                ),
                *(
                    span
                    for (where, words) in NOT_GROUPS
                    if where == pid
                    for span in whole(text, words)
                ),
            ]
            for head, start, end in self.heads(text, GROUP_HEADS):
                if not any(a <= start and end <= b for a, b in spans):
                    yield Unheld("groups", "mentions", pid, head, _context(text, start, end + 30))

    def quoted(self) -> Iterator[Unheld]:
        """Words the report puts in quotation marks (a slogan, a campaign, a title) that
        are no term of the glossary, no words of a document or an event, and not the
        campaign the report's own title names (commas aside: its variants are noted)."""
        held = [row["term"] for row in self.rows.get("glossary", [])]
        for row in self.rows.get("documents", []):
            held += [row["mention"], row["subject"]]
        held += [row["event"] for row in self.rows.get("events", [])]
        held += [text for pid, text in self.text.items() if self.kind[pid] == "title"]
        folded = [value.casefold().replace(",", "") for value in held if value]
        for pid, text in self.text.items():
            for match in QUOTED.finditer(text):
                words = match.group(1).strip()
                if (pid, words) in QUOTED_ELSEWHERE:
                    continue
                if not any(words.casefold().replace(",", "") in value for value in folded):
                    yield Unheld("glossary", "term", pid, words, _context(text, *match.span()))

    def lines(self) -> Iterator[Unheld]:
        """Recipient and signature lines without their row."""
        held = {c.paragraph for c in self.covers if c.start == 0}
        for pid, kind in self.kind.items():
            if kind in ("recipient", "signature") and pid not in held:
                table = "recipients" if kind == "recipient" else "signature"
                yield Unheld(table, "record_id", pid, pid, self.text[pid])

    def unheld(self) -> Iterator[Unheld]:
        """Everything the record says that no table holds."""
        yield from self.abbreviations()
        yield from self.documents()
        yield from self.bodies()
        yield from self.places()
        yield from self.groups()
        yield from self.quoted()
        yield from self.lines()
        yield from self.numbers()
