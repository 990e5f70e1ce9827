"""What the edition says of the report, of its sources and of itself is no more than they
support (issue "editorial pass two"): each test is one class of slip, checked where the
reader meets it."""

from __future__ import annotations

import re

import pandas as pd
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from pypdf import PdfReader

from bao_cao import wording
from bao_cao.data import load_table
from bao_cao.data.record import REPO_ROOT, load, load_record
from bao_cao.site.citation import load_metadata

from textutil import squeeze

RECORD_TEXT = " ".join(p.text for p in load_record())


def soup(built_book, page: str) -> BeautifulSoup:
    return BeautifulSoup(built_book.page(page).read_text(encoding="utf-8"), "html.parser")


# Data: the tables name and classify only as the report does.


def test_a_place_is_of_a_kind_the_report_names():
    """Not "thành phố thuộc tỉnh", which neither the report nor a reference says."""
    for place in load_table("places").itertuples():
        assert re.search(rf"\b{re.escape(place.kind)}\b", RECORD_TEXT, re.IGNORECASE), place


def test_bodies_are_named_as_the_report_names_them_and_no_level_is_guessed():
    actors = load_table("actors").set_index("actor_id")
    # "Lực lượng y tế, vũ trang xung kích ra tuyến đầu": "xung kích" is what they did.
    assert "xung kích" not in actors.loc["luc-luong-vu-trang", "name"]
    # The report gives no level for the people, businesses, charities or the self-managed
    # groups ("các cấp", "cơ sở" were the edition's guesses).
    for actor_id in ("nhan-dan", "doanh-nghiep", "thien-nguyen", "to-tu-quan"):
        assert actors.loc[actor_id, "level"] == "không nêu", actor_id
    # "hoạt động thiện nguyện" is an activity; it names nobody.
    assert "hoạt động thiện nguyện" not in actors.loc["thien-nguyen", "mentions"]


def test_an_inspection_of_places_names_no_body_the_report_does_not():
    oversight = load_table("oversight").set_index("oversight_id")
    row = oversight.loc["so-ldtbxh-kiem-tra"]
    assert row["target_as_written"] == "các huyện, thành phố"
    assert pd.isna(row["target_actor_ids"])
    assert "không nêu cơ quan" in row["note"]


def test_an_issuer_read_from_the_same_sentence_says_so():
    documents = load_table("documents").set_index("document_id")
    for document_id in ("pa-hang-hoa-thiet-yeu", "kb-cung-ung-phong-toa"):
        note = documents.loc[document_id, "note"]
        assert "câu trước" not in note
        assert "cùng câu" in note


def test_the_version_history_states_no_count_and_no_milestones():
    """A count the edition states of itself is computed from the data or tested; the
    history states none, and calls events what they are."""
    history = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    counted = re.findall(
        r"\b(\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(chỗ|hình|bảng|văn bản|ghi chú)\b",
        history,
        re.IGNORECASE,
    )
    assert counted == []
    assert "mốc" not in history


def test_completeness_is_claimed_nowhere_it_was_not_checked():
    for path in [*(REPO_ROOT / "book").glob("*.md"), REPO_ROOT / "data" / "datapackage.json"]:
        text = path.read_text(encoding="utf-8")
        for claim in ("liệt kê đủ", "Mọi chỗ sai", "Every slip"):
            assert claim not in text, (path.name, claim)


# The built book.


def test_the_front_page_and_the_title_page_say_first_that_this_is_not_the_original(built_book):
    meta = load_metadata(REPO_ROOT)
    title, sentence = wording.not_the_original(meta.edition_author, meta.author)
    front = soup(built_book, "index").select_one("article.bd-article")
    notice = front.select_one(".khong-phai-ban-goc")
    assert notice.get_text(" ", strip=True) == f"{title} {sentence}"
    # Before the report's title and its first words.
    order = [
        element
        for element in front.find_all(True)
        if element is notice or "tieu-de-bao-cao" in element.get("class", [])
    ]
    assert order[0] is notice
    first_page = squeeze(PdfReader(built_book.pdf).pages[0].extract_text())
    assert squeeze(title) in first_page
    assert squeeze(sentence) in first_page
    # One date for one edition: its release's, as every citation says it.
    assert squeeze(meta.release_statement) in first_page
    assert "lập, ngày" not in first_page


def test_every_page_the_edition_writes_opens_by_saying_so(built_book):
    report_pages = set(load().pages.values())
    for path in sorted((built_book.html / "book").glob("*.html")):
        if path.stem in report_pages or path.stem == "index":
            continue
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        first = html.select_one("article.bd-article section p")
        assert first is not None, path.name
        assert first.select_one(".nhan-an-ban"), path.name
        assert "không thuộc văn bản báo cáo" in first.get_text(" "), path.name


def test_the_front_pages_figures_are_said_to_be_the_editions_selection(built_book):
    figure = soup(built_book, "index").find("figure", id="hinh-cac-so-lieu-chinh")
    caption = figure.find("figcaption").get_text(" ")
    assert "do ấn bản chọn" in caption
    assert "kết quả chính" not in caption


def test_there_is_no_general_index_out_of_vietnamese_order(built_book):
    assert not (built_book.html / "genindex.html").exists()
    for path in (built_book.html / "book").glob("*.html"):
        assert "genindex.html" not in path.read_text(encoding="utf-8"), path.name


def test_a_document_named_in_passing_keeps_the_reports_words_in_the_bibtex(built_book):
    entries = parse_file(built_book.html / "van-ban-vien-dan.bib").entries
    documents = load_table("documents").set_index("document_id")
    unnumbered = documents[documents["number"].isna()]
    for document_id, row in unnumbered.iterrows():
        # The title in braces: BibTeX keeps its capitals as written.
        assert entries[document_id].fields["title"].strip("{}") == row["mention"], document_id
    assert entries["qd-kiem-soat-rieng"].fields["title"].strip("{}").startswith("quy định")


def test_facts_from_outside_the_report_cite_the_editions_reference_notes(built_book):
    listing = soup(built_book, "van-ban-vien-dan").select_one("article.bd-article").get_text(" ")
    assert wording.REFERENCE_SOURCE in listing
    # The notes name their sources together; the page says so rather than crediting two.
    assert "không ghi nguồn nào xác nhận văn bản nào" in " ".join(listing.split())
    assert (REPO_ROOT / "data" / "source" / "tai-lieu-tham-khao.md").is_file()


def test_the_count_of_documents_says_which_the_report_only_refers_to(built_book):
    from bao_cao.figures import referred_to_in_passing

    documents = load_table("documents")
    generic = referred_to_in_passing(documents)
    text = " ".join(soup(built_book, "muc-i").get_text(" ").split())
    assert f"Báo cáo viện dẫn {len(documents)} văn bản" in text
    assert "Báo cáo nêu tên" not in text
    for mention in generic["mention"]:
        assert f"“{mention}”" in text


# Names Hình 3 cut with "…" when they were longer than its labels.
CUT_NAMES = (
    "Ban Thi đua - Khen thưởng Trung ương",
    "Sở Lao động - Thương binh và Xã hội",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
)


def test_no_name_is_cut_in_the_chart_of_bodies(built_book):
    figure = soup(built_book, "muc-ii").find("figure")
    svg = (built_book.page("muc-ii").parent / figure.find("img")["src"]).read_text("utf-8")
    for name in CUT_NAMES:
        words = name.split()
        assert words[-1] in svg, name
        for cut in range(1, len(words)):
            assert " ".join(words[:cut]) + "…" not in svg, name


def test_a_day_far_above_its_neighbours_is_set_apart_and_a_steady_rise_is_not():
    from bao_cao import charts

    days = pd.date_range("2021-10-01", periods=40)
    rising = pd.DataFrame({"date": days, "new_cases": range(40, 440, 10), "new_deaths": 0})
    assert charts.reporting_spikes(rising).empty
    batch = rising.copy()
    batch.loc[20, "new_cases"] = 5 * int(batch.loc[20, "new_cases"])
    assert list(charts.reporting_spikes(batch).index) == [days[20]]


def test_the_appendix_says_which_days_are_spikes_and_the_peak_without_them(built_book):
    from bao_cao import charts, fmt

    daily = load_table("ninh_thuan_covid_daily")
    spikes = charts.reporting_spikes(daily)
    assert len(spikes)
    text = " ".join(soup(built_book, "phu-luc-boi-canh-dich-benh").get_text(" ").split())
    assert charts.spike_rule() in text
    for day, row in spikes.iterrows():
        assert f"{fmt.date(day)}: {fmt.number(int(row.new_cases))} ca" in text
    apart = daily.assign(new_cases=daily["new_cases"].mask(daily["date"].isin(spikes.index), 0))
    steady = charts.whole_weeks(apart)["new_cases"]
    assert f"{fmt.number(int(steady.max()))} ca" in text


# Slips a second reading found (issue "editorial pass two"), one of each class, and two
# marks that are ordinary punctuation, not slips.
FOUND_ON_REREADING = (
    "ảnh hưởng sâu sắc mọi mặt",
    "đặc biệt sự phối hợp",
    "Công tác triển khai ứng dụng đã thông tin",
    "một số các tỉnh",
    "các Chỉ thị, Nghị quyết",
    "Lãnh đạo Tỉnh ủy",
    "các Ban, ngành",
    ": Vừa",
    ": Dự phòng",
    ": Quyết liệt",
    ": Lực lượng",
    ": Hỗ trợ",
    "Đài Phát thanh Truyền hình",
    "các tỉnh Bình Dương, Thành phố Hồ Chí Minh",
    "Covid-19",
    "đồng lòng thi đua",
)
NOT_SLIPS = ("phương án, để", "Xã hội; UBND huyện Ninh Phước")


def test_the_slips_of_a_second_reading_are_noted_and_ordinary_punctuation_is_not():
    originals = [note.original for note in load_table("editorial_notes").itertuples()]
    for words in FOUND_ON_REREADING:
        assert any(words in original for original in originals), words
    for words in NOT_SLIPS:
        assert not any(words in original for original in originals), words


def test_every_variant_spelling_is_noted_wherever_it_stands():
    """The policy: a spelling other than the report's usual one is noted in every
    paragraph that has it."""
    notes = load_table("editorial_notes")
    for variant in ("Covid-19", "đồng lòng thi đua"):
        noted = set(notes[notes["original"].str.contains(variant, regex=False)]["paragraph_id"])
        having = {p.id for p in load_record() if variant in p.text}
        assert having == noted, variant


def test_a_reading_of_the_reports_words_is_never_quoted_as_its_words(built_book):
    """The report writes "tính đến tháng 5 năm 2022 đến nay"; "từ tháng 5 năm 2022" is the
    edition's reading, said so wherever it stands."""
    for path in (built_book.html / "book").glob("*.html"):
        text = " ".join(BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text(" ").split())
        for match in re.finditer(r"“từ tháng 5 năm 2022", text):
            before = text[max(0, match.start() - 40) : match.start()]
            assert "hiểu là" in before, (path.name, before)
