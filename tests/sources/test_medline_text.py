"""MEDLINE display-format reader: fixture records and the real Biopython exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import beir, medline_text, pubmed, tabular


def _items(path: Path) -> list:
    return list(medline_text.read(path.read_bytes(), str(path)))


def test_records(fixtures: Path) -> None:
    path = fixtures / "medline_text" / "records.txt"
    assert medline_text.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = {i.id: i for i in items if isinstance(i, Document)}
    assert list(docs) == ["pmid:90000101", "pmid:90000102", "pmid:90000103"]

    rct = docs["pmid:90000101"]
    assert rct.tier == "research"
    assert rct.source == "PubMed"
    assert rct.url == "https://pubmed.ncbi.nlm.nih.gov/90000101/"
    # continuation line joined with a space
    assert rct.title == "Intrathecal baclofen for severe spasticity: a randomised, placebo-controlled trial."
    assert rct.date == "2004-05"
    assert rct.version is None
    assert rct.drugs == ()
    # the inline "LABEL: " structure of the text export becomes one section per label
    assert [(s.name, s.code) for s in rct.sections] == [
        ("Background", "BACKGROUND"), ("Methods", "METHODS"), ("Results", "RESULTS"), ("Conclusions", "CONCLUSIONS"),
    ]
    assert rct.sections[0].text == "Severe spasticity of spinal origin often does not respond to oral drugs."
    meta = rct.meta
    assert meta["pmid"] == "90000101"
    assert meta["journal"] == "Journal of neurology, neurosurgery, and psychiatry"
    assert meta["journal_abbrev"] == "J Neurol Neurosurg Psychiatry"
    assert meta["year"] == 2004
    assert meta["authors"] == ["Penn RD", "Kroin JS"]
    assert meta["mesh"] == ["Baclofen", "Humans", "Muscle Spasticity"]  # stars and qualifiers dropped
    assert meta["keywords"] == ["intrathecal"]
    assert meta["publication_types"] == ["Journal Article", "Randomized Controlled Trial", "Clinical Trial, Phase III"]
    assert meta["study_type"] == "Randomized Controlled Trial"
    assert meta["doi"] == "10.1000/jnnp.2004.0101"
    assert meta["retracted"] is False

    guideline = docs["pmid:90000102"]
    assert guideline.tier == "guideline"
    assert guideline.meta["body"] == "Spasticity Guideline Development Group"
    assert guideline.date == "2020-09-04"
    assert guideline.sections[0].code == "ABSTRACT"
    assert guideline.sections[0].text.endswith("Do not stop baclofen abruptly.")

    assert docs["pmid:90000103"].meta["retracted"] is True  # RIN (retraction in) line

    skipped = [i for i in items if isinstance(i, SkippedRecord)]
    assert len(skipped) == 1
    assert skipped[0].position == "record 4 (line 64)"
    assert "no numeric PMID" in skipped[0].reason
    assert skipped[0].origin == str(path)


def test_broken_file(fixtures: Path) -> None:
    path = fixtures / "medline_text" / "broken.txt"
    assert not medline_text.sniff(path.read_bytes(), path.name)
    with pytest.raises(ParseError) as err:
        _items(path)
    assert "broken.txt" in str(err.value)


def test_records_without_blank_separator_and_latin1() -> None:
    data = "PMID- 1\nTI  - Caf\xe9 one\nPMID- 2\nTI  - Two\nAB  - Plain abstract.\n".encode("latin-1")
    docs = [i for i in medline_text.read(data, "x.nbib") if isinstance(i, Document)]
    assert [(d.id, d.title) for d in docs] == [("pmid:1", "Café one"), ("pmid:2", "Two")]
    assert docs[0].sections == ()


def test_sniff_false_on_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "pubmed" / "articleset.xml",
        fixtures / "tabular" / "export.csv",
        fixtures / "beir" / "corpus.jsonl",
    ]:
        assert not medline_text.sniff(path.read_bytes(), path.name)
    head = (fixtures / "medline_text" / "records.txt").read_bytes()
    assert not pubmed.sniff(head, "records.txt")
    assert not tabular.sniff(head, "records.txt")
    assert not beir.sniff(head, "records.txt")


@pytest.mark.data
def test_real_biopython_exports(data_dir: Path) -> None:
    folder = data_dir / "pubmed" / "medline_txt" / "biopython"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    docs: dict[str, Document] = {}
    for path in sorted(folder.glob("*.txt")):
        assert medline_text.sniff(path.read_bytes()[:65536], path.name)
        for item in medline_text.read(path.read_bytes(), str(path)):
            assert isinstance(item, Document), item
            docs[item.id] = item
    assert len(docs) == 6
    first = docs["pmid:12230038"]
    assert first.title == "The Bio* toolkits--a brief overview."
    assert first.date == "2002-09"
    assert first.meta["journal_abbrev"] == "Brief Bioinform"
    assert first.meta["authors"] == ["Mangalam H"]
    assert "Computational Biology" in first.meta["mesh"]
    assert first.sections[0].text.startswith("Bioinformatics research is often difficult")
    scop = docs["pmid:16403221"]
    assert [s.code for s in scop.sections] == ["BACKGROUND", "RESULTS", "CONCLUSION"]
    assert scop.meta["doi"] == "10.1186/1471-2105-7-10"
    assert docs["pmid:14871861"].meta["study_type"] == "Comparative Study"
    assert docs["pmid:23039619"].date == "2012-10"


def test_blank_continuation_line_is_a_paragraph_break(fixtures: Path) -> None:
    path = fixtures / "medline_text" / "blank-continuation.txt"
    items = _items(path)
    assert not [i for i in items if isinstance(i, SkippedRecord)]
    docs = {i.id: i for i in items if isinstance(i, Document)}
    assert list(docs) == ["pmid:90000201", "pmid:90000202"]
    chapter = docs["pmid:90000201"]
    assert chapter.sections[0].text == (
        "Spasticity develops in about a quarter of stroke survivors within the first months and limits daily "
        "activities.\nManagement starts with stretching and positioning. Oral baclofen or tizanidine helps some "
        "patients, and focal botulinum toxin is preferred for focal spasticity."
    )
    # every field after the blank continuation line survives
    assert chapter.meta["authors"] == ["Example B"]
    assert chapter.meta["publication_types"] == ["Review", "Book Chapter"]
    assert chapter.meta["date_revised"] == "2023-01-15"
    assert chapter.date == "2021-03"
    # TI "[Not Available]." is NLM's placeholder: the TT (vernacular) title is shown
    assert docs["pmid:90000202"].title == "Baclofen intrathekal bei Spastik."


def test_space_only_lines_of_any_width_inside_a_field_are_paragraph_breaks() -> None:
    text = ("PMID- 90000211\nTI  - Title.\nAB  - First paragraph.\n   \n      Second paragraph.\n\t\n"
            "      Third paragraph.\nPT  - Review\n  \nPMID- 90000212\nTI  - Next.\n")
    docs = [i for i in medline_text.read(text.encode(), "x.txt") if isinstance(i, Document)]
    assert [d.id for d in docs] == ["pmid:90000211", "pmid:90000212"]
    assert docs[0].sections[0].text == "First paragraph.\nSecond paragraph.\nThird paragraph."
    assert docs[0].meta["publication_types"] == ["Review"]
