"""Chart functions: each returns a figure with the expected title, axes and marks, in style."""

from __future__ import annotations

import io

import matplotlib as mpl
import pytest
from matplotlib.collections import PathCollection
from matplotlib.patches import FancyBboxPatch, Rectangle

from bao_cao import charts
from bao_cao.data import load_table


@pytest.fixture(scope="module")
def tables():
    names = (
        "indicators", "vaccination_age_groups", "commendations", "documents", "events",
        "actors", "sections", "ninh_thuan_covid_daily",
    )  # fmt: skip
    return {name: load_table(name) for name in names}


def bars(axes) -> list[Rectangle]:
    return [patch for patch in axes.patches if isinstance(patch, Rectangle)]


def texts(figure) -> str:
    return " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))


def test_vaccination_coverage(tables):
    figure = charts.vaccination_coverage(tables["indicators"], tables["vaccination_age_groups"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "Tiêm vắc xin phòng COVID-19"
    assert [round(b.get_width(), 2) for b in bars(axes)] == [100, 62.31]
    assert "62,31%" in texts(figure) and "Mục tiêu 100%" in texts(figure)
    assert "đủ 5 tuổi đến dưới 12 tuổi" in texts(figure)
    assert "Nguồn:" in texts(figure)
    assert axes.xaxis.get_major_formatter()(62.31, 0) == "62,31%"


def test_commendations(tables):
    figure = charts.commendations_chart(tables["commendations"], tables["indicators"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "Khen thưởng trong phong trào thi đua"
    assert [b.get_width() for b in bars(axes)] == [5, 5, 40]
    assert len(axes.get_legend().get_texts()) == 2  # two places of service


def test_documents_timeline_draws_every_dated_document(tables):
    figure = charts.documents_timeline(tables["documents"], tables["events"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "Văn bản báo cáo viện dẫn, theo ngày ban hành"
    points = sum(len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection))
    assert points == tables["documents"]["date"].notna().sum()
    assert len(axes.get_lines()) == len(tables["events"])  # one line per milestone
    assert len(axes.get_yticklabels()) == points


def test_actors_by_section_marks_every_mention(tables):
    figure = charts.actors_by_section(tables["actors"], tables["sections"])
    axes = figure.axes[0]
    expected = sum(len(s.split(";")) for s in tables["actors"]["sections"])
    assert len(axes.collections[0].get_offsets()) == expected
    assert len(axes.get_yticklabels()) == len(tables["actors"])


def test_epidemic_weekly(tables):
    figure = charts.epidemic_weekly(tables["ninh_thuan_covid_daily"], tables["documents"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "COVID-19 tại Ninh Thuận: ca mắc và tử vong mới theo tuần"
    weeks = len(bars(axes))
    assert 55 <= weeks <= 58  # 2021-01-01 to 2022-01-31, weekly
    daily = tables["ninh_thuan_covid_daily"].set_index("date")["new_cases"]
    assert sum(b.get_height() for b in bars(axes)) == daily["2021-01-01":"2022-01-31"].sum()
    assert "không thuộc báo cáo" in texts(figure)
    assert len(figure.axes) == 2  # cases and deaths on their own scales


def test_key_figures_keep_qualifiers(tables):
    ids = ["tiem-nhac-lai", "van-ban-ubnd-tinh", "cuoc-hop", "von-vay"]
    figure = charts.key_figures(tables["indicators"], ids)
    cards = [p for p in figure.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(cards) == 4
    shown = texts(figure)
    assert "62,31%" in shown
    assert "≥ 240" in shown  # "trên 240" is more than 240, drawn as a lower bound
    assert "hàng trăm" in shown  # an order of magnitude stays words, never a number
    assert "16 tỷ đồng" in shown


def test_svg_keeps_text_as_text_in_the_book_font(tables):
    figure = charts.vaccination_coverage(tables["indicators"], tables["vaccination_age_groups"])
    buffer = io.StringIO()
    with mpl.rc_context(charts.STYLE):  # as figures.use_book_output() sets it in the kernel
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    assert "<text" in svg and "Tiêm nhắc lại" in svg
    assert "Noto Sans" in svg


def test_every_colour_comes_from_the_palette(tables):
    figure = charts.commendations_chart(tables["commendations"], tables["indicators"])
    colours = {
        "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in b.get_facecolor()[:3]))
        for b in bars(figure.axes[0])
    }
    assert colours <= {c.lower() for c in charts.PALETTE}
