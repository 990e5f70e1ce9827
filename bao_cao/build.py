"""Build the book: validate data/, HTML into _build/html, the PDF, and the PDF into the site.

The data are validated first: a bad table stops the build before anything is written.
One code path for the build command, the Makefile and the tests. Builds are strict
(`-n -W --keep-going`): a warning, a broken reference or a failing cell fails the build.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from bao_cao.addresses import MANIFEST, missing_addresses
from bao_cao.record import REPO_ROOT
from bao_cao.validate import validate

# The name under which the whole-book PDF is published in the site (linked from every page).
SITE_PDF_NAME = "bao-cao.pdf"
STRICT = ["-n", "-W", "--keep-going"]


class BuildError(RuntimeError):
    """A build step failed; the message says which step and where its full log is."""


def _run(step: str, command: list[str], cwd: Path, log: Path) -> None:
    with log.open("w", encoding="utf-8") as handle:
        result = subprocess.run(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        raise BuildError(
            f"{step} failed (exit {result.returncode}); full log: {log}\n" + "\n".join(tail)
        )


def jupyter_book(source: Path, builder: str, log: Path) -> None:
    """Run one strict jupyter-book builder on the book at `source`."""
    executable = Path(sys.executable).with_name("jupyter-book")
    command = [str(executable), "build", str(source), "--builder", builder, *STRICT]
    _run(f"jupyter-book {builder}", command, source, log)


def latex_to_pdf(latex_dir: Path, log: Path) -> Path:
    """Typeset book.tex with XeLaTeX via latexmk, from clean auxiliary files."""
    # Stale .aux files from an earlier language or structure can break the first run.
    for stale in latex_dir.glob("book.*"):
        if stale.suffix not in (".tex",):
            stale.unlink()
    command = ["latexmk", "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "book.tex"]
    _run("XeLaTeX", command, latex_dir, log)
    return latex_dir / "book.pdf"


def build(source: Path, pdf: bool = True) -> Path:
    """Build the site (and the PDF) for the book at `source`; return the HTML folder."""
    problems = validate(source / "data")
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise BuildError(f"data validation found {len(problems)} problem(s):\n{listing}")
    build_dir = source / "_build"
    logs = build_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    jupyter_book(source, "html", logs / "html.log")
    html_dir = build_dir / "html"
    missing = missing_addresses(html_dir, source / MANIFEST.name)
    if missing:
        listing = "\n".join(f"  {address}" for address in missing[:40])
        raise BuildError(
            f"{len(missing)} published address(es) are no longer served; add a redirect "
            f"(_config.yml, sphinx.config.redirects) for a renamed page:\n{listing}"
        )
    if pdf:
        jupyter_book(source, "latex", logs / "latex.log")
        book_pdf = latex_to_pdf(build_dir / "latex", logs / "xelatex.log")
        shutil.copyfile(book_pdf, html_dir / SITE_PDF_NAME)
    return html_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO_ROOT, help="the book's folder")
    parser.add_argument("--no-pdf", action="store_true", help="build the HTML only")
    args = parser.parse_args(argv)
    try:
        html_dir = build(args.source.resolve(), pdf=not args.no_pdf)
    except BuildError as error:
        print(f"Build failed: {error}", file=sys.stderr)
        return 1
    print(f"Site: {html_dir}/index.html")
    if not args.no_pdf:
        print(f"PDF:  {html_dir / SITE_PDF_NAME} (also {args.source}/_build/latex/book.pdf)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
