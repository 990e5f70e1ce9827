"""The edition's own words, in one place: what the footer, the citations (text, BibTeX),
the PDF's title page and properties, the list of its makers and the charts' source lines
call the edition, and how a citation says what the report leaves unstated. Read when
each output is made (never copied into a constant at import), so a change here reaches
every one of them (tests/test_extensions.py changes the edition's name and finds it)."""

from __future__ import annotations

# "Ấn bản điện tử": the electronic edition, as opposed to the report it reprints.
EDITION = "Ấn bản điện tử"
# What a citation says where the report states no number or no date of its own (never a
# guess): in the reference a reader copies and in the report's BibTeX note.
NUMBER_NOT_STATED = "không ghi số văn bản"
DATE_NOT_STATED = "không ghi ngày ban hành"


def edition(sentence_start: bool = True) -> str:
    """The edition's name, capitalised to open a sentence or a label, else in lower case
    ("…; biểu đồ: ấn bản điện tử")."""
    return EDITION if sentence_start else EDITION[:1].lower() + EDITION[1:]
