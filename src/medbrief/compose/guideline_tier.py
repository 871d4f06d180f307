"""The guideline tier: recommendations that bear on the question, with body, year and grade."""

from __future__ import annotations

import re

from ..retrieve.corpus import Corpus, RankedPassage
from ..retrieve.facets import ALL_FACETS
from ..retrieve.question import Question
from . import standalone
from .drafts import Draft, DraftBlock, Evidence, TierDraft
from .label_reading import Joined, with_antecedents
from .research_tier import _PRODUCT_FACETS, is_retracted
from .sentences import content_words, sentences, similarity
from .topic import Topic, class_names, condition_topic, interaction_partners

_MAX_DOCS = 4
_PER_DOC = 2


def _body_of(rp: RankedPassage) -> str:
    return str(rp.doc.meta.get("body") or rp.doc.source)


def _relevant(rp: RankedPassage, q: Question, drug_rx: re.Pattern[str] | None, q_words: frozenset[str],
              topic: Topic) -> bool:
    """The recommendation is about the question's drug (or class) and the condition it names, or, with neither,
    shares most of its topic words."""
    text = rp.doc.title + " " + rp.passage.text
    if q.bodies and not any(b.lower() in _body_of(rp).lower() for b in q.bodies):
        return False
    if drug_rx is not None:
        return bool(drug_rx.search(text)) and (not topic or topic.met_by(text))
    if topic:
        return topic.met_by(text)
    words = content_words(text)
    topic = content_words(" ".join(q.topic))
    if not topic:
        return bool(q.bodies) or len(q_words & words) >= max(1, len(q_words) // 2)
    hit = len(topic & words)
    return hit >= 1 and hit / len(topic) >= 0.5


def compose_guideline_tier(q: Question, corpus: Corpus, drug_rx: re.Pattern[str] | None) -> TierDraft:
    """Guideline statements: the best sentences of the most relevant recommendations."""
    tier = TierDraft("guideline")
    if q.facets and all(k in _PRODUCT_FACETS for k in q.facets):
        # how a product is stored, looks or is made: guidelines do not say; a recommendation that merely names the
        # drug ("use particular caution with transdermal fentanyl") is off the question's topic (fix12c)
        named = ", ".join(ALL_FACETS[k].heading.lower() for k in q.facets)
        tier.notes.append(f"Guidelines are not a source for {named}; the label tier answers it.")
        return tier
    query = " ".join([*q.drug_names, *q.terms]) or q.text
    q_words = content_words(" ".join(q.terms))
    topic = condition_topic(q)
    # A retracted guideline (a PubMed Practice Guideline marked retracted) is never cited.
    # "Can I take X with Y": a recommendation bears on it only where it names both drugs (as the research tier's
    # findings must); aspirin-for-prevention advice does not answer "aspirin with Brilinta"
    each_drug = interaction_partners(q, corpus)
    hits = [rp for rp in corpus.search(query, "guideline", k=40)
            if not is_retracted(rp.doc.meta) and _relevant(rp, q, drug_rx, q_words, topic)]
    by_doc: dict[str, list[RankedPassage]] = {}
    for rp in hits:
        by_doc.setdefault(rp.doc.id, []).append(rp)
    all_drafts: list[Draft] = []
    for doc_id in by_doc:  # beyond _MAX_DOCS documents, only merge republications into statements already made
        rps = sorted(by_doc[doc_id], key=lambda r: (0 if (r.passage.section_code or "") == "recommendation" else 1,
                                                   r.rank))
        doc = rps[0].doc
        meta = doc.meta
        grade = meta.get("grade") or meta.get("category")
        level = meta.get("evidence_type")
        drafts: list[Draft] = []
        for rp in rps[:2]:
            scored = []
            # a sentence that leans on the one before ("This recommendation ...", "These patients ...") is quoted
            # with it, or not at all: the label tier's rule, for every tier (issue 12, fix12c)
            for i, s in enumerate(with_antecedents(rp.passage.text, sentences(rp.passage.text))):
                if standalone.problem(s.text):
                    continue  # a recommendation's title, a table row, a link fragment: not a statement
                if not isinstance(s, Joined) and standalone.leans_on_previous(s.text):
                    continue
                if not each_drug.met_by(s.text):
                    continue
                names_drug = drug_rx is not None and bool(drug_rx.search(s.text))
                hits = topic.hits(s.text) if topic else 0
                if topic and hits < topic.need:
                    continue  # the question names a condition: so does the statement
                overlap = len(content_words(s.text) & q_words) + 2 * hits
                if names_drug:
                    overlap += 2
                scored.append((-(overlap - 0.1 * i), i, s))
            for _, _, s in sorted(scored, key=lambda t: (t[0], t[1]))[:_PER_DOC]:
                d = Draft(s.text, [Evidence(doc.id, rp.passage.id, s.start, s.end, s.text)], facet="guideline",
                          grade=_label("Grade" if meta.get("grade") else "Category", grade),
                          level=_label("Evidence type", level))
                twin = next((x for x in all_drafts if _same_text(d, x)), None)
                if twin is not None:
                    # the same recommendation published again (FHIR resource, IG page, variant): cite it too
                    if doc.id not in {e.doc_id for e in twin.evidence}:
                        twin.evidence.append(d.evidence[0])
                elif len(tier.blocks) < _MAX_DOCS and all(
                    similarity(d.words, x.words) < 0.6 for x in [*drafts, *all_drafts]
                ):
                    drafts.append(d)
            if len(drafts) >= _PER_DOC:
                break
        drafts = drafts[:_PER_DOC]
        if drafts:
            all_drafts.extend(drafts)
            body = _body_of(rps[0])
            year = meta.get("year")
            prefix = f"{body}{' ' + str(year) if year else ''}"
            heading = doc.title if doc.title.startswith(prefix) else f"{prefix}: {doc.title}"
            tier.blocks.append(DraftBlock(heading, drafts))
    if not tier.blocks:
        subject = (" with " if each_drug else ", ").join(q.drug_names or class_names(q))
        if topic:
            subject = f"{subject} in {topic.phrase}" if subject else topic.phrase
        elif subject and q.facets and not q.overview:
            # no condition named: what was asked about the drug is the intent ("the boxed warning of iloperidone"),
            # never the question's leftover words (fix13m)
            subject = f"{' or '.join(ALL_FACETS[k].heading.lower() for k in q.facets if k in ALL_FACETS)} for {subject}"
        subject = subject or "this question"
        tier.notes.append(f"No guideline in the corpus addresses {subject}.")
    return tier


def _same_text(a: Draft, b: Draft) -> bool:
    """Near-identical wording (Jaccard of content words >= 0.8): one recommendation, several publications."""
    return bool(a.words and b.words) and len(a.words & b.words) / len(a.words | b.words) >= 0.8


def _label(kind: str, value: object) -> str | None:
    if value in (None, ""):
        return None
    return f"{kind} {value}"
