"""The inputs' hash that lets a build with nothing to do return at once."""

from __future__ import annotations

import shutil

from bao_cao.data.record import REPO_ROOT
from bao_cao.site import stamp


def small_book(tmp_path):
    source = tmp_path / "book"
    for relative in ("data/events.csv", "book/index.md", "_config.yml", "bao_cao/fmt.py"):
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / relative, source / relative)
    (source / "_build" / "html").mkdir(parents=True)
    (source / "_build" / "html" / "index.html").write_text("<html></html>", encoding="utf-8")
    return source


def test_the_inputs_are_the_books_sources_not_its_outputs_tests_or_caches(tmp_path):
    source = small_book(tmp_path)
    for relative in ("tests/test_x.py", "benchmarks/b.py", "_build/work/x", ".git/HEAD",
                     "bao_cao/__pycache__/fmt.pyc", ".venv/bin/python",
                     ".hypothesis/examples/x", "data/.~lock.events.csv#",
                     "data/~$events.csv", "book/index.md~", "book/#index.md#",
                     "book/_locales/vi/LC_MESSAGES/sphinx.mo"):  # fmt: skip
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text("x", encoding="utf-8")
    names = {p.relative_to(source).as_posix() for p in stamp.input_files(source)}
    assert names == {"data/events.csv", "book/index.md", "_config.yml", "bao_cao/fmt.py"}


def test_a_build_is_current_only_for_the_same_inputs_and_what_it_made(tmp_path):
    source = small_book(tmp_path)
    assert not stamp.up_to_date(source, pdf=False)  # never built
    stamp.record(source, pdf=False, digest=stamp.inputs_hash(source))
    assert stamp.up_to_date(source, pdf=False)
    assert not stamp.up_to_date(source, pdf=True)  # the last build made no PDF
    events = source / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not stamp.up_to_date(source, pdf=False)  # one byte of one input
    stamp.record(source, pdf=True, digest=stamp.inputs_hash(source))
    assert not stamp.up_to_date(source, pdf=True)  # the PDF it says it made is not there
    (source / "_build" / "html" / "bao-cao.pdf").write_bytes(b"%PDF")
    assert stamp.up_to_date(source, pdf=True)
    assert stamp.up_to_date(source, pdf=False)
    (source / "_build" / "html" / "index.html").unlink()
    assert not stamp.up_to_date(source, pdf=False)  # the site is gone


def test_the_command_says_whether_a_build_is_needed(tmp_path, capsys):
    source = small_book(tmp_path)
    assert stamp.main(["--source", str(source), "--no-pdf"]) == 1
    stamp.record(source, pdf=False, digest=stamp.inputs_hash(source))
    assert stamp.main(["--source", str(source), "--no-pdf"]) == 0
    assert stamp.NOTHING_TO_DO in capsys.readouterr().out
