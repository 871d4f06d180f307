"""Every 'the label has nothing on X' note is true: for every drug with a label in the shared data and every facet,
the label tier either states the facet or its note is checked against the label text itself.

A note is false when some label of the drug has, in one of the sections that answer the facet, a sentence that can
be quoted on its own and that is on the facet: any sentence of the facet's own section (Lactation, Overdosage ...),
or one that states the facet's specific fact ("contraindicated", "half-life", a maximum in mg).
"""

from __future__ import annotations

import re

import pytest

from medbrief.compose import standalone
from medbrief.compose.drug_facts import DIRECTIONS_CODES, is_drug_facts
from medbrief.compose.label_reading import DEDICATED, MAX_SENTENCE_CHARS, SPECIFIC, statements
from medbrief.compose.label_tier import compose_label_tier
from medbrief.retrieve.corpus import Corpus, LabelDoc
from medbrief.retrieve.drugs import DrugMatch
from medbrief.retrieve.facets import FACETS, Facet
from medbrief.retrieve.question import Question
from medbrief.store import Store

pytestmark = pytest.mark.data

_ABSENT = re.compile(r"has no section on (?P<a>[^,]+), so|has nothing on (?P<b>.+) in its")


def _question(drug: str) -> Question:
    keys = tuple(f.key for f in FACETS)
    return Question(f"{drug} label", (DrugMatch(drug, drug, "generic", True),), keys, False, (), (), None)


def _states(facet: Facet, labels: list[LabelDoc]) -> str | None:
    """A quotable sentence of the drug's labels that is on the facet, or None."""
    specific = SPECIFIC.get(facet.key)
    for label in labels:
        drug_facts = is_drug_facts(label.passages)
        for p in label.passages:
            if p.section_code not in facet.label_codes:
                continue
            own = p.section_code in DEDICATED.get(facet.key, ())
            for s in statements(p.text, drug_facts and p.section_code in DIRECTIONS_CODES):
                if len(s.text) > MAX_SENTENCE_CHARS or standalone.problem(s.text, items=drug_facts):
                    continue
                text = standalone.without_cross_references(s.text)
                if own or (specific and specific.search(text) and facet.cue.search(text)):
                    return s.text
    return None


def test_no_false_nothing_on_note(real_store: Store) -> None:
    corpus = Corpus(real_store)
    drugs = [r[0] for r in real_store.db.conn.execute(
        "SELECT DISTINCT d.drug FROM document_drugs d JOIN documents x ON x.id = d.doc_id WHERE x.tier = 'label' "
        "ORDER BY d.drug")]
    assert len(drugs) > 500
    by_topic = {f.heading.lower(): f for f in FACETS}
    false_notes = []
    checked = 0
    for drug in drugs:
        tier = compose_label_tier(_question(drug), corpus)
        labels = corpus.labels_for(drug)
        for note in tier.notes:
            m = _ABSENT.search(note)
            if not m:
                continue
            facet = by_topic[m.group("a") or m.group("b")]
            checked += 1
            found = _states(facet, labels)
            if found:
                false_notes.append((drug, facet.key, found[:120]))
    assert checked > 1000  # the test saw real "nothing on" notes
    assert not false_notes, false_notes[:20]
