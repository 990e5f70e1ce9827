"""What a chapter's code cell calls: load the data, glue its figures into the prose, draw.

Each function here is one figure of the book. It reads the tables it needs, glues the
numbers the surrounding prose shows (formatted the Vietnamese way), and returns the
chart, which the cell displays as SVG on the web and PDF in the printed book.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from bao_cao import charts, fmt
from bao_cao.data import load_table

KEY_FIGURES = (
    "tiem-tu-2-mui",
    "tiem-nhac-lai",
    "van-ban-ubnd-tinh",
    "vong-kiem-soat",
    "von-vay",
    "cuoc-hop",
)


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
    """
    _glue(name, str(text))


def glue_markdown(name: str, markdown: str) -> None:
    """Glue a block of MyST markdown (shown with the {glue:md} directive)."""
    from IPython.display import Markdown

    _glue(name, Markdown(markdown))


def use_book_output() -> None:
    """Figures as SVG for the web and PDF for the printed book, never a raster.

    The style goes into the kernel's global settings because figures are saved after the
    chart function returns, when the notebook displays them (text stays text in SVG).
    """
    mpl.rcParams.update(charts.STYLE)
    if _in_notebook():
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", "pdf")


def _indicator_text(indicators: pd.DataFrame, indicator_id: str) -> str:
    row = indicators.set_index("indicator_id").loc[indicator_id]
    return fmt.quantity(row["value"], row["unit"], row["qualifier"], row["value_as_written"])


def key_figures() -> Figure:
    """Front page: the key-figures panel, and its figures glued for the summary."""
    use_book_output()
    indicators = load_table("indicators")
    for indicator_id in KEY_FIGURES:
        glue_text(indicator_id.replace("-", "_"), _indicator_text(indicators, indicator_id))
    return charts.key_figures(indicators, KEY_FIGURES)


def vaccination() -> Figure:
    """II.6: two-dose and booster coverage against the target, with the age groups."""
    use_book_output()
    indicators = load_table("indicators")
    for indicator_id in ("tiem-tu-2-mui", "tiem-nhac-lai"):
        glue_text(indicator_id.replace("-", "_"), _indicator_text(indicators, indicator_id))
    return charts.vaccination_coverage(indicators, load_table("vaccination_age_groups"))


def commendations() -> Figure:
    """IV: collectives and individuals commended."""
    use_book_output()
    indicators = load_table("indicators")
    commended = load_table("commendations")
    counts = indicators.set_index("indicator_id").loc[commended["indicator_id"], "value"]
    glue_text("tong_khen_thuong", fmt.number(float(counts.sum())))
    return charts.commendations_chart(commended, indicators)


def documents_timeline() -> Figure:
    """I and the timeline page: the documents the report cites, with the milestones."""
    use_book_output()
    documents = load_table("documents")
    events = load_table("events")
    glue_text("so_van_ban", fmt.number(len(documents)))
    glue_text("so_van_ban_co_ngay", fmt.number(int(documents["date"].notna().sum())))
    glue_markdown("cac_moc", "\n".join(charts.event_legend(events)))
    return charts.documents_timeline(documents, events)


def actors() -> Figure:
    """II: which organisations and forces each section names."""
    use_book_output()
    actor_table = load_table("actors")
    glue_text("so_co_quan", fmt.number(len(actor_table)))
    return charts.actors_by_section(actor_table, load_table("sections"))


def epidemic() -> Figure:
    """Appendix: weekly cases and deaths (supplementary data) with the central directives."""
    use_book_output()
    daily = load_table("ninh_thuan_covid_daily")
    glue_text("tong_ca_mac", fmt.number(int(daily["new_cases"].sum())))
    glue_text("tong_tu_vong", fmt.number(int(daily["new_deaths"].sum())))
    glue_text("ngay_dau", fmt.date(daily["date"].min()))
    glue_text("ngay_cuoi", fmt.date(daily["date"].max()))
    weekly = daily.set_index("date")["new_cases"].resample("W-SUN").sum()
    glue_text("tuan_cao_nhat", fmt.date(weekly.idxmax() - pd.Timedelta(days=6)))
    glue_text("ca_tuan_cao_nhat", fmt.number(int(weekly.max())))
    return charts.epidemic_weekly(daily, load_table("documents"))
