"""Record identity: which copy of a document id is current, one rule per kind of record (sources/revision.py)."""

from __future__ import annotations

import itertools

import pytest

from medbrief.sources.revision import Revision, compare, deleted_later, update_file_key, version_key


def _rev(doc_id: str, *, source: str = "test", version: str | None = None, date: str | None = None,
         meta: dict | None = None, origin: str = "") -> Revision:
    return Revision(doc_id, source, version, date, meta or {}, origin)


@pytest.mark.parametrize(("newer", "older"), [
    ("1.0.10", "1.0.9"), ("2", "1.9"), ("10", "9"), ("2.0", "2"), ("A3", "A2"), ("1", None), ("A2", None), ("1", ""),
    # a pre-release comes before its release (SemVer, FHIR package versions), after the release before it
    ("2024.1.0", "2024.1.0-beta"), ("1.0.0", "1.0.0-rc.2"), ("1.0.0-rc.2", "1.0.0-rc.1"), ("4.0.1", "4.0.1-ballot"),
    ("2024.1.0-beta", "2023.9.0"), ("1.0.1", "1.0.0+build.7"),
])
def test_versions_compare_as_versions(newer: str, older: str | None) -> None:
    assert version_key(newer) > version_key(older)
    for doc_id in ("guideline:cdc/opioidcds-01", "label:abc", "doc:x/1"):
        assert compare(_rev(doc_id, version=newer), _rev(doc_id, version=older)) == 1
        assert compare(_rev(doc_id, version=older), _rev(doc_id, version=newer)) == -1


def test_any_two_versions_compare_without_a_type_error() -> None:
    values = [None, "", "1", "1.0.9", "1.0.10", "A2", "a2", "2a", "v1.0", "2024-01", "x.y", "1..2", "١٢", "²", "1.²",
              "1.0-beta", "1.0-", "-rc", "1.0+x", "1.0-rc-beta"]
    for a, b in itertools.product(values, repeat=2):
        order = compare(_rev("guideline:x/y", version=a), _rev("guideline:x/y", version=b))
        assert order in (-1, 0, 1)
        assert order == -compare(_rev("guideline:x/y", version=b), _rev("guideline:x/y", version=a))


def test_update_file_key() -> None:
    assert update_file_key("/data/updatefiles/pubmed24n1402.xml") == (24, 1402)
    assert update_file_key("pubmed24n1402.xml.gz") == (24, 1402)
    assert update_file_key("dump.zip!medline16n0902.xml") == (16, 902)
    assert update_file_key("efetch-123.xml") is None
    assert update_file_key("") is None


def test_pubmed_later_update_file_wins_whatever_the_text_length() -> None:
    early = _rev("pmid:1", source="PubMed", origin="x/pubmed24n1401.xml")
    late = _rev("pmid:1", source="PubMed", origin="y/pubmed24n1402.xml.gz")
    assert compare(late, early) == 1 and compare(early, late) == -1
    # the next year's baseline supersedes this year's update files
    assert compare(_rev("pmid:1", source="PubMed", origin="pubmed25n0001.xml"), late) == 1


def test_pubmed_revision_date_then_format_decide_outside_update_files() -> None:
    old = _rev("pmid:1", source="PubMed", meta={"date_revised": "2021-03-01"}, origin="efetch-a.xml")
    new = _rev("pmid:1", source="PubMed", meta={"date_revised": "2023-01-15"}, origin="efetch-b.xml")
    assert compare(new, old) == 1 and compare(old, new) == -1
    # a CSV export (no revision data) never replaces the PubMed record of the same revision
    csv = _rev("pmid:1", source="MEDLINE export", origin="export.csv")
    assert compare(csv, _rev("pmid:1", source="PubMed", origin="efetch.xml")) == -1
    # a higher PMID Version is a newer record
    assert compare(_rev("pmid:1", source="PubMed", version="2"), _rev("pmid:1", source="PubMed")) == 1


def test_labels_newer_version_then_effective_time_then_format() -> None:
    v3 = _rev("label:s", source="openFDA", version="3", meta={"effective_time": "20200101"})
    v12 = _rev("label:s", source="openFDA", version="12", meta={"effective_time": "20190101"})
    assert compare(v12, v3) == 1  # 12 > 3 as numbers, not as text
    later = _rev("label:s", source="openFDA", version="3", meta={"effective_time": "20210105"})
    assert compare(later, v3) == 1
    spl = _rev("label:s", source="DailyMed", version="3", meta={"effective_time": "20200101"})
    assert compare(spl, v3) == 1 and compare(v3, spl) == -1
    assert compare(v3, v3) == 0


def test_deletion_from_a_later_file_keeps_older_copies_out() -> None:
    assert deleted_later("pubmed24n1401.xml", "pubmed24n1402.xml")
    assert deleted_later("pubmed24n1402.xml", "pubmed24n1402.xml")
    assert not deleted_later("pubmed24n1403.xml", "pubmed24n1402.xml")
    assert not deleted_later("efetch.xml", "pubmed24n1402.xml")
