"""What a second build, a file saved mid-build or a stopped build can do to the site: nothing.
And the same inputs give the same bytes, built fresh or on top of an earlier build."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bao_cao.data.record import REPO_ROOT
from bao_cao.site import build as build_module
from bao_cao.site.build import BuildError, build, staging_folder
from bao_cao.site.lock import LOCK, build_lock
from bao_cao.site.stamp import NOTHING_TO_DO, source_date_epoch

from conftest import SOURCES_BEFORE, build_html, source_digests, tree_digest

DAILY = "data/supplementary/ninh-thuan-covid-daily.csv"


def test_a_file_saved_while_the_build_runs_is_named_and_nothing_is_published(book, monkeypatch):
    """Saved after validation, before publishing: -5000 cases never reach the site."""
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    started = build_module.jupyter_book

    def save_during_the_build(source, builder, log):
        book.edit(DAILY, "2021-11-15,", "2021-11-15,-5000")  # as Excel saves, mid-build
        return started(source, builder, log)

    monkeypatch.setattr(build_module, "jupyter_book", save_during_the_build)
    book.edit(DAILY, "2021-11-16,", "2021-11-16,1")  # a valid change: the build has work
    with pytest.raises(BuildError) as failure:
        build(book.source, pdf=False)
    message = str(failure.value)
    assert "changed while the build was running" in message
    assert "data/supplementary/ninh-thuan-covid-daily.csv" in message
    assert "Nothing was published" in message
    assert tree_digest(site) == before
    assert not staging_folder(book.source).exists()
    # The next build validates what is now there, and refuses it.
    result = build_html(book.source)
    assert result.returncode == 1
    assert "-5000" in result.stderr
    assert tree_digest(site) == before


def test_a_second_build_in_the_same_folder_says_one_is_running(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from bao_cao.site.lock import build_lock\n"
         "with build_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)",
         str(tmp_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        begun = time.monotonic()
        result = build_html(tmp_path)
        assert time.monotonic() - begun < 10  # said at once, nothing built
        assert result.returncode == 1
        assert f"another build of this book is running (process {holder.pid}, started " in (
            result.stderr
        )
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "_build" / "logs").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_killed_build_is_taken_over_and_said(tmp_path):
    lock = tmp_path / LOCK
    lock.parent.mkdir(parents=True)
    lock.write_text(json.dumps({"pid": 999999, "started": "2026-11-30T09:00:00+07:00"}))
    notes: list[str] = []
    with build_lock(tmp_path, notes):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert notes == [
        "note: the last build (process 999999, started 2026-11-30T09:00:00+07:00) was stopped "
        "before it finished; its half-made files are not used"
    ]
    assert lock.read_text() == ""  # a build that ended leaves no holder
    with build_lock(tmp_path, notes):
        pass
    assert len(notes) == 1


def test_a_build_stopped_with_kill_leaves_no_staging_folder_no_process_and_the_site(book):
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    book.edit(DAILY, "2021-11-15,", "2021-11-15,1")  # work for the build to do
    command = [sys.executable, "-m", "bao_cao.site.build", "--source", str(book.source), "--no-pdf"]
    environment = {**os.environ, **build_module.book_environment(book.source)}
    running = subprocess.Popen(command, cwd=book.source, env=environment, stderr=subprocess.PIPE,
                               text=True)  # fmt: skip
    log = book.source / "_build" / "logs" / "html.log"
    earlier = log.stat().st_mtime_ns
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and log.stat().st_mtime_ns == earlier:
        time.sleep(0.2)  # until jupyter-book is under way and writing its log
    time.sleep(1)
    running.send_signal(signal.SIGTERM)
    _, stderr = running.communicate(timeout=60)
    assert running.returncode == 130, stderr
    assert "Build stopped; the site in _build/html is unchanged." in stderr
    assert not staging_folder(book.source).exists()
    assert tree_digest(site) == before
    time.sleep(0.5)
    left = [
        p.info["cmdline"]
        for p in psutil.process_iter(["cmdline", "cwd"])
        if p.info["cwd"] and Path(p.info["cwd"]).is_relative_to(book.source)
    ]
    assert left == []
    # The next build is not locked out: with the edit undone it takes the lock, finds the
    # inputs of the last good build and has nothing to do (the stopped one recorded none).
    book.edit(DAILY, "2021-11-15,1", "2021-11-15,")
    after = build_html(book.source)
    assert after.returncode == 0, after.stderr
    assert NOTHING_TO_DO in after.stderr, after.stderr


@pytest.mark.tex
def test_the_pdf_is_dated_by_the_build_day_not_the_second_it_was_written(built_book):
    from pypdf import PdfReader

    created = PdfReader(built_book.pdf).metadata["/CreationDate"]
    day = time.strftime("%Y%m%d%H%M%S", time.gmtime(source_date_epoch()))
    assert created.startswith(f"D:{day}")


def test_a_failing_chapter_cell_is_said_in_one_line_and_leaves_the_site_as_it_was(book):
    site = book.source / "_build" / "html"
    before = tree_digest(site)
    book.edit("book/muc-iv.md", "figures.commendations()", "figures.commendation()")
    result = build_html(book.source)
    assert result.returncode == 1
    assert "Build failed; the site in _build/html is unchanged." in result.stderr
    assert tree_digest(site) == before
    chapter = (book.source / "book" / "muc-iv.md").read_text(encoding="utf-8")
    line = chapter[: chapter.index("figures.commendation()")].rfind("```{code-cell}")
    line = chapter[:line].count("\n") + 1
    assert (
        f"book/muc-iv.md, code cell 1 (line {line}): AttributeError: module 'bao_cao.figures' "
        "has no attribute 'commendation'" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert "Full log (with the traceback): " in result.stderr
    assert "_build/logs/html.log" in result.stderr


def test_a_malformed_source_date_epoch_is_said_not_raised(tmp_path):
    result = build_html(tmp_path, SOURCE_DATE_EPOCH="2026-12-14")
    assert result.returncode == 1
    assert "Build not started: SOURCE_DATE_EPOCH='2026-12-14' is not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_leaves_the_sources_as_git_has_them(built_book):
    """A build writes into _build/ only, or into files git ignores (the catalogues' .mo):
    the first build of a fresh clone left `git status` dirty (a tracked .mo rewritten)."""
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    before = json.loads((built_book.source.parent / SOURCES_BEFORE).read_text())
    written = [
        name
        for name, digest in source_digests(built_book.source).items()
        # A .mo is written by every build, whatever the copy had.
        if before.get(name) != digest or name.endswith(".mo")
    ]
    assert any(name.endswith(".mo") for name in written)  # the catalogues were compiled
    ignored = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "check-ignore", "--no-index", "--stdin"],
        input="\n".join(written),
        capture_output=True,
        text=True,
    ).stdout.split()
    assert sorted(set(written) - set(ignored)) == []
