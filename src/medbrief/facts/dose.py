"""Dose facts of a Dosage and Administration (or Drug Facts Directions) statement: maximum, usual range, starting
dose and titration step.

A maximum only where the text states one: "not to exceed", "maximum (recommended) (daily) dose ... X",
"should not exceed", "do not take more than", "(up to) a maximum of". A usual range ("10 to 80 mg once daily") is
kind "range", never a maximum; a dose with no ceiling word is never a maximum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .quantity import Quantity, number, per_word, population, quantities, route_form
from .records import Found

# The ceiling words, each followed (within the same clause) by the quantity it bounds.
_MAX_CUE = re.compile(
    r"\bnot\s+(?:to\s+)?exceed(?:ing)?\b|\b(?:should|must|do|does|shall)\s+not\s+exceed\b|\bnever\s+exceed\b"
    r"|\b(?:do\s+not|don't|never)\s+(?:take|use|give|chew|administer|exceed)\s+more\s+than\b"
    r"|\b(?:take|use|give)\s+no\s+more\s+than\b"
    # "Patients 12 to 17 years should not use more than 60 grams per week"
    r"|\b(?:should|must)\s+not\s+(?:take|use|give|receive|apply|administer)\s+more\s+than\b"
    # "120 units/kg ..., but not more than 10,000 units"; "avoid exceeding the recommended dosage of 10 g/m2 daily"
    r"|\bnot?\s+more\s+than\b|\bavoid\s+exceeding\b"
    # "(infused) at a rate of up to 12.5 mg/min": a rate ceiling (kept only when the amount is per minute/hour)
    r"|\brate\s+of\s+up\s+to\b"
    # "do not administer doses of mycophenolate mofetil greater than 1 g twice a day"
    # ("Do not administer single doses greater than 3 mg": one dose's ceiling)
    r"|\b(?:do|should)\s+not\s+(?:administer|give|use)\s+(?:single\s+|individual\s+)?(?:doses|dosages)\s+"
    r"(?:of\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:greater|higher|more)\s+than\b"
    # "Doses of fesoterodine fumarate extended-release tablets greater than 4 mg are not recommended"
    r"|\b(?:doses?|dosages?)\s+(?:of\s+(?:[\w-]+\s+){1,5}?)?(?:exceeding|above|greater\s+than|higher\s+than|"
    r"in\s+excess\s+of)\b"
    r"(?=[^.]{0,120}\b(?:(?:is|are)\s+not\s+recommended|should\s+not|must\s+not|should\s+be\s+avoided)\b)"
    # "Limit the total dose of atropine sulfate to 0.03 mg/kg to 0.04 mg/kg"; "should be restricted to 2 to 3 mg"
    r"|\blimit\s+(?:the\s+)?(?:\w+\s+)?(?:dose|dosage)s?\s+(?:of\s+(?:[\w-]+\s+){1,3}?)?to\b"
    r"|\b(?:is|are|be)\s+(?:limited|restricted)\s+to\b"
    r"|\b(?:up\s+)?to\s+a\s+maximum\s+of\b|\ba\s+maximum\s+of\b|\bmaximum\s+of\b"
    # ("max. maintenance dose 300 mg per infusion": the abbreviation too)
    r"|\bmax(?:imum|\.)(?:\s+(?:recommended|total|single|daily|mass|total\s+daily|recommended\s+daily|recommended\s+total|"
    r"recommended\s+single|oral|adult|pediatric|cumulative|weekly|monthly|loading|maintenance|premeal|mealtime|"
    r"24\s*-?\s*hours?))*\s+"
    r"(?:daily\s+)?(?:(?:infusion\s+)?rate|dose|dosage|amount)s?\b"
    r"(?!\s+(?:is\s+)?(?:achieved|reached|tolerated))"
    # "The maximum recommended clozapine tablets oral dosage is 450 mg twice daily": the product named between
    r"|\bmaximum\s+recommended\s+(?:(?!plasma|serum|concentration|exposure|human|tolerated|volume)[\w-]+\s+){1,4}?"
    r"(?:dose|dosage)\b"
    r"|\bmax(?:imum)?\.?\s*(?::|=)|\bmax(?:imum)?\.?\s+(?=\d)",
    re.I,
)
# "Doses higher than 10 mg ... have not been studied ... and are not recommended", "... have not been studied and
# should be avoided": a stated ceiling whose reason is that higher doses were not studied.
_STUDIED_NOT_RECOMMENDED = re.compile(r"(?:doses?|dosages?)\s[^.]{0,80}?\bnot\s+been\s+studied\b[^.]{0,80}?\b"
                                      r"(?:(?:is|are)\s+not\s+recommended|should\s+be\s+avoided)\b", re.I)
# Not a maximum for patients: "maximum tolerated dose", "maximum recommended human dose (MRHD)" (animal exposure).
_NOT_MAX = re.compile(r"maximum\s+tolerated|human\s+dose|MRHD|on\s+a\s+(?:mg/m|body\s+surface|AUC)|exposure|"
                      r"\b(?:studied|evaluated|tested|investigated)\b", re.I)
# A flattened table ("Table 1: ... Starting Dose Maximum Dose ... 0.5 mg/kg/day"): a column header is followed by
# the first cell of another column, not by its own value.
# A Title Case word right before a capitalised "Maximum Dose": the column headers of a table run into the text
# ("Starting Dosage Recommended Target Dosage Maximum Dosage MDD Adults ...").
_HEADER_BEFORE = re.compile(r"\b(?!(?:The|A|An|Its|This|Usual|Recommended)\s)[A-Z][a-z]+\s+$")
_TABLE = re.compile(r"^\s*Table\s+\d", re.I)
# Words after a ceiling cue that say what it limits per ("maximum daily dose" -> per day).
# "maximum total dose" with no day or dose named is the whole course's ("maximum total loading dose is 40 mg/kg").
# ("The maximum mass dose is 50 mcg": the mass of drug in one administration of a radiopharmaceutical)
_CUE_PER = (("daily", "day"), ("mass", "dose"), ("24", "day"), ("weekly", "week"), ("monthly", "month"),
            ("single", "dose"),
            ("cumulative", "course"), ("total", "course"), ("initial", "dose"), ("premeal", "dose"),
            ("mealtime", "dose"))
# What a ceiling is per when it is said between the cue and the amount ("The maximum dose in a 24-hour period is
# 200 mg") or after the amount and a few words ("4000 mg of acetaminophen in a 24-hour period", "2 g as a single
# dose").
_PER_PHRASE = (r"(?:in|within|per|over|during|for)\s+(?:any\s+|a\s+|one\s+|each\s+|the\s+)?(?:single[\s-]+)?"
               # "5 mL in any 10-minute period", "per 90 minute period": a period of so many minutes or hours
               r"(?:(?P<nmin>\d+)\s*-?\s*(?P<umin>minute|hour)s?\s+period\b|"
               r"(?P<p>24\s*-?\s*hours?"
               r"(?:\s+period)?|day|night|dose|infusion|injection|administration|course|treatment\s+course|cycle|"
               r"(?:treatment\s+)?session|hour|minute|week)\b)|as\s+a\s+single[\s-]+(?P<single>dose|injection|infusion)\b"
               r"|(?P<cumulative>cumulative)\b"
               # "A total of no more than 1.0 mL at weekly intervals is recommended"
               r"|at\s+(?P<iv>daily|weekly|monthly)\s+intervals\b")
_PER_BETWEEN = re.compile(r"\s*" + _PER_PHRASE + r"\s*(?:is|of|=|:)?", re.I)
# (a parenthesis may stand between: "1,200 mg (four tablets) in any 24-hour period")
_PER_LATER = re.compile(r"(?:\s*\([^()]{0,30}\))?[^.;()\d]{0,40}?\b(?:" + _PER_PHRASE + ")", re.I)
# "(or 150 mg PE/min, whichever is slower)": the other ceiling of the same statement
_WHICHEVER = re.compile(r"\s*,?\s*\(?\s*whichever\s+is\s+(?:slower|lower|less|smaller|fewer)\b", re.I)
# A frequency ceiling: "do not use more than once daily", "no more than once per night" -> 1 dose a day.
_FREQ_MAX = re.compile(
    # ("Not to be taken more than once per day")
    r"(?:\b(?:no|not|never)\s+(?:to\s+)?(?:(?:use|take|apply|give|administer|be\s+(?:used|given|taken|administered|applied|"
    r"instilled))\s+)?more\s+"
    r"(?:than|often\s+than|frequently\s+than)"
    # the verb's object between: "Do not administer latanoprostene bunod ophthalmic solution, 0.024% more than once
    # daily", "Do not administer SUSTOL more frequently than once every 7 days"
    r"|\b(?:do\s+not|don't|never|should\s+not|must\s+not)\s+(?:be\s+)?(?:use|take|apply|give|administer|instill|"
    r"used|taken|applied|given|administered|instilled)\b(?:[^.;:()]|\.\d){1,80}?\bmore\s+(?:than|often\s+than|"
    r"frequently\s+than)"
    # "up to a maximum of four times daily"; "the dosage ... should not exceed once daily"; "with each levodopa and
    # carbidopa dose to a maximum of 8 times daily"
    r"|\b(?:up\s+)?to\s+a\s+maximum\s+of|\b(?:should|must|do|does)\s+not\s+exceed|\bnot\s+to\s+exceed)"
    # "not more than 3 to 4 times daily": the higher count is the ceiling
    r"\s+(?:(?:one|two|three|\d+)\s+(?:to|or)\s+)?(?:(?P<n>once|twice)|(?P<k>one|two|three|four|five|six|\d+)\s+times)"
    # ("not more than once in every 48 hours": a period of so many hours too)
    r"\s*(?:(?:a|per|each|every|in\s+every|in\s+(?:any\s+|a\s+)?)\s*)?(?P<p>daily|day|night|"
    r"24\s*-?\s*hours?(?:\s+period)?|weekly|week|(?P<days>\d+|two|three|four)\s*-?\s*(?P<du>days|weeks|hours))\b",
    re.I)
# What a frequency ceiling may bound that is no dose: a site's reuse, a dose's change.
_FREQ_NOT_DOSE = re.compile(r"\bsame\s+(?:\w+\s+)?site\b|\b(?:increase|increasing|adjust|adjusting|titrate|titrating|"
                            r"escalate|change|changing|modify|reduce|decrease)\b[^.;]{0,40}?\b(?:dose|dosage|dosing)\b"
                            # the change named after the dose ("with dose increases of 50 mg no more than twice daily
                            # every three days": how often the dose is raised, not how often it is taken)
                            r"|\b(?:dose|dosage|dosing)\s+(?:increases?|increments?|adjustments?|changes?|escalations?|"
                            r"titrations?|reductions?)\b",
                            re.I)
# A ceiling's period of several weeks or months ("30 grams per 2 weeks"), kept as written ("2 weeks").
# ("a maximum cumulative dose of 10 mg/kg over 3 days": a period of days too, after "over")
_PER_N = re.compile(r"\s+(?:per\s+|in\s+(?:any\s+)?|within\s+(?:any\s+)?|over\s+)(?P<n>\d+|two|three|four|six)\s*-?\s*"
                    r"(?P<u>weeks?|months?|days)\b", re.I)
# The ceiling for a second group of patients in the same clause: "80 mg per day in moderate hepatic impairment and
# 40 mg per day in severe hepatic impairment" (the words between name the first group).
_AND_FOR_OTHERS = re.compile(r"\s*(?:per\s+day\s+|daily\s+|once\s+daily\s+)?(?:in|for)\s+[^.;:()\d]{3,60}?,?\s+and\s+"
                             r"(?:up\s+to\s+)?", re.I)
# The second ceiling of the same clause: "30 grams per 2 weeks or 60 grams per month".
_OR_NEXT = re.compile(r"\s*,?\s*or\s+(?:up\s+to\s+)?", re.I)
# A per-course count of cycles: "additional cycles of treatment, up to a maximum of 6 cycles, may be administered".
# ("a 28-day cycle, up to 6 cycles", "for up to 20 cycles", "and up to 8 cycles of continuation therapy": a bare
# "up to" before a count of cycles is the course's cap too, as the seed-21 gold records it)
_CYCLES = re.compile(r"\b(?:(?:up\s+to\s+|for\s+|until\s+)?(?:a\s+)?maximum(?:\s+of)?|not\s+to\s+exceed|"
                     r"no\s+more\s+than|not\s+more\s+than|up\s+to)"
                     r"\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:treatment\s+)?cycles\b",
                     re.I)
# What was given in a trial, not a cap: "patients received up to 6 cycles".
_CYCLES_EXPERIENCE = re.compile(r"\b(?:received|receiving|treated|were\s+given|completed|median)\b[^.;]{0,40}$", re.I)
# A course's length as a capped count of doses ("every 2 weeks for a maximum of 12 doses", "every 12 hours for a
# total of up to three doses", "a maximum of 4 doses"): per course (the seed-21 gold records them so).
_COURSE_COUNT = re.compile(
    # ("administer once weekly for 4 doses to a maximum of 16 doses": a schedule's length, left as before)
    r"(?<!\bto\s)\b(?:(?:for|until)\s+)?a\s+maximum\s+of\s+(?P<n>\d+|two|three|four|five|six|eight|ten|twelve)\s+"
    r"(?:(?:total|additional)\s+)?(?:doses|infusions|injections|administrations)\b"
    r"|\bfor\s+a\s+total\s+of\s+up\s+to\s+(?P<m>\d+|two|three|four|five|six)\s+doses\b", re.I)
# A repeat interval as a ceiling: "Doses should not be given more frequently than every 12 hours", "no sooner than
# every 16 weeks", "no more frequently than every three months" -> 1 dose per that period.
_INTERVAL_MAX = re.compile(
    # ("Initiate treatment with 50 mg ... no more than every 24 hours": the same, the adverb left out)
    r"\b(?:more\s+(?:frequently|often)|sooner|(?<=\bno\s)more)\s+than\s+every\s+(?P<n>\d+|two|three|four|six|eight|twelve)"
    r"\s*-?\s*(?P<u>hours?|days?|weeks?|months?)\b", re.I)
# ("The dose may be increased in 2.5 mg or 5 mg increments no more frequently than every 4 weeks", "Dose adjustments
# should not be made more often than ...": a change's interval; "Subsequent courses ... not sooner than every 16
# weeks": a course's, not a dose's)
_INTERVAL_NOT_DOSE = re.compile(r"\b(?:increas|decreas|adjust|titrat|escalat|reduc)\w*|\bcourses?\b", re.I)
_OTHER_CYCLES = re.compile(r"\s+of\s+(?!(?:the\s+)?(?:treatment|therapy|continuation|consolidation|induction|"
                           r"maintenance)\b)[\w-]+", re.I)
_WORD_N = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10, "twelve": 12}
# The cues that keep a dose within what follows ("Limit the total dose ... to 0.03 mg/kg to 0.04 mg/kg"): the upper
# end of a range after them is the ceiling (unlike "should not exceed 1 to 2 mg PE/kg/min", which names none).
_LIMIT_CUE = re.compile(r"limit|limited|restricted", re.I)
# what may stand between such a cue and its amount ("is limited to a total of"), nothing else ("restricted to patients")
_LIMIT_GAP = re.compile(r"\s*(?:(?:a|an|the)\s+)?(?:(?:total|maximum|daily|single|dose|dosage|of)\s+){0,3}", re.I)
_FREQ_N = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# What is counted by a frequency ceiling: the statement's own verb or noun ("apply ... not more than 4 times daily":
# applications), else doses.
_FREQ_UNIT = ((re.compile(r"\bapply\b|\bapplications?\b", re.I), "applications"),
              (re.compile(r"\bdrops?\b|\binstill\b|\bophthalmic\s+(?:solution|suspension|emulsion)\b", re.I),
               "drops"))


_OR_ALTERNATIVE = re.compile(r"(?:\s+as\s+a\s+single[\s-]+dose)?\s*\(?\s*or\s+(?:up\s+to\s+)?(?:a\s+total\s+of\s+)?",
                             re.I)


def _whichever(qs: list[Quantity], q: Quantity, text: str) -> Quantity | None:
    """The alternative ceiling right after `q`: "2 mg PE/kg/min (or 150 mg PE/min, whichever is slower)"."""
    return next((a for a in qs if a.start > q.end and a.start - q.end <= 30 and not a.is_range
                 and _OR_ALTERNATIVE.fullmatch(text[q.end : a.start])
                 and _WHICHEVER.match(text, a.end)), None)


def _per_n(text: str, end: int) -> re.Match[str] | None:
    """A period of several weeks or months right after a quantity ("per 2 weeks"), or None."""
    return _PER_N.match(text, end)


def _per_n_word(m: re.Match[str]) -> str:
    n = m.group("n").lower()
    unit = m.group("u").lower().rstrip("s") + "s"
    return f"{_FREQ_N.get(n, n)} {unit}"


def _per_of(m: re.Match[str]) -> str:
    if m.group("nmin"):
        n, u = int(m.group("nmin")), m.group("umin").lower()
        return "day" if (n, u) == (24, "hour") else "hour" if (n, u) == (60, "minute") else f"{n} {u}s"
    if m.group("single"):
        return "dose"
    if m.group("cumulative"):
        return "course"
    if m.group("iv"):
        return {"daily": "day", "weekly": "week", "monthly": "month"}[m.group("iv").lower()]
    p = per_word(re.sub(r"\s+", " ", m.group("p")))
    said = {"injection": "dose", "administration": "dose", "treatment course": "course", "night": "day",
            "treatment session": "session"}
    return said.get(p or "", p or "")

_RANGE_CONTEXT = re.compile(r"\b(?:daily|a\s+day|per\s+day|/\s?day|once|twice|times|every|range|usual|"
                            r"recommended|maintenance)\b", re.I)
_START_CUE = re.compile(
    r"\b(?:starting|initial|initiation|start)\s+(?:oral\s+|adult\s+|daily\s+)?(?:dose|dosage)s?\b"
    r"|\binitially\b|\b(?:start|begin|initiate)\s+(?:treatment\s+|therapy\s+|dosing\s+)?(?:with|at)\b"
    r"|\binitiate\s+\w+\s+(?:at|with)\b",
    re.I,
)
_TITRATE_CUE = re.compile(
    r"\b(?:increase[sd]?|titrate[sd]?|titrated|adjust(?:ed)?|raised?)\b[^.;]{0,60}?\b(?:by|in\s+(?:increments|steps)"
    r"\s+of|increments\s+of)\b|\bincrements?\s+of\b",
    re.I,
)
_INTERVAL = re.compile(
    r"\b(?:every|at\s+intervals\s+of|intervals\s+of|no\s+(?:more\s+)?(?:frequently|often|sooner)\s+than(?:\s+every)?"
    r"|after(?:\s+at\s+least)?|at\s+least)\s+(?P<n>\d+(?:\s*(?:to|-|–)\s*\d+)?|one|two|three|four|seven)\s*-?\s*"
    r"(?P<u>days?|weeks?|hours?|months?)\b"
    r"|\bat\s+(?P<adj>weekly|daily|biweekly|monthly)\s+intervals\b|\b(?P<adv>weekly|every\s+other\s+week)\b",
    re.I,
)
# How far after a cue its quantity may stand (characters, within the statement).
_WINDOW = 80


def _next_quantity(qs: list[Quantity], pos: int, text: str) -> Quantity | None:
    """The first quantity starting within `_WINDOW` characters after `pos`, with no clause break (';' or a
    sentence end) and no other number between ("a maximum of 6 cycles ... 1,000 mg/m2": the 6 is what is
    bounded, and it is no dose)."""
    for q in qs:
        if q.start < pos:
            continue
        between = text[pos : q.start]
        # a longer subject may stand between when the amount follows its verb ("The maximum single recommended adult
        # dose of sumatriptan injection for the acute treatment of migraine or cluster headache is 6 mg")
        window = _WINDOW * 2 if re.search(r"\b(?:is|are)\s*$", between) else _WINDOW
        if q.start - pos > window or re.search(r"[;]|\.\s|\d", between):
            return None
        return q
    return None


# A ceiling noun whose subject holds numbers of its own before the verb ("The maximum dosage of XULTOPHY 100/3.6 is 50
# units daily", "The maximum recommended dose for treatment of HFL (20 Units) in conjunction with GL (20 Units) is 40
# Units"): the amount is the one right after "is".
_NOUN_CUE = re.compile(r"^maximum\b.*\b(?:dose|dosage|amount)s?$", re.I)
_VERB_AMOUNT = re.compile(r"[^;]{0,200}?\b(?:is|are)\s+(?=\d)", re.I)


def _after_verb(qs: list[Quantity], m: re.Match[str], pos: int, text: str) -> Quantity | None:
    """The amount right after the verb of a "maximum ... dose" subject that holds other numbers, or None (the verb
    must come within 200 characters of the cue, in the same sentence)."""
    if not _NOUN_CUE.match(m.group(0)):
        return None
    v = _VERB_AMOUNT.match(text, pos)
    if v is None or re.search(r"\.\s", text[pos : v.end()]):
        return None
    if re.search(r"\b(?:doses?|dosages?|recommended|usual|initial|starting)\b", text[pos : v.end()], re.I):
        # "Maximum Monthly Dosage Schizophrenia ( 2.1 ) 351 mg 39 mg to 234 mg Recommended monthly dosage ... is 117
        # mg": another dose is the verb's subject
        return None
    return next((q for q in qs if q.start == v.end()), None)


def _mass_of_volume(qs: list[Quantity], q: Quantity, text: str) -> Quantity | None:
    """The amount of drug in parentheses right after a volume ("10 mL (80 mg)"), or None."""
    if q.unit != "mL":
        return None
    return _paren_mass(qs, q, text)


# Count units whose ceiling may be followed by the amount of drug it holds ("1 tablet (5 mg) in 24 hours").
_COUNT_UNITS = frozenset({"tablets", "capsules", "caplets", "softgels", "gelcaps", "geltabs", "packets", "lozenges",
                          "pieces", "suppositories", "patches", "teaspoons", "tablespoons"})


def _paren_mass(qs: list[Quantity], q: Quantity, text: str) -> Quantity | None:
    """The amount of drug in parentheses right after `q` ("10 mL (80 mg)", "1 tablet (5 mg)"), or None."""
    nxt = next((a for a in qs if a.start >= q.end), None)
    if (nxt is None or nxt.is_range or isinstance(nxt.value, (list, str)) or nxt.per is not None
            or nxt.unit not in ("mg", "mcg", "g", "units", "mEq", "mmol")):
        return None
    if re.fullmatch(r"\s*\(\s*", text[q.end : nxt.start]) and re.match(r"\s*\)", text[nxt.end :]):
        return nxt
    return None


# A dose per body surface the quantity reader leaves unread ("180 mcg/1.73 m 2 × BSA"): the amount is per m2 too.
# "7.7 mg for each kg of actual body weight": a dose per kg in words.
_PER_EACH_KG = re.compile(r"\s+(?:for\s+each|per|each)\s+(?:kg|kilogram)\b", re.I)
_PER_BSA = re.compile(r"\s?/\s?(?:1\.73\s?)?m\s?2\b", re.I)


# A botulinum toxin's ceiling in Units spread over muscles, limbs or sites ("do not exceed a total XEOMIN dosage of 16
# Units/kg, up to a maximum of 400 Units", "divided among affected muscles, up to a maximum dose of 200 Units per
# single upper limb"): one treatment session's, not a course's or one injection's (seed-21 gold).
_SESSION_SPREAD = re.compile(r"\b(?:muscles?|(?:upper|lower)\s+limbs?|per\s+(?:eye|side)|injection\s+sites|"
                             r"treatment\s+session)\b", re.I)


# Where a ceiling in Units with no period said is spread: injection sites, areas treated together, muscles.
_TOXIN_SITES = re.compile(r"\b(?:sites?|areas?|simultaneously|muscles?|(?:upper|lower)\s+limbs?|per\s+(?:eye|side)|"
                          r"treatment\s+session)\b", re.I)


def _found(fact: str, kind: str, q: Quantity, text: str, per: str | None = None) -> Found:
    if (fact == "max_dose" and kind == "maximum" and str(q.unit).lower() in ("units", "units/kg")
            and (per if per is not None else q.per) in ("course", "dose") and _SESSION_SPREAD.search(text)):
        per = "session"
    return Found(fact, kind, value=q.value, unit=q.unit, per=per if per is not None else q.per,  # type: ignore[arg-type]
                 population=population(text), route_form=route_form(text, (q.start, q.end)))


# A frequency said a few words after the amount ("4.5 mg injected subcutaneously once weekly", "15 mg three times per
# week", "10,000 units, subcutaneously every 12 hours"): the route or form may stand between, no other number.
_FREQ_LATER = re.compile(
    r"(?:\s*\([^()]{0,40}\))?[^.;()\d]{0,45}?\b(?:(?P<day>once\s+(?:daily|a\s+day|per\s+day|nightly|per\s+night|at\s+bedtime))"
    r"|(?P<week>once\s+(?:weekly|a\s+week|per\s+week|every\s+(?:week|7\s+days)))"
    r"|(?P<dose>(?:twice|(?:two|three|four|\d)\s+times)\s+(?:daily|a\s+day|per\s+day|weekly|a\s+week|per\s+week)"
    r"|every\s+(?:\d+\s+(?:to\s+\d+\s+)?(?:hours|days|weeks)|other\s+(?:day|week))))\b",
    re.I,
)
# The noun the ceiling is said of, right before the cue ("The total daily dose should not exceed 18,000 units",
# "the initial dose should not exceed 25 g", "The total dose ... should not exceed 12 milligrams").
_SUBJECT_PER = re.compile(
    r"\b(?P<w>total\s+daily|daily|total|cumulative|single|initial|each|individual)\s+(?:dose|dosage)\s+"
    r"(?:[^.;,]{0,60}?\s)?$",
    re.I,
)
# A bare "dose" as the subject of a verb cue (no period word before it: those are _SUBJECT_PER's).
_DOSE_SUBJECT = re.compile(r"(?:^|[:.]\s*|\b(?:the|maximum|recommended)\s+)dose\s+(?:administered\s+|given\s+)?"
                           r"(?:(?:of|for|in)\s+[^.;,]{0,40}?\s)?$", re.I)
_VERB_CUE = re.compile(r"(?:should|must|do|does|shall)\s+not\s+exceed|not\s+to\s+exceed", re.I)
_SUBJECT_WORD = {"total daily": "day", "daily": "day", "total": "course", "cumulative": "course"}
# Experience, not a ceiling: "Most patients have received maximum doses of 16 mg/hour or less" (also after a
# "Maximum dose:" line title).
_EXPERIENCE = re.compile(r"\b(?:received|treated\s+with|were\s+given|experience\s+with)\b", re.I)
# In a flattened table only the parenthesised cap of a row is read: "4 mg/kg (maximum dose 150 mg)".
# ("(maximum dose is 102 mL)", "(with maximum 3 mL/kg)": a row's cap in a dosing table's cell, iohexol)
_TABLE_CAP = re.compile(r"\(\s*(?:with\s+)?(?:maximum|max\.?)(?:\s+(?:single\s+)?dose(?:\s+of)?)?\s*:?\s*$", re.I)
# The second ingredient's amount of a combination ceiling ("a daily dose of alogliptin 25 mg and pioglitazone 45
# mg", "25 mg of alogliptin and 15 mg of pioglitazone"): the two amounts are one ceiling, "25/45".
_AND_SECOND = re.compile(r"\s*(?:of\s+[A-Za-z-]+\s+)?and\s+(?:[A-Za-z-]+\s+)?(?:HCl\s+)?$|\s?/\s?$|"
                         # a list of ingredients: each amount after its own name ("25 mg, linagliptin 5 mg")
                         # (a count is no name: "is 12 mg, two 6 mg injections")
                         r"\s*,\s*(?:and\s+)?(?!(?:one|two|three|four|five|six)\s)[A-Za-z][\w-]*\s+(?:HCl\s+)?$",
                         re.I)


def _second_ingredient(qs: list[Quantity], q: Quantity, text: str) -> Quantity | None:
    """The second ingredient's amount right after `q` in the same unit, or None."""
    nxt = next((a for a in qs if a.start >= q.end), None)
    if (nxt is None or nxt.is_range or nxt.unit != q.unit or isinstance(nxt.value, (list, str))
            or isinstance(q.value, list) or nxt.start - q.end > 30):
        return None
    return nxt if _AND_SECOND.fullmatch(text[q.end : nxt.start]) else None


# A weight-based amount said to be a day's: "a maximum daily dose of 45 mg/kg", "total daily dose of 10 mg/kg".
_DAILY_BEFORE = re.compile(r"\b(?:daily|a\s+day|per\s+day)\s+(?:dose|dosage)\s+(?:is\s+|of\s+)?$", re.I)


def _per_around(text: str, m: re.Match[str], q: Quantity, cue_per: str | None,
                qs_before: list[Quantity]) -> str | None:
    """What a ceiling is per when the amount itself does not say it: the words between the cue and the amount, a
    period named a few words after the amount, a frequency after it ("once weekly"), the cue's own words, or the
    noun the cue is said of ("the total daily dose should not exceed")."""
    if cue_per:
        return cue_per
    if re.match(r"(?:doses?|dosages?)\b", m.group(0), re.I):
        # "Daily dosage higher than 250 mg is not recommended": the period word before the cue's own noun
        w = re.search(r"\b(total\s+daily|daily|single|individual)\s+$", text[max(0, m.start() - 20) : m.start()], re.I)
        if w:
            return "day" if "daily" in w.group(1).lower() else "dose"
    # the cue's own words, or those between it and the amount ("maximum daily dose is 6 mg given in divided doses 3
    # times a day", "do not exceed a cumulative dose of 1,000 mg")
    said = f"{m.group(0).lower()} {text[m.end() : q.start].lower()}"
    # a period named in the cue ("daily") goes first; "total", "single", "cumulative" only when no period follows
    # the amount ("maximum total dose of 4 g in 24 hours")
    said_per = [p for w, p in _CUE_PER if re.search(rf"\b{w}", said)]
    if said_per and said_per[0] in ("day", "week", "month"):
        return said_per[0]
    noun = re.match(r"\s+(?P<total>total\s+)?(?:single\s+)?(?:dose|dosage)\b", text[q.end :], re.I)
    if noun:  # "Do not exceed the 5 mg dose of solifenacin", "Do not exceed 20 mL total dosage"
        return "course" if noun.group("total") else "dose"
    several = _per_n(text, q.end)
    if several:  # "Do not use more than 30 grams per 2 weeks"
        return _per_n_word(several)
    later = _PER_LATER.match(text, q.end)
    freq = _FREQ_LATER.match(text, q.end)
    if freq and (later is None or freq.start("day" if freq.group("day") else "week" if freq.group("week") else "dose")
                 < later.end()):
        if freq.group("dose") and re.search(r"\bdivided\b", text[q.end : freq.end()], re.I):
            return "day"  # "6 mg given in divided doses 3 times a day": the day's amount, divided
        return "day" if freq.group("day") else "week" if freq.group("week") else "dose"
    if later:  # "4000 mg of acetaminophen in a 24-hour period", "300 mg per infusion"
        return _per_of(later)
    if said_per:
        return said_per[0]
    before = text[max(0, m.start() - 80) : m.start()]
    if re.search(r"\b(?:on|in|during)\s+any\s+(?:one\s+)?(?:day|24\s*-?\s*hour)", before, re.I):
        # "The maximum sirolimus tablets dose administered on any day should not exceed 40 mg", "the total dosage
        # during any 24-hour treatment period should not exceed 8 tablets"
        return "day"
    if re.search(r"\(\s*(?:with\s+)?$", text[: m.start()]):  # "(with maximum 3 mL/kg)" too
        if re.search(r"\b(?:total\s+)?daily\s+(?:dose|dosage)\b[^.;()]{0,60}\(\s*$", text[: m.start()], re.I):
            # "The recommended total daily dose of ketorolac tromethamine tablets (maximum 40 mg)": the day's cap
            return "day"
        return "dose"  # "4 mg/kg (maximum dose 150 mg)": the cap of that one dose
    weighed = [b for b in qs_before if b.end <= m.start() and (re.search(r"/(?:kg|m2)$", b.unit)
                                                               or _PER_BSA.match(text, b.end)
                                                               or _PER_EACH_KG.match(text, b.end))]
    if "/" not in q.unit and weighed:
        # "1.2 mg/kg up to a maximum of 120 mg", "0.3 mg/kg, up to a maximum dose of 35 mg": the cap of the dose
        # computed from body weight or area; of the day's when that amount is a day's ("until a maximum daily dose
        # of 45 mg/kg, not to exceed 3,200 mg, administered in two equally divided doses")
        b = weighed[-1]
        if b.per == "day" or _DAILY_BEFORE.search(text[max(0, b.start - 40) : b.start]):
            return "day"
        return "dose"
    subject = _SUBJECT_PER.search(text[max(0, m.start() - 120) : m.start()])
    if subject:
        return _SUBJECT_WORD.get(re.sub(r"\s+", " ", subject.group("w").lower()), "dose")
    if _DOSE_SUBJECT.search(text[max(0, m.start() - 80) : m.start()]) and _VERB_CUE.match(m.group(0)):
        # "Dose should not exceed 2 mg", "the dose administered should not exceed 4 mg/kg in adults", "The maximum
        # dose should not exceed 4 mL/kg": the amount of one dose
        return "dose"
    if _VERB_CUE.match(m.group(0)) and re.fullmatch(r"\s*(?:the\s+|a\s+)?dose\s+of\s*", text[m.end() : q.start], re.I):
        return "dose"  # "do not exceed dose of 24.65 mg"
    return None


# A numbered subsection title ("2.5 Dosage Modifications ..."): where a flattened table that runs on ends.
_SUBSECTION = re.compile(r"(?<=\s)\d{1,2}\.\d{1,2}\s+(?-i:[A-Z][a-z]+)")
# A second cell of the same unit right after a ceiling ("40 mg/kg/day 28 mg/kg/day").
_COLUMN_NEXT = r"\d[\d,.]*\s*(?:mg|mcg|g|mL|units?)(?:\s?/\s?(?:kg|m\s?2))?(?:\s?/\s?day)?\s"
# A flattened table's last column of maxima ("Table 1: ... Recommended titration increments Maximum dose allowed 9 kg
# to less than 25 kg 100 mcg orally twice daily 100 mcg orally twice daily 800 mcg orally twice daily 25 kg ...").
_MAX_COLUMN = re.compile(r"\b(?-i:Maximum)\s+(?:(?:recommended|total|daily|single|maintenance)\s+)*(?:dose|dosage)"
                         r"(?:\s+allowed)?\s+", re.I)
# Between two cells of one row only a cell's own lowercase words ("orally twice daily"); a row's title (a capital, a
# digit, a colon) ends the row.
_CELL_GAP = re.compile(r"[a-z\s,]{0,30}")
_HEADER_WORD = re.compile(r"\b(?:dose|dosage|increments?|regimen|strength)s?\b", re.I)


def _table_max_column(text: str, qs: list[Quantity], used: set[int]) -> list[Found]:
    """The ceilings of a flattened table whose last column is "Maximum ... Dose": the last cell of each row, when
    every row has the same number of dose cells (two or more) and each cell states its own amount and period; else
    nothing (a table whose rows cannot be told apart is not read)."""
    m = _MAX_COLUMN.search(text)
    if m is None:
        return []
    cells = [q for q in qs if q.start >= m.end()]
    if not cells or _HEADER_WORD.search(text[m.end() : cells[0].start]):
        return []  # another dose column follows "Maximum ...": it is not the last one
    rows: list[list[Quantity]] = [[cells[0]]]
    for q in cells[1:]:
        if _CELL_GAP.fullmatch(text[rows[-1][-1].end : q.start]):
            rows[-1].append(q)
        else:
            rows.append([q])
    width = max((len(r) for r in rows), default=0)
    full = [r for r in rows if len(r) == width]
    if width < 2 or len(full) < 2 or any(len(r) > width for r in rows):
        return []
    out = []
    for r in full:
        q = r[-1]
        if q.is_range or q.start in used:
            continue
        freq = _FREQ_LATER.match(text, q.end)
        per = q.per or (None if freq is None else "day" if freq.group("day") else "week" if freq.group("week")
                        else "dose")
        if per is None:
            continue  # a cell without its period is not given (precision first)
        used.add(q.start)
        out.append(_found("max_dose", "maximum", q, text, per))
    return out


# What may stand between a ceiling and a second one of the same statement, each for its own patients: "6 mg for
# patients with mild hepatic impairment and 4 mg for patients with moderate hepatic impairment", "6 mg (mild) and 4
# mg (moderate) once daily".
_AND_NEXT = re.compile(r"\s*(?:\([^()\d]{1,30}\)|for\s+(?:patients|adults|children|those)\b[^.;:()\d]{0,80}?)\s*,?\s*"
                       r"(?:and|or)\s+(?:up\s+to\s+)?", re.I)
# The same ceiling said again per day in parentheses: "10 mg/kg twice daily (20 mg/kg/day)".
_PAREN_SAME = re.compile(r"\s*\(\s*$")


def _companions(qs: list[Quantity], q: Quantity, text: str, per: str, used: set[int]) -> list[Quantity]:
    """The ceilings said with `q` (whose period is `per`) in the same breath: its daily equivalent in parentheses
    ("10 mg/kg twice daily (20 mg/kg/day)") and a second population's ceiling joined by "and" ("6 mg for patients
    with mild ... and 4 mg for patients with moderate hepatic impairment"), given with the first one's period when
    it states none. Nothing else: another amount of the statement is no ceiling."""
    out = []
    nxt = next((a for a in qs if a.start >= q.end), None)
    if nxt is None or nxt.start in used or nxt.is_range or isinstance(nxt.value, str):
        return out
    if nxt.unit != q.unit:
        return out
    between = text[q.end : nxt.start]
    paren = bool(_PAREN_SAME.fullmatch(between)) and bool(nxt.per) and nxt.per != per and bool(
        re.match(r"\s*\)", text[nxt.end :]))
    if paren or _AND_NEXT.fullmatch(between):
        out.append(nxt)
    return out


# Words for a drug's own dosing that may stand right before a parenthesised cap ("Pediatric patients: 15 mg/kg (up
# to a maximum of 1200 mg)"); any other name there is the drug the cap belongs to.
_OWNER_VERB = re.compile(r"(?:\b(?:administer(?:ed)?|premedicate\s+with|premedication\s+with|such\s+as|and|plus|with|"
                         r"followed\s+by|give|given)\s+)(?P<w>[a-z][a-z-]{4,})\s+(?:\d[\d.,]*\s*(?:to\s*[\d.,]+\s*)?"
                         r"[a-zA-Zµ]+(?:\s?/\s?(?:kg|m\s?2))?\s*)?\(\s*[^()]*$", re.I)
_NOT_A_DRUG = frozenset("""dose doses dosage dosages drug drugs medication medications treatment therapy infusion
    injection tablets tablet capsules capsule solution suspension placebo water saline fluids oral intravenous daily
    weekly patients adults children infants body weight""".split())


def _other_drugs_cap(text: str, pos: int, names: frozenset[str]) -> bool:
    """The cap at `pos` stands in parentheses after another drug's dose: "Administer acetaminophen (10 to 15 mg/kg;
    maximum dose 650 mg)", "premedicate with hydrocortisone 1 mg/kg (maximum dose 50 mg)" in a dinutuximab label
    are acetaminophen's and hydrocortisone's ceilings. The drug the parenthesis follows is named right after an
    administering word; it is another drug when it is none of the label's own names (`names`, lower case).
    Without names nothing is attributed elsewhere."""
    if not names:
        return False
    m = _OWNER_VERB.search(text[max(0, pos - 120) : pos])
    if m is None:
        return False
    w = m.group("w").lower()
    return w not in names and w not in _NOT_A_DRUG and not any(w in n or n in w for n in names if len(n) >= 5)


# A flattened table's column header that says what its maxima are per ("Maximum Cumulative Total Dose", "Maximum
# 24-Hour Dose", "Maximum Daily Dose"): written in Title Case, unlike a sentence ("Maximum dose in a 24-hour period").
_HEADER_COLUMN = re.compile(r"(?-i:\bMaximum((?:\s+(?:[A-Z0-9][\w-]*))*?)\s+Dos(?:e|age)s?)\b(?!\s*(?:is|of|:))")
_HEADER_PER = (("24", "day"), ("daily", "day"), ("cumulative", "course"), ("total", "course"), ("single", "dose"),
               ("weekly", "week"))
# A row's last cell: the amount is followed by the next row's title (a capital), a number (the next row's first
# cell) or the end, not by words of its own cell ("Up to 10 mL for the renal arteries").
_ROW_END = re.compile(r"\s*(?:$|(?-i:[A-Z])|<|≥|>|"
                      r"\d[\d.,]*(?!\s*(?:to\s+[\d.,]+\s*)?(?:mg|mcg|g|mL|units?)\b)(?=\s|$))", re.I)


def _header_column(text: str, qs: list[Quantity], used: set[int]) -> list[Found]:
    """The cells of a flattened table's "Maximum ... Dose" column whose header names the period ("Maximum
    Cumulative Total Dose Cerebral Arteriography 300 8 mL to 12 mL by carotid puncture ... 90 mL Peripheral ...",
    "Maximum 24-Hour Dose Codeine Phosphate 15 mg to 60 mg 360 mg Acetaminophen ..."): each row's last amount, a
    single amount (not a range) with no period of its own, read up to the next such header, table or subsection.
    A header that names no period ("Maximum Dose") gives nothing: precision first."""
    out: list[Found] = []
    heads = list(_HEADER_COLUMN.finditer(text))
    for i, h in enumerate(heads):
        words = h.group(1).lower()
        per = next((p for w, p in _HEADER_PER if w in words), None)
        if per is None:
            continue
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        stop = re.compile(r"\bTable\s+\d|(?<=\s)\d{1,2}\.\d{1,2}\s+(?-i:[A-Z][a-z]+)").search(text, h.end(), end)
        end = stop.start() if stop else end
        for q in qs:
            if not (h.end() <= q.start and q.end <= end) or q.start in used or q.is_range:
                continue
            if isinstance(q.value, str) or q.unit in ("doses", "cycles") or q.per is not None:
                continue
            if not _ROW_END.match(text, q.end) or re.search(r"\bup\s+to\s*$|\busual(?:ly)?\b[^\d]{0,20}$",
                                                           text[max(0, q.start - 30) : q.start], re.I):
                continue  # "Up to 10 mL for ...", "Usually Not to Exceed 175 mL": no ceiling
            used.add(q.start)
            out.append(_found("max_dose", "maximum", q, text, per))
    return out


# A pipe table's column of ceilings (sources.tables writes tables with a header as "| Indication | Initial Dose |
# Maximum Dose |"): "Maximum Dose", "Maximum Daily Dose", "Max Dose", "Maximum Recommended Dosage (mg/day)".
# ("Maximum Infusion Rate": an infusion table's ceiling rate per weight band, "| 25 kg or more | 6 mL/hour | ... | 72
# mL/hour |"; kept only for an amount per hour or minute)
# ("Maximum Volume" over "6 mL (48 mg)" cells: read for the amount of drug in parentheses only; "Maximum (Units)":
# the unit in the header, bare numbers in the cells)
_PIPE_MAX_HEADER = re.compile(r"\b(?:max(?:imum|\.)?|highest)\s+(?:(?:recommended|total|daily|single|maintenance|"
                              r"24\s*-?\s*hours?|cumulative)\s+)*(?:(?:dose|dosage)s?|(?P<rate>(?:infusion\s+)?rate)|"
                              r"(?P<volume>volume))\b"
                              r"|\bmaximum\s*\(\s*(?P<hunit>units|mg|mcg|mL)\s*\)\s*$",
                              re.I)
# The period a header names for its column ("Maximum Daily Dose", "Maximum Dose (mg/day)"); "(mg/day)" names the
# unit of bare-number cells too.
_PIPE_HEADER_UNIT = re.compile(r"\(\s*(?P<u>mg|mcg|g|mL|units?|mEq)(?:\s?/\s?(?P<w>kg|m2|m\s2))?\s?/\s?"
                               r"(?P<p>day|dose|week|24\s*h(?:ours?)?)\s*\)", re.I)
_PIPE_HEADER_PER = (("daily", "day"), ("24", "day"), ("single", "dose"), ("cumulative", "course"), ("total", "course"))
# Not a cell's single ceiling: a count of times ("20 mg twice daily" is not 20 mg a day), a range, a condition.
_PIPE_CELL_NOT = re.compile(r"\b(?:every|not\s+recommended|see|or|and|if|when|tolerated)\b|[<>≤≥]", re.I)
# What may follow a cell's amount: its route and how often ("10 mg sublingually twice daily": 10 mg a dose; "15 mg
# orally once daily": a day) or that it is the day's total ("1 mg total daily dose").
_PIPE_CELL_TAIL = re.compile(r"\s*(?:(?P<total>(?:(?:total\s+)?daily\s+)?dose)|(?:(?:orally|sublingually|"
                             r"subcutaneously|intravenously|intramuscularly|by\s+mouth)\s+)?(?P<freq>once\s+daily|once\s+a\s+day|"
                             r"twice\s+daily|twice\s+a\s+day|(?:two|three|four|\d)\s+times\s+(?:daily|a\s+day)))?"
                             r"[\s.*†‡§¶]*", re.I)
# A ceiling cell of two amounts, the lower one applying: "1.4 mg/kg/day or 100 mg/day (whichever is less)".
_PIPE_WHICHEVER = re.compile(r"(?P<a>[^|]+?)\s+or\s+(?P<b>[^|]+?)\s*[,(]?\s*whichever\s+is\s+(?:less|lower|smaller)"
                             r"\s*\)?[\s.,*a-z†‡]*", re.I)
_BARE_RANGE = re.compile(r"(?:(?:up\s+to|less\s+than|over|above)\s+)?[\d.,]+(?:\s*(?:–|-|to)\s*[\d.,]+)?", re.I)
_SECTION_REF = re.compile(r"\(\s*\d+(?:\.\d+)*\s*\)")


# The period of a dosing table's cells when neither header nor cell says it: the label's dosing text says how often a
# dose is given ("orally once daily" and no other schedule: a dose is a day's), or that a toxin's Units are per
# treatment session.
_ONCE_DAILY = re.compile(r"\bonce[\s-]+(?:daily|a\s+day|per\s+day)\b|\bevery\s+day\b", re.I)
# ("3 times ULN", "Repeat tests weekly": no schedule of doses)
_OTHER_SCHEDULE = re.compile(r"\btwice\b|\b(?:two|three|four|five|six|\d)\s+times\s+(?:a\s+|per\s+|each\s+)?"
                             r"(?:daily|day|weekly|week|monthly|month)\b|\bevery\s+(?!day\b)\w+|"
                             r"\b(?:once|twice)[\s-]+(?:weekly|monthly|a\s+week|a\s+month)\b|"
                             r"\b(?:nightly|hourly)\b|\bdivided\s+doses\b|\b(?:b\.?i\.?d|t\.?i\.?d|"
                             r"q\.?i\.?d|q\d+h)\b|\bper\s+(?:hour|minute|week|month|cycle|course|infusion)\b|"
                             r"\btreatment\s+session\b", re.I)
_SESSION = re.compile(r"\bper\s+treatment\s+session\b", re.I)


def label_period(texts: Iterable[str]) -> str | None:
    """The period a label's dosing text (its Dosage and Administration passages) gives every dose: "day" when it says
    "once daily" and names no other schedule (twice daily, every 12 hours, weekly, divided doses, per session ...),
    "session" when it says "per treatment session" (a toxin's Units); else None."""
    text = " ".join(texts)
    if _SESSION.search(text):
        return "session"
    if _ONCE_DAILY.search(text) and not _OTHER_SCHEDULE.search(text):
        return "day"
    return None


# A cell of one amount and its equivalents in parentheses: "6 mL (48 mg)", "0.65 mg (0.13 mL or 13 Units)",
# "0.13 mg/kg (0.026 mL/kg)".
_EQUIVALENTS = re.compile(r"\s*\((?P<in>[^()]+)\)[\s.*†‡§¶]*")
_MASS_UNIT = re.compile(r"^(?:mg|mcg|g|mEq|mmol)(?:/(?:kg|m2))?$")


def _equivalent_amount(cell: str, qs: list[Quantity]) -> Quantity | None:
    """The amount of drug of a cell written as an amount with its equivalents in parentheses: the first amount when it
    is a mass, the first mass in the parentheses when the first is a volume; None for any other cell."""
    if len(qs) < 2 or any(q.is_range or isinstance(q.value, (list, str)) for q in qs):
        return None
    if re.sub(r"[\s.,;*†‡§¶]", "", cell[: qs[0].start]):
        return None
    eq = _EQUIVALENTS.fullmatch(cell, qs[0].end)
    if eq is None or not all(eq.start("in") <= q.start and q.end <= eq.end("in") for q in qs[1:]):
        return None
    if re.search(r"[^\d\s.,]", re.sub(r"\bor\b|\b(?:mg|mcg|g|mL|units?)(?:/kg)?\b", "", eq.group("in"), flags=re.I)):
        return None  # the parentheses say more than equivalent amounts
    if _MASS_UNIT.match(qs[0].unit) and not qs[0].per:
        return qs[0]
    if qs[0].unit == "mL" and not qs[0].per:
        return next((q for q in qs[1:] if _MASS_UNIT.match(q.unit) and not q.per), None)
    return None


def pipe_table_maxima(text: str, default_per: str | None = None) -> list[tuple[int, int, Found]]:
    """The ceilings of the pipe tables in `text` (a "<field> (tables)" section, written by sources.tables): for each
    table whose header has a "Maximum ... Dose" column, one max_dose fact per row whose cell in that column is one
    amount with its period (from the cell, "30 mg/day", or the header, "Maximum Daily Dose", "(mg/day)"; a bare
    number takes the header's unit). The population is the row's text cells before the first dose column
    ("Tourette's disorder, Patients <50 kg"). Returns (start, end, fact) with the row line's span; nothing for a
    table without such a header or a cell that is not one plain amount (precision first)."""
    from ..sources.tables import pipe_tables  # the writer's own reader (no lxml at import)

    out: list[tuple[int, int, Found]] = []
    for table in pipe_tables(text):
        col, head_per, head_unit, rate, span, volume = -1, None, None, False, False, False
        heads = list(table.header)
        # the caption line right above names the patients of the whole table ("Table 5: Dosage Adjustment for
        # Patients with End Stage Renal Disease Receiving Hemodialysis")
        above = table.caption.text.strip() if table.caption is not None else ""
        caption = above if _TABLE.match(above) else ""
        for j, c in enumerate(heads):
            mh = _PIPE_MAX_HEADER.search(c)
            if mh and not _NOT_MAX.search(c):
                col, rate, volume = j, bool(mh.group("rate")), bool(mh.group("volume"))
                if mh.group("hunit"):
                    head_unit = {"units": "Units"}.get(mh.group("hunit").lower(), mh.group("hunit"))
                low = c.lower()
                # "Minimum and Maximum Maintenance Dosage": each cell is a range whose upper end is the ceiling
                span = bool(re.search(r"\bmin(?:imum|\.)?\s+(?:and|to|-|–|/)\s+max", low))
                head_per = next((p for w, p in _PIPE_HEADER_PER if w in low), None)
                hu = _PIPE_HEADER_UNIT.search(c)
                if hu:
                    head_unit = hu.group("u") + (f"/{hu.group('w').replace(' ', '')}" if hu.group("w") else "")
                    head_per = per_word(hu.group("p")) or ("day" if hu.group("p").startswith("24") else None)
        if col < 0:
            continue
        stated = [q for q in quantities(heads[col]) if not q.is_range and not isinstance(q.value, (list, str))]
        if stated:
            # "Maximum Dose 150 mg/kg/day" over cells of "4.5 mL twice daily" per body weight (vigabatrin): the
            # header states the one ceiling; its cells are that ceiling measured out per weight, not ceilings of
            # their own. The header's amount is the maximum when it has its period, and nothing else is read.
            q = stated[0]
            line = table.header_line
            if len(stated) == 1 and q.per is not None and line is not None:
                out.append((line.start, line.end, Found("max_dose", "maximum", value=q.value, unit=q.unit,
                                                        per=q.per, population=None, route_form=None)))
            continue
        # no period in the header: the caption's ("Table 1: Recommended Daily Dosage"), else the label's dosing
        # text's (`label_period`); a cell's own period goes first
        fallback = head_per or ("day" if re.search(r"\bdaily\b|\bper\s+day\b", above, re.I) else default_per)
        dropped = None  # the group a row of its own indication ended ("| DPNP (2.3) | ...")
        for row in table.rows:
            cells = row.cells
            g = row.group
            group = (_SECTION_REF.sub("", g.cells[0]).strip(" –-")  # "| GAD (2.2) | | | |": the rows below are its
                     if g is not None and g.cells is not None and g != dropped else "")
            a, b = row.line.start, row.line.end
            cell = cells[col].strip()
            both = _PIPE_WHICHEVER.fullmatch(cell)
            if both:
                # "1.4 mg/kg/day or 100 mg/day (whichever is less)": two ceilings, each with its own period
                pair = [quantities(both.group(k)) for k in ("a", "b")]
                if all(len(x) == 1 and not x[0].is_range and x[0].per and not isinstance(x[0].value, (list, str))
                       for x in pair):
                    label = [c for c in (_SECTION_REF.sub("", x).strip(" –-") for x in cells[:col])
                             if c and len(c) <= 80 and not quantities(c)]
                    pop = ", ".join(label) or None
                    out.extend((a, b, Found("max_dose", "maximum", value=x[0].value, unit=x[0].unit, per=x[0].per,
                                            population=pop, route_form=None)) for x in pair)
                continue
            if not cell or (_PIPE_CELL_NOT.search(cell) and _equivalent_amount(cell, quantities(cell)) is None):
                continue
            qs = quantities(cell)
            unit, per, value = None, head_per, None
            extra: list[tuple[float | int, str, str]] = []
            if (len(qs) == 2 and qs[0].per == "dose" and qs[1].per == "day" and qs[0].unit == qs[1].unit
                    and qs[0].is_range == qs[1].is_range == span
                    and not re.sub(r"[\s.,;*†‡§¶]", "", cell[: qs[0].start])
                    and re.fullmatch(r"\s*\(\s*", cell[qs[0].end : qs[1].start])
                    and re.fullmatch(r"\s*\)[\s.,;*†‡§¶]*", cell[qs[1].end :])
                    and not any(isinstance(q.value, str) for q in qs)):
                # "75 mg twice daily (150 mg per day)" under "Maximum Maintenance Dosage": the dose's ceiling and
                # the day's, both stated; under "Minimum and Maximum ..." the upper ends of "25 mg to 100 mg twice
                # daily (50 mg to 200 mg per day)"
                top = [q.value[1] if isinstance(q.value, list) else q.value for q in qs]
                value, unit, per = top[0], qs[0].unit, "dose"
                extra = [(top[1], qs[1].unit, "day")]
            elif _equivalent_amount(cell, qs) is not None:
                # "6 mL (48 mg)", "0.65 mg (0.13 mL or 13 Units)": the amount of drug, its volume only how it is
                # measured out
                q = _equivalent_amount(cell, qs)
                assert q is not None
                value, unit, per = q.value, q.unit, head_per or fallback
            elif volume:
                continue  # a "Maximum Volume" cell without its amount of drug
            elif len(qs) == 1 and not qs[0].is_range and not isinstance(qs[0].value, (list, str)):
                q = qs[0]
                tail = _PIPE_CELL_TAIL.fullmatch(cell, q.end)
                if re.sub(r"[\s.,;*†‡§¶]", "", cell[: q.start]) or tail is None:
                    continue  # the cell says more than its amount ("30 mg/day in adults")
                freq = tail.group("freq") or ""
                daily = (tail.group("total") or "").lower().endswith("daily dose") or freq.lower().startswith("once")
                said = "day" if daily else "dose" if freq else None
                if q.per is not None and said is not None and said != q.per:
                    continue  # "10 mg/day twice daily": which is the ceiling is not clear
                value, unit, per = q.value, q.unit, q.per or said or head_per or fallback
            elif not qs and head_unit and re.fullmatch(r"\d+(?:\.\d+)?", cell):
                value, unit = number(cell), head_unit
                per = per or fallback
            if value is None or per is None or unit is None:
                continue
            if rate and per not in ("hour", "minute"):
                continue  # a rate column's cell that is no amount per unit of time
            if per == "session" and str(unit).lower() not in ("units", "units/kg"):
                continue  # a treatment session is a toxin's period (its Units), not another amount's
            if _SECTION_REF.search(cells[0]):
                group, dropped = "", g  # "| DPNP (2.3) | ...": a row of its own indication, not of the group above
            # the row's title cells; a cell of numbers only ("Up to 11" under "Weight (kg)") is named by its header
            label = [(f"{heads[j]} {c}" if _BARE_RANGE.fullmatch(c) and j < len(heads) else c)
                     for j, c in enumerate(_SECTION_REF.sub("", x).strip(" –-") for x in cells[:col])
                     if c and len(c) <= 80 and not quantities(c) and not re.fullmatch(r"[\d.,\s]+", c)]
            pop = ", ".join(x for x in ([group] if group else []) + label if x) or None
            if caption:
                pop = f"{pop} ({caption})" if pop else caption
            out.extend((a, b, Found("max_dose", "maximum", value=v, unit=u, per=pp, population=pop, route_form=None))
                       for v, u, pp in [(value, unit, per), *extra])
    return out


def _dose_count_per_day(text: str, end: int) -> bool:
    """A count of doses bounded per day or week right after it ("Do not take more than one dose (2 inhalations) in 24
    hours"), unlike a course's length ("to a maximum of 16 doses")."""
    later = _PER_LATER.match(text, end)
    return later is not None and _per_of(later) in ("day", "week")


# Ceilings said with the amount first: "Studies have indicated that 2.4 mg is the maximum effective daily dose".
_CUE_AFTER = re.compile(r"\s+(?:is|was)\s+(?:the|a)\s+maximum\s+(?P<w>(?:(?:recommended|effective|daily|single|total|"
                        r"adult|oral)\s+){0,3})(?:dose|dosage)\b", re.I)
# A course's length as a count of doses, said as a limit of the duration of use ("Limit duration of use to 12 monthly
# doses", "the duration of EVENITY use should be limited to 12 monthly doses"): Indications' limits of use too.
_COURSE_DOSES = re.compile(
    r"\b(?:limit\s+(?:the\s+)?duration\s+of\s+(?:use|treatment|therapy)|duration\s+of\s+(?:[\w-]+\s+){0,2}?"
    r"(?:use|treatment|therapy)\s+(?:should|must|is\s+to)\s+be\s+limited)\s+to\s+(?P<n>\d+|six|twelve|"
    r"twenty-four)\s+(?:(?:monthly|weekly|daily)\s+)?(?:doses|injections|infusions)\b", re.I)
# A treated area's ceiling in percent of body surface area ("For both applications, the total treated area must not
# exceed 20% BSA"): the whole course's when it is the total.
_AREA_MAX = re.compile(
    r"\b(?P<total>total\s+)?(?:treated|treatment)\s+(?:area|surface)\s+(?:should|must|shall|does|do)\s+not\s+exceed\s+"
    r"(?P<n>\d+(?:\.\d+)?)\s*%\s*(?:BSA|of\s+(?:the\s+)?(?:total\s+)?body\s+surface\s+area)", re.I)


def course_limits(text: str) -> list[Found]:
    """A course's length as a count of doses stated as a limit on the duration of use ("Limit duration of use to 12
    monthly doses" -> 12 doses per course) and a treated area's ceiling ("the total treated area must not exceed 20%
    BSA" -> 20 % BSA per course; per dose without "total"). Nothing else."""
    out = []
    for m in _COURSE_DOSES.finditer(text):
        n = m.group("n").lower()
        value = {"six": 6, "twelve": 12, "twenty-four": 24}.get(n) or int(n)
        out.append(Found("max_dose", "maximum", value=value, unit="doses", per="course",
                         population=population(text), route_form=route_form(text)))
    for m in _AREA_MAX.finditer(text):
        out.append(Found("max_dose", "maximum", value=number(m.group("n")), unit="% BSA",
                         per="course" if m.group("total") else "dose", population=population(text),
                         route_form=route_form(text)))
    return out


def max_doses(text: str, names: frozenset[str] = frozenset()) -> list[Found]:
    """Stated maxima (kind "maximum") of one statement; ranges and plain doses are not maxima.

    >>> [(f.value, f.unit, f.per) for f in max_doses("The maximum total daily dosage is 36 mg.")]
    [(36, 'mg', 'day')]
    """
    is_table = bool(_TABLE.match(text))
    table_end = 0
    if is_table:
        # the sentence splitter runs a flattened table on into the next subsection ("... 4 mg 1 Calculate CLcr ...
        # 2.5 Dosage Modifications Due to Strong CYP3A4 Inhibitors The maximum recommended dosage is ..."): after a
        # subsection number and title the text is read as a statement again
        nxt_title = _SUBSECTION.search(text)
        table_end = nxt_title.start() if nxt_title else len(text)
    qs = quantities(text)
    out: list[Found] = []
    used: set[int] = set()
    for m in _MAX_CUE.finditer(text):
        table = is_table and m.start() < table_end
        if re.search(r"\busual(?:ly)?\s+(?:\w+\s+)?$", text[max(0, m.start() - 30) : m.start()], re.I):
            continue  # "increased ... to a usual maximum of 100 mg daily", "usually does not exceed": not a ceiling
        if _other_drugs_cap(text, m.start(), names):
            continue  # "diphenhydramine (0.5 to 1 mg/kg; maximum dose 50 mg)" in another drug's label
        # a table cell that is a sentence of its own ("... eGFR 30 to less than 60 The maximum recommended dosage is
        # 100 mg orally once daily."): read like a statement, its amount right after "is"
        # ("... 25 mL to 150 mL per lower extremity; the maximum total dose is 350 mL 300 ...": after a semicolon)
        cell = table and bool(re.search(r"(?:(?:^|\s)The|;\s*the)\s+$", text[: m.start()])) and (
            m.group(0).lower().startswith("maximum"))
        # a flattened table's cell "Maximum 600 mg/day": the bare word right before an amount with its own period
        tcap = table and bool(_TABLE_CAP.search(text[max(0, m.start() - 8) : m.end()]))
        bare = table and not tcap and bool(re.fullmatch(r"max(?:imum)?\.?\s+", m.group(0), re.I))
        if table and not cell and not bare and not tcap:
            continue  # a flattened table: only a row's "(maximum dose 150 mg)" or a sentence cell is read
        if _NOT_MAX.search(text[m.start() : m.end() + 60]) and not (
                _STUDIED_NOT_RECOMMENDED.match(text, m.start())
                and not _NOT_MAX.search(re.sub(r"\bstudied\b", " ", text[m.start() : m.end() + 60]))):
            # ("Doses higher than 10 mg once daily have not been studied ... and are not recommended": the ceiling is
            # stated, "not studied" only its reason)
            continue
        if m.group(0)[:1] == "M" and _HEADER_BEFORE.search(text[: m.start()]):
            continue  # "... Target Dosage Maximum Dosage MDD Adults ...": a column header of a flattened table
        if re.search(r"\b(?:by|(?:increments?|steps?)\s+of)\s*$", text[: m.start()], re.I):
            # "the dose may be increased by a maximum of 600 mg/day", "in increments of no more than 1 mg per day":
            # a step's limit, not the dose's
            continue
        if _EXPERIENCE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "Most patients have received maximum doses of 16 mg/hour or less": what was given
        if _VERB_CUE.match(m.group(0)) and re.search(r"\b(?:increments?|increases?|steps?)\s+$",
                                                     text[max(0, m.start() - 40) : m.start()], re.I):
            continue  # "The dose increase increment should not exceed 0.5 mg/day in any one week": a step's limit
        pos, cue_per = m.end(), None
        between = _PER_BETWEEN.match(text, pos)
        if between:  # "maximum dose in a 24-hour period is 200 mg"
            pos, cue_per = between.end(), _per_of(between)
        q = _next_quantity(qs, pos, text)
        if q is None and not table:
            q = _after_verb(qs, m, pos, text)
        if cell and (q is None or q.is_range or not re.fullmatch(r"\s*(?:is|of)\s*", text[pos : q.start])):
            continue  # a sentence cell states its amount right after "is" ("The maximum dosage is 100 mg")
        if bare and (q is None or q.per is None or q.is_range or q.start != pos):
            continue
        if table and not cell and not bare and (q is None
                                                or not re.fullmatch(r"\s*(?:(?:of|is)\s*)?:?\s*", text[pos : q.start])
                                                or not re.match(r"\s*\)", text[q.end :])):
            continue  # a table's cap is the amount inside the parenthesis ("(maximum 1,500 mg)"), not a column header
        if q is not None and re.fullmatch(r"\s*(?:(?:a|an|the)\s+)?(?:(?:dose|dosage)\s+)?(?:increase\s+)?"
                                          r"(?:increments?|increases?|steps?)\s+(?:of\s+)?", text[pos : q.start], re.I):
            continue  # "Do not exceed a dose increment of 0.5 mg/day in any one week": a step's limit, not the dose's
        if q is not None and _EXPERIENCE.search(text[pos : q.start]):
            continue  # "Maximum dose: Most patients were treated with maximum doses of 16 mg/hour or less"
        if q is not None and _LIMIT_CUE.search(m.group(0)) and not _LIMIT_GAP.fullmatch(text[pos : q.start]):
            continue  # "An 80 mg daily dosage ... is restricted to patients who ...": the amount must follow the cue
        if q is not None and q.is_range and _LIMIT_CUE.search(m.group(0)) and isinstance(q.value, list):
            # "Limit the total dose ... to 0.03 mg/kg to 0.04 mg/kg": the dose is kept within the range, so its
            # upper end is the ceiling
            q = Quantity(q.value[1], q.unit, q.per, q.start, q.end, False)
        if q is not None and q.is_range:
            # "should not exceed 1 to 2 mg PE/kg/min (or 100 mg PE/min, whichever is slower)": the range is not one
            # ceiling, but the alternative is
            alt = _whichever(qs, q, text)
            if alt is not None and alt.start not in used and alt.per:
                used.add(alt.start)
                out.append(_found("max_dose", "maximum", alt, text, alt.per))
            continue  # "maximum dose range 10 to 20 mg": not one ceiling
        if q is None or q.start in used:
            continue
        if isinstance(q.value, list) and re.search(r"\sor\s", text[q.start : q.end]):
            # "The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg": two doses that may be
            # given, the larger the ceiling (a range, "10 to 20 mg", is no ceiling and was left above)
            q = Quantity(max(q.value), q.unit, q.per, q.start, q.end, False)
        if m.group(0).lower().startswith("rate") and q.per not in ("minute", "hour", "second"):
            continue  # "at a rate of up to": only an amount per unit of time is a rate ceiling
        if re.match(r"\s*(?:" + _COLUMN_NEXT + r")", text[q.end :], re.I):
            # "Maximum Dose 40 mg/kg/day 28 mg/kg/day": a table row with a cell per column (two dosage forms, two
            # populations); which one is this label's is not said here
            continue
        if re.match(r"\s?/\s?(?:mL|dL|L)\b", text[q.end :], re.I):
            continue  # "should not exceed 12 mg/mL": a concentration, not a dose
        if q.unit == "doses" and q.per is None and not _dose_count_per_day(text, q.end):
            continue  # "to a maximum of 16 doses": the length of a course, not a dose
        if q.unit == "mL" and q.per is None and re.search(r"\bvolume\b", text[max(0, m.start() - 40) : m.start()],
                                                          re.I):
            continue  # "a priming volume that does not exceed 0.5 mL": the device's volume, not a dose
        if q.unit == "mL" and re.match(r"\s+of\s+(?:\w+\s+){0,3}?(?:water|sodium\s+chloride|diluent|dextrose|saline)\b",
                                       text[q.end :], re.I):
            continue  # "adding not more than 2 mL of Bacteriostatic Water for Injection": a diluent, not a dose
        used.add(q.start)
        second = _second_ingredient(qs, q, text)
        while second is not None:  # "alogliptin 25 mg and pioglitazone 45 mg": one combination ceiling
            # (a third ingredient too: "empagliflozin 25 mg, linagliptin 5 mg and metformin HCl 2,000 mg" is
            # "25/5/2000", not 25 mg)
            used.add(second.start)
            q = Quantity(f"{q.value}/{second.value}", q.unit, second.per, q.start, second.end, False)
            second = _second_ingredient(qs, q, text)
        per = q.per or _per_around(text, m, q, cue_per, qs)
        if per is None and re.match(r"\s+in\s+\d[\d.]*\s*mL\b", text[q.end :], re.I) and "/" not in q.unit:
            per = "dose"  # "not to exceed 2 mg in 2 mL": the amount of one instillation, given as its volume
        if (per is None and str(q.unit).lower() in ("units", "units/kg") and _TOXIN_SITES.search(text)
                and not re.search(r"\binsulin\b", text, re.I)):
            # "When treating all three areas simultaneously ..., the maximum recommended dose is 64 Units", "four Units
            # into each of five sites, for a maximum dose of 20 Units": a toxin's ceiling spread over sites or areas
            # is one treatment session's
            per = "session"
            total = re.match(r"\s*per\s+(?:side|eye)\s*\(\s*(?P<t>\d+(?:\.\d+)?)\s+units\s+in\s+total\s*\)",
                             text[q.end :], re.I)
            if total:  # "a maximum dose of 12 Units per side (24 Units in total)": the session's is the total
                q = Quantity(number(total.group("t")), q.unit, q.per, q.start, q.end, False)
        if per is None:
            # "the dose may be titrated up to a maximum of 320/25 mg": a ceiling whose period the statement does not
            # say (per dose? per day?) is not given; a reader would have to guess it. The amount stays free for a
            # later cue of the same statement that says it ("The maximum dose should not exceed 4 mL/kg": the verb's
            # subject is one dose)
            used.discard(q.start)
            continue
        if per == "day" and re.search(r"\ba\s+single\s+dose\s+of\s*$", text[pos : q.start], re.I):
            # "The maximum dosage in a 24-hour period is a single dose of 85 mg or 170 mg": one dose a day as well
            out.append(Found("max_dose", "maximum", value=1, unit="doses", per="day", population=population(text),
                             route_form=route_form(text)))
        mass = _mass_of_volume(qs, q, text)
        if mass is not None:
            # "a maximum dosage of ... 10 mL (80 mg) orally once daily": the dose is the amount of drug, the volume
            # only how it is measured out
            used.add(mass.start)
            q = Quantity(mass.value, mass.unit, q.per, q.start, q.end, False)
        out.append(_found("max_dose", "maximum", q, text, per))
        held = _paren_mass(qs, q, text) if q.unit in _COUNT_UNITS else None
        if held is not None and held.start not in used:
            # "do not take more than 1 tablet (5 mg) in 24 hours": the count's amount of drug is the same ceiling
            # in mg, and both are stated (the seed-23 gold records both)
            used.add(held.start)
            out.append(_found("max_dose", "maximum", held, text, per))
        several = _per_n(text, q.end)
        after = several.end() if several else q.end
        nxt = next((a for a in qs if a.start >= after), None)
        orm = _OR_NEXT.match(text, after)
        if nxt is not None and orm and orm.end() == nxt.start and not nxt.is_range and nxt.start not in used:
            # "30 grams per 2 weeks or 60 grams per month": the clause's second ceiling, when its period is said
            nsev = _per_n(text, nxt.end)
            nbetween = _PER_BETWEEN.match(text, nxt.end)
            nper = nxt.per or (_per_n_word(nsev) if nsev else _per_of(nbetween) if nbetween else None)
            if nper:
                used.add(nxt.start)
                out.append(_found("max_dose", "maximum", nxt, text, nper))
        elif (nxt is not None and not nxt.is_range and nxt.start not in used and nxt.unit == q.unit
              and (nxt.per or per) == per and _AND_FOR_OTHERS.fullmatch(text[after : nxt.start])
              and re.match(r"\s*(?:per\s+day\s+|daily\s+|once\s+daily\s+)?(?:in|for)\s", text[nxt.end :], re.I)):
            # "The maximum recommended dose is 80 mg per day in moderate hepatic impairment and 40 mg per day in
            # severe hepatic impairment": one ceiling for each of two groups of patients
            used.add(nxt.start)
            out.append(_found("max_dose", "maximum", nxt, text, per))
        alt = _whichever(qs, q, text)
        if alt is not None and alt.start not in used and (alt.per or per in ("course", "dose")):
            # "2 mg PE/kg/min (or 150 mg PE/min, whichever is slower)"; "The recommended maximum total dose is 0.07
            # mg/kg or up to a total of 5 mg, whichever is less" (a course's cap, and so is its alternative); "1 mEq/kg
            # as a single-dose or 20 mEq, whichever is lower" (a dose's cap, and so is its alternative)
            used.add(alt.start)
            out.append(_found("max_dose", "maximum", alt, text, alt.per or per))
        for extra in _companions(qs, q, text, per, used):
            used.add(extra.start)
            out.append(_found("max_dose", "maximum", extra, text, extra.per or per))
    for q in qs:
        after = _CUE_AFTER.match(text, q.end)
        if (after is None or q.start in used or q.is_range or isinstance(q.value, (list, str))
                or _NOT_MAX.search(text[q.start : after.end() + 40])):
            continue
        per = q.per or next((p for w, p in _CUE_PER if re.search(rf"\b{w}", after.group("w").lower())), None)
        if per is not None:  # "2.4 mg is the maximum effective daily dose"
            used.add(q.start)
            out.append(_found("max_dose", "maximum", q, text, per))
    out += course_limits(text)
    for q in qs:
        # "isoniazid 25 mg/kg (900 mg maximum)": the cap of a weight-based dose, written after its amount
        if (q.start not in used and not q.is_range and q.per is None and re.search(r"\(\s*$", text[: q.start])
                and re.match(r"\s*max(?:imum)?\.?\s*\)", text[q.end :]) and not _other_drugs_cap(text, q.start, names)):
            used.add(q.start)
            out.append(_found("max_dose", "maximum", q, text, "dose"))
    out += _header_column(text, qs, used)
    if is_table:
        out += _table_max_column(text[:table_end], [q for q in qs if q.end <= table_end], used)
        if table_end == len(text):
            return out
    for c in _CYCLES.finditer(text):
        # ("for a maximum of 12 cycles and then continue MONJUVI as monotherapy" too: the combination's cap is a
        # stated per-course count, as the seed-18 gold records it)
        if _CYCLES_EXPERIENCE.search(text[max(0, c.start() - 60) : c.start()]) or _OTHER_CYCLES.match(text, c.end()):
            continue  # what a trial gave; "up to 4 cycles of platinum-based chemotherapy": another regimen's
        n = c.group("n").lower()
        out.append(Found("max_dose", "maximum", value=_FREQ_N.get(n) or number(n), unit="cycles", per="course",
                         population=population(text), route_form=route_form(text)))
    for c in _COURSE_COUNT.finditer(text):
        if _CYCLES_EXPERIENCE.search(text[max(0, c.start() - 60) : c.start()]) or _dose_count_per_day(text, c.end()):
            continue  # what a trial gave; "a maximum of 2 doses in 24 hours" is read as a day's count above
        n = (c.group("n") or c.group("m")).lower()
        out.append(Found("max_dose", "maximum", value=_WORD_N.get(n) or int(n), unit="doses", per="course",
                         population=population(text), route_form=route_form(text)))
    for iv in _INTERVAL_MAX.finditer(text):
        before = text[max(0, iv.start() - 80) : iv.start()]
        if (not re.search(r"\b(?:no|not|never)\b", before, re.I)
                or _FREQ_NOT_DOSE.search(text[max(0, iv.start() - 60) : iv.end()])
                or _INTERVAL_NOT_DOSE.search(text[: iv.start()])):
            continue  # a plain schedule; how often a dose is changed, not given; a course's repeat
        n = iv.group("n").lower()
        k, u = _WORD_N.get(n) or int(n), iv.group("u").lower().rstrip("s") + "s"
        per = "week" if (k, u) in ((7, "days"), (1, "weeks")) else "day" if (k, u) == (24, "hours") else f"{k} {u}"
        out.append(Found("max_dose", "maximum", value=1, unit="doses", per=per, population=population(text),
                         route_form=route_form(text)))
    for f in _FREQ_MAX.finditer(text):
        if _FREQ_NOT_DOSE.search(text[max(0, f.start() - 60) : f.end()]):
            continue  # "Do not use the same site more than once every 14 days", "Increase the dose no more frequently
            # than once every 4 weeks": how often a site is reused or a dose changed, not how often it is given
        value = _FREQ_N[f.group("n").lower()] if f.group("n") else (
            _FREQ_N.get(f.group("k").lower()) or int(f.group("k")))
        p = f.group("p").lower()
        unit = next((u for pattern, u in _FREQ_UNIT if pattern.search(text)), "doses")
        per = "week" if p.startswith("week") else "day"
        if f.group("days"):  # "not more frequently than once every 14 days"; every 7 days is once a week
            n = _FREQ_N.get(f.group("days").lower()) or int(f.group("days"))
            du = f.group("du").lower()
            per = ("week" if (n, du) in ((7, "days"), (1, "weeks")) else "day" if (n, du) == (24, "hours")
                   else f"{n} {du}")
        out.append(Found("max_dose", "maximum", value=value, unit=unit, per=per, population=population(text),
                         route_form=route_form(text)))
    return out


# A ceiling said for this label's own drug in Drug Interactions, the own drug named between the cue and the amount
# ("limit the dose of ambrisentan to 5 mg once daily when coadministered with cyclosporine").
_OWN_LIMIT = re.compile(r"\b(?:do\s+not|should\s+not|must\s+not|not\s+to)\s+exceed\b|\blimit\b|\bmaximum\b", re.I)


def interaction_maxima(text: str, names: frozenset[str] = frozenset()) -> list[Found]:
    """Maxima of a Drug Interactions statement said of the label's own drug: one of `names` (the label's own drug
    names, lower case) stands between the ceiling cue and its amount. Drug Interactions mostly gives the OTHER
    drug's limits ("While taking TAVNEOS, limit simvastatin dosage to 10 mg daily", "do not exceed loperamide 1 mg
    once daily"), so a ceiling whose drug is not named as the label's own there is not read; without names nothing
    is."""
    if not names or not _OWN_LIMIT.search(text):
        return []
    out = []
    qs = quantities(text)
    for f in max_doses(text, names):
        if f.unit in ("doses", "drops", "applications", "cycles", "% BSA"):
            continue
        # the amount's place: the first quantity of that value; the cue: the last one before it
        q = next((a for a in qs if a.value == f.value and a.unit == f.unit), None)
        if q is None:
            continue
        cue = None
        for m in _OWN_LIMIT.finditer(text, 0, q.start):
            cue = m
        if cue is None:
            continue
        words = set(re.findall(r"[a-z][a-z-]+", text[cue.start() : q.start].lower()))
        if words & names:
            out.append(f)
    return out


# Outside Dosage and Administration a ceiling is often not a dosing instruction: an animal or pharmacokinetic
# comparison ("2.6 times the maximum recommended daily dose of 450 mg/day"), a trial's regimen ("patients received
# ... up to a maximum of 300 mg once daily", "an infusion rate not exceeding 4 mg furosemide per minute has been
# used"), an adverse event's frequency at a dose.
_NOT_INSTRUCTION = re.compile(
    r"\b(?:rats?|mice|rabbits?|monkeys?|dogs?|hamsters?|animals?|gestation(?:al)?|organogenesis|embryo\w*|fet(?:al|us)|"
    r"pregnant|lactating|times\s+the|multiples?|AUC|exposures?|body\s+surface\s+area|carcinogenic\w*|"
    r"trials?|stud(?:y|ies|ied)|received|receiving|were\s+(?:treated|given|randomi[sz]ed)|treated\s+(?:to|with)|"
    r"enrolled|placebo|open-label|incidence|median|mean|overdos\w*|experience|(?:has|have)\s+been\s+used|"
    # a calculation's basis, a hypothetical or an excipient's amount ("*Based on the maximum dose of 100 mg/day in a
    # 50 kg patient", "the maximum daily oral dosage would deliver about 1 gram of alcohol"): not an instruction
    r"based\s+on|would|alcohol|ethanol)\b", re.I)
# "(dose|dosage) of <drug>" / "<drug> dose" before the cue: another drug's cap ("The dose of rosuvastatin should not
# exceed 10 mg once daily" in gemfibrozil's Precautions)
_DOSE_OF = re.compile(r"\b(?:doses?|dosages?)\s+of\s+(?P<w>[A-Za-z][\w-]{3,})", re.I)
_DOSE_OF_WORDS = frozenset("""this each these that more less greater than approximately about only over between either
    both your their study""".split())


def outside_maxima(text: str, names: frozenset[str] = frozenset()) -> list[Found]:
    """Ceilings of a statement outside Dosage and Administration (boxed warning, Warnings and Precautions, the
    unclassified section of an old label): only a dosing instruction for the label's own drug — not an animal,
    pharmacokinetic or trial statement (`_NOT_INSTRUCTION`), not another drug's dose ("the dose of rosuvastatin
    should not exceed 10 mg"), not the comparator of a comparison ("is significantly lower than for ketorolac
    tromethamine injection (maximum 120 mg)"), no count of cycles (a trial's). Without the label's names nothing is
    read: whose ceiling it is cannot be told."""
    if not names or _NOT_INSTRUCTION.search(text):
        return []
    for m in _DOSE_OF.finditer(text):
        w = m.group("w").lower()
        if (w not in names and w not in _NOT_A_DRUG and w not in _DOSE_OF_WORDS
                and not any(w in n or n in w for n in names if len(n) >= 5)):
            return []  # another drug's dose
    qs = quantities(text)
    out = []
    for f in max_doses(text, names):
        if f.kind != "maximum" or f.unit in ("cycles", "doses"):
            continue
        q = next((a for a in qs if a.value == f.value and a.unit == f.unit), None)
        if q is not None and re.search(r"\bthan\b", text[: q.start], re.I):
            continue  # the comparator's ceiling
        out.append(f)
    return out


def ranges(text: str, maxima: list[Found]) -> list[Found]:
    """Usual dose ranges ("10 to 80 mg once daily": kind "range", value [10, 80]) of a dosing statement."""
    if not _RANGE_CONTEXT.search(text):
        return []
    out = []
    for q in quantities(text):
        if re.search(r"\bby\s*$", text[: q.start]) or re.match(r"\s*increments?\b", text[q.end :], re.I):
            # "decrease the dosage by 2 mg to 4 mg per day", "increased ... in 25 to 50 mg per day increments": a
            # step, not a usual range
            continue
        if q.is_range and not any(f.value == q.value for f in maxima):
            out.append(_found("max_dose", "range", q, text))
    return out


# The one dose a label recommends, said as the sentence's subject: "The recommended dose of ELIQUIS is 5 mg taken orally
# twice daily", "The recommended dosage is 40 mg once daily". With no titration, it is the dose treatment starts at.
_RECOMMENDED_DOSE = re.compile(
    r"(?:^|[.:;]\s+|^\s*[-•]\s*|\s[-•]\s+)\s*the\s+recommended\s+(?:adult\s+|oral\s+|daily\s+|total\s+daily\s+)?"
    r"(?:dose|dosage)\s+(?:of\s+(?:(?!is\b|are\b)[^\s\d.;:()]+\s+){1,6})?(?:is|are)\s+", re.I)
# ... unless the sentence makes it a later, adjusted or conditional dose ("2.5 mg ... after at least 6 months of
# treatment", "in patients with at least 2 of the following", "when coadministered with", "maintenance").
_NOT_FIRST_DOSE = re.compile(
    r"\b(?:after|following|maintenance|continu\w*|thereafter|subsequent\w*|reduc\w*|decreas\w*|increas\w*|titrat\w*|"
    r"adjust\w*|in patients|patients (?:with|who|on|receiving|taking)|if\b|when\b|coadminist\w*|concomitant\w*|"
    r"pediatric|children|elderly|geriatric|impairment|weigh\w*|kg\b|prophylaxis of|surgery|replacement|"
    r"loading|induction|single dose|followed\b|for \d+ (?:days?|weeks?|months?)\b)", re.I)


def starting_doses(text: str) -> list[Found]:
    """Starting doses (kind "start"): the quantity after "starting dose", "initial dose", "initially", "start with";
    with no such cue, the amount of "The recommended dose (of X) is N mg ..." when the sentence names no later,
    adjusted or conditional dose (`_NOT_FIRST_DOSE`)."""
    qs = quantities(text)
    out = []
    seen: set[int] = set()
    for m in _START_CUE.finditer(text):
        q = _next_quantity(qs, m.end(), text)
        if q is not None and q.start not in seen:
            seen.add(q.start)
            out.append(_found("starting_dose", "start", q, text))
    if not out and not _TITRATE_CUE.search(text):
        m = _RECOMMENDED_DOSE.search(text)
        q = _next_quantity(qs, m.end(), text) if m else None
        if m and q is not None and q.start == m.end() and not q.is_range and not isinstance(q.value, (list, str)) \
                and not _NOT_FIRST_DOSE.search(text):
            out.append(_found("starting_dose", "start", q, text))
    return out


def titrations(text: str) -> list[Found]:
    """Titration steps (fact "starting_dose", kind "titration"): the step ("increase by 2 mg to 4 mg") with its
    interval in `per` as written ("1 to 4 days", "week") when the statement gives one."""
    qs = quantities(text)
    out = []
    for m in _TITRATE_CUE.finditer(text):
        q = _next_quantity(qs, m.end(), text)
        if q is None:
            continue
        iv = _INTERVAL.search(text, m.start())
        interval = None
        if iv:
            if iv.group("n"):
                interval = f"{iv.group('n')} {iv.group('u')}"
            else:
                interval = (iv.group("adj") or iv.group("adv")).lower()
        out.append(Found("starting_dose", "titration", value=q.value, unit=q.unit, per=interval or q.per,
                         population=population(text), route_form=route_form(text, (q.start, q.end))))
        break  # one step per statement
    return out


def dose_facts(text: str, names: frozenset[str] = frozenset()) -> list[Found]:
    """Every dose fact of one dosing statement: maxima, ranges (never maxima), starting doses, titration. A range
    that is a titration step or a starting dose ("increase by 2 mg to 4 mg") is not also a usual range. `names`: the
    label's own drug names (lower-case words), so that a ceiling in parentheses after another drug's dose (a
    premedication's) is not taken for this label's."""
    maxima = max_doses(text, names)
    maxima += session_limits(text, maxima)
    starts, steps = starting_doses(text), titrations(text)
    taken = [f.value for f in (*maxima, *starts, *steps)]
    return [*maxima, *(f for f in ranges(text, maxima) if f.value not in taken), *starts, *steps]


# Another drug's ceiling when taken with this label's drug (Drug Interactions): the capped drug named right at the
# cue. "atorvastatin dosage should not exceed 20 mg/day", "the dose of rosuvastatin should not exceed 10 mg", "do
# not exceed a fesoterodine dose of 4 mg once daily", "limit simvastatin dosage to 10 mg daily", "Sildenafil at a
# single dose not exceeding 25 mg in 48 hours", "co-administration of colchicine: Maximum daily dose of 0.6 mg",
# "do not exceed loperamide 1 mg once daily", "use vardenafil ... at reduced doses of no more than 2.5 mg".
_DRUG = r"(?P<d>[A-Za-z][a-z][\w-]{2,})"
_DOSE_W = r"(?:doses?|dosages?)"
_CAPPED_DRUG = tuple(re.compile(p, re.I) for p in (
    r"\b" + _DRUG + r"\s+(?:(?:daily|total|single)\s+)?" + _DOSE_W
    + r"\s+(?:(?:should|must|shall|may)\s+not|not\s+to)\s+exceed\b",
    r"\b" + _DOSE_W + r"\s+of\s+" + _DRUG + r"\s+(?:(?:should|must|shall)\s+not|not\s+to)\s+exceed\b",
    r"\b(?:exceed|exceeding)\s+(?:a|the|an)\s+(?:(?:total|daily|single)\s+)?" + _DRUG + r"\s+" + _DOSE_W + r"\s+of\b",
    r"\b(?:exceed|exceeding)\s+" + _DRUG + r"\s+(?=\d)",
    r"\blimit\s+(?:the\s+)?(?:" + _DOSE_W + r"\s+of\s+)?" + _DRUG + r"(?:\s+" + _DOSE_W + r")?\s+to\b",
    r"\b" + _DRUG + r"\s+(?:at|in)\s+(?:a\s+)?(?:single\s+|reduced\s+)?doses?\s+"
    r"(?:not\s+exceeding|of\s+no\s+more\s+than)\b",
    r"\b(?:use|give|administer)\s+" + _DRUG + r"\s+(?:with\s+caution\s+)?at\s+(?:a\s+)?(?:reduced\s+)?doses?\s+"
    r"(?:of\s+)?(?:no\s+more\s+than|not\s+exceeding)\b",
    r"\bco-?administration\s+of\s+" + _DRUG + r"\s*:\s*max",
))
# Words the patterns above may catch that name no drug.
_NOT_A_CAPPED_DRUG = frozenset("""the this that these daily total single recommended maximum starting initial usual
    each any their your its maintenance loading oral combined adult pediatric weekly monthly cumulative lower higher
    reduced dose doses dosage dosages patients patient which when with should must not also only further""".split())
# A period of hours other than a day right after the amount: "25 mg in 48 hours", "2.5 mg dose in 72 hours".
_IN_HOURS = re.compile(r"\s+(?:dose\s+)?(?:in|within)\s+(?:any\s+|a\s+)?(?P<n>\d+)\s*-?\s*hours?(?:\s+period)?\b",
                       re.I)


def other_drug_maxima(text: str, names: frozenset[str], label: str) -> list[Found]:
    """Ceilings of OTHER drugs taken with this label's drug, said in its Drug Interactions ("atorvastatin dosage
    should not exceed 20 mg/day" in a darunavir/cobicistat label): kind "interaction", population "<capped drug>,
    with <label>" (`label`: the label's brand or generic name), so that no card or brief shows them as the label
    drug's own ceiling. The capped drug must be named at the cue (`_CAPPED_DRUG`) and be none of `names` (the
    label's own ceilings with another drug are `interaction_maxima`'s). Nothing without the label's names."""
    if not names:
        return []
    drugs = sorted((m.end(), m.group("d").lower()) for pattern in _CAPPED_DRUG for m in pattern.finditer(text))
    drugs = [(e, d) for e, d in drugs if d not in names and d not in _NOT_A_CAPPED_DRUG
             and not any(d in n or n in d for n in names if len(n) >= 5)]
    if not drugs:
        return []
    qs = quantities(text)
    out: list[Found] = []
    taken: set[int] = set()
    for f in max_doses(text):
        if f.kind != "maximum" or f.unit in ("cycles", "doses", "drops", "applications", "% BSA"):
            continue
        q = next((a for a in qs if a.value == f.value and a.unit == f.unit and a.start not in taken), None)
        if q is None:
            continue
        taken.add(q.start)
        near = [(e, d) for e, d in drugs if e <= q.start and q.start - e <= 80]
        if not near:
            continue
        per = f.per
        hours = _IN_HOURS.match(text, q.end)
        if hours:
            n = int(hours.group("n"))
            per = "day" if n == 24 else f"{n} hours"
        out.append(Found("max_dose", "interaction", value=f.value, unit=f.unit, per=per,
                         population=f"{near[-1][1]}, with {label}", route_form=f.route_form))
    return out


# A statement framed by one treatment session ("A single treatment consists of up to a maximum of 50 injections, 0.2
# mL each (up to a total of 10 mL)", "Up to 50 injections or 10 mL may be injected in a single treatment", "for each
# treatment session"): the amounts it caps are per session.
_SESSION_FRAME = re.compile(r"\b(?:single|each|one|per)\s+treatment(?:\s+session)?\b|\btreatment\s+session\b|"
                            r"\bper\s+session\b", re.I)
_SESSION_CAP = re.compile(r"\b(?:up\s+to(?:\s+a\s+(?:maximum|total)\s+of)?|(?:a\s+)?maximum\s+of|no\s+more\s+than|"
                          r"not\s+(?:to\s+)?exceed)\s+", re.I)
_INJECTIONS = re.compile(r"(?P<n>\d+|two|three|four|five|six|eight|ten|twelve)\s+(?P<u>injections|injection\s+sites)\b",
                         re.I)
_SESSION_OR = re.compile(r"\s*,?\s*(?:or|and)\s+(?:up\s+to\s+)?", re.I)
# A count of sessions per course: "Up to 6 single treatments may be administered at intervals no less than 1 month
# apart" (as a count of cycles is: the course's cap).
_SESSION_COUNT = re.compile(r"\b(?:up\s+to|a\s+maximum\s+of|no\s+more\s+than)\s+(?P<n>\d+|two|three|four|five|six|"
                            r"eight|ten|twelve)\s+(?:single\s+)?(?:treatments|treatment\s+sessions|sessions)\s+"
                            r"(?:may|can|should|are)\b", re.I)
# What was given or allowed in a trial, not an instruction ("was permitted", "received up to 6 treatments").
_SESSION_PAST = re.compile(r"\b(?:was|were)\s+(?:permitted|allowed|administered|given|injected)\b|\breceived\b", re.I)


def session_limits(text: str, already: Iterable[Found] = ()) -> list[Found]:
    """Per-session ceilings of a statement framed by one treatment session (`_SESSION_FRAME`): each amount right
    after a ceiling cue ("up to", "a maximum of", "up to a total of"), and a count of injections, per "session";
    and a count of sessions per course ("Up to 6 single treatments may be administered"). An amount `already`
    read as a maximum (same value and unit) is left to that reading. Past tense (a trial's) is not read."""
    if _SESSION_PAST.search(text):
        return []
    have = {(repr(f.value), f.unit) for f in already if f.kind == "maximum"}
    out: list[Found] = []
    for c in _SESSION_COUNT.finditer(text):
        n = c.group("n").lower()
        out.append(Found("max_dose", "maximum", value=_WORD_N.get(n) or int(n), unit="treatments", per="course",
                         population=population(text), route_form=route_form(text)))
    if not _SESSION_FRAME.search(text):
        return out
    qs = quantities(text)
    for c in _SESSION_CAP.finditer(text):
        pos = c.end()
        while True:
            inj = _INJECTIONS.match(text, pos)
            q = next((a for a in qs if a.start == pos), None)
            if inj:
                n = inj.group("n").lower()
                value, unit, end = _WORD_N.get(n) or int(n), "injections", inj.end()
            elif q is not None and not q.is_range and q.per in (None, "session") and not isinstance(q.value,
                                                                                                       (list, str)):
                if re.match(r"\s+each\b", text[q.end :], re.I):
                    break  # "0.2 mL each": one injection's volume
                value, unit, end = q.value, q.unit, q.end
            else:
                break
            if (repr(value), unit) not in have:
                have.add((repr(value), unit))
                out.append(Found("max_dose", "maximum", value=value, unit=unit, per="session",
                                 population=population(text), route_form=route_form(text)))
            nxt = _SESSION_OR.match(text, end)
            if nxt is None:
                break
            pos = nxt.end()
    return out
