"""The reader's experience in a real browser (Debian's Chromium, driven by Playwright):
offline, searchable in Vietnamese, accessible, good on a phone, downloads that work."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from bao_cao import fmt
from bao_cao.data import field_titles
from bao_cao.site.compress import compressible
from bao_cao.sphinxext.search import fold, query_terms

from conftest import PUBLIC_URL, SCREENS
from test_html import toc_page_paths

pytestmark = pytest.mark.browser
PAGES = toc_page_paths()


def test_the_site_works_opened_from_the_file_system(built_book, fresh_page):
    requests = []
    fresh_page.on("request", lambda request: requests.append(request.url))
    fresh_page.goto((built_book.html / "book" / "muc-ii-6.html").as_uri(), wait_until="load")
    assert "Triển khai hiệu quả" in fresh_page.locator("article h1").inner_text()
    width = fresh_page.evaluate("document.querySelector('#hinh-tiem-chung img').naturalWidth")
    assert width > 0
    assert all(url.startswith(("file://", "data:")) for url in requests)


def search(page, site: str, query: str) -> list[str]:
    """Type the query into the search page's box; return the result pages' addresses."""
    page.goto(site + "search.html", wait_until="load")
    box = page.locator(
        "form.bd-search input[name=q], #search-documentation input[name=q], input[name=q]"
    ).last
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary')?.textContent.length > 0",
        timeout=15000,
    )
    links = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [re.sub(r"[?#].*$", "", link) for link in links]


def test_a_paragraph_reached_by_its_address_is_highlighted(site, page):
    page.goto(site + "book/muc-ii-6.html#II.6.2", wait_until="load")
    cited = page.evaluate("getComputedStyle(document.getElementById('II.6.2')).backgroundColor")
    other = page.evaluate("getComputedStyle(document.getElementById('II.6.1')).backgroundColor")
    assert cited != other
    assert cited not in ("rgba(0, 0, 0, 0)", "transparent")


def test_previous_and_next_read_as_written(site, page):
    """ "Trang trước", "Trang sau": the theme's capitals no longer win over the book's rule."""
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    transforms = page.locator(".prev-next-subtitle").evaluate_all(
        "items => items.map(item => getComputedStyle(item).textTransform)"
    )
    assert transforms
    assert set(transforms) == {"none"}


def test_numbers_typed_alone_find_the_documents_that_carry_them(site, page):
    """Readers look documents up by number; Sphinx's search dropped words of digits alone."""
    assert "book/index.html" in search(page, site, "3079")
    results = search(page, site, "1497/QĐ-TTg")
    assert results
    assert all("1497" in (page.context.request.get(site + result).text()) for result in results), (
        results
    )


def test_search_finds_words_typed_without_diacritics(site, page):
    results = search(page, site, "tiem chung")
    assert "book/muc-ii-6.html" in results
    assert "book/muc-i.html" in results
    results = search(page, site, "dam bao")
    assert results  # “đảm bảo”
    text = page.locator("#search-results").inner_text().lower()
    assert "đảm bảo" in text


def search_results(page, site: str, query: str) -> list[dict]:
    """Each result of the query: its address, title, snippet text and marked words."""
    search(page, site, query)
    return page.locator("#search-results ul.search li").evaluate_all(
        """items => items.map(li => ({
             href: li.querySelector('a').getAttribute('href'),
             title: li.querySelector('a').textContent,
             snippet: li.querySelector('p.context')?.textContent || '',
             marked: [...li.querySelectorAll('p.context mark')].map(m => m.textContent)}))"""
    )


def fold_words(words: list[str]) -> set[str]:
    return {fold(word) for word in words}


@pytest.mark.parametrize("query", ["tiem chung", "tiêm chủng", "3079", "ubnd tinh", "covid"])
def test_snippets_come_from_the_pages_own_text_with_the_words_marked(site, page, query):
    """Sphinx cut snippets from header buttons, citations and ids glued to words."""
    results = search_results(page, site, query)
    assert results
    for result in results:
        assert not re.search(r"Tải PDF|BibTeX|@techreport|Trích dẫn trang", result["snippet"])
        assert not re.search(r"\b(?:[IVX]+|NN)\.[0-9.]*[0-9][A-ZĐa-zđ]", result["snippet"])
        assert result["marked"], result
        assert fold_words(result["marked"]) <= set(query_terms(fold(query))), result
        # Typed with diacritics, the marked words are the ones typed.
        if query != fold(query):
            assert {word.lower() for word in result["marked"]} <= set(query_terms(query))


def test_a_result_links_to_the_paragraph_its_snippet_comes_from(site, page):
    first = search_results(page, site, "tiep tuc dua tin")[0]
    assert first["href"] == "book/muc-ii-6.html#II.6.2"
    page.goto(site + first["href"], wait_until="domcontentloaded")
    # The paragraph as shown, without its footnote marks (which snippets leave out).
    paragraph = re.sub(r"\[\d+\]", "", page.locator("[id='II.6.2']").inner_text())
    assert first["snippet"].strip("…")[:60] in paragraph


def test_the_section_a_query_is_about_comes_first(site, page):
    """Title and headings weigh more than a passing mention."""
    assert search(page, site, "tiem chung")[0] == "book/muc-ii-6.html"
    assert search(page, site, "khen thuong")[0] == "book/muc-iv.html"
    assert search(page, site, "thuat ngu")[0] == "book/thuat-ngu.html"


def test_the_search_page_fetches_no_result_page(site, fresh_page):
    """Sphinx fetched every result page to cut its snippet: slow on a phone."""
    fetched = []
    fresh_page.on("request", lambda request: fetched.append(request.url))
    search(fresh_page, site, "tiem")
    assert not [url for url in fetched if "/book/" in url]


def test_search_keeps_syllables_english_would_drop(site, page):
    # "Tổ nhân dân tự quản": "to" is an English stop word, a Vietnamese syllable.
    assert "book/muc-ii-5.html" in search(page, site, "to nhan dan tu quan")


def test_several_syllables_match_as_a_phrase(site, page):
    # "tiếp tục đưa tin" stands only in II.6 (no note quotes it); "đưa" alone is on
    # several pages.
    assert search(page, site, "tiep tuc dua tin") == ["book/muc-ii-6.html"]
    assert len(search(page, site, "dua")) > 1


def test_diacritics_typed_match_exactly(site, page):
    exact = search(page, site, "tiêm chủng")
    assert exact
    assert "book/muc-ii-6.html" in exact
    assert search(page, site, "tiềm chúng") == []


def test_keyboard_alone_reaches_the_content(site, page):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused  # the first stop is a visible control ("Bỏ qua, đến nội dung chính")
    page.keyboard.press("Enter")
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("document.activeElement.className"))
    assert any("so-doan" in name for name in seen)  # paragraph links are reachable


def test_print_stylesheet_hides_navigation_and_says_what_the_page_is(site, page):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.emulate_media(media="print")
    assert not page.locator(".bd-sidebar-primary").is_visible()
    assert page.locator("#hinh-tiem-chung img").is_visible()
    citation = page.locator(".trich-dan").last
    reference = citation.locator(".highlight-none pre")
    assert reference.is_visible()
    assert "Mục II.6" in reference.inner_text()
    # The address: the release's (the session's book has its public url).
    assert "phiên bản" in reference.inner_text()
    assert PUBLIC_URL in reference.inner_text()
    assert not citation.locator(".highlight-bibtex").is_visible()
    title_size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"
    )
    assert title_size <= 28


def test_a_printed_page_gives_the_full_address_of_each_link(site, page):
    """Every link was relative, and the print rule covered only http links."""
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    on_screen = page.locator(".so-lien-ket, .lien-ket-khi-in").evaluate_all(
        "elements => elements.filter(e => e.offsetParent !== null).length"
    )
    page.emulate_media(media="print")
    numbers = page.locator("sup.so-lien-ket").all_inner_texts()
    addresses = page.locator(".lien-ket-khi-in li").all_inner_texts()
    # Inside the report's words a link prints as the words, without a number.
    in_report = page.locator(".doan-bao-cao sup.so-lien-ket").count()
    ends_with_citation = page.evaluate(
        "document.querySelector('.lien-ket-khi-in').nextElementSibling.matches('.trich-dan')"
    )
    assert on_screen == 0
    assert numbers
    assert set(numbers) == {f"[{n}]" for n in range(1, len(addresses) + 1)}
    assert all(address.startswith(site) for address in addresses), addresses
    assert any(address.endswith("indicators.csv") for address in addresses)
    assert in_report == 0
    assert ends_with_citation


@pytest.mark.parametrize(
    ("path", "caption"), [("book/dong-thoi-gian.html", "Hình 6"), ("book/muc-ii.html", "Hình 3")]
)
def test_a_printed_chart_starts_on_the_page_it_follows(site, page, tmp_path, path, caption):
    """A chart taller than what was left of the page moved whole to the next page and
    left half a page blank before it."""
    page.goto(site + path, wait_until="load")
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), format="A4")
    first_page = PdfReader(printed).pages[0].extract_text()
    assert caption in first_page


@pytest.mark.parametrize(
    ("selector", "expected_start", "suffix"),
    [
        ("a.tai-pdf", b"%PDF", ".pdf"),
        # II.6's chart table, with a BOM for Excel, under the columns' Vietnamese titles.
        (
            "a.tai-csv",
            b"\xef\xbb\xbf" + ",".join(field_titles(("indicators",)).values()).encode(),
            ".csv",
        ),
        ("a.tai-bib", b"@misc{", ".bib"),
    ],
)
def test_downloads_arrive_and_are_what_they_claim(site, page, selector, expected_start, suffix):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    with page.expect_download() as download_info:
        page.locator(selector).first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(suffix)
    assert Path(download.path()).read_bytes().startswith(expected_start)


def test_the_search_box_of_any_page_leads_to_results(site, page):
    """Ctrl+K opens the theme's search box on a chapter; Enter shows the results page."""
    page.goto(site + "book/muc-iv.html", wait_until="load")
    page.keyboard.press("Control+k")
    box = page.locator("input[name=q]:visible").first
    box.fill("khen thuong")
    box.press("Enter")
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary')?.textContent.length > 0",
        timeout=30000,  # the index is read and searched in the page: slow beside a build
    )
    assert "search.html" in page.url
    links = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any("muc-iv.html" in link for link in links)


SPLITTER_INPUTS = [
    "tiem chung",
    "Tiêm chủng vắc xin",
    "ĐẨY NHANH tiến-độ",
    "COVID-19 1497/QĐ-TTg",
    "3079",
    unicodedata.normalize("NFD", "đẩy nhanh tiến độ tiêm"),
    "Ủy ban; nhân—dân “tỉnh”",
    "   ",
]


def test_the_browser_splits_queries_as_python_indexes_them(site, page):
    """The search language's JavaScript twin (splitQuery) gives Python's terms, input by input."""
    page.goto(site + "search.html", wait_until="load")
    for query in SPLITTER_INPUTS:
        assert page.evaluate("(q) => splitQuery(q)", query) == query_terms(query), query


def test_on_a_phone_the_menu_button_opens_the_contents_and_its_links_work(site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.locator(".bd-header-article .primary-toggle").click()
    drawer = page.locator("#pst-primary-sidebar-modal")
    opened = drawer.evaluate("dialog => dialog.open")
    drawer.get_by_role("link", name="IV. CÔNG TÁC KHEN THƯỞNG", exact=False).first.click()
    page.wait_for_url("**/muc-iv.html", wait_until="load")
    url = page.url
    context.close()
    assert opened
    assert url.endswith("book/muc-iv.html")


def test_on_a_wide_screen_the_menu_button_hides_and_shows_the_contents(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    sidebar = page.locator("#pst-primary-sidebar")
    button = page.locator(".bd-header-article .primary-toggle")
    button.click()
    hidden = sidebar.evaluate("element => element.classList.contains('pst-sidebar-hidden')")
    button.click()
    shown = not sidebar.evaluate("element => element.classList.contains('pst-sidebar-hidden')")
    context.close()
    assert hidden
    assert shown


def test_keyboard_focus_is_visible_on_the_header_controls(site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    seen = {}
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 return [e.className || '', getComputedStyle(e).outlineStyle]; }"""
        )
        for name in ("primary-toggle", "tai-pdf", "tai-csv", "tai-bib"):
            if name in focused[0]:
                seen[name] = focused[1]
    assert set(seen) == {"primary-toggle", "tai-pdf", "tai-csv", "tai-bib"}, seen
    assert all(style not in ("none", "") for style in seen.values()), seen


def test_copy_buttons_and_footer_speak_vietnamese(site, page):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    tooltip = page.locator(".trich-dan .copybtn").first.get_attribute("data-tooltip")
    footer = page.locator("footer").all_inner_texts()
    assert tooltip == "Sao chép"
    assert not any("Copyright" in text for text in footer)


def test_a_wide_screen_shows_one_search_box_and_its_text_clears_the_magnifier(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    visible_boxes = page.locator(".search-button-field").evaluate_all(
        "buttons => buttons.filter(b => b.offsetParent !== null).length"
    )
    page.goto(site + "search.html", wait_until="load")
    clearance = page.evaluate(
        """() => { const form = document.querySelector('form.bd-search');
             const input = form.querySelector('input'), icon = form.querySelector('i, svg');
             const text = input.getBoundingClientRect().left
                          + parseFloat(getComputedStyle(input).paddingLeft);
             return text - icon.getBoundingClientRect().right; }"""
    )
    context.close()
    assert visible_boxes == 1
    assert clearance >= 4  # pixels between the magnifier and the first letter


def test_on_a_phone_each_download_says_what_it_is(site, browser):
    """The PDF link was an icon alone before "CSV" (read as "⬇ CSV")."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    short = page.locator("a.tai-pdf .tai-pdf-ngan")
    shown = short.is_visible() and short.bounding_box()["width"] > 10
    labels = [
        short.inner_text(),
        *(page.locator(s).inner_text() for s in ("a.tai-csv", "a.tai-bib")),
    ]
    full_width = page.locator("a.tai-pdf .tai-pdf-nhan").bounding_box()["width"]
    name = page.locator("a.tai-pdf").evaluate("a => a.textContent")
    context.close()
    assert shown
    assert [label.strip() for label in labels] == ["PDF", "CSV", "BibTeX"]
    assert full_width <= 1
    assert "Tải PDF" in name


def tab_stops(page, count: int) -> list[dict]:
    """Press Tab `count` times; for each stop, what has focus and the size of its box."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                     return {tag: e.tagName, cls: String(e.className), text: e.innerText || '',
                             width: r.width, height: r.height}; }"""
            )
        )
    return stops


@pytest.mark.parametrize("width", SCREENS.values())
def test_every_tab_stop_is_something_the_reader_can_see(site, browser, width):
    """The contents' expand/collapse <summary> was a tab stop zero pixels high."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    stops = tab_stops(page, 45)
    context.close()
    invisible = [s for s in stops if s["tag"] != "BODY" and (s["width"] < 4 or s["height"] < 4)]
    assert invisible == []
    assert any(s["tag"] == "SUMMARY" for s in stops) or width < 992


def test_on_a_phone_previous_and_next_titles_stay_short(site, browser):
    """Side by side at 375 px, the next page's title wrapped to five lines."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    lines = {}
    for path in PAGES:
        page.goto(site + path, wait_until="domcontentloaded")
        lines[path] = page.locator(".prev-next-area .prev-next-title").evaluate_all(
            """titles => titles.map(t => Math.round(t.getBoundingClientRect().height
                                     / parseFloat(getComputedStyle(t).lineHeight)))"""
        )
    context.close()
    assert all(count <= 3 for counts in lines.values() for count in counts), lines


def test_a_tap_on_a_phone_leaves_no_tooltip_over_the_buttons(site, browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.locator(".theme-switch-button").first.tap()
    page.wait_for_timeout(1000)  # Bootstrap shows a tooltip after a delay and a fade
    shown = page.locator(".tooltip").evaluate_all(
        "tips => tips.filter(t => t.getBoundingClientRect().width > 0).map(t => t.innerText)"
    )
    context.close()
    assert shown == []


def test_a_mouse_still_gets_its_tooltip(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.locator(".theme-switch-button").first.hover()
    page.locator(".tooltip.show").wait_for()
    shown = page.locator(".tooltip").evaluate_all(
        "tips => tips.filter(t => t.getBoundingClientRect().width > 0).map(t => t.innerText)"
    )
    context.close()
    assert shown == ["Chế độ màu"]


def test_without_javascript_the_search_page_says_so_in_vietnamese(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "search.html")
    without_script = page.locator("main").inner_text()
    context.close()
    assert "JavaScript" in without_script
    assert "Please" not in without_script


def chart_text_sizes(page, site: str, path: str) -> dict[str, dict]:
    """Each chart of the page: the drawing the browser chose, and its smallest text in
    pixels as displayed (font size × displayed width ÷ the drawing's own width)."""
    page.goto(site + path, wait_until="load")  # the page's images are in by then
    charts = {}
    for figure in page.locator("figure:has(img)").all():
        image = figure.locator("img").first
        source = image.evaluate("img => img.currentSrc")
        shown = image.evaluate("img => img.getBoundingClientRect().width")
        svg = page.context.request.get(source).text()
        drawn = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
        sizes = [float(size) for size in re.findall(r"font-size: ([0-9.]+)px", svg)]
        charts[figure.get_attribute("id")] = {
            "source": source.rsplit("/", 1)[-1],
            "smallest": min(sizes) * shown / drawn,
        }
    return charts


def test_on_a_phone_every_chart_is_drawn_for_the_phone_and_legible(built_book, site, browser):
    """At 375 px the charts' text was 5.5–7 px; it must be at least the body's small
    print (11 px) as displayed. A wide screen keeps the wide drawing."""
    phone = browser.new_context(viewport={"width": 375, "height": 800})
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    seen = {}
    # The pages that show a chart (a figure with an image), as built.
    with_charts = [
        path for path in PAGES if "<img" in (built_book.html / path).read_text(encoding="utf-8")
        and "<figure" in (built_book.html / path).read_text(encoding="utf-8")
    ]  # fmt: skip
    assert len(with_charts) >= 5
    on_a_phone, on_a_desktop = phone.new_page(), desktop.new_page()
    for path in with_charts:
        on_phone = chart_text_sizes(on_a_phone, site, path)
        on_desktop = chart_text_sizes(on_a_desktop, site, path)
        for figure, chart in on_phone.items():
            seen[f"{path}#{figure}"] = (chart, on_desktop[figure])
    phone.close()
    desktop.close()
    assert len(seen) >= 7
    for name, (chart, wide) in seen.items():
        assert chart["smallest"] >= 11, (name, chart)
        assert chart["source"] != wide["source"], name  # two drawings, each for its screen
        assert wide["smallest"] >= 9, (name, wide)


def test_page_i_keys_the_numbered_milestones_of_its_chart(site, page):
    page.goto(site + "book/muc-i.html", wait_until="load")
    figures = page.locator("#hinh-van-ban-theo-thoi-gian").count()
    key = page.locator("ol.cac-moc li").all_inner_texts()
    page.goto(site + "book/dong-thoi-gian.html", wait_until="load")
    timeline_key = page.locator("ol.cac-moc li").all_inner_texts()
    assert figures == 1
    assert key
    assert key == timeline_key


def test_the_glossary_is_in_the_vietnamese_alphabets_order(site, page):
    page.goto(site + "book/thuat-ngu.html", wait_until="load")
    terms = page.locator("dl.glossary > dt").all_inner_texts()
    terms = [term.strip().rstrip("¶#").strip() for term in terms]
    assert len(terms) > 30
    assert terms == sorted(terms, key=fmt.alphabetical)
    position = {term: index for index, term in enumerate(terms)}
    assert position["BTĐKT"] < position["BTT"]
    assert position["QĐ"] < position["QH15"]
    assert min(i for t, i in position.items() if t.startswith("đi từng")) < position["VXNV"]


def test_every_text_file_of_the_site_has_its_precompressed_copies(built_book):
    texts = [path for path in built_book.html.rglob("*") if path.is_file() and compressible(path)]
    assert len(texts) > 40
    missing = [
        path.relative_to(built_book.html).as_posix()
        for path in texts
        if not (path.with_name(path.name + ".gz").is_file())
        or not (path.with_name(path.name + ".br").is_file())
    ]
    assert missing == []


def test_a_paragraphs_id_offers_its_own_citation(site, page):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    page.locator("a.so-doan[href='#II.6.2']").click()
    box = page.get_by_role("dialog", name="Trích dẫn đoạn II.6.2")
    shown = box.is_visible()
    reference = box.locator(".trich-dan-doan-van-ban").inner_text()
    focused = page.evaluate("document.activeElement.textContent")
    url = page.url
    page.keyboard.press("Escape")
    closed = page.locator(".trich-dan-doan").count() == 0
    assert shown
    assert focused == "Sao chép"
    assert url.endswith("#II.6.2")
    assert "Mục II.6, đoạn II.6.2." in reference
    assert "⟦" not in reference
    assert re.search(
        rf"\. {re.escape(PUBLIC_URL)}/phien-ban/[\d.]+/book/muc-ii-6\.html#II\.6\.2$", reference
    )
    assert closed


def test_the_copy_button_leaves_the_first_line_of_a_citation_clear(site, browser):
    """The button covered the first words of the reference."""
    overlaps = []
    for width in SCREENS.values():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(site + "book/muc-ii-6.html", wait_until="load")
        overlaps += page.evaluate(
            """() => [...document.querySelectorAll('.trich-dan .highlight')].map(box => {
                 const button = box.querySelector('.copybtn').getBoundingClientRect();
                 const range = document.createRange();
                 range.selectNodeContents(box.querySelector('pre'));
                 const line = range.getClientRects()[0];
                 return line.right > button.left && line.top < button.bottom;
               })"""
        )
        context.close()
    assert overlaps
    assert not any(overlaps)


def test_on_a_touch_screen_the_copy_buttons_show_and_copy_plain_text(site, browser):
    """The citation says to use the button at the corner: on a screen without hover it
    was invisible until the box was tapped. Copied, a citation is plain text only (a
    word processor pastes no code box)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, has_touch=True, is_mobile=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.rstrip("/"))
    page = context.new_page()
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    buttons = page.locator(".trich-dan button.copybtn")
    opacities = buttons.evaluate_all("bs => bs.map(b => getComputedStyle(b).opacity)")
    reference = page.locator(".trich-dan pre").first.inner_text()
    buttons.first.scroll_into_view_if_needed()
    buttons.first.tap()
    page.wait_for_timeout(300)
    copied = page.evaluate(
        """async () => {
             const [item] = await navigator.clipboard.read();
             return {types: item.types, text: await navigator.clipboard.readText()};
           }"""
    )
    context.close()
    assert opacities
    assert set(opacities) == {"1"}
    assert copied["types"] == ["text/plain"]
    assert copied["text"].strip() == reference.strip()


@pytest.mark.parametrize("width", SCREENS.values(), ids=SCREENS.keys())
def test_the_data_page_reads_on_every_screen(site, browser, width):
    """Each table's columns as one block each: no box narrower than its longest word
    (the five-column table put one letter a line on a phone), nothing wider than the
    screen, and the page's length within reason (43,700 px on a phone before)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site + "book/du-lieu.html", wait_until="load")
    measured = page.evaluate(
        """() => {
             const article = document.querySelector('article.bd-article');
             const cramped = [...article.querySelectorAll('td, th, dt, dd')].filter(box => {
               const words = box.innerText.split(/\\s+/).filter(Boolean);
               const probe = document.createElement('span');
               probe.style.cssText = 'position: absolute; visibility: hidden; white-space: nowrap';
               probe.style.font = getComputedStyle(box).font;
               document.body.appendChild(probe);
               const width = w => ((probe.textContent = w), probe.getBoundingClientRect().width);
               const widest = Math.max(0, ...words.map(width));
               probe.remove();
               // A word wider than the page (a long pattern) wraps wherever the box is as
               // wide as it can be: its parent's width less an indent.
               return box.clientWidth + 1 < Math.min(widest, box.parentElement.clientWidth - 32);
             }).map(box => box.innerText.slice(0, 40));
             return {cramped, fields: article.querySelectorAll('dl.cot-du-lieu > dt').length,
                     overflow: document.documentElement.scrollWidth - window.innerWidth,
                     height: document.documentElement.scrollHeight};
           }"""
    )
    context.close()
    assert measured["fields"] > 100
    assert measured["cramped"] == []
    assert measured["overflow"] <= 0
    assert measured["height"] < (30000 if width < 500 else 20000), measured["height"]


# Targets a thumb can hit (WCAG 2.2 §2.5.8 without its spacing exception): the header's
# controls on a phone, and every other control at any width.
HEADER_CONTROLS = ".bd-header-article a, .bd-header-article button"
OTHER_CONTROLS = (
    "article a.so-doan, article a.footnote-reference, article aside.footnote "
    "a[role='doc-backlink'], .trich-dan button.copybtn"
)
SIZES = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => { const r = e.getBoundingClientRect();
    return [e.className + ' ' + (e.getAttribute('aria-label') || e.textContent.trim()),
            Math.round(r.width), Math.round(r.height)]; })"""


@pytest.mark.parametrize("width", sorted(SCREENS.values()))
def test_every_control_is_a_target_a_thumb_can_hit(site, browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, has_touch=width < 500, is_mobile=width < 500
    )
    page = context.new_page()
    small = []
    try:
        for path in ("book/muc-ii-6.html", "book/index.html", "book/du-lieu.html"):
            page.goto(site + path, wait_until="load")
            header = page.evaluate(SIZES, HEADER_CONTROLS)
            others = page.evaluate(SIZES, OTHER_CONTROLS)
            least = 44 if width < 500 else 24
            small += [(path, *c) for c in header if c[1] < least or c[2] < least]
            small += [(path, *c) for c in others if c[1] < 24 or c[2] < 24]
            assert header
            assert others
    finally:
        context.close()
    assert small == []


def test_a_paragraphs_id_says_that_it_opens_the_paragraphs_citation(site, page):
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    link = page.locator("a.so-doan[href='#II.6.2']")
    assert link.get_attribute("aria-label") == "Trích dẫn đoạn II.6.2"
    assert link.get_attribute("aria-haspopup") == "dialog"
    cue = link.evaluate("e => getComputedStyle(e, '::before').content")
    assert cue not in ("none", "normal", "")


def test_a_code_never_breaks_at_its_hyphen_on_a_phone(site, phone):
    phone.goto(site + "book/muc-ii-6.html", wait_until="load")
    lines = phone.evaluate(
        """() => { const out = [];
          const walk = document.createTreeWalker(document.querySelector('article'),
                                                 NodeFilter.SHOW_TEXT);
          for (let n; (n = walk.nextNode());) {
            for (let i = n.data.indexOf('COVID-19'); i >= 0;
                 i = n.data.indexOf('COVID-19', i + 1)) {
              const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 8);
              out.push(r.getClientRects().length);
            } }
          return out; }"""
    )
    assert len(lines) > 10
    assert set(lines) == {1}


def test_the_drawer_closes_when_an_entry_is_tapped(site, phone):
    """On a phone "on this page" opens as a drawer; a tapped entry leads to its place and
    the drawer goes, instead of staying over the page."""
    phone.goto(site + "book/du-lieu.html", wait_until="load")
    phone.locator(".bd-header-article .secondary-toggle").click()
    drawer = phone.locator("#pst-secondary-sidebar-modal")
    drawer.wait_for(state="visible")
    drawer.locator("a[href='#bang-indicators']").first.tap()
    phone.wait_for_url("**#bang-indicators")
    still_open = phone.evaluate("document.getElementById('pst-secondary-sidebar-modal').open")
    # Should the page scroll smoothly, the heading comes up the screen in a moment.
    phone.wait_for_function(
        "(() => { const t = document.getElementById('bang-indicators')"
        ".getBoundingClientRect().top; return t >= 0 && t < 200; })()",
        timeout=5000,
    )
    top = phone.evaluate("document.getElementById('bang-indicators').getBoundingClientRect().top")
    assert still_open is False
    assert 0 <= top < 200  # the table's heading is at the top of the screen


def test_a_footnote_mark_carries_no_bar_of_the_editions_blocks(site, page):
    """The mark is the edition's (class ghi-chu-bien-tap) but stands mid-sentence: the
    blocks' rule and indent made a 3 px bar and a gap inside the report's words."""
    page.goto(site + "book/muc-ii-6.html", wait_until="load")
    styles = page.locator("article a.footnote-reference").evaluate_all(
        "marks => marks.map(m => [getComputedStyle(m).borderLeftWidth, "
        "getComputedStyle(m).paddingLeft])"
    )
    assert styles
    assert set(map(tuple, styles)) == {("0px", "0px")}


def test_an_empty_query_gets_help_and_an_english_word_the_reports_own(site, page):
    page.goto(site + "search.html", wait_until="load")
    help_text = page.locator(".huong-dan-tim").inner_text()
    assert "không dấu" in help_text
    assert page.locator(".huong-dan-tim a[href$='thuat-ngu.html']").count() == 1
    # In line with the search box above it, not against the screen's edge.
    lefts = page.evaluate(
        "() => [document.querySelector('.huong-dan-tim p').getBoundingClientRect().left,"
        " document.querySelector('.bd-search-container h1').getBoundingClientRect().left]"
    )
    assert abs(lefts[0] - lefts[1]) <= 2, lefts
    assert search(page, site, "vaccine") == []
    offered = page.locator("p.goi-y-tim a")
    assert offered.all_inner_texts() == ["vắc xin"]
    offered.first.click()
    page.wait_for_function(
        "document.querySelector('#search-results p.search-summary')?.textContent.length > 0"
    )
    assert page.locator("#search-results ul.search li").count() > 0


def test_the_reports_pages_come_before_the_editions_for_the_reports_words(site, page):
    """The version history ranked third for "tiêm chủng", above II.1 and III."""
    from bao_cao.data.record import load

    report = {f"book/{name}.html" for name in load().pages.values()}
    found = search(page, site, "tiêm chủng")
    history = found.index("book/lich-su-phien-ban.html")
    assert {"book/muc-ii-1.html", "book/muc-iii.html"} <= set(found[:history]) | (
        {"book/muc-iii.html"} - set(found)
    )
    assert found[0] in report


def test_a_snippet_carries_no_footnote_mark(site, page):
    for result in search_results(page, site, "tai tai tat ca"):
        assert not re.search(r"\[\d+\]", result["snippet"]), result["snippet"]


def test_the_pages_downloads_are_three_key_presses_away(site, fresh_page):
    """From the top of a page on a wide screen, "Tải PDF" took 30 Tab presses: a skip
    link leads to the page's downloads."""
    fresh_page.set_viewport_size({"width": 1280, "height": 900})
    fresh_page.goto(site + "book/muc-ii-6.html", wait_until="load")
    fresh_page.keyboard.press("Tab")
    fresh_page.keyboard.press("Tab")
    skip = fresh_page.evaluate("document.activeElement.textContent.trim()")
    fresh_page.keyboard.press("Enter")
    fresh_page.keyboard.press("Tab")
    focused = fresh_page.evaluate("document.activeElement.className")
    assert skip.startswith("Bỏ qua, đến phần tải về")
    assert "tai-pdf" in focused


def test_a_list_in_a_box_is_not_pushed_right_on_a_phone(site, phone):
    """The front page's "Về văn bản này" list stood 70 px in from its box at 375 px."""
    phone.goto(site + "book/index.html", wait_until="load")
    inset = phone.evaluate(
        "() => document.querySelector('.admonition li').getBoundingClientRect().left"
        " - document.querySelector('.admonition').getBoundingClientRect().left"
    )
    assert inset <= 40
