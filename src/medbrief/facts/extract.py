"""One label -> its facts: which sections are read for which fact, each statement's span, and duplicates removed.

Statements are the label tier's own (`compose.label_reading.statements`: the sentence splitter of
medbrief.sentences, headings trimmed, Drug Facts Directions cut into items), so every quote is an exact span of a
stored passage. A section is read only for the facts it states: doses from Dosage and Administration (never the
"maximum recommended human dose" of animal studies), renal and hepatic statements from dosing, contraindications,
warnings and specific populations, Indications (limits of use), Drug Interactions (contraindications only) and,
strictly, Clinical Pharmacology (mostly pharmacokinetics there); Drug Interactions also for the label's own
ceiling when its own name stands between the cue and the amount (`dose.interaction_maxima`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from ..compose.drug_facts import DIRECTIONS_CODES, is_drug_facts
from ..compose.label_reading import statements
from ..records import Passage
from ..sentences import Sentence, segments
from ..sources.tables import TABLES_SUFFIX
from . import dose, populations, safety
from .records import Found, LabelFact

DOSAGE = frozenset({"34068-7"})
CONTRAINDICATIONS = frozenset({"34070-3", "50570-1"})  # Contraindications; Drug Facts "Do not use"
BOXED = frozenset({"34066-1"})
WARNINGS = frozenset({"43685-7", "34071-1", "42232-9", "34072-9"})
SPECIFIC_POPULATIONS = frozenset({"43684-0", "88828-9", "88829-7", "34082-8"})
DRUG_FACTS_ASK = frozenset({"50569-3", "50568-5", "50567-7", "50566-9"})
ADVERSE = frozenset({"34084-4", "90374-0"})
# Clinical Pharmacology and its Pharmacokinetics subsection: read for renal and hepatic instructions only, strictly
# (populations.py `pharmacology`): the patients and the instruction named in the statement itself
PHARMACOLOGY = frozenset({"34090-1", "43682-4"})
DEPENDENCE = frozenset({"42227-9", "34087-7"})
# Indications and Usage: read for renal and hepatic limits of use ("JARDIANCE is not recommended for use to improve
# glycemic control in patients with type 2 diabetes mellitus with an eGFR less than 30 mL/min/1.73 m 2")
INDICATIONS = frozenset({"34067-9"})
INTERACTIONS = frozenset({"34073-7"})
# The "(tables)" sections read for a "Maximum Dose" column: Dosage and Administration, and the unclassified section
# (which holds the highlights' dosing table of some labels: "| Indication | Starting Dose | Target Dose | Maximum
# Dose |").
TABLE_MAXIMA = DOSAGE | frozenset({"42229-5"})
# Sections read for a ceiling stated outside Dosage and Administration ("Avoid exceeding the recommended dosage of 10
# g/m 2 daily" in Warnings and Precautions, "(maximum 40 mg)" in a boxed warning, an old label's unclassified
# dosing text): boxed warning, Warnings / Precautions, the unclassified section; guarded by `dose.outside_maxima`
# and, label-wide, by `_outside_kept`.
OUTSIDE_MAXIMA = BOXED | WARNINGS | frozenset({"42229-5"})
# An instruction to stop a drug that is not the label's own ("Stop metformin at the time of, or prior to, IOMERVU
# administration in patients with an eGFR between 30 and 60"): the other drug's renal/hepatic caution, not this one's.
_STOP_OTHER = re.compile(r"\s*(?:Stop|Discontinue|Withhold)\s+(?P<w>[A-Za-z][\w-]+)")
_STOP_OBJECTS = frozenset("""use using the treatment therapy taking dosing administration all drug drugs medication
    medications it its this these therapy infusion injection immediately temporarily permanently and or if in for
    when at during upon after before with on until unless""".split())
_KIDNEY_INDICATION = re.compile(r"chronic\s+kidney\s+disease|\bCKD\b", re.I)
# openFDA's pregnancy / nursing / labor fields often hold the neighbouring subsection's text too ("8.2 Lactation"
# under labor_and_delivery), so both population facts read all of them.
PREGNANCY_LACTATION = frozenset({"42228-7", "34077-8", "34078-6", "34079-4", "77290-5", "34080-2", "53414-9"})

Extractor = Callable[[str], list[Found]]
HeadingReader = Callable[[str, str], list[Found]]
# Readers that also see the heading a statement stands under.
_WITH_HEADING: frozenset[Callable[..., list[Found]]] = frozenset({populations.renal, populations.hepatic})
# fact extractor -> the sections it reads
READERS: tuple[tuple[Extractor, frozenset[str]], ...] = (
    (dose.dose_facts, DOSAGE),
    # a course's limit of use said in Indications ("Limitations of Use: Limit duration of use to 12 monthly doses")
    (dose.course_limits, INDICATIONS),
    # the label's own ceiling with another drug ("limit the dose of ambrisentan to 5 mg once daily when
    # coadministered with cyclosporine"), said only in Drug Interactions
    (dose.interaction_maxima, INTERACTIONS),
    # another drug's ceiling with this one ("atorvastatin dosage should not exceed 20 mg/day"), kind "interaction"
    (dose.other_drug_maxima, INTERACTIONS),
    (dose.outside_maxima, OUTSIDE_MAXIMA),
    (populations.renal, DOSAGE | CONTRAINDICATIONS | BOXED | WARNINGS | SPECIFIC_POPULATIONS | DRUG_FACTS_ASK
     | PHARMACOLOGY | INDICATIONS | INTERACTIONS),
    (populations.hepatic, DOSAGE | CONTRAINDICATIONS | BOXED | WARNINGS | SPECIFIC_POPULATIONS | DRUG_FACTS_ASK
     | PHARMACOLOGY | INDICATIONS | INTERACTIONS),
    (safety.contraindication, CONTRAINDICATIONS),
    (safety.adverse_reactions, ADVERSE),
    (safety.withdrawal, DOSAGE | BOXED | WARNINGS | DEPENDENCE),
    (populations.pregnancy, PREGNANCY_LACTATION | SPECIFIC_POPULATIONS | CONTRAINDICATIONS | BOXED),
    (populations.lactation, PREGNANCY_LACTATION | SPECIFIC_POPULATIONS | CONTRAINDICATIONS),
)
_MIN_BOXED_WORDS = 6
# A statement whose patients are those of the sentence before ("in these patients", "this population", "patients with
# one or more of these characteristics").
_BACK_REFERENCE = re.compile(r"\b(?:these|such|this|those)\s+(?:patients|population|individuals|subjects|"
                             r"characteristics|conditions|risk\s+factors)\b", re.I)
# Where a highlights line title starts inside a statement: after a bullet, a sentence end or a cross-reference
# ("( 5.15 , 8.1 ) • Renal and/or Hepatic Impairment or Hypoalbuminemia:", "( 2.1 ) Severe Hepatic or Severe Renal
# Impairment:").
_LEAD_SPLIT = re.compile(r"•|\.\s|\)\s(?=[A-Z])")


def _lead_title(text: str) -> str:
    """The line title `text` ends with ("Patients with Severe Renal Impairment (not on hemodialysis) :"), which names
    the patients of the one statement after it; "" when `text` does not end in such a title."""
    tail = _LEAD_SPLIT.split(text)[-1].strip()
    if tail.endswith(":") and 3 <= len(tail) <= 100 and not re.search(r"[;:]", tail[:-1]):
        return tail
    return ""
# Where an item ends: a bullet, a line break, a highlights cross-reference ("( 2.6 , 8.7 )", "( 2 .2)"), a line
# title ("CHB:") or a numbered subsection title between two statements.
_ITEM_END = re.compile(r"•|\n|\(\s*\d+(?:\s*\.\s*\d+)*(?:\s*,\s*\d+(?:\s*\.\s*\d+)*)*\s*\)|:\s*$|"
                       r"\b\d+\.\d+\s+[A-Z]")
# Trial patients, not an instruction's ("Patients with known active liver disease ... were excluded from the EMILIA
# and KATHERINE studies").
# ... nor a harm the drug (class) is associated with ("TPO receptor agonists have been associated with thrombotic
# ... complications in patients with chronic liver disease").
_STUDIED = re.compile(r"\b(?:were|was)\s+(?:excluded|enrolled|included|studied|evaluated|treated)\b|\bstud(?:y|ies)\b|"
                      r"\bassociated\s+with\b", re.I)
# A statement that is an instruction about the dose or the patients' care with no patients of its own: "Dosage
# adjustments may be necessary", "A dosage adjustment may be required", "Do not exceed the recommended dose",
# "Therefore, renal function should be monitored carefully and dosage adjusted accordingly".
_BARE_INSTRUCTION = re.compile(
    r"^\W*(?:(?:Therefore|Thus|Hence|Accordingly|However),?\s+)?(?:(?:a|the)\s+)?(?:(?:dose|dosage|dosing)\s+"
    r"(?:adjustments?|reductions?|modifications?)\s+(?:may|should|must|might|will)\b|"
    r"(?:Do\s+not\s+exceed|Reduce|Adjust|Decrease|Lower|Monitor|Consider\s+(?:a\s+)?(?:dose|dosage|lower))\b|"
    r"(?:renal|kidney)\s+function\s+should\s+be\s+(?:closely\s+|carefully\s+)?monitored\b)", re.I)
_OWN_PATIENTS = re.compile(r"\b(?:patients?|subjects?|individuals|adults|children|infants|women|men)\b", re.I)
# A table's caption at the start of a passage (up to its first sentence end or 200 characters).
_CAPTION = re.compile(r"\s*(Table\s+\d+[A-Za-z]?\s*[:.]?\s+[^.]{3,200})")
# A numbered subsection title at the very end of a passage (its text follows in the next passage).
_TRAILING_TITLE = re.compile(r"(?:^|[.\])]\s+)(\d+(?:\.\d+)+\s+[A-Z][^.!?\[\]()]{2,120})\s*$")


def _boxed_statements(p: Passage) -> list[Sentence]:
    """Statements of a boxed-warning passage; a warning set wholly in capitals (which the sentence splitter reads
    as a heading) is one statement, the passage text without its surrounding white space."""
    found = statements(p.text, False)
    if found:
        return found
    a, b = 0, len(p.text)
    while a < b and p.text[a].isspace():
        a += 1
    while b > a and p.text[b - 1].isspace():
        b -= 1
    if len(p.text[a:b].split()) >= _MIN_BOXED_WORDS:
        return [Sentence(a, b, p.text[a:b])]
    return []


def boxed_warning(passages: Sequence[Passage]) -> list[tuple[Passage, Sentence, Found]]:
    """Kind "present" (quoting the first warning statement) when the boxed-warning field holds a warning, then one
    kind "topic" fact per topic (`safety.BOXED_TOPICS`, value = topic name) quoting the first statement naming it.
    Nothing when the field is absent or holds only notices (packaging, route, handling)."""
    warning = [(p, s) for p in passages if p.section_code in BOXED for s in _boxed_statements(p)
               if not safety.is_notice(s.text)]
    if not warning:
        return []
    # "present" quotes the first statement of the warning itself, not the highlights' "See full prescribing
    # information for complete boxed warning" (unless that is all there is)
    first = next(((p, s) for p, s in warning if not safety.SEE_FULL.search(s.text)), warning[0])
    out: list[tuple[Passage, Sentence, Found]] = [(*first, Found("boxed_warning", "present"))]
    topics: set[str] = set()
    for p, s in warning:
        for topic in safety.boxed_topics(s.text):
            if topic not in topics:
                topics.add(topic)
                out.append((p, s, Found("boxed_warning", "topic", value=topic)))
    return out


# A label whose dose is a number of drops ("Instill one drop in the affected eye(s) once daily").
_DROP_DOSE = re.compile(r"\b(?:one|1|a|two|2)\s+drops?\b", re.I)


def _doses_in_drops(passages: Sequence[Passage],
                    found: list[tuple[Passage, Sentence, Found]]) -> list[tuple[Passage, Sentence, Found]]:
    """A frequency ceiling counts the label's own dosing unit: "ZIOPTAN should not be administered more than once
    daily" in a label dosed "one drop ... once daily" is 1 drop a day, not "1 dose" (the statement itself does not
    name the drop, so the Dosage and Administration text is read for it)."""
    if not any(p.section_code in DOSAGE and _DROP_DOSE.search(p.text) for p in passages):
        return found
    return [(p, s, replace(f, unit="drops") if (f.fact == "max_dose" and f.kind == "maximum" and f.unit == "doses"
                                                  and not re.search(r"\bdoses?\b", s.text, re.I)) else f)
            for p, s, f in found]


def own_names(meta: dict[str, Any]) -> frozenset[str]:
    """The label's own drug names as lower-case words of three letters or more ("dinutuximab", "unituxin"), from
    its brand, generic and substance names; empty when the record has none."""
    words: set[str] = set()
    for key in ("brand_names", "generic_names", "substance_names"):
        for name in meta.get(key) or ():
            words.update(w for w in re.findall(r"[a-z][a-z-]+", str(name).lower()) if len(w) >= 3)
    return frozenset(words)


def _outside_kept(outside: list[tuple[Passage, Sentence, Found]],
                  found: list[tuple[Passage, Sentence, Found]]) -> list[tuple[Passage, Sentence, Found]]:
    """The ceilings read outside Dosage and Administration that say something Dosage and Administration does not:
    not one restating, in another form, a maximum of the same unit it states ("The total daily dosage should not
    exceed 2 g" in Precautions beside "should not exceed 500 mg four times a day"), not the upper end of a usual
    range it states ("should not exceed 5 mg/kg/day" beside "2.5 to 5 mg/kg per day": a range end, never a
    maximum)."""
    if not outside:
        return []
    dosing = [f for p, _, f in found if f.fact == "max_dose" and (p.section_code or "") in DOSAGE]
    units = {_unit_kind(f.unit) for f in dosing if f.kind == "maximum"}
    range_ends = {(f.value[-1], f.unit) for f in dosing if f.kind == "range" and isinstance(f.value, list | tuple)}
    return [(p, s, f) for p, s, f in outside
            if _unit_kind(f.unit) not in units and (f.value, f.unit) not in range_ends]


def _unit_kind(unit: str | None) -> str:
    """A unit with its mass unit as one kind ("2 g" restates "500 mg four times a day"; "mg/kg" and "g/kg" alike)."""
    return re.sub(r"^(?:mcg|µg|μg|mg|g)(?=$|/)", "mass", unit or "")


def label_facts(doc_id: str, meta: dict[str, Any], passages: Iterable[Passage]) -> list[LabelFact]:
    """Every fact of one label (its passages in reading order): the boxed warning's first, then the others in
    reading order; a fact stated in the same words
    twice (openFDA repeats subsections under several fields) is given once, at its first place.

    `meta` is the stored document's meta (its `set_id` is copied into each fact, None when absent)."""
    passages = list(passages)
    set_id = meta.get("set_id")
    names = own_names(meta)
    label = next((str(n) for key in ("brand_names", "generic_names") for n in meta.get(key) or () if n), "this drug")
    combination = any(re.search(r"\band\b|/|,", str(g), re.I) for g in meta.get("generic_names") or ())
    otc = is_drug_facts(passages)
    found: list[tuple[Passage, Sentence, Found]] = []
    heading, last_code = "", None
    tabled: list[tuple[Passage, Sentence, Found]] = []
    # the period the label's dosing text gives every dose, for a dosing table whose header and cells give none
    period = dose.label_period(p.text for p in passages
                               if (p.section_code or "") in DOSAGE and not p.section.endswith(TABLES_SUFFIX))
    outside: list[tuple[Passage, Sentence, Found]] = []
    for p in passages:
        if p.section.endswith(TABLES_SUFFIX):
            # openFDA's tables read again beside their flattened text (sources.openfda): only the ceilings of a
            # dosing table's "Maximum Dose" column, which need the header to be read (the flattened text has
            # lost which cell is which column); every other fact is read once, in the flattened text
            if (p.section_code or "") in TABLE_MAXIMA:
                tabled.extend((p, Sentence(a, b, p.text[a:b]), f) for a, b, f in dose.pipe_table_maxima(p.text, period))
            continue
        code = p.section_code or ""
        if code != last_code:  # a subsection title carries over to the next passage of the same section only
            heading, last_code = p.section, code
        caption = _CAPTION.match(p.text)
        if caption and not any(populations.names_impairment(caption.group(1), o) for o in ("renal", "hepatic")):
            # a passage that opens with a table's caption ("Table 1 Dosage Modifications of REXULTI for CYP2D6 Poor
            # Metabolizers ...") is under that caption, not under the title the passage before ended with ("...
            # Hepatic Impairment"); a caption that names the impairment itself is left to the rows' own words (a
            # dosing table for such patients reads as dose rows, which the golds do not count)
            heading = caption.group(1)
        readers = [fn for fn, codes in READERS if code in codes]
        if not readers:
            continue
        titles = [(g.start, g.text) for g in segments(p.text) if g.heading]
        prev: Sentence | None = None
        prev2: Sentence | None = None  # the statement before `prev`
        for s in statements(p.text, otc and code in DIRECTIONS_CODES):
            while titles and titles[0][0] <= s.start:
                heading = titles.pop(0)[1]
            # a line title right before the statement ("Severe Renal Impairment: Recommended dose is 50 mg")
            # titles this statement only
            before = p.text[max(0, s.start - 160) : s.start].rstrip()
            lead = _lead_title(before)
            for fn in readers:
                if fn is dose.interaction_maxima:
                    # a combination label's interaction limits are its ingredients' ("Limit the pioglitazone dose to
                    # 15 mg daily" in alogliptin/pioglitazone), not the product's ceiling
                    got = [] if combination else fn(s.text, names)
                elif fn is dose.other_drug_maxima:
                    got = fn(s.text, names, label)
                elif fn is dose.outside_maxima:
                    outside.extend((p, s, f) for f in fn(s.text, names))
                    continue
                elif fn is dose.dose_facts:
                    got = fn(s.text, names)
                elif fn in _WITH_HEADING:
                    if code in INDICATIONS and _KIDNEY_INDICATION.search(s.text):
                        continue  # a CKD drug's own indication and its limits of use ("... with CKD who are not on
                        # hemodialysis and is not recommended for use in these populations"): the drug's use, not
                        # a statement for patients who have the impairment
                    kw = {"contraindications": code in CONTRAINDICATIONS, "pharmacology": code in PHARMACOLOGY}
                    got = fn(s.text, f"{heading} {lead}".strip(), **kw)
                    if code in INTERACTIONS:
                        # Drug Interactions: only a contraindication said for the patients themselves
                        # ("Co-administration is contraindicated ... in patients with renal and/or hepatic
                        # impairment"); its other renal/hepatic words are often the interacting drug's (read wider in
                        # the third pass: false ones)
                        # (an "avoid" said "in patients with" the impairment itself is theirs too: "Avoid use of
                        # aliskiren with valsartan in patients with renal impairment (GFR < 60 mL/min)")
                        organ = "renal" if fn is populations.renal else "hepatic"
                        got = [f for f in got if f.kind == "contraindicated" or (
                            f.kind == "avoid" and populations.avoid_for_patients(s.text, organ))]
                    stop = _STOP_OTHER.match(s.text)
                    if (got and stop and names and stop.group("w").lower() not in names
                            and stop.group("w").lower() not in _STOP_OBJECTS):
                        got = [f for f in got if f.kind != "avoid"]
                    organ = "renal" if fn is populations.renal else "hepatic"
                    if (got and lead and populations.names_impairment(lead, organ)
                            and not populations.names_impairment(s.text, organ)):
                        # "Severe Renal Impairment or on Hemodialysis: Not recommended": the statement is read with
                        # its line title, so the quote holds the title too ("Not recommended ( 2.5 )" alone says
                        # nothing)
                        a = max(0, s.start - 160) + len(before) - len(lead)
                        found.extend((p, Sentence(a, s.end, p.text[a : s.end]), f) for f in got)
                        continue
                    if (not got and prev is not None and populations.names_impairment(prev.text, organ)
                            and (_BACK_REFERENCE.search(s.text)
                                 # "Patients with decreased renal function ... are at increased risk. Monitor serum
                                 # potassium levels and adjust dose as needed.": the patients at risk in one
                                 # sentence, the instruction for them in the next
                                 or (populations.AT_RISK.search(prev.text) and populations.INSTRUCTION.match(s.text)
                                     and not fn(prev.text, heading, **kw)))):
                        # "GBCAs increase the risk for NSF among patients with impaired elimination of the drugs.
                        # Avoid use of Clariscan in these patients unless ...": the patients are named in the
                        # sentence before, the instruction in this one; the two are one statement
                        pair = Sentence(prev.start, s.end, p.text[prev.start : s.end])
                        found.extend((p, pair, f) for f in fn(pair.text, heading, **kw))
                        continue
                    if (not got and prev is not None and _BARE_INSTRUCTION.search(s.text)
                            and len(s.text.split()) <= 25 and not _OWN_PATIENTS.search(s.text)
                            and not _ITEM_END.search(p.text, prev.start, s.start) and not _STUDIED.search(prev.text)
                            and populations.names_impairment(prev.text, organ)
                            and populations.names_patients(prev.text, organ)
                            and not fn(prev.text, heading, **kw)):
                        # "In patients with chronic renal impairment, acute kidney injury ... has been observed with
                        # the use of some GBCAs. Do not exceed the recommended dose", "Renal elimination of
                        # glycopyrrolate may be significantly reduced in patients with renal failure. Dosage
                        # adjustments may be necessary": the patients named in the sentence before (which states no
                        # instruction itself), the instruction in this one, which names no patients of its own; read
                        # together and quoted together (as the golds' annotators quote them)
                        pair = Sentence(prev.start, s.end, p.text[prev.start : s.end])
                        found.extend((p, pair, f) for f in fn(pair.text, heading, **kw))
                        continue
                    if (not got and prev2 is not None and prev is not None and _BACK_REFERENCE.search(s.text)
                            and populations.names_impairment(prev2.text, organ)
                            # the sentence between is an aside: no patients of its own, no (sub)section title
                            and not re.search(r"\b(?:patients?|subjects?|participants?)\b|\b\d+\.\d+\s+[A-Z]",
                                              prev.text, re.I)
                            and not populations.names_impairment(prev.text, "renal")
                            and not populations.names_impairment(prev.text, "hepatic")):
                        # "Patients at risk appear to be those with ... underlying renal insufficiency. Renal
                        # function has returned to baseline when carvedilol was stopped. In patients with these risk
                        # factors it is recommended that renal function be monitored ...": the patients named two
                        # sentences before, one aside between
                        three = Sentence(prev2.start, s.end, p.text[prev2.start : s.end])
                        found.extend((p, three, f) for f in fn(three.text, heading, **kw))
                        continue
                else:
                    got = fn(s.text)
                found.extend((p, s, f) for f in got)
            prev2, prev = prev, s
        if titles:
            heading = titles[-1][1]
        tail = _TRAILING_TITLE.search(p.text)
        if tail:  # "... renal function. 8.6 Hepatic Impairment": the title of the next passage's text
            heading = tail.group(1)
    found += _outside_kept(outside, found)
    # a table ceiling already read from the flattened copy of the same table is not given twice
    # (a value may be a list: repr keys it)
    flat = {(repr(f.value), f.unit, f.per) for _, _, f in found if f.fact == "max_dose" and f.kind == "maximum"}
    found += [t for t in tabled if (repr(t[2].value), t[2].unit, t[2].per) not in flat]
    found = _doses_in_drops(passages, found)
    order = {p.id: i for i, p in enumerate(passages)}
    found.sort(key=lambda t: (order[t[0].id], t[1].start))
    found = boxed_warning(passages) + found  # the boxed warning first: "present", then its topics
    out: list[LabelFact] = []
    seen: set[tuple[Any, ...]] = set()
    for p, s, f in found:
        key = (f.fact, f.kind, repr(f.value), f.unit, f.per, f.population, f.route_form, s.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(LabelFact(doc_id=doc_id, set_id=set_id, fact=f.fact, kind=f.kind, passage_id=p.id, start=s.start,
                             end=s.end, quote=p.text[s.start : s.end], value=f.value, unit=f.unit, per=f.per,
                             population=f.population, route_form=f.route_form))
    return out
