# A tiny book for the extensions' own tests (tests/test_extensions.py): the record's
# paragraphs on one page, the documents list, the glossary and the milestones.
extensions = [
    "bao_cao.sphinxext.paragraphs",
    "bao_cao.sphinxext.references",
    "bao_cao.sphinxext.citations",
]
language = "vi"
exclude_patterns = ["data"]
