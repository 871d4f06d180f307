"""The openFDA connector against the replay server serving REAL recorded label answers (issue 14 points 1, 6, 8):
paging, faults mid-paging, offline, zero matches, since, the bulk index and resumable partition zips, and the
downloaded files read by `pipeline.ingest` into a store where `search` finds the label."""

from __future__ import annotations

import copy
import functools
import io
import json
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.connectors import openfda
from medbrief.connectors.openfda import download_bulk, download_drug, openfda_source, search_query
from medbrief.errors import RemoteError, SourceUnreachable
from medbrief.settings import Settings, SourceSettings

from .replay import Answer, Fault, ReplayServer
from .test_http import FakeTime, closed_port

CACHE_ZIP = Path("labels/openfda_luckygood/openfda-drug-label-cache.zip")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors"
NOT_FOUND = Answer(b'{\n  "error": {\n    "code": "NOT_FOUND",\n    "message": "No matches found!"\n  }\n}', status=404)
DRUG = "hydrochlorothiazide"


# -- real recorded answers ------------------------------------------------------------------------------------
@functools.cache
def recorded(data_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(a real answer's meta, every distinct real label record) from the recorded openFDA answers (read once)."""
    records: dict[str, dict[str, Any]] = {}
    meta: dict[str, Any] = {}
    with zipfile.ZipFile(data_dir / CACHE_ZIP) as zf:
        for name in sorted(zf.namelist()):
            doc = json.loads(zf.read(name))
            meta = meta or doc["meta"]
            for rec in doc["results"]:
                records.setdefault(rec["set_id"], rec)
    return meta, list(records.values())


def labels_of(records: list[dict[str, Any]], ingredient: str) -> list[dict[str, Any]]:
    """The records openFDA's search for the ingredient matches: the phrase in a generic or substance name."""
    want = ingredient.upper()
    return [r for r in records
            if any(want in n.upper() for n in r.get("openfda", {}).get("generic_name", []) +
                   r.get("openfda", {}).get("substance_name", []))]


def api_answer(meta: dict[str, Any], labels: list[dict[str, Any]], skip: int, limit: int) -> Answer:
    """openFDA's answer to one page: the real meta with a consistent {skip, limit, total}; 404 past the end."""
    page = labels[skip:skip + limit]
    if not page:
        return NOT_FOUND
    body = {"meta": {**meta, "results": {"skip": skip, "limit": limit, "total": len(labels)}}, "results": page}
    return Answer(json.dumps(body, indent=2).encode())


@pytest.fixture
def real(data_dir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    meta, records = copy.deepcopy(recorded(data_dir))
    labels = labels_of(records, DRUG)
    assert len(labels) >= 4, len(labels)  # several labels: two pages of them
    return meta, labels


@pytest.fixture
def sources(replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SourceSettings:
    """Settings pointing openFDA at the replay server, the way a user's environment would."""
    monkeypatch.setenv("MEDBRIEF_OPENFDA_URL", replay_server.url)
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENFDA_API_KEY", raising=False)
    return SourceSettings.load()


def paged_route(server: ReplayServer, meta: dict[str, Any], labels: list[dict[str, Any]],
                faults: list[Fault] | None = None) -> None:
    def answer(params: dict[str, str]) -> Answer:
        assert params["search"] == search_query(DRUG)
        return api_answer(meta, labels, int(params.get("skip", 0)), int(params["limit"]))

    server.route("/drug/label.json", answer, faults=faults)


def ingest_and_search(tmp_path: Path, files: tuple[Path, ...], query: str) -> tuple[Any, list[Any]]:
    settings = Settings.load(db=tmp_path / "store" / "medbrief.db")
    report = pipeline.ingest(settings, list(files))
    return report, pipeline.search(settings, query, tier="label", k=50, mode="bm25")


# -- the label API ----------------------------------------------------------------------------------------------
def test_a_drug_with_several_labels_across_two_pages(replay_server: ReplayServer, sources: SourceSettings,
                                                     real: tuple, tmp_path: Path) -> None:
    meta, labels = real
    page = math.ceil(len(labels) / 2)
    paged_route(replay_server, meta, labels)
    seen: list[tuple[int, int | None]] = []
    got = download_drug(sources, DRUG, tmp_path / "dl", page_size=page, progress=lambda d, t: seen.append((d, t)))
    assert [f.name for f in got.files] == ["label-page-0001.json", "label-page-0002.json"]
    assert got.source == "openfda" and got.request == f"drug={DRUG}" and got.requests == 2 and got.cached == 0
    assert got.cursor == max(r["effective_time"] for r in labels)
    assert got.notes[0] == f"openFDA has {len(labels)} label(s) for {DRUG}; {len(labels)} fetched in 2 pages"
    sent = replay_server.requests()
    assert [r.params.get("skip") for r in sent] == [None, str(page)]
    assert all(r.params["limit"] == str(page) and "api_key" not in r.params for r in sent)
    assert seen == [(page, len(labels)), (len(labels), len(labels))]
    # the files are the API's own answers, and the ingest reads every label of them
    stored = [rec["set_id"] for f in got.files for rec in json.loads(f.read_bytes())["results"]]
    assert sorted(stored) == sorted(r["set_id"] for r in labels)
    report, hits = ingest_and_search(tmp_path, got.files, "hydrochlorothiazide electrolyte imbalance")
    assert report.added == len(labels)
    assert {h.passage.doc_id for h in hits} & {f"label:{r['set_id']}" for r in labels}


@pytest.mark.parametrize("fault", [Fault.status(429, retry_after="2"), Fault.status(500), Fault.truncate(at=300)],
                         ids=["429", "500", "truncated"])
def test_a_fault_mid_paging_is_retried_and_the_download_completes(replay_server: ReplayServer,
                                                                  sources: SourceSettings, real: tuple,
                                                                  tmp_path: Path, fault: Fault) -> None:
    meta, labels = real
    page = math.ceil(len(labels) / 2)
    paged_route(replay_server, meta, labels, faults=[Fault.none(), fault])
    fake = FakeTime()
    http = openfda_source(sources, sleep=fake.sleep, clock=fake.clock)
    got = download_drug(sources, DRUG, tmp_path / "dl", page_size=page, http=http)
    assert len(got.files) == 2 and got.requests == 3
    assert [r.params.get("skip") for r in replay_server.requests()] == [None, str(page), str(page)]
    assert fake.sleeps[-1] == (2.0 if fault.code == 429 and fault.kind == "status" else 1.0)
    assert sum(len(json.loads(f.read_bytes())["results"]) for f in got.files) == len(labels)


def test_offline_names_the_host_and_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDBRIEF_OPENFDA_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    sources = SourceSettings.load()
    fake = FakeTime()
    dest = tmp_path / "dl"
    with pytest.raises(SourceUnreachable, match=r"^cannot reach 127\.0\.0\.1 \(offline\?\): "):
        download_drug(sources, "baclofen", dest, http=openfda_source(sources, sleep=fake.sleep, clock=fake.clock))
    assert not [p for p in dest.rglob("*") if p.is_file()]


def test_zero_matches_is_a_note_not_an_error(replay_server: ReplayServer, sources: SourceSettings,
                                             tmp_path: Path) -> None:
    replay_server.route("/drug/label.json", NOT_FOUND)
    got = download_drug(sources, "flibbertonib", tmp_path / "dl")
    assert got.files == () and got.cursor is None and got.requests == 1
    assert got.notes == ("openFDA has no label for flibbertonib (searched generic, substance and brand names); "
                         "if flibbertonib is a product name, try its active ingredient, e.g. "
                         "`medbrief fetch openfda --drug sitagliptin`",)


def test_since_filters_by_effective_time_and_the_key_is_sent_not_stored(
        replay_server: ReplayServer, real: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meta, labels = real
    newer = [r for r in labels if r["effective_time"] >= "20240101"]
    replay_server.route("/drug/label.json", lambda p: api_answer(meta, newer, int(p.get("skip", 0)), int(p["limit"])))
    monkeypatch.setenv("MEDBRIEF_OPENFDA_URL", replay_server.url)
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENFDA_API_KEY", "MY-SECRET-KEY")
    sources = SourceSettings.load()
    got = download_drug(sources, DRUG, tmp_path / "dl", since="2024-01-01")
    (sent,) = replay_server.requests()
    assert sent.params["search"] == (f'(openfda.generic_name:"{DRUG.upper()}" OR openfda.substance_name:'
                                     f'"{DRUG.upper()}" OR openfda.brand_name:"{DRUG.upper()}") '
                                     'AND effective_time:[20240101 TO *]')
    assert sent.params["api_key"] == "MY-SECRET-KEY"
    assert got.request == f"drug={DRUG} since=20240101"
    cached = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert not any(b"MY-SECRET-KEY" in p.read_bytes() for p in cached)
    # the same request again (update / a re-run within the day): asked of openFDA, never answered from the cache,
    # so labels published since are seen
    again = download_drug(sources, DRUG, tmp_path / "dl", since="2024-01-01")
    assert (again.requests, again.cached) == (1, 0) and again.files == got.files
    assert len(replay_server.requests()) == 2


def test_paging_follows_the_link_header_cursor(replay_server: ReplayServer, sources: SourceSettings, real: tuple,
                                                tmp_path: Path) -> None:
    """openFDA's search_after paging (the only way past skip 25,000): follow `Link: <...>; rel="next"`."""
    meta, labels = real
    page = math.ceil(len(labels) / 2)

    def answer(params: dict[str, str]) -> Answer:
        start = int(params["search_after"].split("=")[1]) if "search_after" in params else 0
        assert "skip" not in params or params["skip"] == "0"
        base = api_answer(meta, labels, start, page)
        nxt = (f'<{replay_server.url}/drug/label.json?search={params["search"]}&limit={page}&skip=0'
               f'&search_after=0%3D{start + page}>; rel="next"')
        return Answer(base.body, headers=(("Link", nxt),)) if start + page < len(labels) else base

    replay_server.route("/drug/label.json", answer)
    got = download_drug(sources, DRUG, tmp_path / "dl", page_size=page)
    assert len(got.files) == 2
    assert [r.params.get("search_after") for r in replay_server.requests()] == [None, f"0={page}"]


def test_skip_paging_stops_at_openfdas_cap_with_a_note(replay_server: ReplayServer, sources: SourceSettings,
                                                        real: tuple, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a Link cursor, skip pages up to openFDA's cap (25,000; here 2) and says what was left."""
    meta, labels = real
    monkeypatch.setattr(openfda, "SKIP_MAX", 2)
    paged_route(replay_server, meta, labels)
    got = download_drug(sources, DRUG, tmp_path / "dl", page_size=2)
    assert [r.params.get("skip") for r in replay_server.requests()] == [None, "2"]
    assert len(got.files) == 2
    assert got.notes[1] == (f"openFDA pages at most 2 labels by skip: {len(labels) - 4:,} of {len(labels):,} not "
                            "fetched; `medbrief fetch openfda --bulk` has them all")


def test_an_empty_name_is_refused_before_any_request(sources: SourceSettings, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        download_drug(sources, "  ", tmp_path / "dl")


# -- bulk -----------------------------------------------------------------------------------------------------------
def partition_zip(meta: dict[str, Any], labels: list[dict[str, Any]], name: str) -> bytes:
    """A bulk partition as openFDA ships it: a zip of one `{"meta","results":[...]}` JSON file."""
    doc = {"meta": {**meta, "results": {"skip": 0, "limit": len(labels), "total": len(labels)}}, "results": labels}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, json.dumps(doc, indent=2))
    return out.getvalue()


@pytest.fixture
def bulk(replay_server: ReplayServer, real: tuple, data_dir: Path) -> dict[str, Any]:
    """The index (tests/fixtures/connectors/download.json, pointed at the replay server) and two partition zips of
    real labels: the hydrochlorothiazide labels in part 1, three other real labels in part 2."""
    meta, labels = copy.deepcopy(real)
    _, everything = recorded(data_dir)
    others = [r for r in everything if r not in labels][:3]
    index = (FIXTURES / "download.json").read_bytes().replace(b"https://download.open.fda.gov",
                                                              replay_server.url.encode())
    zips = {"drug-label-0001-of-0002.json.zip": partition_zip(meta, labels, "drug-label-0001-of-0002.json"),
            "drug-label-0002-of-0002.json.zip": partition_zip(meta, others, "drug-label-0002-of-0002.json")}
    replay_server.route("/download.json", index)
    return {"index": index, "zips": zips, "labels": labels, "others": others}


def test_bulk_interrupted_mid_download_resumes_then_ingests(replay_server: ReplayServer, sources: SourceSettings,
                                                            bulk: dict[str, Any], tmp_path: Path) -> None:
    first, second = bulk["zips"]
    cut = len(bulk["zips"][first]) // 3
    replay_server.route(f"/drug/label/{first}", bulk["zips"][first], ranges=True, content_type="application/zip",
                        faults=[Fault.truncate(at=cut)] * 2)
    replay_server.route(f"/drug/label/{second}", bulk["zips"][second], ranges=True, content_type="application/zip")
    dest = tmp_path / "bulk"
    fake = FakeTime()
    with pytest.raises(RemoteError):  # the connection keeps breaking: the run stops ...
        download_bulk(sources, dest, http=openfda_source(sources, retries=1, sleep=fake.sleep, clock=fake.clock))
    folder = dest / "2026-07-23"
    assert [p.name for p in folder.iterdir()] == [f"{first}.part"]  # ... leaving only the .part
    assert (folder / f"{first}.part").stat().st_size == 2 * cut

    seen: list[tuple[int, int | None]] = []
    got = download_bulk(sources, dest, progress=lambda d, t: seen.append((d, t)))  # the next run resumes
    assert got.source == "openfda-bulk" and got.cursor == "2026-07-23"
    assert [f.name for f in got.files] == [first, second]
    assert (folder / first).read_bytes() == bulk["zips"][first]
    ranges = [r.headers.get("range") for r in replay_server.requests(f"/drug/label/{first}")]
    assert ranges == [None, f"bytes={cut}-", f"bytes={2 * cut}-"]
    assert seen[-1][0] == seen[-1][1] == sum(len(z) for z in bulk["zips"].values())

    report, hits = ingest_and_search(tmp_path, got.files, "hydrochlorothiazide electrolyte imbalance")
    assert report.added == len(bulk["labels"]) + len(bulk["others"])
    assert {h.passage.doc_id for h in hits} & {f"label:{r['set_id']}" for r in bulk["labels"]}

    again = download_bulk(sources, dest)  # complete partitions are not downloaded again
    assert again.requests == 1 and "2 already complete" in again.notes[0] and again.files == got.files
    (folder / second).write_bytes(bulk["zips"][second][:-10])  # damaged on disk since: fetched anew
    third = download_bulk(sources, dest)
    assert third.requests == 2 and (folder / second).read_bytes() == bulk["zips"][second]


def test_a_bulk_file_that_is_not_a_zip_is_refused(replay_server: ReplayServer, sources: SourceSettings,
                                                  bulk: dict[str, Any], tmp_path: Path) -> None:
    for name in bulk["zips"]:
        replay_server.route(f"/drug/label/{name}", b"<html>Service Unavailable</html>", ranges=True)
    with pytest.raises(RemoteError, match="not a complete zip") as caught:
        download_bulk(sources, tmp_path / "bulk")
    assert not [p for p in (tmp_path / "bulk").rglob("*.zip")]
    assert caught.value.hint.startswith("the source failed, not your request")  # not "check the request"


def test_a_large_partition_is_split_into_chunks_the_ingest_reads(replay_server: ReplayServer,
                                                                 sources: SourceSettings, bulk: dict[str, Any],
                                                                 tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Real partitions hold >1 GB of JSON, more than the reader loads in one piece: streamed into chunks."""
    monkeypatch.setattr(openfda, "SPLIT_ABOVE", 1000)
    monkeypatch.setattr(openfda, "CHUNK_RECORDS", 2)
    for name, data in bulk["zips"].items():
        replay_server.route(f"/drug/label/{name}", data, ranges=True)
    got = download_bulk(sources, tmp_path / "bulk")
    n1, n2 = len(bulk["labels"]), len(bulk["others"])
    assert len(got.files) == math.ceil(n1 / 2) + math.ceil(n2 / 2)
    assert all(f.name.endswith(".json.gz") for f in got.files)
    report, _ = ingest_and_search(tmp_path, got.files, "hydrochlorothiazide")
    assert report.added == n1 + n2 and not report.skipped
    assert download_bulk(sources, tmp_path / "bulk").files == got.files  # split once


def test_the_index_picks_drug_label_among_endpoints() -> None:
    export_date, partitions = openfda.label_index((FIXTURES / "download.json").read_bytes())
    assert export_date == "2026-07-23"
    assert [p["display_name"] for p in partitions] == ["/drug/label (part 1 of 2)", "/drug/label (part 2 of 2)"]
    with pytest.raises(RemoteError, match=r"results\.drug\.label"):
        openfda.label_index(b'{"results": {"device": {}}}')
