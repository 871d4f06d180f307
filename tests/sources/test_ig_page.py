"""FHIR IG page (XHTML + Liquid include) reader: fixtures and the 11 real CDC recommendation pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document
from medbrief.sources import fhir, ig_page, uspstf
from tests.conftest import shared_data


def _docs(path: Path) -> list[Document]:
    items = list(ig_page.read(path.read_bytes(), str(path)))
    assert all(isinstance(i, Document) for i in items)
    return items


def test_single_recommendation_page(fixtures: Path) -> None:
    path = fixtures / "ig_page" / "recommendation-03.xml"
    assert ig_page.sniff(path.read_bytes()[:65536], path.name)
    [doc] = _docs(path)
    assert doc.id == "guideline:cdc/opioids-2022-page-03"
    assert doc.tier == "guideline"
    assert doc.source == "CDC"
    assert doc.date == "2022"
    assert doc.drugs == ()
    # double-quoted value holding an apostrophe
    assert doc.title == (
        "CDC 2022 opioid guideline, Recommendation 3: Selecting Opioids and Determining Opioid Dosages for the"
        " patient's pain"
    )
    assert [(s.name, s.code) for s in doc.sections] == [("Recommendation", "recommendation"), ("Notes", "notes")]
    # line breaks inside the value collapsed; \' unescaped; the other quote kind kept
    assert doc.sections[0].text == (
        "When starting opioid therapy for acute, subacute, or chronic pain, clinicians should prescribe"
        " immediate-release opioids instead of extended-release and long-acting (ER/LA) opioids"
        " (the patient's \"first\" prescription)."
    )
    assert doc.sections[1].text == "This page describes how the recommendation is implemented as decision support."
    assert doc.meta == {
        "body": "CDC", "year": 2022, "recommendation": "3", "category": "A", "evidence_type": "4",
        "topic": "Selecting Opioids and Determining Opioid Dosages for the patient's pain",
    }


def test_two_recommendations_on_one_page(fixtures: Path) -> None:
    docs = _docs(fixtures / "ig_page" / "recommendation-04-05.xml")
    assert [d.id for d in docs] == ["guideline:cdc/opioids-2022-page-04", "guideline:cdc/opioids-2022-page-05"]
    assert [(d.meta["category"], d.meta["evidence_type"]) for d in docs] == [("A", "3"), ("B", "4")]
    # navigation tabs are not notes
    assert all(len(d.sections) == 1 for d in docs)
    assert docs[1].sections[0].text.endswith("(e.g., 10% per month).")


def test_hook_variants_merge(fixtures: Path) -> None:
    [doc] = _docs(fixtures / "ig_page" / "recommendation-10.xml")
    assert doc.id == "guideline:cdc/opioids-2022-page-10"
    assert doc.meta["variants"] == ["order-sign", "patient-view"]
    assert len(doc.sections) == 1


def test_include_without_description(fixtures: Path) -> None:
    message = "no-description.xml: include for recommendation '7' has no description"
    with pytest.raises(ParseError, match=re.escape(message)):
        _docs(fixtures / "ig_page" / "no-description.xml")


def test_truncated_page(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=re.escape("truncated.xml: malformed XML")):
        _docs(fixtures / "ig_page" / "truncated.xml")


def test_page_without_recommendation() -> None:
    page = b'<div xmlns="http://www.w3.org/1999/xhtml">{% include other.html a=\'1\' %}</div>'
    with pytest.raises(ParseError, match=re.escape("p.xml: no recommendation include")):
        list(ig_page.read(page, "p.xml"))


def test_parse_includes_quotes() -> None:
    [inc] = ig_page.parse_includes(
        """{% include t.html a='it\\'s' b="say 'hi'" c=bare d='50%}' %} after""", "x"
    )
    assert inc.template == "t.html"
    assert inc.params == {"a": "it's", "b": "say 'hi'", "c": "bare", "d": "50%}"}


def test_sniff_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "fhir" / "plandefinition.json",
        fixtures / "uspstf" / "recommendations.json",
        fixtures / "freetext" / "asthma-page.html",
    ]:
        assert not ig_page.sniff(path.read_bytes()[:65536], path.name), path
    page = (fixtures / "ig_page" / "recommendation-03.xml").read_bytes()
    assert not fhir.sniff(page, "p.xml") and not uspstf.sniff(page, "p.xml")


def test_real_pages() -> None:
    folder = shared_data() / "guidelines" / "cdc_opioids_2022" / "pagecontent"
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder}")
    pages = sorted(folder.glob("recommendation-*.xml"))
    assert len(pages) == 11
    docs: list[Document] = []
    for path in pages:
        assert ig_page.sniff(path.read_bytes()[:65536], path.name), path
        docs.extend(_docs(path))
    # 04-05 holds two recommendations; the order-sign/patient-view variants of 10 and 11 are identical
    assert [d.meta["recommendation"] for d in docs] == [str(n) for n in range(1, 13)]
    assert len({d.id for d in docs}) == 12
    grading = {d.meta["recommendation"]: (d.meta["category"], d.meta["evidence_type"]) for d in docs}
    assert grading == {
        "1": ("B", "3"), "2": ("A", "2"), "3": ("A", "4"), "4": ("A", "3"), "5": ("B", "4"), "6": ("A", "4"),
        "7": ("A", "4"), "8": ("A", "4"), "9": ("B", "4"), "10": ("B", "4"), "11": ("B", "3"), "12": ("A", "1"),
    }
    for doc in docs:
        assert doc.sections[0].code == "recommendation" and "clinicians" in doc.sections[0].text.lower()
        assert [s.name for s in doc.sections] == ["Recommendation"]  # no prose outside the includes
        assert "\n" not in doc.sections[0].text
        assert doc.meta["topic"]
    assert "review the patient’s history of controlled substance prescriptions" in docs[8].sections[0].text
