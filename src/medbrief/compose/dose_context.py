"""Whom a dose is for, when the dosing section gives doses for several indications or populations (issue 12 point 3,
fix13p): "The usual initial dosage is 25 mg to 100 mg daily in a single dose" is metoprolol's dose for hypertension,
"The maximum recommended dosage is 4 mg daily" alprazolam's for anxiety (panic disorder goes to 10 mg). Quoted alone
the sentence reads as the drug's dose at large; quoted with its subsection heading ("Dosage in Generalized Anxiety
Disorder", in brackets after the sentence), verbatim as a context span the way a table row is quoted with its
header, it says whom it is for.

A heading is found in the label's dosing passages in reading order: the last subsection heading before the sentence,
in its passage or in the passages before it (openFDA cuts a long section into several passages).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..retrieve.corpus import LabelDoc
from ..retrieve.facets import DOSE_AMOUNT
from ..sentences import segments
from .drafts import Draft, Evidence

DOSING_CODES = ("34068-7", "dosage_and_administration")
# Words of a dosing heading that name no indication or population: what is left names one ("Dosage in Generalized
# Anxiety Disorder" -> "generalized anxiety disorder"; "2.1 Recommended Dosage", "Important Administration
# Instructions" -> nothing).
_GENERIC = frozenset(
    "dosage dosages dose doses dosing recommended recommendations usual general information and administration "
    "administering important instructions instruction for in of the with to or a an use overview starting initial "
    "maintenance maximum titration preparation storage handling monitoring missed switching discontinuation "
    "modifications modification adjustment adjustments strengths forms reconstitution dilution prior before "
    "treatment therapy patients regimen schedule selection considerations".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z\-']+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_MOST_HEADING_WORDS = 14
# A Highlights line ends with the section it summarises: "( 7 ).", "( 2.1 )".
_HIGHLIGHTS_LINE = re.compile(r"\(\s*\d+(?:\.\d+)*(?:\s*,\s*\d+(?:\.\d+)*)*\s*\)\s*\.?\s*$")


def _topic(heading: str) -> frozenset[str]:
    """The words of a heading that name an indication or a population."""
    return frozenset(w.lower() for w in _WORD.findall(heading) if w.lower() not in _GENERIC)


def _headings(label: LabelDoc) -> tuple[tuple[int, str, int, int, str, bool], ...]:
    """The dosing section's headings in reading order: (passage order, passage id, start, end, quote without its
    section number and closing colon, numbered)."""
    return _dosing_headings(tuple((i, p.id, p.text) for i, p in enumerate(label.passages)
                                  if p.section_code in DOSING_CODES))


@lru_cache(maxsize=1024)
def _dosing_headings(passages: tuple[tuple[int, str, str], ...]) -> tuple[tuple[int, str, int, int, str, bool], ...]:
    out = []
    for i, pid, text in passages:
        for seg in segments(text):
            if not seg.heading or len(seg.text.split()) > _MOST_HEADING_WORDS:
                continue
            number = _NUMBER.match(seg.text)
            a = seg.start + (number.end() if number else 0)
            quote = text[a:seg.end].rstrip(" :")
            if quote and quote.upper() != quote:  # "2 DOSAGE AND ADMINISTRATION": the section's own title
                out.append((i, pid, a, a + len(quote), quote, bool(number)))
    return tuple(out)


def population_spans(label: LabelDoc, passage_id: str, start: int, text: str) -> list[tuple[str, int, int, str]]:
    """The heading(s) to quote with a dose sentence of `label` (at `start` in passage `passage_id`, reading `text`)
    so that it says whom the dose is for: the last heading before it that names an indication or population, when
    the dosing section's headings name two or more; none when they name fewer, when the sentence is under a general
    heading, or when the sentence names its heading's topic itself."""
    heads = _headings(label)
    topics = {_topic(h[4]) for h in heads} - {frozenset()}
    if len(topics) < 2:
        return []
    order = next((i for i, p in enumerate(label.passages) if p.id == passage_id), None)
    if order is None:
        return []
    before = [h for h in heads if (h[0], h[3]) <= (order, start)]
    if not before:
        return []
    last = before[-1]
    chosen = [last]
    if not last[5]:
        # a run-in heading under a numbered one ("2.1 Hypertension ... Adults:"): both say whom the dose is for
        numbered = next((h for h in reversed(before) if h[5]), None)
        if numbered is not None and _topic(numbered[4]):
            chosen.insert(0, numbered)
    said = {w.lower() for w in _WORD.findall(text)}
    chosen = [h for h in chosen if _topic(h[4]) and not _topic(h[4]) <= said]
    if not chosen or not _topic(last[4]):
        return []
    return [(h[1], h[2], h[3], h[4]) for h in chosen]


_CUT_END = re.compile(r"\b(?:with|for|and|of|in|to|the|or|a|an|on|by)\s*$", re.IGNORECASE)
_HEADING_NOUN = re.compile(r"\b(?:dosage|dose|dosing|recommended|recommendations?|initial|initiating)\b", re.IGNORECASE)
_MOST_QUOTED_HEADING_WORDS = 10


def _whole_heading(quote: str) -> bool:
    """A heading that can be quoted after a sentence as whom it is for: brackets closed ("Recommended Dosage for
    Schizophrenia (Adults and Pediatric Patients" is cut inside them), not cut after a linking word ("Concomitant Use
    with"), short, and one heading rather than two run together ("Initial Dosage Initiating Treatment with Codeine
    Sulfate Tablets", "Dosage Recommendations in Adults Recommended Dosage ...": a heading noun twice)."""
    return (quote.count("(") == quote.count(")") and quote.count("[") == quote.count("]")
            and not _CUT_END.search(quote) and len(quote.split()) <= _MOST_QUOTED_HEADING_WORDS
            and len(_HEADING_NOUN.findall(quote)) < 2)


def with_population(label: LabelDoc, d: Draft) -> Draft:
    """Draft `d` (a dose sentence of `label`) quoted with its indication or population heading (`population_spans`):
    "The maximum recommended dosage is 4 mg daily (in divided doses) (Dosage in Generalized Anxiety Disorder).", the
    heading a second support span; `d` itself when it needs none."""
    ev = d.evidence[0]
    if _HIGHLIGHTS_LINE.search(d.text):
        return d  # a Highlights line ("... limit ambrisentan dose to 5 mg once daily ( 7 ).") has no subsection
    # a heading cut inside its brackets ("Recommended Dosage for Schizophrenia (Adults and Pediatric Patients") would
    # leave the statement's brackets unbalanced: such a heading is not quoted
    spans = [s for s in population_spans(label, ev.passage_id, ev.start, d.text) if _whole_heading(s[3])]
    if not spans:
        return d
    context = [Evidence(ev.doc_id, pid, a, b, quote) for pid, a, b, quote in spans]
    # the heading after the sentence, in brackets: before it, "Heading: sentence" reads as a heading glued on
    body = d.text.rstrip()
    stop = "." if body.endswith(".") else ""
    text = body[: len(body) - len(stop)].rstrip() + " (" + ", ".join(quote for *_, quote in spans) + ")" + stop
    return Draft(text, [ev, *context], facet=d.facet, score=d.score, grade=d.grade, level=d.level)


_DOSE = re.compile(DOSE_AMOUNT, re.IGNORECASE)


def dose_with_population(label: LabelDoc, d: Draft) -> Draft:
    """`with_population` for a statement the label tier reads for a dosing question: a sentence (not a table row,
    read with its header already) of the dosing section that states a dose."""
    ev = d.evidence[0]
    if d.table_row or not _DOSE.search(d.text):
        return d
    if not any(p.id == ev.passage_id and p.section_code in DOSING_CODES for p in label.passages):
        return d
    return with_population(label, d)
