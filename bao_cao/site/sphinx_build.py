"""Run one jupyter-book builder with several processes: `python -m bao_cao.site.sphinx_build`.

jupyter-book's command line has no option for Sphinx's parallel jobs, though its own
`build_sphinx` takes one. This runs `build_sphinx` exactly as `jupyter-book build
--builder html|latex --path-output <work> -n -W --keep-going` does (the same _config.yml,
_toc.yml and output folders), with `jobs`: Sphinx then reads the chapters in several
processes, and myst-nb executes the chapters that need it side by side.

Each builder keeps its own doctrees (work/_build/.doctrees-<builder>): sharing one, an
HTML build after a LaTeX build found the environment changed and read every page again.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def output_folder(work: Path, builder: str) -> Path:
    return work / "_build" / builder


def doctree_folder(work: Path, builder: str) -> Path:
    return work / "_build" / f".doctrees-{builder}"


def run(source: Path, work: Path, builder: str, jobs: int) -> int:
    # Imported here: `--help` and the build script's checks do not pay for Sphinx.
    from jupyter_book.sphinx import build_sphinx
    from sphinx.errors import SphinxParallelError

    if builder == "html":
        # Sphinx keeps the search index of the last build and updates it for the pages it
        # writes again: the words of an earlier build stay (with no page), and the
        # glossary's index entries are lost (kept on the environment after it was saved).
        # Every page is written (only changed ones are read) and the index made anew:
        # an incremental build gives a fresh build's bytes.
        output_folder(work, builder).joinpath("searchindex.js").unlink(missing_ok=True)

    # jupyter-cache makes its database on first use, unguarded: on a cold cache, the
    # processes that read chapters side by side raced, one finding the file before its
    # tables existed ("no such table: nbcache"). Made here, once, before they start.
    from jupyter_cache.cache.db import create_db

    cache = output_folder(work, builder).parent / ".jupyter_cache"
    cache.mkdir(parents=True, exist_ok=True)
    create_db(cache).dispose()

    def build(jobs: int):
        return build_sphinx(
            str(source),
            str(output_folder(work, builder)),
            use_external_toc=True,
            noconfig=True,
            path_config=str(source / "_config.yml"),
            confoverrides={
                "external_toc_path": (source / "_toc.yml").as_posix(),
                "latex_individualpages": False,
                "nitpicky": True,  # -n
            },
            doctreedir=str(doctree_folder(work, builder)),
            builder=builder,
            warningiserror=True,  # -W
            keep_going=True,  # --keep-going
            jobs=jobs,
            force_all=builder == "html",  # -a: write every page (see above)
        )

    result = build(jobs)
    if isinstance(result, SphinxParallelError) and jobs > 1:
        # A worker's failure arrives without the cell's error: the chapters that worked
        # are cached now, and one process reads the failing one again to say why.
        print("A chapter failed in a worker process; once more in one process:", file=sys.stderr)
        result = build(1)
    if isinstance(result, Exception):
        print(f"{type(result).__name__}: {result}", file=sys.stderr)
        return 1
    return int(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--builder", choices=("html", "latex"), required=True)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    return run(args.source.resolve(), args.work.resolve(), args.builder, args.jobs)


if __name__ == "__main__":
    sys.exit(main())
