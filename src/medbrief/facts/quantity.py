"""Dose quantities in label text: a number, its unit and what it is per ("36 mg/day", "6 tablets in 24 hours",
"2 mg to 4 mg"), the population and the route or form a statement names. Shared by dose.py and the others."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "twelve": 12}
# a number as written, digits or a word ("a maximum of three doses in 24 hours")
# ("do not take more than ½ tablet (2.5 mg) in 24 hours": a vulgar fraction for half a tablet)
_FRACTIONS = {"½": 0.5, "¼": 0.25}
_NUMBER = NUM + r"|[½¼]|\b(?:" + "|".join(_WORDS) + r")\b"
# Units a dose is given in; count units for OTC Drug Facts ("6 tablets", "3 doses", "2 sprays").
_UNIT = (
    r"(?:mg\s?PE\b|mg|mcg|µg|μg|micrograms?|milligrams?|grams?|g|mL|ml|units?|IU|mEq|mmol|"
    r"tablets?|capsules?|caplets?|softgels?|gelcaps?|geltabs?|doses?|puffs?|inhalations?|sprays?|actuations?|"
    r"drops?|applicators?|lozenges?|pieces?|patch(?:es)?|applications?|teaspoons?(?:ful)?|tsp|tablespoons?(?:ful)?|packets?|"
    r"suppositor(?:y|ies)|pouch(?:es)?|gum)"
)
# "mg/kg", "mg/m2", "mcg/kg/min", "mg/kg/day": the per-weight or per-area part belongs to the unit.
_UNIT_FULL = rf"{_UNIT}(?:\s?/\s?(?:kg|m\s?2|m²|m\^2)(?![a-z]))?"
_PER = (
    r"(?:\s?/\s?|\s+per\s+|\s+a\s+|\s+each\s+|\s+every\s+|\s+in\s+(?:any\s+|a\s+)?|\s+within\s+(?:any\s+)?)"
    r"(?P<per>24\s*-?\s*(?:hours?|hrs?)\b(?:\s+period)?|day|d\b|dose|week|wk|month|hour|hr|h\b|minute|min\b|second|sec\b|s\b|kg|injection|"
    r"infusion|application|treatment\s+session|treatment|cycle|course|year|period of 24 hours)"
    r"|(?P<daily>\s*,?\s*(?:once\s+|twice\s+|(?:two|three|four)\s+times\s+|total\s+)?(?:daily|a day|per day|/day))"
    r"|(?P<weekly>\s*,?\s*(?:once\s+|twice\s+|(?:two|three|four|\d)\s+times\s+)?(?:weekly|a week|per week|/week))"
)
_QUANTITY = re.compile(
    # a combination product's strengths ("320/25 mg": valsartan/hydrochlorothiazide) are one value, kept as written
    rf"(?P<combo>{NUM}(?:\s?/\s?{NUM})+)\s*(?P<combounit>{_UNIT})\b(?!\s?/)|"
    rf"(?P<lo>{_NUMBER})(?:\s*(?P<lounit>{_UNIT_FULL}))?\s*(?P<sep>to|-|–|—|or)\s*(?P<hi>{_NUMBER})\s*"
    rf"(?P<unit>{_UNIT_FULL})\b|(?P<num>{_NUMBER})\s*(?P<unit1>{_UNIT_FULL})\b|"
    # a brand name in capitals between a count and its unit ("1 XOLREMDI dose", "two YCANTH applicators")
    rf"(?P<bnum>{_NUMBER})\s+(?-i:[A-Z][A-Z0-9-]{{2,}})\s+(?P<bunit>doses?|applicators?|tablets?|capsules?)\b",
    re.I,
)
_PER_AFTER = re.compile(rf"(?:{_PER})", re.I)  # used with .match(text, pos)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number (or a range/alternatives `[low, high]`) with its unit, where it stands in the statement."""

    value: float | int | list[float | int] | str  # str: a combination's strengths as written, "320/25"
    unit: str
    per: str | None
    start: int
    end: int
    is_range: bool  # "10 to 80 mg", "10-80 mg" (not "10 or 20 mg", which are alternatives)


def number(text: str) -> float | int:
    """'4,000' -> 4000, '2.5' -> 2.5, 'three' -> 3."""
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    if text in _FRACTIONS:
        return _FRACTIONS[text]
    x = float(text.replace(",", ""))
    return int(x) if x.is_integer() else x


def _norm_unit(unit: str) -> str:
    """One spelling per unit: 'milligrams' -> 'mg', 'Tablet' -> 'tablets', 'mL/kg' -> 'mL/kg', 'grams/m 2' -> 'g/m2'."""
    if re.fullmatch(r"mg\s?PE", unit, re.I):
        return "mg PE"  # phenytoin sodium equivalents (fosphenytoin), not plain mg
    if "/" in unit:
        base, rest = unit.split("/", 1)
        rest = re.sub(r"[\s^]", "", rest).replace("²", "2").lower()
        return f"{_norm_unit(base)}/{rest}"
    u = re.sub(r"\s", "", unit).lower().replace("µ", "mc").replace("μ", "mc").replace("m²", "m2").replace("^", "")
    u = {"micrograms": "mcg", "microgram": "mcg", "milligrams": "mg", "milligram": "mg", "grams": "g",
         "gram": "g", "ml": "mL", "iu": "IU", "meq": "mEq", "unit": "units", "teaspoonful": "teaspoons",
         "teaspoon": "teaspoons", "tsp": "teaspoons"}.get(u, u)
    for one, many in (("tablet", "tablets"), ("capsule", "capsules"), ("caplet", "caplets"), ("dose", "doses"),
                      ("softgel", "softgels"), ("puff", "puffs"), ("spray", "sprays"), ("drop", "drops"),
                      ("lozenge", "lozenges"), ("applicator", "applicators"),
                      ("piece", "pieces"), ("patch", "patches"), ("inhalation", "inhalations"),
                      ("actuation", "actuations"), ("gelcap", "gelcaps"), ("packet", "packets"),
                      ("suppository", "suppositories"), ("application", "applications")):
        if u == one:
            return many
    return u


def per_word(raw: str | None) -> str | None:
    """'24 hours' / 'day' / 'd' -> 'day'; 'h' -> 'hour'; 'min' -> 'minute'; None stays None."""
    if raw is None:
        return None
    r = raw.lower().strip()
    if r.startswith("24") or r in ("day", "d", "period of 24 hours"):
        return "day"
    # "100 Units per treatment session" (the botulinum toxins): a session's, not a course's
    r = re.sub(r"\s+", " ", r)
    return {"hr": "hour", "h": "hour", "min": "minute", "wk": "week", "s": "second", "sec": "second",
            "treatment session": "session"}.get(r, r)


def quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Dose quantities in text[start:end], in order, each with the `per` that directly follows it."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(text, start, len(text) if end is None else end):
        if m.group("combo") is not None:
            q_end = m.end()
            after = _PER_AFTER.match(text, q_end)
            per_c = None
            if after and after.group("per"):
                per_c, q_end = per_word(after.group("per")), after.end()
            elif after and after.group("daily"):
                per_c, q_end = ("dose" if re.search(r"twice|times", after.group("daily"), re.I) else "day"), after.end()
            unit_c = _norm_unit(m.group("combounit"))
            parts = re.sub(r"\s", "", m.group("combo")).split("/")
            if unit_c in ("mg", "mcg", "g", "mL", "units", "IU", "mEq", "mmol") or len(parts) != 2:
                combo: float | int | str = "/".join(parts)
            elif number(parts[0]) < number(parts[1]):  # "1/2 tablet": a fraction of a count, not two strengths
                combo = number(parts[0]) / number(parts[1])
            else:
                # "one 320/25 tablet": the strengths of a combination tablet, not a count of tablets; the strengths'
                # unit is not written here, so no quantity is read
                continue
            out.append(Quantity(combo, unit_c, per_c, m.start(), q_end, False))
            continue
        if m.group("num") is not None or m.group("bnum") is not None:
            value: float | int | list[float | int] = number(m.group("num") or m.group("bnum"))
            unit = m.group("unit1") or m.group("bunit")
            is_range = False
        else:
            lounit = m.group("lounit")
            if lounit and _norm_unit(lounit) != _norm_unit(m.group("unit")):
                # "2 mg to 4 tablets", "1 mEq/kg or 20 mEq": not one range; each amount read on its own
                out.extend(quantities(text, m.start("lo"), m.end("lounit")))
                out.extend(quantities(text, m.start("hi"), m.end()))
                continue
            value = [number(m.group("lo")), number(m.group("hi"))]
            unit = m.group("unit")
            is_range = m.group("sep").lower() != "or"
        unit_n = _norm_unit(unit)
        if unit_n == "mL" and re.match(r"\s?/\s?(?:min|1\.73)", text[m.end() :]):
            continue  # "eGFR 30 to 45 mL/min/1.73 m2": a kidney function, not a dose
        if unit_n in ("mEq", "mmol") and re.match(r"\s?/\s?(?:L|dL|mL)\b", text[m.end() :]):
            continue  # "serum sodium < 130 mEq/L": a concentration in the blood, not a dose
        per = None
        slash_per = re.search(r"/\s?(day|d|dose|min|minute|hour|hr|h|week|wk)$", unit_n)
        after = _PER_AFTER.match(text, m.end())
        q_end = m.end()
        if after:
            if after.group("per"):
                per = per_word(after.group("per"))
            elif after.group("weekly"):
                per = "dose" if re.search(r"twice|times", after.group("weekly"), re.I) else "week"
            else:  # "10 mg twice daily": each dose is 10 mg; "10 mg daily": the day's
                per = "dose" if re.search(r"twice|times", after.group("daily"), re.I) else "day"
            q_end = after.end()
            if per == "kg":  # "2 mg per kg": a dose per body weight
                unit_n, per = f"{unit_n}/kg", None
        out.append(Quantity(value, unit_n if not slash_per else unit_n[: slash_per.start()], per or (
            per_word(slash_per.group(1)) if slash_per else None), m.start(), q_end, is_range))
    return out


# Who a dose or a statement is for, as the label says it.
_POPULATION = re.compile(
    r"\b(?:adults?(?:\s+and\s+(?:pediatric\s+patients|children|adolescents)(?:\s+(?:aged?\s+)?\d+[^,.;:()]{0,30}?"
    r"years?(?:\s+of\s+age)?(?:\s+and\s+(?:older|over))?)?)?"
    r"|pediatric\s+patients(?:\s+(?:aged?\s+|from\s+|weighing\s+)?\d+[^,.;:()]{0,30}?(?:years?|kg)"
    r"(?:\s+of\s+age)?(?:\s+and\s+(?:older|over))?)?"
    r"|children(?:\s+(?:under|over|aged?|from|\d)[^,.;:()]{0,30}?years?(?:\s+of\s+age)?(?:\s+and\s+(?:older|over))?)?"
    r"|adolescents|neonates|infants|elderly(?:\s+patients)?|geriatric\s+patients"
    r"|patients\s+(?:taking|receiving|treated\s+with)\s+[^,;:()]{1,60}?(?=,|;|:|\s+do\s+not|\s+the\s|$)"
    r"|patients\s+with\s+(?:(?:mild|moderate|severe|end-stage)(?:\s+(?:to|or|and)\s+(?:moderate|severe))?\s+)?"
    r"(?:renal|hepatic)\s+(?:impairment|insufficiency|disease))\b",
    re.I,
)
_ROUTE_FORM = re.compile(
    r"\b(?:orally|oral\s+(?:solution|suspension|tablets?|capsules?)|by\s+mouth|intravenous(?:ly)?|IV\s+(?:infusion|"
    r"push|bolus)|intramuscular(?:ly)?|subcutaneous(?:ly)?|topical(?:ly)?|transdermal|rectal(?:ly)?|"
    r"sublingual(?:ly)?|intrathecal(?:ly)?|(?:extended|delayed|immediate)-release\s+(?:tablets?|capsules?)|"
    r"(?:chewable|orally\s+disintegrating)\s+tablets?|tablets?|capsules?|injection|infusion|inhalation)\b"
)


def population(text: str, organ: str | None = None) -> str | None:
    """The first population the statement names ("adults", "pediatric patients 6 years and older"), as written.
    With `organ` ("renal"/"hepatic"), a population with that organ's impairment first, never the other organ's
    ("patients with renal impairment ... or hepatic impairment" is not the hepatic fact's population)."""
    found = [m.group(0) for m in _POPULATION.finditer(text)]
    if organ:
        other = "hepatic" if organ == "renal" else "renal"
        own = [f for f in found if organ in f.lower()]
        found = own or [f for f in found if other not in f.lower()]
    return found[0] if found else None


def route_form(text: str, skip: tuple[int, int] | None = None) -> str | None:
    """The first route or dosage form the statement names, outside `skip` (the quantity's own span, where
    "6 tablets" is a count, not a form)."""
    for m in _ROUTE_FORM.finditer(text):
        if skip and skip[0] <= m.start() < skip[1]:
            continue
        return m.group(0)
    return None
