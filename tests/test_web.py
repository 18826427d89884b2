"""The reading room and the JSON API, through Starlette's test client (no browser)."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from markupsafe import escape
from starlette.testclient import TestClient

from recto.archive import Archive
from recto.record import Annotation, Record, Source, Text
from recto.web.app import create_app
from paths import EXPORTS, REFERENCE, REF_ID


XSS = '<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">'


def hostile_record() -> Record:
    return Record(
        id="hostile",
        title=f"Title {XSS} [invented example]",
        date="1962-08-11",
        summary=f"Summary {XSS}",
        citation=f"Citation {XSS}",
        source=Source(archive=f"Archive {XSS}", repository="PRC FMA", reference="118-01767-02", url='javascript:alert(1)"'),
        translators=[f"Translator {XSS}"],
        languages={"original": ["zh"], "translation": ["en"]},
        texts=[
            Text("original", "zh", [f"苏联政府 {XSS}"]),
            Text("translation", "en", [f"The Soviet Government {XSS}"], [Annotation(0, 4, f"[{XSS} illegible]", "illegible")]),
        ],
        invented=True,
    )


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "archive"
    with Archive.init(path) as archive:
        report = archive.ingest([REFERENCE, EXPORTS], jobs=0)
        assert report.failed == 0
        archive.put(hostile_record())
    return path


@pytest.fixture(scope="module")
def client(archive_path):
    with TestClient(create_app(archive_path), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def writable(archive_path, tmp_path):
    # A separate archive: writes must not disturb the shared one.
    path = tmp_path / "writable"
    with Archive.init(path) as archive:
        archive.ingest([REFERENCE], jobs=0)
    with TestClient(create_app(path, write_token="s3cret-token"), raise_server_exceptions=False) as c:
        yield c


def test_home_shows_what_the_archive_holds(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "9 documents" in page.text
    assert "Chinese" in page.text and "PRC FMA" in page.text and "1960s" in page.text
    assert f'href="/records/{REF_ID}"' in page.text


def test_search_page_finds_a_chinese_word_with_highlights_and_facets(client):
    page = client.get("/search", params={"q": "姬鹏飞"})
    assert page.status_code == 200
    assert f'href="/records/{REF_ID}"' in page.text
    assert "<mark>姬鹏飞</mark>" in page.text
    assert 'lang="zh"' in page.text
    # Facets are links that refine the query, held in the URL.
    assert "/search?q=%E5%A7%AC%E9%B9%8F%E9%A3%9E+lang%3Azh" in page.text


def test_search_url_holds_the_whole_query(client):
    page = client.get("/search", params={"q": "border", "sort": "date", "page": "2", "per_page": "2"})
    assert page.status_code == 200
    assert 'rel="prev"' in page.text
    assert "sort=date" in page.text
    assert "Page 2 of" in page.text


def test_record_page_metadata_and_texts_side_by_side(client):
    page = client.get(f"/records/{REF_ID}")
    assert page.status_code == 200
    text = page.text
    for expected in ["August 10, 1962", "Wilson Center Digital Archive", "PRC FMA", "118-01767-01", "7Brands", "MacArthur Foundation", "Translation - English"]:
        assert expected in text
    assert 'lang="zh"' in text and 'lang="en"' in text
    assert "姬鹏飞" in text and "Ji Pengfei" in text
    assert 'class="mark mark-illegible">[Illegible brief handwritten note]' in text
    assert page.headers["etag"]


def test_record_page_layouts_work_without_javascript(client):
    for layout in ("side", "interleaved", "original", "translation"):
        page = client.get(f"/records/{REF_ID}", params={"layout": layout})
        assert f"layout-{layout}" in page.text
    assert "layout-side" in client.get(f"/records/{REF_ID}", params={"layout": "<script>"}).text


def test_invented_records_say_so(client):
    page = client.get("/records/ru-telegram-1962-06-08")
    assert "Invented example." in page.text
    assert "Invented example." not in client.get(f"/records/{REF_ID}").text


def test_previous_and_next_by_date(client):
    page = client.get(f"/records/{REF_ID}")
    assert 'rel="prev" href="/records/missing-sections"' in page.text  # 1962-07-03
    assert 'rel="next" href="/records/hostile"' in page.text  # 1962-08-11


def test_related_records_from_the_same_file(client):
    page = client.get(f"/records/{REF_ID}")
    assert "From the same archival file" in page.text
    assert 'href="/records/hostile"' in page.text.split("From the same archival file")[1]


def test_every_value_from_a_record_is_escaped(client):
    for url in ["/records/hostile", "/search?q=Soviet", "/", "/search?q=" + XSS]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>window.__xss" not in page.text, url
        assert 'onerror="window.__xss' not in page.text, url
    record_page = client.get("/records/hostile").text
    assert str(escape(f"Title {XSS}")) in record_page  # shown, as text
    assert 'href="javascript:' not in record_page


def test_security_headers(client):
    page = client.get("/")
    assert "script-src" not in page.headers["content-security-policy"] or "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert page.headers["x-content-type-options"] == "nosniff"


def test_unknown_record_is_a_404_page_and_a_404_json_body(client):
    page = client.get("/records/no-such-thing")
    assert page.status_code == 404 and "Not found" in page.text
    body = client.get("/api/records/no-such-thing")
    assert body.status_code == 404
    assert body.json()["status"] == 404 and "no-such-thing" in body.json()["error"]


def test_api_record_with_etag(client):
    first = client.get(f"/api/records/{REF_ID}")
    assert first.status_code == 200
    data = first.json()
    assert data["date"] == "1962-08-10" and data["source"]["reference"] == "118-01767-01"
    assert data["revision"] == 1
    again = client.get(f"/api/records/{REF_ID}", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304


def test_api_lists_and_searches(client):
    listing = client.get("/api/records", params={"per_page": 3}).json()
    assert listing["total"] == 9 and len(listing["records"]) == 3
    found = client.get("/api/search", params={"q": "領土", "facets": "1"}).json()
    assert found["total"] >= 1 and found["results"][0]["snippets"]
    assert "lang" in found["facets"]


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/records?page=0", "page must be"),
        ("/api/records?per_page=1000", "per_page must be"),
        ("/api/search?q=x&sort=sideways", "sort must be"),
        ("/api/records/" + REF_ID + "?revision=abc", "revision must be"),
    ],
)
def test_api_bad_parameters_are_400_with_a_reason(client, url, words):
    response = client.get(url)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_openapi_document(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/records", "/api/records/{id}", "/api/search", "/api/ingest"} <= set(doc["paths"])
    # The body a curator's alignment must have is published as the JSON Schema the API checks it against.
    body = doc["paths"]["/api/records/{id}/alignments/{key}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    correction = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    Draft202012Validator.check_schema(correction)
    assert Draft202012Validator(correction).is_valid({"paragraphs": [[[0], [0, 1]]]})
    assert not Draft202012Validator(correction).is_valid({"paragraphs": [[[0], ["1"]]]})
    body = doc["paths"]["/api/records/{id}/alignments/{key}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    edit = doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    Draft202012Validator.check_schema(edit)
    assert Draft202012Validator(edit).is_valid({"edits": [{"op": "merge", "beads": [3, 4]}, {"op": "move", "side": "target", "id": 7, "to": None}]})
    assert not Draft202012Validator(edit).is_valid({"edits": [{"op": "split"}]})


def test_writes_are_off_without_a_token(client):
    response = client.post("/api/ingest?filename=a.txt", content=b"x")
    assert response.status_code == 403
    assert "disabled" in response.json()["error"]


def test_ingest_over_http_needs_the_token(writable):
    export = (EXPORTS / "ru-telegram-1962-06-08.txt").read_bytes()
    assert writable.post("/api/ingest?filename=t.txt", content=export).status_code == 401
    assert writable.post("/api/ingest?filename=t.txt", content=export, headers={"authorization": "Bearer wrong"}).status_code == 401
    ok = writable.post("/api/ingest?filename=ru-telegram.txt", content=export, headers={"authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["results"] == [{"id": "ru-telegram", "status": "ingested", "revision": 1}]
    assert writable.get("/api/records/ru-telegram").status_code == 200
    bad = writable.post("/api/ingest?filename=bad.txt", content=b"\x00\x01binary", headers={"authorization": "Bearer s3cret-token"})
    assert bad.status_code == 422
    assert bad.json()["failures"][0]["file"] == "bad.txt"


def test_request_size_limit(writable):
    big = b"x" * (26 * 1024 * 1024)
    response = writable.post("/api/ingest?filename=big.txt", content=big, headers={"authorization": "Bearer s3cret-token"})
    assert response.status_code == 413


def test_no_stack_traces_reach_clients(archive_path, monkeypatch):
    app = create_app(archive_path)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("recto.archive.Archive.search", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        for url in ["/search?q=x", "/api/search?q=x"]:
            response = c.get(url)
            assert response.status_code == 500
            assert "secret internal detail" not in response.text and "Traceback" not in response.text


def test_alignment_drives_the_reading_view_and_a_curator_can_correct_it(writable):
    record = writable.get(f"/api/records/{REF_ID}").json()
    levels = {a["level"]: a for a in record["alignments"]}
    assert levels["paragraph"]["producer"].startswith("align fast")
    paragraph_beads = levels["paragraph"]["beads"]
    # Every Chinese body paragraph pairs with the English paragraph that translates it:
    # the first statement paragraph (苏联政府收到了…) with "On 26 June, …".
    zh = next(i for i, p in enumerate(record["texts"][0]["paragraphs"]) if p.startswith("苏联政府收到了"))
    en = next(i for i, p in enumerate(record["texts"][1]["paragraphs"]) if p.startswith("On 26 June"))
    assert [zh] in [b[0] for b in paragraph_beads] and [[zh], [en]] in paragraph_beads
    page = writable.get(f"/records/{REF_ID}").text
    assert 'id="counterparts"' in page and 'data-s="o0"' in page

    # The curator merges everything into one bead: stored beside the machine's and shown first.
    n_zh, n_en = len(record["texts"][0]["paragraphs"]), len(record["texts"][1]["paragraphs"])
    merged = {"paragraphs": [[list(range(n_zh)), list(range(n_en))]]}
    refused = writable.put(f"/api/records/{REF_ID}/alignments/0-1", json=merged)
    assert refused.status_code == 401
    bad = writable.put(f"/api/records/{REF_ID}/alignments/0-1", json={"paragraphs": [[[0], [0]]]}, headers={"authorization": "Bearer s3cret-token"})
    assert bad.status_code == 400 and "cover" in bad.json()["error"]
    ok = writable.put(f"/api/records/{REF_ID}/alignments/0-1", json=merged, headers={"authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200, ok.text
    listing = writable.get(f"/api/records/{REF_ID}/alignments").json()["alignments"]
    producers = {(a["producer"], a["shown"]) for a in listing}
    assert ("curator", True) in producers and any(p.startswith("align fast") and not shown for p, shown in producers)
    shown = {a["level"]: a for a in writable.get(f"/api/records/{REF_ID}").json()["alignments"]}
    assert shown["paragraph"]["producer"] == "curator" and shown["paragraph"]["beads"] == merged["paragraphs"]


def _tmx_units(response) -> list:
    from translate.storage import tmx

    return tmx.tmxfile.parsefile(__import__("io").BytesIO(response.content)).getunits()


def test_a_records_aligned_sentences_download_as_tmx_that_translation_tools_read(writable):
    page = writable.get(f"/records/{REF_ID}").text
    assert f'href="/records/{REF_ID}.tmx" download' in page
    download = writable.get(f"/records/{REF_ID}.tmx")
    assert download.status_code == 200 and download.headers["content-type"].startswith("application/x-tmx+xml")
    assert f'filename="{REF_ID}.tmx"' in download.headers["content-disposition"]
    assert '<header creationtool="Recto"' in download.text and 'srclang="zh"' in download.text

    # translate-toolkit (Weblate's and Pootle's reader) reads one unit a bead with both sides.
    units = _tmx_units(download)
    record = writable.get(f"/api/records/{REF_ID}").json()
    sentences = next(a for a in record["alignments"] if a["level"] == "sentence")
    paired = [b for b in sentences["beads"] if b[0] and b[1]]
    assert len(units) == len(paired) > 20
    first = next(u for u in units if "苏联政府收到了" in u.source)
    assert first.target.startswith("On 26 June")
    assert first.getid().startswith(f"{REF_ID}/0-1/")
    assert re.search(r'<tu tuid="[^"]+" creationdate="\d{8}T\d{6}Z">', download.text)

    # A curator's alignment is the one exported: one bead of the statement's first sentences.
    texts = record["texts"]
    body = {
        "paragraphs": [[list(range(len(texts[0]["paragraphs"]))), list(range(len(texts[1]["paragraphs"])))]],
        "src_sentences": [[0, 0, len(texts[0]["paragraphs"][0])]],
        "tgt_sentences": [[0, 0, len(texts[1]["paragraphs"][0])]],
        "sentences": [[[0], [0]]],
    }
    token = {"authorization": "Bearer s3cret-token"}
    assert writable.put(f"/api/records/{REF_ID}/alignments/0-1", json=body, headers=token).status_code == 200
    (unit,) = _tmx_units(writable.get(f"/records/{REF_ID}.tmx"))
    assert (unit.source, unit.target) == (texts[0]["paragraphs"][0].strip(), " ".join(texts[1]["paragraphs"][0].split()))
    assert "<prop type=\"x-recto-aligned-by\">curator</prop>" in writable.get(f"/records/{REF_ID}.tmx").text


def test_aligned_sentences_of_a_record_without_them_or_of_no_record_are_not_found(client):
    assert client.get("/records/no-such-record.tmx").status_code == 404
    unaligned = client.get("/records/en-only-1962-06-26.tmx")  # a translation alone: nothing to align
    assert unaligned.status_code == 404 and "has no aligned sentences" in unaligned.text
    assert ".tmx" not in client.get("/records/en-only-1962-06-26").text


def test_a_record_with_two_translations_exports_both_alignments(client):
    units = _tmx_units(client.get("/records/zh-multi-translation.tmx"))
    assert {u.getid().split("/")[1] for u in units} == {"0-1", "0-2"}


def test_a_curator_merges_splits_and_moves_beads_without_sending_the_whole_alignment(writable):
    token = {"authorization": "Bearer s3cret-token"}
    url = f"/api/records/{REF_ID}/alignments/0-1"

    def sentence_beads() -> list:
        shown = writable.get(f"/api/records/{REF_ID}").json()["alignments"]
        return next(a for a in shown if a["level"] == "sentence")["beads"]

    machine = sentence_beads()
    k = next(n for n in range(len(machine) - 1) if machine[n][0] and machine[n][1] and machine[n + 1][0] and machine[n + 1][1])
    first, second = machine[k], machine[k + 1]
    assert writable.patch(url, json={"edits": [{"op": "merge", "beads": [k, k + 1]}]}).status_code == 401
    merged = writable.patch(url, json={"edits": [{"op": "merge", "beads": [k, k + 1]}]}, headers=token)
    assert merged.status_code == 200, merged.text
    assert sentence_beads() == [*machine[:k], [first[0] + second[0], first[1] + second[1]], *machine[k + 2 :]]
    listing = writable.get(f"{url.rsplit('/', 1)[0]}").json()["alignments"]
    assert {(a["producer"], a["shown"]) for a in listing if a["level"] == "sentence"} >= {("curator", True)}

    # Split it back as it was, then move the first bead's last target sentence into its own bead:
    # each edit sees the ones before it.
    edits = [
        {"op": "split", "bead": k, "src": first[0], "tgt": first[1]},
        {"op": "move", "side": "target", "id": first[1][-1], "to": None},
    ]
    assert writable.patch(url, json={"edits": edits}, headers=token).status_code == 200
    rest = [first[0], first[1][:-1]]
    expected = [*machine[:k], *([rest] if rest[1] or rest[0] else []), [[], [first[1][-1]]], second, *machine[k + 2 :]]
    assert sentence_beads() == expected


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"op": "merge", "beads": ["K"]}, "edits/0/beads: [K] is too short"),
        ({"op": "merge", "beads": ["K", 100000]}, "edits/0 (merge): no bead 100000 (there are"),
        ({"op": "split", "bead": "K", "src": [9999]}, "edits/0 (split): bead K (BEAD) holds no source 9999"),
        ({"op": "split", "bead": "K"}, "edits/0 (split): a split of bead K (BEAD) must leave something on each side"),
        ({"op": "move", "side": "source", "id": "S", "to": "K"}, "edits/0 (move): source S is in bead K already"),
        ({"op": "move", "side": "left", "id": "S"}, "edits/0/side: 'left' is not one of ['source', 'target']"),
        ({"op": "glue"}, "edits/0/op: 'glue' is not one of ['merge', 'split', 'move']"),
        ({"op": "move", "side": "source", "id": -1}, "edits/0/id: -1 is less than the minimum of 0"),
    ],
)
def test_a_curators_edit_that_cannot_be_made_is_refused_with_which_and_why(writable, edit, message):
    token = {"authorization": "Bearer s3cret-token"}
    before = writable.get(f"/api/records/{REF_ID}").json()["alignments"]
    beads = next(a for a in before if a["level"] == "sentence")["beads"]
    k = next(n for n, (src, tgt) in enumerate(beads) if len(src) == len(tgt) == 1)  # a 1-1 bead
    fill = {"K": k, "S": beads[k][0][0]}
    edit = {name: fill.get(v, v) if isinstance(v, str) else [fill.get(x, x) for x in v] if isinstance(v, list) else v for name, v in edit.items()}
    message = message.replace("BEAD", f"[{beads[k][0][0]}]:[{beads[k][1][0]}]").replace("K", str(k)).replace("S", str(fill["S"]))
    # the first edit good, the second not: nothing of the batch is stored
    batch = {"edits": [{"op": "merge", "beads": [k, k + 1]}, edit]}
    answer = writable.patch(f"/api/records/{REF_ID}/alignments/0-1", json={"edits": [edit]}, headers=token)
    assert answer.status_code == 400 and message in answer.json()["error"], answer.text
    assert writable.patch(f"/api/records/{REF_ID}/alignments/0-1", json=batch, headers=token).status_code == 400
    assert writable.get(f"/api/records/{REF_ID}").json()["alignments"] == before  # nothing stored


def test_edits_of_an_alignment_that_does_not_exist_are_refused(writable):
    token = {"authorization": "Bearer s3cret-token"}
    edit = {"edits": [{"op": "merge", "beads": [0, 1]}]}
    assert writable.patch("/api/records/nope/alignments/0-1", json=edit, headers=token).status_code == 404
    missing = writable.patch(f"/api/records/{REF_ID}/alignments/1-0", json=edit, headers=token)
    assert missing.status_code == 400 and "has no alignment 1-0 to edit" in missing.json()["error"]
    assert writable.patch(f"/api/records/{REF_ID}/alignments/0-1", json={"edits": []}, headers=token).status_code == 400


@pytest.mark.parametrize(
    ("key", "body", "message"),
    [
        ("x-y", {"paragraphs": []}, "'x-y' is not two text positions, SOURCE-TARGET"),
        ("0-9", {"paragraphs": []}, "no texts 0-9 in record"),
        ("0-1", {"paragraphs": [[["a"], [0]]]}, "paragraphs/0/0/0: 'a' is not of type 'integer'"),
        ("0-1", {"paragraphs": [[0, 1]]}, "paragraphs/0/0: 0 is not of type 'array'"),
        ("0-1", {"paragraphs": [[[0], [0], [1]]]}, "paragraphs/0: [[0], [0], [1]] is too long"),
        ("0-1", {"paragraphs": [[[-1], [0]]]}, "paragraphs/0/0/0: -1 is less than the minimum of 0"),
        ("0-1", {"paragraphs": [[[True], [0]]]}, "paragraphs/0/0/0: True is not of type 'integer'"),
        ("0-1", {"paragraphs": [[[0.5], [0]]]}, "paragraphs/0/0/0: 0.5 is not of type 'integer'"),
        ("0-1", {"paragraphs": [], "sentences": [[[0], [0]]]}, "'src_sentences' is a dependency of 'sentences'"),
        ("0-1", {"paragraphs": "ALL", "sentences": []}, "the body must be an object like"),
    ],
)
def test_a_curators_alignment_that_is_not_one_is_refused_with_where_it_is_wrong(writable, key, body, message):
    token = {"authorization": "Bearer s3cret-token"}
    before = writable.get(f"/api/records/{REF_ID}").json()["alignments"]
    refused = writable.put(f"/api/records/{REF_ID}/alignments/{key}", json=body, headers=token)
    assert refused.status_code == 400 and message in refused.json()["error"], refused.text
    assert writable.get(f"/api/records/{REF_ID}").json()["alignments"] == before  # nothing stored


def test_a_curators_sentences_must_lie_inside_the_paragraphs(writable):
    token = {"authorization": "Bearer s3cret-token"}
    texts = writable.get(f"/api/records/{REF_ID}").json()["texts"]
    paragraphs = [[list(range(len(texts[0]["paragraphs"]))), list(range(len(texts[1]["paragraphs"])))]]
    first = len(texts[0]["paragraphs"][0])
    body = {"paragraphs": paragraphs, "src_sentences": [[0, 0, first + 5]], "tgt_sentences": [[0, 0, 3]], "sentences": [[[0], [0]]]}
    refused = writable.put(f"/api/records/{REF_ID}/alignments/0-1", json=body, headers=token)
    assert refused.status_code == 400
    assert f"src_sentences/0: 0-{first + 5} is not a stretch of paragraph 0 ({first} characters)" in refused.json()["error"]
    body["src_sentences"] = [[0, 0, first]]
    assert writable.put(f"/api/records/{REF_ID}/alignments/0-1", json=body, headers=token).status_code == 200


def test_a_body_nested_too_deep_for_json_is_a_bad_request_not_a_server_error(writable):
    token = {"authorization": "Bearer s3cret-token", "content-type": "application/json"}
    deep = writable.put(f"/api/records/{REF_ID}/alignments/0-1", content=b"[" * 100_000, headers=token)
    assert deep.status_code == 400 and "the body must be JSON" in deep.json()["error"]


def test_entity_page_and_api_list_every_record_that_mentions_it(client):
    page = client.get("/entities/ji-pengfei")
    assert page.status_code == 200
    assert "Ji Pengfei" in page.text and "姬鹏飞" in page.text
    assert f'href="/records/{REF_ID}"' in page.text
    data = client.get("/api/entities/ji-pengfei").json()
    assert data["type"] == "person" and data["names"]["zh"] == ["姬鹏飞"]
    assert [r["id"] for r in data["records"]["results"]] == [REF_ID]
    assert client.get("/entities/nobody-at-all").status_code == 404
    assert client.get("/api/entities/nobody-at-all").status_code == 404


def test_record_page_links_its_people_and_the_documents_it_answers(client):
    page = client.get(f"/records/{REF_ID}").text
    assert 'href="/entities/zhang-hanfu"' in page
    references = page.split("Documents it answers and that answer it")[1]
    # "our statements of 8 June and 11 June", "the 26 June statement": candidates of those dates.
    assert 'href="/records/ru-telegram-1962-06-08"' in references
    assert 'href="/records/en-only-1962-06-26"' in references
    # ... and the 26 June note shows the statement that answers it.
    answered = client.get("/records/en-only-1962-06-26").text.split("Referred to by")[1]
    assert f'href="/records/{REF_ID}"' in answered


def test_timeline_page_and_api(client):
    page = client.get("/timeline", params={"q": "entity:ji-pengfei"})
    assert page.status_code == 200 and "1962-08-10" in page.text
    events = client.get("/api/timeline", params={"q": "Xinjiang"}).json()["events"]
    firsts = [e["first"] for e in events]
    assert firsts == sorted(firsts)
    assert {"record", "office", "mention"} <= {e["kind"] for e in events}
    assert client.get("/api/timeline").status_code == 400


def test_a_curator_confirms_that_one_record_answers_another(writable):
    export = (EXPORTS / "en-only-1962-06-26.txt").read_bytes()
    token = {"authorization": "Bearer s3cret-token"}
    assert writable.post("/api/ingest?filename=note-1962-06-26.txt", content=export, headers=token).status_code == 200
    link = {"target": "note-1962-06-26", "relation": "answers"}
    assert writable.put(f"/api/records/{REF_ID}/links", json=link).status_code == 401
    assert writable.put(f"/api/records/{REF_ID}/links", json={"target": "nope"}, headers=token).status_code == 404
    assert writable.put(f"/api/records/{REF_ID}/links", json={**link, "relation": "loves"}, headers=token).status_code == 400
    assert writable.put(f"/api/records/{REF_ID}/links", json=link, headers=token).status_code == 200
    # Shown on both records.
    assert "confirmed by a curator" in writable.get(f"/records/{REF_ID}").text
    answered = writable.get("/records/note-1962-06-26").text.split("Answered by (confirmed by a curator)")[1]
    assert f'href="/records/{REF_ID}"' in answered


def test_extraction_with_its_audit_trail_is_in_the_api(client):
    data = client.get(f"/api/records/{REF_ID}/extraction").json()
    chinese = data["texts"][0]
    kinds = {change["kind"] for change in chinese["cleanup"]["changes"]}
    assert kinds and all(change.get("reason") for change in chinese["cleanup"]["changes"])
    assert any(e["label"] == "Ji Pengfei" for e in data["entities"])
    assert client.get("/api/records/nope/extraction").status_code == 404


def test_record_page_shows_the_clean_up_audit_trail_and_structure(client):
    page = client.get(f"/records/{REF_ID}").text
    trail = page.split("OCR clean-up of the original")[1].split("</details>")[0]
    assert "garbled line set aside" in trail and "108月10日本公主议决定复四申事龄日本" in trail
    assert "<dt>Copies printed</dt><dd>61</dd>" in trail
    assert "<dt>Sent to print</dt><dd>1962-08-09</dd>" in trail
    assert "李涛 (2)" in trail
