"""BEIR corpus.jsonl reader: the tiny fixture corpus and the two real eval corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, Section, SkippedRecord
from medbrief.sources import beir, medline_text, pubmed, tabular


def _items(path: Path, origin: str | None = None) -> list:
    return list(beir.read(path.read_bytes(), origin or str(path)))


def test_fixture_corpus(fixtures: Path) -> None:
    path = fixtures / "beir" / "corpus.jsonl"
    assert beir.sniff(path.read_bytes(), path.name)
    items = _items(path)
    assert all(isinstance(i, Document) for i in items)
    docs = {d.id: d for d in items}
    assert len(docs) == 6
    doc = docs["beir:beir/10099001"]
    assert doc.tier == "research"
    assert doc.source == "BEIR:beir"
    assert doc.title == "Baclofen withdrawal syndrome"
    assert doc.url == "https://pubmed.ncbi.nlm.nih.gov/10099001/"
    assert doc.drugs == ()
    assert doc.sections == (
        Section(
            "Abstract",
            "Abrupt discontinuation of intrathecal baclofen can cause high fever, altered mental status and "
            "rebound spasticity.",
            "ABSTRACT",
        ),
    )
    assert doc.meta == {"corpus": "beir", "beir_id": "10099001", "pmid": "10099001"}
    assert docs["beir:beir/10023116"].title == "PubMed 10023116"  # empty BEIR title: readable stand-in
    assert docs["beir:beir/10099003"].meta["metadata"] == {"journal": "Arch Intern Med"}
    other = docs["beir:beir/doc-6"]
    assert other.url is None
    assert "pmid" not in other.meta


def test_corpus_name_from_origin() -> None:
    assert beir.corpus_name("/x/bioasq-snippets-dev/corpus.jsonl") == "bioasq-snippets-dev"
    assert beir.corpus_name("/x/data.zip!bioasq-snippets-dev/corpus.jsonl") == "bioasq-snippets-dev"
    assert beir.corpus_name("C:\\data\\nfcorpus\\corpus.jsonl") == "nfcorpus"
    data = b'{"_id": "7", "title": "T", "text": "Body."}\n'
    (doc,) = beir.read(data, "/x/data.zip!scifact/corpus.jsonl")
    assert doc.id == "beir:scifact/7"
    assert doc.source == "BEIR:scifact"


def test_queries_and_qrels_are_not_a_corpus(fixtures: Path) -> None:
    queries = fixtures / "beir" / "queries.jsonl"
    assert not beir.sniff(queries.read_bytes(), queries.name)
    with pytest.raises(ParseError, match=r"queries\.jsonl"):
        _items(queries)
    qrels = fixtures / "beir" / "qrels" / "test.tsv"
    assert not beir.sniff(qrels.read_bytes(), qrels.name)


def test_bad_lines_are_skipped(fixtures: Path) -> None:
    good = (fixtures / "beir" / "corpus.jsonl").read_bytes()
    lines = good.split(b"\n")
    broken = b"\n".join([lines[0], b'{"_id": "9", "title": "cut off', b"[1, 2]", b"", b'{"title": "x", "text": "y"}'])
    items = list(beir.read(broken, "/x/mini/corpus.jsonl"))
    assert [type(i) for i in items] == [Document, SkippedRecord, SkippedRecord, SkippedRecord]
    assert [i.position for i in items[1:]] == ["line 2", "line 3", "line 5"]
    assert "invalid JSON" in items[1].reason
    assert "_id" in items[3].reason
    assert all(i.origin == "/x/mini/corpus.jsonl" for i in items[1:])


def test_unicode_separators_stay_inside_a_line() -> None:
    data = '{"_id": "1", "title": "", "text": "First paragraph.\u2029Second paragraph."}\n'.encode()
    (doc,) = beir.read(data, "c/corpus.jsonl")
    assert doc.sections[0].text == "First paragraph.\nSecond paragraph."


def test_sniff_false_on_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "pubmed" / "articleset.xml",
        fixtures / "medline_text" / "records.txt",
        fixtures / "tabular" / "export.csv",
    ]:
        assert not beir.sniff(path.read_bytes(), path.name)
    head = (fixtures / "beir" / "corpus.jsonl").read_bytes()
    assert not pubmed.sniff(head, "corpus.jsonl")
    assert not medline_text.sniff(head, "corpus.jsonl")
    assert not tabular.sniff(head, "corpus.jsonl")


@pytest.mark.data
@pytest.mark.parametrize(("corpus", "count"), [("bioasq-snippets-dev", 13449), ("pubmedqa-dev", 12899)])
def test_real_eval_corpora(data_dir: Path, corpus: str, count: int) -> None:
    folder = data_dir / "eval" / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    path = folder / "corpus.jsonl"
    assert beir.sniff(path.read_bytes()[:65536], path.name)
    assert not beir.sniff((folder / "queries.jsonl").read_bytes()[:65536], "queries.jsonl")
    items = _items(path)
    assert all(isinstance(i, Document) for i in items)
    assert len({d.id for d in items}) == count
    assert all(d.id.startswith(f"beir:{corpus}/") and d.source == f"BEIR:{corpus}" for d in items)
    assert all(d.meta.get("pmid") and d.url for d in items)  # both corpora are keyed by PMID
