"""Where labels of one ingredient disagree (issue 15 point 6): pure functions over `LabelFact` lists, no I/O.

Compared across labels (two manufacturers, or an old and a new version):

- doses: `max_dose` kind "maximum" and `starting_dose` kind "start", a single number each, for the same `per`, a
  comparable population (adults said any way, or the same words otherwise) and a comparable route or form
  (`route_form` normalised: "by mouth", "orally", "tablets" are all oral; extended-release stays apart). Units
  mg, g and mcg are compared in mg; any other unit only with itself (mg never with mg/kg, tablets or mL).
- renal and hepatic verdicts: "contraindicated"/"avoid" against "no dose adjustment", for the
  same stated severity (mild, moderate, severe, end-stage/dialysis, as the quote or population names them).

Labels disagree when two of them state the fact and share no value (a label stating 2,550 mg for the tablets and
2,000 mg for the extended-release tablets in one text does not disagree with a label stating 2,000 mg). A label
that does not state the fact is silent, not in disagreement: silence is absence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .records import LabelFact

# A value as compared: a number in the compared unit (doses), or a verdict name (renal/hepatic).
Compared = float | int | str

DOSE_KINDS = {"max_dose": "maximum", "starting_dose": "start"}
# mass units compared in mg (mg vs mg/kg or tablets is never compared: their unit keys differ)
_TO_MG = {"mg": 1.0, "g": 1000.0, "mcg": 0.001, "µg": 0.001, "μg": 0.001}
# renal/hepatic kinds -> the verdict compared. "monitor" (caution) states no verdict; "adjust" is left out too: on
# the demo store its statements against "no_adjustment" were a usual dose restated for the patients ("The recommended
# starting dosage is 50 mg, in patients with mild ... renal impairment") or a negated adjustment, never a real
# disagreement.
VERDICTS = {"contraindicated": "contraindicated or avoid", "avoid": "contraindicated or avoid",
            "no_adjustment": "no dose adjustment"}
_SEVERITY = (("mild", re.compile(r"\bmild\b|\bChild[-\s]Pugh\s+(?:class\s+)?A\b", re.I)),
             ("moderate", re.compile(r"\bmoderate\b|\bChild[-\s]Pugh\s+(?:class\s+)?B\b", re.I)),
             ("severe", re.compile(r"\bsevere\b|\bChild[-\s]Pugh\s+(?:class\s+)?C\b", re.I)),
             ("end-stage", re.compile(r"\bend[-\s]stage\b|\bESRD\b|\b(?:hemo)?dialysis\b", re.I)))
_ADULT = re.compile(r"^(?:adults?|adult\s+patients?|patients|adults?\s+patients?)$", re.I)
# route/form words -> a route class; a release modifier is kept (extended-release tablets differ from tablets)
_ROUTES = (
    ("oral", re.compile(r"\b(?:by\s+mouth|orally|oral|tablets?|capsules?|caplets?|softgels?|suspension|syrup|"
                        r"elixir|chewable|film)\b", re.I)),
    ("intravenous", re.compile(r"\b(?:intravenous(?:ly)?|IV|infusion)\b", re.I)),
    ("intramuscular", re.compile(r"\bintramuscular(?:ly)?\b|\bIM\b", re.I)),
    ("injection", re.compile(r"\binject\w*", re.I)),
    ("subcutaneous", re.compile(r"\bsubcutaneous(?:ly)?\b|\bSC\b|\bSQ\b", re.I)),
    ("sublingual", re.compile(r"\bsublingual(?:ly)?\b", re.I)),
)
# A dose said for a subgroup the extractor did not name as the population ("Consider a starting dose of 25 mg in
# patients treated with strong CYP3A4 inhibitors", "Start at 5 mg ... in combination with fluoxetine"): not the
# label's general dose, so it is not compared with another label's.
_CONDITIONAL = re.compile(
    r"\b(?:patients?|those|subjects)\s+(?:\w+\s+){0,2}?(?:who|with|treated|taking|receiving|on|undergoing|at\s+risk)\b|"
    r"\bin\s+combination\s+with\b|\bcoadminist\w*|\bco-administ\w*|\bconcomitant\w*|\badjunct\w*|"
    r"\bwhen\s+(?:used|given|administered|taken)\s+(?:with|together)\b|\b(?:CYP\w*|inhibitors?|inducers?)\b|"
    r"\b(?:debilitated|elderly|geriatric|renal|hepatic|pediatric|children|weighing)\b", re.I)
# Release kinds, however a record writes them: "extended-release", "RELEASE, EXTENDED" (an openFDA dosage form),
# "controlled-release", "sustained release", "delayed-release", "enteric-coated", and the name suffixes ER/XR/XL/SR/
# CR/LA/CD (extended) and DR/EC (delayed), which are matched in capitals only ("Toprol-XL", "Coreg CR").
_RELEASE_WORDS = {"extended": "extended", "sustained": "extended", "controlled": "extended", "prolonged": "extended",
                  "delayed": "delayed", "modified": "modified", "immediate": "immediate"}
_RELEASE = re.compile(r"\b(extended|delayed|modified|sustained|controlled|prolonged|immediate)[-\s]+release\b|"
                      r"\brelease,?\s+(extended|delayed|modified|sustained|controlled|prolonged|immediate)\b|"
                      r"\b(enteric)[-\s]+coated\b", re.I)
_RELEASE_SUFFIX = re.compile(r"(?<!\w)(?:(ER|XR|XL|SR|CR|LA|CD)|(DR|EC))(?!\w)")
_NOT_IMMEDIATE = ("extended", "delayed", "modified")
# the label sections that describe the product itself (not the dosing text, which may name another product:
# "Patients controlled with immediate-release carvedilol tablets ... may be switched to ... extended-release")
_PRODUCT_SECTION = re.compile(r"description|dosage\s+forms|product\s+data|product\s+description", re.I)


def releases_in(text: str, suffixes: bool = True) -> set[str]:
    """The release kinds a text names: a subset of {"extended", "delayed", "modified", "immediate"} (sustained,
    controlled, prolonged-release and ER/XR/XL/SR/CR/LA/CD are "extended"; enteric-coated and DR/EC "delayed").
    `suffixes` False: the capital suffixes are not read (in prose "CR" is as likely a complete response)."""
    found = set()
    for m in _RELEASE.finditer(text):
        word = (m.group(1) or m.group(2) or "").lower()
        found.add(_RELEASE_WORDS.get(word, "delayed"))  # group 3: enteric-coated
    for m in _RELEASE_SUFFIX.finditer(text) if suffixes else ():
        found.add("extended" if m.group(1) else "delayed")
    return found


def label_release(title: str | None, meta: Mapping[str, object] | None,
                  passages: Iterable[object] = ()) -> str | None:
    """What release the product of a label is, read from every place its record states it: the title, the brand
    and generic names, the dosage form, and the product's own sections (`passages`: objects with `section` and
    `text`; only Description, Dosage Forms and Strengths and product data elements are read).

    "extended", "delayed" or "modified" when those places name that kind only; "mixed" when they name two
    kinds, or one of them and an immediate-release product (a label of both the tablets and the extended-release
    tablets); None when they name none (an immediate-release product, or a record that does not say).
    The carvedilol phosphate capsules of the issue: the openFDA form "capsule", the description "extended-release
    capsules" -> "extended"."""
    meta = meta or {}
    names: list[str] = [title or ""]
    for key in ("brand_names", "generic_names", "dosage_form", "spl_product_data_elements", "title"):
        v = meta.get(key)
        names += [v] if isinstance(v, str) else [x for x in v if isinstance(x, str)] if isinstance(v, list) else []
    prose = [str(getattr(p, "text", "")) for p in passages
             if _PRODUCT_SECTION.search(str(getattr(p, "section", "") or ""))]
    kinds = set().union(*(releases_in(t) for t in names), *(releases_in(t, suffixes=False) for t in prose))
    other = [k for k in _NOT_IMMEDIATE if k in kinds]
    if not other:
        return None
    return other[0] if len(other) == 1 and "immediate" not in kinds else "mixed"


def label_form(title: str | None, meta: Mapping[str, object] | None, passages: Iterable[object] = ()) -> str | None:
    """The label's dosage form as compared (the `forms` values of `label_disagreements`): the record's dosage form
    ("capsule") with the release its record states anywhere appended when the form does not say it ("capsule,
    extended release"; "…, mixed release" for a label of two products). None when the record gives no form and
    no release."""
    meta = meta or {}
    form = meta.get("dosage_form")
    form = ", ".join(str(f) for f in form) if isinstance(form, list) else str(form) if form else None
    release = label_release(title, meta, passages)
    if release is None or (form and release in releases_in(form)):
        return form
    return f"{form or 'oral'}, {release} release"

@dataclass(frozen=True, slots=True)
class Disagreement:
    """Labels of one ingredient stating different values of one fact.

    `fact`: "max_dose", "starting_dose", "renal" or "hepatic". `per`: what a dose is per ("day", "dose", None when
    not stated), None for renal/hepatic. `population`: the compared population (None for adults or unstated; for
    renal/hepatic the severity compared, "severe", "mild, moderate", or None when the statements name none).
    `route_form`: the compared route class ("oral", "oral extended-release", "intravenous", None when unstated).
    `values`: `(value, unit, facts)` sorted by value, at least two, each value stated by at least one label —
    the value in the compared unit (mg for mg/g/mcg; the verdict name for renal/hepatic, unit None), and the facts
    stating it (each quoting its label: doc_id, passage_id, span)."""

    fact: str
    per: str | None
    population: str | None
    route_form: str | None
    values: tuple[tuple[Compared, str | None, tuple[LabelFact, ...]], ...]

    @property
    def doc_ids(self) -> tuple[str, ...]:
        """The labels involved, in order of first appearance in `values`."""
        return tuple(dict.fromkeys(f.doc_id for _, _, facts in self.values for f in facts))


def population_key(population: str | None) -> str | None:
    """None for adults however written ("Adults", "adult patients") or unstated — the label's general dose —
    otherwise the population in lower case with single spaces ("pediatric patients 2 years")."""
    if population is None:
        return None
    p = " ".join(population.lower().split())
    return None if _ADULT.match(p) else p


# Who a dose is for when the fact names no population: children named in the quote, or in the heading or lead-in
# before it within its subsection ("2.2 Recommended Dosage in Pediatric Patients (10-17 years)", "Pediatric Dosage
# for metformin hydrochloride tablets : Starting dose: ..."). The extractor (dose.py, populations.py) reads the
# sentence only; the card and the comparison read the context with this one helper.
# Children named in a text (one pattern for the drug card, the disagreements and the brief's Key facts): the words,
# or an age below 18.
# The one pattern for children (the card, the disagreements, the brief's Key facts, the label reading and the
# question's own words: "a 5 year old", "my kid", "children 6 to under 12 years", "Patients >= 6 Years of age").
CHILD = re.compile(r"\b(?:pa?ediatrics?|children|child(?!-pugh)|kids?|adolescents?|teens?|teenagers?|infants?|"
                    r"neonates?|neonatal|newborns?|toddlers?|bab(?:y|ies))\b|"
                    r"\b(?:younger\s+than|under|less\s+than|<)\s*(?:1[0-8]|[1-9])\s*(?:years?|yrs?)\b|"
                    r"\b(?:[0-9]|1[0-7])\s*(?:-|–|to)\s*(?:[1-9]|1[0-7])\s*years\b|"
                    r"(?<![\d.])(?:[1-9]|1[0-7])\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old|\s+of\s+age)\b|"
                    r"(?<![\d.])\d{1,2}\s*-?\s*months?(?:\s*-?\s*old|\s+of\s+age)\b", re.I)
_AGES = re.compile(r"\b(?:[0-9]|1[0-7])\s*(?:-|–|to)\s*(?:[1-9]|1[0-7])\s*years\b|"
                   r"\b\d{1,2}\s+years\s+(?:of\s+age\s+)?(?:and|or)\s+older\b", re.I)
_ADULT_WORD = re.compile(r"\badults?\b|\b18\s*years\s+(?:of\s+age\s+)?(?:and|or)\s+older\b", re.I)
# a numbered subsection heading inside a passage's text: "… dose. 2.3 Recommended Dosage in Pediatric Patients"
_HEADING = re.compile(r"(?:^|(?<=[.:;)\]]\s)|(?<=\s\s))\d{1,2}\.\d{1,2}\s+(?=[A-Z][a-z])")
_HEADING_WORDS = re.compile(r"\d{1,2}\.\d{1,2}\s+((?:(?:[A-Z0-9(][\w().,/–-]*|of|and|or|in|with|for|the|to|on|than|"
                            r"years|aged?|older|younger)\s*){1,16})")
CHILDREN = "pediatric patients"


def _children(text: str) -> str | None:
    """CHILDREN (with the ages the text gives, "pediatric patients (10-17 years)") when `text` names children
    and not adults; None otherwise."""
    if not CHILD.search(text) or _ADULT_WORD.search(text):
        return None
    ages = _AGES.search(text)
    return f"{CHILDREN} ({' '.join(ages.group(0).split())})" if ages else CHILDREN


def population_of(fact: LabelFact, passage_text: str | None = None, section: str | None = None) -> str | None:
    """Who a dose fact is for, as the card shows it and the comparison groups it: the fact's own population when
    it names one (None for adults however written, as `population_key`); else children ("pediatric patients",
    with the ages given) when the quote names them, or when the passage text before the quote within its
    subsection names them in its heading or a lead-in ending in a colon, the nearest first (a nearer "Adult
    Dosage:" lead-in means adults); else None (adults or unstated).

    `passage_text`: the text of the fact's passage (`fact.start` indexes it); `section`: the passage's section
    title, read as the heading when the text before the quote holds none. Without them only the fact is read.
    The issue's examples: atorvastatin "Pediatric starting dose: 10 mg once daily; maximum recommended dose: 20 mg
    once daily" and metformin's "up to a maximum of 2000 mg per day" under "Pediatric Dosage for metformin
    hydrochloride tablets :" are both children's doses."""
    if fact.population is not None:
        key = population_key(fact.population)
        return None if key is None else fact.population
    if _ADULT_WORD.search(fact.quote):
        return None
    if (child := _children(fact.quote)) is not None:
        return child
    if not passage_text:
        return _children(section) if section else None
    before = passage_text[: max(0, min(fact.start, len(passage_text)))]
    heads = list(_HEADING.finditer(before))
    if heads:
        scope = before[heads[-1].start() :]
        m = _HEADING_WORDS.match(scope)
        heading = m.group(1) if m else ""
    else:
        scope, heading = before, section or ""
    # lead-ins: the start of the quote's own item ("( 2.1 ) Pediatric |Dosage for ...: Starting dose: 500 mg"),
    # then the words before each colon, back to the previous boundary; the nearest naming a population wins
    ends = [len(scope), *reversed([m.start() for m in re.finditer(r":", scope)])]
    for end in ends:
        lead = re.split(r"[.;:)\]]\s|\s-\s|[.;:)\]]$", scope[:end])[-1][-120:]
        if _ADULT_WORD.search(lead):
            return None
        if (child := _children(lead)) is not None:
            return child
    return _children(heading) if heading else None


def route_key(route_form: str | None, quote: str = "", form: str | None = None) -> str | None:
    """The route class of a dose ("by mouth", "orally", "tablets" -> "oral"; "extended-release tablets" -> "oral
    extended-release"; "IV infusion" -> "intravenous"); unknown words as written (lower case); None for None.

    The route is read from `route_form`, else `form` (the label's, `label_form`); the release from `route_form`,
    else the `quote`, else `form`, so a dose of an extended-release label whose sentence names no release is
    still extended-release. "… mixed-release" when the only release known is the label's and it is of two
    products (such a dose is not compared)."""
    where = route_form or form
    if where is None:
        return None
    route = next((name for name, pat in _ROUTES if pat.search(where)), None)
    if route is None:
        route = " ".join(_RELEASE.sub(" ", where).lower().replace(",", " ").split()) or "oral"
    release = None
    for text, suffixes in ((route_form or "", True), (quote, False), (form or "", True)):
        kinds = releases_in(text, suffixes) | ({"mixed"} if re.search(r"\bmixed release\b", text) else set())
        if kinds:
            other = sorted(kinds - {"immediate"})
            release = None if not other else other[0] if len(other) == 1 else "mixed"
            break
    return f"{route} {release}-release" if release else route


def dose_value(fact: LabelFact) -> tuple[float | int, str] | None:
    """(value, unit) as compared: mg/g/mcg in mg, other units as they are; None for what is not one number
    (alternatives [a, b], a combination's strengths "320/25")."""
    v = fact.value
    if isinstance(v, bool) or not isinstance(v, int | float) or fact.unit is None:
        return None
    base, slash, rest = fact.unit.partition("/")  # "mcg/kg" is compared as mg/kg
    factor = _TO_MG.get(base)
    if factor is None:
        return v, fact.unit
    mg = round(v * factor, 6)
    return (int(mg) if float(mg).is_integer() else mg), "mg" + slash + rest


def severity(fact: LabelFact) -> str | None:
    """The severities a renal/hepatic statement names ("mild, moderate"), in that order; None when it names none."""
    text = f"{fact.population or ''} {fact.quote}"
    found = [name for name, pat in _SEVERITY if pat.search(text)]
    return ", ".join(found) or None


Group = tuple[str, str | None, str | None, str | None, str | None]  # fact, per, population, route, unit


def _key(f: LabelFact, form: str | None, passage: object | None = None) -> tuple[Group, Compared, str | None] | None:
    """(comparison group, value, unit) of a comparable fact, None for a fact not compared; the unit is part of the
    group, so mg is never compared with mg/kg. `form`: the label's dosage form, the route of a dose whose statement
    names none."""
    if f.fact in DOSE_KINDS:
        if f.kind != DOSE_KINDS[f.fact]:
            return None
        vu = dose_value(f)
        if vu is None:
            return None
        population = population_of(f, getattr(passage, "text", None), getattr(passage, "section", None))
        if population is None and _CONDITIONAL.search(f.quote):
            return None
        value, unit = vu
        route = route_key(f.route_form, f.quote, form)
        if route is not None and route.endswith("mixed-release"):
            return None  # a label of two products: which one the dose is of is not known
        return (f.fact, f.per, population_key(population), route, unit), value, unit
    if f.fact in ("renal", "hepatic") and f.kind in VERDICTS:
        return (f.fact, None, severity(f), None, None), VERDICTS[f.kind], None
    return None


def _disagree(by_label: dict[str, set[tuple[Compared, str | None]]]) -> bool:
    """Two labels stating the fact with no value in common."""
    labels = list(by_label.values())
    return any(not (a & b) for i, a in enumerate(labels) for b in labels[i + 1 :])


def _sort_value(v: Compared) -> tuple[int, float, str]:
    return (1, 0.0, v) if isinstance(v, str) else (0, float(v), "")


def label_disagreements(facts: Iterable[LabelFact], forms: Mapping[str, str | None] | None = None,
                        passages: Mapping[str, object] | None = None) -> list[Disagreement]:
    """The disagreements among the labels `facts` come from (facts of several labels of one ingredient, any order).

    `forms` (optional): doc_id -> the label's dosage form as its record gives it ("TABLET, FILM COATED",
    "injectable", "capsule, extended release"), used as the route/form of a dose whose statement names none, so an
    injection's dose is not compared with a tablet's. A dose said for a subgroup the fact does not name as its
    population ("in patients treated with strong CYP3A4 inhibitors", "in combination with fluoxetine") is not
    compared. `passages` (optional): passage id -> the passage (`text`, `section`) of a dose fact, read by
    `population_of` so a dose under a children's heading or lead-in is never compared with an adult dose.

    One Disagreement per comparison group (fact, per, population, route/form) where two labels state the fact and
    share no value; its `values` hold every value any label states in that group (sorted by value; numbers before
    verdict names), each with the facts stating it in input order. Facts of one label only never disagree. Groups
    come out in order of fact ("max_dose", "starting_dose", "renal", "hepatic"), then per, population, route.

    >>> from medbrief.facts import LabelFact
    >>> a = LabelFact("label:a", "a", "max_dose", "maximum", "p1", 0, 5, "...", 36, "mg", "day")
    >>> b = LabelFact("label:b", "b", "max_dose", "maximum", "p2", 0, 5, "...", 24, "mg", "day")
    >>> [(v, u, [f.doc_id for f in fs]) for v, u, fs in label_disagreements([a, b])[0].values]
    [(24, 'mg', ['label:b']), (36, 'mg', ['label:a'])]
    """
    groups: dict[Group, dict[tuple[Compared, str | None], list[LabelFact]]] = {}
    for f in facts:
        k = _key(f, (forms or {}).get(f.doc_id), (passages or {}).get(f.passage_id))
        if k is None:
            continue
        group, value, unit = k
        groups.setdefault(group, {}).setdefault((value, unit), []).append(f)
    out: list[Disagreement] = []
    for group, by_value in groups.items():
        by_label: dict[str, set[tuple[Compared, str | None]]] = {}
        for vu, stating in by_value.items():
            for f in stating:
                by_label.setdefault(f.doc_id, set()).add(vu)
        if len(by_label) < 2 or not _disagree(by_label):
            continue
        fact, per, population, route, _unit = group
        values = tuple((v, u, tuple(fs)) for (v, u), fs in sorted(by_value.items(),
                                                                   key=lambda kv: (_sort_value(kv[0][0]),
                                                                                   kv[0][1] or "")))
        out.append(Disagreement(fact=fact, per=per, population=population, route_form=route, values=values))
    order = {"max_dose": 0, "starting_dose": 1, "renal": 2, "hepatic": 3}
    out.sort(key=lambda d: (order[d.fact], d.per or "", d.population or "", d.route_form or "", d.values[0][1] or ""))
    return out
