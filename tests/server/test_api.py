"""The HTTP API through the ASGI app (TestClient), on a small store built from fixtures."""

from __future__ import annotations

import dataclasses
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from medbrief import pipeline
from medbrief.brief import validate
from medbrief.settings import Settings
from medbrief.store.lock import WriteLock

from .conftest import SERVER_EXTRA, SMALL_SOURCES, TEST_HOST, TIZANIDINE, XSS_DOC, Live

pytest.importorskip("fastapi", reason=SERVER_EXTRA)

import httpx
from fastapi.testclient import TestClient

from medbrief.server import MAX_BODY_BYTES, create_app

HIT_KEYS = {"rank", "score", "tier", "doc_id", "passage_id", "title", "section", "section_code", "snippet"}


def check_supports(client: TestClient, brief: dict) -> int:
    """Every support span, fetched through /documents, is exactly the quoted text; returns how many."""
    refs = {r["n"]: r for r in brief["references"]}
    docs: dict[str, dict] = {}
    n = 0
    for section in brief["sections"]:
        for block in section["blocks"]:
            for st in block["statements"]:
                for s in st["support"]:
                    doc_id = refs[s["ref"]]["doc_id"]
                    if doc_id not in docs:
                        r = client.get(f"/documents/{doc_id}")
                        assert r.status_code == 200, r.text
                        docs[doc_id] = r.json()
                    passage = next(p for p in docs[doc_id]["passages"] if p["id"] == s["passage_id"])
                    assert passage["text"][s["start"]:s["end"]] == s["quote"]
                    n += 1
    return n


def test_health_reports_the_corpus(client: TestClient, small_settings: Settings) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and set(body) == {"status", "corpus"}
    # no filesystem path (issue 13: DNS rebinding could read /health, which showed the absolute store path)
    assert str(small_settings.db_path.parent) not in r.text and "medbrief.db" not in r.text
    assert body["corpus"]["documents"] == sum(pipeline.stats(small_settings)["documents"].values())


def test_ask_returns_the_brief_contract(client: TestClient, small_settings: Settings) -> None:
    r = client.post("/ask", json={"question": TIZANIDINE})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    brief = r.json()
    validate(brief)
    assert brief == pipeline.ask(small_settings, TIZANIDINE).to_json_dict()  # the same JSON as the library/CLI
    assert brief["drugs"] == ["tizanidine"]
    assert [s["title"] for s in brief["sections"]] == ["From the Guidelines", "From the FDA Drug Label",
                                                      "From the Research"]
    assert check_supports(client, brief) > 3


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"question": ""}, "InvalidQuestion"),
        ({"question": "   \n "}, "InvalidQuestion"),
        ({"question": "baclofen " * 2000}, "InvalidQuestion"),  # 18,000 characters > 2,000
        ({}, "InvalidRequest"),
        ({"question": 3}, "InvalidRequest"),
        ({"question": None}, "InvalidRequest"),
        (["What is baclofen used for?"], "InvalidRequest"),
    ],
)
def test_ask_bad_input_is_400(client: TestClient, body: object, error: str) -> None:
    r = client.post("/ask", json=body)
    assert r.status_code == 400, r.text
    assert r.json()["error"] == error and r.json()["message"]


def test_question_limit_is_the_clis_in_every_interface(client: TestClient) -> None:
    """2,000 characters, with the CLI's hint, in /ask, the OpenAPI schema and the page (was: 10,000 on the page and
    in the schema, a 2,001-character question refused with another message, a 10,001 one with no hint)."""
    from medbrief.retrieve.question import MAX_QUESTION_CHARS, QUESTION_HINT

    for n in (MAX_QUESTION_CHARS + 1, 10_001):
        r = client.post("/ask", json={"question": "b" * n})
        assert r.status_code == 400 and r.json()["hint"] == QUESTION_HINT, r.text
    schema = client.get("/openapi.json").json()["components"]["schemas"]["AskRequest"]
    assert schema["properties"]["question"]["maxLength"] == MAX_QUESTION_CHARS
    assert f'maxlength="{MAX_QUESTION_CHARS}"' in client.get("/").text


def test_ask_not_json_is_400(client: TestClient) -> None:
    r = client.post("/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "InvalidRequest"


def test_ask_huge_body_is_413_before_reading(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "x" * (MAX_BODY_BYTES + 10)})
    assert r.status_code == 413 and r.json()["error"] == "PayloadTooLarge"


def test_unknown_drug_is_422_with_hint(client: TestClient) -> None:
    r = client.post("/ask", json={"question": "What is flibbertonib used for?"})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "UnknownDrug" and "flibbertonib" in body["message"] and body["hint"]


def test_search_returns_hit_dicts(client: TestClient, small_settings: Settings) -> None:
    r = client.get("/search", params={"q": "baclofen spasticity", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "baclofen spasticity" and body["tier"] is None
    assert 0 < len(body["hits"]) <= 3
    assert all(set(h) == HIT_KEYS for h in body["hits"])
    assert [h["rank"] for h in body["hits"]] == list(range(1, len(body["hits"]) + 1))
    expected = [pipeline.hit_dict(h) for h in pipeline.search(small_settings, "baclofen spasticity", k=3)]
    assert body["hits"] == expected


def test_search_tier_filter(client: TestClient) -> None:
    body = client.get("/search", params={"q": "baclofen", "tier": "label", "k": 50}).json()
    assert body["hits"] and {h["tier"] for h in body["hits"]} == {"label"}


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "  "}, {}, {"q": "x", "tier": "blog"}, {"q": "x", "k": 0}, {"q": "x", "k": 101},
     {"q": "x", "k": "ten"}, {"q": "x" * 10_001}],
)
def test_search_bad_input_is_400(client: TestClient, params: dict) -> None:
    r = client.get("/search", params=params)
    assert r.status_code == 400, r.text
    assert r.json()["error"] in {"InvalidQuestion", "InvalidRequest"}


def test_search_query_syntax_is_plain_words(client: TestClient) -> None:
    r = client.get("/search", params={"q": 'baclofen" AND (title:* OR -['})
    assert r.status_code == 200


@pytest.mark.parametrize("path", ["/documents/guideline:cdc/opioidcds-03", "/documents/guideline%3Acdc%2Fopioidcds-03"])
def test_document_ids_with_colon_and_slash(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["id"] == "guideline:cdc/opioidcds-03" and doc["tier"] == "guideline"
    assert doc["passages"] and all(p["doc_id"] == doc["id"] for p in doc["passages"])


def test_unknown_document_is_404_json(client: TestClient) -> None:
    r = client.get("/documents/pmid:0")
    assert r.status_code == 404
    assert r.json()["error"] == "NotFound" and "pmid:0" in r.json()["message"]


def test_unknown_route_is_404_json(client: TestClient) -> None:
    r = client.get("/nope")
    assert r.status_code == 404 and r.json()["error"] == "NotFound"


def test_markup_in_records_is_returned_raw_as_json(client: TestClient) -> None:
    """The API never rewrites source text: escaping is the page's job (it only ever sets textContent)."""
    r = client.get(f"/documents/{XSS_DOC}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    assert "<script>" in doc["title"]
    assert doc["url"] is None  # the reader keeps only http(s) links: a javascript: URL is never stored
    assert any("<img src=x" in p["text"] for p in doc["passages"])


# -- the store missing or stale: 503, and the same app recovers once the store exists ---------------------------
def test_missing_store_is_503_then_recovers(tmp_path: Path) -> None:
    settings = Settings.load(db=tmp_path / "later.db")
    with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
        for r in (c.get("/health"), c.post("/ask", json={"question": TIZANIDINE}), c.get("/search?q=x"),
                  c.get("/documents/pmid:1")):
            assert r.status_code == 503, r.text
            assert r.json()["error"] == "StoreMissing" and "medbrief ingest" in r.json()["hint"]
        pipeline.ingest(settings, SMALL_SOURCES)
        assert c.get("/health").status_code == 200
        assert c.post("/ask", json={"question": TIZANIDINE}).status_code == 200


def test_missing_index_is_rebuilt_or_503_while_another_process_writes(tmp_path: Path, small_settings: Settings) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(small_settings.db_path, db)  # records without their index
    other = WriteLock(db, command="medbrief ingest")
    assert other.try_acquire()  # another process is writing: the server may not rebuild the index itself
    try:
        settings = dataclasses.replace(Settings.load(db=db), lock_timeout=0.5)
        with TestClient(create_app(settings, hosts=[TEST_HOST])) as c:
            r = c.get("/search", params={"q": "baclofen"})  # waits for the writer up to the lock timeout, then 503
            assert r.status_code == 503 and r.json()["error"] == "IndexStale", r.text
            assert "missing" in r.json()["message"] and "medbrief ingest" in r.json()["message"]
            other.release()
            r = c.get("/search", params={"q": "baclofen"})  # the lock is free: rebuilt from the records, answered
            assert r.status_code == 200 and r.json()["hits"], r.text
    finally:
        other.release()


# -- the page and the docs: everything served from the package ---------------------------------------------------
def test_page_and_assets(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    for name, kind in (("app.js", "javascript"), ("style.css", "css")):
        r = client.get(f"/static/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"]
    assert client.get("/static/../server.py").status_code == 404
    assert client.get("/static/index.py").status_code == 404
    assert client.head("/").status_code == 200


def test_page_fetches_nothing_from_the_internet(client: TestClient) -> None:
    for path in ("/", "/static/app.js", "/static/style.css", "/docs"):
        text = client.get(path).text
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), path
        assert "@import" not in text and "url(http" not in text
    docs = client.get("/docs").text
    for asset in re.findall(r"""(?:src|href)=["'](/[^"']+)["']""", docs):
        assert client.get(asset).status_code == 200, asset


def test_app_js_never_parses_data_as_html(client: TestClient) -> None:
    js = client.get("/static/app.js").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/ask", "/search", "/documents/{doc_id}", "/health"}
    assert set(spec["paths"]["/ask"]["post"]["responses"]) == {"200", "400", "422", "503"}
    assert "422" not in spec["paths"]["/search"]["get"]["responses"]
    assert client.get("/docs").status_code == 200


# -- one store shared by many threads ----------------------------------------------------------------------------
def test_concurrent_requests_on_a_live_server(live_small: Live) -> None:
    questions = [TIZANIDINE, "What is the maximum dose of baclofen?", "metformin"]

    def one(i: int) -> int:
        with httpx.Client(base_url=live_small.url, timeout=30) as c:
            if i % 2:
                return c.get("/search", params={"q": questions[i % 3], "k": 5}).status_code
            return c.post("/ask", json={"question": questions[i % 3]}).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(one, range(40)))
    assert set(codes) <= {200, 422} and codes.count(200) >= 30


# -- the real data ---------------------------------------------------------------------------------------------
@pytest.mark.data
def test_tizanidine_on_the_real_store(real_client: TestClient) -> None:
    r = real_client.post("/ask", json={"question": TIZANIDINE})
    assert r.status_code == 200, r.text
    brief = r.json()
    validate(brief)
    assert brief["drugs"] == ["tizanidine"]
    label = next(s for s in brief["sections"] if s["tier"] == "label")
    texts = " ".join(st["text"] for b in label["blocks"] for st in b["statements"]).lower()
    assert "spasticity" in texts
    assert any(r["doc_id"].startswith("label:") for r in brief["references"])
    assert check_supports(real_client, brief) >= 5
    assert brief["notes"]  # the corpus has no guideline on tizanidine: the brief says so
