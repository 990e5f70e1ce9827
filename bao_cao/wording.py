"""The edition's own name, in one place: what the footer, the citations (text, BibTeX),
the PDF's title page and properties, the list of its makers and the charts' source lines
call it. Read when each output is made (never copied into a constant at import), so a
change here reaches every one of them; tests/test_wording.py proves it."""

from __future__ import annotations

# "Ấn bản điện tử": the electronic edition, as opposed to the report it reprints.
EDITION = "Ấn bản điện tử"


def edition(sentence_start: bool = True) -> str:
    """The edition's name, capitalised to open a sentence or a label, else in lower case
    ("…; biểu đồ: ấn bản điện tử")."""
    return EDITION if sentence_start else EDITION[:1].lower() + EDITION[1:]
