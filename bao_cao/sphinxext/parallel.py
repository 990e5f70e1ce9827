"""Sphinx extension: say what is true of extensions that do not say it themselves, so
that Sphinx reads (and myst-nb executes) the chapters in several processes.

Sphinx reads in parallel only if every extension declares itself safe for it; one that
declares nothing makes it read serially, one chapter's kernel after another. Each entry
below is an extension checked by reading its code, with the reason it is safe.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from bao_cao.sphinxext import env_version

CHECKED_SAFE = {
    # It replaces TocTreeCollector.assign_section_numbers, which Sphinx runs once, in the
    # main process, after every process's environment has been merged; it keeps nothing
    # per document (jupyter-book loads it; sphinx-multitoc-numbering 0.1.3).
    "sphinx_multitoc_numbering": "numbers sections after the merge, in the main process",
}


def declare(app: Sphinx, *_event_arguments) -> None:
    for name in CHECKED_SAFE:
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            extension.parallel_read_safe = True


def setup(app: Sphinx) -> dict:
    # jupyter-book loads sphinx_multitoc_numbering after Sphinx has started: Sphinx asks
    # only after env-before-read-docs, when every extension is loaded.
    app.connect("builder-inited", declare)
    app.connect("env-before-read-docs", declare)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": env_version()}
