"""Compose: a parsed question and the corpus -> a Brief (three tiers, numbered references, notes)."""

from __future__ import annotations

import re
from typing import Any

from ..brief import Block, Brief, BriefSection, CorpusInfo, Reference, Statement, Support
from ..retrieve.corpus import Corpus
from ..retrieve.question import Question
from ..store import StoredDocument
from . import conflicts
from .drafts import TierDraft
from .grounding import ground
from .guideline_tier import compose_guideline_tier
from .key_facts import applies_to_all
from .label_tier import compose_label_tier
from .research_tier import compose_research_tier, drug_pattern

TIER_TITLES = {"guideline": "From the Guidelines", "label": "From the FDA Drug Label", "research": "From the Research"}


def compose_brief(q: Question, corpus: Corpus) -> Brief:
    """Compose the three tiers, check grounding, number references in order of first use."""
    drug_rx = drug_pattern(corpus, q)
    tiers = [
        compose_guideline_tier(q, corpus, drug_rx),
        compose_label_tier(q, corpus),
        compose_research_tier(q, corpus, drug_rx),
    ]
    dropped = ground(tiers, corpus.passage)
    brief = assemble(q, tiers, corpus, dropped)
    brief.notes.extend(cross_tier_notes(brief, tiers[1]))
    return brief


def _amount(value: object, unit: str | None) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} {unit}" if unit else str(value)


def cross_tier_notes(brief: Brief, label_tier: TierDraft) -> list[str]:
    """Notes on labels of a drug that disagree on a fact the Key facts show (issue 15 point 6: "The metformin labels
    disagree on the maximum dose: 2000 mg [1]; 2550 mg [3].") and on guideline and research statements that go
    beyond the label the Key facts cite (point 7): a dose above its stated maximum, a use in a condition it
    contraindicates; each with both citation numbers.
    Nothing for a drug whose label the brief does not cite."""
    refs = {r.doc_id: r.n for r in brief.references}
    stmts = [conflicts.Statement(sec.tier, st.text, tuple(st.citations)) for sec in brief.sections
             if sec.tier != "label" for b in sec.blocks for st in b.statements]
    out: list[str] = []
    for drug, kf in label_tier.key_facts.items():
        n = refs.get(kf.label.doc.id)
        if n is None or not stmts:
            continue
        words = [drug, *(b for b in kf.label.doc.meta.get("brand_names") or [] if isinstance(b, str))]
        names = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words), re.I)
        for what, values in kf.disagreements:
            said = [f"{_amount(v, u)} [{refs[d]}]" for v, u, d in values if d in refs]
            if len(said) >= 2:
                out.append(f"The {drug} labels disagree on the {what}: " + "; ".join(said) + ".")
        # the maximum the Key facts show, and only one stated for every patient: a subgroup's or a child's ceiling
        # (hemodialysis 7.5 mg of meloxicam, a pediatric 20 mg) or a first-dose limit is none for a study's patients
        if kf.maximum is not None and applies_to_all(kf.maximum):
            out.extend(conflicts.above_maximum(kf.maximum, n, stmts, names))
        out.extend(conflicts.in_contraindication(conflicts.contraindicated_conditions(kf.facts), n, stmts, names))
    return out


def _reference(n: int, doc: StoredDocument, extra: dict[str, Any]) -> Reference:
    meta = doc.meta
    year = meta.get("year")
    grade = meta.get("grade") or meta.get("category")
    return Reference(
        n=n, doc_id=doc.id, tier=doc.tier, title=doc.title, source=doc.source, url=doc.url, date=doc.date,
        study_type=meta.get("study_type") if doc.tier != "label" else None,
        version=doc.version if doc.tier == "label" else None,
        manufacturer=meta.get("manufacturer") if doc.tier == "label" else None,
        labels_agreeing=extra.get("labels_agreeing"),
        body=meta.get("body") if doc.tier == "guideline" else None,
        year=year if isinstance(year, int) else None,
        grade=str(grade) if grade and doc.tier == "guideline" else None,
    )


def assemble(q: Question, tiers: list[TierDraft], corpus: Corpus, dropped: int = 0) -> Brief:
    """Number references across the brief in order of first use and build the Brief record."""
    numbers: dict[str, int] = {}
    sections: list[BriefSection] = []
    notes: list[str] = []
    extras: dict[str, dict[str, Any]] = {}
    for tier in tiers:
        extras.update(tier.ref_extra)
        blocks: list[Block] = []
        for b in tier.blocks:
            stmts: list[Statement] = []
            for d in b.statements:
                support, cites = [], []
                for ev in d.evidence:
                    n = numbers.setdefault(ev.doc_id, len(numbers) + 1)
                    if n not in cites:
                        cites.append(n)
                    support.append(Support(ref=n, passage_id=ev.passage_id, start=ev.start, end=ev.end, quote=ev.quote))
                stmts.append(Statement(text=d.text, citations=cites, support=support, facet=d.facet, grade=d.grade,
                                       evidence=d.level))
            blocks.append(Block(heading=b.heading, statements=stmts))
        sections.append(BriefSection(tier=tier.tier, title=TIER_TITLES[tier.tier], blocks=blocks))
        notes.extend(tier.notes)
    if dropped:
        notes.append(f"{dropped} statement(s) failed the grounding check (support did not match) and were dropped.")
    docs = corpus.store.db.documents(numbers)
    refs = [_reference(n, docs[d], extras.get(d, {})) for d, n in sorted(numbers.items(), key=lambda t: t[1])
            if d in docs]
    n_docs, n_passages, built = corpus.totals()
    return Brief(
        question=q.text, drugs=q.drug_names, facets=list(q.facets),
        sections=sections, references=refs, notes=notes,
        corpus=CorpusInfo(documents=n_docs, passages=n_passages, built=built),
    )
