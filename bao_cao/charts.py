"""Every chart of the book, in one style: Vietnamese labels and numbers, a font that has
every Vietnamese letter, a colour-blind-safe palette, and a source line under each chart.

Chart functions take DataFrames (as bao_cao.data.load_table gives them) and a Layout,
and return a matplotlib Figure; they never read files, so tests can hand them small
tables. Each chart is drawn twice (Chart): wide for the page and the PDF, and narrow for
a phone, where the wide drawing scaled to 327 px made its text 5.5 to 7 px high.
"""

from __future__ import annotations

import base64
import hashlib
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from bao_cao import fmt, wording
from bao_cao.chart_mime import CHART_MIME
from bao_cao.data import NOT_STATED, is_missing, numbered_events

# The book's chart style, in matplotlib's own format (bao_cao.codehash counts it as part
# of this module: a change to it draws every chart again).
STYLE_FILE = Path(__file__).with_suffix(".mplstyle")
STYLE = mpl.rc_params_from_file(STYLE_FILE, use_default_template=False)
# Its palette (Okabe & Ito's, for every common colour-vision deficiency) and main font.
PALETTE = STYLE["axes.prop_cycle"].by_key()["color"]
FONT = STYLE["font.family"][0]
LEVELS = ["Trung ương Đảng", "Quốc hội", "Chính phủ/Thủ tướng", "Bộ ngành", "tỉnh"]
LEVEL_COLOURS = dict(zip(LEVELS, PALETTE, strict=False))


# Every chart is the edition's drawing of the report's figures: the source line says both.
def source_record() -> str:
    """The source line of a chart of the report's figures."""
    return (
        "Số liệu: Báo cáo tổng kết phong trào thi đua của UBND tỉnh Ninh Thuận; "
        f"biểu đồ: {wording.edition(sentence_start=False)}"
    )


@dataclass(frozen=True)
class Layout:
    """Where a chart is shown: its width (inches), its smallest text (points), and how
    many characters a line of its title, notes and source holds."""

    name: str
    width: float
    smallest: float
    title_line: int
    line: int


# The page (scaled up to the text width, 1.4× on a desktop) and the PDF.
WIDE = Layout("wide", 5.2, 7.0, 60, 92)
# A phone shows a chart 327 px wide (375 px less the page's margins): drawn 3.4 in
# (326 px) wide, a point of text is 1.33 px, and 8.5 pt is 11.3 px, the body's small print.
PHONE = Layout("phone", 3.4, 8.5, 34, 52)
LAYOUTS = (WIDE, PHONE)


class BookFigure(Figure):
    """A chart's figure: the chart (title, plot; matplotlib's constrained layout), and under
    it a band for its legend, if it has one, and one for its note and source line.

    The bands are laid out by hand, each as tall as its text measures (Agg measures text
    as the SVG and PDF backends draw it): matplotlib's own layout puts a figure legend
    "outside lower" over a footer (supxlabel) and "outside upper" over the title
    (tests/test_charts.py shows both), and a legend in a corner covered data.
    """

    chart_height: float  # inches, the chart's own
    footer: Text
    legend_band: tuple[Legend, float] | None = None

    def measured_height(self, artist: Text | Legend, padding: float) -> float:
        renderer = FigureCanvasAgg(self).get_renderer()
        return artist.get_window_extent(renderer).height / self.dpi + padding

    def stack(self) -> None:
        """The figure as tall as the chart and its bands; the chart laid out above them."""
        footer = self.measured_height(self.footer, 0.08)
        legend, legend_height = self.legend_band or (None, 0.0)
        total = self.chart_height + legend_height + footer
        self.set_figheight(total)
        self.footer.set_y(0.02 / total)
        if legend is not None:
            legend.set_bbox_to_anchor((0, footer / total), transform=self.transFigure)
        engine = self.get_layout_engine()
        assert isinstance(engine, ConstrainedLayoutEngine)  # made so by new_figure
        bottom = (footer + legend_height) / total
        engine.set(rect=(0, bottom, 1, self.chart_height / total))


def new_figure(
    title: str, source: str, height: float, layout: Layout = WIDE, note: str = ""
) -> BookFigure:
    """A figure in the book's style with its title, a note and its source line ("Nguồn: …").

    `height` is the chart's own; the note and the source are added below it, each wrapped
    to the layout's width, in a band as tall as their text measures.
    """
    footer = "\n".join(textwrap.fill(text, layout.line) for text in (note, source) if text)
    with mpl.rc_context(fname=STYLE_FILE):
        figure = BookFigure(figsize=(layout.width, height), layout="constrained")
        figure.chart_height = height
        figure.footer = figure.text(
            0.0, 0.0, footer, fontsize=layout.smallest, color="#333333",
            ha="left", va="bottom", linespacing=1.25,
        )  # fmt: skip
        figure.stack()
        figure.add_subplot()
        # The figure's title, not the axes': long tick labels must not push it off the edge.
        figure.suptitle(
            textwrap.fill(title, layout.title_line), x=0.0, ha="left", fontsize=11,
            fontweight="bold",
        )  # fmt: skip
    return figure


def legend_below(figure: BookFigure, layout: Layout, **options) -> None:
    """The figure's legend under the chart, above its note and source."""
    legend = figure.legend(loc="lower left", frameon=False, alignment="left", **options)
    legible(figure, layout)  # measured at the size it is drawn
    figure.legend_band = (legend, figure.measured_height(legend, 0.12))
    figure.stack()


def legible(figure: Figure, layout: Layout) -> Figure:
    """No text smaller than the layout's smallest: a phone's reader must read every label."""
    for text in figure.findobj(Text):
        if text.get_text() and float(text.get_fontsize()) < layout.smallest:
            text.set_fontsize(layout.smallest)
    return figure


def level_label(level: str) -> str:
    """A level as a legend shows it: "Tỉnh" like "Bộ ngành" (the data says "tỉnh")."""
    return level[:1].upper() + level[1:]


def spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions moved apart to at least `gap` from each other, each group of close ones
    centred where its members stand, all within [low, high] (labels in a row)."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    clusters = [[i] for i in order]

    def placed(cluster: list[int]) -> list[float]:
        width = gap * (len(cluster) - 1)
        centre = sum(positions[i] for i in cluster) / len(cluster)
        start = min(max(centre - width / 2, low), max(high - width, low))
        return [start + gap * k for k in range(len(cluster))]

    merged = True
    while merged:
        merged = False
        for k in range(len(clusters) - 1):
            if placed(clusters[k])[-1] + gap > placed(clusters[k + 1])[0] + 1e-9:
                clusters[k : k + 2] = [clusters[k] + clusters[k + 1]]
                merged = True
                break
    result = [0.0] * len(positions)
    for cluster in clusters:
        for i, at in zip(cluster, placed(cluster), strict=True):
            result[i] = at
    return result


def number_marks(axes, marks: list[tuple[object, str, str]], layout: Layout) -> None:
    """Numbered marks ("1", "2", …) in one row above the plot, each joined by a thin line to
    its x (a date) at the top of the plot: close marks move apart instead of hiding one
    another, and none sits on the data."""
    if not marks:
        return
    figure = axes.get_figure(root=True)
    FigureCanvasAgg(figure)
    xs = [mdates.date2num(x) if not isinstance(x, float | int) else x for x, _, _ in marks]
    annotations = [
        axes.annotate(
            label,
            (x, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, layout.smallest + 6),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=layout.smallest,
            color=colour,
            bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": colour},
            arrowprops={
                "arrowstyle": "-",
                "color": colour,
                "linewidth": 0.6,
                "shrinkA": 0,
                "shrinkB": 0,
            },
            annotation_clip=False,
        )
        for x, (_, label, colour) in zip(xs, marks, strict=True)
    ]
    # Offsets are in points, against the plot's width as laid out (with every text at the
    # size it is drawn); the marks take part in the layout, so it is redone until the
    # width settles.
    legible(figure, layout)
    low, high = axes.get_xlim()
    for _ in range(3):
        figure.get_layout_engine().execute(figure)
        width = axes.get_position().width * figure.get_figwidth() * 72
        at = [(x - low) / (high - low) * width for x in xs]
        moved = spread(at, gap=layout.smallest * 2.0, low=0, high=width)
        for annotation, point, place in zip(annotations, at, moved, strict=True):
            annotation.xyann = (place - point, layout.smallest + 6)


class Chart:
    """A chart as a chapter shows it: drawn for the page and the PDF (WIDE) and for a phone
    (PHONE), both at once so that a fault shows in the cell that asked for the chart.

    A notebook displays it as the book's own mime type (both SVGs, and the chart's table;
    the HTML build writes the SVGs as one <picture>, see bao_cao.sphinxext.pictures), plus
    the wide SVG and a PDF for any other reader of the notebook.
    """

    MIME = CHART_MIME

    def __init__(self, draw: Callable[[Layout], Figure], table: pd.DataFrame | None = None):
        self.wide = draw(WIDE)
        self.phone = draw(PHONE)
        # The rows the chart is drawn from, headed as readers read them: the page's CSV
        # download (bao_cao.sphinxext.pictures keeps it with the picture).
        self.table = table

    @property
    def axes(self):
        return self.wide.axes

    @staticmethod
    def render(figure: Figure, form: str) -> bytes:
        with mpl.rc_context(fname=STYLE_FILE):
            buffer = io.BytesIO()
            # No creation date: the same chart gives the same file, build after build.
            metadata = {"Date": None} if form == "svg" else {"CreationDate": None}
            figure.savefig(
                buffer, format=form, bbox_inches="tight", pad_inches=0.05, metadata=metadata
            )
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        wide = self.render(self.wide, "svg").decode("utf-8")
        phone = self.render(self.phone, "svg").decode("utf-8")
        drawings: dict[str, object] = {"wide": wide, "phone": phone}
        if self.table is not None:
            drawings["table"] = {
                "columns": [str(column) for column in self.table.columns],
                "rows": self.table.astype(str).to_numpy().tolist(),
            }
        return {
            self.MIME: drawings,
            "image/svg+xml": wide,
            "application/pdf": base64.b64encode(self.render(self.wide, "pdf")).decode("ascii"),
            "text/plain": f"<Chart {hashlib.sha256(wide.encode()).hexdigest()[:12]}>",
        }


def number_axis(axis, unit: str = "") -> None:
    """Tick labels in Vietnamese number format (62,31; 6.621), with an optional unit."""
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{fmt.number(value)}{unit}"))


def _indicator(indicators: pd.DataFrame, indicator_id: str) -> pd.Series:
    return indicators.set_index("indicator_id").loc[indicator_id]


@mpl.rc_context(fname=STYLE_FILE)  # every text and tick in the book's style
def vaccination_coverage(indicators: pd.DataFrame, layout: Layout = WIDE) -> Figure:
    """The two vaccination rates of II.1, each in its own panel under its own base: the
    report gives the first of the age groups "có chỉ định" and states no base for the
    second, so they share no axis, and no target is drawn (the report states none)."""
    panels = [
        ("tiem-tu-2-mui", "Được tiêm từ 2 mũi, trên dân số các nhóm tuổi (có chỉ định tiêm vắc "
         "xin COVID-19)"),
        ("tiem-nhac-lai", "Được tiêm nhắc lại (báo cáo không nêu tỷ lệ này tính trên tổng số "
         "nào)"),
    ]  # fmt: skip
    figure = new_figure(
        "Hai tỷ lệ tiêm vắc xin phòng COVID-19 báo cáo nêu (mục II.1)",
        source_record(),
        height=2.5 if layout is WIDE else 3.0,
        layout=layout,
    )
    figure.delaxes(figure.axes[0])
    for index, (key, label) in enumerate(panels):
        axes = figure.add_subplot(len(panels), 1, index + 1)
        value = float(_indicator(indicators, key)["value"])
        axes.barh([0], [value], color=PALETTE[index], height=0.6)
        axes.set_title(
            textwrap.fill(label, layout.line - 8), fontsize=layout.smallest + 0.5,
            fontweight="normal", loc="left",
        )  # fmt: skip
        inside = value > 20
        axes.text(
            value - 1.5 if inside else value + 1.5, 0, fmt.percent(value),
            ha="right" if inside else "left", va="center",
            color="white" if inside else "black", fontweight="bold",
        )  # fmt: skip
        axes.set_xlim(0, 100)
        axes.set_yticks([])
        axes.spines["left"].set_visible(False)
        number_axis(axes.xaxis, "%")
    return legible(figure, layout)


@mpl.rc_context(fname=STYLE_FILE)
def commendations_chart(
    commendations: pd.DataFrame, indicators: pd.DataFrame, layout: Layout = WIDE
) -> Figure:
    """Collectives and individuals commended, coloured by where they served."""
    counts = indicators.set_index("indicator_id")["value"]
    figure = new_figure(
        "Khen thưởng trong phong trào thi đua", source_record(), height=2.6, layout=layout
    )
    axes = figure.axes[0]
    places = commendations["place_of_service"].fillna("Không nêu nơi phục vụ")
    colours = {place: PALETTE[i] for i, place in enumerate(dict.fromkeys(places))}
    labels = [_commendation_label(row) for row in commendations.itertuples()]
    values = [float(counts[key]) for key in commendations["indicator_id"]]
    bars = axes.barh(labels, values, color=[colours[p] for p in places], height=0.55)
    axes.invert_yaxis()
    for bar, value in zip(bars, values, strict=True):
        axes.text(value + 0.5, bar.get_y() + bar.get_height() / 2, fmt.number(value), va="center")
    number_axis(axes.xaxis)
    axes.set_xlabel("Số tập thể, cá nhân")
    axes.set_xlim(0, max(values) * 1.15)
    handles = [
        mpl.patches.Patch(color=colour, label=level_label(place))
        for place, colour in colours.items()
    ]
    legend_below(figure, layout, handles=handles, fontsize=8)
    return legible(figure, layout)


def _commendation_label(row) -> str:
    """ "Bằng khen: cá nhân"; where the report names no form, it says only "khen thưởng"."""
    if row.form == NOT_STATED:
        return f"Khen thưởng: {row.recipient_type}\n(không nêu hình thức)"
    return f"{row.form}: {row.recipient_type}"


# How a document's date is drawn: the report's own date, the edition's reading of a
# malformed one, or a date from outside the report.
DATE_MARKERS = {
    "record": ("o", True, "Ngày báo cáo ghi"),
    "reading": ("D", True, "Ngày ấn bản đọc từ cách viết sai của báo cáo"),
    "reference": ("o", False, "Ngày theo tài liệu tham khảo, không có trong báo cáo"),
}


def _date_sources_line(dated: pd.DataFrame) -> str:
    """Which dates are not the report's own, named from the data."""
    parts = []
    reading = dated[dated["date_source"] == "reading"]
    if len(reading):
        names = ", ".join(f"{_short_name(r)} (“{r.date_as_written}”)" for r in reading.itertuples())
        parts.append(f"ngày của {names} (hình thoi) là cách ấn bản đọc cách viết sai của báo cáo")
    reference = dated[dated["date_source"] == "reference"]
    if len(reference):
        names = " và ".join(_short_name(r) for r in reference.itertuples())
        parts.append(
            f"ngày của {names} (điểm rỗng) theo {wording.REFERENCE_SOURCE}, không có trong báo cáo"
        )
    return "; ".join(parts)


def _short_name(row) -> str:
    return row.kind if is_missing(row.number) else row.number


@mpl.rc_context(fname=STYLE_FILE)
def documents_timeline(
    documents: pd.DataFrame, events: pd.DataFrame, layout: Layout = WIDE
) -> Figure:
    """Each dated document the report cites, on its date, coloured by level and shaped by
    where its date comes from; the report's dated events as numbered lines (a band where
    it names only the month), their numbers above the plot, clear of the documents."""
    dated = documents.dropna(subset=["date"]).sort_values("date", kind="stable")
    row_height = 0.19 if layout is WIDE else 0.26
    sources = _date_sources_line(dated)
    figure = new_figure(
        "Văn bản báo cáo viện dẫn, theo ngày ban hành",
        source_record() + (f"; {sources}" if sources else ""),
        height=1.6 + row_height * len(dated),
        layout=layout,
        note="Số trong vòng tròn: các sự kiện có ngày mà báo cáo nêu, đánh số theo ngày; "
        "dải mờ: báo cáo chỉ nêu tháng.",
    )
    axes = figure.axes[0]
    positions = list(range(len(dated)))
    for level in LEVELS:
        for source, (marker, filled, _) in DATE_MARKERS.items():
            subset = [
                (pos, row)
                for pos, row in zip(positions, dated.itertuples(), strict=True)
                if row.level == level and row.date_source == source
            ]
            if not subset:
                continue
            axes.scatter(
                [row.date for _, row in subset],
                [pos for pos, _ in subset],
                s=36,
                marker=marker,
                color=LEVEL_COLOURS[level] if filled else "white",
                edgecolors=LEVEL_COLOURS[level],
                linewidths=1.5,
                zorder=3,
            )
    axes.set_yticks(positions, [_document_label(row) for row in dated.itertuples()])
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=7.5)
    _month_axis(axes.xaxis, months=(1, 7) if layout is WIDE else (1,))
    marks = []
    for number, event in numbered_events(events):
        if event.date_precision == "month":
            month_end = event.date + pd.offsets.MonthEnd(0) + pd.Timedelta(days=1)
            axes.axvspan(event.date, month_end, color="#dddddd", zorder=0, linewidth=0)
            marks.append((event.date + (month_end - event.date) / 2, str(number), "#555555"))
        else:
            axes.axvline(event.date, color="#777777", linestyle=":", linewidth=1, zorder=1)
            marks.append((event.date, str(number), "#555555"))
    number_marks(axes, marks, layout)
    used = set(dated["level"])
    handles = [
        mpl.lines.Line2D([], [], marker="o", linestyle="", color=LEVEL_COLOURS[level],
                         label=level_label(level))
        for level in LEVELS if level in used
    ]  # fmt: skip
    handles += [
        mpl.lines.Line2D([], [], marker=marker, linestyle="", markerfacecolor="#555555"
                         if filled else "white", markeredgecolor="#555555", label=label)
        for source, (marker, filled, label) in DATE_MARKERS.items()
        if source in set(dated["date_source"])
    ]  # fmt: skip
    legend_below(figure, layout, handles=handles, ncols=3 if layout is WIDE else 1, fontsize=7.5)
    axes.grid(axis="y", color="#eeeeee")
    return legible(figure, layout)


def _document_label(row) -> str:
    name = row.kind if is_missing(row.number) else row.number
    return f"{name} ({fmt.date(row.date)})"


def _month_axis(axis, months: tuple[int, ...]) -> None:
    """Ticks at the given months, labelled "7/2021"."""
    axis.set_major_locator(mdates.MonthLocator(bymonth=months))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.month(mdates.num2date(value))))


# The phone's bands of section names in the chart of bodies: how often, how tall (rows).
PHONE_BAND_EVERY, PHONE_BAND_HEIGHT = 12, 3.2


@mpl.rc_context(fname=STYLE_FILE)
def actors_by_section(
    actors: pd.DataFrame, sections: pd.DataFrame, layout: Layout = WIDE
) -> Figure:
    """Which organisations and forces the report names in which section. A name is never
    cut: on the page a long one wraps onto a second line, and its row is taller."""
    named = {section for listed in actors["sections"] for section in listed.split(";")}
    report_sections = [s for s in sections["section_id"] if s in named]
    labels = sections.set_index("section_id")["label"]
    ordered = actors.assign(count=actors["sections"].str.count(";") + 1).sort_values(
        "count", ascending=False, kind="stable"
    )
    names = [textwrap.fill(n, 38) if layout is WIDE else n for n in ordered["name"]]
    heights = [1 + 0.7 * name.count("\n") for name in names]
    # On a phone the chart is several screens tall: the sections' names stand again in a
    # band every PHONE_BAND_EVERY rows, so that a reader scrolling it keeps them in view.
    bands = [] if layout is WIDE else list(range(PHONE_BAND_EVERY, len(names), PHONE_BAND_EVERY))
    rows, top = [], 0.0
    for index, height in enumerate(heights):
        if index in bands:
            top += PHONE_BAND_HEIGHT
        rows.append(top + height / 2 - 0.5)
        top += height
    band_rows = [rows[index] - 0.5 - PHONE_BAND_HEIGHT / 2 for index in bands]
    figure = new_figure(
        "Cơ quan, lực lượng nêu trong từng mục",
        source_record(),
        height=1.2 + (0.19 if layout is WIDE else 0.36) * top,
        layout=layout,
    )
    axes = figure.axes[0]
    xs, ys = [], []
    for y, actor in zip(rows, ordered.itertuples(), strict=True):
        for section in actor.sections.split(";"):
            if section in report_sections:
                xs.append(report_sections.index(section))
                ys.append(y)
    axes.scatter(xs, ys, s=30 if layout is WIDE else 22, color=PALETTE[0], zorder=3)
    axes.set_xticks(
        range(len(report_sections)), [labels[s] for s in report_sections], rotation=90, fontsize=7.5
    )
    axes.xaxis.tick_top()
    if layout is WIDE:
        axes.set_yticks(rows, names, fontsize=7.5)
    else:
        # A phone has no room for the names beside 16 columns: each name stands above its
        # row, whole, and the columns take the full width.
        axes.set_yticks(rows, [""] * len(rows))
        axes.tick_params(axis="y", length=0)
        for y, name in zip(rows, names, strict=True):
            axes.text(
                -0.45, y - 0.4, name, fontsize=layout.smallest, va="bottom", ha="left",
                bbox={"fc": "white", "ec": "none", "pad": 0.3},
            )  # fmt: skip
    for y in band_rows:
        for x, section in enumerate(report_sections):
            axes.text(
                x, y, labels[section], rotation=90, fontsize=layout.smallest, ha="center",
                va="center", color="#333333", bbox={"fc": "white", "ec": "none", "pad": 0.3},
            )  # fmt: skip
    axes.set_ylim(top - 0.5, -0.5 if layout is WIDE else -1.0)
    axes.set_xlim(-0.5, len(report_sections) - 0.5)
    axes.grid(color="#eeeeee")
    axes.spines[["bottom", "left"]].set_visible(False)
    return legible(figure, layout)


# Where the epidemic chart begins: the year of the report's first central directives.
EPIDEMIC_START = "2021-01-01"


def whole_weeks(daily: pd.DataFrame) -> pd.DataFrame:
    """Weekly sums of a daily series, Monday to Sunday, indexed by each week's Sunday: only
    the weeks with all seven days in the series (none cut by its ends or by a gap)."""
    resampled = daily.set_index("date").sort_index()[["new_cases", "new_deaths"]].resample("W-SUN")
    weekly, days = resampled.sum(), resampled.size()
    return weekly[days == 7]


@mpl.rc_context(fname=STYLE_FILE)
def epidemic_weekly(
    daily: pd.DataFrame,
    documents: pd.DataFrame,
    start: str = EPIDEMIC_START,
    end: str | None = None,
    layout: Layout = WIDE,
) -> Figure:
    """Weekly new cases and deaths (supplementary data), each in its own panel from zero,
    with the central directives the report names in the period as lines on both.

    A week is Monday to Sunday and its bar spans those seven days, so that a directive's
    line falls in the week of its date; a week without all seven of its days in the series
    (at either end, or across a gap) is left out rather than drawn as a fall. The period
    runs from `start` to `end`, the series' last day unless given. Directives whose date
    is not the report's own are drawn dashed and said so in the list under the chart."""
    end = end or daily["date"].max().strftime("%Y-%m-%d")
    weekly = drawn_weeks(daily, start, end)
    starts = weekly.index - pd.Timedelta(days=6)
    directives = key_directives(documents, start, end)
    spikes = reporting_spikes(daily)
    spikes = spikes[(spikes.index >= starts.min()) & (spikes.index <= weekly.index.max())]
    spike_note = (
        " Phần gạch chéo: ngày tăng đột biến ("
        + spike_rule()
        + "): "
        + "; ".join(
            f"{fmt.date(day)}, {fmt.number(int(row.new_cases))} ca"
            for day, row in spikes.iterrows()
        )
        + "; có thể là số ca của nhiều ngày công bố dồn một lần, nguồn không nói."
        if len(spikes)
        else ""
    )
    listing = [
        f"{number}: {_short_name(row)} ({fmt.date(row.date)}{_date_remark(row)})"
        for number, row in enumerate(directives.itertuples(), start=1)
    ]
    last = fmt.date(weekly.index.max()) if len(weekly) else ""
    figure = new_figure(
        "COVID-19 tại Ninh Thuận: ca mắc và tử vong mới theo tuần",
        "Số ca: Cổng thông tin COVID-19 quốc gia (số liệu bổ sung, không thuộc báo cáo); "
        f"văn bản: báo cáo; biểu đồ: {wording.edition(sentence_start=False)}",
        height=3.6 if layout is WIDE else 4.2,
        layout=layout,
        note=(
            "Tuần tính từ thứ Hai đến Chủ nhật; chỉ vẽ các tuần đủ 7 ngày số liệu (tuần cuối "
            f"kết thúc ngày {last}). Văn bản chỉ đạo trung ương báo cáo nêu (đường đứng; nét "
            "đứt: ngày không lấy từ báo cáo): " + "; ".join(listing) + "." + spike_note
        ),
    )
    figure.delaxes(figure.axes[0])
    cases = figure.add_subplot(2, 1, 1)
    deaths = figure.add_subplot(2, 1, 2, sharex=cases)
    for axes, column, colour, label in (
        (cases, "new_cases", PALETTE[5], "Ca mắc mới mỗi tuần"),
        (deaths, "new_deaths", PALETTE[3], "Tử vong mỗi tuần"),
    ):
        axes.bar(starts, weekly[column], width=7, align="edge", color=colour,
                 edgecolor="white", linewidth=0.3)  # fmt: skip
        if column == "new_cases":
            # Each spike day's cases, hatched at the top of its week's bar.
            for day, row in spikes.iterrows():
                week = weekly.index[weekly.index >= day].min()
                axes.bar(week - pd.Timedelta(days=6), row.new_cases,
                         bottom=weekly.loc[week, column] - row.new_cases, width=7,
                         align="edge", color="white", edgecolor=colour, hatch="////",
                         linewidth=0.6)  # fmt: skip
        axes.set_ylabel(label, fontsize=layout.smallest)
        axes.set_ylim(0, max(float(weekly[column].max()), 1) * 1.1)
        number_axis(axes.yaxis)
        for row in directives.itertuples():
            axes.axvline(
                row.date, color=LEVEL_COLOURS[row.level], linewidth=0.8,
                linestyle="-" if row.date_source == "record" else "--",
            )  # fmt: skip
    cases.tick_params(labelbottom=False)
    _month_axis(deaths.xaxis, months=(1, 4, 7, 10) if layout is WIDE else (1, 7))
    marks = [
        (row.date, str(number), LEVEL_COLOURS[row.level])
        for number, row in enumerate(directives.itertuples(), start=1)
    ]
    number_marks(cases, marks, layout)
    return legible(figure, layout)


def _date_remark(row) -> str:
    if row.date_source == "reference":
        return ", theo tài liệu tham khảo"
    if row.date_source == "reading":
        return f", ấn bản đọc từ “{row.date_as_written}”"
    return ""


# A day far above the days around it: at least SPIKE_RATIO times the median of the
# SPIKE_WINDOW days centred on it, and at least SPIKE_MINIMUM cases. The source does not
# explain such a day; it may be cases of several days announced at once rather than a
# day's new cases, so the chart and the text show it apart.
SPIKE_WINDOW, SPIKE_RATIO, SPIKE_MINIMUM = 15, 3, 50


def reporting_spikes(daily: pd.DataFrame) -> pd.DataFrame:
    """The days of the series that the rule above sets apart: their cases and the median
    of the days around them, indexed by date."""
    series = daily.set_index("date").sort_index()["new_cases"].astype(float)
    median = series.rolling(SPIKE_WINDOW, center=True, min_periods=SPIKE_WINDOW // 2 + 1).median()
    spike = (series >= SPIKE_RATIO * median.clip(lower=1)) & (series >= SPIKE_MINIMUM)
    return pd.DataFrame({"new_cases": series[spike], "median_around": median[spike]})


def spike_rule() -> str:
    """The rule in words, as the chart's note and the appendix say it."""
    return (
        f"số ca của ngày ấy gấp ít nhất {SPIKE_RATIO} lần trung vị của {SPIKE_WINDOW} ngày "
        f"quanh nó và từ {SPIKE_MINIMUM} ca trở lên"
    )


def drawn_weeks(daily: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The whole weeks the epidemic chart draws: those from `start` to `end`."""
    weekly = whole_weeks(daily)
    week_start = weekly.index - pd.Timedelta(days=6)
    return weekly[(week_start >= pd.Timestamp(start)) & (weekly.index <= pd.Timestamp(end))]


def key_directives(documents: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """The central documents (Party, National Assembly, Government) the report names with
    a date in the period, numbered or not."""
    central = documents["level"].isin(LEVELS[:3])
    in_period = documents["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return documents[central & in_period].sort_values(["date", "document_id"], kind="stable")


@mpl.rc_context(fname=STYLE_FILE)
def key_figures(
    indicators: pd.DataFrame, indicator_ids: Sequence[str], layout: Layout = WIDE
) -> Figure:
    """A panel of the report's key figures, each as the report qualifies it: on the page
    two boxes a row; on a phone one a row, the figure beside its words (two half-width
    boxes grew tall, and mostly empty, to hold the longest words)."""
    table = indicators.set_index("indicator_id")
    phone = layout is not WIDE
    columns = 1 if phone else 2
    rows = -(-len(indicator_ids) // columns)
    subject_line = 30 if phone else 40
    lines = max(
        len(textwrap.wrap(table.loc[key, "subject"], subject_line)) for key in indicator_ids
    )
    text_height = lines * layout.smallest * 1.25 / 72
    row_height = max(0.6, 0.4 + text_height) if phone else max(1.15, 0.8 + text_height / 0.5)
    figure = new_figure(
        # The edition's selection: the report ranks none of its figures, and several of
        # these count activities (documents, meetings), not results.
        "Một số số liệu báo cáo nêu, do ấn bản chọn",
        source_record(),
        height=row_height * rows + 0.3,
        layout=layout,
    )
    axes = figure.axes[0]
    axes.set_axis_off()
    axes.set_xlim(0, columns)
    axes.set_ylim(rows, 0)
    for index, key in enumerate(indicator_ids):
        row = table.loc[key]
        x, y = index % columns, index // columns
        axes.add_patch(
            mpl.patches.FancyBboxPatch(
                (x + 0.02 if phone else x + 0.04, y + 0.06),
                0.96 if phone else 0.92,
                0.88,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor="#f2f6fa",
                edgecolor=PALETTE[0],
                linewidth=0.8,
            )
        )
        headline = _headline(row)
        subject = textwrap.fill(row["subject"], subject_line)
        if phone:
            axes.text(x + 0.17, y + 0.5, headline, ha="center", va="center", fontsize=12,
                      fontweight="bold", color=PALETTE[0])  # fmt: skip
            axes.text(x + 0.34, y + 0.5, subject, ha="left", va="center", fontsize=7.5,
                      linespacing=1.15)  # fmt: skip
            continue
        axes.text(
            x + 0.5,
            y + 0.06 + 0.3 / row_height,
            headline,
            ha="center",
            va="center",
            fontsize=16,
            fontweight="bold",
            color=PALETTE[0],
        )
        axes.text(
            x + 0.5,
            y + 0.06 + 0.62 / row_height,
            subject,
            ha="center",
            va="top",
            fontsize=7.5,
            linespacing=1.15,
        )
    return legible(figure, layout)


def _headline(row: pd.Series) -> str:
    """The figure as the panel shows it, never saying more than the report: "trên 240" (more
    than 240, not "≥ 240", at least 240); a sum of money in the report's own words ("16
    tỷ": the report names no unit, "đồng" would be the edition's reading); the words for
    an order of magnitude."""
    unit_read = row.get("unit_source") == "reading"
    if row["qualifier"] == "order_of_magnitude" or row["unit"] == "đồng" or unit_read:
        return row["value_as_written"]
    shown = fmt.quantity(row["value"], row["unit"], "exact", row["value_as_written"])
    if row["unit"] != "%":
        shown = fmt.number(row["value"])
    return f"trên {shown}" if row["qualifier"] == "more_than" else shown
