"""End-to-end ingest of ../shared/data: the counts it must reach, idempotence, search, stats."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.ingest import IngestReport
from medbrief.settings import Settings

pytestmark = pytest.mark.data

# What ../shared/data/{labels,pubmed,guidelines} hold (SOURCES.md): 1,130 distinct openFDA set ids, 41 SPL files
# (39 distinct set ids), 344 TAC files (342 ids:
# two names appear annotated and not), 12,724 Cohen CSV rows (11,900 distinct PMIDs), 638 PubMed XML/MEDLINE records,
# 25 CDC + 137 USPSTF recommendations. Two SPL files (apixaban, adalimumab) are the same label version as an openFDA
# record: the DailyMed SPL copy is current (sources/revision.py), so openFDA keeps 1,128 and DailyMed 39.
EXPECTED_DOCUMENTS = {"guideline": 163, "label": 1509, "research": 12537}
EXPECTED_SOURCES = {"CDC": 25, "DailyMed": 39, "MEDLINE export": 11900, "PubMed": 638, "TAC 2017": 342,
                    "USPSTF": 137, "openFDA": 1128}


def test_counts(real_settings: Settings, real_ingest: tuple[Settings, IngestReport]) -> None:
    stats = pipeline.stats(real_settings)
    assert stats["documents"] == EXPECTED_DOCUMENTS
    assert stats["sources"] == EXPECTED_SOURCES
    # label sections run long and are cut; most abstracts fit in one passage (parse.WHOLE_SECTION_CHARS)
    assert stats["passages"]["label"] > 70_000
    # a record with a title and no abstract holds no passage: 1,165 Cohen 2006 rows whose abstract is R's "NA" (they
    # were the passage "NA" before readers v5) and 83 PubMed records without one
    with pipeline.open_store(real_settings) as store:
        title_only = store.db.conn.execute(
            "SELECT count(*) FROM documents d WHERE tier = 'research' AND NOT EXISTS "
            "(SELECT 1 FROM passages p WHERE p.doc_id = d.id)").fetchone()[0]
    assert title_only == 1_248
    with_abstract = EXPECTED_DOCUMENTS["research"] - title_only
    assert with_abstract <= stats["passages"]["research"] < 1.2 * with_abstract
    assert set(stats) >= {"documents", "passages", "sources", "db", "size_bytes"}
    report = real_ingest[1]
    # README/SOURCES.md are listed as skipped free text; E-utilities responses (esearch...) are not articles
    reasons = {s.origin.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert reasons["SOURCES.md"].startswith("free text")
    assert reasons["esearch1.xml"] == "unrecognised format"


def test_reingest_changes_nothing(real_settings: Settings) -> None:
    data = real_settings.data_dir
    before = pipeline.stats(real_settings)
    again = pipeline.ingest(real_settings, [data / "labels", data / "pubmed", data / "guidelines"])
    assert again.added == 0 and again.updated == 0 and again.deleted == 0 and again.passages_written == 0
    after = pipeline.stats(real_settings)
    assert after["documents"] == before["documents"] and after["passages"] == before["passages"]


def test_search_finds_real_passages(real_settings: Settings) -> None:
    hits = pipeline.search(real_settings, "intrathecal baclofen withdrawal", tier="research", k=5)
    assert len(hits) == 5 and all(h.tier == "research" for h in hits)
    assert all("baclofen" in (h.passage.text + h.title).lower() for h in hits)
    label_hits = pipeline.search(real_settings, "tizanidine maximum daily dose 36 mg", tier="label", k=3)
    assert any("36 mg" in h.passage.text for h in label_hits)


def test_brand_only_tac_labels_are_linked_to_their_ingredient(real_store) -> None:
    # ZANAFLEX0 names its ingredient; brand-only TAC files get it through the label dictionary
    assert "label:tac2017/zanaflex0" in real_store.db.docs_for_drug("tizanidine", tier="label")
    assert "label:tac2017/lioresal" in real_store.db.docs_for_drug("baclofen", tier="label")
