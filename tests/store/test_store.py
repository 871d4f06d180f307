"""Store: upserts, versions, deletions, the outbox that keeps the index in step, query-syntax safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from medbrief.parse import passages
from medbrief.records import Section
from medbrief.store import Store
from tests.conftest import make_doc


def _put(store: Store, doc) -> str:
    store.db.begin()
    change = store.db.upsert(doc, passages(doc))
    store.db.commit()
    store.sync_index()
    return change


def test_upsert_is_idempotent_and_indexed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        doc = make_doc("pmid:1", text="Intrathecal baclofen reduces spasticity in cerebral palsy.")
        assert _put(store, doc) == "added"
        assert _put(store, doc) == "unchanged"
        assert store.consistent()
        assert [pid for pid, _ in store.index.search("cerebral palsy")] == ["pmid:1#0"]


def test_newer_label_version_replaces_older_and_older_never_replaces_newer(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        v2 = make_doc("label:abc", tier="label", version="2", text="Maximum dose 36 mg per day.")
        v3 = make_doc("label:abc", tier="label", version="3", text="Maximum dose 24 mg per day.")
        assert _put(store, v2) == "added"
        assert _put(store, v3) == "updated"
        assert _put(store, v2) == "kept_newer"
        assert store.db.passages_of("label:abc")[0].text == "Maximum dose 24 mg per day."
        assert store.index.search("36") == []
        assert store.consistent()


def test_delete_removes_records_and_index_entries(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:7", text="Tizanidine causes hypotension."))
        store.db.begin()
        assert store.db.delete("pmid:7") == "deleted"
        assert store.db.delete("pmid:7") == "absent"
        store.db.commit()
        store.sync_index()
        assert store.db.document("pmid:7") is None
        assert store.index.search("hypotension") == []
        assert store.consistent()


def test_outbox_replays_after_a_crash_between_commit_and_index(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db, create=True) as store:
        doc = make_doc("pmid:9", text="Dantrolene acts on skeletal muscle.")
        store.db.begin()
        store.db.upsert(doc, passages(doc))
        store.db.commit()  # "killed" here: records written, index not yet
        assert store.db.outbox()
    with Store(db) as store:
        assert not store.consistent()
        assert store.sync_index() == 1
        assert store.consistent()
        assert store.index.search("dantrolene")[0][0] == "pmid:9#0"


def test_reindex_rebuilds_the_index_from_records(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        for i in range(5):
            _put(store, make_doc(f"pmid:{i}", text=f"Statement number {i} about spasticity."))
        assert store.reindex() == 5
        assert store.consistent()
        assert len(store.index.search("spasticity", k=10)) == 5


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "a*", "title:foo", "(x OR", "AND", "NOT NOT", "a - b", "[1 TO", "NEAR(a b)", "\\", "'; DROP TABLE",
     "^2", "~", "{}", "baclofen:", "::", "🙂", "", "   "],
)
def test_query_syntax_never_raises(tmp_path: Path, query: str) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1", text="Baclofen AND tizanidine: title (NOT) a*b"))
        store.index.search(query)  # must not raise


def test_stats_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        _put(store, make_doc("pmid:1"))
        _put(store, make_doc("label:x", tier="label", sections=(Section("Indications", "Used for pain.", "34067-9"),)))
        s = store.stats()
        assert s["documents"] == {"guideline": 0, "label": 1, "research": 1}
        assert s["passages"] == {"guideline": 0, "label": 1, "research": 1}
        assert s["sources"] == {"test": 2}
        assert s["db"].endswith("s.db") and s["size_bytes"] > 0


def test_a_store_cut_by_an_older_passage_rule_is_re_split(tmp_path: Path) -> None:
    from medbrief.ingest import resplit

    text = " ".join(f"Sentence {i} of a long abstract about baclofen." for i in range(50))  # ~2,400 chars
    doc = make_doc("pmid:9", text=text)
    with Store(tmp_path / "s.db", create=True) as store:
        store.db.begin()
        store.db.upsert(doc, passages(doc, whole=1500))  # as the 1,500-character rule cut it: two passages
        store.db.commit()
        store.sync_index()
        assert len(store.db.passages_of("pmid:9")) == 2
        assert resplit(store) == 1
        assert [p.text for p in store.db.passages_of("pmid:9")] == [text]
        assert store.consistent() and [pid for pid, _ in store.index.search("abstract baclofen")] == ["pmid:9#0"]
        assert resplit(store) == 0  # the rule is recorded: nothing to do the next time


def test_a_store_built_by_older_name_rules_gets_its_drug_lists_derived_again(tmp_path: Path) -> None:
    from medbrief.drugnames import DRUG_RULE, canonical_names
    from medbrief.ingest import rederive_drugs
    from medbrief.store.records_db import content_hash

    # as an earlier version stored it: 'epolamine' was not a salt word, so the drug was 'diclofenac epolamine'
    old = make_doc("label:d1", tier="label", drugs=("diclofenac epolamine",),
                   meta={"generic_names": ["DICLOFENAC EPOLAMINE"]}, text="Diclofenac is an NSAID.")
    tac = make_doc("label:t1", tier="label", drugs=("lithium citrate",), text="Lithium toxicity is closely related.")
    with Store(tmp_path / "s.db", create=True) as store:
        for doc in (old, tac):
            _put(store, doc)
        store.db.begin()
        store.db.set_build("drug_rule", "names=1")
        store.db.commit()
        assert rederive_drugs(store) == 2
        assert store.db.document("label:d1").drugs == ("diclofenac",)
        assert store.db.document("label:t1").drugs == ("lithium",)  # no names in meta: its own list, reduced
        assert store.db.docs_for_drug("diclofenac") == ["label:d1"] and store.db.docs_for_drug("lithium citrate") == []
        assert store.db.build_info()["drug_rule"] == DRUG_RULE
        assert rederive_drugs(store) == 0  # the rule is recorded: nothing to do the next time
        # the record read again under the new rules is the same record, not another copy of it
        fresh = make_doc("label:d1", tier="label", drugs=canonical_names(["DICLOFENAC EPOLAMINE"]),
                         meta={"generic_names": ["DICLOFENAC EPOLAMINE"]}, text="Diclofenac is an NSAID.")
        row = store.db.conn.execute("SELECT content_hash FROM documents WHERE id='label:d1'").fetchone()
        assert row[0] == content_hash(fresh) and _put(store, fresh) == "unchanged"


def _ingest(store: Store, *paths: Path):
    from medbrief.ingest import run_ingest

    return run_ingest(store, list(paths))


@pytest.mark.parametrize("order", ["one run", "two runs", "two runs, later file first"])
def test_pubmed_record_in_the_later_update_file_is_current(tmp_path: Path, fixtures: Path, order: str) -> None:
    # pubmed99n0002 re-issues 90000301 as retracted, with a shorter abstract, and deletes 90000302
    folder = fixtures / "pubmed" / "updatefiles"
    early, late = folder / "pubmed99n0001.xml", folder / "pubmed99n0002.xml"
    with Store(tmp_path / "s.db", create=True) as store:
        if order == "one run":
            _ingest(store, early.parent)
        elif order == "two runs":
            _ingest(store, early)
            _ingest(store, late)
        else:
            _ingest(store, late)
            report = _ingest(store, early)
            assert report.added == 0 and report.updated == 0 and report.kept_newer == 2
        doc = store.db.document("pmid:90000301")
        assert doc is not None and doc.title.startswith("RETRACTED:") and doc.meta["retracted"] is True
        assert store.db.passages_of("pmid:90000301")[0].text == (
            "Acamprosate 2 g daily lengthened the time to first heavy drinking day."
        )
        assert store.db.document("pmid:90000302") is None  # deleted by the later file, never brought back
        again = _ingest(store, early.parent)
        assert (again.added, again.updated, again.deleted, again.passages_written) == (0, 0, 0, 0)
        assert store.consistent()


def test_same_revision_with_other_text_ends_the_same_in_any_order(tmp_path: Path) -> None:
    short = make_doc("label:abc", tier="label", version="4", text="Maximum dose 24 mg per day.")
    long = make_doc("label:abc", tier="label", version="4", text="Maximum dose 24 mg per day, in three divided doses.")
    kept = []
    for n, pair in enumerate([(short, long), (long, short)]):
        with Store(tmp_path / f"s{n}.db", create=True) as store:
            for doc in pair:
                _put(store, doc)
            assert _put(store, pair[0]) in ("unchanged", "kept_existing")
            assert _put(store, pair[1]) in ("unchanged", "kept_existing")
            kept.append(store.db.passages_of("label:abc")[0].text)
    assert kept[0] == kept[1]


def test_newer_version_with_shorter_text_replaces_the_fuller_older_one(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db", create=True) as store:
        old = make_doc("guideline:cdc/x", tier="guideline", version="1.0.9", text="Long text. " * 40)
        new = make_doc("guideline:cdc/x", tier="guideline", version="1.0.10", text="Short revised text.")
        unversioned = make_doc("guideline:cdc/x", tier="guideline", version=None, text="No version at all.")
        assert _put(store, old) == "added"
        assert _put(store, new) == "updated"
        assert _put(store, old) == "kept_newer"
        assert _put(store, unversioned) == "kept_newer"
        assert store.db.passages_of("guideline:cdc/x")[0].text == "Short revised text."


def test_a_record_read_again_by_newer_readers_replaces_its_older_reading(tmp_path: Path) -> None:
    """A store built before the readers' version 2 (tables with their header) holds bare sha1 hashes; the same
    revision read again by today's readers must replace it, whichever sha1 is larger, and a re-run changes nothing."""
    from medbrief.sources import READER_VERSION
    from medbrief.store.records_db import content_hash, reader_of

    old = make_doc("label:t1", tier="label", version="3", text="Table 1 Dose Adults 2 mg Maximum Dose 36 mg")
    new = make_doc("label:t1", tier="label", version="3",
                   text="| Patients | Maximum Dose |\n| --- | --- |\n| Adults | 36 mg |")
    for older_hash in ("f" * 40, "0" * 40):  # the older reading's sha1 larger, then smaller, than any new one
        with Store(tmp_path / f"s{older_hash[0]}.db", create=True) as store:
            _put(store, old)
            store.db.begin()
            store.db.conn.execute("UPDATE documents SET content_hash=? WHERE id='label:t1'", (older_hash,))
            store.db.commit()
            assert _put(store, new) == "updated"
            assert [p.text for p in store.db.passages_of("label:t1")] == [new.sections[0].text]
            assert _put(store, new) == "unchanged"
            _put(store, old)  # the same readers' other copy of the revision: the larger hash stays, as before
            row = store.db.conn.execute("SELECT content_hash FROM documents WHERE id='label:t1'").fetchone()
            assert row[0] == max(content_hash(old), content_hash(new))
    assert reader_of(content_hash(new)) == READER_VERSION and reader_of("ab" * 20) is None
