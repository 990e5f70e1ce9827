"""What a chapter's cached execution is keyed on, besides its code cells."""

from __future__ import annotations

import shutil

from bao_cao.data.record import REPO_ROOT
from bao_cao.sphinxext.execution import declared_folder, dependency_hash

CHAPTER = """---
data_folder: data/copy-2
data_reads: [ninh_thuan_covid_daily]
---
# Phụ lục

```{code-cell} ipython3
from bao_cao import figures
figures.epidemic()
```
"""


def test_a_chapter_reading_its_own_data_folder_is_keyed_on_that_folder(tmp_path):
    """benchmarks/growth.py's copies: a value changed in one copy's data changes that
    chapter's key only (and the book's own data/ is not what it reads)."""
    copy = tmp_path / "data" / "copy-2"
    shutil.copytree(REPO_ROOT / "data", copy)
    assert declared_folder(CHAPTER) == "data/copy-2"
    reads = ["ninh_thuan_covid_daily"]
    before = dependency_hash(copy, reads, CHAPTER, REPO_ROOT)
    assert before == dependency_hash(REPO_ROOT / "data", reads, CHAPTER, REPO_ROOT)
    daily = copy / "supplementary" / "ninh-thuan-covid-daily.csv"
    daily.write_text(daily.read_text(encoding="utf-8").replace("2021-11-15,", "2021-11-15,1"))
    assert dependency_hash(copy, reads, CHAPTER, REPO_ROOT) != before
    assert dependency_hash(REPO_ROOT / "data", reads, CHAPTER, REPO_ROOT) == before
    assert declared_folder(CHAPTER.replace("data_folder: data/copy-2\n", "")) is None
