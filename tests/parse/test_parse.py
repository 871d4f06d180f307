"""Passages are verbatim slices of section text, within the size limit, in reading order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbrief.parse import passages, split_text
from medbrief.records import Section
from tests.conftest import make_doc


def test_short_section_is_one_passage() -> None:
    doc = make_doc(sections=(Section("Indications", "Used for spasticity.", "34067-9"),))
    ps = passages(doc)
    assert [(p.id, p.section_code, p.text, p.order) for p in ps] == [("pmid:1#0", "34067-9", "Used for spasticity.", 0)]


def test_long_text_splits_at_paragraphs_then_sentences() -> None:
    para = " ".join(f"Sentence {i} says something about baclofen dosing." for i in range(60))
    text = "First paragraph.\n" + para
    chunks = split_text(text, limit=500)
    assert all(len(c) <= 500 for c in chunks)
    assert chunks[0].startswith("First paragraph.")
    assert all(c in text for c in chunks)  # verbatim
    assert all(c.rstrip().endswith(".") for c in chunks)


def test_empty_sections_give_no_passages() -> None:
    doc = make_doc(sections=(Section("Empty", "   ", None), Section("Text", "Real text here.", None)))
    assert [p.order for p in passages(doc)] == [0]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=4000))
def test_split_text_chunks_are_verbatim_and_bounded(text: str) -> None:
    for chunk in split_text(text, limit=300):
        assert chunk and chunk in text


def test_sections_up_to_the_whole_limit_stay_one_passage() -> None:
    sentence = "Baclofen reduced spasticity in the treated group compared with placebo. "
    abstract = (sentence * 30).strip()  # ~2,100 characters: one abstract, one passage
    long = (sentence * 60).strip()  # ~4,300 characters: cut into passages of at most 1,500
    doc = make_doc(sections=(Section("Abstract", abstract, None), Section("Adverse reactions", long, "34084-4")))
    ps = passages(doc)
    assert ps[0].text == abstract
    rest = [p for p in ps if p.section == "Adverse reactions"]
    assert len(rest) == 3 and all(len(p.text) <= 1500 for p in rest)
    assert " ".join(p.text for p in rest) == long
    assert split_text(abstract, limit=1500) != [abstract]  # without `whole`, the limit alone decides


def test_long_paragraphs_are_cut_only_at_real_sentence_ends() -> None:
    # the cut points are medbrief.sentences' boundaries: never after "(Fig." or "mg. and" inside a sentence
    para = " ".join(
        f"Bleeding fell in group {i} (Fig. {i}A) and the mean dose was {i} mg. and rose later." for i in range(40)
    )
    chunks = split_text(para, limit=400)
    assert len(chunks) > 3 and all(len(c) <= 400 for c in chunks)
    assert all(c.startswith("Bleeding fell") and c.endswith("rose later.") for c in chunks)
