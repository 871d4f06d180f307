"""Markdown rendering: every reference shows the year its source gives."""

from __future__ import annotations

from medbrief.brief import Brief, CorpusInfo, Reference
from medbrief.render import to_markdown


def _refs_markdown(*refs: Reference) -> list[str]:
    brief = Brief(question="q", drugs=[], facets=[], sections=[], references=list(refs), notes=[],
                  corpus=CorpusInfo(documents=1, passages=1))
    text = to_markdown(brief)
    return text.split("## References\n\n", 1)[1].split("\n\n", 1)[0].splitlines()


def test_references_show_the_date_or_the_year() -> None:
    lines = _refs_markdown(
        Reference(n=1, doc_id="pmid:1", tier="research", title="Dated", source="PubMed", date="2004-05",
                  year=2004, study_type="Review"),
        Reference(n=2, doc_id="pmid:2", tier="research", title="Year only", source="MEDLINE export", year=1999),
        Reference(n=3, doc_id="guideline:uspstf/1", tier="guideline", title="Rec", source="USPSTF", year=2018,
                  grade="B"),
        Reference(n=4, doc_id="guideline:x/2", tier="guideline", title="Rec", source="X", date="2021-03"),
        Reference(n=5, doc_id="pmid:5", tier="research", title="Undated", source="MEDLINE export"),
    )
    assert lines[0] == "1. Dated · PubMed · 2004-05 · Review (pmid:1)"
    assert lines[1] == "2. Year only · MEDLINE export · 1999 (pmid:2)"
    assert lines[2] == "3. Rec · USPSTF · 2018 · grade/category B (guideline:uspstf/1)"
    assert lines[3] == "4. Rec · X · 2021-03 (guideline:x/2)"
    assert lines[4] == "5. Undated · MEDLINE export (pmid:5)"  # no date in the source: none invented
