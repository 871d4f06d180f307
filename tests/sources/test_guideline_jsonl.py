"""Guideline JSONL (Meditron open_guidelines shape) reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document, SkippedRecord
from medbrief.sources import fhir, guideline_jsonl, uspstf


def _items(path: Path) -> list:
    return list(guideline_jsonl.read(path.read_bytes(), str(path)))


def test_records(fixtures: Path) -> None:
    path = fixtures / "guideline_jsonl" / "guidelines.jsonl"
    assert guideline_jsonl.sniff(path.read_bytes()[:65536], path.name)
    items = _items(path)
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.id for d in docs] == [
        "guideline:nice/7a73f9287841533eeb11c025026322a23d519f2c", "guideline:who/who-2019-pain-01",
    ]
    nice, who = docs
    assert nice.tier == "guideline"
    assert nice.source == "NICE"
    assert nice.title == "Low back pain and sciatica in over 16s: assessment and management"
    assert nice.date is None and nice.meta == {"body": "NICE", "year": None}
    assert nice.drugs == ()
    assert [(s.name, s.code) for s in nice.sections] == [
        ("Low back pain and sciatica in over 16s", "Low back pain and sciatica in over 16s"),
        ("Non-invasive treatments", "Non-invasive treatments"),
        ("Invasive treatments", "Invasive treatments"),
    ]
    assert nice.sections[1].text.splitlines() == [
        "Consider a group exercise programme (biomechanical, aerobic, mind-body or a combination of approaches)"
        " within the NHS for people with a specific episode or flare-up of low back pain.",
        "Do not offer paracetamol alone for managing low back pain.",
        "- Consider oral non-steroidal anti-inflammatory drugs (NSAIDs) for managing low back pain.",
        "- Do not offer opioids for managing chronic sciatica.",
    ]
    assert who.source == "WHO"
    assert who.url == "https://www.who.int/publications/i/item/9789241550390"
    assert who.date == "2019" and who.meta["year"] == 2019
    assert [(s.name, s.code) for s in who.sections] == [("Overview", "overview"), ("Text", None)]
    skips = [i for i in items if isinstance(i, SkippedRecord)]
    assert [s.position for s in skips] == ["line 3", "line 4", "line 5"]
    assert "not an object" in skips[0].reason
    assert "without source" in skips[1].reason
    assert "malformed JSON on line 5" in skips[2].reason and str(path) in skips[2].reason


def test_all_lines_broken(fixtures: Path) -> None:
    with pytest.raises(ParseError, match=re.escape("broken.jsonl: no readable guideline record")):
        _items(fixtures / "guideline_jsonl" / "broken.jsonl")


def test_sniff() -> None:
    long_record = json.dumps({"id": "x", "source": "cdc", "title": "t", "clean_text": "word " * 20000})
    assert guideline_jsonl.sniff(long_record.encode()[:65536], "g.jsonl")  # first line longer than the window
    assert guideline_jsonl.sniff(b'{"source": "who", "title": "t", "text": "x"}\n', "g.jsonl")
    # BEIR corpus lines carry _id
    assert not guideline_jsonl.sniff(b'{"_id": "1", "title": "t", "text": "x", "source": "s"}\n', "corpus.jsonl")
    assert not guideline_jsonl.sniff(b'{"id": "1", "title": "t", "text": "x"}\n', "c.jsonl")


def test_sniff_other_formats(fixtures: Path) -> None:
    for path in [
        fixtures / "fhir" / "plandefinition.json",
        fixtures / "uspstf" / "recommendations.json",
        fixtures / "freetext" / "back-pain-guideline.md",
    ]:
        assert not guideline_jsonl.sniff(path.read_bytes()[:65536], path.name), path
    data = (fixtures / "guideline_jsonl" / "guidelines.jsonl").read_bytes()
    assert not fhir.sniff(data, "g.jsonl") and not uspstf.sniff(data, "g.jsonl")


def test_body_names() -> None:
    assert guideline_jsonl.body_name("nice") == "NICE"
    assert guideline_jsonl.body_name("wikidoc") == "WikiDoc"
    assert guideline_jsonl.body_name("Canadian Medical Association") == "Canadian Medical Association"
