"""The label tier: the recognised drug's labels, grouped by shared text, read facet by facet."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..drugnames import MODIFIER_WORDS, SALT_WORDS, is_combination, normalize
from ..records import Passage
from ..retrieve.corpus import Corpus, LabelDoc
from ..retrieve.drugs import name_key
from ..retrieve.facets import ALL_FACETS, DAILY_LIMIT, DOSE_AMOUNT, OVERVIEW, Facet
from ..retrieve.question import Question
from .drafts import Draft, DraftBlock, Evidence, TierDraft
from .drug_facts import DIRECTIONS_CODES, drug_facts_items, is_drug_facts
from .sentences import Sentence, content_words, sentences, similarity

_GROUP_CODES = ("34067-9", "indications_and_usage", "34068-7", "dosage_and_administration")
# How many sentences a facet gets: more when the question asks for it than in an overview.
_OVERVIEW_LIMIT = {"warnings": 3, "side_effects": 2, "dosing": 2, "renal": 1, "hepatic": 1}
_ASKED_LIMIT = 3
_MAX_SENTENCE_CHARS = 600

# Sentences that state the specific fact of a facet get a large bonus, so they lead.
_SPECIFIC = {
    "max_dose": re.compile(
        r"(maximum|not (to )?exceed|up to|no more than|should not exceed|max\.?)[^.;]{0,80}?\d+(\.\d+)?\s*(mg|mcg|g)\b|"
        r"\d+(\.\d+)?\s*(mg|mcg|g)\b[^.;]{0,60}(maximum|per day|/day|a day|daily)|"
        r"(dosage|dose|dosing) range[^.;]{0,60}\d+\s*(mg|mcg|g)?\s*(to|-|–)\s*\d+\s*(mg|mcg|g)\b",
        re.I,
    ),
    "dosing": re.compile(
        r"(start\w*|initial|recommended)[^.;]{0,60}\d+(\.\d+)?\s*(mg|mcg|g)\b|\d+\s*(mg|mcg)\b[^.;]{0,40}"
        r"(once|twice|three times|every|daily|per day)", re.I
    ),
    "side_effects": re.compile(r"most (common|frequent)\w*|commonly (observed|reported)|incidence", re.I),
    "indications": re.compile(r"\bindicated\b|\bis useful\b|\bfor the (treatment|management|relief)\b", re.I),
    "withdrawal": re.compile(r"abrupt\w*|taper\w*|rebound|withdraw\w*", re.I),
    "mechanism": re.compile(r"agonist|antagonist|receptor|inhibit\w*|mechanism", re.I),
    "renal": re.compile(r"renal impairment|creatinine clearance|renal (function|insufficiency|failure)", re.I),
    "hepatic": re.compile(r"hepatic impairment|liver (injury|function|disease)|hepatotox\w*|aminotransferase", re.I),
}
# A Drug Facts label states doses in what is taken, not in mg: these also state the fact there.
_SPECIFIC_DRUG_FACTS = {
    "max_dose": re.compile(DAILY_LIMIT, re.I),  # "do not exceed 6 tablets in 24 hours"
    "dosing": re.compile(  # "take 1 tablet every 4 to 6 hours", "2 softgels with water every 4 hrs", "10 mL every 4 h"
        rf"{DOSE_AMOUNT}[^.;]{{0,40}}\b(once|twice|three times|\d+ times|every|daily|a day|per day|at bedtime|"
        r"with each meal)\b|"
        r"\b(apply|use|take|spray|rub)\b[^.;]{0,60}\b(\d+( to \d+)?|once|twice|two|three|four) (times )?"
        r"(a|per|each) (day|week)\b",  # "apply half a capful 2 times a day", "use twice a day"
        re.I,
    ),
}
# Facets whose sentences must carry the facet's cue words (a dosing section sentence is not about kidneys).
_CUE_REQUIRED = {"renal", "hepatic", "withdrawal", "mechanism", "interactions", "pregnancy", "max_dose", "overdose",
                 "administration"}


# "adults and children 12 years and over" (Drug Facts) is the adult dose, not a pediatric one
_ADULT = re.compile(r"\badults?\s+(and|&)\s+(children|teens|adolescents)\b", re.I)
_PEDIATRIC = re.compile(r"\b(pediatric|paediatric|children|child|adolescents?|infants?|neonat\w*|years of age)\b", re.I)


@dataclass(frozen=True)
class LabelGroup:
    """Labels sharing one text; `rep` is cited, `members` agree with it."""

    rep: LabelDoc
    members: tuple[LabelDoc, ...]

    def covers(self, facet: Facet) -> bool:
        drug_facts = is_drug_facts(self.rep.passages)
        return any(_code_rank(p, facet, drug_facts) is not None for p in self.rep.passages)


def _fingerprint(label: LabelDoc) -> str:
    parts = [p.text for p in label.passages if p.section_code in _GROUP_CODES] or [p.text for p in label.passages]
    return hashlib.sha1(normalize(" ".join(parts)).encode()).hexdigest()


def _recency(label: LabelDoc) -> tuple[int, str, str]:
    d = label.doc
    # dated labels (openFDA, DailyMed) before undated extracts (TAC 2017); then newest; then id for determinism
    return (0 if d.date else 1, "".join(chr(255 - ord(c)) for c in (d.date or "")), d.id)


def group_labels(labels: list[LabelDoc]) -> list[LabelGroup]:
    """Group labels whose indications and dosing text is the same; largest, most complete groups first."""
    buckets: dict[str, list[LabelDoc]] = {}
    for label in labels:
        if label.passages:
            buckets.setdefault(_fingerprint(label), []).append(label)
    groups = []
    for members in buckets.values():
        members.sort(key=_recency)
        groups.append(LabelGroup(members[0], tuple(members)))
    # Prescribing information before Drug Facts: "maximum dose of ibuprofen" is the 3200 mg of the prescription
    # label; an OTC label leads only for its brand (`_brand_first`) or when the drug has no prescription label.
    groups.sort(key=lambda g: (not _is_full(g.rep), is_drug_facts(g.rep.passages), -len(g.members),
                               _recency(g.rep)))
    return groups


def _is_full(label: LabelDoc) -> bool:
    """A full prescribing label (indications and dosing), not an extract such as a TAC 2017 file."""
    codes = {p.section_code for p in label.passages}
    return bool(codes & {"34067-9", "indications_and_usage"}) and bool(codes & {"34068-7", "dosage_and_administration"})


# Drug Facts (OTC) labels have no Overdosage section: their "Overdose warning" stands under "Keep out of reach of
# children" or Warnings.
_DRUG_FACTS_CODES = {"overdose": ("50565-1", "keep_out_of_reach_of_children", "34071-1", "warnings")}


def _code_rank(p: Passage, facet: Facet, drug_facts: bool = False) -> int | None:
    codes = facet.label_codes + (_DRUG_FACTS_CODES.get(facet.key, ()) if drug_facts else ())
    try:
        return codes.index(p.section_code or "")
    except ValueError:
        return None


def _score(facet: Facet, s: Sentence, q: Question, code_rank: int, position: int,
           drug_facts: bool = False) -> float | None:
    text = s.text
    cues = len(facet.cue.findall(text))
    specific = _SPECIFIC.get(facet.key)
    states_it = bool(specific and specific.search(text))
    if drug_facts and not states_it:
        otc = _SPECIFIC_DRUG_FACTS.get(facet.key)
        states_it = bool(otc and otc.search(text))
    if facet.key in _CUE_REQUIRED and not cues and not states_it:
        return None
    score = min(cues, 3) * 1.0
    if states_it:
        score += 5.0
    score += 0.7 * len(content_words(" ".join(q.terms)) & content_words(text))
    score -= 0.4 * code_rank + 0.05 * position
    if _PEDIATRIC.search(text) and not _ADULT.search(text) and not _PEDIATRIC.search(q.text):
        score -= 3.0  # an adult question gets the adult dose first ("adults and children 12 years and over" is adult)
    if len(text) > _MAX_SENTENCE_CHARS:
        return None  # a run-on of flattened headings and cross-references, not a statement
    return score


_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(mg|mcg|g)\b", re.I)
_WITH_OTHER_DRUGS = re.compile(
    r"\b(in patients taking|concomitant\w*|coadminist\w*|co-administ\w*|when (taken|used|given) with|"
    r"in combination with)\b",
    re.I,
)


def _prefer_the_maximum(scored: list[tuple[float, int, Draft]], q: Question) -> list[tuple[float, int, Draft]]:
    """A maximum-dose question is answered by the largest amount the label allows on its own; limits that apply
    only with other drugs ('do not exceed 20 mg with clarithromycin') come after, unless interactions are asked."""
    def top(text: str) -> float:
        return max((float(m.group(1).replace(",", "")) for m in _AMOUNT.finditer(text)), default=0.0)

    asks_interactions = "interactions" in q.facets
    highest = max((top(d.text) for _, _, d in scored), default=0.0)
    out = []
    for sc, pos, d in scored:
        if not asks_interactions and _WITH_OTHER_DRUGS.search(d.text):
            sc -= 3.0
        if highest and top(d.text) == highest:
            sc += 2.0
        d.score = sc
        out.append((sc, pos, d))
    return out


def _statements(text: str, drug_facts: bool) -> list[Sentence]:
    """Candidate statements of a passage: its sentences, or for Drug Facts Directions each sentence's list items
    (openFDA flattens the bullets, so one 'sentence' can hold a whole Directions section)."""
    found = sentences(text)
    if not drug_facts:
        return found
    return [item for s in found for item in drug_facts_items(text, s)]


def select_sentences(facet: Facet, label: LabelDoc, q: Question, limit: int) -> list[Draft]:
    """The label sentences that best state a facet, most specific first, no near-duplicates."""
    scored: list[tuple[float, int, Draft]] = []
    position = 0
    drug_facts = is_drug_facts(label.passages)
    for p in label.passages:
        rank = _code_rank(p, facet, drug_facts)
        if rank is None:
            continue
        for s in _statements(p.text, drug_facts and p.section_code in DIRECTIONS_CODES):
            position += 1
            sc = _score(facet, s, q, rank, position, drug_facts)
            if sc is None or sc <= 0:
                continue
            ev = Evidence(label.doc.id, p.id, s.start, s.end, s.text)
            scored.append((sc, position, Draft(s.text, [ev], facet=facet.key, score=sc)))
    if facet.key == "max_dose":
        scored = _prefer_the_maximum(scored, q)
    scored.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[Draft] = []
    for _, _, d in scored:
        if all(similarity(d.words, c.words) < 0.6 for c in chosen):
            chosen.append(d)
        if len(chosen) >= limit:
            break
    return chosen


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _salt_form(label: LabelDoc) -> tuple[str, frozenset[str], str] | None:
    """(ingredient words, salt words, route) of a label that names one ingredient: ('sevelamer', {'carbonate'},
    'oral'); None when the label does not say (TAC extracts)."""
    meta = label.doc.meta
    names = {normalize(n) for n in meta.get("generic_names") or [] if isinstance(n, str)}
    if len(names) != 1:
        return None
    words = next(iter(names)).split()
    base = " ".join(w for w in words if w not in SALT_WORDS)
    routes = " ".join(sorted(normalize(r) for r in meta.get("route") or [] if isinstance(r, str)))
    # hydrate and qualifier words name the same salt ('atorvastatin calcium trihydrate' is atorvastatin calcium)
    return base, frozenset(w for w in words if w in SALT_WORDS and w not in MODIFIER_WORDS), routes


def _other_forms(groups: list[LabelGroup], chosen: LabelGroup, facet: Facet, q: Question,
                 drafts: list[Draft], most: int = 2) -> list[tuple[LabelGroup, Draft | None]]:
    """Labels for other salt forms of the drug (Renagel, sevelamer hydrochloride, beside Renvela, sevelamer
    carbonate; lithium citrate beside lithium carbonate): the products differ in strength and dosing, so one label
    does not speak for the other. Each form's best statement is returned as a statement of its own or, when it
    says what a chosen statement says with the same numbers, added to that statement as a further citation (then
    the returned draft is None)."""
    first = _salt_form(chosen.rep)
    if first is None:
        return []
    forms = {first}
    drug_facts = is_drug_facts(chosen.rep.passages)
    out: list[tuple[LabelGroup, Draft | None]] = []
    for g in groups:
        form = _salt_form(g.rep)
        if len(out) >= most or form is None or form in forms or not g.covers(facet):
            continue
        if (form[0], form[2]) != (first[0], first[2]) or is_drug_facts(g.rep.passages) != drug_facts:
            continue  # another product (extended-release), route (ibuprofen lysine injection) or OTC beside Rx
        for d in select_sentences(facet, g.rep, q, 1):
            same = next((s for s in drafts if similarity(d.words, s.words) >= 0.8), None)
            if same is not None and _NUMBER.findall(same.text) == _NUMBER.findall(d.text):
                same.evidence.extend(d.evidence)
                out.append((g, None))
            else:  # another population, strength or dose: the form's own statement
                out.append((g, d))
            forms.add(form)
    return out


def _brand_first(groups: list[LabelGroup], brand: str) -> list[LabelGroup]:
    """Drug Facts groups of the brand the question names first: "how much Advil a day" is answered by the Advil
    (OTC) label, not by a prescription ibuprofen label that states a 3200 mg limit. Only OTC labels move: a
    prescription brand (Lipitor) shares its text with the generic labels, while OTC doses differ in kind."""
    key = name_key(brand)

    def carries(g: LabelGroup) -> bool:
        return is_drug_facts(g.rep.passages) and any(
            name_key(b) == key for m in g.members for b in m.doc.meta.get("brand_names") or [] if isinstance(b, str)
        )

    return sorted(groups, key=lambda g: not carries(g))  # stable: the usual order within each part


def _short_list(names: list[str], most: int = 160) -> str:
    """Names joined with commas, cut after a whole name (never mid-word) when longer than `most` characters."""
    out = ""
    for i, name in enumerate(names):
        joined = f"{out}, {name}" if out else name
        if len(joined) > most:
            return f"{out}, and {len(names) - i} more"
        out = joined
    return out


def _route_note(drug: str, labels: list[LabelDoc]) -> str | None:
    """Say so when no label of the drug is for oral use (e.g. only an intrathecal label)."""
    routes = " ".join(
        f"{' '.join(map(str, lb.doc.meta.get('route') or []))} {lb.doc.title} {lb.doc.meta.get('dosage_form')}"
        for lb in labels
    ).lower()
    if re.search(r"\boral|tablet|capsule|solution, oral|suspension", routes):
        return None
    titles = "; ".join(sorted({lb.doc.title for lb in labels}))[:200]
    return f"The corpus has no oral {drug} label: the only {drug} label(s) here: {titles}."


def compose_label_tier(q: Question, corpus: Corpus) -> TierDraft:
    """Label statements for the question's drugs, by facet, citing one representative label per group."""
    tier = TierDraft("label")
    if not q.drugs:
        if q.classes:
            named = ", ".join(f"{c.surface} ({c.canonical})" for c in q.classes)
            tier.notes.append(f"The question names a drug class, {named}, not one drug, so no FDA label is cited.")
        elif q.unknown_drug:
            tier.notes.append(
                f"The question names a drug the corpus does not know ({q.unknown_drug}), so no FDA label is cited."
            )
        else:
            tier.notes.append("The question names no drug, so no FDA label is cited.")
        return tier
    facet_keys = OVERVIEW if q.overview else (q.facets or OVERVIEW)
    for match in q.drugs[:3]:
        drug = match.canonical
        labels = corpus.labels_for(drug)
        if not labels and not is_combination(drug):
            # no label of the drug alone: the labels of combination products that contain it
            labels = corpus.combination_labels_for(drug)
            if labels:
                titles = "; ".join(sorted({lb.doc.title for lb in labels}))[:200]
                tier.notes.append(
                    f"The corpus has no single-ingredient {drug} label; the {drug} statements come from "
                    f"combination product label(s) that contain it: {titles}."
                )
        groups = group_labels(labels)
        if match.kind.startswith("brand"):  # "brand_word": a brand that is also an everyday word
            groups = _brand_first(groups, match.surface)
        if not groups:
            tier.notes.append(f"No FDA label for {drug} in the corpus.")
            continue
        missing: list[str] = []
        stated: set[str] = set()
        for key in facet_keys:
            facet = ALL_FACETS[key]
            if not facet.label_codes:
                continue
            limit = _OVERVIEW_LIMIT.get(key, 1) if q.overview else _ASKED_LIMIT
            drafts: list[Draft] = []
            group = None
            for g in groups:
                if g.covers(facet):
                    drafts = select_sentences(facet, g.rep, q, limit)
                    if drafts:
                        group = g
                        break
            if not drafts or group is None:
                missing.append(facet.heading.lower())
                continue
            others = _other_forms(groups, group, facet, q, drafts)
            drafts += [d for _, d in others if d is not None]
            seen = [s for b in tier.blocks for s in b.statements]
            drafts = [d for d in drafts if all(similarity(d.words, s.words) < 0.8 for s in seen)]
            if not drafts:
                continue
            heading = facet.heading if len(q.drug_names) == 1 else f"{drug}: {facet.heading}"
            tier.blocks.append(DraftBlock(heading, drafts))
            stated.add(key)
            for g in [group, *(g for g, _ in others)]:
                tier.ref_extra[g.rep.doc.id] = {"labels_agreeing": len(g.members)}
        sections = sorted({p.section for g in groups for p in g.rep.passages})
        if missing:
            tier.notes.append(
                f"The {drug} label text in the corpus ({len(labels)} label(s); sections: {_short_list(sections)}) "
                f"has nothing on: {', '.join(missing)}."
            )
        note = _route_note(drug, labels)
        asked_use = {"dosing", "max_dose", "indications", "administration"} & set(facet_keys)
        # only when the brief states neither: an injection-only drug whose label gave its indication is answered
        if note and (q.overview or asked_use) and not stated & {"indications", "dosing"}:
            tier.notes.append(note + " So this brief has no labelled indication or oral dosing for it.")
    if not tier.blocks and not tier.notes:
        tier.notes.append("No label section in the corpus answers this question.")
    return tier
