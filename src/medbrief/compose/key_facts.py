"""The "Key facts" lead of the label tier (issue 15 points 4 and 5).

A drug brief's label tier opens with what a prescriber needs first — what the drug treats, the starting dose, the
usual range, the maximum, who must take care (boxed warning, renal and hepatic impairment) and what not to do
(contraindications) — each a statement that is the label's own sentence: the quote of a fact the `medbrief.facts`
stage extracted (those quotes are the label tier's own statements, `label_reading.statements`, so they are verbatim
spans already trimmed of headings), kept only when `standalone.problem` finds it can stand alone. The indication is
no fact type: it is the sentence the label reading chooses for the indications facet.

A question that asks one of these facts ("maximum daily dose of tizanidine", "is metformin safe in kidney disease")
gets that fact first; the blocks below then give the label text around it. What the question asks of these facts
and the label does not state is said in one note ("No maximum dose was found in the tizanidine label cited in the key
facts." to a maximum-dose question): what the fact reader did not find, which is not a claim that the label never
states it. A fact the question does not ask for is not said to be absent ("what is gabapentin used for" gets no "No
boxed warning was found").

Facts come from `Corpus.label_facts` (read once per label: kept in the process and beside the store).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..facts.records import LabelFact
from ..retrieve.corpus import LabelDoc
from ..retrieve.facets import ALL_FACETS
from ..retrieve.question import Question
from ..sentences import SECTION_REF
from . import standalone
from .dose_heading import with_heading
from .drafts import Draft, DraftBlock, Evidence
from .label_reading import Focus, deferred_pointer_at, read_label, table_cells, table_copy, table_rows
from .referents import refers_back
from .sentences import content_words as similarity_words
from .sentences import similarity

HEADING = "Key facts"
FactsOf = Callable[[LabelDoc], list[LabelFact]]  # a label's facts (Corpus.label_facts: read once, then kept)
MOST = 6  # statements in the block: a glance, not the label
_MAX_QUOTE = 300  # a key fact is one short sentence; longer quotes are run-ons of flattened text

# Slots, in the order the block shows them, with the words the absent-note uses for them.
SLOTS = ("indication", "start", "range", "maximum", "boxed", "renal", "hepatic", "contraindication")
_ABSENT_WORDS = {"start": "starting dose", "range": "usual dose range", "maximum": "maximum dose",
                 "boxed": "boxed warning", "renal": "advice for renal impairment",
                 "hepatic": "advice for hepatic impairment", "contraindication": "contraindication"}
# Which slots survive when more than MOST are filled, most needed first.
_PRIORITY = ("indication", "maximum", "start", "contraindication", "boxed", "renal", "hepatic", "range")
# The slot a question's facet asks for, first match wins (a dosing question leads with the starting dose).
_ASKED = (("max_dose", ("maximum", "range")), ("renal", ("renal",)), ("hepatic", ("hepatic",)),
          ("boxed_warning", ("boxed",)), ("contraindications", ("contraindication",)),
          ("dosing", ("start", "maximum", "range")), ("indications", ("indication",)))
_DOSE_SLOTS = ("start", "range", "maximum")
_MASS = frozenset({"mg", "mcg", "g"})
_XREF = re.compile(rf"{SECTION_REF}|\[see ", re.I)
_WITH_OTHER_DRUGS = re.compile(r"\b(in patients (taking|receiving)|concomitant\w*|coadminist\w*|co-administ\w*|"
                               r"when (taken|used|given) with|in combination with)\b", re.I)
# A subgroup the extractor left unnamed ("In patients on hemodialysis, the maximum dosage ... is 7.5 mg per day").
SUBGROUP = re.compile(r"\bin (patients|those|subjects)\b|\bpatients (on|with|who|receiving|undergoing)\b", re.I)


def _names_children(text: str) -> bool:
    """Children or an age under 18 named (facts.compare.CHILD, the one pattern for children: "Patients >= 6 Years
    of age: ...")."""
    from ..facts.compare import CHILD

    return bool(CHILD.search(text))


_MUST_NOT = re.compile(r"\bcontraindicated\b|\bdo not (use|take|give)\b|\bmust not\b|\bshould not be (used|given)\b",
                       re.I)
# A statement that gives no advice: what is not known ("No information is available on dosing adjustments necessary
# for pediatric patients with moderate to severe renal insufficiency"), not what to do.
_NO_ADVICE = re.compile(r"\bno (information|data|studies)\b|\bnot (been )?(studied|evaluated|established|known)\b|"
                        r"\bunknown\b|\bhave not been (conducted|performed)\b", re.I)
# A statement that leans on the one before it ("In these patients, dosage reduction is recommended").
_CONTEXT = re.compile(r"\b(these|such|those) (patients|subjects|individuals|children|adults)\b|"
                      r"^(however|therefore|thus|also|nonetheless|nevertheless|hence|accordingly|similarly|"
                      r"in addition|additionally|consequently|in such cases|in this case)\b", re.I)
_ORGAN = {"renal": re.compile(r"\b(renal|kidney|creatinine|egfr|crcl|dialysis)", re.I),
          "hepatic": re.compile(r"\b(hepatic|liver|child-pugh|cirrho)", re.I)}
_SAFETY_ORDER = {"contraindicated": 0, "avoid": 1, "adjust": 2, "monitor": 3, "no_adjustment": 4}

# A product name glued before the sentence ("Metformin hydrochloride tablets The recommended starting dose ...").
_GLUED_NAME = re.compile(r"^[A-Z][\w\- ]{0,60}?[a-z]\s+(?=(?:The|These)\s+[a-z])")
# Where a flattened list runs on after a whole sentence ("... inhibitors [see Drug Interactions ( 7.1 )]. with a
# history of ..."): the sentence ends at the full stop.
_RUN_ON = re.compile(r"[.\]]\s+(?=[a-z])")


def span(f: LabelFact) -> tuple[int, int, str]:
    """The fact's quote trimmed to one whole sentence: (start, end, text) in its passage, where text is
    `f.quote` cut at both ends (a glued product name or heading before it, a flattened list after its full stop)."""
    a, b = 0, len(f.quote)
    head = _GLUED_NAME.match(f.quote)
    if head:
        a = head.end()
    # a subsection heading openFDA flattened into the sentence ("Hyperkalemia Triamterene can cause hyperkalemia ...",
    # "Severe Neutropenia Clozapine has caused ..."): the fact's sentence starts after it
    a += standalone.heading_end(f.quote[a:])
    tail = _RUN_ON.search(f.quote, a)
    if tail:
        b = tail.start() + 1
    return f.start + a, f.start + b, f.quote[a:b]


# A whole sentence ends with a full stop (after a closing bracket at most): a list lead-in with its items run
# together ("indicated for: • Management of ... • Management of fibromyalgia") does not.
_SENTENCE_END = re.compile(r"[.!?][\s)\]]*$|[.!?]\s*[\])]\s*\.?\s*$")
_CAPITALISED = re.compile(r"^[A-Z][\w\-/]*$")


def _heading_glued(quote: str) -> bool:
    """Title Case words early in the quote: a heading or table header run into the sentence ("Maintenance of Normal
    Sinus Rhythm (Delay in AF/AFl Recurrence) Dofetilide capsules are indicated ...")."""
    words = quote.split()[1:8]
    return sum(1 for w in words if _CAPITALISED.match(w)) >= 3


def usable(quote: str) -> bool:
    """Whether a (trimmed) quote can be a key-fact statement: one whole short sentence that stands alone (no list
    lead-in or list run on after it, table row, glued heading, fragment)."""
    return (len(quote) <= _MAX_QUOTE and standalone.problem(quote) is None and not _RUN_ON.search(quote)
            and not _GLUED_NAME.match(quote) and bool(_SENTENCE_END.search(quote)) and "\n" not in quote
            and not _heading_glued(quote) and ":" not in quote[-60:])


def _usable(f: LabelFact) -> bool:
    # a statement that leans on the one before it ("Start these patients with a lower dosage", "Nonetheless,
    # some modification of dosage ...") does not say whom it is about: never a key fact alone
    text = span(f)[2]
    return usable(text) and not _CONTEXT.search(text) and not standalone.leans_on_previous(text) \
        and not refers_back(text)


def _top(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list) and value:
        return float(max(value))
    return 0.0


def daily_maximum(facts: Iterable[LabelFact]) -> LabelFact | None:
    """The label's stated ceiling for the drug on its own: kind "maximum", preferring a mass per day for no named
    population and not with other drugs, then the largest amount, then the shortest quote without a cross-reference
    (the full prescribing text's "The maximum total daily dosage is 36 mg." over the highlights' run-on). A usual
    range is never a maximum, nor is a limit with other drugs ("In patients taking nelfinavir, do not exceed 40 mg").
    None when the label states none."""
    cands = [f for f in facts if f.fact == "max_dose" and f.kind == "maximum" and not with_other_drugs(f)]
    if not cands:
        return None
    return min(cands, key=lambda f: (f.unit not in _MASS, f.per != "day", for_children(f), limits_first_dose(f),
                                     f.population is not None, bool(SUBGROUP.search(f.quote)), not _usable(f),
                                     -_top(f.value), bool(_XREF.search(f.quote)), len(f.quote)))


# What a "what it treats" sentence says: warfarin's "... have no direct effect on an established thrombus" does not.
_STATES_USE = re.compile(r"\b(indicated|used (to|for|in) (the )?(treat|manage|prevent|reliev|reduc|control)\w*)\b",
                         re.I)
# A ceiling on the first dose only ("the maximum initial dose should not exceed 50 mg once daily").
_FIRST_DOSE = re.compile(r"(initial|starting|first|loading|initiation)\s+(dose|dosage|dosing)|initiat\w+ at",
                         re.I)


def for_children(f: LabelFact) -> bool:
    """The fact names children in its population or its own words ("Pediatric starting dose: ... maximum
    recommended dose: 20 mg once daily", "Patients >= 6 Years of age: ...")."""
    return _names_children(f.quote) or bool(f.population and _names_children(f.population))


def limits_first_dose(f: LabelFact) -> bool:
    """The ceiling holds for a first or starting dose, not the daily dose at large."""
    return bool(_FIRST_DOSE.search(f.quote))


def applies_to_all(f: LabelFact) -> bool:
    """A maximum stated for every patient the label treats: no named population or subgroup, not for children,
    not a first-dose limit, not with other drugs — the only kind a cross-tier check may hold a study to."""
    return (f.population is None and not SUBGROUP.search(f.quote) and not for_children(f)
            and not limits_first_dose(f) and not with_other_drugs(f))


def with_other_drugs(f: LabelFact) -> bool:
    """A limit that holds only beside other drugs ("In patients taking clarithromycin ..., do not exceed 20 mg")."""
    return bool(_WITH_OTHER_DRUGS.search(f.quote) or (f.population and _WITH_OTHER_DRUGS.search(f.population)))


# A run-in label before the statement: "Renal Impairment : ", "Severe Hepatic Impairment: ".
_RUN_IN_LABEL = re.compile(r"^[^:.;]{1,60}?\s*:\s+")


def _first(facts: Sequence[LabelFact], keep: Callable[[LabelFact], bool],
           rank: Callable[[LabelFact], tuple[object, ...]] = lambda f: ()) -> LabelFact | None:
    order = {id(f): i for i, f in enumerate(facts)}
    cands = [f for f in facts if keep(f) and _usable(f)]
    return min(cands, key=lambda f: (*rank(f), order[id(f)])) if cands else None


def _dose_rank(f: LabelFact) -> tuple[object, ...]:
    # the adult dose of the main indication (first in reading order), said in the full text, not the highlights
    return (bool(_CONTEXT.search(f.quote)), f.population is not None and _names_children(f.population),
            _names_children(f.quote),
            bool(_WITH_OTHER_DRUGS.search(f.quote)), bool(_XREF.search(f.quote)))


def _overlaps(f: LabelFact, g: LabelFact) -> bool:
    """Two facts whose quotes say much the same (the renal contraindication in Contraindications and in Renal
    Impairment)."""
    return similarity(_words(f.quote), _words(g.quote)) >= 0.5


def _words(text: str) -> frozenset[str]:
    return Draft(text, []).words


# Who a dose stated just before its sentence is for, when not an adult at large ("Renal Impairment ... Up titrate
# as tolerated to a maximum of 40 mg daily", "for the frail elderly").
_SUBGROUP_CONTEXT = re.compile(r"\b((renal|hepatic|kidney|liver) (impairment|insufficiency|disease|function)|dialysis|"
                               r"elderly|geriatric|frail|debilitated|child\w*|pediatric|adolescen\w*|"
                               r"years of age)\b", re.I)


# A numbered subsection heading inside a passage ("2.4 Dose in Patients with Renal Impairment").
_SUBSECTION = re.compile(r"(?:^|(?<=[.:;)\]\n]\s)|(?<=\n)|(?<=\s\s))\d{1,2}\.\d{1,2}\s+(?=[A-Z][a-z])")


def for_everyone(f: LabelFact, passage: tuple[str, str | None] | None = None) -> bool:
    """A dose fact said for adults at large: no population (the fact's own, or children named in its heading or
    lead-in: `facts.compare.population_of`), no subgroup in its words or in the 200 characters before it in its
    passage (`passage`: the passage's text and section title)."""
    from ..facts.compare import population_of

    text, section = passage if passage is not None else (None, None)
    if population_of(f, text, section) is not None or _SUBGROUP_CONTEXT.search(f.quote) or SUBGROUP.search(f.quote):
        return False
    if section and _SUBGROUP_CONTEXT.search(section):
        return False
    if not text:
        return True
    # the heading line of the subsection the fact stands in ("2.4 Dose in Patients with Renal Impairment\n...")
    before = text[: f.start]
    starts = [m.start() for m in _SUBSECTION.finditer(before)]
    heading = before[starts[-1] if starts else 0 :].split("\n", 1)[0][:120]
    return not (_SUBGROUP_CONTEXT.search(heading) or _SUBGROUP_CONTEXT.search(before[-200:]))


def pick(facts: Sequence[LabelFact], general: Callable[[LabelFact], bool] = for_everyone) -> dict[str, LabelFact]:
    """One fact per slot (`SLOTS` minus "indication") whose quote can stand alone; a slot the label does not state
    (or states only in words that cannot be quoted alone) is missing from the result. The starting dose and the
    maximum are only doses for adults at large (`general`, `for_everyone` by default)."""
    out: dict[str, LabelFact] = {}
    maximum = daily_maximum(f for f in facts if _usable(f) and general(f))
    # a child's or a first dose's ceiling is no answer to "the maximum dose": the blocks below quote it in context
    if maximum is not None and not for_children(maximum) and not limits_first_dose(maximum):
        out["maximum"] = maximum
    for slot, keep in (
        ("start", lambda f: f.fact == "starting_dose" and f.kind == "start" and general(f)),
        ("range", lambda f: f.fact == "max_dose" and f.kind == "range" and general(f)),
    ):
        got = _first(facts, keep, _dose_rank)
        if got is not None:
            out[slot] = got
    boxed = _first(facts, lambda f: f.fact == "boxed_warning", lambda f: (f.kind != "present",))
    if boxed is not None:
        out["boxed"] = boxed
    for organ in ("renal", "hepatic"):
        # a Contraindications list item ("Acute liver failure or decompensated cirrhosis") reads as a fragment
        def keep(f: LabelFact, o: str = organ) -> bool:
            return f.fact == o and (f.kind != "contraindicated" or bool(_MUST_NOT.search(f.quote))) and not any(
                _overlaps(f, g) for g in out.values() if g.quote != f.quote) and not _NO_ADVICE.search(f.quote) \
                and not for_children(f)

        # (the organ named in the sentence's own words, over a highlights line naming it only in its run-in label,
        # "Renal Impairment : Use the lowest recommended starting dose ...", fix12g)
        got = _first(facts, keep, lambda f, o=organ: (bool(_CONTEXT.search(f.quote)), _SAFETY_ORDER.get(f.kind, 5),
                                                      not _ORGAN[o].search(_RUN_IN_LABEL.sub("", f.quote))))
        if got is not None:
            out[organ] = got
    # a statement that says "contraindicated" (a list item alone, "Hypersensitivity to atorvastatin.", reads as a
    # fragment without its lead-in), not one that repeats the renal or hepatic key fact
    shown = [out[o] for o in ("renal", "hepatic") if o in out]
    contra = _first(facts, lambda f: f.fact == "contraindication" and bool(_MUST_NOT.search(f.quote))
                    and not any(_overlaps(f, g) for g in shown))
    if contra is not None:
        out["contraindication"] = contra
    return out


def stated_slots(facts: Sequence[LabelFact]) -> set[str]:
    """The slots the label states at all (quotable or not): what the absent-note must not call absent."""
    kinds = {(f.fact, f.kind) for f in facts}
    facts_named = {f.fact for f in facts}
    out = set()
    if ("starting_dose", "start") in kinds:
        out.add("start")
    if ("max_dose", "range") in kinds:
        out.add("range")
    if any(f.fact == "max_dose" and f.kind == "maximum" and not with_other_drugs(f) for f in facts):
        out.add("maximum")
    for slot, fact in (("boxed", "boxed_warning"), ("renal", "renal"), ("hepatic", "hepatic"),
                       ("contraindication", "contraindication")):
        if fact in facts_named:
            out.add(slot)
    return out


def asked_slots(facets: Iterable[str]) -> tuple[str, ...]:
    """The slots a question asks for, in the order they should lead (empty for other questions)."""
    facets = set(facets)
    for facet, slots in _ASKED:
        if facet in facets:
            return slots
    return ()


def slots_asked(facets: Iterable[str]) -> tuple[str, ...]:
    """Every slot any of the question's facets asks for ("maximum dose and renal adjustment": maximum, range, renal),
    in `SLOTS` order: the facts whose absence a note may state."""
    facets = set(facets)
    wanted = {s for facet, slots in _ASKED if facet in facets for s in slots}
    return tuple(s for s in SLOTS if s in wanted)


@dataclass
class KeyFacts:
    """The block (None when no key fact could be quoted), the note on what the label does not state, and the facts
    of the label it cites (for the cross-tier checks)."""

    block: DraftBlock | None
    note: str | None
    label: LabelDoc
    facts: list[LabelFact] = field(default_factory=list)
    # labels of the drug that disagree with this one on a fact the lead shows: (what, [(value, unit, doc_id)])
    disagreements: list[tuple[str, list[tuple[object, str | None, str]]]] = field(default_factory=list)
    others: DraftBlock | None = None  # the other labels' statements of those facts, to cite them
    maximum: LabelFact | None = None  # the maximum the block shows, if it shows one


# Dose facts only: on the demo store the renal/hepatic verdicts compared included statements about other
# patients filed under a renal heading ("Avoid use ... in patients who are hemodynamically unstable after acute MI").
_SHOWN_FACT = {"max_dose": ("maximum", "maximum dose"), "starting_dose": ("start", "starting dose")}
_MOST_OTHER_LABELS = 4  # other label texts compared: each costs one facts extraction on a cold process


def _form(label: LabelDoc) -> str | None:
    # the dosage form with the release the label states anywhere (facts.compare.label_form): an openFDA "capsule"
    # whose text says extended-release capsules is not compared with immediate-release tablets
    from ..facts.compare import label_form

    return label_form(label.doc.title, label.doc.meta, label.passages)


def add_disagreements(kf: KeyFacts, others: Sequence[LabelDoc], facts_of: FactsOf,
                      heading: str = "Labels that disagree") -> None:
    """Compare the lead label's facts with other labels of the drug (`facts.compare.label_disagreements`, issue 15
    point 6) and keep, for each dose fact the lead shows (maximum, starting dose) on which they disagree,
    the values with their labels, and one statement per other label stating its value (`kf.others`)."""
    from ..facts.compare import label_disagreements

    if kf.block is None or not others:
        return
    shown = {d.facet.removeprefix("key:") for d in kf.block.statements if d.facet}
    labels = {lb.doc.id: lb for lb in [kf.label, *others[:_MOST_OTHER_LABELS]]}
    facts = [f for lb in labels.values() for f in (kf.facts if lb is kf.label else facts_of(lb))]
    stmts: list[Draft] = []
    passages = {p.id: p for lb in labels.values() for p in lb.passages}  # who a dose is for: its heading, lead-in
    for d in label_disagreements(facts, {i: _form(lb) for i, lb in labels.items()}, passages):
        slot, what = _SHOWN_FACT.get(d.fact, (None, ""))
        if slot not in shown or kf.label.doc.id not in d.doc_ids:
            continue
        values = []
        for value, unit, stating in d.values:
            for f in stating:
                if f.doc_id != kf.label.doc.id and _usable(f) and all(e.doc_id != f.doc_id for s in stmts
                                                                      for e in s.evidence):
                    stmts.append(_draft(labels[f.doc_id], f, slot))
            values.append((value, unit, stating[0].doc_id))
        kf.disagreements.append((what, values))
    if stmts:
        kf.others = DraftBlock(heading, stmts)


def _draft(label: LabelDoc, f: LabelFact, slot: str, names: re.Pattern[str] | None = None) -> Draft:
    start, end, text = span(f)
    cut = standalone.heading_before_name(text, names) if names is not None else 0
    if cut:  # "Hyperkalemia Triamterene and hydrochlorothiazide should not be used ...": a heading before the name
        start, text = start + cut, text[cut:]
    pointer = deferred_pointer_at(text)
    if pointer:  # "... as appropriate [see Warnings and Precautions ( 5.8 )] .": quoted up to the pointer (fix14h)
        # (told apart from other statements by the sentence as the label writes it, pointer and all)
        words = similarity_words(text)
        end, text = start + pointer, text[:pointer]
        return Draft(f"{text}.", [Evidence(label.doc.id, f.passage_id, start, end, text)], facet=f"key:{slot}",
                     words=words, points_elsewhere=True)
    return Draft(text, [Evidence(label.doc.id, f.passage_id, start, end, text)], facet=f"key:{slot}")


# A cross-reference between a list's items, as Highlights write them ("indicated for: Treatment of schizophrenia in
# adults. ( 1 ) Treatment of schizoaffective disorder ... ( 1 )"), after a full stop or semicolon; and a "[see ...]"
# pointer anywhere in it ("... bleeding [see Warnings and Precautions ( 5.2 )] severe ..."). A reference before the
# sentence's own full stop ("... hospitalization for PAH ( 1.1 ).") stays: cut, the statement would lose its end.
_ITEM_REF = re.compile(rf"(?<=[.;])\s*{SECTION_REF}|\s*\[\s*see\b[^\[\]]*\](?!\s*\.?\s*$)", re.I)


def without_item_refs(d: Draft) -> Draft:
    """A one-span statement whose list items are run together with cross-references between them (issue 12 point 3:
    "items run together"), stated as the pieces between the references, each its own verbatim span of the passage
    (the way a list item is stated with its lead-in: two spans, joined by a space). Unchanged when it has none."""
    if len(d.evidence) != 1:
        return d
    ev = d.evidence[0]
    cuts = list(_ITEM_REF.finditer(ev.quote))
    if not cuts:
        return d
    pieces: list[Evidence] = []
    a = 0
    for m in [*cuts, None]:
        b = m.start() if m else len(ev.quote)
        piece = ev.quote[a:b]
        x = len(piece) - len(piece.lstrip(" .;,"))  # ("A [see X] . B": the full stop after a pointer ends A, not B)
        piece = piece.lstrip(" .;,").rstrip()
        if re.search(r"[A-Za-z]{2}", piece):
            start = ev.start + a + x
            pieces.append(Evidence(ev.doc_id, ev.passage_id, start, start + len(piece), piece))
        a = m.end() if m else b
    if not pieces:
        return d
    return Draft(" ".join(e.quote for e in pieces), pieces, facet=d.facet, words=d.words,
                 points_elsewhere=d.points_elsewhere)


def key_facts(label: LabelDoc, drug: str, q: Question, facts_of: FactsOf, focus: Focus | None = None, *,
              heading: str = HEADING) -> KeyFacts:
    """The Key facts of one label for a question: at most `MOST` statements, the asked fact first (see `_ASKED`),
    then indication, starting dose, usual range, maximum, boxed warning, renal, hepatic, contraindication.

    The note names the facts the question asks for (`slots_asked`) that were not found in the label ("No boxed
    warning was found in the tizanidine label cited in the key facts." to "does tizanidine have a boxed warning");
    dose facts are said to be missing only when the label has a Dosage and Administration section (an extract such
    as a TAC 2017 file has none, and then the note says so).
    `facts_of`: a label's facts (`Corpus.label_facts`)."""
    facts = facts_of(label)
    chosen: dict[str, Draft] = {}
    order = {p.id: i for i, p in enumerate(label.passages)}
    # what it treats first: the label's first indication sentence, not the one nearest the question's words
    # (losartan's diabetic nephropathy, ciprofloxacin's typhoid fever came before hypertension, infections)
    # (read without dropping near-duplicates: "X is indicated for skin infections" and "... for typhoid fever" read
    # alike, and the first in reading order must not lose to a later one that scores higher)
    # (a list of uses read whole, not cut into items: one item, "VOQUEZNA is ... indicated: for healing of ...
    # erosive esophagitis", is one use of several, stated as if it were what the drug treats, and made the Key facts
    # lead "what is voquezna used for" with a part of the answer; fix13s)
    indication = sorted((d for d in read_label(ALL_FACETS["indications"], label, q, 40, focus, distinct=1.01,
                                               items=False).drafts
                         if usable(d.text) and _STATES_USE.search(d.text)
                         and not _CONTEXT.search(d.text)),
                        key=lambda d: (order.get(d.evidence[0].passage_id, 0), d.evidence[0].start))
    if indication:
        chosen["indication"] = without_item_refs(
            Draft(indication[0].text, list(indication[0].evidence), facet="key:indication",
                  points_elsewhere=indication[0].points_elsewhere))
    spans: set[tuple[str, int, int]] = {(e.passage_id, e.start, e.end) for d in chosen.values() for e in d.evidence}
    passages = {p.id: (p.text, p.section) for p in label.passages}
    # a fact read from a table's flattened copy in prose ("Increase in increments of 25 mg-50 mg ..." is one cell of
    # a dosing table, without its row): the blocks below quote the row with its header instead
    cells = table_cells(tuple((p.id, p.section_code, p.text) for p in label.passages))
    picked = pick([f for f in facts if not table_copy(f.quote, cells)],
                  lambda f: for_everyone(f, passages.get(f.passage_id)))
    for slot, f in picked.items():
        where = (f.passage_id, *span(f)[:2])
        if where in spans:
            continue  # one statement states two facts ("renal impairment ... or hepatic impairment: use lower doses")
        spans.add(where)
        chosen[slot] = _draft(label, f, slot, focus.own_names if focus is not None else None)
        if slot in ("start", "range", "maximum"):
            chosen[slot] = with_heading(label, chosen[slot])  # the dose's indication or population (fix14d)
    asked = [s for s in asked_slots(q.facets) if s in chosen][:1]
    keep = [s for s in (*asked, *_PRIORITY) if s in chosen]
    keep = list(dict.fromkeys(keep))[:MOST]
    ordered = [*asked, *(s for s in SLOTS if s in keep and s not in asked)]
    block = DraftBlock(heading, [chosen[s] for s in ordered]) if ordered else None
    stated = stated_slots(facts) | _table_slots(label) | _text_slots(label)
    has_dosing = any(p.section_code in ("34068-7", "dosage_and_administration") for p in label.passages)
    # a fact is said to be absent only to a question that asks for it: "what is Jardiance used for" or "can I take
    # a painkiller with a water pill" asks no starting dose (fix14v), and "what is gabapentin used for" no boxed
    # warning or renal advice: "No boxed warning was found" on a uses brief answers what was not asked, and the fact
    # reader's misses (a dose it did not read as a starting dose) were said as the label's
    wanted = set(slots_asked(q.facets))
    asks_dose = bool(wanted & set(_DOSE_SLOTS))
    absent = [s for s in SLOTS[1:] if s not in stated and s in wanted and (s not in _DOSE_SLOTS or has_dosing)]
    parts = []
    range_only = "maximum" in absent and "range" in stated
    if range_only:
        # "The dosage range is 10 mg to 80 mg once daily" is quoted: "no maximum dose" beside it would contradict it
        absent.remove("maximum")
    if absent:
        words = [_ABSENT_WORDS[s] for s in absent]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
        parts.append(f"No {listed} was found in the {drug} label cited in the key facts.")
    if range_only:
        where = "quoted above" if "range" in ordered else "in its dosing text"
        parts.append(f"The {drug} label cited in the key facts gives a usual dose range ({where}) but states no "
                     f"separate maximum dose beyond it.")
    if not has_dosing and asks_dose:
        parts.append(f"The {drug} label cited in the key facts has no Dosage and Administration section, so its "
                     f"starting dose, dose range and maximum are not in the corpus.")
    shown_max = picked.get("maximum") if "maximum" in ordered else None
    return KeyFacts(block, " ".join(parts) or None, label, facts, maximum=shown_max)


_TABLE_SLOT_WORDS = (("maximum", re.compile(r"\bmax(imum)?\b[^;:]{0,40}:\s*[^;]*\d", re.I)),
                     ("start", re.compile(r"\b(initial|starting|start)\b[^;:]{0,40}:\s*[^;]*\d", re.I)),
                     ("renal", re.compile(r"\b(creatinine clearance|crcl|clcr|egfr|renal|dialysis)\b", re.I)),
                     ("hepatic", re.compile(r"\b(hepatic|child-pugh|liver)\b", re.I)))


def _table_slots(label: LabelDoc) -> set[str]:
    """Slots a table row of the label states ("Maximum Dose: 750 mg/day"): the fact reader reads prose only, so the
    note must not call them absent."""
    rows = [r.text for rs in table_rows(tuple(label.passages)).values() for r in rs]
    return {slot for slot, rx in _TABLE_SLOT_WORDS if any(rx.search(t) for t in rows)}


# What a label's own text says about a slot the fact reader may miss ("Renal Insufficiency Patients with severe renal
# impairment (Clcr=10 to 30 mL/min) had a 25% lower mean oral clearance ... Dosage adjustment is therefore not needed"
# in Clinical Pharmacology): the note must not call it absent. Only sections that advise on use (dosing, specific
# populations, warnings, contraindications, pharmacokinetics), so "acute renal failure" as a sign of a syndrome in
# Warnings is no statement on renal impairment: the impairment, clearance or dialysis is named.
_SLOT_TEXT = {
    "renal": re.compile(r"\b(renal|kidney) (impairment|insufficiency|dysfunction|disease)\b|\bcreatinine clearance\b|"
                        r"\b(clcr|crcl|egfr)\b|\b(hemo|haemo)?dialysis\b", re.I),
    "hepatic": re.compile(r"\b(hepatic|liver) (impairment|insufficiency|dysfunction|disease)\b|\bchild[- ]pugh\b|"
                          r"\bcirrho", re.I),
}
_ADVICE_CODES = frozenset({"34068-7", "43684-0", "34090-1", "43682-4", "43685-7", "34071-1", "42232-9", "34070-3",
                           "34082-8", "34081-0", "dosage_and_administration", "use_in_specific_populations",
                           "clinical_pharmacology", "pharmacokinetics", "warnings_and_cautions", "warnings",
                           "precautions", "contraindications", "geriatric_use"})
_BOXED_CODES = frozenset({"34066-1", "boxed_warning"})


def _text_slots(label: LabelDoc) -> set[str]:
    """Slots the label's text states in the sections that advise on use, whether or not the fact reader read a fact
    from it: renal and hepatic impairment named there, a boxed warning section with text."""
    out = set()
    for p in label.passages:
        code = p.section_code or ""
        if code in _BOXED_CODES and len(p.text.strip()) >= 40:
            out.add("boxed")
        if code in _ADVICE_CODES:
            out |= {slot for slot, rx in _SLOT_TEXT.items() if rx.search(p.text)}
    return out


def drop_repeats(blocks: list[DraftBlock], lead: DraftBlock) -> list[DraftBlock]:
    """`blocks` without the statements the lead block already shows (same span, or the same words from the same
    label), and without blocks left empty: a statement appears once in a brief's label tier."""
    spans = {(e.passage_id, e.start, e.end) for d in lead.statements for e in d.evidence}
    docs = {e.doc_id for d in lead.statements for e in d.evidence}
    out = []
    for b in blocks:
        # the same words from another label (another salt form's "Renagel is a phosphate binder ...") stay: that
        # label speaks for its own product
        kept = [d for d in b.statements
                if not any((e.passage_id, e.start, e.end) in spans for e in d.evidence[:1])
                and ((d.evidence[:1] and d.evidence[0].doc_id not in docs)
                     or all(similarity(d.words, s.words) < 0.8 for s in lead.statements))]
        if kept:
            out.append(DraftBlock(b.heading, kept))
    return out
