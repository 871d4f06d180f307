"""The research tier: sentences from PubMed abstracts, grouped by facet, merged when they agree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..retrieve.corpus import Corpus, RankedPassage
from ..retrieve.facets import ALL_FACETS, RESEARCH_OVERVIEW, Facet
from ..retrieve.question import Question
from .drafts import Draft, DraftBlock, Evidence, TierDraft
from .sentences import content_words, sentences, similarity

# Study strength from PubMed publication types (DESIGN.md): higher is stronger.
STUDY_STRENGTH = {
    "Meta-Analysis": 7, "Systematic Review": 6, "Randomized Controlled Trial": 5, "Clinical Trial": 4,
    "Review": 3, "Observational Study": 2, "Comparative Study": 2, "Multicenter Study": 2,
    "Case Reports": 0, "Letter": 0, "Comment": 0, "Editorial": 0,
}
_SECTION_WEIGHT = {"CONCLUSIONS": 1.0, "CONCLUSION": 1.0, "RESULTS": 0.5, "METHODS": -3.0, "OBJECTIVE": -0.5,
                   "BACKGROUND": 0.0, "DESIGN": -2.0, "SETTING": -2.0}
_PER_FACET = 3
_MERGE_AT = 0.75  # overlap at which two sentences say the same thing: merged, citing both
_DISTINCT_BELOW = 0.55  # below this overlap a sentence adds a new fact
_CANDIDATE_PASSAGES = 60
_METHODS_WORDS = re.compile(r"\b(we (studied|enrolled|assessed|investigated|reviewed|evaluated)|were randomi[sz]ed|"
                            r"this study|the aim|the purpose|to determine|to evaluate|to assess|to investigate)\b", re.I)


@dataclass
class _Candidate:
    draft: Draft
    facet: str
    strength: int


def study_strength(meta: dict[str, object]) -> int:
    """Strength of the strongest publication type of a record (1 when unknown)."""
    types = meta.get("publication_types") or []
    st = meta.get("study_type")
    names = [*(types if isinstance(types, list) else []), *([st] if isinstance(st, str) else [])]
    best = [v for t in names for k, v in STUDY_STRENGTH.items() if isinstance(t, str) and t.startswith(k)]
    return max(best) if best else 1


def _is_retracted(meta: dict[str, object]) -> bool:
    types = meta.get("publication_types") or []
    return bool(meta.get("retracted")) or (isinstance(types, list) and "Retracted Publication" in types)


def drug_pattern(corpus: Corpus, q: Question) -> re.Pattern[str] | None:
    if not q.drugs:
        return None
    names = {n for d in q.drug_names for n in [d, *corpus.names_of(d)] if len(n) >= 4}
    alts = "|".join(sorted((re.escape(n).replace(r"\ ", r"[\s\-]+") for n in names), key=len, reverse=True))
    return re.compile(rf"\b({alts})s?\b", re.I)


def _queries(q: Question, facets: tuple[str, ...]) -> list[tuple[str, str | None]]:
    drug = " ".join(q.drug_names)
    out: list[tuple[str, str | None]] = [(q.text, None)]
    for key in facets:
        out.append((f"{drug} {' '.join(q.terms)} {ALL_FACETS[key].query_terms}".strip(), key))
    return out


def _candidates(
    q: Question, corpus: Corpus, facets: tuple[str, ...], drug_rx: re.Pattern[str] | None
) -> list[_Candidate]:
    seen: dict[str, RankedPassage] = {}
    for query, _ in _queries(q, facets):
        for rp in corpus.search(query, "research", k=_CANDIDATE_PASSAGES):
            prev = seen.get(rp.passage.id)
            if prev is None or rp.rank < prev.rank:
                seen[rp.passage.id] = rp
    q_words = content_words(" ".join(q.terms))
    out: list[_Candidate] = []
    for rp in sorted(seen.values(), key=lambda r: (r.rank, r.passage.id)):
        meta = rp.doc.meta
        if _is_retracted(meta):
            continue
        weight = _SECTION_WEIGHT.get((rp.passage.section_code or "").upper(), 0.0)
        strength = study_strength(meta)
        for s in sentences(rp.passage.text, min_chars=40):
            if drug_rx is not None and not drug_rx.search(s.text):
                continue
            if len(s.text) > 450 or _METHODS_WORDS.search(s.text):
                continue
            facet, cues = _best_facet(s.text, facets)
            if facet is None:
                continue
            words = content_words(s.text)
            score = (
                1.2 * min(cues, 3)
                + 0.6 * len(words & q_words)
                + weight
                + 2.0 / (1.0 + rp.rank / 5.0)
                + 0.15 * strength
            )
            ev = Evidence(rp.doc.id, rp.passage.id, s.start, s.end, s.text)
            out.append(_Candidate(Draft(s.text, [ev], facet=facet, score=score, words=words), facet, strength))
    return out


def _best_facet(text: str, facets: tuple[str, ...]) -> tuple[str | None, int]:
    best, best_n = None, 0
    for key in facets:
        n = len(ALL_FACETS[key].cue.findall(text))
        if n > best_n:
            best, best_n = key, n
    return best, best_n


def _order_key(c: _Candidate) -> tuple[float, int, str]:
    # relevance in half-point bands, then study strength: stronger designs lead when relevance is close
    return (-round(c.draft.score * 2) / 2, -c.strength, c.draft.evidence[0].passage_id)


def compose_research_tier(q: Question, corpus: Corpus) -> TierDraft:
    """Research statements grouped by facet; near-duplicates merged; retracted records never cited."""
    tier = TierDraft("research")
    facets: tuple[str, ...] = RESEARCH_OVERVIEW if q.overview else (q.facets or RESEARCH_OVERVIEW)
    drug_rx = drug_pattern(corpus, q)
    cands = sorted(_candidates(q, corpus, facets, drug_rx), key=_order_key)
    chosen: dict[str, list[Draft]] = {k: [] for k in facets}
    all_chosen: list[Draft] = []
    for c in cands:
        twin = next((d for d in all_chosen if similarity(c.draft.words, d.words) >= _MERGE_AT), None)
        if twin is not None:
            docs = {e.doc_id for e in twin.evidence}
            if c.draft.evidence[0].doc_id not in docs and len(twin.evidence) < 4:
                twin.evidence.append(c.draft.evidence[0])  # same fact, another paper: cite it too
            continue
        if len(chosen[c.facet]) >= _PER_FACET:
            continue
        if any(similarity(c.draft.words, d.words) >= _DISTINCT_BELOW for d in all_chosen):
            continue
        chosen[c.facet].append(c.draft)
        all_chosen.append(c.draft)
    for key in facets:
        if chosen[key]:
            tier.blocks.append(DraftBlock(_heading(ALL_FACETS[key], q), chosen[key]))
    if not tier.blocks:
        subject = ", ".join(q.drug_names) or "this question"
        tier.notes.append(f"No research abstract in the corpus addresses {subject}.")
    return tier


def _heading(facet: Facet, q: Question) -> str:
    if facet.key == "indications" and q.overview and q.drugs:
        return f"Use of {q.drug_names[0].capitalize()}"
    return facet.heading
