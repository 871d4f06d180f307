"""The research tier: sentences from PubMed abstracts, grouped by facet, merged when they agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..records import Passage
from ..retrieve.corpus import Corpus, RankedPassage
from ..retrieve.facets import ALL_FACETS, RESEARCH_OVERVIEW, Facet
from ..retrieve.question import Question
from ..store.lexical import query_terms
from . import standalone
from .drafts import Draft, DraftBlock, Evidence, TierDraft
from .label_tier import asked_fact
from .sentences import Sentence, content_words, sentences, similarity
from .topic import ANIMAL_QUESTION, Topic, class_names, class_pattern, condition_topic, interaction_partners

# Study strength from PubMed publication types (DESIGN.md): higher is stronger.
STUDY_STRENGTH = {
    "Meta-Analysis": 7, "Systematic Review": 6, "Randomized Controlled Trial": 5, "Clinical Trial": 4,
    "Review": 3, "Observational Study": 2, "Comparative Study": 2, "Multicenter Study": 2,
    "Case Reports": 0, "Letter": 0, "Comment": 0, "Editorial": 0,
}
_SECTION_WEIGHT = {"CONCLUSIONS": 1.0, "CONCLUSION": 1.0, "RESULTS": 0.5, "METHODS": -3.0, "OBJECTIVE": -0.5,
                   "BACKGROUND": 0.0, "DESIGN": -2.0, "SETTING": -2.0}
_PER_FACET = 3
_MERGE_AT = 0.6  # Jaccard at which two sentences say the same thing: merged, citing both
_DISTINCT_BELOW = 0.55  # below this overlap a sentence adds a new fact
_CANDIDATE_PASSAGES = 60
# Sentences about the paper rather than the drug ("This article reviews...", "We report a case...").
_METHODS_WORDS = re.compile(
    r"\b(we (studied|enrolled|assessed|investigated|reviewed|evaluated|report|describe|present)|were randomi[sz]ed|"
    r"were (screened|enrolled|recruited|included)|"
    r"this (study|article|review|paper|report)|the (aim|purpose|objective)|to determine|to evaluate|to assess|"
    r"^to (review|study|summari[sz]e|identify|test|explore|characteri[sz]e|establish|analy[sz]e)|"
    r"to investigate|to report|to describe|to compare|to examine|the authors (present|describe|report)|"
    r"is presented|are presented|case of a)\b",
    re.I,
)
# How a trial was run, not what it found: allocation, dropouts, aims ("3 patients withdrew", "lost to follow-up",
# "withdrawal from the study", "was studied").
_TRIAL_CONDUCT = re.compile(
    r"\b(were (randomly )?(assigned|allocated)|randomly (assigned|allocated)|withdrew|dropped out|drop-?outs?|"
    r"lost to follow[- ]?up|(entered|enrolled in|were included in) the (study|trial)|"
    r"(withdrawn|withdrawal|withdrew|discontinued|discontinuation) (from )?(the|this) "
    r"(study|trial)|discontinued (the )?(study|trial)|completed the (study|trial)|"
    r"we (aimed|sought|hypothesi[sz]ed|examined|compared|conducted|performed)|"
    r"(was|were) (studied|investigated|examined)|the aims? (of|was|were)|aimed (to|at)|"
    r"search terms|(was|were) searched|we searched|literature search|(is|are) (included|discussed|reviewed)|"
    r"(were|was) identified|(were|was) excluded|(were|was) given to \d+|"
    r"all (patients|subjects) (were|had)|"
    r"on the (first|second|third|fourth|fifth|sixth|seventh|\d+(st|nd|rd|th)) day|"
    r"dose was (then )?(increased|decreased|reduced|titrated) (by|to)|"
    r"(was|were) then (tapered|increased|titrated|reduced|switched)|(were|was) (treated|given|"
    r"dosed) with [^.]{0,60}\bfor \d+ (days|weeks|months)|received [^.]{0,40}\d+ ?mg[^.]{0,40}\bfor \d+ (days|weeks|"
    r"months))\b",
    re.I,
)
# Animal and bench work ("paw withdrawal", "in rats"): findings only for a question about animals.
_ANIMAL = re.compile(
    r"\b(rats?|mice|mouse|murine|rodents?|rabbits?|guinea[- ]pigs?|dogs|cats|monkeys?|primates|paws?|hind ?limbs?|"
    r"in vitro|animal models?|animals)\b",
    re.I,
)
# A sentence whose meaning leans on the rest of the abstract: a comparison without its comparator ("severe
# complications were less common"; "more frequent than placebo" names it and stands alone), a reassurance hedged by
# its context ("relatively uncommon", "appears to be safe"), or a pointer back ("the aforementioned patients").
_COMPARATIVE = re.compile(
    r"\b(less|more) (common|commonly|frequent|frequently|likely|often|severe|uncommon|rare|rarely)\b", re.I
)
_COMPARATOR = re.compile(r"\b(than|compared (with|to)|versus|vs\.?|relative to|in the [\w\- ]{1,30} group)\b", re.I)
_HEDGED = re.compile(
    r"\b((relatively|generally|rather) (uncommon|rare|safe|well tolerated|mild|benign)|(was|were) (uncommon|rare)|"
    r"appears? to be|appeared to be|seems? to be|seemed to be|aforementioned|above-mentioned)\b",
    re.I,
)


def needs_context(text: str) -> bool:
    """The sentence cannot be cited alone when its abstract's conclusion says something about the drug."""
    return bool(_HEDGED.search(text) or (_COMPARATIVE.search(text) and not _COMPARATOR.search(text)))


# A sentence that points back at the one before it ("Thus, ... in these patients is not appropriate."): cited with it.
_ANAPHORIC = re.compile(r"^(thus|therefore|hence|consequently|accordingly|in these|in such|these|such|they|"
                        r"this (fact|finding|effect|result|observation|difference|association|suggests))\b|"
                        r"\b(these|such) (patients|cases|subjects|individuals|children)\b", re.I)
_MAX_STATEMENT = 450
# A verdict on use ("is not appropriate", "should be avoided", "was safe and effective in"): what a question about
# safety in a condition asks for.
_VERDICT = re.compile(
    r"\b(not (appropriate|recommended|advisable|advised|safe|indicated)|inappropriate|unsafe|contraindicated|"
    r"(should|must) (be avoided|not be (used|given|administered|prescribed))|(used|given) with caution|"
    r"(is|are|was|were|be) (safe|well tolerated|effective)( and (safe|effective|well tolerated))? (in|for|during))\b",
    re.I,
)
_SAFETY_FACETS = frozenset({"renal", "hepatic", "pregnancy", "warnings", "contraindications", "interactions",
                            "side_effects", "boxed_warning"})
# Definitional statements of use ("X is frequently used to treat ...") answer "what is X used for" best.
# "baclofen, a GABA-B agonist", "baclofen is a potent and selective agonist for GABAB receptors"
_MECHANISTIC = re.compile(
    r"(\bis\b|,|\() ?(a|an) [\w\-(), ]{0,60}?\b(agonist|antagonist|inhibitor|blocker|analog(ue)?|modulator)s?\b",
    re.I,
)
_DEFINITIONAL = re.compile(
    r"\b((is|are) (frequently |commonly |widely |often |mainly |primarily )?used (to treat|for|in)|"
    r"(an |the )?effective (treatment|therapy) for|indicated (for|in)|drug of choice|"
    r"used (to treat|in the (treatment|management) of)|(is|are) (a|an) [\w\- ]{0,40}(agent|drug|relaxant))\b",
    re.I,
)
_CONSENSUS_WEIGHT = 4.0
_NOVELTY_WEIGHT = 5.0
_NOVEL_MIN_SHARE = 0.03
_NOVEL_FACT = 0.08


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


def is_retracted(meta: dict[str, object]) -> bool:
    """True for a record marked retracted (meta.retracted, or the "Retracted Publication" type): never cited."""
    types = meta.get("publication_types") or []
    return bool(meta.get("retracted")) or (isinstance(types, list) and "Retracted Publication" in types)


def drug_pattern(corpus: Corpus, q: Question) -> re.Pattern[str] | None:
    """A pattern naming the question's drugs (any of their names), or else its drug classes (class words or a
    member: 'statins', 'atorvastatin'); None when it names neither."""
    if not q.drugs:
        return class_pattern(q)
    return corpus.names_pattern(q.drug_names, min_chars=4)


# Words too common in abstracts to say what a drug is used for.
_GENERIC_WORDS = frozenset(
    """study studies patients patient results result group groups treatment treated effect effects clinical
    mg dose doses months years year days day weeks week significant significantly compared using used use
    trial trials data analysis conclusion conclusions methods method background objective therapy may also two
    one three after before however including associated total mean increased reduced reduction level levels
    time case cases reported report found showed shown received receiving subjects n p vs during been both
    following lower upper within without between among other others such than then there their these those
    into onto over under more most less least very well much many only even still each every some none
    have having while where which whose after before because being become became high higher low first second
    within about against under further further their them they this that were what when will would could
    should various different several given present presented new years""".split()
)


def feedback(q: Question, corpus: Corpus, k: int = 100) -> dict[str, float]:
    """Share of the top abstracts about the drug that use each word (pseudo-relevance feedback): for baclofen,
    'spasticity' and 'intrathecal' score high, 'migraine' low."""
    if not q.drugs:
        return {}
    names = {w for d in q.drug_names for n in [d, *corpus.names_of(d)] for w in n.split()}
    df: dict[str, int] = {}
    hits = corpus.search(" ".join(q.drug_names), "research", k=k)
    for rp in hits:
        for w in set(_terms_of(rp.doc.title + " " + rp.passage.text)):
            if w not in names and w not in _GENERIC_WORDS and not w.isdigit() and len(w) > 3:
                df[w] = df.get(w, 0) + 1
    return {w: n / max(1, len(hits)) for w, n in df.items()}


@lru_cache(maxsize=16384)
def _terms_of(text: str) -> tuple[str, ...]:
    """`query_terms` of an abstract, kept: the same top abstracts of a drug feed back every question on it."""
    return tuple(query_terms(text))


def feedback_terms(weights: dict[str, float], n_terms: int = 6) -> list[str]:
    """The most shared feedback words."""
    return [w for w, _ in sorted(weights.items(), key=lambda t: (-t[1], t[0]))[:n_terms]]


def _queries(q: Question, facets: tuple[str, ...], fb: dict[str, float]) -> list[tuple[str, str | None]]:
    drug = " ".join(q.drug_names)
    out: list[tuple[str, str | None]] = [(q.text, None)]
    for key in facets:
        out.append((f"{drug} {' '.join(q.terms)} {ALL_FACETS[key].query_terms}".strip(), key))
    if q.overview and q.drugs:
        out.append((f"{drug} {' '.join(feedback_terms(fb))}", "indications"))
    return out


def _candidates(
    q: Question, corpus: Corpus, facets: tuple[str, ...], drug_rx: re.Pattern[str] | None, fb: dict[str, float],
    topic: Topic | None = None,
) -> list[_Candidate]:
    seen: dict[str, RankedPassage] = {}
    queries = _queries(q, facets, fb)
    corpus.prime([query for query, _ in queries], "research")
    for query, _ in queries:
        for rp in corpus.search(query, "research", k=_CANDIDATE_PASSAGES):
            prev = seen.get(rp.passage.id)
            if prev is None or rp.rank < prev.rank:
                seen[rp.passage.id] = rp
    q_words = content_words(" ".join(q.terms))
    words_topic = content_words(" ".join(q.topic)) or q_words
    topic = topic if topic is not None else condition_topic(q)
    animals = bool(ANIMAL_QUESTION.search(q.text))
    safety = bool(set(q.facets) & _SAFETY_FACETS) or bool(re.search(r"\bsafe\b", q.text, re.I))
    found: dict[tuple[str, int], _Candidate] = {}

    def add(c: _Candidate) -> None:
        ev = c.draft.evidence[0]
        key = (ev.passage_id, ev.start, ev.end)
        if key not in found or found[key].draft.score < c.draft.score:
            found[key] = c

    # "Can I take X with Y": a finding about the combination names both drugs
    each_drug = interaction_partners(q, corpus)

    def admissible(text: str, topic: Topic = topic) -> bool:
        """A finding about the drug and the asked condition, not a method, dropout or animal sentence."""
        if drug_rx is not None and (not drug_rx.search(text) or only_as_vehicle(text, drug_rx)):
            return False
        if not each_drug.met_by(text):
            return False
        if len(text) > _MAX_STATEMENT or _METHODS_WORDS.search(text) or _TRIAL_CONDUCT.search(text):
            return False
        if not animals and _ANIMAL.search(text):
            return False
        if topic and not topic.met_by(text):
            return False  # the question names a condition: the statement names it too
        return not (drug_rx is None and len(content_words(text) & words_topic) < _min_overlap(words_topic))

    loose = loose_pattern(drug_rx) if drug_rx is not None else None
    defined: dict[str, str] = {}
    for rp in sorted(seen.values(), key=lambda r: (r.rank, r.passage.id)):
        meta = rp.doc.meta
        if is_retracted(meta):
            continue
        weight = _SECTION_WEIGHT.get((rp.passage.section_code or "").upper(), 0.0)
        strength = study_strength(meta)
        text = rp.passage.text
        if loose is not None and not loose.search(text):
            continue  # no sentence of it can name the drug (`admissible` would refuse each): not split at all
        every = sentences(text)
        conclusion_at = _conclusion_start(rp.passage, every)
        # the abbreviations its abstract defines name the condition in its other sentences ("... polycystic ovary
        # syndrome (PCOS) ..." then "metformin ... in women with PCOS")
        ptopic = topic.defined_in(_abstract_text(corpus, rp, defined)) if topic else topic
        for s0 in (s for s in every if len(s.text) >= 40):  # as sentences(text, min_chars=40), split once
            s = _standalone(text, every, s0)
            if not admissible(s.text, ptopic) or standalone.problem(s.text):
                continue
            if s is s0 and standalone.leans_on_previous(s.text):
                continue  # it leans on a sentence it could not be quoted with: refused, as in the label tier (fix12c)
            in_conclusion = conclusion_at is not None and s0.start >= conclusion_at
            facet, cues = _best_facet(s.text, facets)
            if facet is None:
                continue
            if facet in ("dosing", "max_dose") and not _DOSE_AMOUNT.search(s.text):
                continue  # a dosing statement states an amount
            score = _score(s.text, drug_rx, facet, cues, q_words, ptopic, rp, strength) + weight
            if safety and _drug_verdict(s.text, drug_rx):
                score += 1.5
            if in_conclusion and weight == 0.0:
                score += 1.0  # the conclusion part of an abstract whose sections were run together
            if not in_conclusion and needs_context(s.text):
                # a comparison or hedged reassurance is read against the abstract's conclusion: cite that instead
                concl = _conclusion_sentences(corpus, rp, every, conclusion_at)
                picked = [(p, c) for p, c in concl if admissible(c.text, ptopic)]
                if not picked and concl:
                    continue  # the conclusion says something else about other things: the sentence stays unsaid
                for p, c in picked:
                    ev = Evidence(rp.doc.id, p.id, c.start, c.end, c.text)
                    add(_Candidate(Draft(c.text, [ev], facet=facet, score=score + 1.0), facet, strength))
                if picked:
                    continue
            ev = Evidence(rp.doc.id, rp.passage.id, s.start, s.end, s.text)
            add(_Candidate(Draft(s.text, [ev], facet=facet, score=score), facet, strength))
    out = list(found.values())
    _add_consensus(out, fb)
    return out


def _abstract_text(corpus: Corpus, rp: RankedPassage, cache: dict[str, str]) -> str:
    """The title and text of the abstract `rp` is part of, where its abbreviations are defined: the passage itself
    when it is the whole abstract, else every passage of the record (a BACKGROUND defines what the CONCLUSIONS
    abbreviate); kept in `cache` by record."""
    code = (rp.passage.section_code or "").upper()
    if code in ("", "ABSTRACT", "UNLABELLED", "SUMMARY"):
        return f"{rp.doc.title} {rp.passage.text}"
    if rp.doc.id not in cache:
        cache[rp.doc.id] = " ".join([rp.doc.title, *(p.text for p in corpus.store.db.passages_of(rp.doc.id))])
    return cache[rp.doc.id]


# Assertions that look at the text around a match: a pattern using them (other than \\b) can match inside a sentence
# and not inside the passage it was cut from, so it has no loose form.
_CONTEXT_ASSERTION = re.compile(r"\(\?<?[=!]|\\[ABZ]|[\^$]|\\\\")


@lru_cache(maxsize=1024)
def loose_pattern(rx: re.Pattern[str]) -> re.Pattern[str] | None:
    """`rx` without its word boundaries (`\\b`): where `rx` finds a match in some part of a text (a sentence of a
    passage), the loose pattern finds one in the whole text, so a passage it does not match has no sentence `rx`
    matches. A cheap test before splitting a passage into sentences. None when `rx` uses other context assertions
    (lookarounds, anchors), for which that does not hold."""
    if _CONTEXT_ASSERTION.search(rx.pattern) or re.search(r"\[[^\]]*\\b", rx.pattern):  # "[\b]" is a backspace
        return None
    return re.compile(rx.pattern.replace(r"\b", ""), rx.flags)


# The drug named as what another drug is given in, or as the placebo ("20 mg oxybutynin or placebo as 40 ml sterile
# sodium chloride solution", "diluted in 5% dextrose", "saline placebo"): the sentence is not about it.
_VEHICLE_BEFORE = re.compile(r"\b(?:placebo|vehicle|diluted|dissolved|reconstituted|suspended|mixed|flushed)\b"
                             r"(?:\s+(?:\w+|\d+(?:\.\d+)?\s*%?))?(?:\s+\S+){0,5}\s+$", re.I)
_VEHICLE_AFTER = re.compile(r"^\s*(?:solution\s+)?(?:placebo|as (?:a |the )?(?:placebo|control|vehicle))\b", re.I)


def only_as_vehicle(text: str, drug_rx: re.Pattern[str]) -> bool:
    """Every mention of the drug in `text` is a vehicle or placebo (see above)."""
    found = list(drug_rx.finditer(text))
    return bool(found) and all(_VEHICLE_BEFORE.search(text[max(0, m.start() - 80) : m.start()])
                               or _VEHICLE_AFTER.match(text[m.end() :]) for m in found)


def _drug_verdict(text: str, drug_rx: re.Pattern[str] | None) -> bool:
    """A verdict on use about the drug: the drug is named in the verdict's own sentence, before it ('the
    administration of baclofen ... in these patients is not appropriate', not 'Hemodialysis is effective in ...')."""
    for m in _VERDICT.finditer(text):
        if drug_rx is None:
            return True
        before = text[max(0, m.start() - 120):m.end()]
        cut = before.rfind(". ")
        if drug_rx.search(before[cut + 1:] if cut >= 0 else before):
            return True
    return False


def _score(text: str, drug_rx: re.Pattern[str] | None, facet: str, cues: int, q_words: frozenset[str],
           topic: Topic, rp: RankedPassage, strength: int) -> float:
    definitional = 2.5 if _is_definitional(text, drug_rx, facet) else 0.0
    brevity = -1.0 if len(text) > 250 else 0.0  # long sentences bundle several facts; short ones read well
    return definitional + brevity + (
        1.2 * min(cues, 3)
        + 0.6 * len(content_words(text) & q_words)
        + 0.8 * topic.hits(text)
        + 2.0 / (1.0 + rp.rank / 5.0)
        + 0.15 * strength
    )


def _standalone(text: str, every: list[Sentence], s: Sentence) -> Sentence:
    """`s`, or `s` with the sentence before it when `s` points back at it ('Thus, ... in these patients ...'),
    within one part of the abstract and the statement length limit."""
    if not _ANAPHORIC.search(s.text):
        return s
    prev = next((p for p in reversed(every) if p.end <= s.start), None)
    if prev is None or text[prev.end:s.start].strip() or s.end - prev.start > _MAX_STATEMENT:
        return s  # nothing before it in this part ("; " parts of a run-together abstract are not joined)
    return Sentence(prev.start, s.end, text[prev.start:s.end])


def _conclusion_start(p: Passage, every: list[Sentence]) -> int | None:
    """Where the conclusion of an abstract passage starts: the whole of a CONCLUSIONS section, the last part of an
    abstract whose sections were run together with '; ', else the last two sentences of an unlabelled abstract."""
    code = (p.section_code or "").upper()
    if code.startswith("CONCLUSION"):
        return 0
    if code not in ("", "ABSTRACT", "UNLABELLED", "SUMMARY"):
        return None  # a labelled section other than the conclusion
    cut = p.text.rfind(".; ")
    if cut >= 0:
        return cut + 3
    return every[-2].start if len(every) >= 3 else None


def _conclusion_sentences(
    corpus: Corpus, rp: RankedPassage, every: list[Sentence], conclusion_at: int | None
) -> list[tuple[Passage, Sentence]]:
    """The conclusion's sentences of the abstract `rp` belongs to (each standing alone): from the same passage,
    or from the record's CONCLUSIONS section."""
    if conclusion_at is not None:
        text = rp.passage.text
        return [(rp.passage, _standalone(text, every, s)) for s in every if s.start >= conclusion_at]
    out: list[tuple[Passage, Sentence]] = []
    for p in corpus.store.db.passages_of(rp.doc.id):
        if (p.section_code or "").upper().startswith("CONCLUSION"):
            ss = sentences(p.text)
            out.extend((p, _standalone(p.text, ss, s)) for s in ss)
    return out


def _add_consensus(cands: list[_Candidate], fb: dict[str, float]) -> None:
    """Favour sentences whose words recur across the literature on the drug: what most papers say it is used
    for ("spasticity", "spinal cord") outranks what one paper tried it for ("migraine")."""
    if not fb:
        return
    stems: dict[str, float] = {}
    for w, share in fb.items():
        stems[w[:7]] = max(share, stems.get(w[:7], 0.0))
    for c in cands:
        shares = sorted((stems.get(w, 0.0) for w in c.draft.words), reverse=True)
        c.draft.score += _CONSENSUS_WEIGHT * sum(shares[:4]) / 4


_DOSE_AMOUNT = re.compile(r"\d+(\.\d+)?\s*(mg|mcg|µg|g|units?|ml)(/kg|/day|/d)?\b", re.I)


def _min_overlap(q_words: frozenset[str]) -> int:
    return max(1, (len(q_words) + 1) // 2)


def _is_definitional(text: str, drug_rx: re.Pattern[str] | None, facet: str = "indications") -> bool:
    """The drug near the start and what it is right after it: 'Baclofen is frequently used to treat ...'
    (indications), 'baclofen, a GABA-B agonist, ...' (mechanism)."""
    pattern = {"indications": _DEFINITIONAL, "mechanism": _MECHANISTIC}.get(facet)
    m = drug_rx.search(text) if drug_rx is not None and pattern is not None else None
    if m is None or m.start() > 60:
        return False
    d = pattern.search(text, m.end())
    return d is not None and d.start() - m.end() <= (80 if facet == "indications" else 20)


def _best_facet(text: str, facets: tuple[str, ...]) -> tuple[str | None, int]:
    best, best_n = None, 0
    for key in facets:
        n = len(ALL_FACETS[key].cue.findall(text))
        if key == "indications":
            n *= 2  # "an effective treatment for spasticity ... by infusion" says what it is for, first
        if n > best_n:
            best, best_n = key, n
    return best, best_n


def _order_key(c: _Candidate) -> tuple[float, int, str]:
    # relevance in half-point bands, then study strength: stronger designs lead when relevance is close
    return (-round(c.draft.score * 2) / 2, -c.strength, c.draft.evidence[0].passage_id)


_CONDITION = re.compile(
    r"\b(?:secondary to|due to|caused by|resulting from|associated with|patients with|children with|adults with|"
    r"people with|individuals with|in)\s+((?:both\s+)?[a-z][\w\-]*(?:\s+(?:and\s+|or\s+)?[a-z][\w\-]*){0,5})",
    re.I,
)


def condition_words(text: str) -> frozenset[str]:
    """Content words of the conditions a sentence names ('due to spinal cord injury and multiple sclerosis')."""
    return content_words(" ".join(m.group(1) for m in _CONDITION.finditer(text)))


def _same_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two sentences say the same thing when most of their content words are shared (Jaccard)."""
    return bool(a and b) and len(a & b) / len(a | b) >= _MERGE_AT


def _novelty(words: frozenset[str], covered: set[str], stems: dict[str, float]) -> float:
    """Feedback weight of the words a sentence would add to what the facet already says."""
    return min(1.0, sum(stems.get(w, 0.0) for w in words - covered if stems.get(w, 0.0) >= _NOVEL_MIN_SHARE))


# Facets about the product itself: the literature does not describe a tablet's imprint or its storage.
_PRODUCT_FACETS = frozenset({"dosage_forms", "ingredients", "storage", "description"})


def compose_research_tier(q: Question, corpus: Corpus, drug_rx: re.Pattern[str] | None = None) -> TierDraft:
    """Research statements grouped by facet; near-duplicates merged; retracted records never cited.

    Within a facet, sentences are picked greedily: relevance plus the weight of the literature's common words
    the sentence adds (so "spinal cord injury" and "cerebral palsy" both get said, not "spasticity" three
    times). Picked statements are then ordered by relevance band and study strength."""
    tier = TierDraft("research")
    facets: tuple[str, ...] = RESEARCH_OVERVIEW if q.overview else (q.facets or RESEARCH_OVERVIEW)
    if not q.drugs and not q.facets:
        # no drug and no facet to organise the literature around: one block of sentences on the question's topic
        facets = ("findings",)
    product = [k for k in facets if k in _PRODUCT_FACETS]
    if product:
        facets = tuple(k for k in facets if k not in _PRODUCT_FACETS)
        if not facets:
            # how a product looks, what it contains, how it is stored: the label's subject, not the literature's
            named = ", ".join(ALL_FACETS[k].heading.lower() for k in product)
            tier.notes.append(f"Research abstracts are not a source for {named}; the label tier answers it.")
            return tier
    if drug_rx is None:
        drug_rx = drug_pattern(corpus, q)
    fb = feedback(q, corpus)
    stems: dict[str, float] = {}
    for w, share in fb.items():
        stems[w[:7]] = max(share, stems.get(w[:7], 0.0))
    topic = condition_topic(q)
    cands = sorted(_candidates(q, corpus, facets, drug_rx, fb, topic), key=_order_key)
    fact = asked_fact(q)
    if fact is not None:
        # a fact asked in so many words ("what does a month cost", "what if I miss a dose"): only sentences that
        # state it answer; the facet the question was filed under ("how much": dosing) is no answer
        cands = [c for c in cands if fact[0].search(c.draft.text)]
    all_chosen: list[Draft] = []
    for key in facets:
        pool = [c for c in cands if c.facet == key]
        picked: list[_Candidate] = []
        covered: set[str] = set()
        limit = _PER_FACET + 1 if key == "indications" and q.overview else _PER_FACET
        while pool and len(picked) < limit:
            best = max(pool, key=lambda c: (
                c.draft.score + _NOVELTY_WEIGHT * _novelty(condition_words(c.draft.text), covered, stems), c.strength
            ))
            pool.remove(best)
            twin = next((d for d in all_chosen if _same_fact(best.draft.words, d.words)), None)
            if twin is not None:
                if best.draft.evidence[0].doc_id not in {e.doc_id for e in twin.evidence} and len(twin.evidence) < 4:
                    twin.evidence.append(best.draft.evidence[0])  # same fact, another paper: cite it too
                continue
            if any(
                similarity(best.draft.words, d.words) >= _DISTINCT_BELOW
                and _novelty(best.draft.words, set(d.words), stems) < _NOVEL_FACT
                for d in all_chosen
            ):
                continue  # adds nothing the literature's common vocabulary would call new
            if any(p.draft.evidence[0].doc_id == best.draft.evidence[0].doc_id for p in picked):
                continue  # one statement per paper per facet: breadth of sources
            picked.append(best)
            all_chosen.append(best.draft)
            covered |= condition_words(best.draft.text)
        # near-duplicates merged later still belong to their statement: keep the merge pass over the rest
        for c in pool:
            twin = next((d for d in all_chosen if _same_fact(c.draft.words, d.words)), None)
            if twin is not None and c.draft.evidence[0].doc_id not in {e.doc_id for e in twin.evidence} \
                    and len(twin.evidence) < 4:
                twin.evidence.append(c.draft.evidence[0])
        if picked:
            picked.sort(key=_order_key)
            tier.blocks.append(DraftBlock(_heading(ALL_FACETS[key], q), [c.draft for c in picked]))
    if not tier.blocks:
        subject = ", ".join(q.drug_names or class_names(q))
        asked_rx = [ALL_FACETS[k].question for k in facets if k in ALL_FACETS and k != "findings"]
        if topic and not all(any(rx.search(w) for rx in asked_rx) for w in topic.words):
            # the condition asked about, unless the asked facet already says it ("pregnancy")
            subject = f"{subject} in {topic.phrase}" if subject else topic.phrase
        subject = subject or "this question"
        asked = [ALL_FACETS[k].heading.lower() for k in facets if k in ALL_FACETS] if q.facets and q.drugs else []
        if fact is not None and q.drugs:
            tier.notes.append(f"No research abstract in the corpus on {', '.join(q.drug_names)} addresses {fact[1]}.")
        elif asked and not q.overview:
            # abstracts about the drug may well exist ("lithium" trials): what is missing is the asked fact
            tier.notes.append(f"No research abstract in the corpus addresses {' or '.join(asked)} for {subject}.")
        else:
            tier.notes.append(f"No research abstract in the corpus addresses {subject}.")
    return tier


def _heading(facet: Facet, q: Question) -> str:
    if facet.key == "indications" and q.overview and q.drugs:
        return f"Use of {q.drug_names[0].capitalize()}"
    return facet.heading
