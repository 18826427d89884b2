"""A researcher's path through the reading room, in headless Chromium.

Search for a Chinese name from the home page, open the record, read the original
beside the translation, switch layouts (with and without JavaScript), download
the RIS citation; the keyboard reaches what it should. Screenshots of each page
land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import rispy
from browser_support import REF_ID

WORD = "姬鹏飞"  # Ji Pengfei, in the reference record's distribution list and its translation


# Families that hold Han characters, on Debian and elsewhere.
CJK_FACE = re.compile(r"CJK|Source Han|WenQuanYi|Droid Sans Fallback|AR PL|Ming|Song|Hei|Kai", re.IGNORECASE)


def rendering_fonts(page, selector: str) -> set[str]:
    """The font families Chromium actually drew the text of each `selector` match with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        families = set()
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector + " p:not(.mark)"})["nodeIds"]:
            families |= {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
        return families
    finally:
        cdp.detach()


def search_from_home(page, word: str) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the archive")
    box.fill(word)
    with page.expect_navigation():
        box.press("Enter")


def side_by_side_cells(page):
    """The first row of the reading view in which a Chinese paragraph stands beside an English one
    (rows of the alignment may hold a paragraph with nothing beside it: a page number, a stamp)."""
    row = (
        page.locator(".reading .row:not(.heads)", has=page.locator(".cell[lang=zh] p"))
        .filter(has=page.locator(".cell[lang=en] p"))
        .first
    )
    return row.locator(".cell[lang=zh]"), row.locator(".cell[lang=en]")


def test_search_a_chinese_word_from_home_then_read_the_record(new_page, screenshot):
    page = new_page()
    page.goto("/")
    assert page.locator("h1").inner_text() == "The archive"
    screenshot(page, "home")

    search_from_home(page, WORD)
    assert urlsplit(page.url).path == "/search"
    assert parse_qs(urlsplit(page.url).query)["q"] == [WORD]  # the URL holds the query
    hit = page.locator(f"ol.results li:has(a[href='/records/{REF_ID}'])")
    mark = hit.locator("mark").first
    assert mark.is_visible()
    assert mark.inner_text() == WORD
    # The highlight is painted, not only marked up.
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(page, "search")

    with page.expect_navigation():
        hit.locator(f"a[href='/records/{REF_ID}']").click()
    assert urlsplit(page.url).path == f"/records/{REF_ID}"
    assert "Statement of the Soviet Government" in page.locator("h1").inner_text()

    zh, en = side_by_side_cells(page)
    assert zh.is_visible() and en.is_visible()
    a, b = zh.bounding_box(), en.bounding_box()
    assert a["x"] + a["width"] <= b["x"], (a, b)  # original on the left, translation on its right
    assert abs(a["y"] - b["y"]) < 2, (a, b)  # paragraph beside paragraph
    assert a["width"] > 300 and b["width"] > 300, (a, b)
    assert page.locator(".reading .cell[lang=zh]", has_text=WORD).first.is_visible()
    assert page.locator(".reading .cell[lang=en]", has_text="Ji Pengfei").first.is_visible()
    # Chinese glyphs come from a CJK face, not a Latin font's empty boxes (tofu).
    fonts = rendering_fonts(page, ".reading .cell[lang=zh]")
    assert fonts and all(CJK_FACE.search(f) for f in fonts), (
        f"Chinese text is drawn with {fonts}: no CJK font installed? (apt-get install fonts-noto-cjk)"
    )
    screenshot(page, "record-side-by-side")


def test_layout_links_switch_in_place_with_javascript(new_page, screenshot):
    page = new_page()
    page.goto(f"/records/{REF_ID}")
    reading = page.locator(".reading")
    assert "layout-side" in reading.get_attribute("class")
    page.evaluate("window.__samePage = true")  # gone if the link navigates

    page.get_by_role("link", name="Interleaved").click()
    assert "layout-interleaved" in reading.get_attribute("class")
    assert page.evaluate("window.__samePage") is True
    assert parse_qs(urlsplit(page.url).query)["layout"] == ["interleaved"]  # still shareable
    assert page.get_by_role("link", name="Interleaved").get_attribute("aria-current") == "true"
    zh, en = side_by_side_cells(page)
    a, b = zh.bounding_box(), en.bounding_box()
    assert b["y"] >= a["y"] + a["height"] - 1, (a, b)  # the translation under its original
    screenshot(page, "record-interleaved")

    page.get_by_role("link", name="Original only").click()
    assert zh.is_visible() and not en.is_visible()
    page.get_by_role("link", name="Translation only").click()
    assert en.is_visible() and not zh.is_visible()
    page.get_by_role("link", name="Side by side").click()
    assert zh.is_visible() and en.is_visible()
    assert page.evaluate("window.__samePage") is True


def test_layout_links_work_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto(f"/records/{REF_ID}")
    for name, layout in [("Interleaved", "interleaved"), ("Original only", "original"), ("Side by side", "side")]:
        with page.expect_navigation():
            page.get_by_role("link", name=name).click()
        assert parse_qs(urlsplit(page.url).query)["layout"] == [layout]
        assert f"layout-{layout}" in page.locator(".reading").get_attribute("class")
        assert page.get_by_role("link", name=name).get_attribute("aria-current") == "true"
    zh, en = side_by_side_cells(page)
    assert zh.is_visible() and en.is_visible()
    assert zh.bounding_box()["x"] < en.bounding_box()["x"]


def test_download_the_ris_citation(new_page, tmp_path):
    page = new_page(accept_downloads=True)
    page.goto(f"/records/{REF_ID}")
    link = page.locator(".downloads a[href$='.ris']")
    assert link.is_visible()
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{REF_ID}.ris"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    (entry,) = rispy.loads(path.read_text(encoding="utf-8"))
    assert entry["type_of_reference"] == "MANSCPT"
    title = entry.get("title") or entry.get("primary_title")
    assert title.startswith("Statement of the Soviet Government"), entry
    assert entry["date"].startswith("1962/08/10")
    assert entry["name_of_database"] == "Wilson Center Digital Archive"
    assert "118-01767-01" in entry["accession_number"]
    assert entry["language"] == "zh" and entry["urls"]


def test_keyboard_reaches_the_skip_link_and_the_search_box(new_page):
    page = new_page()
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate_handle("document.activeElement")
    assert focused.evaluate("e => e.textContent.trim()") == "Skip to content"
    skip = page.locator("a.skip")
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, box  # shown on screen once focused

    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if reached[-1] == "site-q":
            break
    assert reached[-1] == "site-q", reached
    # The search box has a label a screen reader announces, and Enter searches.
    assert page.get_by_label("Search the archive").evaluate("e => e.id") == "site-q"
    page.keyboard.type("border")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert re.search(r"/search\?q=border$", page.url)
    assert page.get_by_label(re.compile("^Words")).input_value() == "border"
    assert page.get_by_label("Sort by").is_visible()

    # The skip link moves the reader past the header.
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'", timeout=5000)  # a busy machine may take a moment
    assert urlsplit(page.url).fragment == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main
