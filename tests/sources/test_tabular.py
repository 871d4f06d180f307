"""CSV/TSV literature exports (Cohen 2006 style and generic pmid/title/abstract tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, Section, SkippedRecord
from medbrief.sources import beir, medline_text, pubmed, tabular


def _items(path: Path) -> list:
    return list(tabular.read(path.read_bytes(), str(path)))


def test_cohen_style_csv(fixtures: Path) -> None:
    path = fixtures / "tabular" / "export.csv"
    assert tabular.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = {i.id: i for i in items if isinstance(i, Document)}
    assert list(docs) == ["pmid:10022678", "pmid:10023116", "pmid:10099999"]

    doc = docs["pmid:10022678"]
    assert doc.tier == "research"
    assert doc.source == "MEDLINE export"
    assert doc.url == "https://pubmed.ncbi.nlm.nih.gov/10022678/"
    assert doc.title == "Intrathecal baclofen in multiple sclerosis."
    assert doc.drugs == ()
    # abstract sections joined with "; " are kept as they are
    assert doc.sections == (
        Section(
            "Abstract",
            "Spasticity in multiple sclerosis was treated with intrathecal baclofen.; Ashworth scores improved in "
            "18 of 20 patients.; Intrathecal baclofen is effective for severe spasticity.",
            "ABSTRACT",
        ),
    )
    assert doc.meta["pmid"] == "10022678"
    assert doc.meta["mesh"] == ["Baclofen", "Humans", "Injections, Spinal", "Multiple Sclerosis", "Muscle Spasticity"]
    assert doc.meta["authors"] == ["Litwiller SE", "Frohman EM", "Zimmern PE"]
    assert doc.meta["publication_types"] == []
    assert doc.meta["study_type"] is None
    assert doc.meta["retracted"] is False

    assert docs["pmid:10099999"].sections == ()  # title-only row

    skipped = [i for i in items if isinstance(i, SkippedRecord)]
    assert [(s.position, s.origin) for s in skipped] == [("row 4", str(path))]
    assert "numeric PMID" in skipped[0].reason


def test_tsv_with_other_headers(fixtures: Path) -> None:
    path = fixtures / "tabular" / "export.tsv"
    assert tabular.sniff(path.read_bytes(), path.name)
    (doc,) = _items(path)
    assert doc.id == "pmid:12345678"
    assert doc.title == "Dantrolene for malignant hyperthermia."
    assert doc.date == "2003"
    assert doc.meta["year"] == 2003
    assert doc.meta["journal"] == "Anesthesiology"
    assert doc.meta["mesh"] == ["Dantrolene", "Malignant Hyperthermia"]


def test_unterminated_quote_raises(fixtures: Path) -> None:
    path = fixtures / "tabular" / "broken.csv"
    with pytest.raises(ParseError) as err:
        _items(path)
    assert "broken.csv" in str(err.value)
    assert err.value.position == "row 2"


def test_header_without_pmid_raises() -> None:
    assert not tabular.sniff(b"id,title,abstract\n1,a,b\n", "x.csv")
    with pytest.raises(ParseError, match="no PMID column"):
        list(tabular.read(b"id,title,abstract\n1,a,b\n", "x.csv"))


def test_sniff_false_on_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "pubmed" / "articleset.xml",
        fixtures / "medline_text" / "records.txt",
        fixtures / "beir" / "corpus.jsonl",
        fixtures / "beir" / "qrels" / "test.tsv",
    ]:
        assert not tabular.sniff(path.read_bytes(), path.name)
    head = (fixtures / "tabular" / "export.csv").read_bytes()
    assert not pubmed.sniff(head, "export.csv")
    assert not medline_text.sniff(head, "export.csv")
    assert not beir.sniff(head, "export.csv")


@pytest.mark.data
def test_real_skeletal_muscle_relaxants(data_dir: Path) -> None:
    path = data_dir / "pubmed" / "cohen2006_drug_class_reviews" / "SkeletalMuscleRelaxants.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    assert tabular.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    assert all(isinstance(i, Document) for i in items)
    assert len(items) == 1643
    assert len({d.id for d in items}) == 1643
    baclofen = [d for d in items if "baclofen" in (d.title + " " + " ".join(s.text for s in d.sections)).lower()]
    assert len(baclofen) == 183
    assert sum(1 for d in items if d.meta["mesh"]) > 1500
    first = items[0]
    assert first.id == "pmid:10022678"
    assert first.title == "Multiple sclerosis and the urologist."
    assert first.meta["authors"] == ["Litwiller SE", "Frohman EM", "Zimmern PE"]


@pytest.mark.data
def test_real_cohen_counts(data_dir: Path) -> None:
    folder = data_dir / "pubmed" / "cohen2006_drug_class_reviews"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    expected = {"ADHD.csv": 851, "Antihistamines.csv": 310, "BetaBlockers.csv": 2072, "Opiods.csv": 1915}
    for name, count in expected.items():
        path = folder / name
        assert len([i for i in _items(path) if isinstance(i, Document)]) == count, name


def test_pubmed_csv_export_keeps_the_year(fixtures: Path) -> None:
    # PubMed's own "Save -> CSV": Publication Year column, and the date inside Citation
    path = fixtures / "tabular" / "pubmed-export.csv"
    assert tabular.sniff(path.read_bytes(), path.name)
    docs = [d for d in tabular.read(path.read_bytes(), str(path)) if isinstance(d, Document)]
    assert [(d.id, d.date, d.meta["year"]) for d in docs] == [("pmid:90000601", "2019", 2019),
                                                              ("pmid:90000602", "2004-11", 2004)]
    assert docs[0].meta["journal"] == "Example J Neurol"
    assert docs[0].meta["authors"] == ["Example A", "Example B"]
    assert docs[0].sections == ()  # the export has no abstract: the title is the record


def test_year_columns_in_other_shapes() -> None:
    rows = "PMID,Title,Date\n1,A,2004 May-Jun\n2,B,\n"
    docs = list(tabular.read(rows.encode(), "x.csv"))
    assert [(d.date, d.meta["year"]) for d in docs] == [("2004-05", 2004), (None, None)]  # never guessed
    docs = list(tabular.read(b"PMID\tTitle\tYear\n3\tC\t2004.0\n", "x.tsv"))
    assert docs[0].meta["year"] == 2004


def test_a_retracted_title_is_recorded() -> None:
    rows = b"PMID,Title\n5,RETRACTED: Baclofen cures everything.\n6,Baclofen for spasticity.\n"
    docs = list(tabular.read(rows, "x.csv"))
    assert [d.meta["retracted"] for d in docs] == [True, False]


def test_missing_value_markers_are_empty_cells() -> None:
    # R writes NA for a missing abstract (1,165 rows of the Cohen 2006 sets), pandas NaN, SQL NULL, Excel #N/A
    rows = ('pubmedID,title,keywords,authors,abstracts\n'
            '7,Acute overdose of intrathecal baclofen.,NA,"Fanous, A",NA\n'
            '8,Baclofen in spasticity.,Baclofen,NaN,A trial.\n'
            '9,Tizanidine.,NULL,#N/A, n/a \n')
    docs = list(tabular.read(rows.encode(), "x.csv"))
    assert [d.sections for d in docs][0::2] == [(), ()]  # the title is the record; no "NA" passage
    assert docs[1].sections == (Section("Abstract", "A trial.", "ABSTRACT"),)
    assert [d.meta["authors"] for d in docs] == [["Fanous A"], [], []]
    assert [d.meta["mesh"] for d in docs] == [[], ["Baclofen"], []]


@pytest.mark.data
def test_no_real_cohen_record_keeps_an_na_abstract(data_dir: Path) -> None:
    path = data_dir / "pubmed" / "cohen2006_drug_class_reviews" / "AtypicalAntipsychotics.csv"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    docs = {d.id: d for d in _items(path) if isinstance(d, Document)}
    olanzapine = docs["pmid:10350037"]  # its abstract cell is "NA"
    assert olanzapine.title == "Schizophrenia and schizoaffective disorder treated with high doses of olanzapine."
    assert olanzapine.sections == ()
    assert not any(s.text.strip() == "NA" for d in docs.values() for s in d.sections)
