"""Chart functions: each returns a figure with the expected title, axes and marks, in style."""

from __future__ import annotations

import io
import itertools

import matplotlib as mpl
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.text import Annotation

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
    assert len(figure.legends[0].get_texts()) == 2  # two places of service


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
    # "trên 240" is more than 240: "≥ 240" (at least) said more than the report.
    assert "trên 240" in shown and "≥" not in shown
    assert "hàng trăm" in shown  # an order of magnitude stays words, never a number
    # The report writes "16 tỷ" and names no unit: the panel does not add "đồng".
    assert "16 tỷ" in shown and "đồng" not in shown


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


def every_chart(tables, layout):
    """Every chart of the book, drawn in `layout`."""
    return {
        "key_figures": charts.key_figures(
            tables["indicators"], ["tiem-tu-2-mui", "tiem-nhac-lai", "van-ban-ubnd-tinh"], layout
        ),
        "vaccination": charts.vaccination_coverage(
            tables["indicators"], tables["vaccination_age_groups"], layout
        ),
        "commendations": charts.commendations_chart(
            tables["commendations"], tables["indicators"], layout
        ),
        "timeline": charts.documents_timeline(tables["documents"], tables["events"], layout),
        "actors": charts.actors_by_section(tables["actors"], tables["sections"], layout),
        "epidemic": charts.epidemic_weekly(
            tables["ninh_thuan_covid_daily"], tables["documents"], layout=layout
        ),
    }


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_no_chart_text_is_smaller_than_its_layout_allows(tables, layout):
    """At 375 px the wide drawings' text was 5.5–7 px; a phone's drawing has none under
    8.5 pt (11.3 px where it is shown 327 px wide)."""
    for name, figure in every_chart(tables, layout).items():
        assert figure.get_figwidth() == layout.width
        sizes = {
            text.get_text(): text.get_fontsize()
            for text in figure.findobj(mpl.text.Text)
            if text.get_text().strip()
        }
        small = {text: size for text, size in sizes.items() if size < layout.smallest}
        assert small == {}, name


def drawn_boxes(figure, artists):
    renderer = FigureCanvasAgg(figure).get_renderer()
    figure.draw(renderer)
    return renderer, [artist.get_window_extent(renderer) for artist in artists]


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("chart", ["timeline", "epidemic"])
def test_numbered_marks_stand_apart_above_the_data(tables, layout, chart):
    """Hình 7's "9" hid behind the deaths line and 2–7 crowded; Hình 2's "6" sat on a
    document's dot and 1, 3, 5 on the last row."""
    figure = every_chart(tables, layout)[chart]
    marks = [a for axes in figure.axes for a in axes.texts if isinstance(a, Annotation)]
    assert [m.get_text() for m in marks] == [str(n) for n in range(1, len(marks) + 1)]
    # The numbers' circles (an annotation's own extent includes its line to the date).
    _, boxes = drawn_boxes(figure, [mark.get_bbox_patch() for mark in marks])
    plot_top = max(axes.get_window_extent().y1 for axes in figure.axes)
    assert all(box.y0 >= plot_top for box in boxes)  # above the plot: never on the data
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    # On the topmost axes, so that no line of the chart is drawn over them.
    assert all(mark.axes is figure.axes[-1] for mark in marks)


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_legends_and_footers_do_not_cover_the_chart_or_each_other(tables, layout):
    for name, figure in every_chart(tables, layout).items():
        legends = [legend for legend in [*figure.legends] if legend]
        footer, _ = figure.footer
        renderer, boxes = drawn_boxes(figure, [footer, *legends])
        plot = figure.axes[0].get_tightbbox(renderer)
        for box in boxes:
            assert not box.overlaps(plot), name
        for first, second in itertools.combinations(boxes, 2):
            assert not first.overlaps(second), name


def test_legend_labels_are_capitalised_alike(tables):
    """The levels' legend read "Bộ ngành" but "tỉnh"."""
    for figure in every_chart(tables, charts.WIDE).values():
        for legend in [*figure.legends, *(a.get_legend() for a in figure.axes)]:
            if legend:
                labels = [text.get_text() for text in legend.get_texts()]
                assert all(label[:1] == label[:1].upper() for label in labels), labels


def test_a_chart_renders_both_drawings_the_same_every_time(tables):
    chart = charts.Chart(
        lambda layout: charts.commendations_chart(
            tables["commendations"], tables["indicators"], layout
        )
    )
    first, second = chart._repr_mimebundle_(), chart._repr_mimebundle_()
    assert first == second
    drawings = first[charts.Chart.MIME]
    assert 'width="' in drawings["phone"] and drawings["phone"] != drawings["wide"]
    assert first["image/svg+xml"] == drawings["wide"]
    assert first["application/pdf"]
