"""The DailyMed connector against the replay server (issue 14 point 3): SPL search paged by drug name, SPL zips
downloaded (the real DailyMed zip of the shared data, and a real SPL XML zipped here), `since` by published date,
answers that are not zips refused, a re-run resuming without downloading again. No test touches the internet."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from medbrief.connectors import dailymed
from medbrief.connectors.http import HttpSource
from medbrief.errors import RemoteError
from medbrief.settings import SourceSettings

from ..conftest import FIXTURES, shared_data
from .replay import Answer, Fault, ReplayServer

ROGAINE = "1b5e2860-6855-4a65-8bbc-e064172a1adf"  # labels/spl_zip/<set>_1.zip: DailyMed's own zip
ATORVASTATIN = "1272aada-9a5b-4397-bb65-9398927aa325"  # labels/mateoportillo_fda_rag/atorvastatin.xml, version 6
PAGES = FIXTURES / "connectors" / "dailymed"


def spl_zips(tmp: Path) -> dict[str, bytes]:
    """The real SPL zips the replay serves, by set id (skips without the shared data)."""
    data = shared_data()
    rogaine = data / "labels" / "spl_zip" / f"{ROGAINE}_1.zip"
    xml = data / "labels" / "mateoportillo_fda_rag" / "atorvastatin.xml"
    if not rogaine.is_file() or not xml.is_file():
        pytest.skip(f"shared data not found at {data} (set MEDBRIEF_DATA)")
    built = tmp / "atorvastatin_spl.zip"  # zipped here, as DailyMed zips an SPL: the XML at the top
    with zipfile.ZipFile(built, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(xml, "a2d07bde-atorvastatin.xml")
    return {ROGAINE: rogaine.read_bytes(), ATORVASTATIN: built.read_bytes()}


def serve_dailymed(server: ReplayServer, zips: dict[str, bytes], *, faults: list[Fault] | None = None) -> None:
    """spls.json: page 1 and 2 (one SPL each), the `since` answer when published_date is sent, nothing for other
    names; downloadzipfile.cfm: the zip of the set id asked for (404 for another)."""

    def spls(params: dict[str, str]) -> bytes:
        if params.get("drug_name") != "medbrieftest":
            return (PAGES / "spls_none.json").read_bytes()
        if params.get("published_date"):
            return (PAGES / "spls_since.json").read_bytes()
        return (PAGES / f"spls_page{params.get('page', '1')}.json").read_bytes()

    def zip_of(params: dict[str, str]) -> Answer:
        body = zips.get(params.get("setId", ""))
        if body is None:
            return Answer(b"<html>not found</html>", status=404, content_type="text/html")
        return Answer(body, content_type="application/zip")

    server.route("/services/v2/spls.json", spls)
    server.route("/downloadzipfile.cfm", zip_of, faults=faults, content_type="application/zip")


@pytest.fixture
def sources(replay_server: ReplayServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> SourceSettings:
    monkeypatch.setenv("MEDBRIEF_DAILYMED_URL", replay_server.url + "/dailymed/")
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    return SourceSettings.load()


def quick(sources: SourceSettings) -> HttpSource:
    """The connector's HttpSource without real waiting (backoff and rate limit sleep nothing)."""
    return HttpSource("dailymed", sources.dailymed_url, per_second=1000, cache_dir=sources.cache_dir,
                      sleep=lambda s: None)


def test_search_pages_and_downloads_every_zip(replay_server: ReplayServer, sources: SourceSettings,
                                              tmp_path: Path) -> None:
    zips = spl_zips(tmp_path)
    serve_dailymed(replay_server, zips)
    # the base URL has a path (/dailymed), as the real one does
    replay_server.routes = {k.replace("/", "/dailymed/", 1): v for k, v in replay_server.routes.items()}
    seen: list[tuple[int, int | None]] = []
    got = dailymed.download_drug(sources, "medbrieftest", tmp_path / "dest", progress=lambda d, t: seen.append((d, t)))
    searches = replay_server.requests("/dailymed/services/v2/spls.json")
    assert [r.params for r in searches] == [
        {"drug_name": "medbrieftest", "pagesize": "100", "page": "1"},
        {"drug_name": "medbrieftest", "pagesize": "100", "page": "2"},
    ]
    downloads = replay_server.requests("/dailymed/downloadzipfile.cfm")
    assert [r.params for r in downloads] == [{"setId": ROGAINE}, {"setId": ATORVASTATIN}]
    assert [f.name for f in got.files] == [f"{ROGAINE}_1.zip", f"{ATORVASTATIN}_6.zip"]
    assert [f.read_bytes() for f in got.files] == [zips[ROGAINE], zips[ATORVASTATIN]]  # whole, byte for byte
    assert got.source == "dailymed" and got.request == "drug=medbrieftest"
    assert got.cursor == "2026-04-22"  # the newest published_date listed ("Apr 22, 2026")
    assert got.requests == 4 and seen[0] == (0, 2) and seen[-1] == (2, 2)
    assert not list((tmp_path / "dest").glob("*.part"))


def test_since_is_sent_as_published_date_gte(replay_server: ReplayServer, sources: SourceSettings,
                                             tmp_path: Path) -> None:
    serve_dailymed(replay_server, spl_zips(tmp_path))
    src = SourceSettings(dailymed_url=replay_server.url, cache_dir=sources.cache_dir)
    got = dailymed.download_drug(src, "medbrieftest", tmp_path / "dest", since="2026-04-22", http=quick(src))
    (search,) = replay_server.requests("/services/v2/spls.json")
    assert search.params["published_date"] == "2026-04-22"
    assert search.params["published_date_comparison"] == "gte"
    assert [f.name for f in got.files] == [f"{ATORVASTATIN}_7.zip"]  # only the newer version is downloaded
    assert got.cursor == "2026-11-20"


def test_a_rerun_downloads_nothing_again(replay_server: ReplayServer, tmp_path: Path) -> None:
    serve_dailymed(replay_server, spl_zips(tmp_path))
    src = SourceSettings(dailymed_url=replay_server.url, cache_dir=tmp_path / "cache")
    first = dailymed.download_drug(src, "medbrieftest", tmp_path / "dest", http=quick(src))
    again = dailymed.download_drug(src, "medbrieftest", tmp_path / "dest", http=quick(src))
    assert again.files == first.files
    assert len(replay_server.requests("/downloadzipfile.cfm")) == 2  # the first run's two, none after
    assert len(replay_server.requests("/services/v2/spls.json")) == 4  # a listing is never served from the cache


def test_a_broken_zip_download_is_retried_and_completes(replay_server: ReplayServer, tmp_path: Path) -> None:
    zips = spl_zips(tmp_path)
    serve_dailymed(replay_server, zips, faults=[Fault.status(500), Fault.truncate(1000), Fault.reset()])
    src = SourceSettings(dailymed_url=replay_server.url, cache_dir=tmp_path / "cache")
    got = dailymed.download_drug(src, "medbrieftest", tmp_path / "dest", http=quick(src))
    assert [f.read_bytes() for f in got.files] == [zips[ROGAINE], zips[ATORVASTATIN]]


def test_an_answer_that_is_not_a_zip_is_refused(replay_server: ReplayServer, tmp_path: Path) -> None:
    serve_dailymed(replay_server, spl_zips(tmp_path))
    # what a client saw from the web services' own spls/{SETID}.zip: the home page instead of the zip
    replay_server.route("/downloadzipfile.cfm", Answer(b"<!DOCTYPE html><html>DailyMed</html>",
                                                       content_type="text/html"))
    src = SourceSettings(dailymed_url=replay_server.url, cache_dir=tmp_path / "cache")
    with pytest.raises(RemoteError, match="not an SPL zip") as caught:
        dailymed.download_drug(src, "medbrieftest", tmp_path / "dest", http=quick(src))
    assert caught.value.hint.startswith("the source failed, not your request")  # the request was fine
    assert not list((tmp_path / "dest").iterdir())  # nothing left that ingest could take for a label


def test_a_name_dailymed_does_not_know_gives_no_files(replay_server: ReplayServer, tmp_path: Path) -> None:
    serve_dailymed(replay_server, {})
    src = SourceSettings(dailymed_url=replay_server.url, cache_dir=tmp_path / "cache")
    got = dailymed.download_drug(src, "flibbertonib", tmp_path / "dest", http=quick(src))
    assert got.files == () and got.cursor is None
    assert json.loads((PAGES / "spls_none.json").read_text())["metadata"]["total_pages"] == 0
    assert len(replay_server.requests()) == 1  # total_pages 0: no second page asked


def test_published_dates() -> None:
    assert dailymed.published("May 25, 2026").isoformat() == "2026-05-25"
    assert dailymed.published("2016-03-12").isoformat() == "2016-03-12"
    assert dailymed.published("soon") is None
