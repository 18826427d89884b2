"""Nothing in a record runs in a reader's browser.

A record whose every field carries script and attribute-breaking payloads is
stored through the Python API and shown on the record, search and home pages.
Each page is loaded twice: once with the site's Content-Security-Policy bypassed,
so that escaping alone must stop the payloads, and once as served.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from browser_support import LiveServer, build_archive

from recto.record import Annotation, ContentItem, Record, Source, Text

WORD = "Xenoglossia"  # a word only the hostile record holds
PAYLOADS = [
    "<script>window.__xss='script';alert('script')</script>",
    "\"><img src=x onerror=\"window.__xss='img';alert('img')\">",
    "'><svg onload=\"window.__xss='svg'\"></svg>",
    "' onmouseover='window.__xss=\"single\"' autofocus onfocus='window.__xss=\"focus\"' x='",
    "</textarea></title></style><script>window.__xss='close'</script>",
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
    "{{ 7*7 }}{% raw %}",
]
XSS = " ".join(PAYLOADS)


def hostile_record() -> Record:
    return Record(
        id="hostile-1962",
        title=f"{WORD} title {XSS} [invented example]",
        date="1962-08-11",
        date_text=f"August 11, 1962 {PAYLOADS[1]}",
        type=f"Statement {PAYLOADS[0]}",
        summary=f"{WORD} summary {XSS}",
        citation=f"Citation {XSS}",
        source=Source(
            archive=f"Archive {PAYLOADS[1]}",
            repository="PRC FMA",
            reference=f"118-01767-99 {PAYLOADS[3]}",
            url="javascript:window.__xss='href'",
        ),
        translators=[f"Translator {PAYLOADS[1]}"],
        donors=[f"Donor {PAYLOADS[0]}"],
        credits=f"Credits {XSS}",
        keywords=[f"keyword {PAYLOADS[1]}"],
        languages={"original": ["zh"], "translation": ["en"]},
        contents=[ContentItem(f"Translation - English {PAYLOADS[1]}", "text", "translation", "en")],
        texts=[
            Text("original", "zh", [f"苏联政府 {WORD} {XSS}", f"第二段 {PAYLOADS[2]}"]),
            Text(
                "translation",
                "en",
                [f"The Soviet Government {WORD} {XSS}", f"Second {PAYLOADS[2]}"],
                [Annotation(0, 4, f"[{PAYLOADS[1]} illegible]", "illegible")],
            ),
        ],
        invented=True,
    )


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    path = build_archive(tmp_path_factory.mktemp("hostile") / "archive", hostile_record())
    with LiveServer(path) as server:
        yield server


PAGES = [
    "/records/hostile-1962",
    "/records/hostile-1962?layout=interleaved",
    f"/search?q={WORD}",
    "/",
    "/search?q=" + quote(XSS),  # the query itself, reflected into the page
    "/records/" + quote(PAYLOADS[1], safe=""),  # an unknown id, reflected into the 404 page
]


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-alone", "with-csp"])
def test_no_payload_runs_on_any_page(new_page, hostile_server, bypass_csp):
    page = new_page(hostile_server, bypass_csp=bypass_csp)
    requested = []  # an injected <img src=x> would ask for .../x
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    for url in PAGES:
        page.goto(url)
        page.wait_for_load_state("load")
        # Give any handler a chance: hover and focus everything, as a reader would.
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("typeof window.__xss") == "undefined", (url, page.evaluate("window.__xss"))
        injected = page.evaluate(
            """() => ({
                // The page's own: recto.js, and the sentence links as a JSON data block (never executed).
                scripts: [...document.scripts]
                    .filter(s => !(s.id === 'counterparts' && s.type === 'application/json' && !s.src))
                    .map(s => s.getAttribute('src')).filter(s => s !== '/static/recto.js'),
                imgs: document.querySelectorAll('img').length,
                svgs: document.querySelectorAll('svg').length,
                iframes: document.querySelectorAll('iframe').length,
                handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on') || n === 'autofocus' || n === 'srcdoc'),
                jsLinks: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => h.trim().toLowerCase().startsWith('javascript:')),
            })"""
        )
        assert injected == {"scripts": [], "imgs": 0, "svgs": 0, "iframes": 0, "handlers": [], "jsLinks": []}, (url, injected)
    assert not [path for path in requested if path.endswith("/x")], requested
    assert not page.errors, page.errors  # no dialog, no script error


def test_payloads_are_shown_as_text(new_page, hostile_server):
    page = new_page(hostile_server, bypass_csp=True)
    page.goto("/records/hostile-1962")
    assert PAYLOADS[0] in page.locator("h1").inner_text()
    assert PAYLOADS[1] in page.locator(".reading .cell[lang=en]").first.inner_text()
    assert "{{ 7*7 }}" in page.locator("h1").inner_text()  # data is never a template
    page.goto(f"/search?q={WORD}")
    hit = page.locator("ol.results li", has_text=WORD).first
    assert hit.locator("mark", has_text=WORD).first.is_visible()
    assert "<script>" in hit.inner_text()
