"""Text helpers for comparing the record with what the book shows."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bao_cao.data.record import REPO_ROOT


def normalise(text: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def squeeze(text: str) -> str:
    """Drop all whitespace: PDF text extraction breaks lines and words at will."""
    return re.sub(r"\s+", "", text)


def editorial_notes(root: Path = REPO_ROOT) -> list[dict[str, str]]:
    """The editorial notes the book must show (data/editorial_notes.csv)."""
    with (root / "data" / "editorial_notes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
