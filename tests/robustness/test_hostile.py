"""Hostile inputs: each is reported by name (or read correctly), nothing crashes or hangs, memory stays
bounded, nothing already stored is lost, and XML parsing never resolves external entities.

Small hostile files live in tests/robustness/hostile/; big or binary ones are generated in tmp_path.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
import zipfile
from pathlib import Path

import pytest

from medbrief import pipeline
from medbrief.settings import Settings
from tests.conftest import FIXTURES, copy_of_store

from .helpers import HOSTILE, medbrief, medbrief_measured

GOOD_INPUTS = [
    FIXTURES / "openfda" / "api-envelope.json",
    FIXTURES / "pubmed" / "articleset.xml",
    FIXTURES / "spl" / "tizanidine-spl.xml",
    FIXTURES / "tac" / "ZANAFLEX.xml",
]
# (file, documents read from it, substring every skip reason for it must contain or None when none skipped)
EXPECTED: dict[str, tuple[int, str | None]] = {
    "truncated-pubmed.xml": (1, "malformed PubMed XML after record 1"),
    "malformed-openfda.json": (0, "malformed or truncated JSON"),
    "truncated-guidelines.jsonl": (0, "malformed JSON"),
    "latin1-as-utf8-pubmed.xml": (0, "Invalid bytes in character encoding"),
    "latin1-declared-pubmed.xml": (1, None),
    "latin1-export.csv": (1, None),
    "latin1-openfda.json": (0, "not UTF-8"),
    "utf16-bom-openfda.json": (0, "UTF-16 text"),
    "utf16-bom-pubmed.xml": (0, "UTF-16 text"),
    "utf8-bom-openfda.json": (1, None),
    "utf8-bom-pubmed.xml": (1, None),
    "billion-laughs-pubmed.xml": (0, "amplification"),
    "billion-laughs-spl.xml": (0, "amplification"),
    "billion-laughs-tac.xml": (0, "unrecognised format"),
    "xxe-pubmed.xml": (1, None),
    "xxe-spl.xml": (1, None),
    "xxe-parameter-entity-spl.xml": (1, None),
    "xxe-tac.xml": (0, "unrecognised format"),
    "empty.json": (0, "empty file"),
    "empty.xml": (0, "empty file"),
    "blank.jsonl": (0, "empty file"),
}
GOOD_QUERY = "intrathecal baclofen spasticity"


def _passwd_marker() -> str | None:
    """The start of /etc/passwd's first line ('root:x:0:0'), which must never reach the store."""
    try:
        lines = Path("/etc/passwd").read_text().splitlines()
    except OSError:
        return None
    return lines[0][:10] if lines else None


def _store_text(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT title || meta || sections FROM documents").fetchall()
        rows += conn.execute("SELECT text FROM passages").fetchall()
    finally:
        conn.close()
    return "\n".join(r[0] for r in rows)


def _ingest_good(db: Path) -> None:
    report = pipeline.ingest(Settings.load(db=db), GOOD_INPUTS)
    assert report.skipped == [] and report.added >= 4


@pytest.fixture
def good_store(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict, list[str]]:
    """A store holding good fixture records (a copy of one built once per session): (settings, stats, ids of the
    good query's hits)."""
    settings = Settings.load(db=tmp_path / "store" / "medbrief.db")
    copy_of_store(tmp_path_factory, settings.db_path, ("hostile-good", *GOOD_INPUTS), _ingest_good)
    hits = pipeline.search(settings, GOOD_QUERY, k=5)
    assert hits
    return settings, pipeline.stats(settings), [h.passage.id for h in hits]


def _assert_intact(settings: Settings, before: dict, hit_ids: list[str], added: int = 0) -> None:
    after = pipeline.stats(settings)
    assert sum(after["documents"].values()) == sum(before["documents"].values()) + added
    if added == 0:
        assert after["documents"] == before["documents"] and after["passages"] == before["passages"]
    assert [h.passage.id for h in pipeline.search(settings, GOOD_QUERY, k=5)][: len(hit_ids)] == hit_ids
    with pipeline.open_store(settings) as store:
        assert store.db.integrity_ok() and store.consistent()


def test_corpus_lists_every_hostile_file() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if p.is_file()}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_named_and_store_survives(name: str, good_store: tuple[Settings, dict, list[str]]) -> None:
    settings, before, hit_ids = good_store
    path = HOSTILE / name
    report = pipeline.ingest(settings, [path])
    docs, reason = EXPECTED[name]
    assert report.added == docs, report.to_dict()
    if reason is None:
        assert report.skipped == []
    else:
        assert report.skipped, f"{name} was neither read nor reported"
        for skip in report.skipped:
            assert skip.origin == str(path)
        assert any(reason in s.reason for s in report.skipped), [s.reason for s in report.skipped]
    _assert_intact(settings, before, hit_ids, added=docs)


def test_no_external_entity_is_ever_resolved(good_store: tuple[Settings, dict, list[str]]) -> None:
    settings, _, _ = good_store
    pipeline.ingest(settings, [HOSTILE / n for n in EXPECTED if n.startswith(("xxe-", "billion-"))])
    text = _store_text(settings.db_path)
    marker = _passwd_marker()
    if marker:
        assert marker not in text
    assert "/bin/bash" not in text and "nologin" not in text
    assert "lollollol" not in text  # no entity expansion either


def test_latin1_and_bom_records_decode_correctly(good_store: tuple[Settings, dict, list[str]]) -> None:
    settings, _, _ = good_store
    pipeline.ingest(settings, [HOSTILE / "latin1-declared-pubmed.xml", HOSTILE / "latin1-export.csv",
                               HOSTILE / "utf8-bom-openfda.json"])
    assert "Caféine" in pipeline.get_document(settings, "pmid:91000004")["title"]
    assert "Café" in pipeline.get_document(settings, "pmid:91000009")["title"]
    label = pipeline.get_document(settings, "label:eeee0000-0000-0000-0000-000000000004")
    assert label is not None and "bomazepam" in label["drugs"]


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _declare_size(path: Path, member_size: int) -> None:
    """Rewrite a one-member zip's local and central headers to declare `member_size` uncompressed bytes."""
    raw = bytearray(path.read_bytes())
    local = raw.find(b"PK\x03\x04")
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, local + 22, member_size)
    struct.pack_into("<I", raw, central + 24, member_size)
    path.write_bytes(bytes(raw))


@pytest.fixture
def generated(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Binary and archive hostile inputs: name -> (path, substring of the expected skip reason)."""
    d = tmp_path / "generated"
    d.mkdir()
    rng = random.Random(5)
    out: dict[str, tuple[Path, str]] = {}
    garbage = d / "garbage.bin"
    garbage.write_bytes(bytes(rng.getrandbits(8) for _ in range(200_000)))
    out["garbage"] = (garbage, "unrecognised format")
    fake_gz = d / "fake.json.gz"
    fake_gz.write_bytes(b"\x1f\x8b" + bytes(rng.getrandbits(8) for _ in range(5000)))
    out["fake gzip"] = (fake_gz, "gzip")
    fake_zip = d / "fake.zip"
    fake_zip.write_bytes(b"PK\x03\x04" + bytes(rng.getrandbits(8) for _ in range(5000)))
    out["fake zip"] = (fake_zip, "not a readable zip archive")
    # 60 MB of zeros compress ~1000:1: refused by ratio before anything is inflated
    bomb = _zip(d / "bomb.zip", {"labels.json": b"{" + b" " * 60_000_000 + b"}"})
    out["zip bomb"] = (bomb, "zip bomb")
    # a member declaring 4 GB
    huge = _zip(d / "declares-huge.zip", {"labels.json": b"[]" * 1000})
    _declare_size(huge, 0xFFFFFFF0)
    out["declared 4 GB"] = (huge, "zip bomb")
    # a member declaring fewer bytes than it holds: reading stops at the declared size and the CRC fails
    liar = _zip(d / "declares-small.zip", {"labels.json": b'{"set_id": "x", "effective_time": "1"}' * 1000})
    _declare_size(liar, 100)
    out["declared small"] = (liar, "unreadable zip member")
    slip = _zip(d / "slip.zip", {"../../evil.json": b'{"set_id": "evil", "effective_time": "20240101"}',
                                 "/abs/evil.xml": b"<PubmedArticleSet/>"})
    out["zip slip"] = (slip, "unsafe member path")
    return out


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
def test_generated_binary_and_archive_inputs(generated: dict[str, tuple[Path, str]],
                                             good_store: tuple[Settings, dict, list[str]], tmp_path: Path) -> None:
    settings, before, hit_ids = good_store
    for label, (path, reason) in generated.items():
        report = pipeline.ingest(settings, [path])
        assert report.added == 0, label
        reasons = [s.reason for s in report.skipped if s.origin.startswith(str(path))]
        assert reasons and all(reason in r for r in reasons), (label, report.to_dict()["skipped"])
        assert all(str(path) in r or r == "unrecognised format" for r in reasons), reasons
    _assert_intact(settings, before, hit_ids)
    # nothing was extracted anywhere: the zip-slip names never became files
    assert not (tmp_path / "evil.json").exists() and not Path("/abs/evil.xml").exists()
    assert not (tmp_path.parent / "evil.json").exists()


@pytest.mark.slow  # 5-30 s on 2 cores: left to the full run (README: the fast subset)
def test_cli_reports_every_hostile_input_as_json(tmp_path: Path, generated: dict[str, tuple[Path, str]]) -> None:
    db = tmp_path / "cli" / "medbrief.db"
    hostile_copy = tmp_path / "hostile"
    shutil.copytree(HOSTILE, hostile_copy)
    run = medbrief(
        "ingest", "--db", db, "--json", "--no-embed", hostile_copy, *(p for p, _ in generated.values()), timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    report = run.json()
    named = {s["origin"].split("!")[0] for s in report["skipped"]}
    for name, (_, reason) in EXPECTED.items():
        if reason is not None:
            assert str(hostile_copy / name) in named, name
    for path, _ in generated.values():
        assert str(path) in named
    strict = medbrief("ingest", "--db", db, "--strict", "-q", hostile_copy / "empty.json")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["openfda", "guideline_jsonl"])
def test_200_mb_single_field_is_refused_with_bounded_memory(fmt: str, tmp_path: Path,
                                                            good_store: tuple[Settings, dict, list[str]]) -> None:
    settings, before, hit_ids = good_store
    path = tmp_path / ("huge.json" if fmt == "openfda" else "huge.jsonl")
    words = b"baclofen spasticity reduces tone "
    field = words * (200_000_000 // len(words))
    with path.open("wb") as fh:
        if fmt == "openfda":
            fh.write(b'{"set_id": "ffff0000-0000-0000-0000-000000000001", "effective_time": "20240101",'
                     b' "openfda": {"generic_name": ["HUGEFEN"]}, "indications_and_usage": ["')
            fh.write(field)
            fh.write(b'"]}')
        else:
            fh.write(b'{"id": "g1", "source": "hostile", "title": "Huge", "clean_text": "')
            fh.write(field)
            fh.write(b'"}\n')
    del field
    run = medbrief_measured("ingest", "--db", settings.db_path, "--json", "--no-embed", path, timeout=240)
    path.unlink()
    # its one record refused, nothing was ingestible: exit 1 with the reason (issue 16), the report still on stdout
    assert run.returncode == 1 and "nothing ingested" in run.stderr, run.stderr
    report = run.json()
    assert report["added"] == 0
    assert any(str(path) in s["reason"] and "limit" in s["reason"] for s in report["skipped"]), report["skipped"]
    assert run.peak_rss_mb < 2500, f"peak RSS {run.peak_rss_mb:.0f} MB"
    _assert_intact(settings, before, hit_ids)
