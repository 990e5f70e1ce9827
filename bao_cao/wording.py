"""The edition's own words, in one place: what the footer, the citations (text, BibTeX),
the PDF's title page and properties, the list of its makers and the charts' source lines
call the edition, and how a citation says what the report leaves unstated. Read when
each output is made (never copied into a constant at import), so a change here reaches
every one of them (tests/test_extensions.py changes the edition's name and finds it)."""

from __future__ import annotations

# "Ấn bản điện tử": the electronic edition, as opposed to the report it reprints.
EDITION = "Ấn bản điện tử"
# Where a fact from outside the report comes from: the edition's copy of the reference
# notes, which name their public sources (the gazette mirrors thuvienphapluat.vn and
# luatvietnam.vn, and the press) without saying which source confirmed which fact.
REFERENCE_SOURCE = "tài liệu tham khảo của ấn bản (data/source/tai-lieu-tham-khao.md)"
# What a citation says where the report states no number or no date of its own (never a
# guess): in the reference a reader copies and in the report's BibTeX note.
NUMBER_NOT_STATED = "không ghi số văn bản"
DATE_NOT_STATED = "không ghi ngày ban hành"


def edition(sentence_start: bool = True) -> str:
    """The edition's name, capitalised to open a sentence or a label, else in lower case
    ("…; biểu đồ: ấn bản điện tử")."""
    return EDITION if sentence_start else EDITION[:1].lower() + EDITION[1:]


def not_the_original(edition_author: str, issuer: str) -> tuple[str, str]:
    """What the PDF's title page and the site's front page say first, as prominently as
    the report's title, so that a printed first page never passes for the authentic
    document: a heading, and the sentence under it."""
    return (
        f"{EDITION} — không phải văn bản gốc",
        f"Ấn bản do {edition_author} lập, không phải văn bản do {issuer} ban hành. Ấn bản "
        "in lại câu chữ của báo cáo; không sao lại con dấu, chữ ký hay hình thức trình bày "
        "của văn bản gốc.",
    )
