"""Sentence spans: exact slices, headings trimmed, abbreviations respected."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbrief.compose.sentences import content_words, sentences, similarity

LABEL = (
    "INDICATIONS AND USAGE Tizanidine is a central alpha-2-adrenergic agonist indicated for the management of "
    "spasticity.\n2.1 Dosing Information Tizanidine tablets may be prescribed with or without food. The total daily "
    "dose should not exceed 36 mg.\nWARNINGS AND PRECAUTIONS 5.1 Hypotension Tizanidine can cause hypotension, e.g. "
    "when standing up."
)


def test_spans_are_exact_and_headings_trimmed() -> None:
    got = sentences(LABEL)
    assert [s.text for s in got] == [
        "Tizanidine is a central alpha-2-adrenergic agonist indicated for the management of spasticity.",
        "Tizanidine tablets may be prescribed with or without food.",
        "The total daily dose should not exceed 36 mg.",
        "Tizanidine can cause hypotension, e.g. when standing up.",
    ]
    for s in got:
        assert LABEL[s.start : s.end] == s.text


def test_near_duplicates_score_high_and_distinct_facts_low() -> None:
    a = content_words("Baclofen is effective in reducing spasticity in multiple sclerosis.")
    b = content_words("In multiple sclerosis, baclofen is effective in reducing spasticity.")
    c = content_words("Somnolence and dizziness were the most common adverse events.")
    assert similarity(a, b) == 1.0
    assert similarity(a, c) < 0.2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_valid_spans(text: str) -> None:
    for s in sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text


def test_abstract_sections_joined_by_semicolons_split_into_sentences() -> None:
    # MEDLINE CSV exports join an abstract's sections with "; " after the full stop
    text = ("Baclofen overdose has not received mention.; A 42-year-old man took 800 mg of baclofen.; "
            "He recovered within three days.")
    got = [s.text for s in sentences(text)]
    assert got == ["Baclofen overdose has not received mention.", "A 42-year-old man took 800 mg of baclofen.",
                   "He recovered within three days."]
    assert all(text[s.start:s.end] == s.text for s in sentences(text))
    # a semicolon inside a sentence still is not a boundary
    assert len(sentences("Doses were 5 mg; 10 mg; and 20 mg daily.")) == 1
