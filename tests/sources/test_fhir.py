"""FHIR PlanDefinition reader: fixtures modelled on the CDC opioid IG, and the 13 real PlanDefinitions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import fhir, guideline_jsonl, ig_page, uspstf
from tests.conftest import shared_data


def _items(path: Path) -> list:
    return list(fhir.read(path.read_bytes(), str(path)))


def test_plandefinition_document(fixtures: Path) -> None:
    path = fixtures / "fhir" / "plandefinition.json"
    assert fhir.sniff(path.read_bytes()[:65536], path.name)
    [doc] = _items(path)
    assert isinstance(doc, Document)
    assert doc.id == "guideline:cdc/opioidcds-03"
    assert doc.tier == "guideline"
    assert doc.source == "CDC"
    assert doc.title == (
        "CDC 2022 opioid guideline, Recommendation 3: Opioid Immediate Release Form When Starting Opioid Therapy"
    )
    # the guideline's year, not the artifact's edit date (2025-08-06)
    assert doc.date == "2022"
    assert doc.version == "2022.1.0"
    assert doc.url == "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm"
    assert doc.drugs == ()
    assert [(s.name, s.code) for s in doc.sections] == [
        ("Recommendation", "recommendation"), ("Decision support", "cds"),
    ]
    assert doc.sections[0].text.startswith("When starting opioid therapy for acute, subacute, or chronic pain")
    card = doc.sections[1].text
    # Markdown links and emphasis flattened, link targets with parentheses removed whole, overrides left out
    assert "see Recommendation 3 of the 2022 CDC Clinical Practice Guideline." in card
    assert "**" not in card and "](" not in card and "http" not in card
    assert "- Extended-release opioids" in card
    assert "Snooze" not in card
    assert doc.meta["body"] == "CDC" and doc.meta["year"] == 2022
    assert doc.meta["category"] == "A" and doc.meta["evidence_type"] == "4"
    assert doc.meta["recommendation"] == "3"
    assert doc.meta["resource_date"] == "2025-08-06"
    assert doc.meta["cds_hooks"] == ["order-sign"]
    assert doc.meta["topic"] == "Opioid Prescribing"


def test_bundle_plans_and_skips(fixtures: Path) -> None:
    path = fixtures / "fhir" / "bundle.json"
    assert fhir.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = [i for i in items if isinstance(i, Document)]
    skips = [i for i in items if isinstance(i, SkippedRecord)]
    assert [d.id for d in docs] == ["guideline:cdc/opioidcds-04-05"]  # the ValueSet is ignored
    doc = docs[0]
    assert doc.title == "CDC 2022 opioid guideline, Recommendations 4 and 5: Lowest Effective Dose"
    assert doc.meta["recommendations"] == ["4", "5"]
    assert [(g["recommendation"], g["category"], g["evidence_type"]) for g in doc.meta["grading"]] == [
        ("4", "A", "3"), ("5", "B", "4"),
    ]
    assert doc.meta["category"] == "A/B"
    assert [s.position for s in skips] == ["entry[2]", "entry[3]"]
    assert "no description or action text" in skips[0].reason and str(path) in skips[0].reason
    assert "without a resource" in skips[1].reason


def test_bundle_without_plans(fixtures: Path) -> None:
    [skip] = _items(fixtures / "fhir" / "empty-bundle.json")
    assert isinstance(skip, SkippedRecord)
    assert "no PlanDefinition" in skip.reason


def test_broken_file(fixtures: Path) -> None:
    path = fixtures / "fhir" / "broken.json"
    with pytest.raises(ParseError, match=re.escape("broken.json: malformed FHIR JSON")):
        _items(path)


def test_not_a_plan() -> None:
    with pytest.raises(ParseError, match=re.escape("x.json: resourceType 'Patient'")):
        list(fhir.read(b'{"resourceType": "Patient", "id": "p"}', "x.json"))


def test_publisher_names() -> None:
    assert fhir.body_from_publisher("Centers for Disease Control and Prevention (CDC)") == "CDC"
    assert fhir.body_from_publisher("Centers for Disease Control and Prevention") == "CDC"
    assert fhir.body_from_publisher("Example Health Agency") == "Example Health Agency"


def test_sniff_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "uspstf" / "recommendations.json",
        fixtures / "guideline_jsonl" / "guidelines.jsonl",
        fixtures / "ig_page" / "recommendation-03.xml",
        fixtures / "freetext" / "back-pain-guideline.md",
    ]:
        assert not fhir.sniff(path.read_bytes()[:65536], path.name), path
    assert not fhir.sniff(b"\x00\xff garbage", "x")
    # a PlanDefinition only contained in a Library is not a PlanDefinition file
    assert not fhir.sniff(b'{"resourceType": "Library", "contained": [{"resourceType": "PlanDefinition"}]}', "l")
    plan = (fixtures / "fhir" / "plandefinition.json").read_bytes()
    assert not (uspstf.sniff(plan, "p.json") or guideline_jsonl.sniff(plan, "p.json") or ig_page.sniff(plan, "p"))


def test_real_plandefinitions() -> None:
    folder = shared_data() / "guidelines" / "cdc_opioids_2022" / "plandefinition"
    if not folder.is_dir():
        pytest.skip(f"real data not found at {folder}")
    docs: list[Document] = []
    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        assert fhir.sniff(data[:65536], path.name), path
        items = list(fhir.read(data, str(path)))
        assert all(isinstance(i, Document) for i in items), path
        docs.extend(items)
    assert len(docs) == 13
    assert len({d.id for d in docs}) == 13
    variants = {"opioidcds-10-order-sign", "opioidcds-10-patient-view", "opioidcds-11-order-select",
                "opioidcds-11-patient-view"}
    assert {f"guideline:cdc/{v}" for v in variants} <= {d.id for d in docs}
    grading = {g["recommendation"]: (g["category"], g["evidence_type"]) for d in docs for g in d.meta["grading"]}
    assert grading == {
        "1": ("B", "3"), "2": ("A", "2"), "3": ("A", "4"), "4": ("A", "3"), "5": ("B", "4"), "6": ("A", "4"),
        "7": ("A", "4"), "8": ("A", "4"), "9": ("B", "4"), "10": ("B", "4"), "11": ("B", "3"), "12": ("A", "1"),
    }
    for doc in docs:
        assert doc.source == "CDC" and doc.date == "2022" and doc.meta["year"] == 2022
        assert doc.sections[0].code == "recommendation" and len(doc.sections[0].text) > 100
        assert any(s.code == "cds" for s in doc.sections)
        assert doc.url is not None and "rr7103a1" in doc.url
        assert doc.title.startswith("CDC 2022 opioid guideline, Recommendation")


def test_narrative_xhtml_is_read_by_the_markup_renderer_when_there_is_no_description() -> None:
    res = {
        "resourceType": "PlanDefinition", "id": "example-narrative", "publisher": "Example Society",
        "version": "1.0.10",
        "text": {"status": "generated", "div": (
            '<div xmlns="http://www.w3.org/1999/xhtml"><p>Do not start clozapine when the neutrophil count is '
            "below 1.5 × 10<sup>9</sup>/L.</p><ul><li>Check counts weekly.</li><li>Stop below 1.0 × 10<sup>9</sup>/L."
            "</li></ul><table><tr><td>ANC</td><td>Action</td></tr></table></div>")},
    }
    doc = fhir.plan_document(res, "narrative.json")
    assert isinstance(doc, Document) and doc.version == "1.0.10"
    assert doc.sections[0].text == (
        "Do not start clozapine when the neutrophil count is below 1.5 × 10^9/L.\nCheck counts weekly.\n"
        "Stop below 1.0 × 10^9/L.\nANC | Action"
    )
    broken = dict(res, text={"div": "<div><p>unclosed"})
    assert isinstance(fhir.plan_document(broken, "broken.json"), SkippedRecord)  # nothing readable: reported
