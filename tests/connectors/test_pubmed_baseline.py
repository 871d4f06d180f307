"""pubmed_baseline.download_files against the replay server: an NCBI FTP index page (tests/fixtures/connectors/
pubmed_ftp, the real Apache index shape), .xml.gz files built from REAL recorded PubMed records with their .md5 in
NCBI's format; resumable downloads, md5 refusals, which files are new, and ingest applying an update's deletions."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.connectors import Downloaded
from medbrief.connectors import pubmed_baseline as pb
from medbrief.errors import ConfigError, RemoteError
from medbrief.settings import Settings, SourceSettings
from tests.connectors.fake_time import FakeTime

from .pubmed_records import article_set, articles, gz
from .replay import Fault, ReplayServer

FTP = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "pubmed_ftp"
ROOT = "/pubmed"




def md5_line(name: str, data: bytes) -> bytes:
    return f"MD5({name})= {hashlib.md5(data).hexdigest()}\n".encode()  # NCBI's .md5 file, 60 bytes


def baseline_files() -> dict[str, bytes]:
    return {
        "pubmed25n0001.xml.gz": gz(article_set(articles("pubmed1.xml"))),
        "pubmed25n0002.xml.gz": gz(article_set(articles("pubmed2.xml", "pubmed4.xml"))),
        "pubmed25n0003.xml.gz": gz(article_set(articles("pubmed5.xml", "pubmed6.xml"))),
    }


def update_files() -> dict[str, bytes]:
    return {
        "pubmed25n1275.xml.gz": gz(article_set(articles("pubmed7.xml"))),
        "pubmed25n1276.xml.gz": gz(article_set([], deleted=("9997",))),  # PMID 9997 is in pubmed25n0001
        "pubmed25n1277.xml.gz": gz(article_set([], deleted=("11700088",))),
    }


def serve(server: ReplayServer, folder: str, files: dict[str, bytes], *, md5s: dict[str, bytes] | None = None,
          faults: dict[str, list[Fault]] | None = None) -> None:
    server.route(f"{ROOT}/{folder}/", (FTP / f"{folder}.html").read_bytes(), content_type="text/html")
    for name, data in files.items():
        server.route(f"{ROOT}/{folder}/{name}", data, ranges=True, content_type="application/x-gzip",
                     faults=(faults or {}).get(name))
        server.route(f"{ROOT}/{folder}/{name}.md5", (md5s or {}).get(name) or md5_line(name, data),
                     content_type="text/plain")


@pytest.fixture
def src(replay_server: ReplayServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SourceSettings:
    monkeypatch.setenv("MEDBRIEF_PUBMED_FTP_URL", replay_server.url + ROOT)
    monkeypatch.setenv("MEDBRIEF_CACHE", str(tmp_path / "cache"))
    return SourceSettings.load()


def fetch(src: SourceSettings, dest: Path, **kw: Any) -> Downloaded:
    fake = FakeTime()
    with pb.make_http(src, sleep=fake.sleep, clock=fake.clock) as http:
        return pb.download_files(src, dest, http=http, **kw)


def test_baseline_files_downloaded_and_verified_in_order(replay_server: ReplayServer, src: SourceSettings,
                                                         tmp_path: Path) -> None:
    files = baseline_files()
    serve(replay_server, "baseline", files)
    seen: list[int] = []
    totals: list[int | None] = []
    got = fetch(src, tmp_path / "dl", updates=False,
                progress=lambda done, total: (seen.append(done), totals.append(total)))
    assert [p.name for p in got.files] == list(files)
    assert all(p.read_bytes() == files[p.name] for p in got.files)
    assert got.cursor == "pubmed25n0003.xml.gz" and got.source == "pubmed-baseline" and got.request == "baseline"
    assert got.requests == 1 + 2 * 3  # the listing, then each .md5 and its file
    assert [r.path for r in replay_server.requests()][:3] == [
        f"{ROOT}/baseline/", f"{ROOT}/baseline/pubmed25n0001.xml.gz.md5", f"{ROOT}/baseline/pubmed25n0001.xml.gz"]
    assert seen[-1] == sum(len(b) for b in files.values())  # progress in bytes over all files
    # the bar has an end: Content-Length gives each file's size (done so far + the current file)
    assert totals[-1] == seen[-1] and None not in totals
    assert not list((tmp_path / "dl").glob("*.part"))


def test_after_and_max_files(replay_server: ReplayServer, src: SourceSettings, tmp_path: Path) -> None:
    serve(replay_server, "updatefiles", update_files())
    got = fetch(src, tmp_path / "dl", updates=True, after="pubmed25n1275.xml.gz", max_files=1)
    assert [p.name for p in got.files] == ["pubmed25n1276.xml.gz"] and got.cursor == "pubmed25n1276.xml.gz"
    assert got.request == "updatefiles after=pubmed25n1275.xml.gz max=1"
    assert any("2 updatefiles files are new; fetched the first 1" in n for n in got.notes)
    nothing = fetch(src, tmp_path / "dl", updates=True, after="pubmed25n1277.xml.gz")
    assert nothing.files == () and nothing.cursor is None
    assert nothing.notes == ("no updatefiles files after pubmed25n1277.xml.gz (pubmed25n1277.xml.gz is the last "
                             "listed)",)
    with pytest.raises(ConfigError):
        fetch(src, tmp_path / "dl", updates=True, after="latest")


def test_complete_files_are_not_downloaded_again(replay_server: ReplayServer, src: SourceSettings,
                                                 tmp_path: Path) -> None:
    files = baseline_files()
    serve(replay_server, "baseline", files)
    fetch(src, tmp_path / "dl", updates=False)
    before = len(replay_server.requests())
    again = fetch(src, tmp_path / "dl", updates=False)  # a run that died before ingest: nothing to download
    later = [r.path for r in replay_server.requests()[before:]]
    assert not [p for p in later if p.endswith(".xml.gz")]  # only the listing and the .md5 files
    assert [p.name for p in again.files] == list(files)


def test_truncated_download_resumes_with_range(replay_server: ReplayServer, src: SourceSettings,
                                               tmp_path: Path) -> None:
    files = baseline_files()
    name = "pubmed25n0002.xml.gz"
    cut = len(files[name]) // 3
    serve(replay_server, "baseline", files, faults={name: [Fault.truncate(at=cut)]})
    got = fetch(src, tmp_path / "dl", updates=False)
    tries = replay_server.requests(f"{ROOT}/baseline/{name}")
    assert len(tries) == 2 and "range" not in tries[0].headers
    assert tries[1].headers["range"] == f"bytes={cut}-"  # resumed where the cut left it
    assert (tmp_path / "dl" / name).read_bytes() == files[name]
    assert got.cursor == "pubmed25n0003.xml.gz"


def test_part_left_by_an_earlier_run_is_resumed(replay_server: ReplayServer, src: SourceSettings,
                                                tmp_path: Path) -> None:
    files = baseline_files()
    serve(replay_server, "baseline", files)
    name = "pubmed25n0001.xml.gz"
    dest = tmp_path / "dl"
    dest.mkdir()
    (dest / f"{name}.part").write_bytes(files[name][:1000])  # what a killed run left
    got = fetch(src, dest, updates=False, max_files=1)
    assert replay_server.requests(f"{ROOT}/baseline/{name}")[0].headers["range"] == "bytes=1000-"
    assert got.files[0].read_bytes() == files[name] and not (dest / f"{name}.part").exists()


def test_md5_mismatch_is_refused_naming_the_file(replay_server: ReplayServer, src: SourceSettings,
                                                 tmp_path: Path) -> None:
    files = baseline_files()
    bad = "pubmed25n0002.xml.gz"
    serve(replay_server, "baseline", files, md5s={bad: md5_line(bad, b"other bytes")})
    got = fetch(src, tmp_path / "dl", updates=False)
    # the file before it is handed over, the bad one and those after it are not
    assert [p.name for p in got.files] == ["pubmed25n0001.xml.gz"] and got.cursor == "pubmed25n0001.xml.gz"
    assert len(got.notes) == 1 and bad in got.notes[0] and "md5" in got.notes[0]
    assert not (tmp_path / "dl" / bad).exists() and not (tmp_path / "dl" / f"{bad}.part").exists()
    assert replay_server.requests(f"{ROOT}/baseline/pubmed25n0003.xml.gz") == []
    # when the first file is the bad one, nothing comes: an error naming the file
    with pytest.raises(RemoteError, match=r"pubmed25n0002\.xml\.gz.*md5"):
        fetch(src, tmp_path / "dl2", updates=False, after="pubmed25n0001.xml.gz")


def test_an_md5_of_another_file_is_refused(replay_server: ReplayServer, src: SourceSettings, tmp_path: Path) -> None:
    files = baseline_files()
    serve(replay_server, "baseline", files,
          md5s={"pubmed25n0001.xml.gz": md5_line("pubmed25n0009.xml.gz", files["pubmed25n0001.xml.gz"])})
    with pytest.raises(RemoteError, match=r"pubmed25n0001\.xml\.gz"):
        fetch(src, tmp_path / "dl", updates=False)
    assert not (tmp_path / "dl" / "pubmed25n0001.xml.gz").exists()


def test_file_listed_without_its_md5_stops_before_it(replay_server: ReplayServer, src: SourceSettings,
                                                     tmp_path: Path) -> None:
    files = update_files()
    serve(replay_server, "updatefiles", files)
    page = (FTP / "updatefiles.html").read_text().replace('<a href="pubmed25n1276.xml.gz.md5">', "<a>")
    replay_server.route(f"{ROOT}/updatefiles/", page.encode(), content_type="text/html")
    got = fetch(src, tmp_path / "dl", updates=True)
    assert [p.name for p in got.files] == ["pubmed25n1275.xml.gz"]
    assert "pubmed25n1276.xml.gz not fetched: its .md5 is not listed yet" in got.notes[0]


@pytest.mark.slow  # seconds of ingest/retries: the full suite runs it, the fast subset does not
def test_baseline_then_updates_end_to_end_deletions_applied(replay_server: ReplayServer, src: SourceSettings,
                                                           tmp_path: Path) -> None:
    serve(replay_server, "baseline", baseline_files())
    serve(replay_server, "updatefiles", update_files())
    settings = Settings.load(db=tmp_path / "store" / "medbrief.db")
    base = fetch(src, src.cache_dir / "downloads" / "pubmed-baseline" / "baseline", updates=False)
    assert pipeline.ingest(settings, list(base.files)).documents == 7
    hits = pipeline.search(settings, "Magnetic studies of Chromatium flavocytochrome")
    assert hits and hits[0].passage.doc_id == "pmid:9997"

    # `medbrief update`: update files after the last baseline file applied
    upd = fetch(src, src.cache_dir / "downloads" / "pubmed-baseline" / "updatefiles", updates=True,
                after="pubmed25n1274.xml.gz")
    assert [p.name for p in upd.files] == list(update_files())
    report = pipeline.ingest(settings, list(upd.files))
    assert report.deleted == 2
    assert all(h.passage.doc_id != "pmid:9997" for h in pipeline.search(settings, "Chromatium flavocytochrome"))
    hits = pipeline.search(settings, "pulmonary imaging biomarker pipeline")
    assert hits[0].passage.doc_id == "pmid:29963580"  # the update's new record is searchable
    with pipeline.open_store(settings) as store:
        assert store.db.document("pmid:9997") is None and store.db.document("pmid:11700088") is None
        assert store.db.document("pmid:12091962") is not None


def test_update_files_of_a_new_year_say_a_new_baseline_is_out(replay_server: ReplayServer, src: SourceSettings,
                                                              tmp_path: Path) -> None:
    serve(replay_server, "updatefiles", update_files())
    got = fetch(src, tmp_path / "dl", updates=True, after="pubmed24n1600.xml.gz", max_files=1)
    assert [p.name for p in got.files] == ["pubmed25n1275.xml.gz"]
    assert any("new annual baseline" in n for n in got.notes)
    same_year = fetch(src, tmp_path / "dl", updates=True, after="pubmed25n1274.xml.gz", max_files=1)
    assert not any("new annual baseline" in n for n in same_year.notes)


def test_a_file_over_ingests_input_limit_is_named(replay_server: ReplayServer, src: SourceSettings, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    files = baseline_files()
    serve(replay_server, "baseline", files)
    monkeypatch.setattr(pb, "MAX_INPUT_BYTES", 5_000)  # the real limit is 512 MiB; these files are 9-60 KB
    got = fetch(src, tmp_path / "dl", updates=False, max_files=2)
    over = [n for n in got.notes if "over ingest's" in n]
    assert len(over) == 2 and over[0].startswith("pubmed25n0001.xml.gz decompresses to")
    assert pb.gzip_size(got.files[0]) == len(gzip.decompress(files["pubmed25n0001.xml.gz"]))
    monkeypatch.undo()
    assert not [n for n in fetch(src, tmp_path / "dl", updates=False).notes if "over ingest's" in n]
