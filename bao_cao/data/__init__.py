"""The data package (data/): reading it, validating it, and the record of the report.

`from bao_cao.data import load_table` is what chapters and figures use; the modules
beside this one are `reading` (CSV text as the book reads it), `cell_text` (legacy
encodings, invisible characters), `record` (the report's paragraphs and sections),
`prepare_record` (the record from the source text), `spreadsheet` (what spreadsheets do
to dates and numbers), `constraints` (the schema's constraints in words), `completeness`
(what the record says that some table holds), `needs` (the rows each figure of the book
cannot do without), and `validate` (every rule, for staff, the build and CI: `python -m
bao_cao.data.validate`) with its rules by concern (`problems`, `table_rules`,
`provenance_rules`, `fact_rules`, `date_rules`, `book_rules`). The data layer imports
nothing of the book's outputs (charts, figures, matplotlib, Sphinx, docutils).
"""

from bao_cao.data.reading import (
    DATA_DIR,
    DATA_DIR_VARIABLE,
    NOT_STATED,
    PACKAGE_FILE,
    READ_LOG,
    DataFileError,
    field_titles,
    is_missing,
    load_table,
    numbered_events,
    package_descriptor,
    package_paths,
    plain,
    read_csv_text,
    read_text,
    resource_descriptor,
)

__all__ = [
    "DATA_DIR",
    "DATA_DIR_VARIABLE",
    "NOT_STATED",
    "PACKAGE_FILE",
    "READ_LOG",
    "DataFileError",
    "field_titles",
    "is_missing",
    "load_table",
    "numbered_events",
    "package_descriptor",
    "package_paths",
    "plain",
    "read_csv_text",
    "read_text",
    "resource_descriptor",
]
