"""Update files' deletions reach the store and the index: a baseline .xml.gz, then an update .xml.gz whose
<DeleteCitation> names one of its PMIDs (records: real recorded PubMed XML)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from medbrief import pipeline
from medbrief.records import Deletion
from medbrief.settings import Settings
from medbrief.sources import pubmed
from tests.connectors.pubmed_records import article_set, articles, gz

GONE_TITLE = "Magnetic studies of Chromatium flavocytochrome C552"  # PMID 9997, in pubmed1.xml


@pytest.mark.slow  # seconds of ingest/retries: the full suite runs it, the fast subset does not
def test_update_file_deletion_removes_record_from_store_and_index(tmp_path: Path) -> None:
    baseline = tmp_path / "pubmed25n0001.xml.gz"
    baseline.write_bytes(gz(article_set(articles("pubmed1.xml", "pubmed2.xml"))))
    update = tmp_path / "pubmed25n1275.xml.gz"
    update.write_bytes(gz(article_set(articles("pubmed7.xml"), deleted=("9997",))))
    # the parser yields the deletion for the update file
    items = list(pubmed.read(gzip.decompress(update.read_bytes()), str(update)))
    assert [i.doc_id for i in items if isinstance(i, Deletion)] == ["pmid:9997"]

    settings = Settings.load(db=tmp_path / "store" / "medbrief.db")
    first = pipeline.ingest(settings, [baseline])
    assert first.documents == 4
    hits = pipeline.search(settings, GONE_TITLE)
    assert hits and hits[0].passage.doc_id == "pmid:9997"

    second = pipeline.ingest(settings, [update])
    assert second.deleted == 1
    assert all(h.passage.doc_id != "pmid:9997" for h in pipeline.search(settings, GONE_TITLE))
    with pipeline.open_store(settings) as store:
        assert store.db.document("pmid:9997") is None
        assert store.db.document("pmid:12091962") is not None  # the others stay
        assert store.db.document("pmid:29963580") is not None  # the update's own record is added
