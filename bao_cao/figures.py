"""What a chapter's code cell calls: load the data, glue its figures into the prose, draw.

Each function here is one figure of the book. It reads the tables it needs, glues the
numbers the surrounding prose shows (formatted the Vietnamese way), and returns the
chart (charts.Chart: drawn for the page and for a phone), which the cell displays as
SVG on the web and PDF in the printed book. The rows each one cannot do without are
declared in bao_cao.data.needs (the validator checks them before any chapter runs).
"""

from __future__ import annotations

import matplotlib.style
import pandas as pd

from bao_cao import charts, fmt
from bao_cao.data import field_titles, load_table, numbered_events, resource_descriptor
from bao_cao.data.needs import KEY_FIGURES, VACCINATION


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return get_ipython() is not None


def _glue(name: str, value) -> None:
    if _in_notebook():
        from myst_nb import glue

        glue(name, value, display=False)


def glue_text(name: str, text: str) -> None:
    """Glue a piece of prose (shown with {glue:text}`name`).

    Glued as a plain str: myst-nb reads the text back with literal_eval, which takes the
    quotes of a str's repr off; unquoted, "1.390" would come back as the number 1.39.
    {glue:text} inserts it as a text node: what staff typed is never read as markup.
    """
    _glue(name, str(text))


def use_book_output() -> None:
    """The book's chart style for anything the kernel draws (charts.Chart renders itself
    as SVG for the web and PDF for the printed book, never a raster)."""
    matplotlib.style.use(charts.STYLE_FILE)


def chart_table(*parts: tuple) -> pd.DataFrame:
    """The rows a chart is drawn from, as the CSV has them, under the Vietnamese titles of
    their columns (datapackage.json's: each part's from its table, or the first of its
    tables with that column). Rows of several parts stand one after another, after a
    column naming each row's table, under the union of their titles: a title two tables
    share is one column. A part is (rows, table or tables[, what its rows are, where they
    are not the table's own rows])."""
    frames = []
    for rows, tables, *label in parts:
        named = (tables,) if isinstance(tables, str) else tables
        titled = rows.rename(columns=field_titles(named)).reset_index(drop=True)
        if len(parts) > 1:
            titled.insert(
                0, TABLE_COLUMN, label[0] if label else resource_descriptor(named[0])["title"]
            )
        frames.append(titled)
    return pd.concat(frames, ignore_index=True).astype(object).fillna("")


# The column that names each row's table where a chart draws from several.
TABLE_COLUMN = "Bảng"
# The appendix chart's weeks, as its table heads them.
WEEK_FROM, WEEK_TO = "Tuần từ ngày (thứ Hai)", "Đến ngày (Chủ nhật)"
WEEK_CASES, WEEK_DEATHS = "Ca mắc mới trong tuần", "Ca tử vong mới trong tuần"


def referred_to_in_passing(documents: pd.DataFrame) -> pd.DataFrame:
    """The documents the report refers to only in passing ("Kế hoạch của tỉnh"): no
    number, no date and no subject; I's count of documents names them."""
    return documents[
        documents["number"].isna()
        & documents["date_as_written"].isna()
        & documents["subject"].isna()
    ]


def _rows(table: str, key: str, ids: tuple[str, ...] | pd.Series) -> pd.DataFrame:
    """A table's rows whose `key` is one of `ids`, in that order, as written."""
    written = load_table(table, as_written=True).set_index(key, drop=False)
    return written.loc[list(ids)]


def _indicator_text(indicators: pd.DataFrame, indicator_id: str) -> str:
    """The figure as prose states it; where the unit is the edition's reading (the report
    wrote "16 tỷ"), the report's own words."""
    row = indicators.set_index("indicator_id").loc[indicator_id]
    if row["unit_source"] == "reading":
        return row["value_as_written"]
    return fmt.quantity(row["value"], row["unit"], row["qualifier"], row["value_as_written"])


def key_figures() -> charts.Chart:
    """Front page: the key-figures panel, and its figures glued for the summary."""
    use_book_output()
    indicators = load_table("indicators")
    for indicator_id in KEY_FIGURES:
        glue_text(indicator_id.replace("-", "_"), _indicator_text(indicators, indicator_id))
    return charts.Chart(
        lambda layout: charts.key_figures(indicators, KEY_FIGURES, layout),
        chart_table((_rows("indicators", "indicator_id", KEY_FIGURES), "indicators")),
    )


def vaccination() -> charts.Chart:
    """II.6: the two vaccination rates of II.1, each under its own base."""
    use_book_output()
    indicators = load_table("indicators")
    for indicator_id in VACCINATION:
        glue_text(indicator_id.replace("-", "_"), _indicator_text(indicators, indicator_id))
    return charts.Chart(
        lambda layout: charts.vaccination_coverage(indicators, layout),
        chart_table((_rows("indicators", "indicator_id", VACCINATION), "indicators")),
    )


def commendations() -> charts.Chart:
    """IV: collectives and individuals commended."""
    use_book_output()
    indicators = load_table("indicators")
    commended = load_table("commendations")
    # Each group as the report writes it: the report adds none of them up.
    for indicator_id in commended["indicator_id"]:
        glue_text(indicator_id.replace("-", "_"), _indicator_text(indicators, indicator_id))
    # Each bar: the commendation, with the count and unit the report gives for it.
    counts = _rows("indicators", "indicator_id", commended["indicator_id"])
    table = load_table("commendations", as_written=True).merge(
        counts[["indicator_id", "value", "unit", "value_as_written"]].reset_index(drop=True),
        on="indicator_id",
        how="left",
    )
    return charts.Chart(
        lambda layout: charts.commendations_chart(commended, indicators, layout),
        chart_table((table, ("commendations", "indicators"))),
    )


def documents_timeline() -> charts.Chart:
    """I and the timeline page: the documents the report cites, with the milestones."""
    use_book_output()
    documents = load_table("documents")
    events = load_table("events")
    # The edition's counts (the report counts none of these), by where each date comes from.
    glue_text("so_van_ban", fmt.number(len(documents)))
    generic = referred_to_in_passing(documents)
    glue_text("so_van_ban_goi_chung", fmt.number(len(generic)))
    glue_text("van_ban_goi_chung", ", ".join(f"“{m}”" for m in generic["mention"]))
    sources = documents["date_source"].value_counts()
    written = int(sources.get("record", 0) + sources.get("reading", 0))
    glue_text("so_van_ban_ngay_bao_cao", fmt.number(written))
    glue_text("so_van_ban_ngay_doc", fmt.number(int(sources.get("reading", 0))))
    glue_text("so_van_ban_ngay_ngoai", fmt.number(int(sources.get("reference", 0))))
    glue_text("so_van_ban_khong_ngay", fmt.number(int(documents["date"].isna().sum())))
    # The documents it draws (those with a date), then its events in the order of the
    # numbers the chart gives them.
    written = load_table("documents", as_written=True)
    numbered = [event.event_id for _, event in numbered_events(events)]
    return charts.Chart(
        lambda layout: charts.documents_timeline(documents, events, layout),
        chart_table(
            (written[written["date"] != ""], "documents"),
            (_rows("events", "event_id", tuple(numbered)), "events"),
        ),
    )


def actors() -> charts.Chart:
    """II: which organisations and forces each section names."""
    use_book_output()
    actor_table = load_table("actors")
    glue_text("so_co_quan", fmt.number(len(actor_table)))
    sections = load_table("sections")
    return charts.Chart(
        lambda layout: charts.actors_by_section(actor_table, sections, layout),
        chart_table((load_table("actors", as_written=True), "actors")),
    )


def epidemic() -> charts.Chart:
    """Appendix: weekly cases and deaths (supplementary data) with the central directives."""
    use_book_output()
    daily = load_table("ninh_thuan_covid_daily")
    glue_text("tong_ca_mac", fmt.number(int(daily["new_cases"].sum())))
    glue_text("tong_tu_vong", fmt.number(int(daily["new_deaths"].sum())))
    glue_text("ngay_dau", fmt.date(daily["date"].min()))
    glue_text("ngay_cuoi", fmt.date(daily["date"].max()))
    weekly_cases = charts.whole_weeks(daily)["new_cases"]
    glue_text("tuan_cao_nhat", fmt.date(weekly_cases.idxmax() - pd.Timedelta(days=6)))
    glue_text("ca_tuan_cao_nhat", fmt.number(int(weekly_cases.max())))
    # The same without the days the spike rule sets apart.
    spikes = charts.reporting_spikes(daily)
    glue_text("so_ngay_dot_bien", fmt.number(len(spikes)))
    glue_text("quy_tac_dot_bien", charts.spike_rule())
    glue_text(
        "ngay_dot_bien",
        "; ".join(
            f"{fmt.date(day)}: {fmt.number(int(row.new_cases))} ca, trung vị quanh đó "
            f"{fmt.number(row.median_around)} ca"
            for day, row in spikes.iterrows()
        ),
    )
    # A spike day counted as no new cases: the week keeps its seven days.
    apart = daily.assign(new_cases=daily["new_cases"].mask(daily["date"].isin(spikes.index), 0))
    steady = charts.whole_weeks(apart)["new_cases"]
    glue_text("tuan_cao_nhat_khong_dot_bien", fmt.date(steady.idxmax() - pd.Timedelta(days=6)))
    glue_text("ca_tuan_cao_nhat_khong_dot_bien", fmt.number(int(steady.max())))
    documents = load_table("documents")
    # The weeks it draws, then the directives it marks, in the order of their numbers.
    end = daily["date"].max().strftime("%Y-%m-%d")
    weeks = charts.drawn_weeks(daily, charts.EPIDEMIC_START, end)
    weekly = pd.DataFrame(
        {
            WEEK_FROM: (weeks.index - pd.Timedelta(days=6)).strftime("%Y-%m-%d"),
            WEEK_TO: weeks.index.strftime("%Y-%m-%d"),
            WEEK_CASES: weeks["new_cases"].astype(int).astype(str),
            WEEK_DEATHS: weeks["new_deaths"].astype(int).astype(str),
        }
    )
    weeks_are = "Tổng theo tuần, từ số liệu bổ sung hằng ngày (không thuộc báo cáo)"
    directives = charts.key_directives(documents, charts.EPIDEMIC_START, end)["document_id"]
    return charts.Chart(
        lambda layout: charts.epidemic_weekly(daily, documents, layout=layout),
        chart_table(
            (weekly, "ninh_thuan_covid_daily", weeks_are),
            (_rows("documents", "document_id", tuple(directives)), "documents"),
        ),
    )
