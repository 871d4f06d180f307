"""PubMed XML reader: PubmedArticleSet / MedlineCitationSet fixtures and the real shared files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Deletion, Document, Section, SkippedRecord
from medbrief.sources import beir, medline_text, pubmed, pubtypes, tabular


def _read(path: Path) -> list:
    return list(pubmed.read(path.read_bytes(), str(path)))


def _docs(items: list) -> dict[str, Document]:
    return {i.id: i for i in items if isinstance(i, Document)}


def test_articleset_documents(fixtures: Path) -> None:
    path = fixtures / "pubmed" / "articleset.xml"
    assert pubmed.sniff(path.read_bytes()[:65536], path.name)
    items = _read(path)
    docs = _docs(items)
    assert list(docs) == [f"pmid:9000000{n}" for n in range(1, 7)]

    rct = docs["pmid:90000001"]
    assert rct.tier == "research"
    assert rct.source == "PubMed"
    assert rct.url == "https://pubmed.ncbi.nlm.nih.gov/90000001/"
    # <i> markup flattened, MedlineDate range -> first month, PMID Version="2" kept
    assert rct.title == "Intrathecal baclofen for severe spasticity: a randomised, placebo-controlled trial."
    assert rct.date == "2004-05"
    assert rct.version == "2"
    assert rct.drugs == ()
    assert [(s.name, s.code) for s in rct.sections] == [
        ("Background", "BACKGROUND"), ("Methods", "METHODS"), ("Results", "RESULTS"), ("Conclusions", "CONCLUSIONS"),
    ]
    assert rct.sections[1].text == (
        "Forty patients received an intrathecal bolus of 50 µg baclofen or placebo; CO2 was monitored."
    )
    assert rct.sections[2].text.endswith("(P<0.001).")
    meta = rct.meta
    assert meta["pmid"] == "90000001"
    assert meta["journal"] == "Journal of neurology, neurosurgery, and psychiatry"
    assert meta["journal_abbrev"] == "J Neurol Neurosurg Psychiatry"
    assert meta["year"] == 2004
    assert meta["study_type"] == "Randomized Controlled Trial"
    assert "Clinical Trial, Phase III" in meta["publication_types"]
    assert meta["mesh"] == ["Baclofen", "Muscle Spasticity"]
    assert meta["keywords"] == ["intrathecal", "spasticity"]
    assert meta["authors"] == ["Penn RD", "Kroin JS"]
    assert meta["doi"] == "10.1000/jnnp.2004.0001"
    assert meta["retracted"] is False
    assert "body" not in meta

    review = docs["pmid:90000002"]
    assert review.version is None
    assert review.date == "2016-02"  # PubDate wins over the electronic ArticleDate
    assert review.meta["study_type"] == "Review"
    assert review.sections == (
        Section(
            "Abstract",
            "Baclofen is a GABA-B receptor agonist used to treat spasticity.\n"
            "Tizanidine is an alpha-2 agonist with a shorter half-life.",
            "ABSTRACT",
        ),
    )
    assert "doi" not in review.meta  # a cited reference's DOI is not the article's

    retracted = docs["pmid:90000003"]
    assert retracted.meta["retracted"] is True
    assert retracted.date == "2010-10-15"

    guideline = docs["pmid:90000004"]
    assert guideline.tier == "guideline"
    assert guideline.meta["body"] == "Spasticity Guideline Development Group"
    assert guideline.meta["year"] == 2020
    # NlmCategory UNASSIGNED falls back to the label as the code
    assert [(s.name, s.code) for s in guideline.sections] == [
        ("Clinical Question", "CLINICAL QUESTION"), ("Recommendations", "RECOMMENDATIONS"),
    ]
    assert guideline.meta["authors"][0] == "Spasticity Guideline Development Group"

    letter = docs["pmid:90000005"]
    assert letter.sections == ()  # no abstract: title-only document
    assert letter.date == "1999-03-11"  # PubDate without a year -> DateCompleted
    assert letter.meta["study_type"] == "Letter"

    book = docs["pmid:90000006"]
    assert book.title == "Baclofen"
    assert book.date == "2024-01"
    assert book.meta["authors"] == ["Ghanavatian S"]  # editors left out
    assert book.meta["publication_types"] == ["Review"]

    deletions = [i for i in items if isinstance(i, Deletion)]
    assert [d.doc_id for d in deletions] == ["pmid:80000001", "pmid:80000002"]
    assert not [i for i in items if isinstance(i, SkippedRecord)]


def test_medline_citation_set(fixtures: Path) -> None:
    path = fixtures / "pubmed" / "medlinecitationset.xml"
    assert pubmed.sniff(path.read_bytes(), path.name)
    items = _read(path)
    (doc,) = _docs(items).values()
    assert doc.id == "pmid:90000010"
    assert doc.date == "2015-10"
    assert doc.meta["study_type"] == "Meta-Analysis"
    assert doc.meta["journal_abbrev"] == "Mult. Scler."
    assert [(s.name, s.code) for s in doc.sections] == [("Purpose", "OBJECTIVE"), ("Result(s)", "RESULTS")]
    assert doc.sections[1].text == "Both reduced spasticity scores to a similar degree."
    assert [i.doc_id for i in items if isinstance(i, Deletion)] == ["pmid:26432306"]


def test_record_without_pmid_is_skipped(fixtures: Path) -> None:
    items = _read(fixtures / "pubmed" / "missing_pmid.xml")
    skipped = [i for i in items if isinstance(i, SkippedRecord)]
    assert len(skipped) == 1
    assert skipped[0].position == "record 1"
    assert "no PMID" in skipped[0].reason
    assert list(_docs(items)) == ["pmid:90000020"]


def test_truncated_file_raises_after_good_records(fixtures: Path) -> None:
    path = fixtures / "pubmed" / "truncated.xml"
    assert pubmed.sniff(path.read_bytes(), path.name)
    seen: list = []
    with pytest.raises(ParseError) as err:
        for item in pubmed.read(path.read_bytes(), str(path)):
            seen.append(item)
    assert "truncated.xml" in str(err.value)
    assert err.value.origin == str(path)
    assert [d.id for d in seen] == ["pmid:90000001"]


def test_not_pubmed_root_raises() -> None:
    with pytest.raises(ParseError, match=r"x\.xml: not PubMed XML"):
        list(pubmed.read(b"<?xml version='1.0'?><eSearchResult><Count>1</Count></eSearchResult>", "x.xml"))


def test_entities_are_not_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY x "EXPANDED">]><PubmedArticleSet>'
        b"<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>T &x;</ArticleTitle>"
        b"</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )
    docs = [i for i in pubmed.read(data, "e.xml") if isinstance(i, Document)]
    assert docs and "EXPANDED" not in docs[0].title


@pytest.mark.parametrize(
    "head",
    [
        b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c -->\n"
        b"<!DOCTYPE PubmedArticleSet [<!ENTITY a 'b'>]>\n<PubmedArticleSet>",
        b"<MedlineCitationSet><MedlineCitation>",
    ],
)
def test_sniff_root(head: bytes) -> None:
    assert pubmed.sniff(head, "x.xml")


def test_sniff_false_on_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "medline_text" / "records.txt",
        fixtures / "tabular" / "export.csv",
        fixtures / "beir" / "corpus.jsonl",
    ]:
        assert not pubmed.sniff(path.read_bytes(), path.name)
    assert not pubmed.sniff(b"", "empty.xml")
    assert not pubmed.sniff(b"<?xml version='1.0'?><eSummaryResult>", "x.xml")
    # and the other research readers do not claim PubMed XML
    head = (fixtures / "pubmed" / "articleset.xml").read_bytes()
    assert not medline_text.sniff(head, "articleset.xml")
    assert not tabular.sniff(head, "articleset.xml")
    assert not beir.sniff(head, "articleset.xml")


def test_pubtypes_helpers() -> None:
    assert pubtypes.parse_pub_date("2004 May-Jun") == "2004-05"
    assert pubtypes.parse_pub_date("1998 Dec-1999 Jan") == "1998-12"
    assert pubtypes.parse_pub_date("2000 Spring") == "2000"
    assert pubtypes.parse_pub_date("2006 Mar 1") == "2006-03-01"
    assert pubtypes.parse_pub_date("20020916") == "2002-09-16"
    assert pubtypes.parse_pub_date("") is None
    assert pubtypes.date_from_parts("2020", "Sep", "04") == "2020-09-04"
    assert pubtypes.date_from_parts("2020", "9") == "2020-09"
    assert pubtypes.study_type(["Journal Article", "Review", "Systematic Review", "Meta-Analysis"]) == "Meta-Analysis"
    assert pubtypes.study_type(["Case Reports", "Comparative Study"]) == "Comparative Study"
    assert pubtypes.study_type(["Clinical Trial, Phase II", "Review"]) == "Clinical Trial, Phase II"
    assert pubtypes.study_type(["Clinical Trial Protocol"]) is None
    assert pubtypes.study_rank("Meta-Analysis") < pubtypes.study_rank("Clinical Trial, Phase II")
    assert pubtypes.study_rank("Clinical Trial, Phase II") < pubtypes.study_rank("Review")
    assert pubtypes.study_rank(None) > pubtypes.study_rank("Journal Article")
    assert pubtypes.is_guideline(["Guideline"]) and not pubtypes.is_guideline(["Review"])
    assert pubtypes.is_retracted(["Retracted Publication"]) and pubtypes.is_retracted([], 1)
    assert not pubtypes.is_retracted(["Retraction of Publication"])


# ---------------------------------------------------------------- real shared data

def _pubmed_dir(data_dir: Path) -> Path:
    d = data_dir / "pubmed" / "xml"
    if not d.is_dir():
        pytest.skip(f"{d} not found")
    return d


def _load(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.data
def test_real_files(data_dir: Path) -> None:
    base = _pubmed_dir(data_dir)
    files = sorted(base.rglob("*.xml")) + sorted(base.rglob("*.xml.gz"))
    articles = [f for f in files if f.name not in {"einfo2.xml", "espell.xml", "epost1.xml"}
                and not f.name.startswith(("esearch", "esummary", "elink"))]
    for path in files:
        assert pubmed.sniff(_load(path)[:65536], path.name) == (path in articles), path
    docs: dict[str, Document] = {}
    deletions: list[Deletion] = []
    for path in articles:
        for item in pubmed.read(_load(path), str(path)):
            assert not isinstance(item, SkippedRecord), item
            if isinstance(item, Document):
                docs[item.id] = item
            elif isinstance(item, Deletion):
                deletions.append(item)
    # 604 in the 2016 update file + 4 + 1 + 15 efetch + 8 biopython
    assert len(docs) == 604 + 4 + 1 + 15 + 8
    assert [d.doc_id for d in deletions] == ["pmid:26432306"]

    who = docs["pmid:32887691"]
    assert who.tier == "guideline"
    assert who.meta["body"] == "BMJ (Clinical research ed.)"
    assert who.sections[0].code == "UPDATES"
    nejm = docs["pmid:29768149"]
    assert nejm.meta["study_type"] == "Randomized Controlled Trial"
    assert [s.code for s in nejm.sections] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert nejm.date == "2018-05-17"
    assert nejm.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."

    update = [d for d in docs.values() if "medline16n0902" in d.origin]
    assert sum(1 for d in update if len(d.sections) > 1) == 215
    assert sum(1 for d in update if d.meta["mesh"]) == 94
    assert sum(1 for d in update if d.meta["study_type"] == "Review") == 40
    assert sum(1 for d in update if d.date == "2015-10") >= 59  # "2015 Oct-Dec" MedlineDates
    assert all(d.date for d in docs.values())
    current = [d for d in docs.values() if "test_current_medline" in d.origin]
    assert {d.meta["pmid"] for d in current} == {"36400559", "2930949", "11446611", "28786991"}
    assert {d.meta["study_type"] for d in current} == {"Meta-Analysis", "Review"}  # the SR is also the MA
    assert sum(1 for d in current if "Systematic Review" in d.meta["publication_types"]) == 1


def test_placeholder_title_falls_back_to_the_vernacular_title(fixtures: Path) -> None:
    docs = _docs(_read(fixtures / "pubmed" / "vernacular.xml"))
    assert docs["pmid:90000401"].title == "Baclofen bei Spastik."  # "[Not Available]." is NLM's placeholder
    assert docs["pmid:90000402"].title == "Gabapentine et douleur."  # empty ArticleTitle
    assert docs["pmid:90000403"].title == "[Treatment of spasticity with tizanidine]."  # a translation stays
    assert docs["pmid:90000404"].title == "PubMed 90000404"  # nothing else to show: the stand-in, not the placeholder
    assert pubtypes.display_title("[Not Available]", "", "A book") == "A book"
    assert pubtypes.display_title("[In Process Citation]", "Baclofen bei Spastik.") == "Baclofen bei Spastik."
    assert pubtypes.display_title("[In process citation].", "") == ""


def test_update_files_carry_revision_dates_retractions_and_deletions(fixtures: Path) -> None:
    first = _read(fixtures / "pubmed" / "updatefiles" / "pubmed99n0001.xml")
    second = _read(fixtures / "pubmed" / "updatefiles" / "pubmed99n0002.xml")
    assert _docs(first)["pmid:90000302"].meta["date_revised"] == "2021-03-01"
    assert "date_revised" not in _docs(first)["pmid:90000301"].meta
    retracted = _docs(second)["pmid:90000301"]
    assert retracted.meta["retracted"] is True and retracted.title.startswith("RETRACTED:")
    assert [i for i in second if isinstance(i, Deletion)] == [Deletion("pmid:90000302", str(
        fixtures / "pubmed" / "updatefiles" / "pubmed99n0002.xml"))]


def test_retraction_is_recorded_from_type_link_or_title() -> None:
    assert pubtypes.is_retracted(["Journal Article", "Retracted Publication"])
    assert pubtypes.is_retracted(["Journal Article"], retraction_links=1)
    assert pubtypes.is_retracted([], title="RETRACTED: Baclofen for alcohol use disorder.")
    assert pubtypes.is_retracted([], title="[Retracted] Baclofen for alcohol use disorder.")
    assert not pubtypes.is_retracted(["Retraction of Publication"], title="Retraction notice: Baclofen trial.")
    assert not pubtypes.is_retracted([], title="Retractions in the biomedical literature.")


def test_dates_with_superscript_digits_do_not_crash() -> None:
    # found by the fuzz test: '²'.isdigit() is True but int('²') fails
    assert pubtypes.parse_pub_date("2010 Oct ²5") == "2010-10"
    assert pubtypes.parse_pub_date("2010 ² Oct") == "2010"
