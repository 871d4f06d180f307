"""Faults a fresh-user tester of issue 14 found (fetch-fixes): counting, caching, offline update, brand names."""

from __future__ import annotations

from medbrief.fetching import summary
from medbrief.store import FetchRecord

BASE = {"updates": False, "max_files": None}


def _rec(files: int, documents: int, cursor: str | None, source: str = "pubmed-baseline",
         params: dict | None = None) -> FetchRecord:
    return FetchRecord(source=source, request="baseline files", params=BASE if params is None else params,
                       fetched_at="2026-11-30T08:00:00+00:00", url="https://ftp.ncbi.nlm.nih.gov/pubmed",
                       files=files, documents=documents, written=documents, cursor=cursor)


def test_sources_counts_a_baseline_file_once_over_a_resume_and_a_plain_rerun() -> None:
    # the tester's case: a cut download stopped after file 1 (300 documents), its resume read files 2-3 (304),
    # one more plain run re-read files 1-3 (604): the store holds 604, not 1,208
    rows = summary([_rec(1, 300, "pubmed25n0001.xml.gz"), _rec(2, 304, "pubmed25n0003.xml.gz"),
                    _rec(3, 604, "pubmed25n0003.xml.gz")])
    assert rows[0]["documents"] == 604
    assert rows[0]["fetches"] == 3
    # two fetches of the same 3 files (a resume that found them all complete, a re-run): counted once
    assert summary([_rec(3, 604, "pubmed25n0003.xml.gz"), _rec(3, 604, "pubmed25n0003.xml.gz")])[0][
        "documents"] == 604
    # different files each time (update runs from the cursor): added up
    assert summary([_rec(2, 400, "pubmed25n0002.xml.gz"), _rec(1, 204, "pubmed25n0003.xml.gz"),
                    _rec(0, 0, "pubmed25n0003.xml.gz")])[0]["documents"] == 604


def test_sources_counts_other_sources_by_the_most_one_fetch_read() -> None:
    rows = summary([_rec(1, 3, "20240101", source="openfda", params={"drug": "baclofen"}),
                    _rec(1, 1, "20250101", source="openfda", params={"drug": "baclofen"})])
    assert rows[0]["documents"] == 3


def test_openfda_searches_brand_names_and_a_miss_suggests_the_ingredient(replay_server, tmp_path, monkeypatch,
                                                                         data_dir) -> None:
    """`fetch openfda --drug JANUMET` found nothing: JANUMET is only in openfda.brand_name."""
    import json

    from medbrief.connectors.openfda import download_drug
    from medbrief.settings import SourceSettings

    from .test_openfda import NOT_FOUND, api_answer, recorded

    meta, records = recorded(data_dir)
    brand = next(r for r in records if r.get("openfda", {}).get("brand_name")
                 and r["openfda"]["brand_name"][0].upper() not in " ".join(r["openfda"].get("generic_name", [])))
    name = brand["openfda"]["brand_name"][0]

    def answer(params: dict[str, str]):
        if f'openfda.brand_name:"{name.upper()}"' in params["search"]:
            return api_answer(meta, [brand], 0, int(params["limit"]))
        return NOT_FOUND

    replay_server.route("/drug/label.json", answer)
    monkeypatch.setenv("MEDBRIEF_OPENFDA_URL", replay_server.url)
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    got = download_drug(SourceSettings.load(), name, tmp_path / "dl")
    assert len(got.files) == 1
    assert json.loads(got.files[0].read_bytes())["results"][0]["set_id"] == brand["set_id"]

    replay_server.route("/drug/label.json", lambda p: NOT_FOUND)
    miss = download_drug(SourceSettings.load(), "JANUMET", tmp_path / "dl2")
    assert not miss.files and "active ingredient" in miss.notes[0] and "brand" in miss.notes[0]


def test_a_source_failure_does_not_blame_the_request_and_says_1_try(replay_server, tmp_path) -> None:
    import pytest

    from medbrief.connectors.http import RATE_LIMITED, SOURCE_FAILED
    from medbrief.errors import RemoteError

    from .fake_time import FakeTime
    from .replay import Answer, Fault
    from .test_http import source

    fake = FakeTime()
    replay_server.route("/a.json", b"{}", faults=[Fault.status(503)] * 5)
    with source(replay_server, fake, retries=0) as http, pytest.raises(RemoteError) as caught:
        http.get("/a.json")
    assert "answered 503 after 1 try:" in str(caught.value)  # not "after 1 tries"
    assert caught.value.hint == SOURCE_FAILED and "check the request" not in caught.value.hint
    replay_server.route("/q.json", b"{}", faults=[Fault.status(429)] * 5)
    with source(replay_server, fake, retries=1) as http, pytest.raises(RemoteError) as caught:
        http.get("/q.json")
    assert "after 2 tries" in str(caught.value) and caught.value.hint == RATE_LIMITED
    # a file that keeps failing its md5 check: the source's fault too
    replay_server.route("/f.gz", b"0123456789", content_type="application/octet-stream")
    with source(replay_server, fake) as http, pytest.raises(RemoteError) as caught:
        http.download("/f.gz", tmp_path / "f.gz", md5="0" * 32)
    assert caught.value.hint == SOURCE_FAILED
    # a refusal of the request itself still says to check it
    replay_server.route("/bad.json", Answer(b'{"error": {"code": "BAD", "message": "bad query"}}', status=400))
    with source(replay_server, fake) as http, pytest.raises(RemoteError) as caught:
        http.get("/bad.json")
    assert "check the request" in caught.value.hint


def test_baseline_rows_recorded_with_max_files_merge_into_the_one_request_of_their_kind() -> None:
    """Second tester: `--max-files` made a request (sources row) of its own, so `update` ran both rows and
    downloaded files twice. Rows recorded that way now belong to one request, resumed from the furthest file."""
    from medbrief.fetching import pending_updates

    old = [_rec(1, 300, "pubmed25n0001.xml.gz", params={"updates": False, "max_files": 1}),
           _rec(2, 304, "pubmed25n0003.xml.gz", params={"updates": False, "max_files": None}),
           _rec(1, 300, "pubmed25n0001.xml.gz", params={"updates": False, "max_files": 1})]
    (row,) = summary(old)
    assert (row["request"], row["fetches"], row["command"]) == ("baseline files", 3, "medbrief fetch pubmed-baseline")
    ((request, cursor),) = pending_updates(old)
    assert request.params == {"updates": False} and cursor == "pubmed25n0003.xml.gz"
