"""Shared code of the book: data, validation, formatting, charts, build and Sphinx glue."""

from __future__ import annotations

import hashlib
from pathlib import Path


def code_version() -> int:
    """A number that changes whenever this package's code does.

    The Sphinx extensions report it as their env_version, so that a change to how they
    shape pages makes Sphinx re-read every page instead of reusing old doctrees.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)
