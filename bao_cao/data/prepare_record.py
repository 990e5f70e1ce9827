"""Turn the PDF extraction (data/source/) into the canonical record (data/record.csv).

Only what the extraction added is removed: hard line breaks, the blank lines between
lines, and spaces at line and page joins. The words, their spelling and punctuation are
the report's, and so is each list's "- " marker, kept as the row's kind (bullet,
recipient) rather than in its text. Run it as `python -m bao_cao.data.prepare_record
[SOURCE_FILE]` (by default the source text in data/source); the validator runs the same
derivation on every check and names any word of record.csv that differs from it.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from bao_cao.data.reading import DATA_DIR, package_descriptor
from bao_cao.data.record import COLUMNS, RECORD_CSV

TOP_HEADING = re.compile(r"^(I|II|III|IV|V|VI)\. \S")
SUB_HEADING = re.compile(r"^([1-7])\. \S")
# A line that ends a sentence or clause; a "- " line after anything else continues the
# sentence ("Ban Thi đua / - Khen thưởng", "kinh tế / - xã hội").
CLAUSE_END = re.compile(r"[.;:…”)]$")
# Lines much shorter than a full printed line end a paragraph in unbulleted sections.
SHORT_LINE = 60


def read_seed_lines(seed: Path) -> list[tuple[int, str]]:
    """The seed's non-blank lines with their 1-based line numbers in the file."""
    text = seed.read_text(encoding="utf-8")
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def join_lines(lines: list[str]) -> str:
    """Join printed lines into one paragraph; a word hyphenated at a line end stays whole."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif re.search(r"\w-$", text):  # "COVID-" + "19"
            text += line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text)


def _blocks(lines: list[tuple[int, str]]):
    """Split the body into (kind, section, [(line_no, text)]) blocks."""
    section = "TD"
    block: list[tuple[int, str]] = []
    kind = "title"
    in_recipients = False
    for index, (number, line) in enumerate(lines):
        previous = lines[index - 1][1] if index else ""
        in_recipients = in_recipients or line == "Nơi nhận:"
        # (kind, section) of a block that begins on this line, if one does
        starts = (
            ("title", "TD")
            if index == 0
            else _part_start(line, previous, section, kind, in_recipients)
            or _text_start(line, previous, section, kind)
        )
        if starts:
            if block:
                yield kind, section, block
            kind, section = starts
            block = []
        block.append((number, line))
    yield kind, section, block


def _part_start(
    line: str, previous: str, section: str, kind: str, in_recipients: bool
) -> tuple[str, str] | None:
    """A line that opens a part of the report: the opening paragraph, a heading, the
    closing paragraph, the recipients and the signature."""
    if section == "TD" and previous.startswith("trên địa bàn tỉnh"):
        return ("paragraph", "MD")
    if (top := TOP_HEADING.match(line)) and not in_recipients:
        return ("heading", top[1])
    sub = SUB_HEADING.match(line)
    if sub and (section == "II" or (section.startswith("II.") and kind != "heading")):
        return ("heading", f"II.{sub[1]}")
    if line.startswith("Trên đây là báo cáo"):
        return ("paragraph", "KL")
    if line == "Nơi nhận:":
        return ("heading", "NN")
    if in_recipients and line.startswith("- "):
        return ("recipient", "NN")
    if in_recipients and section in ("NN", "CK"):
        return ("signature", "CK")
    return None


def _text_start(line: str, previous: str, section: str, kind: str) -> tuple[str, str] | None:
    """A line that opens a bullet or a paragraph inside a part."""
    if line.startswith("- ") and (kind == "heading" or CLAUSE_END.search(previous)):
        return ("bullet", section)
    if kind == "heading" and section.startswith("II.") and not line.startswith("- "):
        return None  # a sub-heading runs on until its first bullet
    if kind == "heading" and (line.isupper() or not line[0].isalpha()):
        return None  # a top heading's continuation is in capitals ("THI DUA:")
    if kind == "heading" or (
        kind in ("paragraph", "title")
        and len(previous) < SHORT_LINE
        and (CLAUSE_END.search(previous) and line[0].isupper())
    ):
        return ("paragraph", section)
    return None


def prepare(seed: Path) -> list[dict[str, str]]:
    """The record's rows from the seed file."""
    rows: list[dict[str, str]] = []
    counters: dict[str, int] = {}
    for kind, section, block in _blocks(read_seed_lines(seed)):
        # The title's first line ("BÁO CÁO") and each signature line stand on their own.
        if kind == "title":
            pieces = [block[:1], block[1:]]
        elif kind == "signature":
            pieces = [[line] for line in block]
        else:
            pieces = [block]
        for piece in pieces:
            first, last = piece[0][0], piece[-1][0]
            text = join_lines([line for _, line in piece])
            if kind in ("bullet", "recipient"):
                text = text.removeprefix("- ")  # the dash is the list's marker, not a word
            if kind == "heading":
                row_id = section
            else:
                counters[section] = counters.get(section, 0) + 1
                row_id = f"{section}.{counters[section]}"
            rows.append(
                {
                    "id": row_id,
                    "section": section,
                    "kind": kind,
                    "text": text,
                    "seed_lines": str(first) if first == last else f"{first}-{last}",
                }
            )
    return rows


def source_text_path(data_dir: Path = DATA_DIR) -> Path:
    """The report's source text kept in the data package (datapackage.json x-source-text)."""
    return data_dir / package_descriptor(data_dir)["x-source-text"]["path"]


def write_record(rows: list[dict[str, str]], path: Path = RECORD_CSV) -> None:
    """Write the rows as UTF-8 CSV (then run bao_cao.data.validate to check them)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1:
        print("usage: python -m bao_cao.data.prepare_record [SOURCE_FILE]", file=sys.stderr)
        return 2
    rows = prepare(Path(args[0]) if args else source_text_path())
    write_record(rows)
    print(f"wrote {len(rows)} rows to {RECORD_CSV}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
