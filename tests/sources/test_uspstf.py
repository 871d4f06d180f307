"""USPSTF Prevention TaskForce JSON reader: fixture and the 137 real records."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import fhir, guideline_jsonl, uspstf
from tests.conftest import shared_data


def _items(path: Path) -> list:
    return list(uspstf.read(path.read_bytes(), str(path)))


def test_records(fixtures: Path) -> None:
    path = fixtures / "uspstf" / "recommendations.json"
    assert uspstf.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = {i.id: i for i in items if isinstance(i, Document)}
    assert list(docs) == [
        "guideline:uspstf/426", "guideline:uspstf/203", "guideline:uspstf/65", "guideline:uspstf/general-389",
    ]
    cervical = docs["guideline:uspstf/426"]
    assert cervical.tier == "guideline"
    assert cervical.source == "USPSTF"
    assert cervical.title == "Cervical Cancer: Screening -- Women aged 21 to 30 years"
    assert cervical.drugs == ()
    assert [(s.name, s.code) for s in cervical.sections] == [
        ("Recommendation", "recommendation"), ("Frequency", "frequency"), ("Risk assessment", "risk_assessment"),
        ("Service options", "service_options"),
    ]
    # <br> runs become one paragraph break; no tags, entities or blank paragraphs left
    assert cervical.sections[0].text == (
        "The USPSTF recommends screening for cervical cancer every 3 years with cervical cytology alone in women"
        " aged 21 to 29 years.\nSee the Clinical Considerations section for the relative benefits and harms of"
        " alternative screening strategies."
    )
    assert cervical.sections[1].text == "screening for cervical cancer every 3 years with cervical cytology alone"
    # citation links and the script are gone
    assert cervical.sections[2].text == (
        "All women aged 21 to 65 years are at risk for cervical cancer. Women with these risk factors should"
        " receive individualized follow-up."
    )
    assert cervical.sections[3].text == "cervical cytology: every 36 months"
    assert cervical.url == (
        "https://www.uspreventiveservicestaskforce.org/Page/Document/RecommendationStatementFinal/"
        "cervical-cancer-screening2"
    )
    # year from the topic's general record (topicYear)
    assert cervical.date == "2018"
    assert cervical.meta["grade"] == "A"
    assert cervical.meta["population"] == "women, ages 21-30"
    assert cervical.meta["topic"] == "Cervical Cancer: Screening"
    assert cervical.meta["age_range"] == [21, 30]

    testicular = docs["guideline:uspstf/203"]
    assert testicular.meta["grade"] == "D"
    assert testicular.meta["population"] == "males, ages 15 and older"
    assert testicular.date is None and testicular.meta["year"] is None  # no date field: no invented year
    assert testicular.url == uspstf.HOME_URL
    assert [s.name for s in testicular.sections] == ["Recommendation"]

    bladder = docs["guideline:uspstf/65"]
    assert bladder.meta["grade"] == "I"
    assert bladder.meta["population"] == "ages 18 and older"
    assert bladder.date is None  # "April 2019" in the text is a literature scan, not the publication

    general = docs["guideline:uspstf/general-389"]
    assert general.url == "https://www.uspreventiveservicestaskforce.org/uspstf/recommendation/cervical-cancer-screening"
    assert general.date == "2018"

    [skip] = [i for i in items if isinstance(i, SkippedRecord)]
    assert skip.position == "specificRecommendations[3]"
    assert "without id" in skip.reason and str(path) in skip.reason


def test_population() -> None:
    assert uspstf.population("female", [21, 65], "Age") == "women, ages 21-65"
    assert uspstf.population("female", [11, 49], "Pregnant") == "females, ages 11-49, pregnant"
    assert uspstf.population("men and women", [0, 100], "None") is None


def test_truncated(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=re.escape("truncated.json: malformed USPSTF JSON")):
        _items(fixtures / "uspstf" / "truncated.json")


def test_wrong_shape() -> None:
    with pytest.raises(ParseError, match=re.escape("u.json: specificRecommendations is str")):
        list(uspstf.read(b'{"specificRecommendations": "nope"}', "u.json"))


def test_sniff_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "fhir" / "plandefinition.json",
        fixtures / "fhir" / "bundle.json",
        fixtures / "guideline_jsonl" / "guidelines.jsonl",
        fixtures / "ig_page" / "recommendation-03.xml",
    ]:
        assert not uspstf.sniff(path.read_bytes()[:65536], path.name), path
    data = (fixtures / "uspstf" / "recommendations.json").read_bytes()
    assert not fhir.sniff(data, "r.json") and not guideline_jsonl.sniff(data, "r.json")


def test_real_records() -> None:
    path = shared_data() / "guidelines" / "uspstf_api_json" / "working-guidlines.json"
    if not path.is_file():
        pytest.skip(f"real data not found at {path}")
    data = path.read_bytes()
    assert uspstf.sniff(data[:65536], path.name)
    items = list(uspstf.read(data, str(path)))
    assert all(isinstance(i, Document) for i in items)
    assert len(items) == 137
    assert len({d.id for d in items}) == 137
    assert Counter(d.meta["grade"] for d in items) == {"A": 15, "B": 37, "C": 9, "D": 22, "I": 54}
    assert len({d.meta["topic_id"] for d in items}) == 85
    for doc in items:
        assert doc.source == "USPSTF" and doc.date is None
        assert doc.sections[0].code == "recommendation"
        # "<130/85 mm Hg" is text; so is the source's own broken "< i>BRCA1/2" (record 507)
        assert not any(re.search(r"<[A-Za-z/!]", s.text) for s in doc.sections)
        assert all("&nbsp;" not in s.text for s in doc.sections)
    byid = {d.id: d for d in items}
    assert byid["guideline:uspstf/426"].meta["population"] == "women, ages 21-30"
    assert "guideline:uspstf/10426" in byid  # the hand-made duplicate keeps its own id
    assert sum(d.url != uspstf.HOME_URL for d in items) == 18
