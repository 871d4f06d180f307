"""The drug card service on a small store of real-format fixtures (an SPL label and openFDA records), and its facts
cache beside the store: reused while the label and the extractor are unchanged, never in the way when unwritable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from medbrief import drug_service
from medbrief.facts import extract
from medbrief.ingest import run_ingest
from medbrief.store import Store, facts_cache
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = Store(tmp_path_factory.mktemp("store") / "s.db", create=True)
    run_ingest(st, [FIXTURES / "spl" / "tizanidine-spl.xml", FIXTURES / "openfda" / "labels.jsonl"])
    yield st
    st.close()


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = extract.label_facts

    def spy(doc_id, meta, passages):  # type: ignore[no-untyped-def]
        calls.append(doc_id)
        return real(doc_id, meta, passages)

    monkeypatch.setattr(extract, "label_facts", spy)
    facts_cache.forget()  # each test starts as a new process would
    return calls


def test_spl_fixture_card(store: Store) -> None:
    card = drug_service.drug_card_store(store, "tizanidine")
    e = card.entry
    assert e.canonical == "tizanidine" and e.label_count == 1
    assert e.uniis == ("B53E3NMY5C",)  # the SPL's ingredient substance code, recorded at ingest
    assert e.brand_names == ("Zanaflex",) and e.dosage_forms == ("tablet",) and e.routes == ("oral",)
    assert (e.first_date, e.labels[0].version, e.labels[0].manufacturer) == ("2024-05-10", "21",
                                                                           "Example Pharmaceuticals LLC")
    maxima = [(s.fact.value, s.fact.unit, s.fact.per) for s in card.sections[0].statements]
    assert maxima == [(36, "mg", "day")]
    starts = [(s.fact.value, s.fact.unit) for s in card.sections[1].statements]
    assert starts == [(2, "mg")]
    assert "contraindication" in card.absent and "max_dose" not in card.absent
    # the openFDA metformin record has no UNII: not recorded, not guessed
    assert drug_service.drug_card_store(store, "metformin").entry.uniis == ()


def test_facts_cached_until_the_label_or_extractor_changes(store: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    path = facts_cache.cache_path(tmp_path / "s.db")
    assert path.name == "s.db.facts"
    cache = facts_cache.FactsCache(path)
    first = drug_service.drug_card_store(store, "tizanidine", cache)
    assert len(calls) == 1
    again = drug_service.drug_card_store(store, "tizanidine", cache)
    assert len(calls) == 1 and again == first  # read from the cache, the same card
    cache.close()
    # another run (a new process: nothing in memory) reads the file
    facts_cache.forget()
    cache = facts_cache.FactsCache(path)
    assert drug_service.drug_card_store(store, "tizanidine", cache) == first and len(calls) == 1
    cache.close()
    # the label re-ingested with other text: its content hash differs, so it is read afresh
    with sqlite3.connect(path) as c:
        c.execute("UPDATE label_facts SET content_hash = 'old'")
    facts_cache.forget()
    cache = facts_cache.FactsCache(path)
    assert drug_service.drug_card_store(store, "tizanidine", cache) == first and len(calls) == 2
    # a changed extractor (another fingerprint) reads it afresh too
    cache.fingerprint = "another"
    facts_cache.forget()
    assert drug_service.drug_card_store(store, "tizanidine", cache) == first and len(calls) == 3
    cache.close()


def test_unwritable_cache_is_no_cache(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    cache = facts_cache.FactsCache(folder)  # a folder where the file should be: cannot be opened
    assert cache.conn is None
    card = drug_service.drug_card_store(store, "tizanidine", cache)
    facts_cache.forget()
    drug_service.drug_card_store(store, "tizanidine", cache)
    assert card.entry.canonical == "tizanidine" and len(calls) == 2


def test_ask_reads_label_facts_once_and_keeps_them_beside_the_store(store: Store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # the Key facts of a brief come from the same cache as the card: a new process (nothing in memory) asking
    # again reads the file beside the store and extracts nothing; the brief is the same
    from medbrief import pipeline

    calls = counting(monkeypatch)
    question = "What is the maximum daily dose of tizanidine?"
    first = pipeline.ask_store(store, question)
    assert calls and facts_cache.cache_path(store.db_path).exists()
    n = len(calls)
    facts_cache.forget()
    again = pipeline.ask_store(store, question)
    assert len(calls) == n
    assert again.to_json_dict() == first.to_json_dict()
    assert any(b.heading == "Key facts" for s in first.sections for b in s.blocks)
