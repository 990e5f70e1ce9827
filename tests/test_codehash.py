"""What the execution cache and Sphinx's re-reading key on: the code that shapes pages."""

from __future__ import annotations

from bao_cao.codehash import PACKAGE_ROOT, closure, imported_modules
from bao_cao.sphinxext.execution import cell_code


def names(paths) -> set[str]:
    return {path.relative_to(PACKAGE_ROOT).as_posix() for path in paths}


def test_a_chapter_depends_on_what_its_cells_import_and_nothing_else():
    source = (
        "```{code-cell} ipython3\n:tags: [remove-input]\n"
        "from bao_cao import figures\n\nfigures.vaccination()\n```\n"
    )
    files = names(closure(imported_modules(cell_code(source))))
    assert {"figures.py", "charts.py", "fmt.py", "data/reading.py", "data/__init__.py"} <= files
    assert not {name for name in files if name.startswith(("site/", "sphinxext/"))}


def test_the_extensions_do_not_depend_on_the_build_or_the_publisher():
    modules = [f"bao_cao.sphinxext.{p.stem}" for p in (PACKAGE_ROOT / "sphinxext").glob("*.py")]
    files = names(closure(modules))
    assert "sphinxext/paragraphs.py" in files
    assert "site/citation.py" in files
    assert not {"site/build.py", "site/publish.py", "site/addresses.py"} & files


def test_imports_are_read_not_run():
    assert imported_modules("import os\nfrom bao_cao.data import load_table\n") == {
        "bao_cao.data",
        "bao_cao.data.load_table",
    }
    assert imported_modules("this is not python (") == set()
