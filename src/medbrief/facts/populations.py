"""Statements for patients in a special state: renal and hepatic impairment, pregnancy, lactation.

A renal or hepatic fact is a statement about patients who HAVE the impairment and what to do for them: a dose for
them or a dose adjustment (kind "adjust"), "avoid"/"not recommended" ("avoid"), "contraindicated"
("contraindicated"), monitoring or caution ("monitor"), or that no adjustment is needed ("no_adjustment").
Pharmacokinetics alone ("AUC was 2-fold higher in subjects with renal impairment") states none of these and is no
fact; nor is drug-induced injury ("hepatic failure has been reported") or the geriatric boilerplate ("elderly
patients are more likely to have decreased renal function").
"""

from __future__ import annotations

import re

from .quantity import population, quantities
from .records import Found

_RENAL = re.compile(
    r"\brenal\s+(?:(?:and/or|or|and)\s+(?:\w+\s+)?hepatic\s+)?(?:impairment|insufficiency|failure|disease|dysfunction)|"
    r"\bimpaired\s+renal\s+function|\bimpaired\s+creatinine\s+clearance|"
    r"\b(?:reduced|decreased|diminished|poor)\s+renal\s+function|\bkidney\s+(?:disease|impairment|failure|problems?)|"
    r"\b(?:creatinine\s+clearance|CrCl|CLcr|eGFR|GFR)\b\s*(?:\(\w+\)\s*)?(?:of\s+|is\s+|was\s+)?"
    r"(?:<|>|≤|≥|less\s+than|greater\s+than|below|above|between|under|\d)|"
    r"\b(?:hemo)?dialysis\b|\bESRD\b|\bend[-\s]stage\s+renal",
    re.I,
)
_HEPATIC = re.compile(
    r"\bhepatic\s+(?:(?:and/or|or|and)\s+(?:\w+\s+)?renal\s+)?(?:impairment|insufficiency|disease|dysfunction|cirrhosis|"
    r"conditions)|\bimpaired\s+hepatic\s+function|"
    r"\bliver\s+(?:disease|impairment|problems?|cirrhosis)|\bChild[-\s]Pugh\b|\bcirrhosis\b|\bhepatically\s+impaired",
    re.I,
)
# Who has it: the statement is about patients with the impairment (or a CrCl/eGFR/Child-Pugh threshold).
_HAS_IT = re.compile(
    r"\b(?:patients?|subjects?|individuals?|those|adults|children|persons?|people|you|females|women|males|men)\s+"
    r"(?:\w+\s+){0,3}?"
    r"(?:with|who\s+have|having|has|on|undergoing|receiving)\b|\bif\s+you\s+have\b|\bin\s+(?:mild|moderate|severe)\b|"
    r"\b(?:CrCl|CLcr|eGFR|GFR|creatinine\s+clearance|Child[-\s]Pugh)\b|"
    r"\b(?:renal|hepatic)\s+(?:impairment|insufficiency|disease)\b\s*[:(]|"
    r"\bbased\s+on\s+(?:\w+\s+){0,3}?(?:renal|hepatic)\s+(?:impairment|function)",
    re.I,
)
_GERIATRIC_BOILERPLATE = re.compile(r"more\s+likely\s+to\s+have\s+decreased\s+(?:renal|hepatic)", re.I)
# A pointer to where the statement is ("... are described in Table 4", "See the full prescribing information for
# dosage modifications") states nothing itself.
_POINTER = re.compile(r"\b(?:are|is)\s+(?:described|provided|listed|shown|presented|given)\s+in\s+Table\b", re.I)
_SEE_FULL = re.compile(r"\bsee\s+(?:the\s+)?full\s+prescribing\s+information\b", re.I)
_INDICATION_TITLE = re.compile(r"chronic\s+kidney\s+disease|\bCKD\b", re.I)
_ANIMAL = re.compile(r"\b(?:rats?|rabbits?|mice|dogs?|monkeys?|animals?)\b|\bhuman\s+dose\b|\bMRHD\b", re.I)
# Drug-induced injury: what to do if it occurs ("If serious hepatic injury ... occurs, promptly discontinue") is not
# a statement for patients who have the impairment.
_IF_IT_OCCURS = re.compile(r"\bif\b[^.;]{0,120}?\b(?:occurs?|develops?|is\s+(?:suspected|detected|confirmed)|"
                           r"are\s+observed)\b", re.I)
# What the label says to do, strongest first (the first kind that matches is the statement's kind).
_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contraindicated", re.compile(r"\bcontraindicated\b", re.I)),
    ("no_adjustment", re.compile(
        r"\bno\s+(?:\w+\s+)?(?:dose|dosage|dosing)\s+(?:adjustment|modification|change|reduction)s?\b|"
        r"\b(?:dose|dosage)\s+adjustment\s+is\s+not\s+(?:necessary|required|needed|recommended)|"
        r"\bnot\s+(?:necessary|required|needed)\s+to\s+adjust|\bwithout\s+(?:dose|dosage)\s+adjustment|"
        r"\bcan\s+be\s+(?:safely\s+)?(?:administered|used|given)\s+(?:to|in)\s+(?:\w+\s+){0,3}?patients\b", re.I)),
    ("avoid", re.compile(
        r"\bavoid\b|\bnot\s+recommend(?:ed)?\b|\bshould\s+not\s+(?:be\s+)?(?:used|use|given|administered|take|receive)|"
        r"\bdo\s+not\s+(?:use|take|administer|give|start|initiate)\b|\bnot\s+(?:be\s+)?(?:used|given|administered)\b|"
        r"\bdiscontinue\b", re.I)),
    # a change of the dose itself: "reduce the dose", "dosage reduction", "use lower individual doses", a dose or
    # ceiling for them ("clearance was reduced" is pharmacokinetics, not an adjustment)
    ("adjust", re.compile(
        r"\b(?:reduc\w*|decreas\w*|lower\w*|adjust\w*|modif\w*|titrat\w*|increas\w*|extend\w*|use)\s+"
        r"(?:\w+\s+){0,3}?(?:dose|doses|dosage|dosages|dosing|interval)\b|"
        r"\b(?:dose|doses|dosage|dosing)\s+(?:\w+\s+){0,3}?(?:reduc\w*|decreas\w*|adjust\w*|modif\w*|lower\w*)|"
        r"\b(?:should|must|do|does)\s+not\s+exceed\b|\bnot\s+to\s+exceed\b|\bmaximum\b|"
        r"\b(?:starting|initial|recommended)\s+(?:dose|dosage)\b|"
        # "Physicians should consider a dose of 100 mg ... every other day", "give 25 mcg/kg within 5 minutes"
        r"\bconsider\s+(?:\w+\s+){0,4}?(?:dose|dosage|dosing|administration)\b|\b(?:give|administer)\s+\d|"
        r"\bevery\s+other\s+day\b", re.I)),
    ("monitor", re.compile(
        r"\bmonitor\w*|\bcaution\w*|\bcareful\w*|\bclosely\b|\bassess(?:ment)?\b|(?<!\bto\s)\bevaluate\b|\bchecked\b|\bobserve\b|"
        r"\bask\s+a\s+doctor\b|\bconsider\s+the\s+risks?\s+and\s+(?:potential\s+)?benefits?|\bbenefits?\s+outweighs?|"
        r"\bclinical\s+judge?ment\b", re.I)),
)


def _impairment(text: str, term: re.Pattern[str], fact: str, heading: str,
                contraindications: bool = False) -> list[Found]:
    # under a "Renal Impairment" heading a statement need not name the impairment again ("Initiate therapy with a
    # lower than usual dosage"); elsewhere it must name it and say the patients have it
    # a title naming the drug's indication ("Hyperphosphatemia in Chronic Kidney Disease on Dialysis", "2.1 Chronic
    # Kidney Disease Stages 3 and 4") is not an impairment title: its statements are the drug's usual dosing
    titled = bool(heading) and bool(term.search(heading)) and not (
        _INDICATION_TITLE.search(heading) and not re.search(r"impair|insufficien", heading, re.I))
    if _ANIMAL.search(text):
        return []  # animal studies ("... times the maximum recommended human dose") tell no patient what to do
    see_full = _SEE_FULL.search(text)
    if see_full:
        # a highlights title with its pointer ("Dosage Modifications in Patients with Renal or Hepatic Impairment
        # See the full prescribing information ...") states nothing; a statement before the pointer ("Patients with
        # Severe Renal Impairment : Initiate at 5 mg once daily; do not exceed 10 mg once daily. ( 2.5 ) see full
        # prescribing information ...") is read without it
        text = text[: see_full.start()]
        if not re.search(r"[:;]", text):
            return []
    if _GERIATRIC_BOILERPLATE.search(text) or _POINTER.search(text):
        return []
    if _IF_IT_OCCURS.search(text) and not (term.search(text) and _HAS_IT.search(text)):
        return []  # "if ... injury occurs, discontinue" (but "if ... occur in patients with baseline moderate hepatic
        # impairment, discontinue" is for them)
    if contraindications and term.search(text):
        # an item of Contraindications naming the impairment ("Hepatic insufficiency: dichlorphenamide may aggravate
        # hepatic encephalopathy", "Acute liver failure or decompensated cirrhosis") is a contraindication for them
        return [Found(fact, "contraindicated", population=population(text, organ=fact))]
    if not titled and (not term.search(text) or not _HAS_IT.search(text)):
        return []
    other = _HEPATIC if term is _RENAL else _RENAL
    if titled and not term.search(text) and other.search(text):
        return []  # "... in patients with hepatic impairment" under a renal title is the other organ's statement
    for kind, pattern in _ACTIONS:
        if pattern.search(text):
            value = unit = per = None
            if kind == "adjust":
                # the dose, not the clearance threshold ("creatinine clearance < 25 mL/min")
                q = next((q for q in quantities(text) if q.per != "minute" and "/1.73" not in text[q.end : q.end + 6]
                          and q.unit != "mL"), None)
                if q is not None and not q.is_range:
                    value, unit, per = q.value, q.unit, q.per
            return [Found(fact, kind, value=value, unit=unit, per=per,  # type: ignore[arg-type]
                          population=population(text, organ=fact))]
    return []  # pharmacokinetics or a description only: no statement for patients


def renal(text: str, heading: str = "", contraindications: bool = False) -> list[Found]:
    """The renal-impairment fact of a statement (at most one), or none. `heading`: the (sub)section title the
    statement stands under ("8.6 Renal Impairment"), which names the patients when the statement does not.
    `contraindications`: the statement is an item of a Contraindications section, where naming the impairment is
    enough to make it a contraindication for the patients who have it.

    >>> [f.kind for f in renal("Metformin is contraindicated in patients with an eGFR below 30 mL/min/1.73 m2.")]
    ['contraindicated']
    >>> renal("In subjects with severe renal impairment, AUC was increased 2-fold.")
    []
    """
    return _impairment(text, _RENAL, "renal", heading, contraindications)


def hepatic(text: str, heading: str = "", contraindications: bool = False) -> list[Found]:
    """The hepatic-impairment fact of a statement (at most one), or none (see `renal`)."""
    return _impairment(text, _HEPATIC, "hepatic", heading, contraindications)


_PREGNANT = re.compile(r"\bpregnan\w*|\bfetus\b|\bfetal\b|\bembryo[-\s]?fetal\b", re.I)
_PREGNANCY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("category", re.compile(r"\bpregnancy\s+category\s+(?P<cat>[ABCDX])\b", re.I)),
    ("contraindicated", re.compile(r"\bcontraindicated\b[^.]{0,80}\bpregnan|\bpregnan\w*[^.]{0,80}\bcontraindicated\b",
                                   re.I)),
    ("discontinue", re.compile(r"\b(?:discontinue|stop)\w*\b[^.]{0,80}\bpregnan\w*[^.]{0,30}\b(?:detected|"
                               r"recognized|confirmed|occurs|becomes?)|\bwhen\s+pregnancy\s+is\s+detected", re.I)),
    # what the drug can do to a fetus, said of patients ("can cause fetal harm when administered to a pregnant
    # woman"); an animal finding ("embryo-fetal toxicity included increased resorption") is not it
    ("fetal_harm", re.compile(r"\b(?:can|may|could)\s+cause\s+(?:fetal|embryo[-\s]?fetal)\s+(?:harm|toxicity|death)|"
                              r"\binjury\s+and\s+(?:even\s+)?death\s+to\s+the\s+developing\s+fetus", re.I)),
    ("avoid", re.compile(r"\b(?:avoid|not\s+recommended|should\s+not\s+be\s+used|do\s+not\s+use)\b[^.]{0,80}"
                         r"\bpregnan|\bpregnan\w*[^.]{0,80}\b(?:avoid|not\s+recommended|should\s+not\s+be\s+used)",
                         re.I)),
    ("ask_doctor", re.compile(r"\bif\s+pregnant\b[^.]{0,60}\bask\b", re.I)),
)
_MILK = re.compile(r"\bmilk\b|\bbreast[-\s]?fe\w*|\bnursing\b|\blactat\w*", re.I)
_LACTATION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("contraindicated", re.compile(r"\bcontraindicated\b", re.I)),
    ("avoid", re.compile(r"\b(?:advise|instruct)\s+(?:\w+\s+){0,3}(?:women|patients|mothers)\s+(?:\w+\s+){0,3}not\s+to"
                         r"\s+breast|\bbreast[-\s]?feeding\s+is\s+not\s+recommended|\bnot\s+recommended\b[^.]{0,60}"
                         r"\b(?:breast|nursing)|\b(?:avoid|do\s+not)\s+breast[-\s]?feed|\bdiscontinue\s+"
                         r"(?:nursing|breast[-\s]?feeding)|\bdecision\s+should\s+be\s+made\s+whether\s+to\s+discontinue"
                         r"\s+nursing", re.I)),
    ("unknown", re.compile(r"\b(?:not\s+known|unknown)\s+(?:whether|if)\b|\bno\s+(?:data|information)\s+(?:on|"
                           r"regarding)\s+the\s+presence", re.I)),
    ("present_in_milk", re.compile(r"\b(?:is|are|was|were)\s+(?:\w+\s+){0,2}(?:excreted|present|detected|found|"
                                   r"secreted)\s+in\s+(?:human\s+|breast\s+)?milk|\bpresence\s+of\s+\w+\s+in\s+human\s+"
                                   r"milk", re.I)),
    ("ask_doctor", re.compile(r"\bbreast[-\s]?feeding\b[^.]{0,40}\bask\b", re.I)),
)


def _classified(text: str, topic: re.Pattern[str], kinds: tuple[tuple[str, re.Pattern[str]], ...],
                fact: str) -> list[Found]:
    if not topic.search(text):
        return []
    for kind, pattern in kinds:
        m = pattern.search(text)
        if m:
            value = m.group("cat").upper() if "cat" in pattern.groupindex else None
            return [Found(fact, kind, value=value)]  # type: ignore[arg-type]
    return []


def pregnancy(text: str) -> list[Found]:
    """The pregnancy statement of a sentence: category, contraindicated, discontinue when detected, fetal harm,
    avoid, or (OTC) ask a health professional; none for other sentences (animal data, registries)."""
    if re.search(r"\b(?:rats?|rabbits?|mice|monkeys?)\b", text, re.I):
        return []  # animal reproduction studies state no instruction for patients
    return _classified(text, _PREGNANT, _PREGNANCY_KINDS, "pregnancy")


def lactation(text: str) -> list[Found]:
    """The lactation statement of a sentence: contraindicated, avoid breastfeeding, not known whether in milk,
    present in human milk, or (OTC) ask; none for other sentences."""
    if re.search(r"\b(?:rats?|rabbits?|mice|animals?)\b", text, re.I):
        return []
    return _classified(text, _MILK, _LACTATION_KINDS, "lactation")
