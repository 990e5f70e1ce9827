"""Every chart of the book, in one style: Vietnamese labels and numbers, a font that has
every Vietnamese letter, a colour-blind-safe palette, and a source line under each chart.

Chart functions take DataFrames (as bao_cao.data.load_table gives them) and return a
matplotlib Figure; they never read files, so tests can hand them small tables.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bao_cao import fmt
from bao_cao.data import is_missing

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
FONT = "Noto Sans"
LEVELS = ["Trung ương Đảng", "Quốc hội", "Chính phủ/Thủ tướng", "Bộ ngành", "tỉnh"]
LEVEL_COLOURS = dict(zip(LEVELS, PALETTE, strict=False))
SOURCE_RECORD = "Nguồn: Báo cáo tổng kết phong trào thi đua của UBND tỉnh Ninh Thuận"
# Charts are drawn narrow, so that a phone scaling one to its width keeps the text legible;
# the web page and the PDF scale them up to the text width.
WIDTH = 5.2

STYLE = {
    # Noto Sans has every Vietnamese letter; DejaVu Sans supplies the signs it lacks (≥).
    "font.family": [FONT, "DejaVu Sans"],
    "font.size": 9.5,
    "axes.titlesize": 11,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.formatter.use_locale": False,
    # Text stays text in SVG (small, searchable, selectable) and is embedded in PDF.
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "svg.hashsalt": "bao-cao",  # the same chart gives the same SVG, build after build
    # Labels come from data typed by staff: "$...$" is text, never mathtext to typeset.
    "text.parse_math": False,
    "text.usetex": False,
    "figure.dpi": 100,
}


def new_figure(
    title: str, source: str, size: tuple[float, float] = (WIDTH, 3.6), footer_lines: int = 0
) -> Figure:
    """A figure in the book's style with its title and its source line ("Nguồn: …").

    The source line (and `footer_lines` of notes drawn by the caller) sit below the axes,
    in a band the layout keeps free.
    """
    source = textwrap.fill(source, 92)
    lines = source.count("\n") + 1 + footer_lines
    band = (0.12 + 0.13 * lines) / size[1]
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=size, layout="constrained")
        figure.get_layout_engine().set(rect=(0, band, 1, 1 - band))
        figure.add_subplot()
        # The figure's title, not the axes': long tick labels must not push it off the edge.
        figure.suptitle(title, x=0.0, ha="left", fontsize=11, fontweight="bold")
        figure.text(0.0, 0.01, source, fontsize=7, color="#444444", ha="left", va="bottom")
    return figure


def styled(function):
    """Draw inside the book's style, so every text and tick takes its font and sizes."""

    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return function(*args, **kwargs)

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def number_axis(axis, unit: str = "") -> None:
    """Tick labels in Vietnamese number format (62,31; 6.621), with an optional unit."""
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{fmt.number(value)}{unit}"))


def _indicator(indicators: pd.DataFrame, indicator_id: str) -> pd.Series:
    return indicators.set_index("indicator_id").loc[indicator_id]


@styled
def vaccination_coverage(indicators: pd.DataFrame, age_groups: pd.DataFrame) -> Figure:
    """Two-dose and booster coverage against the 100% target, with the age groups."""
    rows = [("Tiêm từ 2 mũi", "tiem-tu-2-mui"), ("Tiêm nhắc lại", "tiem-nhac-lai")]
    figure = new_figure(
        "Tiêm vắc xin phòng COVID-19", SOURCE_RECORD, size=(WIDTH, 3.1), footer_lines=2
    )
    axes = figure.axes[0]
    labels = [label for label, _ in rows]
    values = [float(_indicator(indicators, key)["value"]) for _, key in rows]
    bars = axes.barh(labels, values, color=PALETTE[:2], height=0.55)
    axes.invert_yaxis()
    axes.axvline(100, color="#333333", linestyle="--", linewidth=1)
    axes.text(99, 0.5, "Mục tiêu 100%", ha="right", va="center", fontsize=8)
    for bar, value in zip(bars, values, strict=True):
        inside = value > 20
        axes.text(
            value - 1.5 if inside else value + 1.5,
            bar.get_y() + bar.get_height() / 2,
            fmt.percent(value),
            ha="right" if inside else "left",
            va="center",
            color="white" if inside else "black",
            fontweight="bold",
        )
    axes.set_xlim(0, 105)
    number_axis(axes.xaxis, "%")
    axes.set_xlabel("Tỷ lệ (%)")
    groups = age_groups[age_groups["condition"].isna()]["as_written"].tolist()
    axes.set_ylabel("")
    figure.text(
        0.0,
        0.01 + 0.14 / 3.1,
        textwrap.fill("Các nhóm tuổi: " + "; ".join(groups) + ".", 80),
        fontsize=7.5,
        ha="left",
        va="bottom",
    )
    return figure


@styled
def commendations_chart(commendations: pd.DataFrame, indicators: pd.DataFrame) -> Figure:
    """Collectives and individuals commended, coloured by where they served."""
    counts = indicators.set_index("indicator_id")["value"]
    figure = new_figure("Khen thưởng trong phong trào thi đua", SOURCE_RECORD, size=(WIDTH, 3.0))
    axes = figure.axes[0]
    places = commendations["place_of_service"].fillna("Không nêu nơi phục vụ")
    colours = {place: PALETTE[i] for i, place in enumerate(dict.fromkeys(places))}
    labels = [
        f"{row.form.capitalize()}: {row.recipient_type}" for row in commendations.itertuples()
    ]
    values = [float(counts[key]) for key in commendations["indicator_id"]]
    bars = axes.barh(labels, values, color=[colours[p] for p in places], height=0.55)
    axes.invert_yaxis()
    for bar, value in zip(bars, values, strict=True):
        axes.text(value + 0.5, bar.get_y() + bar.get_height() / 2, fmt.number(value), va="center")
    number_axis(axes.xaxis)
    axes.set_xlabel("Số tập thể, cá nhân")
    axes.set_xlim(0, max(values) * 1.15)
    handles = [mpl.patches.Patch(color=colour, label=place) for place, colour in colours.items()]
    axes.legend(handles=handles, loc="upper right", fontsize=8, frameon=False)
    return figure


@styled
def documents_timeline(documents: pd.DataFrame, events: pd.DataFrame) -> Figure:
    """Each dated document the report cites, on its date, coloured by level; milestones as lines."""
    dated = documents.dropna(subset=["date"]).sort_values("date", kind="stable")
    height = 1.2 + 0.22 * len(dated)
    figure = new_figure(
        "Văn bản báo cáo viện dẫn, theo ngày ban hành",
        SOURCE_RECORD + "; ngày của 68/NQ-CP và 23/2021/QĐ-TTg (điểm rỗng) theo tài liệu tham "
        "khảo (thuvienphapluat.vn, luatvietnam.vn), không có trong báo cáo",
        size=(WIDTH, height),
    )
    axes = figure.axes[0]
    positions = range(len(dated))
    for level in LEVELS:
        for from_record in (True, False):
            subset = [
                (pos, row)
                for pos, row in zip(positions, dated.itertuples(), strict=True)
                if row.level == level and (row.date_source == "record") == from_record
            ]
            if not subset:
                continue
            axes.scatter(
                [row.date for _, row in subset],
                [pos for pos, _ in subset],
                s=36,
                color=LEVEL_COLOURS[level] if from_record else "white",
                edgecolors=LEVEL_COLOURS[level],
                linewidths=1.5,
                zorder=3,
                label=level if from_record else None,
            )
    axes.set_yticks(list(positions), [_document_label(row) for row in dated.itertuples()])
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=7.5)
    for number, event in numbered_events(events):
        axes.axvline(event.date, color="#777777", linestyle=":", linewidth=1, zorder=1)
        axes.annotate(
            str(number),
            (event.date, 0),
            xytext=(0, 4 + 13 * ((number + 1) % 2)),
            textcoords="offset points",
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize=7.5,
            bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "#777777"},
        )
    _month_axis(axes.xaxis, months=(1, 7))
    axes.legend(
        loc="upper right", fontsize=7.5, frameon=False, title="Cấp ban hành", title_fontsize=7.5
    )
    axes.grid(axis="y", color="#eeeeee")
    return figure


def _document_label(row) -> str:
    name = row.kind if is_missing(row.number) else row.number
    return f"{name} ({fmt.date(row.date)})"


def _month_axis(axis, months: tuple[int, ...]) -> None:
    """Ticks at the given months, labelled "7/2021"."""
    axis.set_major_locator(mpl.dates.MonthLocator(bymonth=months))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.month(mpl.dates.num2date(value))))


def numbered_events(events: pd.DataFrame) -> list[tuple[int, object]]:
    """The milestones numbered as on the timeline (by date): [(1, row), …]."""
    ordered = events.sort_values(["date", "event_id"], kind="stable")
    return list(enumerate(ordered.itertuples(), start=1))


@styled
def actors_by_section(actors: pd.DataFrame, sections: pd.DataFrame) -> Figure:
    """Which organisations and forces the report names in which section."""
    named = {section for listed in actors["sections"] for section in listed.split(";")}
    report_sections = [s for s in sections["section_id"] if s in named]
    labels = sections.set_index("section_id")["label"]
    ordered = actors.assign(count=actors["sections"].str.count(";") + 1).sort_values(
        "count", ascending=False, kind="stable"
    )
    figure = new_figure(
        "Cơ quan, lực lượng nêu trong từng mục",
        SOURCE_RECORD,
        size=(WIDTH, 1.4 + 0.21 * len(ordered)),
    )
    axes = figure.axes[0]
    xs, ys = [], []
    for y, actor in enumerate(ordered.itertuples()):
        for section in actor.sections.split(";"):
            if section in report_sections:
                xs.append(report_sections.index(section))
                ys.append(y)
    axes.scatter(xs, ys, s=30, color=PALETTE[0], zorder=3)
    axes.set_xticks(
        range(len(report_sections)), [labels[s] for s in report_sections], rotation=90, fontsize=7.5
    )
    axes.xaxis.tick_top()
    axes.set_yticks(
        range(len(ordered)),
        [textwrap.shorten(n, 34, placeholder="…") for n in ordered["name"]],
        fontsize=7.5,
    )
    axes.set_ylim(len(ordered) - 0.5, -0.5)
    axes.set_xlim(-0.5, len(report_sections) - 0.5)
    axes.grid(color="#eeeeee")
    axes.spines[["bottom", "left"]].set_visible(False)
    return figure


@styled
def epidemic_weekly(
    daily: pd.DataFrame,
    documents: pd.DataFrame,
    start: str = "2021-01-01",
    end: str = "2022-01-31",
) -> Figure:
    """Weekly new cases (bars) and deaths (line) with the central directives on the same axis."""
    # Row order is the staff's business; the series is read in date order.
    series = daily.sort_values("date").set_index("date").loc[start:end]
    weekly = series.resample("W-SUN").sum()
    figure = new_figure(
        "COVID-19 tại Ninh Thuận: ca mắc và tử vong mới theo tuần",
        "Nguồn: Cổng thông tin COVID-19 quốc gia (số liệu bổ sung, không thuộc báo cáo); "
        "văn bản: báo cáo",
        size=(WIDTH, 3.8),
    )
    axes = figure.axes[0]
    axes.bar(weekly.index, weekly["new_cases"], width=6, color=PALETTE[5], label="Ca mắc mới/tuần")
    deaths = axes.twinx()
    deaths.plot(
        weekly.index, weekly["new_deaths"], color=PALETTE[3], linewidth=1.6, label="Tử vong/tuần"
    )
    deaths.spines["top"].set_visible(False)
    deaths.set_ylabel("Tử vong mỗi tuần", color=PALETTE[3])
    axes.set_ylabel("Ca mắc mới mỗi tuần")
    number_axis(axes.yaxis)
    number_axis(deaths.yaxis)
    directives = _key_directives(documents, start, end)
    top = float(weekly["new_cases"].max()) * 1.02
    listing = []
    for number, row in enumerate(directives.itertuples(), start=1):
        axes.axvline(row.date, color=LEVEL_COLOURS[row.level], linewidth=0.8, linestyle="--")
        axes.annotate(
            str(number),
            (row.date, 1),
            xycoords=("data", "axes fraction"),
            xytext=(0, -2 - 10 * ((number + 1) % 3)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=6.5,
            color=LEVEL_COLOURS[row.level],
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
        )
        listing.append(f"{number}  {row.number} ({fmt.date(row.date)})")
    axes.text(
        0.01,
        0.97,
        "Văn bản chỉ đạo:\n" + "\n".join(listing),
        transform=axes.transAxes,
        fontsize=6.8,
        va="top",
        ha="left",
        linespacing=1.3,
    )
    axes.set_ylim(0, top * 1.05)
    _month_axis(axes.xaxis, months=(1, 3, 5, 7, 9, 11))
    handles = axes.get_legend_handles_labels()[0] + deaths.get_legend_handles_labels()[0]
    axes.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.0, 0.42), fontsize=7.5, frameon=False
    )
    return figure


def _key_directives(documents: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Numbered central documents (Party, National Assembly, Government) in the period."""
    central = documents["level"].isin(LEVELS[:3]) & documents["number"].notna()
    in_period = documents["date"].between(pd.Timestamp(start), pd.Timestamp(end))
    return documents[central & in_period].sort_values("date", kind="stable")


@styled
def key_figures(indicators: pd.DataFrame, indicator_ids: Sequence[str]) -> Figure:
    """A panel of the report's key figures, each as the report qualifies it."""
    table = indicators.set_index("indicator_id")
    columns = 2
    rows = -(-len(indicator_ids) // columns)
    figure = new_figure("Một số kết quả chính", SOURCE_RECORD, size=(WIDTH, 1.15 * rows + 0.7))
    axes = figure.axes[0]
    axes.set_axis_off()
    axes.set_xlim(0, columns)
    axes.set_ylim(rows, 0)
    for index, key in enumerate(indicator_ids):
        row = table.loc[key]
        x, y = index % columns, index // columns
        axes.add_patch(
            mpl.patches.FancyBboxPatch(
                (x + 0.04, y + 0.06),
                0.92,
                0.88,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor="#f2f6fa",
                edgecolor=PALETTE[0],
                linewidth=0.8,
            )
        )
        axes.text(
            x + 0.5,
            y + 0.34,
            _headline(row),
            ha="center",
            va="center",
            fontsize=16,
            fontweight="bold",
            color=PALETTE[0],
        )
        axes.text(
            x + 0.5,
            y + 0.72,
            textwrap.fill(row["subject"], 40),
            ha="center",
            va="center",
            fontsize=7.5,
            linespacing=1.15,
        )
    return figure


def _headline(row: pd.Series) -> str:
    """The figure as the panel shows it: "≥ 240" for "trên 240"; the words for an order."""
    if row["qualifier"] == "order_of_magnitude":
        return row["value_as_written"]
    shown = fmt.quantity(row["value"], row["unit"], "exact", row["value_as_written"])
    if row["unit"] not in ("%", "đồng"):
        shown = fmt.number(row["value"])
    return f"≥ {shown}" if row["qualifier"] == "more_than" else shown
