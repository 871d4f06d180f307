"""Facets: what a question asks about, and where each facet lives in labels and in abstracts.

One table drives recognition in questions, label section choice and sentence classification, so the
three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A kind of clinical fact a question can ask about."""

    key: str
    heading: str  # heading in the research tier and the Markdown brief
    question: re.Pattern[str]  # matches questions that ask for it
    cue: re.Pattern[str]  # matches sentences that state it
    label_codes: tuple[str, ...]  # LOINC codes (and openFDA field names) of label sections to read, best first
    query_terms: str  # words added to the retrieval query


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Units a dose is stated in: prescribing labels use mass and volume; OTC Drug Facts count what is taken
# ("take 2 caplets", "10 mL", "2 teaspoonfuls", "do not exceed 8 softgels", "not more than 4 doses").
DOSE_UNIT = (
    r"(?:mg|mcg|µg|g|ml|mL|units?|tablets?|caplets?|capsules?|softgels?|gelcaps?|geltabs?|liquid ?gels?|"
    r"lozenges?|chewables?|gummies|pellets?|drops?|sprays?|pieces?|packets?|patch(?:es)?|doses?|"
    r"teaspoon(?:s|ful|fuls|sful)?|tsp|tablespoon(?:s|ful|fuls|sful)?|tbsp|capfuls?|dropperfuls?|applications?)"
)
# A number of them: "6", "2.5", "½", "1 to 2", "2-4", "one".
DOSE_NUMBER = (
    r"(?:\d+(?:\.\d+)?|½|¼|half an?|one|two|three|four|five|six|seven|eight|ten|twelve)"
    r"(?:\s*(?:to|-|–|or)\s*(?:\d+(?:\.\d+)?|one|two|three|four|six|eight))?"
)
DOSE_AMOUNT = rf"\b{DOSE_NUMBER}\s*{DOSE_UNIT}(?!\w)"
# The OTC way to state a daily limit: "do not exceed 6 tablets in 24 hours", "not more than 4 doses in 24 hrs".
DAILY_LIMIT = (
    rf"(?:not (?:to )?exceed|(?:not|no) (?:take |use |give )?more than|up to|maximum of)[^.;]{{0,30}}?"
    rf"\b{DOSE_NUMBER}\s*(?:{DOSE_UNIT}|times)(?!\w)[^.;]{{0,30}}?(?:\b(?:in|per|a|each|every)(?: a| any| one)? "
    r"(?:24[- ]?(?:hours?|hrs?|h)\b(?:[- ]period)?|day\b)|\bdaily\b)"
)


FACETS: tuple[Facet, ...] = (
    Facet(
        "max_dose", "Maximum Dose",
        _rx(r"\b(max(imum|imal)?|highest|upper limit|ceiling|most)\b.{0,40}\b(dos(e|es|age|ing)|mg|amount)\b|"
            r"\bhow (much|many) .{0,40}\b(per|a|each|in (a|one)) (day|24 hours)\b|\bnot (to )?exceed\b|"
            r"\b(max(imum)?|most|how many) .{0,30}\b(tablets|caplets|capsules|pills|softgels|doses)\b"),
        _rx(r"\b(maximum|max\.?|not (to )?exceed|should not exceed|up to|(no|not) (take |use |give )?more than|"
            r"highest|total daily dose|daily dose|in 24 (hours|hrs))\b"),
        ("34068-7", "dosage_and_administration", "43678-2"),
        "maximum dose mg per day daily",
    ),
    Facet(
        "dosing", "Dosing",
        _rx(r"\b(dos(e|es|age|ing)|how (much|often|many)|titrat\w*|starting|initial dose|regimen|mg)\b"),
        _rx(rf"{DOSE_AMOUNT}|\b(start(ing|ed)?|initial|titrat\w*|increase\w*|"
            r"once (daily|a day)|twice (daily|a day)|three times|(\d+|two|three|four) times (a|per|each) day|"
            r"every \d+|per day|/day)\b"),
        ("34068-7", "dosage_and_administration", "43678-2"),
        "dose dosage mg daily starting titration",
    ),
    Facet(
        "renal", "Renal Impairment",
        _rx(r"\b(renal|kidney|nephro\w*|dialysis|creatinine|ckd|egfr)\b"),
        _rx(r"\b(renal|kidney|creatinine clearance|dialysis|nephro\w*|egfr)\b"),
        ("43684-0", "use_in_specific_populations", "34068-7", "dosage_and_administration", "42232-9",
         "precautions", "43682-4", "pharmacokinetics", "43685-7", "34071-1"),
        "renal impairment kidney creatinine clearance",
    ),
    Facet(
        "hepatic", "Hepatic Impairment",
        _rx(r"\b(hepatic|liver|cirrhosis|hepato\w*)\b"),
        _rx(r"\b(hepatic|liver|hepato\w*|aminotransferase|transaminase|alt|ast|jaundice|cirrhosis)\b"),
        ("43684-0", "use_in_specific_populations", "34068-7", "dosage_and_administration", "43685-7",
         "34071-1", "42232-9", "precautions", "43682-4", "pharmacokinetics"),
        "hepatic impairment liver",
    ),
    Facet(
        "contraindications", "Contraindications",
        _rx(r"\b(contraindicat\w*|should not (be )?(use|take|given)|must not|who should not|avoid(ed)? in)\b"),
        _rx(r"\b(contraindicat\w*|hypersensitivity|must not|should not be used)\b"),
        ("34070-3", "contraindications"),
        "contraindicated contraindications hypersensitivity",
    ),
    Facet(
        "boxed_warning", "Boxed Warning",
        _rx(r"\b(boxed|black[- ]box)\b"),
        _rx(r"\b(warning|risk|death|fatal|serious|life[- ]threatening)\b"),
        ("34066-1", "boxed_warning"),
        "boxed warning",
    ),
    Facet(
        "withdrawal", "Withdrawal and Discontinuation",
        _rx(r"\b(withdraw\w*|discontinu\w*|stop(ping)?|taper\w*|abrupt\w*|quit\w*|cessation|come off)\b"),
        _rx(r"\b(withdraw\w*|discontinu\w*|abrupt\w*|taper\w*|rebound|cessation)\b"),
        ("34066-1", "boxed_warning", "43685-7", "warnings_and_cautions", "34071-1", "warnings", "34068-7",
         "dosage_and_administration", "42227-9", "drug_abuse_and_dependence"),
        "withdrawal abrupt discontinuation taper",
    ),
    Facet(
        "warnings", "Warnings and Precautions",
        _rx(r"\b(warning\w*|precaution\w*|safe(ty)?|risk\w*|danger\w*|caution\w*)\b"),
        _rx(r"\b(risk|caution|monitor\w*|may cause|can cause|warn\w*|serious|fatal|death)\b"),
        ("34066-1", "boxed_warning", "43685-7", "warnings_and_cautions", "34071-1", "warnings", "42232-9",
         "precautions"),
        "warnings precautions risk",
    ),
    Facet(
        "side_effects", "Side Effects",
        _rx(r"\b(side[- ]?effects?|adverse|reactions?|tolera\w*|toxicit\w*|harms?|complications?)\b"),
        _rx(r"\b(adverse|side[- ]effects?|most common\w*|incidence of|somnolence|drowsiness|dizziness|sedation|"
            r"nausea|fatigue|weakness|hypotonia|hypotension|dry mouth|toxicity|tolerab\w*|well tolerated)\b"),
        ("34084-4", "adverse_reactions", "34066-1", "boxed_warning", "43685-7", "34071-1"),
        "adverse reactions side effects most common",
    ),
    Facet(
        "interactions", "Interactions",
        _rx(r"\b(interact\w*|together with|combin\w* with|with (alcohol|other)|concomitant\w*|cyp\w*|"
            r"inhibitors?|inducers?)\b"),
        _rx(r"\b(interact\w*|concomitant\w*|coadminist\w*|co-administ\w*|cyp\s?\w+|inhibitors?|inducers?|"
            r"increase\w* (the )?(plasma|serum|exposure)|alcohol|cns depressants?)\b"),
        ("34073-7", "drug_interactions", "43685-7", "34071-1"),
        "drug interactions concomitant",
    ),
    Facet(
        "pregnancy", "Pregnancy and Lactation",
        _rx(r"\b(pregnan\w*|breast\s?feed\w*|lactat\w*|nursing|fetal|fetus|conceiv\w*|teratogen\w*)\b"),
        _rx(r"\b(pregnan\w*|fetal|fetus|lactation|breast|milk|nursing|teratogen\w*|embryo\w*)\b"),
        ("42228-7", "pregnancy", "77290-5", "lactation", "34080-2", "nursing_mothers", "43684-0",
         "use_in_specific_populations"),
        "pregnancy lactation breastfeeding",
    ),
    Facet(
        "mechanism", "Mechanism of Action",
        _rx(r"\b(mechanism|how does .{0,30}work|mode of action|pharmacolog\w*|works?)\b"),
        _rx(r"\b(mechanism|receptors?|agonist\w*|antagonist\w*|inhibit\w*|gaba\w*|alpha.?2|α.?2|binds?|"
            r"acts?|action)\b"),
        ("43679-0", "mechanism_of_action", "34090-1", "clinical_pharmacology", "43681-6", "pharmacodynamics"),
        "mechanism of action receptor agonist",
    ),
    Facet(
        "administration", "Administration",
        _rx(r"\b(route|administ\w*|given|how (is|do i) .{0,20}(take|given|used)|oral(ly)?|inject\w*|"
            r"intrathecal\w*|infusion|pump|with food)\b"),
        _rx(r"\b(oral(ly)?|intrathecal\w*|intraven\w*|injection|infusion|pump|administ\w*|route|with food|"
            r"tablets?|capsules?)\b"),
        ("34068-7", "dosage_and_administration", "43678-2", "dosage_forms_and_strengths"),
        "administration route intrathecal oral",
    ),
    Facet(
        "overdose", "Overdose",
        _rx(r"\b(overdos\w*|too much|poisoning|toxicity)\b"),
        _rx(r"\b(overdos\w*|toxicity|poisoning|coma|respiratory depression|antidote|hemodialysis)\b"),
        ("34088-5", "overdosage"),
        "overdosage overdose",
    ),
    Facet(
        "indications", "Indications",
        _rx(r"\b(used? (for|to)|indicat\w*|treat\w*|what is .{0,30} for|purpose|approved|helps?|good for|"
            r"prescribed)\b"),
        _rx(r"\b(indicated|indication|treat(s|ed|ing|ment)? (of|for)|used (to|for|in)|to treat|management of|"
            r"alleviat\w*|effective (treatment|therapy|in|for)|therapy for|relief of|control of)\b"),
        ("34067-9", "indications_and_usage"),
        "indicated treatment of used for",
    ),
)
BY_KEY = {f.key: f for f in FACETS}

# The research tier's headings for an overview, as in the example brief.
OVERVIEW = ("indications", "dosing", "max_dose", "renal", "hepatic", "withdrawal", "warnings", "side_effects",
            "mechanism", "administration")
RESEARCH_OVERVIEW = ("indications", "mechanism", "benefits", "side_effects", "administration", "withdrawal", "renal")

BENEFITS = Facet(
    "benefits", "Benefits",
    _rx(r"\b(benefit\w*|effective\w*|efficacy|work(s)? well|improve\w*)\b"),
    _rx(r"\b(improv\w*|reduc\w*|benefit\w*|effective\w*|efficacy|significant\w*|decreas\w*|relie\w*|better)\b"),
    (),
    "improved reduced effective",
)
# For questions that name no drug and no facet: any sentence on the question's topic, under one heading.
FINDINGS = Facet("findings", "Related Research", _rx(r"^"), _rx(r"\b\w+\b"), (), "")
ALL_FACETS: dict[str, Facet] = {**BY_KEY, "benefits": BENEFITS, "findings": FINDINGS}

_OVERVIEW_Q = re.compile(
    r"^\s*(what|tell me|info\w*|overview|about)\b.{0,40}\b(used for|use of|uses|is it|for)\??\s*$|"
    r"\bwhat is [\w\- ]{1,40}( used)? for\b|\bwhat (is|are) [\w\- ]{1,40}\??\s*$|\buses? of\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FacetQuery:
    """The facets a question asks for; `overview` when it asks what a drug is (for)."""

    facets: tuple[str, ...]
    overview: bool


def recognise_facets(question: str, *, names_drug: bool) -> FacetQuery:
    """Facets asked, most specific first; an overview for 'What is X used for?' or a bare drug name."""
    found = [f.key for f in FACETS if f.question.search(question)]
    if "max_dose" in found and "dosing" in found:
        found.remove("dosing")
        found.insert(found.index("max_dose") + 1, "dosing")
    if "boxed_warning" in found and "warnings" in found:
        found.remove("warnings")
    if any(k in found for k in ("renal", "hepatic", "pregnancy", "overdose")) and "warnings" in found:
        found.remove("warnings")  # "is X safe in kidney failure" asks about renal use, not warnings at large
    overview = bool(_OVERVIEW_Q.search(question)) and not (set(found) - {"indications"})
    words = re.findall(r"\w+", question)
    if names_drug and (not found or len(words) <= 3):
        overview = overview or not found
    if overview:
        return FacetQuery(("indications",), True)
    return FacetQuery(tuple(found), False)
