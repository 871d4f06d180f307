"""The dense side of the question-focused label reading (issue 12 point 2): where the store has passage vectors, a
passage closer to the question than the label's others lifts its sentences; without vectors nothing changes."""

from __future__ import annotations

from medbrief.compose.label_reading import DENSE_CAP, DENSE_WEIGHT, Focus, read_label
from medbrief.records import Passage
from medbrief.retrieve.corpus import LabelDoc
from medbrief.retrieve.facets import FACETS
from medbrief.retrieve.question import Question
from medbrief.store.records_db import StoredDocument

SIDE_EFFECTS = next(f for f in FACETS if f.key == "side_effects")
CODE = SIDE_EFFECTS.label_codes[0]


def _label() -> LabelDoc:
    doc = StoredDocument("label:x", "label", "X tablets", "openFDA", None, None, "1", ("exampline",), {}, "x.json")
    texts = [
        "Headache was an adverse reaction in trials of adults.",
        "Dizziness occurred as an adverse reaction during titration.",
        "Nausea and vomiting were adverse reactions seen early.",
        "Rash was an uncommon adverse reaction after months.",
    ]
    return LabelDoc(doc, tuple(Passage(f"label:x#{i}", "label:x", "Adverse Reactions", CODE, t, i)
                               for i, t in enumerate(texts)))


def _question() -> Question:
    return Question("does exampline make you feel sick to your stomach", (), ("side_effects",), False, (), (), None)


def test_the_passage_closest_to_the_question_leads() -> None:
    label, q = _label(), _question()
    plain = read_label(SIDE_EFFECTS, label, q, 4).drafts
    assert "Nausea" not in plain[0].text  # no word of the question's paraphrase is in the label
    sims = {"label:x#0": 0.20, "label:x#1": 0.22, "label:x#2": 0.61, "label:x#3": 0.25}  # "sick to your stomach"
    focus = Focus(similarity=lambda pids: {p: sims[p] for p in pids})
    dense = read_label(SIDE_EFFECTS, label, q, 4, focus).drafts
    assert "Nausea" in dense[0].text
    lift = dense[0].score - next(d.score for d in plain if "Nausea" in d.text)
    assert 0 < lift <= DENSE_WEIGHT * DENSE_CAP  # capped: never more than stating the asked fact


def test_no_vectors_no_change() -> None:
    label, q = _label(), _question()
    plain = [d.text for d in read_label(SIDE_EFFECTS, label, q, 4).drafts]
    empty = Focus(similarity=lambda pids: {})
    assert [d.text for d in read_label(SIDE_EFFECTS, label, q, 4, empty).drafts] == plain
