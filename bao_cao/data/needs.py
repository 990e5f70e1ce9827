"""The rows each figure of the book cannot do without, by figure: the functions of
bao_cao.figures that chapters call. The validator refuses data that lacks them, naming
the figure, before any chapter runs (book_rules); figures.py takes its row lists from
here; tests/test_figures.py checks that every figure a chapter calls has its entry and
every entry its function. Here, in the data layer, so that validating needs no charts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Need:
    """Rows of a table that a figure cannot do without: the rows whose `key` column holds
    each of `rows`, and at least `at_least` rows in all."""

    table: str
    key: str | None = None
    rows: tuple[str, ...] = ()
    at_least: int = 1


# The front page's key figures, in the order the panel shows them.
KEY_FIGURES = (
    "tiem-tu-2-mui",
    "tiem-nhac-lai",
    "van-ban-ubnd-tinh",
    "vong-kiem-soat",
    "von-vay",
    "cuoc-hop",
)
# The two vaccination rates of II.1, drawn on II.6.
VACCINATION = ("tiem-tu-2-mui", "tiem-nhac-lai")

FIGURES: dict[str, tuple[Need, ...]] = {
    "key_figures": (Need("indicators", "indicator_id", KEY_FIGURES),),
    "vaccination": (Need("indicators", "indicator_id", VACCINATION),),
    "commendations": (Need("commendations"),),
    "documents_timeline": (Need("documents"), Need("events")),
    "actors": (Need("actors"),),
    # A week's bar needs its seven days.
    "epidemic": (Need("ninh_thuan_covid_daily", at_least=7),),
}
