"""Chart functions: each returns a figure with the expected title, axes and marks, in style."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import weakref

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
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
    """Every text of the figure, wrapped lines joined."""
    shown = " ".join(t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text")))
    return " ".join(shown.split())


def test_vaccination_coverage_keeps_each_rate_on_its_own_base(tables):
    figure = charts.vaccination_coverage(tables["indicators"])
    assert figure.get_suptitle().startswith("Hai tỷ lệ tiêm vắc xin phòng COVID-19")
    # Two panels, one bar each: the rates have different bases and share no axis.
    assert [[round(b.get_width(), 2) for b in bars(axes)] for axes in figure.axes] == [
        [100],
        [62.31],
    ]
    shown = texts(figure)
    assert "62,31%" in shown
    assert "(có chỉ định tiêm vắc xin COVID-19)" in shown
    assert "không nêu tỷ lệ này tính trên tổng số nào" in shown
    # No target the report does not state, and no age groups that are not the base.
    assert "Mục tiêu" not in shown
    assert "đủ 5 tuổi" not in shown
    assert not any(line.get_linestyle() == "--" for a in figure.axes for line in a.get_lines())
    assert "biểu đồ: ấn bản điện tử" in shown
    assert figure.axes[1].xaxis.get_major_formatter()(62.31, 0) == "62,31%"


def test_commendations(tables):
    figure = charts.commendations_chart(tables["commendations"], tables["indicators"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "Khen thưởng trong phong trào thi đua"
    assert [b.get_width() for b in bars(axes)] == [5, 5, 40]
    assert len(figure.legends[0].get_texts()) == 2  # two places of service
    # The report names no form for the 5 + 5: "khen thưởng" is not shown as one.
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[:2] == [
        "Khen thưởng: tập thể\n(không nêu hình thức)",
        "Khen thưởng: cá nhân\n(không nêu hình thức)",
    ]
    assert labels[2] == "Bằng khen: cá nhân"


def test_documents_timeline_draws_every_dated_document(tables):
    figure = charts.documents_timeline(tables["documents"], tables["events"])
    axes = figure.axes[0]
    assert figure.get_suptitle() == "Văn bản báo cáo viện dẫn, theo ngày ban hành"
    points = sum(len(c.get_offsets()) for c in axes.collections if isinstance(c, PathCollection))
    assert points == tables["documents"]["date"].notna().sum()
    events = tables["events"]
    # A day is a line; a month the report names without a day is a band, not a day.
    assert len(axes.get_lines()) == (events["date_precision"] == "day").sum()
    bands = [p for p in axes.patches if isinstance(p, Rectangle) and p.get_width() > 20]
    assert len(bands) == (events["date_precision"] == "month").sum()
    assert len(axes.get_yticklabels()) == points
    # Dates from outside the report and the edition's reading are said so, from the data.
    shown = texts(figure)
    assert "68/NQ-CP và 23/2021/QĐ-TTg (điểm rỗng) theo tài liệu tham khảo" in shown
    assert "86/NQ-CP (“06/82021”) (hình thoi) là cách ấn bản đọc" in shown


def test_actors_by_section_marks_every_mention(tables):
    figure = charts.actors_by_section(tables["actors"], tables["sections"])
    axes = figure.axes[0]
    expected = sum(len(s.split(";")) for s in tables["actors"]["sections"])
    assert len(axes.collections[0].get_offsets()) == expected
    assert len(axes.get_yticklabels()) == len(tables["actors"])


def test_epidemic_weekly(tables):
    figure = charts.epidemic_weekly(tables["ninh_thuan_covid_daily"], tables["documents"])
    cases, deaths = figure.axes
    assert figure.get_suptitle() == "COVID-19 tại Ninh Thuận: ca mắc và tử vong mới theo tuần"
    # Whole weeks only, Monday to Sunday, from 2021 to the series' last whole week (a
    # week the series ends inside is not drawn as a fall).
    daily = tables["ninh_thuan_covid_daily"].set_index("date").sort_index()
    first = pd.Timestamp("2021-01-01")
    first += pd.Timedelta(days=(7 - first.weekday()) % 7)
    last_sunday = daily.index.max() - pd.Timedelta(days=(daily.index.max().weekday() + 1) % 7)
    # A spike day's cases are hatched over the top of its week's bar (not added to it).
    hatched = [b for b in bars(cases) if b.get_hatch()]
    weeks = [b for b in bars(cases) if not b.get_hatch()]
    spikes = charts.reporting_spikes(tables["ninh_thuan_covid_daily"])
    spikes = spikes[(spikes.index >= first) & (spikes.index <= last_sunday)]
    assert sorted(b.get_height() for b in hatched) == sorted(spikes["new_cases"])
    starts = sorted(mpl.dates.num2date(b.get_x()).date() for b in weeks)
    assert starts[0] == first.date()
    assert starts[-1] == (last_sunday - pd.Timedelta(days=6)).date()
    assert all(b.get_width() == 7 for b in bars(cases))  # a bar spans its week
    assert all(s.weekday() == 0 for s in starts)
    assert sum(b.get_height() for b in weeks) == daily.loc[first:last_sunday, "new_cases"].sum()
    assert (
        sum(b.get_height() for b in bars(deaths))
        == daily.loc[first:last_sunday, "new_deaths"].sum()
    )
    # Each count from zero on its own axes: no twin axes, no deaths axis below zero.
    assert cases.get_ylim()[0] == 0
    assert deaths.get_ylim()[0] == 0
    shown = texts(figure)
    assert "không thuộc báo cáo" in shown
    # Every central directive of the period, with a number or without; dates not the
    # report's are said so and drawn dashed.
    assert "Công điện (21/07/2021)" in shown
    assert "Lời kêu gọi (29/07/2021)" in shown
    assert "68/NQ-CP (01/07/2021, theo tài liệu tham khảo)" in shown
    dashed = [line for line in cases.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 3  # 68/NQ-CP, 23/2021/QĐ-TTg (reference), 86/NQ-CP (reading)


def test_key_figures_keep_qualifiers(tables):
    ids = ["tiem-nhac-lai", "van-ban-ubnd-tinh", "cuoc-hop", "von-vay"]
    figure = charts.key_figures(tables["indicators"], ids)
    cards = [p for p in figure.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(cards) == 4
    shown = texts(figure)
    assert "62,31%" in shown
    # "trên 240" is more than 240: "≥ 240" (at least) said more than the report.
    assert "trên 240" in shown
    assert "≥" not in shown
    assert "hàng trăm" in shown  # an order of magnitude stays words, never a number
    # The report writes "16 tỷ" and names no unit: the panel does not add "đồng".
    assert "16 tỷ" in shown
    assert "đồng" not in shown


def test_svg_keeps_text_as_text_in_the_book_font(tables):
    figure = charts.vaccination_coverage(tables["indicators"])
    buffer = io.StringIO()
    with mpl.rc_context(charts.STYLE):  # as figures.use_book_output() sets it in the kernel
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    assert "<text" in svg
    assert "Được tiêm nhắc lại" in svg
    assert "Noto Sans" in svg


def test_every_colour_comes_from_the_palette(tables):
    figure = charts.commendations_chart(tables["commendations"], tables["indicators"])
    colours = {
        "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in b.get_facecolor()[:3]))
        for b in bars(figure.axes[0])
    }
    assert colours <= {c.lower() for c in charts.PALETTE}


@pytest.fixture(scope="module")
def drawn(tables):
    """Every chart of the book in a layout, drawn once for all the tests that only look."""
    cache = {}

    def charts_in(layout):
        if layout.name not in cache:
            cache[layout.name] = every_chart(tables, layout)
        return cache[layout.name]

    return charts_in


def every_chart(tables, layout):
    """Every chart of the book, drawn in `layout`."""
    return {
        "key_figures": charts.key_figures(
            tables["indicators"], ["tiem-tu-2-mui", "tiem-nhac-lai", "van-ban-ubnd-tinh"], layout
        ),
        "vaccination": charts.vaccination_coverage(tables["indicators"], layout),
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
def test_no_chart_text_is_smaller_than_its_layout_allows(drawn, layout):
    """At 375 px the wide drawings' text was 5.5–7 px; a phone's drawing has none under
    8.5 pt (11.3 px where it is shown 327 px wide)."""
    for name, figure in drawn(layout).items():
        assert figure.get_figwidth() == layout.width
        sizes = {
            text.get_text(): text.get_fontsize()
            for text in figure.findobj(mpl.text.Text)
            if text.get_text().strip()
        }
        small = {text: size for text, size in sizes.items() if size < layout.smallest}
        assert small == {}, name


_RENDERERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def drawn_boxes(figure, artists):
    """The artists' boxes as drawn (each shared figure is drawn once, not once a test)."""
    if figure not in _RENDERERS:
        renderer = FigureCanvasAgg(figure).get_renderer()
        figure.draw(renderer)
        _RENDERERS[figure] = renderer
    renderer = _RENDERERS[figure]
    return renderer, [artist.get_window_extent(renderer) for artist in artists]


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("chart", ["timeline", "epidemic"])
def test_numbered_marks_stand_apart_above_the_data(drawn, layout, chart):
    """Hình 7's "9" hid behind the deaths line and 2–7 crowded; Hình 2's "6" sat on a
    document's dot and 1, 3, 5 on the last row."""
    figure = drawn(layout)[chart]
    marks = [a for axes in figure.axes for a in axes.texts if isinstance(a, Annotation)]
    assert [m.get_text() for m in marks] == [str(n) for n in range(1, len(marks) + 1)]
    # The numbers' circles (an annotation's own extent includes its line to the date).
    _, boxes = drawn_boxes(figure, [mark.get_bbox_patch() for mark in marks])
    plot_top = max(axes.get_window_extent().y1 for axes in figure.axes)
    assert all(box.y0 >= plot_top for box in boxes)  # above the plot: never on the data
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    # On the top plot's own axes (the topmost one where axes overlap), so that no line of
    # the chart is drawn over them.
    top = max(figure.axes, key=lambda axes: (axes.get_position().y1, figure.axes.index(axes)))
    assert all(mark.axes is top for mark in marks)


@pytest.mark.parametrize("layout", charts.LAYOUTS, ids=lambda layout: layout.name)
def test_legends_and_footers_do_not_cover_the_chart_or_each_other(drawn, layout):
    for name, figure in drawn(layout).items():
        legends = [legend for legend in [*figure.legends] if legend]
        renderer, boxes = drawn_boxes(figure, [figure.footer, *legends])
        plot = figure.axes[0].get_tightbbox(renderer)
        for box in boxes:
            assert not box.overlaps(plot), name
        for first, second in itertools.combinations(boxes, 2):
            assert not first.overlaps(second), name


@pytest.mark.parametrize("where", ["outside lower left", "outside upper left"])
def test_matplotlibs_own_layout_would_cover_the_footer_or_the_title(where):
    """Why charts.BookFigure lays out its legend and footer bands by hand: constrained
    layout puts a figure legend "outside" over the footer (supxlabel) or the title
    (suptitle). The day this fails, matplotlib can do it: use its layout instead."""
    with mpl.rc_context(fname=charts.STYLE_FILE):
        figure = Figure(figsize=(charts.PHONE.width, 3), layout="constrained")
        axes = figure.add_subplot()
        axes.plot([1, 2], [1, 2], label="Một đường")
        axes.plot([1, 2], [2, 1], label="Đường khác")
        title = figure.suptitle("Tiêu đề của biểu đồ", x=0.0, ha="left")
        footer = figure.supxlabel("Số liệu: báo cáo\nbiểu đồ: ấn bản", x=0.0, ha="left")
        legend = figure.legend(loc=where, ncols=2)
        _, boxes = drawn_boxes(figure, [title, footer, legend])
    title_box, footer_box, legend_box = boxes
    assert legend_box.overlaps(footer_box) or legend_box.overlaps(title_box)


def test_legend_labels_are_capitalised_alike(drawn):
    """The levels' legend read "Bộ ngành" but "tỉnh"."""
    for figure in drawn(charts.WIDE).values():
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
    assert 'width="' in drawings["phone"]
    assert drawings["phone"] != drawings["wide"]
    assert first["image/svg+xml"] == drawings["wide"]
    assert first["application/pdf"]


def test_a_week_missing_a_day_is_not_drawn_as_whole(tables):
    """The chart draws a week only with all seven days in the series (the validator refuses
    a gap, but a chart never draws six days as a week)."""
    daily = tables["ninh_thuan_covid_daily"]
    gap = daily[daily["date"] != pd.Timestamp("2021-11-17")]  # a Wednesday
    figure = charts.epidemic_weekly(gap, tables["documents"])
    starts = {mpl.dates.num2date(b.get_x()).date() for b in bars(figure.axes[0])}
    assert dt.date(2021, 11, 15) not in starts
    assert dt.date(2021, 11, 8) in starts
    assert dt.date(2021, 11, 22) in starts


def test_on_a_phone_the_chart_of_bodies_repeats_the_sections_names(tables):
    """Several screens tall on a phone, its column labels stood only at the top: a band of
    them comes again every few rows, and the wide drawing has them once."""
    actors, sections = tables["actors"], tables["sections"]
    phone = charts.actors_by_section(actors, sections, charts.PHONE)
    wide = charts.actors_by_section(actors, sections, charts.WIDE)
    label = sections.set_index("section_id")["label"]["II.6"]
    bands = len(range(charts.PHONE_BAND_EVERY, len(actors), charts.PHONE_BAND_EVERY))
    assert bands >= 2

    def shown(figure) -> int:
        return sum(
            1
            for text in figure.findobj(mpl.text.Text)
            if text.get_visible() and text.get_text() == label
        )

    assert shown(phone) == 1 + bands
    assert shown(wide) == 1


def test_on_a_phone_the_key_figures_stand_one_a_row_beside_their_words(tables):
    """Two half-width boxes a row grew tall and mostly empty on a phone."""
    from bao_cao.data.needs import KEY_FIGURES

    figure = charts.key_figures(tables["indicators"], KEY_FIGURES, charts.PHONE)
    boxes = [p for p in figure.axes[0].patches if isinstance(p, mpl.patches.FancyBboxPatch)]
    assert len(boxes) == len(KEY_FIGURES)
    assert all(box.get_width() > 0.9 for box in boxes)  # the whole row
    figure.canvas.draw()  # where the texts finally stand
    renderer = figure.canvas.get_renderer()
    for box in boxes:
        inside = box.get_window_extent(renderer)
        words = [
            t.get_window_extent(renderer)
            for t in figure.axes[0].texts
            if inside.y0 <= t.get_window_extent(renderer).y0 <= inside.y1
        ]
        assert len(words) == 2  # the figure and its words, side by side
        assert all(inside.x0 <= w.x0 and w.x1 <= inside.x1 for w in words)
        assert all(inside.y0 <= w.y0 and w.y1 <= inside.y1 for w in words)
