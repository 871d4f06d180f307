"""Items of an OTC "Drug Facts" text whose list structure was flattened away.

openFDA stores each Drug Facts field as one string with the bullets and line breaks of the label removed, so
"Directions" reads as one run-on: "... adults and children 12 years and over: take 1 tablet every 4 to 6 hours
while symptoms persist ... 2 tablets may be used do not exceed 6 tablets in 24 hours, unless directed by a doctor
children under 12 years: ask a doctor" (FDA/openfda#33). The items are recovered from what starts a Drug Facts
item: a bullet, an age-group run-in ("children under 12 years:"), "do not ...", or an imperative verb ("take",
"chew", "apply") right after a word that cannot end a clause leading into it. Every item is a span of the text it
came from, so statements built from items stay verbatim.

Only the Directions of Drug Facts labels are split this way (`is_drug_facts`, `DIRECTIONS_CODES`): in prescribing
information a lower-case "take" after a noun is ordinary prose, and in a Drug Facts warning it opens a condition
("if you: ... take a blood thinning drug").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from ..records import Passage
from .sentences import Sentence

# LOINC codes of sections only a Drug Facts label has (active ingredient, purpose, do not use, ask a doctor,
# stop use, keep out of reach of children): their presence marks an OTC monograph-style label.
DRUG_FACTS_CODES = frozenset({"55106-9", "55105-1", "50570-1", "50569-3", "50568-5", "50567-7", "50566-9",
                              "50565-1", "53414-9"})

# Directions (LOINC 34068-7, openFDA `dosage_and_administration`): the only section split into items. Elsewhere a
# verb opens a condition, not an instruction ("The chance is higher if you: ... take a blood thinning drug").
DIRECTIONS_CODES = frozenset({"34068-7", "dosage_and_administration"})

_BULLET = "•▪■◦●○◆►▸‣∙\uf06e\uf0b7\uf0a7"
# An age group that heads a Directions item: "adults and children 12 years and over:", "children under 12 yrs",
# "for overweight adults 18 years and older:", "children 6-11 years of age", "Children between 12 years and 6 years
# of age". The age words are required, so "some children may be slower" is not a run-in.
_AGE_RUN_IN = (
    r"(?:for\s+(?:\w+\s+)?)?(?:adults?|children|child|teens?|adolescents?|infants?|consumers?)"
    r"(?:\s+(?:and|&)\s+(?:children|teens?|adolescents?|adults?))?"
    r"\s+(?:under|over|from|between|aged?|ages|to|less than|younger than|\d|½|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)[\w\s&\-–½]{0,40}?\b(?:years?|yrs?\.?|months?|mos?\.?)(?!\w)"
    r"(?:\s+of\s+age)?(?:\s+(?:and|&|or)\s+(?:over|older|up|younger))?"
    r"|consumers\s+with\b"  # "consumers with liver or kidney disease ask a doctor"
)
# Verbs that open a Directions item ("take 1 tablet", "chew 1 to 2 tablets", "apply to affected area").
_IMPERATIVE = (
    r"(?:take|chew|swallow|dissolve|apply|use|ask|stop|shake|place|read|remove|repeat|reapply|wear|rinse|wash|"
    r"spray|insert|mix|drink|give|consult|discard|squeeze|cleanse|massage|dispense|leave|rub|prime|store|wait|"
    r"see|do not|don't|never)"
)
# After these a verb is a noun ("prolonged use of", "use is not recommended"): no item starts there.
_NOUN_USE = r"(?:of|and|or|is|are|was|were|may|can|should|will|has|have|beyond)\b"
# Where an item can start: a run-in, an imperative, or the NSAID monograph's "the smallest effective dose ...".
_STARTS = re.compile(
    rf"(?<![\w\-])(?:(?P<age>{_AGE_RUN_IN})|"
    rf"(?P<verb>{_IMPERATIVE}(?=\s+[\w½(])(?!\s+{_NOUN_USE})|the smallest effective dose\b))",
    re.IGNORECASE,
)
# A word after which an item start is part of the same clause: "may be used", "to children under 12 years",
# "you do not", "before use", "not more than". Lower-case; compared with the previous word.
_JOINS = frozenset(
    """a an the to of in on for with from by at as and or nor but if when while before after during until unless
    than then that which who whom whose what where not no may might can could should would will must shall do does
    did you your i we they he she it its please also only just still always never first again carefully safely
    gently being been be is are was were has have had every each any some this these those""".split()
)
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten twelve half ½".split())
_FREQUENCY_LY = frozenset("daily weekly nightly monthly hourly".split())
_DASH_ITEM = re.compile(r"[-*]\s+")
_HEADING = re.compile(r"(?:directions|drug facts)\b[\s:]*", re.IGNORECASE)  # used with match(text, pos)
_MIN_WORDS = 3
# A dosing chart flattened into the text: its header ("Weight (lb) Age (yr) Dose (mL)") ends the item before it,
# and the chart's cells ("under 24 under 2 years ask a doctor 24-35 2-3 years 5 mL") are never an item: a row
# read without its header says a dose without the weight or age it is for.
_CHART_HEADER = re.compile(r"\b(?:weight|age|dose)\s*\((?:lbs?|kg|yrs?|years?|mos?|months?|ml|tsp)\)", re.IGNORECASE)
_CHART_CELLS = re.compile(
    r"\b\d+(?:\.\d+)?\s*[-–]\s*\d+(?:\.\d+)?\s*(?:years?|yrs?|lbs?|kg|months?|mos?)\b|"
    r"\bunder \d+\s+(?:lbs?\s+)?under \d+", re.IGNORECASE)


def is_drug_facts(passages: Iterable[Passage]) -> bool:
    """True when the label has Drug Facts sections (an OTC label), whose text openFDA flattens."""
    return any(p.section_code in DRUG_FACTS_CODES for p in passages)


def _previous(text: str, i: int) -> tuple[str, str]:
    """(last non-space character, last word lower-cased or '') before offset `i`."""
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if j == 0:
        return "", ""
    k = j
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'’_"):
        k -= 1
    return text[j - 1], text[k:j].lower()


def _cuts_here(text: str, i: int, verb: bool) -> bool:
    """Whether an item start found at `i` (a run-in, or a verb when `verb`) really begins a new item."""
    last, word = _previous(text, i)
    if not last:
        return True  # the start of the text
    if last in _BULLET:
        return True
    if last in ",;:(/-–—&":
        return False  # "children under 12 years: ask a doctor" keeps its run-in; "..., take" continues a clause
    if not word:
        return last in ".!?)"
    if word in _JOINS or word.isdigit() or word in _NUMBER_WORDS:
        return False  # "may be used", "to children under 12", "1 spray", "two tablets": the clause goes on
    return not (verb and word.endswith("ly") and word not in _FREQUENCY_LY)  # "gently rub": adverb + its verb


def _starts(text: str) -> list[int]:
    """Offsets in `text` where a new Drug Facts item begins."""
    cuts: list[int] = []
    run_in_end = -1  # end of the item-opening run-in whose item has not reached its verb yet
    for m in _STARTS.finditer(text):
        i = m.start()
        verb = m.group("verb") is not None
        cut = _cuts_here(text, i, verb)
        if not verb:
            run_in_end = m.end() if cut else -1
            if cut and i > 0:
                cuts.append(i)
            continue
        # a run-in that opened an item heads the first instruction after it ("children under 12 years of age chew
        # 1 tablet", "consumers with kidney disease ask a doctor"), unless a dose or a colon came between them
        heads = run_in_end >= 0 and i - run_in_end <= 40 and not re.search(r"[\d:]", text[run_in_end:i])
        run_in_end = -1
        if cut and not heads and i > 0:
            cuts.append(i)
    # bullets themselves start items even when no cue word follows them
    cuts.extend(m.end() for m in re.finditer(rf"[{_BULLET}]\s*", text))
    chart = _CHART_HEADER.search(text)
    if chart and chart.start() > 0:
        cuts.append(chart.start())
    return sorted(set(cuts))


def drug_facts_items(text: str, sentence: Sentence) -> list[Sentence]:
    """Split one sentence of a Drug Facts passage into its list items, each a span of `text`.

    `sentence` is a span of `text` (from `sentences()`); the items are spans inside it, with bullets, a leading
    "Directions" heading and surrounding spaces trimmed. Fragments shorter than three words are dropped.
    """
    a, b = sentence.start, sentence.end
    piece = text[a:b]
    bounds = [0, *[c for c in _starts(piece) if 0 < c < len(piece)], len(piece)]
    chart = _CHART_HEADER.search(piece)
    out: list[Sentence] = []
    for x, y in pairwise(bounds):
        if chart and x >= chart.start() and (x == chart.start() or _CHART_CELLS.search(piece, x, y)):
            continue  # the chart's header and rows: cells without their columns
        s, e = a + x, a + y
        while s < e and (text[s].isspace() or text[s] in _BULLET):
            s += 1
        dash = _DASH_ITEM.match(text, s, e)
        if dash:
            s = dash.end()  # "- take 2 caplets": a list item written with a hyphen by the SPL reader
        heading = _HEADING.match(text, s, e)
        if heading and heading.end() < e:
            s = heading.end()
        while e > s and (text[e - 1].isspace() or text[e - 1] in _BULLET):
            e -= 1
        if len(text[s:e].split()) < _MIN_WORDS:
            continue
        out.append(Sentence(s, e, text[s:e]))
    return out
