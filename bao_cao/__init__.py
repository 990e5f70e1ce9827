"""Shared code of the book: the canonical record, its preparation, and Sphinx glue."""
