"""Free-text guideline reader (--as guideline): Markdown, HTML and plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medbrief.errors import ParseError
from medbrief.records import Document
from medbrief.sources import freetext


def _doc(path: Path, **kw: object) -> Document:
    [doc] = list(freetext.read_guideline(path.read_bytes(), str(path), body="Example Society", year=2021, **kw))
    assert isinstance(doc, Document)
    return doc


def test_markdown(fixtures: Path) -> None:
    doc = _doc(fixtures / "freetext" / "back-pain-guideline.md")
    assert doc.id == "guideline:example-society/back-pain-guideline"
    assert doc.tier == "guideline"
    assert doc.source == "Example Society"
    assert doc.title == "Acute Low Back Pain: Practice Recommendations"
    assert doc.date == "2021"
    assert doc.meta == {"body": "Example Society", "year": 2021, "format": "markdown"}
    assert [s.name for s in doc.sections] == [
        "Acute Low Back Pain: Practice Recommendations", "Non-drug treatment", "Drug treatment", "Opioids",
    ]
    assert doc.sections[0].text == (
        "These recommendations summarise first-line care for adults with acute low back pain."
        " They are an example written for tests."
    )
    assert doc.sections[1].text.splitlines()[1] == (
        "- Offer superficial heat, massage or spinal manipulation (see the review)."
    )
    # emphasis removed, wrapped lines joined, a '#' line inside a code fence is not a heading
    assert doc.sections[2].text == (
        "Consider NSAIDs at the lowest effective dose for the shortest time; check renal function first.\n"
        "# not a heading: inside a code block"
    )


def test_html_drops_scripts(fixtures: Path) -> None:
    doc = _doc(fixtures / "freetext" / "asthma-page.html")
    assert doc.id == "guideline:example-society/asthma-page"
    assert doc.title == "Asthma Care Guideline"
    assert doc.meta["format"] == "html"
    assert [s.name for s in doc.sections] == ["Asthma Care Guideline", "Reliever therapy", "Doses"]
    text = "\n".join(s.text for s in doc.sections)
    for gone in ("must not appear", "also not text", "font-family", "Home", "Copyright", "comment"):
        assert gone not in text
    assert doc.sections[1].text == (
        "Offer a short-acting beta2 agonist as reliever therapy for adults with newly diagnosed asthma.\n"
        "Check inhaler technique.\nReview adherence."
    )
    assert doc.sections[2].text == "Drug | Dose\nSalbutamol | 100 micrograms"


def test_plain_text(fixtures: Path) -> None:
    doc = _doc(fixtures / "freetext" / "falls-advice.txt", title="Falls Prevention Advice")
    assert doc.id == "guideline:example-society/falls-prevention-advice"
    assert doc.title == "Falls Prevention Advice"
    assert [(s.name, s.code) for s in doc.sections] == [("Text", "Text")]
    assert doc.sections[0].text.splitlines() == [
        "Falls prevention advice for older adults (example text for tests).",
        "Offer a multifactorial falls risk assessment to older people who present for medical attention because"
        " of a fall.",
        "Strength and balance training is recommended for older people living in the community.",
    ]


def test_plain_text_title_from_stem(fixtures: Path) -> None:
    path = fixtures / "freetext" / "falls-advice.txt"
    [doc] = freetext.read_guideline(path.read_bytes(), f"bundle.zip!docs/{path.name}", body="NICE", year=None)
    assert doc.id == "guideline:nice/falls-advice"
    assert doc.title == "falls-advice"
    assert doc.date is None


def test_empty_file_is_an_error() -> None:
    with pytest.raises(ParseError, match=re.escape("empty.md: no readable text")):
        list(freetext.read_guideline(b"  \n\n", "empty.md", body="X", year=None))


def test_looks_like_free_text(fixtures: Path) -> None:
    for path in sorted((fixtures / "freetext").iterdir()):
        assert freetext.looks_like_free_text(path.read_bytes()[:65536], path.name), path
    assert freetext.looks_like_free_text(b"# Sources\nreal data", "SOURCES.md")
    assert freetext.looks_like_free_text(b"Some text", "README")
    assert not freetext.looks_like_free_text(b"\x89PNG\r\n\x1a\n\x00\x00", "image.png")
    assert not freetext.looks_like_free_text(b'{"a": 1}', "data.json")


def test_html_to_text() -> None:
    html = 'Risk.<a href="https://x.org/p#citation3">3</a>A family<sup>,&nbsp;</sup> history; BMI kg/m<sup>2</sup>'
    assert freetext.html_to_text(html) == "Risk.A family history; BMI kg/m2"
    assert freetext.html_to_text("") == ""


def test_html_control_characters_are_not_text() -> None:
    # lxml keeps C0 controls in a parsed tree but refuses them when the tree is edited (found by the fuzz test):
    # dropping the page chrome must not fail, and the controls never reach the stored text.
    page = b"<html><body><h1>Gout</h1><p>Offer colchicine\x0b first.</p><nav>Home</nav>\x01tail</body></html>"
    [doc] = list(freetext.read_guideline(page, "gout.html", body="Example Society", year=2021))
    assert isinstance(doc, Document)
    text = "\n".join(s.text for s in doc.sections)
    assert "Offer colchicine first." in text and "Home" not in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert freetext.html_to_text("<p>a\x0bb</p><script>x</script>\x01c") == "a b\nc"
