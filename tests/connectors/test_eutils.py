"""eutils.download_query against the replay server serving REAL recorded E-utilities answers (Biopython's
Tests/Entrez under MEDBRIEF_DATA): history-server paging, --max, NCBI's rate limits, tool/email/api_key, faults
mid-paging, notes for what is not an error, the cursor, and an end-to-end ingest + search."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.connectors import Downloaded, eutils
from medbrief.errors import DeadlineReached, InvalidQuestion, RemoteError
from medbrief.settings import Settings, SourceSettings
from medbrief.sources import pubmed
from tests.connectors.fake_time import FakeTime

from .pubmed_records import article_set, entrez
from .replay import Answer, Fault, ReplayServer

BASE = "/entrez/eutils"
ESEARCH = f"{BASE}/esearch.fcgi"
EFETCH = f"{BASE}/efetch.fcgi"
WEBENV = "MCID_6927d6e7fee3e90f880ec190"  # the WebEnv of the recorded esearch2.xml (Count 42249)
KEY = "0123456789abcdef0123456789abcdef0123"




@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def settings_for(server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, key: str | None = None,
                 email: str | None = "dev@example.org") -> SourceSettings:
    """SourceSettings as a user gets them: from the environment, pointed at the replay server."""
    monkeypatch.setenv("MEDBRIEF_EUTILS_URL", server.url + BASE)
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    for name, value in (("NCBI_API_KEY", key), ("MEDBRIEF_NCBI_EMAIL", email)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return SourceSettings.load()


# efetch answers by retstart: real recorded PubmedArticleSet answers (2 + 2 + 1 records).
PAGES = {"0": "pubmed1.xml", "2": "pubmed2.xml", "4": "pubmed7.xml"}


def efetch_pages(calls: list[dict[str, str]] | None = None, clock: Callable[[], float] | None = None,
                 times: list[float] | None = None) -> Callable[[dict[str, str]], Answer]:
    def answer(params: dict[str, str]) -> Answer:
        if calls is not None:
            calls.append(params)
        if times is not None and clock is not None:
            times.append(clock())
        name = PAGES.get(params.get("retstart", ""))
        body = entrez(name) if name else article_set([])
        return Answer(body, content_type="text/xml")
    return answer


def serve(server: ReplayServer, esearch: str = "esearch2.xml", efetch: Callable | bytes | None = None) -> None:
    server.route(ESEARCH, entrez(esearch), content_type="text/xml")
    server.route(EFETCH, efetch if efetch is not None else efetch_pages(), content_type="text/xml")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eutils, "BATCH", 2)


def run(src: SourceSettings, dest: Path, fake: FakeTime, query: str = "cancer", **kw: Any) -> Downloaded:
    http = eutils.make_http(src, sleep=fake.sleep, clock=fake.clock, deadline=kw.pop("deadline", None))
    with http:
        return eutils.download_query(src, query, dest, http=http, **kw)


def test_history_server_paging_in_batches(replay_server: ReplayServer, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, fake: FakeTime, small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    seen: list[tuple[int, int | None]] = []
    got = run(src, tmp_path / "dl", fake, "cancer", max_records=5, progress=lambda d, t: seen.append((d, t)))

    searches = replay_server.requests(ESEARCH)
    assert len(searches) == 1
    assert {k: searches[0].params[k] for k in ("db", "term", "usehistory", "retmax")} == {
        "db": "pubmed", "term": "cancer", "usehistory": "y", "retmax": "0"}
    fetches = replay_server.requests(EFETCH)
    assert [(r.params["retstart"], r.params["retmax"]) for r in fetches] == [("0", "2"), ("2", "2"), ("4", "1")]
    assert {r.params["WebEnv"] for r in fetches} == {WEBENV}  # the esearch's WebEnv reused for every batch
    assert {r.params["query_key"] for r in fetches} == {"1"}
    assert {(r.params["rettype"], r.params["retmode"]) for r in fetches} == {("abstract", "xml")}

    assert [f.name for f in got.files] == ["efetch-000000.xml", "efetch-000002.xml", "efetch-000004.xml"]
    assert got.files[0].read_bytes() == entrez("pubmed1.xml")  # saved as it came
    pmids = [d.id for f in got.files for d in pubmed.read(f.read_bytes(), str(f)) if hasattr(d, "id")]
    assert pmids == ["pmid:12091962", "pmid:9997", "pmid:11748933", "pmid:11700088", "pmid:29963580"]
    assert got.source == "pubmed" and got.request == 'query="cancer" max=5'
    assert got.requests == 4 and got.cached == 0
    assert got.cursor == "2018-07-03"  # the newest Entrez date among the records (pubmed7.xml)
    assert any("42,249 records" in n and "fetching 5 (--max)" in n for n in got.notes)
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)


def test_max_is_honoured_with_the_default_batch(replay_server: ReplayServer, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    run(src, tmp_path / "dl", fake, max_records=300)
    fetches = replay_server.requests(EFETCH)
    assert [(r.params["retstart"], r.params["retmax"]) for r in fetches] == [("0", "200"), ("200", "100")]
    assert sum(int(r.params["retmax"]) for r in fetches) == 300


@pytest.mark.slow  # seconds of ingest/retries: the full suite runs it, the fast subset does not
def test_more_than_pubmeds_10000_is_capped_with_a_note(replay_server: ReplayServer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    serve(replay_server)  # Count 42249
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, max_records=20_000)
    fetches = replay_server.requests(EFETCH)
    assert len(fetches) == 50 and fetches[-1].params["retstart"] == "9800"
    assert any("first 10,000 records" in n for n in got.notes)


@pytest.mark.parametrize(("key", "interval"), [(None, 1 / 3), (KEY, 1 / 10)])
def test_rate_limit_3_per_second_keyless_10_with_key(replay_server: ReplayServer, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                                     small_batches: None, key: str | None, interval: float) -> None:
    times: list[float] = []  # the (injected) clock when each request reached the server
    replay_server.route(ESEARCH, lambda p: (times.append(fake.now), Answer(entrez("esearch2.xml")))[1])
    replay_server.route(EFETCH, efetch_pages(clock=fake.clock, times=times))
    src = settings_for(replay_server, tmp_path, monkeypatch, key=key)
    run(src, tmp_path / "dl", fake, max_records=5)
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g == pytest.approx(interval) for g in gaps), gaps
    assert fake.sleeps == [pytest.approx(interval)] * 3  # waited for the limiter, never on the wall clock


def test_tool_email_and_api_key_on_every_request_and_key_never_stored(
        replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
        small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch, key=KEY, email="dev@example.org")
    got = run(src, tmp_path / "dl", fake, max_records=3)
    for r in replay_server.requests():
        assert (r.params["tool"], r.params["email"], r.params["api_key"]) == ("medbrief", "dev@example.org", KEY)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(KEY.encode() not in p.read_bytes() and KEY not in str(p) for p in written)
    assert KEY not in got.request and all(KEY not in n for n in got.notes)


def test_no_email_when_unset(replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             fake: FakeTime) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch, email=None)
    run(src, tmp_path / "dl", fake, max_records=1)
    assert all(r.params["tool"] == "medbrief" and "email" not in r.params and "api_key" not in r.params
               for r in replay_server.requests())


def test_429_with_retry_after_and_500_mid_paging_then_success(
        replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
        small_batches: None) -> None:
    normal = efetch_pages()
    calls: list[str] = []

    def flaky(params: dict[str, str]) -> Answer:
        calls.append(params["retstart"])
        if len(calls) == 2:  # the second batch: rate limited, NCBI's JSON error body
            return Answer(b'{"error":"API rate limit exceeded","count":"4","limit":"3"}', status=429,
                          headers=(("Retry-After", "2"),))
        if len(calls) == 3:  # its retry: a server error
            return Answer(b"<html>Internal Server Error</html>", status=500, content_type="text/html")
        return normal(params)

    serve(replay_server, efetch=flaky)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, max_records=5)
    assert calls == ["0", "2", "2", "2", "4"]
    assert 2.0 in fake.sleeps  # Retry-After honoured
    assert len(got.files) == 3 and got.requests == 6
    assert [f.read_bytes() for f in got.files] == [entrez(n) for n in ("pubmed1.xml", "pubmed2.xml", "pubmed7.xml")]


@pytest.mark.parametrize("fault", [Fault.truncate(at=500), Fault.reset(), Fault.status(503, retry_after="1")])
def test_a_cut_reset_or_unavailable_efetch_is_retried(replay_server: ReplayServer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                                      small_batches: None, fault: Fault) -> None:
    replay_server.route(ESEARCH, entrez("esearch2.xml"), content_type="text/xml")
    replay_server.route(EFETCH, efetch_pages(), faults=[fault], content_type="text/xml")
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, max_records=2)
    assert len(replay_server.requests(EFETCH)) == 2
    assert [f.read_bytes() for f in got.files] == [entrez("pubmed1.xml")]  # whole, never the cut answer


def test_phrase_not_found_count_0_is_a_note(replay_server: ReplayServer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    serve(replay_server, esearch="esearch8.xml")
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, "abcXYZ")
    assert got.files == () and got.cursor is None
    assert any("abcXYZ" in n and "found nothing" in n for n in got.notes)
    assert any("no records" in n for n in got.notes)
    assert replay_server.requests(EFETCH) == []


def test_esearch_error_element_is_a_note(replay_server: ReplayServer, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    replay_server.route(ESEARCH, b'<?xml version="1.0" ?><eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>')
    replay_server.route(EFETCH, b"")
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, "((")
    assert got.files == () and got.cursor is None
    assert got.notes == ("PubMed could not run the query: Invalid query",)


def test_efetch_returning_fewer_records_is_noted(replay_server: ReplayServer, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                                 small_batches: None) -> None:
    short = efetch_pages()
    serve(replay_server, efetch=lambda p: Answer(entrez("pubmed7.xml")) if p["retstart"] == "2" else short(p))
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, max_records=5)
    assert any("4 of the 5 records" in n for n in got.notes), got.notes


def test_since_asks_for_entrez_dates_and_update_resumes_from_the_cursor(
        replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
        small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    first = run(src, tmp_path / "dl", fake, max_records=5, since=date(2018, 1, 1))
    params = replay_server.requests(ESEARCH)[0].params
    assert (params["mindate"], params["maxdate"], params["datetype"]) == ("2018/01/01", "3000", "edat")
    assert first.request == 'query="cancer" max=5 since=2018-01-01'
    # what `medbrief update` does: the cursor back as `since`
    run(src, tmp_path / "dl", fake, max_records=5, since=date.fromisoformat(first.cursor))
    assert replay_server.requests(ESEARCH)[1].params["mindate"] == "2018/07/03"


def test_cursor_without_entrez_dates_is_the_day_before_today(replay_server: ReplayServer, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    undated = entrez("pubmed7.xml").replace(b'PubStatus="entrez"', b'PubStatus="pubmed"')
    serve(replay_server, esearch="esearch2.xml", efetch=undated)
    monkeypatch.setattr(eutils, "_utc_today", lambda: date(2026, 11, 30))
    src = settings_for(replay_server, tmp_path, monkeypatch)
    assert run(src, tmp_path / "dl", fake, max_records=1).cursor == "2026-11-29"


def test_expired_webenv_searches_again(replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       fake: FakeTime, small_batches: None) -> None:
    normal = efetch_pages()
    lost = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>Unable to obtain query #1</ERROR>\n'
            b'</eFetchResult>\n')
    calls: list[str] = []

    def expiring(params: dict[str, str]) -> Answer:
        calls.append(params["retstart"])
        return Answer(lost) if len(calls) == 2 else normal(params)

    serve(replay_server, efetch=expiring)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    got = run(src, tmp_path / "dl", fake, max_records=5)
    assert len(replay_server.requests(ESEARCH)) == 2 and calls == ["0", "2", "2", "4"]
    assert len(got.files) == 3 and any("searched again at record 2" in n for n in got.notes)


def test_deadline_after_a_batch_returns_what_came(replay_server: ReplayServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                                  small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    # keyless: requests at t, t+1/3, t+2/3 ...: a deadline at t+0.5 lets esearch and one efetch start
    got = run(src, tmp_path / "dl", fake, max_records=5, deadline=fake.now + 0.5)
    assert [f.name for f in got.files] == ["efetch-000000.xml"]
    assert any("time limit after 2 of 5 records" in n for n in got.notes)
    assert got.cursor is None  # the next update must ask again for the records not fetched
    with pytest.raises(DeadlineReached):
        run(src, tmp_path / "dl2", fake, max_records=5, deadline=fake.now + 0.2)


def test_a_garbled_efetch_answer_is_asked_again_then_an_error(replay_server: ReplayServer, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, fake: FakeTime) -> None:
    cut = entrez("pubmed1.xml")[:3000]
    serve(replay_server, efetch=cut)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    with pytest.raises(RemoteError, match="unreadable efetch answer at record 0"):
        run(src, tmp_path / "dl", fake, max_records=2)
    assert len(replay_server.requests(EFETCH)) == 2
    assert list((tmp_path / "dl").glob("*.xml")) == []  # nothing half-written


def test_empty_query_and_bad_max(tmp_path: Path) -> None:
    src = SourceSettings(eutils_url="http://127.0.0.1:9", cache_dir=tmp_path)
    with pytest.raises(InvalidQuestion):
        eutils.download_query(src, "   ", tmp_path / "dl")
    with pytest.raises(Exception, match="at least 1"):
        eutils.download_query(src, "x", tmp_path / "dl", max_records=0)


@pytest.mark.slow  # seconds of ingest/retries: the full suite runs it, the fast subset does not
def test_end_to_end_ingest_then_search_finds_a_title(replay_server: ReplayServer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                                      small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    dest = src.cache_dir / "downloads" / "pubmed" / "cancer"
    got = run(src, dest, fake, max_records=5)
    settings = Settings.load(db=tmp_path / "store" / "medbrief.db")
    report = pipeline.ingest(settings, list(got.files))
    assert report.documents == 5
    hits = pipeline.search(settings, "pulmonary imaging biomarker pipeline chronic lung disease")
    assert hits[0].passage.doc_id == "pmid:29963580"
    assert hits[0].title.startswith("Development of a pulmonary imaging biomarker pipeline")


def test_refetch_replaces_the_previous_files(replay_server: ReplayServer, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, fake: FakeTime,
                                             small_batches: None) -> None:
    serve(replay_server)
    src = settings_for(replay_server, tmp_path, monkeypatch)
    run(src, tmp_path / "dl", fake, max_records=5)
    again = run(src, tmp_path / "dl", fake, max_records=2)
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [p.name for p in again.files] == [
        "efetch-000000.xml"]
