"""Reading one label for one question: which sentences of which sections state what was asked.

A sentence is a candidate for a facet when it stands in one of the facet's sections and says something about it
(its cue words, the specific fact, or the question's own words). Candidates are ranked by what they state — the
specific fact ("maximum of 36 mg", "contraindicated"), the question's words and condition ("psoriasis",
"ciprofloxacin"), the facet's cues — and only then, lightly, by section order and position, so a sentence deep in a
section never loses to an earlier one that states less. Sentences that cannot stand alone (`standalone.problem`)
or whose subject is another product are never candidates; why a facet got no sentence is kept for the brief's note.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..facts.compare import CHILD
from ..records import Passage
from ..retrieve.corpus import LabelDoc
from ..retrieve.facets import DAILY_LIMIT, DOSE_AMOUNT, INCIDENCE_Q, Facet
from ..retrieve.question import Question
from ..sentences import MARKUP, SECTION_REF
from . import standalone
from .dose_heading import with_heading
from .drafts import Draft, Evidence
from .drug_facts import DIRECTIONS_CODES, drug_facts_items, is_drug_facts
from .referents import refers_back
from .sentences import Sentence, content_words, sentences, similarity
from .table_reading import (  # noqa: F401 (measures: label_tier reads it from here)
    BAND_ROW,
    TableRow,
    band_fit,
    in_band,
    measures,
    rows_in_label_order,
    table_cells,
    table_copy,
    table_rows,
)
from .topic import Topic, condition_topic, mentions, sentence_words

MAX_SENTENCE_CHARS = 600
_LEAD_IN_CHARS = 400  # a lead-in quoted with its items: up to this many characters

# Sentences that state the specific fact of a facet get a large bonus, so they lead.
SPECIFIC = {
    "max_dose": re.compile(
        r"(maximum|not (to )?exceed|up to|no more than|should not exceed|max\.?)[^.;]{0,80}?\d+(\.\d+)?\s*(mg|mcg|g)\b|"
        r"\d+(\.\d+)?\s*(mg|mcg|g)\b[^.;]{0,60}(maximum|per day|/day|a day|daily)|"
        r"(dosage|dose|dosing) range[^.;]{0,60}\d+\s*(mg|mcg|g)?\s*(to|-|–)\s*\d+\s*(mg|mcg|g)\b",
        re.I,
    ),
    "dosing": re.compile(
        r"(start\w*|initial|recommended|usual)[^.;]{0,60}\d+(\.\d+)?\s*(mg|mcg|g|units?)\b|\d+\s*(mg|mcg)\b[^.;]{0,40}"
        r"(once|twice|three times|every|daily|per day)|"
        # the dose in what is given: "The recommended initial dose of KLOXXADO in adult and pediatric patients is one
        # spray delivered ... into one nostril"
        r"\b(start\w*|initial|recommended|usual) (\w+ )?(dose|dosage)\b[^.;]{0,80}?\bis\s+(one|two|three|a single|"
        r"\d+(\.\d+)?)\s+(sprays?|tablets?|capsules?|puffs?|inhalations?|drops?|patch(es)?|suppositor\w*|"
        r"injections?|vials?)\b", re.I
    ),
    "side_effects": re.compile(r"most (common|frequent)\w*|commonly (observed|reported)|incidence", re.I),
    "indications": re.compile(r"\bindicated\b|\bis useful\b|\bfor the (treatment|management|relief)\b", re.I),
    "withdrawal": re.compile(r"abrupt\w*|taper\w*|rebound|withdraw\w*", re.I),
    "mechanism": re.compile(r"agonist|antagonist|receptor|inhibit\w*|mechanism", re.I),
    "renal": re.compile(
        r"renal impairment|creatinine clearance|renal (function|insufficiency|failure|disease)|egfr|crcl|dialysis|"
        r"kidney (disease|failure|impairment)", re.I),
    "hepatic": re.compile(r"hepatic impairment|liver (injury|function|disease)|hepatotox\w*|aminotransferase|"
                          r"child-pugh|hepatic (failure|disease|insufficiency)", re.I),
    "contraindications": re.compile(r"\bcontraindicated\b|\bdo not use\b|\bmust not\b", re.I),
    # ("should be avoided" states it as "avoid" does: "Alcoholic beverages ... should be avoided during SOLOSEC ...")
    "interactions": re.compile(r"\bcontraindicated\b|\bavoid(ed|ing)?\b|\bnot recommended\b|"
                               r"\bdo not (use|take|drink)\b|"
                               r"increase[sd]? (the )?(plasma|serum|blood) (levels?|concentrations?)|\bauc\b", re.I),
    "pediatric": re.compile(r"(safety and effectiveness|safety and efficacy|effectiveness)[^.]{0,80}"
                            r"(pediatric|children)|pediatric patients? \d|children \d|\d+ (to|-) \d+ years|"
                            r"years of age and (older|over)", re.I),
    # (an older age however written: "females over the age of 65", "aged 75 and older", "patients over 65")
    "geriatric": re.compile(r"geriatric|elderly|(65|75) years|"
                            r"\b(over|above|older than) (the age of )?(6[5-9]|[7-9]\d)\b|"
                            r"\bage[sd]? (of )?(6[5-9]|[7-9]\d)\b", re.I),
    "pregnancy": re.compile(r"pregnan\w*[^.]{0,80}(risk|harm|contraindicated|avoid|not recommended|fetal|"
                            r"discontinu\w*)|"
                            r"(discontinu\w*|stop)[^.]{0,60}pregnan\w*|fetal (harm|toxicity|risk)|pregnancy category",
                            re.I),
    "lactation": re.compile(r"(breast|human) milk|breastfe\w*|breast-fe\w*|nursing (mothers|infant)|lactation", re.I),
    "overdose": re.compile(r"overdos\w*[^.]{0,80}(symptom|sign|manifest|include|treat|manage|supportive|contact|"
                           r"can cause|may cause|result\w* in|lead\w* to|consequences)|"
                           r"(treatment|management) of overdos\w*|antidote|hemodialysis", re.I),
    "pharmacokinetics": re.compile(r"half-life|half life|t1/2|excreted|eliminated|eliminat\w+ half|"
                                   r"peak (plasma )?concentrations?|tmax|metabolized|bioavailability", re.I),
    "storage": re.compile(r"\bstore[ds]?\b[^.]{0,60}(°|degrees|temperature|refrigerat)|\bstore (at|in|between|below)"
                          r"|refrigerat\w*|room temperature", re.I),
    "dosage_forms": re.compile(r"\d+(\.\d+)?\s*(mg|mcg|g|%|mg/ml)\b[^.]{0,60}(tablets?|capsules?|injection|solution|"
                               r"suspension|patch|cream)|debossed|imprinted|engraved|film-coated|scored", re.I),
    "ingredients": re.compile(r"inactive ingredients?|also contains|each (tablet|capsule|film-coated tablet|ml) "
                              r"contains", re.I),
    "counseling": re.compile(r"\bmiss\w*\b|next (scheduled )?dose|with or without food|empty stomach|"
                             r"(advise|instruct|inform|tell) (patients?|your)", re.I),
    "description": re.compile(r"\b(?:soluble|insoluble|solubility|miscible)\b|\bpka\b|molecular weight (?:of |is )?"
                              r"(?:approximately |about )?\d", re.I),
    "abuse_dependence": re.compile(r"controlled substance|schedule (i|ii|iii|iv|v)\b|abuse|physical dependence|"
                                  r"addiction", re.I),
}
# A duration after a number: "21 to 54 hours", "30 hr", "6 h", "about 1 week".
_TIME = r"[\d.]*\s*(?:(?:to|-|–)\s*\d[\d.]*\s*)?(?:hours?|hrs?|h|days?|minutes?|mins?|weeks?)\b"
# A reaction's incidence: "12%", a table row's "Placebo (n = 370) %: <1", "5 of 170 patients".
_INCIDENCE = re.compile(r"\d+(?:\.\d+)?\s*%|%\)?\s*:\s*[<>≤≥]?\s*\d|\bpercent\b|\bincidence\b|"
                        r"\b\d+ (?:of|in) \d+ (?:patients|subjects)\b", re.I)
# A rate of its own: "12%", a table cell "N (%): 141 (12.3)", "5 of 170 patients" (the word "incidence" alone is none).
_RATE = re.compile(r"\d+(?:\.\d+)?\s*%|%\)?\s*:\s*[<>≤≥]?\s*\d|\b\d+ (?:of|in) \d+ (?:patients|subjects)\b", re.I)
# A listing threshold ("(> 15%)", "total frequency >= 3%", "incidence ≥ 2%", "at least 5%") or a confidence
# level: no reaction's own rate.
_THRESHOLD = re.compile(r"(?:\bincidence\s*)?(?:[<>≤≥]\s*=?|greater than(?: or equal to)?|more than|at least|less than|"
                        r"(?:in )?(?:≥|>=?)\s*)\s*\d+(?:\.\d+)?\s*%|"
                        r"\b\d+(?:\.\d+)?\s*%\s*(?:CI\b|confidence)|"  # "95% CI": no rate either
                        r"\b\d+(?:\.\d+)?\s*%\s*or (?:more|greater|higher)\b|"  # "(10% or more for X)"
                        # "(events 2% greater than placebo)", "2% greater on lisinopril than on placebo": the
                        # criterion a list of reactions was chosen by, no reaction's rate
                        r"\b\d+(?:\.\d+)?\s*%\s*(?:greater|higher|more)\s+(?:(?:on|with|in) [\w\- ]{1,40}?\s+)?"
                        r"than (?:(?:on|with|in) )?(?:placebo|controls?|comparator)\b", re.I)
# Facets whose questions ask one of several facts: the question's words say which fact states the answer
# ("what if I miss a dose" is answered by the missed-dose sentence, "how long does it stay in the body" by the
# half-life), each a (question pattern, sentence pattern) pair; the first matching pair wins.
SUB_FACTS: dict[str, tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]] = {
    "counseling": (
        (re.compile(r"\bmiss|forg[eo]t|skip", re.I),
         re.compile(r"\bmiss(ed|es)?\b|next (scheduled )?dose|double|not taken at the scheduled time|"
                    r"as soon as possible", re.I)),
        (re.compile(r"\bfood|meal|eat|stomach|breakfast|milk|coffee|juice|dairy|yogurt", re.I),
         re.compile(r"\bfood|meals?\b|empty stomach|fasting|breakfast|beverage|milk|dairy|calcium-fortified|"
                    r"coffee|juice|eat(ing)?\b", re.I)),
        (re.compile(r"\bcrush|chew|split|cut|open|swallow", re.I),
         re.compile(r"\bcrush\w*|chew\w*|split\w*|swallow\w* whole|cut|break|open\w*|sprinkl\w*", re.I)),
        (re.compile(r"\bdriv|machine", re.I), re.compile(r"\bdriv\w*|machinery|hazardous", re.I)),
        (re.compile(r"\bmorning|night|bedtime|time of day|when (should|do|to)", re.I),
         re.compile(r"\bmorning|evening|bedtime|at night|once daily|same time|before|after", re.I)),
    ),
    "pharmacokinetics": (
        # a named quantity ("what is the half-life", "protein binding of X"): the sentence that gives it a number
        # ("Its half-life ranges from 21 to 54 hours"), not one that only names it ("half-life ... may vary")
        (re.compile(r"half[- ]?li[fv]e|t1/2|t½", re.I),
         re.compile(rf"(?:half-life|half life|t ?1/2|t ?½)[^.;]{{0,80}}?\d{_TIME}|\d{_TIME}[^.;]{{0,40}}half-li",
                    re.I)),  # "The mean t 1/2 is approximately 7 hours" (a space in t 1/2)
        (re.compile(r"\btmax\b|\bt max\b|time to (?:peak|maximum)|peak (?:plasma |blood )?(?:levels?|concentrations?)",
                    re.I),
         re.compile(rf"(?:tmax|t max|peak|maximum (?:plasma )?concentrations?)[^.;]{{0,80}}?\d{_TIME}|"
                    rf"\d{_TIME}[^.;]{{0,60}}\b(?:peak|tmax|maximum (?:plasma )?concentration)", re.I)),
        (re.compile(r"bioavailab", re.I),
         re.compile(r"bioavailab\w*[^.;]{0,80}?\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%[^.;]{0,40}bioavailab", re.I)),
        (re.compile(r"protein[- ]?bind|protein[- ]bound|bound to (?:plasma |serum )?proteins?|bind\w* to (?:plasma )?"
                    r"proteins?", re.I),
         re.compile(r"(?:protein[- ]?bind\w*|bound to (?:\w+ ){0,2}(?:proteins?|albumin)|protein[- ]bound|binding)"
                    r"[^.;]{0,80}?\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*%[^.;]{0,60}\b(?:bound|binding)\b", re.I)),
        (re.compile(r"volume of distribution|\bvd\b|\bvss\b", re.I),
         re.compile(r"volume of distribution[^.;]{0,80}?\d+(?:\.\d+)?\s*(?:l|ml|liters?)\b", re.I)),
        (re.compile(r"\bclearance\b", re.I),
         re.compile(r"clearance[^.;]{0,80}?\d+(?:\.\d+)?\s*(?:ml|l)\s*/", re.I)),
        (re.compile(r"how long|half|stay|last|system|wear off", re.I),
         re.compile(r"half-life|half life|t ?1/2|t ?½|eliminat\w* half", re.I)),
        (re.compile(r"excret|eliminat|kidney|urine|clear", re.I),
         # the route ("eliminated ... by renal excretion as unchanged drug"), not the elimination half-life
         re.compile(r"excreted|excretion|eliminated|urine|urinary|feces|fecal", re.I)),
        (re.compile(r"how (fast|quickly|soon)|onset|kick in|peak|start working|take to work", re.I),
         re.compile(r"peak|tmax|t max|onset|within \d+|maximum (plasma )?concentration", re.I)),
        (re.compile(r"metaboli|liver enzymes?|cyp", re.I), re.compile(r"metaboli\w*|cyp\s?\w+", re.I)),
    ),
    "withdrawal": (
        (re.compile(r"\bhow (should|to|do|can|is)|taper|wean|come off|get off", re.I),
         re.compile(r"\btaper\w*|gradual\w*|slowly|decreas\w* (the )?(dose|dosage)|reduc\w* (the )?(dose|dosage)|"
                    r"dose (reduction|decrease)", re.I)),
        (re.compile(r"what happens|symptoms|dangerous|suddenly|abrupt|cold turkey", re.I),
         re.compile(r"withdrawal (symptoms|reactions|signs|syndrome)|rebound|abrupt\w*|seizures|\bincludes?\b", re.I)),
    ),
    "abuse_dependence": (
        # "is X a controlled substance?": the sentence giving its schedule ("a Schedule II controlled substance";
        # "Schedule lll" as one label writes it)
        (re.compile(r"controlled|schedule|\bdea\b|narcotic", re.I),
         re.compile(r"\bschedule\s+(?:i{1,3}|iv|v|l{1,3}|[1-5])\b|\bc-(?:ii|iii|iv|v)\b", re.I)),
    ),
    "overdose": (
        (re.compile(r"treat|manage|reverse|antidote|what (to|should) (i )?do|help|hospital", re.I),
         re.compile(r"\btreat\w*|manage\w*|antidote|supportive|hemodialysis|charcoal|lavage|poison (control|center)|"
                    r"vitamin k|naloxone|flumazenil|reversal", re.I)),
        (re.compile(r"symptom|signs?|happen|what does|toxic|look like|effects", re.I),
         re.compile(r"\b(symptoms?|signs?|manifestations?)\b|may include|have been reported|characterized by|"
                    r"toxicity|initial", re.I)),
    ),
    "side_effects": (
        # "How common is nausea with X?": the sentence or table row giving a reaction's incidence ("Nausea | 12% |
        # 5%", "nausea (12%)"); the question's reaction word (its condition) picks which one
        (re.compile(INCIDENCE_Q, re.I), _INCIDENCE),
    ),
    "pregnancy": (
        (re.compile(r"keep taking|continue|stop|quit|get pregnant|became pregnant|found out", re.I),
         re.compile(r"discontinu\w*|\bstop\w*|continu\w*|when pregnancy is (detected|recognized)", re.I)),
    ),
    "pediatric": (
        # "atomoxetine dosing for a child under 70 kg", "how much albuterol can a 7 year old take": the dose for
        # children, before what the label says about children at large (monitoring, trials)
        (re.compile(r"\bdos(?:e|es|age|ing)\b|how (?:much|many)|\bmg\b|how often", re.I),
         re.compile(rf"^(?=.*(?:{CHILD.pattern}|\bkg\b))(?=.*{DOSE_AMOUNT})", re.I | re.S)),
    ),
    "description": (
        (re.compile(r"solub|dissolv", re.I), re.compile(r"\b(?:soluble|insoluble|solubility|miscible)\b", re.I)),
        (re.compile(r"\bpka\b", re.I), re.compile(r"\bpka\b", re.I)),
        (re.compile(r"molecular (?:weight|mass)", re.I), re.compile(r"molecular (?:weight|mass)", re.I)),
        (re.compile(r"look|appearance|colou?r|powder|crystal", re.I),
         re.compile(r"\b(?:powder|crystal\w*|solid|liquid|white|yellow|colou?rless|odou?rless)\b", re.I)),
    ),
    "renal": (
        # "dose after hemodialysis": the dialysis dose (a supplemental dose after each session), not renal dosing at
        # large
        (re.compile(r"dialy", re.I), re.compile(r"dialy[sz]", re.I)),
    ),
    "storage": (
        (re.compile(r"after open|once open|first use|in[- ]use|how long", re.I),
         # (a bare "discard" is not how long: "Discard LANGLARA if it has been frozen")
         re.compile(r"\b\d+ (days|weeks|months)|after (opening|first use)|in-use|opened|discard\w* [^.]{0,40}?"
                    r"\b(?:after|within)\b", re.I)),
    ),
}


# The sub-facts that are a named quantity given with its number (half-life, Tmax, bioavailability, protein binding,
# volume of distribution, clearance): the first six pharmacokinetics pairs.
_NAMED_QUANTITIES = frozenset(states for _, states in SUB_FACTS["pharmacokinetics"][:6])


def asked_fact(facet: str, question: str) -> re.Pattern[str] | None:
    """The sentence pattern of the fact the question asks within a facet (`SUB_FACTS`), or None."""
    for asks, states in SUB_FACTS.get(facet, ()):
        if asks.search(question):
            return states
    return None


# A Drug Facts label states doses in what is taken, not in mg: these also state the fact there.
SPECIFIC_DRUG_FACTS = {
    "max_dose": re.compile(DAILY_LIMIT, re.I),  # "do not exceed 6 tablets in 24 hours"
    "dosing": re.compile(  # "take 1 tablet every 4 to 6 hours", "2 softgels with water every 4 hrs", "10 mL every 4 h"
        rf"{DOSE_AMOUNT}[^.;]{{0,40}}\b(once|twice|three times|\d+ times|every|daily|a day|per day|at bedtime|"
        r"with each meal)\b|"
        r"\b(apply|use|take|spray|rub)\b[^.;]{0,60}\b(\d+( to \d+)?|once|twice|two|three|four) (times )?"
        r"(a|per|each) (day|week)\b",  # "apply half a capful 2 times a day", "use twice a day"
        re.I,
    ),
}
# Facets whose sentences must carry the facet's cue words or state its fact (a dosing section sentence is not
# about kidneys just because it stands in a section the renal facet reads).
CUE_REQUIRED = {"renal", "hepatic", "withdrawal", "mechanism", "interactions", "pregnancy", "lactation", "max_dose",
                "overdose", "administration", "pediatric", "geriatric", "pharmacokinetics", "storage", "ingredients",
                "counseling", "abuse_dependence", "dosage_forms", "contraindications", "description"}
# Sentences that lean on the one before them.
_NEEDS_CONTEXT = re.compile(r"^(nevertheless|however|therefore|thus|hence|similarly|conversely|in contrast|likewise|"
                            r"consequently|accordingly)\b", re.I)
# Sections whose first sentence states the gist ("X is indicated for ...", "X is a ... antagonist").
_LEAD_SENTENCE = {"indications", "mechanism", "boxed_warning", "contraindications", "overdose"}
# Sections the every-section fallback never reads: a list of adverse events or a trial report is no labelled fact
# ("Hematuria and kidney failure." is an adverse reaction, not a renal statement).
_NEVER_ANYWHERE = frozenset({"34084-4", "adverse_reactions", "34092-7", "clinical_studies", "90374-0", "90375-7"})
# Patient leaflets (Medication Guide, Patient Package Insert, Instructions for Use, Patient Medication Information).
_LEAFLETS = frozenset({"42231-1", "42230-3", "59845-8", "68498-5", "spl_medguide", "spl_patient_package_insert",
                       "instructions_for_use"})
# A facet's own sections: every sentence there is on the facet, whatever its words.
DEDICATED = {
    "lactation": ("77290-5", "34080-2", "53414-9", "lactation", "nursing_mothers", "pregnancy_or_breast_feeding"),
    "pregnancy": ("42228-7", "34077-8", "53414-9", "pregnancy", "pregnancy_or_breast_feeding"),
    "pediatric": ("34081-0", "pediatric_use"),
    "geriatric": ("34082-8", "geriatric_use"),
    "renal": ("88828-9",),
    "hepatic": ("88829-7",),
    "overdose": ("34088-5", "overdosage"),
    "storage": ("44425-7", "storage_and_handling"),
    "interactions": ("34073-7", "drug_interactions"),
    "contraindications": ("34070-3", "contraindications", "50570-1", "do_not_use"),
    "mechanism": ("43679-0", "mechanism_of_action"),
    "counseling": ("34076-0", "information_for_patients"),
    "abuse_dependence": ("42227-9", "34085-1", "34086-9", "34087-7", "drug_abuse_and_dependence"),
    "indications": ("34067-9", "indications_and_usage", "55105-1", "purpose"),
    "boxed_warning": ("34066-1", "boxed_warning"),
    "side_effects": ("34084-4", "adverse_reactions"),
    "ingredients": ("51727-6", "55106-9", "inactive_ingredient", "active_ingredient"),
}
# Facets whose specific pattern ("contraindicated", "avoid") states the fact only beside the facet's cue words.
_STATES_WITH_CUE = {"interactions", "pregnancy", "lactation", "counseling", "overdose"}
# Sentences a facet's cue words reach that are about something else: the newborn of a pregnant patient is no
# pediatric use; a trial's dropouts are no withdrawal reaction.
_NOT_FOR = {
    "dosing": re.compile(r"\b(discontinu\w*|withdraw\w*|overdos\w*)\b", re.I),
    "max_dose": re.compile(r"\b(discontinu\w*|withdraw\w*|overdos\w*)\b", re.I),
    # ("the calculated average daily infant dose was 10 mcg/kg/day": a breastfed infant's exposure, no child's dose)
    "pediatric": re.compile(r"\b(pregnan\w*|gestation\w*|fetal|fetus|lactation|breast\w*|nursing|milk|infant dose|"
                            r"rats?|mice|rabbits?|dogs?|monkeys?)\b", re.I),
    "withdrawal": re.compile(r"\b(withdr[ae]w\w* (from|due to) (the )?(study|trial|treatment)|discontinued (the )?"
                             r"(study|trial)|discontinuation rates?|led to discontinuation|is a state that|"
                             r"is defined as|refers to|monkeys?|rats?|mice|dogs?|animals?)\b", re.I),
}
# Safety questions: a sentence saying the drug must not be used (in the asked situation) leads.
_SAFETY = {"renal", "hepatic", "interactions", "pregnancy", "lactation", "pediatric", "geriatric", "contraindications",
           "warnings", "boxed_warning"}
_MUST_NOT = re.compile(r"\bcontraindicated\b|\bdo not (use|take|give)\b|\bmust not\b|\bshould not be (used|taken|"
                       r"given|administered)\b|\bnot recommended\b|\bavoid(ed)?\b", re.I)

# A dose given as what to do ("Consider 5 mg once daily for patients <60 kg"), not what happens at a dose.
_GIVE = re.compile(r"\b(consider|give|administer|recommended|should receive|use)\b", re.I)
_NOT_INDICATED = re.compile(r"\bnot (?:indicated|approved|recommended) (?:for use )?(?:in|for)\b", re.I)
# In a population, what to do: dose changes, monitoring, avoidance.
_ACTION_FACETS = {"renal", "hepatic", "geriatric", "pediatric", "withdrawal"}
_LOWERING = re.compile(r"\b(lower\w*|reduc\w*|decreas\w*|increas\w*) (the )?(maintenance |starting |initial |daily )?"
                       r"(dose|dosage)\b", re.I)
_ACTION = re.compile(r"\b(reduc\w* (the |individual )?(dose|dosage)s?|lower (individual |starting )?(dose|dosage)s?|"
                     r"dose (reduction|adjustment|selection)|(dose|dosage) should|adjust\w*|monitor\w*|avoid|"
                     r"not recommended|contraindicated|use with caution|titrat\w*|care should be taken|"
                     r"decreas\w* (the )?(dose|dosage)|(decreased|tapered) (slowly|gradually)|taper\w*|"
                     r"should be (decreased|reduced|used|given))\b", re.I)

# "adults and children 12 years and over" (Drug Facts), "in adult and pediatric patients" (one dose for all ages) is
# the adult dose, not a pediatric one
_ADULT = re.compile(r"\badults?\s+(and|&|or)\s+(children|teens|adolescents|pediatric)\b", re.I)
# A line for adults: with a child asked about, it must not lead ("adults and children 12 years and over" for a 5 year
# old); the age it starts at, when it gives one.
_ADULT_LINE = re.compile(r"\badults?\b|\b(?:18|19|20|21)\s*years\s+(?:of\s+age\s+)?(?:and|or)\s+(?:older|over)\b",
                         re.I)
# An age band or bound a line is for: "6 to 12 years", "2 Years to less than 8 Years", "under 6 years".
_AGE_BAND = re.compile(r"\d+\s*(?:years?|yrs?)?\s*(?:-|–|to|through)\s*(?:less than |under |<\s*)?\d+\s*(?:years?|yrs?|"
                       r"months?)\b|(?:under|over|less than|younger than|older than|<|>|≤|≥)\s*\d+\s*(?:years?|yrs?|"
                       r"months?)\b", re.I)
_AGE_FLOOR = re.compile(r"\b(\d{1,2})\s*(?:years?|yrs?)\s+(?:of\s+age\s+)?(?:and|or)\s+(?:older|over|above)\b", re.I)


def for_the_child(text: str, question: str, ages: tuple[float, ...]) -> float:
    """How a line suits a question that names a child (facts.compare.CHILD: "a 5 year old", "my kids"): +1 for a
    line for children that does not exclude the child's age, -1 for a line for adults that the child's age does not
    reach ("adults and children 12 years and over" for a 5 year old; any adults' line when no age is given), 0 when
    the question names no child or the line says neither."""
    if not CHILD.search(question):
        return 0.0
    floor = _AGE_FLOOR.search(text)
    if CHILD.search(text):
        # a line for other ages than the child's: "children 6 to 12 years" for a 14 year old, "adults and children
        # 12 years and older" for a 5 year old; a line for adults and children alike ("in adult and pediatric
        # patients") is neither the children's line nor kept from them
        banded = bool(ages and _AGE_BAND.search(text))
        other_ages = bool(ages and floor and min(ages) < float(floor.group(1))) or \
            (banded and not in_band(text, tuple((a, "age") for a in ages)))
        return -1.0 if other_ages else 0.0 if _ADULT_LINE.search(text) else 1.0
    if _ADULT_LINE.search(text):
        reached = bool(ages and floor and min(ages) >= float(floor.group(1)))
        return 0.0 if reached else -1.0
    return 0.0

# Drug Facts (OTC) labels have no Overdosage section: their "Overdose warning" stands under "Keep out of reach of
# children" or Warnings.
_DRUG_FACTS_CODES = {"overdose": ("50565-1", "keep_out_of_reach_of_children", "34071-1", "warnings")}

# "X is indicated ...", "The recommended dose of X is ...": sentences whose subject names a product.
_PRODUCT_SUBJECT = re.compile(
    r"^(?P<subject>.{3,120}?)\s+(?:is|are)\s+(?:indicated|approved)\b|"
    r"^the recommended (?:starting |initial )?dos\w* of (?P<subject2>.{3,80}?)\s+(?:is|for)\b",
    re.I,
)


@dataclass(frozen=True)
class Focus:
    """What the answer must be about besides the facet: other drugs named with this one (interaction questions)
    and the condition words of the question."""

    others: re.Pattern[str] | None = None  # names of the other drugs the question names
    # the other drugs by their own names (not their class: "tramadol", not "opioids")
    others_own: re.Pattern[str] | None = None
    # the broader classes the other drugs belong to ("serotonergic agents" for an SSRI): a sentence naming them only
    # bears on the pair less nearly than one naming the drug or its own class
    others_broad: re.Pattern[str] | None = None
    condition: tuple[str, ...] = ()
    own_names: re.Pattern[str] | None = None  # this drug's names, to tell its sentences from other products'
    # the drugs a phrase names (canonical names), to find sentences whose subject is another product
    drugs_named: Callable[[str], set[str]] | None = None
    drug: str = ""
    amounts: tuple[tuple[str, str], ...] = ()  # strengths the question names: (("10", "mg"),)
    # the question's embedding against passages (Corpus.question_similarity), when the store has their vectors
    similarity: Callable[[tuple[str, ...]], dict[str, float]] | None = None
    # the patient's measures the question gives (`measures`): (value, kind) with kind clearance, weight or age
    measures: tuple[tuple[float, str], ...] = ()
    # the question's words on the product or on how it is asked ("gel capsule", "pen", "removed by hemodialysis"):
    # never a condition the answer must name or a note may say the label lacks (fix13m), but a sentence on them may
    # answer ("Capsules should be swallowed whole" for "can I open the capsules"), so they weigh as the condition
    product: tuple[str, ...] = ()


@dataclass
class Reading:
    """The result of reading one label for one facet: chosen drafts, or why nothing was chosen."""

    drafts: list[Draft]
    candidates: int = 0  # sentences in the facet's sections that said something on it
    rejected: Counter[str] = field(default_factory=Counter)  # why candidates could not be cited


def code_rank(p: Passage, facet: Facet, drug_facts: bool = False) -> int | None:
    """Rank of the passage's section among the facet's sections (0 best), or None when not one of them."""
    codes = facet.label_codes + (_DRUG_FACTS_CODES.get(facet.key, ()) if drug_facts else ())
    try:
        return codes.index(p.section_code or "")
    except ValueError:
        return None


def statements(text: str, drug_facts: bool, *, items: bool = False) -> list[Sentence]:
    """See `_statements` (cached: the same label text is read for every facet and every question). `items`: a list
    lead-in and its items give one statement per item, stated with the lead-in (`_list_items`); without it (the
    facts reader, which quotes one span) the lead-in is one span with its items, as far as a short statement goes."""
    return list(_statements(text, drug_facts, items))


@lru_cache(maxsize=65536)
def _statements(text: str, drug_facts: bool, items: bool = False) -> tuple[Sentence, ...]:
    """Candidate statements of a passage: its sentences, each trimmed of a glued heading or bullet; for Drug Facts
    Directions each sentence's list items (openFDA flattens the bullets, so one 'sentence' can hold a whole
    Directions section)."""
    found = [piece for s in sentences(text) for bare in _at_markup(s) for part in _at_embedded_headings(bare)
             for item in _highlight_items(part) for piece in _at_items_after_refs(item)]
    if drug_facts:
        found = [item for s in found for item in drug_facts_items(text, s)]
    found = [_trimmed(s) for s in found]
    if items and not drug_facts:
        return tuple(_list_items(text, found))
    out = []
    for i, s in enumerate(found):
        if s.text.rstrip().endswith(":") and i + 1 < len(found):
            # a lead-in whose items the splitter cut off ("... are indicated in the following conditions:"): quote
            # it with the items that follow, as far as a short statement goes
            end = found[i + 1].end
            for nxt in found[i + 2:]:
                if nxt.end - s.start > _LEAD_IN_CHARS:
                    break
                end = nxt.end
            s = Sentence(s.start, end, text[s.start:end])
        out.append(s)
    return tuple(out)


# A sentence that ends with a pointer to another section: "Reduce the dosage or discontinue X as appropriate [see
# Warnings and Precautions ( 5.8 )] ." (issue 12 point 3, fix14h), "Use in this population is not recommended [see
# Clinical Pharmacology (12.3) ].", "... simvastatin (see WARNINGS and PRECAUTIONS )." (fix15b: a verifier read such
# pointers as left-overs of the label's layout): the sentence is quoted up to the pointer, which says nothing without
# the section it names, and is stated with its own full stop. (A section number alone, "( 5.1 )", cites; it stays.)
_TRAILING_SEE = re.compile(
    r"(?<=[\w%)\]])(?:\s*(?:\[\s*see\b[^\[\]]*\]|\(\s*see\b[^()]*(?:\([^()]*\)[^()]*)*\)))+\s*\.?\s*$", re.I)
_AS_NEEDED_END = re.compile(r"\bas (?:clinically )?(?:appropriate|needed|necessary|indicated|required)\s*$", re.I)
_POINTER_CLAUSE_WORDS = 5  # what comes before the pointer is a clause of its own, not "For dosing [see ...]"


def deferred_pointer_at(text: str) -> int:
    """Where a sentence that ends with a pointer ('... as appropriate [see X ( 5.8 )] .', '... (see WARNINGS).')
    stops before it (0 when it does not end so, or too little comes before it)."""
    m = _TRAILING_SEE.search(text)
    if not m or len(text[: m.start()].split()) < _POINTER_CLAUSE_WORDS or text[: m.start()].rstrip()[-1:] in ",;:":
        return 0
    return m.start()


def _at_markup(s: Sentence) -> list[Sentence]:
    """A sentence with HTML markup in its text (`MARKUP`: one openFDA document reads "... 1-800-FDA-1088. <br/> How
    do I store ..."), cut into the pieces between the tags, each without the tag or the white space around it: the
    markup is a break the text lost, never a quoted word. A piece without two words goes."""
    if "<" not in s.text or not MARKUP.search(s.text):
        return [s]
    out, a = [], 0
    for m in [*MARKUP.finditer(s.text), None]:
        b = m.start() if m else len(s.text)
        piece = s.text[a:b]
        x = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2:
            out.append(Sentence(s.start + a + x, s.start + a + x + len(piece), piece))
        a = m.end() if m else b
    return out


def _trimmed(s: Sentence) -> Sentence:
    cut = standalone.trimmed(s.text)
    return Sentence(s.start + cut, s.end, s.text[cut:]) if cut else s


@dataclass(frozen=True, slots=True)
class ListItem(Sentence):
    """One item of a list, stated with the list's lead-in (`_list_items`). `lead` is the lead-in's span (ending in
    its colon) in the same passage, before the item: then `start`/`end` span the item and `text` is the lead-in, a
    space and the item ("Rivaroxaban is contraindicated in patients with: severe hypersensitivity reaction to
    rivaroxaban ..."), so its support is two verbatim spans, as a table row's is its row and its header. `lead` None:
    the first item, right after its lead-in, and `text` is the one span from the lead-in to the item's end. `own` is
    where the item starts in `text`: items of one list share their lead-in's words, only their own tell them apart."""

    lead: tuple[int, int] | None = None
    own: int = 0

    @property
    def own_text(self) -> str:
        return self.text[self.own :]


_BULLET_MARKS = "-–•▪◦●*"
# Where one item of a list whose markup was lost ends and the next begins, after the lead-in's colon: a line break
# (and its bullet), a bullet set in the line ("... include: dizziness • abnormal thoughts • ..."), a dash before a
# capital ("...: - The recommended dose ... (2.1) - In patients ..."), a
# cross-reference closing an item before more text ("... bleeding [see Warnings and Precautions ( 5.2 )] severe
# hypersensitivity ...", "... in adults. ( 1.1 ) Increasing ..."; group 1, the space after it, is the break).
_ITEM_BREAK = re.compile(
    r"\s*\n\s*(?:[-–•▪◦●*]\s+)?|\s*[•▪◦●]\s*(?=\w)|\s+[-–]\s+(?=[A-Z(])|"
    rf"(?:\[\s?[sS]ee [^\[\]]{{1,200}}\]|(?<=\S\s){SECTION_REF})(\s+)(?=[A-Za-z])|"
    # a full stop, then the next item in lower case ("JARDIANCE is indicated: to reduce the risk of ... in adults with
    # heart failure. to reduce the risk of sustained decline in eGFR ..."; not after an abbreviation: "approx. a")
    r"(?<=[A-Za-z0-9)]{2}\.)(?<!\bvs\.)(?<!\bapprox\.)(?<!\betc\.)(?<!\bspp\.)(?<!\bincl\.)(?<!\bresp\.)\s+(?=[a-z]{2,}\s)"
)
# Two items (or an item and the next lead-in) run together with no separator at all: a lower-case word, then a
# capitalised word and a lower-case one ("... neuralgia in adults Adjunctive therapy in ...", "... with epilepsy
# Gabapentin capsules are indicated for:"); group 1, the space between them, is the break. A name after a
# preposition or a verb ("patients with Child-Pugh class B", "taking Coumadin") is prose, and so is a name that is
# the subject of its verb.
_ITEMS_RUN_TOGETHER = re.compile(
    r"\b(?!(?:and|or|of|in|with|to|the|for|by|at|on|from|as|than|including|include|includes|such|taking|receiving|"
    r"use|using|see|called|named|plus|versus|containing|like|about|into|under|over|via|per|between|after|before|"
    r"a|an|is|are|was|were|be|been|not|no)\b)[a-z]{3,}(\s+)(?=[A-Z][a-z]{2,}\s+(?!(?:is|are|was|were|has|have|"
    r"should|may|can|must|will)\b)[a-z]{2,})")
_XREF_OR_BLANK = re.compile(rf"^(?:\s|[-–•▪◦●*]|{SECTION_REF})*$")
# A list lead-in's colon: after a clause or title, before the items (not a ratio "1:2", not a time "10:30").
_LEAD_COLON = re.compile(r"(?<!\d):(?=\s)")
_ITEM_TRAILING_XREF = re.compile(rf"(?<=[.!?])\s*{SECTION_REF}$")
# What joins an item to the next in the list's own sentence ("...: - A is not confused; - B; and - C."): the
# statement of one item ends before it.
_ITEM_JOINER = re.compile(r"\s*[;,]\s*(?:and|or)?$|\s+(?:and|or)$")
# A whole sentence, not a list item: capitalised, a finite verb after its first word, a full stop at the end ("Your
# doctor should do tests ...", but not "Treatment of mild to moderate heart failure in adults.").
_WHOLE_SENTENCE = re.compile(r"^[A-Z]\S*\s[^:]*\b(?:is|are|was|were|should|may|might|can|could|will|would|must|has|"
                             r"have|had|does|do|did|reduces|increases|decreases|causes|contains|occurs|results|"
                             r"provides|includes|requires|appears|lowers|helps|works|comes|needs|remains)\b[^:]*[.!?]$")
# A lead-in that announces a list, whatever its items look like: "in the following patients:", "include:", "as
# follows:", "The following adverse reactions are described elsewhere in the labeling:".
_ANNOUNCES_LIST = re.compile(r"\b(?:the following\b[^:.;\[\]]{0,120}|as follows|include|includes|including)\s*:\s*$",
                             re.I)
_TRAILING_POINTER = re.compile(rf"(?:\s*(?:\[\s*[sS]ee [^\[\]]*\]|{SECTION_REF}))+\s*\.?\s*$")


def _whole_sentence(t: str) -> bool:
    """`_WHOLE_SENTENCE`, a cross-reference at the end left out ("Severe ... reactions to NSAIDs have been reported in
    such patients [see Warnings and Precautions ( 5.7, 5.8 )]")."""
    if _WHOLE_SENTENCE.match(t):
        return True
    m = _TRAILING_POINTER.search(t)
    return bool(m and m.start() and _WHOLE_SENTENCE.match(t[: m.start()].rstrip() + "."))


# A clause cut at a bullet with no sentence end ("... may occur if you take"), and the bullet after it.
_BULLET_LEAD_IN = re.compile(r"^[A-Z][^:]*[A-Za-z]$")
_BULLET_NEXT = re.compile(r"\s*(?:[▪•◦●■]|\n\s*[-–*](?=\s))\s*\w")
_LIST_CHARS = 600  # a lead-in's items are the sentences after it up to this far from its start ...
_ITEM_CHARS = 400  # ... each of them short: a longer sentence is prose after the list


def _split_items(text: str, a: int, b: int, run_on: bool = False) -> list[tuple[int, int]]:
    """The pieces of text[a:b] in a list (`_ITEM_BREAK`; `_ITEMS_RUN_TOGETHER` too with `run_on`), by span, bullets
    and white space left out, a closing cross-reference after a full stop too; a piece ending in a colon is a
    lead-in."""
    breaks = sorted((m.span(1) if m.group(1) is not None else m.span())
                    for rx in (_ITEM_BREAK, _ITEMS_RUN_TOGETHER) if run_on or rx is _ITEM_BREAK
                    for m in rx.finditer(text, a, b))
    spans, start = [], a
    for x, y in breaks:
        if x >= start:
            spans.append((start, x))
            start = y
    spans.append((start, b))
    out = []
    for x, y in spans:
        while x < y and (text[x].isspace() or text[x] in _BULLET_MARKS):
            x += 1
        while y > x and (text[y - 1].isspace() or text[y - 1] in "•▪◦●"):
            y -= 1
        xref = _ITEM_TRAILING_XREF.search(text, x, y)
        if xref and xref.end() == y:
            y = xref.start()  # "... in adults. ( 1.1 )": the item ends at its full stop
        joiner = _ITEM_JOINER.search(text, x, y)
        if joiner and joiner.end() == y:
            y = joiner.start()  # "- infusion pumps are properly programmed; and": the list's joiner, not the item's
        if len(re.findall(r"[A-Za-z]{2,}", text[x:y])) >= 2:  # not a bare number or mark ("(1)")
            out.append((x, y))
    return out


def _list_items(text: str, found: list[Sentence]) -> list[Sentence]:
    """`found` (a passage's trimmed sentences) with each list cut into its items, each stated with its lead-in
    (`ListItem`; issue 12 point 3: openFDA's text and SPL's flattened lists lose their markup, so a lead-in and its
    items run into one 'sentence', or the lead-in stands alone and its items follow as sentences that say nothing
    without it). A list opens at a statement's first colon followed by items (two or more, or one after a bullet),
    or at a statement ending in a colon; its items are the pieces (`_split_items`) of the rest of that statement and
    of the short statements after it (these cut where two items run together too; a whole sentence or a list of its
    own ends the list) (nothing but white space, bullets or cross-references between) as far as
    `_LIST_CHARS` from the lead-in; a piece ending in a colon opens the next list. A piece before any lead-in (an
    item whose lead-in ran into an item before it) is left out. A run-in label and its one sentence ("Hepatic
    impairment: Avoid use in ...") are the statement as it was; a lead-in that gets no items too (the reader then
    refuses it)."""
    out: list[Sentence] = []
    lead: tuple[int, int] | None = None
    last = 0  # where the open list's last statement ends
    emitted = True  # the open lead-in has items (or was given as it is)
    pending: Sentence | None = None  # a statement that is only a lead-in, given as it is when no item follows
    for s in found:
        whole = _whole_sentence(s.text)
        if lead is not None and (s.end - lead[0] > _LIST_CHARS or len(s.text) > _ITEM_CHARS
                                 or not _XREF_OR_BLANK.match(text[last : s.start])
                                 or (emitted and _LEAD_COLON.search(s.text)) or (whole and not emitted)):
            # (a statement of its own after the lead-in, "... include: Tell your doctor if you have any side effect
            # that bothers you.", or a list of its own after the items: the list has ended; a labelled item right
            # after the lead-in is its first item, "Topiramate tablets are indicated for: Epilepsy: initial ...")
            lead = None
        if lead is not None and whole and not re.search(r"[-–•▪◦●*]", text[last : s.start]):
            # a sentence of its own between items, about the item before it ("... following patients: ... History
            # of asthma ... after taking aspirin or other NSAIDs. Severe, sometimes fatal, anaphylactic reactions ...
            # have been reported in such patients [see ...] In the setting of CABG surgery ..."): stated as it is,
            # and the list goes on after it (fix14h); after a bullet it is an item ("...:\n- In patients with ...,
            # the recommended dose is 2.5 mg ...")
            out.append(s)
            last = s.end
            continue
        if lead is None:
            if pending is not None and not emitted:
                out.append(pending)
            pending = None
            colon = _LEAD_COLON.search(s.text + " ")
            if not colon and _BULLET_LEAD_IN.match(s.text) and _BULLET_NEXT.match(text, s.end):
                # a lead-in with no colon, its items set with bullets: "Severe liver damage may occur if you take ▪
                # more than 8 softgels in 24 hours ... ▪ 3 or more alcoholic drinks every day ..." (Drug Facts
                # warnings, fix14h): the splitter cut it at its first bullet
                lead, emitted, pending, last = (s.start, s.end), False, s, s.end
                continue
            if not colon:
                out.append(s)
                continue
            head_end = s.start + colon.end() - (1 if colon.end() > len(s.text) else 0)
            items = _split_items(text, head_end, s.end)
            if items and len(items) == 1 and not re.search(r"[-–•▪◦●*\n]", text[head_end : items[0][0]]) \
                    and not (_ANNOUNCES_LIST.search(text, s.start, head_end) and text[items[0][0]].isupper()
                             and not _whole_sentence(text[items[0][0] : items[0][1]])):
                # a run-in label and its one sentence, or a colon inside a sentence (not a lead-in that announces
                # a list, "... is contraindicated in the following patients: Known hypersensitivity ... [see ...]",
                # whose next items the splitter cut into statements of their own: they follow, with the lead-in; "...
                # at least 2 of the following characteristics: age >=80 years, ..., the recommended dose is ..." goes
                # on in lower case: one sentence)
                out.append(s)
                continue
            heads = _split_items(text, s.start, head_end, run_on=True)
            if not heads or re.search(r"[.!?]\s", text[heads[-1][0] : head_end]):
                # (a lead-in holds no sentence end: "... infections. ( 1. 5) Limitations of Use ( 1.6 ):" is a run)
                out.append(s)
                continue
            lead, emitted = (heads[-1][0], head_end), False
            lead = (lead[0], lead[0] + len(text[lead[0] : lead[1]].rstrip()))
            pending = s if not items else None
        else:
            # (items after a lead-in that closed its statement: openFDA may have run them together with no mark)
            items = _split_items(text, s.start, s.end, run_on=True)
        for x, y in items:
            if text[x:y].endswith(":"):
                if not emitted and pending is not None:
                    out.append(pending)
                lead, emitted, pending = (x, y), False, None
                continue
            lead_text = text[lead[0] : lead[1]]
            if not text[lead[1] : x].strip():
                out.append(ListItem(lead[0], y, text[lead[0] : y], None, x - lead[0]))
            else:
                out.append(ListItem(x, y, f"{lead_text} {text[x:y]}", lead, len(lead_text) + 1))
            emitted = True
        last = s.end
    if pending is not None and not emitted:
        out.append(pending)
    return out


_ANTECEDENT_CHARS = 450  # a leaning sentence quoted with the one before it: up to this many characters in all


def with_antecedents(text: str, found: list[Sentence]) -> list[Sentence]:
    """`found` (a passage's statements, in order) with each statement that leans on the sentence before it
    (`standalone.leans_on_previous`: "Its half-life ranges from 21 to 54 hours ...") widened to start where that
    sentence starts, when the two are adjacent in `text` (white space between), the one before is a whole sentence
    and the two fit in _ANTECEDENT_CHARS: the quote stays one verbatim span of the passage and says what "it" is.
    A leaning statement that cannot be widened is left as it is (the reader then refuses it)."""
    out: list[Sentence] = []
    for i, s in enumerate(found):
        examples = bool(i and not isinstance(s, ListItem) and out[-1].end <= s.start
                        and _EXAMPLES_LABEL.fullmatch(text[out[-1].end : s.start]))
        if i and not isinstance(s, ListItem) and (standalone.leans_on_previous(s.text) or refers_back(s.text)
                                                  or examples):
            prev = out[-1]  # itself widened when it leans too ("X is ... It has ... In the airways, it ...")
            gap = text[prev.end : s.start]
            adjacent = prev.end <= s.start and (not gap.strip() or examples) and not isinstance(prev, ListItem)
            whole = bool(re.search(r"[.!?)\]]$", prev.text.rstrip())) and standalone.problem(prev.text) is None
            most = MAX_SENTENCE_CHARS if examples else _ANTECEDENT_CHARS
            if adjacent and whole and s.end - prev.start <= most and not refers_back(prev.text):
                s = Joined(prev.start, s.end, text[prev.start : s.end], s.start - prev.start)
        out.append(s)
    return out


# The "Examples:" cell of a drug-interaction table row, cut off the drugs it lists ("... suspend simvastatin during
# the course of strong CYP3A4 inhibitor treatment. Examples: Select azole anti-fungals (...), select macrolide
# antibiotics (e.g., erythromycin and clarithromycin), ..."): the list has no verb and says nothing without the
# instruction before it, so it is quoted with that sentence.
_EXAMPLES_LABEL = re.compile(r"\s*(?:examples?|for example|e\.g\.|such as|including)\s*:\s*", re.I)


@dataclass(frozen=True, slots=True)
class Joined(Sentence):
    """A statement quoted with the sentence before it (`with_antecedents`): `own` is where its own sentence starts
    in `text`. It is scored, and told apart from other statements, by its own sentence: the one before only says
    what "it" is, and must not make it outrank (or pass for a duplicate of) the sentences it shares words with."""

    own: int = 0

    @property
    def own_text(self) -> str:
        return self.text[self.own :]


def _within(d: Draft, c: Draft) -> bool:
    """Draft `d` quotes a part of what `c` already quotes (the same passage, its span inside c's)."""
    a, b = d.evidence[0], c.evidence[0]
    return a.passage_id == b.passage_id and b.start <= a.start and a.end <= b.end and len(d.evidence) == 1


# A highlights item: "Systemic Lupus Erythematosus in Adults ( 2.4 ): 200 mg once daily ..." — a title, its section
# number and a colon. Highlights run such items together into one "sentence".
_ITEM_MARK = re.compile(r"\(\s*\d+(?:\.\d+)+\s*\)\s*:")
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w’'/\-]*|and|or|of|in|for|with|the|to|on|at|from|by|due|after|[–—-])$")


# A numbered subsection heading inside a sentence: "... vitamin D. 2.8 Administration Instructions for Missed Doses If".
_EMBEDDED_HEADING = re.compile(
    r"(?<=[.!?)\]])\s+(?=\d+\.\d+\s+[A-Z])|(?<=[a-z])\s+(?=\d+\.\d+\s+[A-Z][a-z]+\s+[A-Z][a-z]+)"
)


def _at_embedded_headings(s: Sentence) -> list[Sentence]:
    """A sentence the splitter ran across a numbered subsection heading, cut before the heading (which `trimmed`
    then takes off the second part)."""
    cuts = [m.end() for m in _EMBEDDED_HEADING.finditer(s.text)]
    if not cuts:
        return [s]
    out = []
    for a, b in zip([0, *cuts], [*cuts, len(s.text)], strict=True):
        piece = s.text[a:b].rstrip()
        if piece:
            out.append(Sentence(s.start + a, s.start + a + len(piece), piece))
    return out


# A Highlights line that runs its items together: a section reference (or "[see ...]") closes one item and the next
# starts on the same line (issue 12 point 3, fix14h): after a bullet dash ("Prophylactic treatment for gout flares is
# recommended. ( 2.1 , 2.2 ) - Patients with normal kidney function: Initial dosage is ..."), as a run-in label ("...
# may be of benefit ( 2.5 , 14.4 ) AP and PD: 400 mg initially ..."), or as a capitalised item after a reference
# that follows a full stop ("... in adults. ( 1.1 ) Increasing ..."). Group 1, the space before the next item, is the
# cut. (A bullet on a new line is a list's own break: `_list_items` cuts there, each item with its lead-in.) A
# reference inside a sentence ("... reported ( 5.3 ) and may ...") is followed by a lower-case word: no cut.
# a reference as Highlights write one: a subsection or several sections, or a number set in spaces ("( 2.1 )",
# "(5.1, 5.2)", "( 4 )"), not an enumerator ("(1)")
_SUBSECTION_REF = (r"\(\s*\d+(?:\.\d+)+(?:\s*[,;]\s*\d+(?:\.\d+)*)*\s*\)|"
                   r"\(\s*\d+(?:\s*[,;]\s*\d+(?:\.\d+)*)+\s*\)|\(\s\d+\s\)")
_ITEM_AFTER_REF = re.compile(
    rf"(?:{SECTION_REF}|\[\s*[sS]ee [^\[\]]{{1,200}}\])[ \t]*\.?([ \t]+)(?=[-–•▪◦●]\s+[A-Z(\d])|"
    rf"(?:(?<=[.!?]\s)(?:{SECTION_REF})|{_SUBSECTION_REF}|\[\s*[sS]ee [^\[\]]{{1,200}}\])\s*(\s+)(?=[A-Z][a-z])|"
    rf"(?:{SECTION_REF})\s*(\s+)(?=[A-Z][\w/&-]*(?:\s+[\w/&()-]+){{0,5}}\s*:\s)|"
    # a run-in label after the last item of a list with no mark between: "... ▪ 3 or more alcoholic drinks every day
    # while using this product Allergy Alert: Acetaminophen may cause ..." (not after a word the label could
    # continue: "... described in Adverse Reactions: ...")
    r"(?<![\w-])(?!(?:and|or|of|in|with|to|the|for|by|at|on|from|as|than|see|under|a|an|is|are|was|were|include|"
    r"includes|including|following)\b)[a-z]{3,}(\s+)(?=[A-Z][a-z]+(?:\s+[A-Za-z][a-z]+){0,3}\s?:\s+[A-Z])"
)


def _at_items_after_refs(s: Sentence) -> list[Sentence]:
    """A sentence that runs Highlights items together (`_ITEM_AFTER_REF`), cut into one piece per item; a bullet
    left at a piece's start is `trimmed` off later."""
    cuts = [next(m.span(g) for g in (1, 2, 3, 4) if m.group(g) is not None) for m in _ITEM_AFTER_REF.finditer(s.text)]
    if not cuts:
        return [s]
    out, a = [], 0
    for x, y in [*cuts, (len(s.text), len(s.text))]:
        piece = s.text[a:x]
        if len(re.findall(r"[A-Za-z]{2,}", piece)) >= 2:
            out.append(Sentence(s.start + a, s.start + x, piece))
        a = y
    return out or [s]


def _highlight_items(s: Sentence) -> list[Sentence]:
    """A highlights run of several 'Title ( 2.x ): text' items, cut into one statement per item, each with its
    title (so a dose is quoted with its indication and population); any other sentence as it is."""
    marks = list(_ITEM_MARK.finditer(s.text))
    if len(marks) < 2:
        return [s]
    starts = []
    for m in marks:
        words = list(re.finditer(r"\S+", s.text[: m.start()]))
        i = len(words)
        while i > 0 and _TITLE_WORD.match(words[i - 1].group()):
            i -= 1
        if i == len(words):
            return [s]  # no title before the mark: not an item list
        starts.append(words[i].start() if i < len(words) else m.start())
    if starts[0] != 0:
        starts.insert(0, 0)
    pieces = []
    for a, b in zip(starts, [*starts[1:], len(s.text)], strict=True):
        piece = s.text[a:b].rstrip()
        if len(piece.split()) >= 4:
            pieces.append(Sentence(s.start + a, s.start + a + len(piece), piece))
    return pieces or [s]


def _term_weights(q: Question, label: LabelDoc) -> dict[str, float]:
    """Question words weighted by how rare they are in this label (a word in every sentence says little)."""
    terms = tuple(t for t in q.terms if len(t) > 2 and not t.isdigit())
    if not terms:
        return {}
    texts = tuple(p.text for p in label.passages)
    return {t: _weight(t, texts) for t in terms}


@lru_cache(maxsize=8192)
def _weight(term: str, texts: tuple[str, ...]) -> float:
    n = max(len(texts), 1)
    df = sum(1 for text in texts if mentions(term, _words(text)))
    return 0.4 + 0.6 * math.log((n + 1) / (df + 1)) / math.log(n + 1)


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return sentence_words(text)


def _other_product(text: str, focus: Focus) -> bool:
    """A sentence whose subject is another product ('Amlodipine and benazepril ... capsules are indicated')."""
    if focus.drugs_named is None or focus.own_names is None:
        return False
    m = _PRODUCT_SUBJECT.search(text)
    if not m:
        return False
    subject = m.group("subject") or m.group("subject2") or ""
    if focus.own_names.search(text):
        return False
    return any(d != focus.drug and focus.drug not in d.split(" and ") for d in focus.drugs_named(subject))


def score(facet: Facet, s: Sentence, q: Question, rank: int, position: int, focus: Focus,
          weights: dict[str, float], drug_facts: bool = False, dedicated: bool = False,
          section_code: str | None = None) -> float | None:
    """How well sentence `s` answers `facet` for question `q`; None when it says nothing on it."""
    text = standalone.without_cross_references(s.text)  # "[see Drug Interactions (7)]" is not about interactions
    cues = len(facet.cue.findall(text))
    asked = asked_fact(facet.key, q.text)
    specific = SPECIFIC.get(facet.key)
    states_asked = bool(asked and asked.search(text))
    if asked is _INCIDENCE and focus.condition and not any(mentions(t, sentence_words(text)) for t in focus.condition):
        states_asked = False  # "how common is nausea": an incidence of other reactions does not answer it
    if asked is _INCIDENCE and states_asked and not _RATE.search(_THRESHOLD.sub(" ", text)):
        # "Most common adverse reactions (> 15%) are ... bleeding": a listing threshold is no rate of the reaction
        # asked; the sentence or row with its own number answers "how common is bleeding" (fix12c)
        states_asked = False
    # "pellets show 37% higher relative bioavailability than capsules": a change between products, not the value
    compared = bool(states_asked and asked in _NAMED_QUANTITIES and _COMPARED.search(text)
                    and not _COMPARED_Q.search(q.text))
    states_asked = states_asked and not compared
    states_it = not compared and (states_asked or bool(specific and specific.search(text)))
    if asked is _INCIDENCE and not states_asked:
        states_it = False  # "most common adverse reactions are ..." names the reaction, but not how common it is
    if states_it and facet.key in ("geriatric", "pediatric") and ({"dosing", "max_dose"} & set(q.facets)) \
            and _ENROLLED.search(text) and not re.search(DOSE_AMOUNT, text):
        # "Of the total subjects in the ARISTOTLE and AVERROES studies, >69% were 65 years of age and older": who
        # was enrolled, not the dose for an older patient (fix12f)
        states_it = False
    if drug_facts and not states_it:
        otc = SPECIFIC_DRUG_FACTS.get(facet.key)
        states_it = bool(otc and otc.search(text))
    words = sentence_words(text)
    names_other = bool(focus.others and focus.others.search(text))
    if facet.key in _STATES_WITH_CUE and not (cues or names_other or dedicated
                                              or (states_asked and facet.key == "counseling")):
        # "contraindicated in pregnancy" is no interaction; "avoid ..." needs what to avoid; a counseling sentence
        # stating the very fact asked needs no cue ("If a dose of ELIQUIS is not taken at the scheduled time, ..."
        # for a missed dose, in Dosage and Administration); a pregnancy question's "stop" needs its pregnancy word
        states_it = False
    overlap = sum(w for t, w in weights.items() if mentions(t, words))
    condition_hits = sum(1 for t in (*focus.condition, *focus.product) if mentions(t, words))
    if facet.key in CUE_REQUIRED and not cues and not states_it and not names_other and not dedicated:
        return None
    if facet.key in _NOT_FOR and _NOT_FOR[facet.key].search(text):
        return None
    base = min(cues, 3) * 1.0 + (5.0 if states_it else 0.0) + 0.7 * overlap + 2.5 * min(condition_hits, 2)
    if dedicated:
        # a sentence of the facet's own section says something on it ("ask a health professional"); counseling
        # sections tell everything, so there the asked fact ranks, not the section
        base += 0.1 if facet.key == "counseling" else 1.0
    if states_asked:
        base += 2.0  # the very fact asked within the facet (the missed-dose rule, the half-life)
        if asked in _NAMED_QUANTITIES or asked is _INCIDENCE:
            # the quantity with its number, over sentences naming pharmacokinetic words at large; the asked
            # reaction with its rate, over the highlights' list of the most common ones (fix12c)
            base += 3.0
        if asked is _INCIDENCE:
            low = text.lower()
            if any(t[:5].lower() in low for t in focus.condition):
                base += 2.5  # the reaction by its own name ("major bleeding event") over a kin word ("hemorrhage")
            if "discontinu" in low:
                base -= 1.5  # "led to discontinuation in 0.9%": how often it stopped treatment, not how common
    if names_other:
        base += 6.0
        if focus.others_own is not None and focus.others_own.search(text):
            base += 2.0  # "... serotonergic drugs (including ... tramadol ...)" over a row that names "opioids"
        elif focus.others_broad is not None and focus.others is not None \
                and not focus.others.search(focus.others_broad.sub(" ", text)):
            base -= 1.0  # "serotonergic agents" alone, after "serotonin reuptake inhibitors" for sertraline
    if focus.amounts and any(re.search(rf"(?<![\d.]){re.escape(n)}\s*{re.escape(u)}\b", text, re.I)
                             for n, u in focus.amounts):
        base += 2.0  # "what does a 10 mg tablet look like": the 10 mg line
    if base <= 0:
        return None
    if (facet.key in _SAFETY and _MUST_NOT.search(text) and (names_other or condition_hits or cues)) or (
            facet.key == "specific_populations" and condition_hits and (_MUST_NOT.search(text)
                                                                         or _NOT_INDICATED.search(text))):
        # "Tamsulosin hydrochloride is not indicated for use in women" leads "can women take tamsulosin"
        base += 3.0  # "contraindicated in patients with an eGFR below 30" leads a kidney question
    elif facet.key in _ACTION_FACETS and ({"dosing", "max_dose"} & set(q.facets)) and re.search(DOSE_AMOUNT, text):
        base += 2.0  # a dose question about a population: the sentence with the dose
    elif facet.key in _ACTION_FACETS and _ACTION.search(text):
        base += 2.0  # what to do in impairment ("use lower doses") before what happens (clearance is reduced)
    elif facet.key in ("dosing", "max_dose") and focus.measures and re.search(DOSE_AMOUNT, text) and (
            _ACTION.search(text) or _LOWERING.search(text) or _GIVE.search(text)):
        # the patient's band: what to give ("Consider lowering the maintenance dose to 5 mg in patients <60 kg")
        # before what happens in it ("patients weighing <60 kg have an increased exposure")
        base += 2.0
    # the first dose a section gives is its main indication's ("initial dose is 10 mg" for hypertension before the
    # heart-failure dose), unless the question names a condition
    step = 0.1 if facet.key in ("dosing", "max_dose") and not focus.condition else 0.03
    # (the question-focused reading reads every section: where a section falls in the label's own order is no sign of
    # answering a question, the kind of section is; "heat prostration" in Warnings lost to its fifth place)
    if facet.key == "question":
        rank = _QUESTION_RANK.get(section_code or "", 0)
    penalty = 0.25 * min(rank, 8) + step * min(position, 30)
    if _NEEDS_CONTEXT.match(text):
        penalty += 2.0  # "Nevertheless, ..." leans on the sentence before it
    if dedicated and position == 0 and facet.key in _LEAD_SENTENCE:
        base += 3.0  # the opening sentence of Indications or Mechanism of Action states the gist
    if facet.key == "question" and section_code in _LEAFLETS:
        penalty += 2.0  # the prescribing text answers before the patient leaflet that retells it
    if facet.key in ("dosing", "max_dose", "administration") and CHILD.search(text) \
            and not _ADULT.search(text) and not CHILD.search(q.text):
        penalty += 3.0  # an adult question gets the adult dose first ("adults and children 12 years and over")
    if facet.key in _DOSE_KEYS and _GIVEN_NOT_ADVISED.search(text) and not _GIVEN_Q.search(q.text):
        # "Doses up to 240 mg daily have been administered": what was given (a footnote, overdose experience), not
        # the dose to give; it never leads a question asking what the dose is
        penalty += 4.0
    if facet.key not in _POPULATION_OWN and not (set(q.facets) & _POPULATION_OWN) and not CHILD.search(q.text) \
            and not _OLDER.search(q.text) and (CHILD.search(text) or _OLDER.search(text)) and not _ADULT.search(text):
        # a statement for one population (the pediatric half-life, the elderly's clearance) never leads a question
        # that names no population: the general one does (fix12c)
        penalty += 2.0
    elif facet.key == "pharmacokinetics" and not set(q.facets) & {"renal", "hepatic", "specific_populations"} \
            and _ADJUSTED_FOR.search(text) and not _ADJUSTED_FOR.search(q.text):
        # likewise the half-life in cirrhosis or in renal impairment for "how long does X stay in your system"
        penalty += 2.0
    if facet.key in ("dosing", "max_dose", "administration", "pediatric"):
        # a question about a child ("How much acetaminophen can a 5 year old take?"): the children's line leads,
        # the adults' line never does (and is no statement on use in children at all)
        child = for_the_child(text, q.text, tuple(v for v, kind in focus.measures if kind == "age"))
        if child < 0 and facet.key == "pediatric" and _ADULT_LINE.search(text):
            return None
        if child > 0 and not re.search(DOSE_AMOUNT, text):
            child = 0.0  # the children's line meant is a dose; a trial in children is no better for being one
        base += 3.0 * child
    return base - penalty


_DOSE_KEYS = frozenset({"dosing", "max_dose"})
# A dose reported as given or taken, not advised: "Doses up to 240 mg daily have been administered", "single doses of
# up to 1200 mg were given", "has been taken"; and a question about such experience ("highest dose ever studied").
_GIVEN_NOT_ADVISED = re.compile(r"\b(?:have|has|had) been (?:safely )?(?:administered|given|used|taken|ingested|"
                                r"studied|evaluated|tolerated|received)\b|\bwere (?:safely )?(?:administered|given|"
                                r"studied|evaluated|tolerated|received|ingested)\b", re.I)
_GIVEN_Q = re.compile(r"\b(?:studied|tested|tolerated|ever|overdos\w*|administered)\b", re.I)
# A population whose dose is adjusted: a dose question that names none of them is about the usual dose.
_ADJUSTED_FOR = re.compile(r"\b(?:hepatic|renal|kidney|liver)\s+(?:impairment|insufficiency|disease|failure|"
                           r"dysfunction|function)|\bcirrho\w*|\b(?:hemo)?dialysis\b|\bcreatinine clearance\b|"
                           r"\bCrCl\b|\beGFR\b|\belderly\b|\bgeriatrics?\b|\bdebilitated\b|"
                           r"\bolder (?:adults?|patients?)\b|\bChild-Pugh\b", re.I)
# a population's label that opens the line, cut off the statement by the splitter: "Hepatic Impairment: Lower
# starting dose (25 mg/day) ...", "Geriatric Use: Consider ..."
_POPULATION_LABEL = re.compile(r"(?:(?:hepatic|renal)\s+(?:impairment|insufficiency)|geriatric(?:\s+use)?|elderly|"
                               r"older (?:adults|patients)|(?:pa?ediatric|children)(?:\s+(?:use|patients))?)\s*:\s*$",
                               re.I)


def adjusted_population(before: str, text: str, q: Question, focus: Focus) -> bool:
    """Whether a dose statement is for an adjusted population (impaired liver or kidneys, the elderly, a child) — named
    in it or by the label just before it ("Hepatic Impairment: Lower starting dose ...") — while the question names
    no population at all: such a statement never leads a question about the usual dose."""
    if focus.measures or set(q.facets) & {"renal", "hepatic", "geriatric", "pediatric", "specific_populations"} \
            or _ADJUSTED_FOR.search(q.text) or CHILD.search(q.text) or _OLDER.search(q.text):
        return False
    if _ADULT.search(text):
        return False
    return bool(_ADJUSTED_FOR.search(text) or _POPULATION_LABEL.search(before[-40:]))


# The question-focused reading's section ranks: what the drug does to a patient and how to use it (every clinical
# section, 0) before the substance and its pharmacology, before trial reports, animal work, references and cartons.
_QUESTION_RANK = {
    **dict.fromkeys(("34090-1", "43679-0", "43681-6", "43682-4", "66106-6", "49489-8", "88830-5", "34089-3"), 4),
    **dict.fromkeys(("34092-7", "43680-8", "34083-6", "34091-9", "34093-5", "51945-4", "48780-1", "71744-7"), 8),
}


# A trial's enrolment by age: "Of the total number of subjects in clinical studies of X, 30% were 65 and over",
# ">69% were 65 years of age and older".
_ENROLLED = re.compile(r"\bof the (?:total )?(?:number of )?(?:subjects|patients)\b|[<>≥≤]?\s*\d+(?:\.\d+)?\s*%\s*"
                       r"(?:of (?:the )?(?:subjects|patients) )?were (?:\d+|aged|age)\b", re.I)
# A quantity stated as a change between products or conditions, and a question that asks for such a comparison.
_COMPARED = re.compile(r"\bcompared (?:to|with)\b|\brelative (?:to\b|bioavailability)|\b(?:increase|decrease)s? by\b|"
                       r"\b\d+(?:\.\d+)?\s*%\s*(?:higher|lower|greater|less)\b", re.I)
_COMPARED_Q = re.compile(r"\b(?:compar\w*|versus|vs\.?|than|differ\w*|relative|pellets?|suspension|food|meal)\b", re.I)
# Facets about a population, or whose child lines have their own rule (`for_the_child`, the adult-first penalty).
_POPULATION_OWN = frozenset({"dosing", "max_dose", "administration", "pediatric", "geriatric", "specific_populations",
                             "pregnancy", "lactation"})
_OLDER = re.compile(r"\b(?:elderly|geriatrics?|older (?:adults?|patients?|subjects?|people))\b", re.I)


# a sentence saying the dose goes by body weight ("is based on the patient's actual weight", "weight-based dosing")
BY_WEIGHT = re.compile(r"\b(?:based on|according to|by) (?:the )?(?:patient'?s'? |child'?s'? )?(?:actual |total |"
                        r"body |current )*(?:body )?weight\b|\bweight[- ]based\b", re.IGNORECASE)


def _without_caption(s: Sentence) -> str:
    """A table row's text without its table's caption: a band in the caption ("Dosage for Pediatric Patients Aged 8
    to Less Than 18 Years") holds for every row alike, so it never picks one row as the patient's (a question's age
    8 matched it and the heaviest weight band led, fix12c); a sentence's text as it is."""
    text = s.text
    if isinstance(s, TableRow):
        for _, _, _, quote in s.context[1:]:
            cap = quote.strip()
            if cap and text.startswith(cap):
                text = text[len(cap):].lstrip(" –")
                break
    return text


def read_label(facet: Facet, label: LabelDoc, q: Question, limit: int, focus: Focus | None = None,
               *, anywhere: bool = False, distinct: float = 0.6, items: bool = True) -> Reading:
    """The label sentences that best state a facet for the question, most specific first, no near-duplicates
    (content-word similarity below `distinct` to every sentence kept; above 1: all of them).

    `anywhere`: read every section, but take only sentences that state the facet's fact or name what the question
    asks about (for labels that file a subsection under another code, e.g. lactation under Labor and Delivery).
    `items`: a list's items are statements of their own, each with its lead-in (`statements`); without it a lead-in
    is quoted with its items, as far as a short statement goes (the Key facts' indication: the uses, not one)."""
    focus = focus or Focus()
    weights = _term_weights(q, label)
    closeness = _dense_bonus(focus, label)
    in_tables = table_cells(tuple((p.id, p.section_code, p.text) for p in label.passages))
    label_rows = table_rows(tuple(label.passages))  # once per label: its cache key hashes every passage's text
    scored: list[tuple[float, int, Draft]] = []
    drug_facts = is_drug_facts(label.passages)
    reading = Reading([])
    order = 0
    for p in label.passages:
        rank = code_rank(p, facet, drug_facts)
        if rank is None and (not anywhere or p.section_code in _NEVER_ANYWHERE):
            continue
        dedicated = p.section_code in DEDICATED.get(facet.key, ())
        rank = 8 if rank is None else rank
        rows = label_rows.get(p.id, [])
        said = with_antecedents(p.text, statements(p.text, drug_facts and p.section_code in DIRECTIONS_CODES,
                                                   items=items))
        for position, s in enumerate([*said, *rows]):
            order += 1
            if focus.own_names is not None and not isinstance(s, (TableRow, ListItem)):
                cut = standalone.heading_before_name(s.text, focus.own_names)
                s = Sentence(s.start + cut, s.end, s.text[cut:]) if cut else s
            end = 0 if isinstance(s, TableRow) else deferred_pointer_at(s.text)
            if end and drug_facts and not _AS_NEEDED_END.search(s.text, 0, end):
                end = 0  # a Drug Facts item ("do not take more than directed (see overdose warning)") is quoted whole
            if isinstance(s, (Joined, ListItem)) and end <= s.own + 1:
                end = 0  # the pointer is all its own part says: the reader judges it whole
            # (read, scored and told apart from others as the label writes it, pointer and all; quoted without it)
            whole = s
            if end:  # "... as appropriate [see Warnings and Precautions ( 5.8 )] .": quoted up to the pointer
                s = replace(s, end=s.start + end, text=s.text[:end])
            said_own = Sentence(whole.start + whole.own, whole.end, whole.own_text) if isinstance(whole, Joined) \
                else whole
            sc = score(facet, said_own, q, rank, position, focus, weights, drug_facts, dedicated, p.section_code)
            if sc is None or (anywhere and (sc < 5.0 or not (facet.question.search(whole.text) or (
                    focus.others is not None and focus.others.search(whole.text))))):
                continue  # outside its sections, a sentence must name the facet the way a question would
            sc += closeness.get(p.id, 0.0)
            if facet.key in _DOSE_KEYS and not isinstance(s, TableRow) \
                    and adjusted_population(p.text[max(0, s.start - 40):s.start], s.text, q, focus):
                # "Patients with hepatic impairment should be started on 25 mg/day" after the usual dose
                sc -= ADJUSTED_PENALTY
            fit = band_fit(_without_caption(s), focus.measures) if focus.measures else 0
            if "dosing" in q.facets and not isinstance(s, TableRow) and BY_WEIGHT.search(s.text) \
                    and not any(kind == "weight" for _, kind in focus.measures):
                # the dose depends on a measure the question does not give (weight): the sentence saying so leads,
                # not one weight band's row (fix12c: "dose of dabigatran for an 8 year old" led with 81 kg or more)
                sc += 4.0
            if fit:
                sc += 4.0  # the row (or sentence) for this patient's clearance, weight or age
                if fit == 2 and isinstance(s, TableRow):
                    sc += BAND_ROW  # the label's own row for that band, read with its indication and dose columns
            reading.candidates += 1
            # a table row is read whole with its header, so a cell is never a fragment
            # (a list item stated with its lead-in ends as its item does, often with no full stop: "... indicated for:
            # Management of postherpetic neuralgia in adults")
            why = None if isinstance(s, TableRow) else standalone.problem(
                f"{s.text}." if (isinstance(s, ListItem) and s.text[-1:].isalnum()) or end else s.text,
                items=drug_facts)
            if why is None and not isinstance(s, TableRow) and (standalone.leans_on_previous(s.text) or refers_back(
                    s.text[: s.own] if isinstance(s, Joined) else s.text)):
                why = "leans on a sentence before it that cannot be quoted with it"
            if why is None and len(s.text) > MAX_SENTENCE_CHARS:
                why = "a run-on of flattened text"
            if why is None and _other_product(s.text, focus):
                why = "about another product"
            # (the sentence as the label writes it: cut before its pointer, a sentence can read as a table's cell)
            if why is None and not isinstance(s, TableRow) and table_copy(whole.text, in_tables):
                why = "a table's cells out of their row (the row is quoted with its header)"
            if why is not None:
                reading.rejected[why] += 1
                continue
            if isinstance(s, TableRow):
                evidence = [Evidence(label.doc.id, p.id, s.start, s.end, p.text[s.start : s.end]),
                            *(Evidence(label.doc.id, cid, a, b, quote) for cid, a, b, quote in s.context)]
            elif isinstance(s, ListItem) and s.lead is not None:  # the lead-in, then the item, as the text reads
                evidence = [Evidence(label.doc.id, p.id, s.lead[0], s.lead[1], p.text[s.lead[0] : s.lead[1]]),
                            Evidence(label.doc.id, p.id, s.start, s.end, p.text[s.start : s.end])]
            else:
                evidence = [Evidence(label.doc.id, p.id, s.start, s.end, s.text)]
            # rows of one table share their header's words: only the cells tell two rows apart
            # (the items of one list share their lead-in's words: only the item tells two apart)
            words = content_words(p.text[s.start : s.end]) if isinstance(s, TableRow) else \
                content_words(whole.own_text) if isinstance(s, (Joined, ListItem)) else \
                content_words(whole.text) if end else frozenset()
            shown = f"{s.text}." if end else s.text  # the sentence's own full stop, after the pointer left out
            scored.append((sc, order, Draft(shown, evidence, facet=facet.key, score=sc, words=words,
                                             table_row=isinstance(s, TableRow), points_elsewhere=bool(end))))
    scored = rows_in_label_order(scored, focus, asked_fact(facet.key, q.text))
    if facet.key == "max_dose":
        scored = prefer_the_maximum(scored, q)
    if focus.condition:
        # a table's rows are alternatives (one per indication, population, band): when some row names the condition
        # asked about, the rows for other conditions are not the answer
        # (a row holding the patient's measure is theirs too: "hemodialysis" shares the renal word group with
        # "creatinine clearance of 25", but the ">15 to 29" row answers it)
        named = {id(d) for _, _, d in scored if d.table_row and (any(
            mentions(t, sentence_words(_own_words(d))) for t in focus.condition)
            or (focus.measures and in_band(d.text, focus.measures)))}
        if named:
            scored = [t for t in scored if not t[2].table_row or id(t[2]) in named]
    if facet.key in ("dosing", "max_dose") and focus.condition:
        scored = _under_the_asked_heading(scored, label, focus, condition_topic(q))
    if focus.others is not None and any(focus.others.search(_own_words(d)) for _, _, d in scored):
        # "Can X be taken with Y": the sentences that name Y answer it; the rest is general interaction text
        scored = [t for t in scored if focus.others.search(_own_words(t[2]))]
    scored.sort(key=lambda t: (-t[0], t[1]))
    for _, _, d in scored:
        if any(_within(d, c) or _within(c, d) for c in reading.drafts):
            continue  # a sentence already quoted with the one after it that leans on it
        if all(similarity(d.words, c.words) < distinct or _own_answer(d, c, focus) for c in reading.drafts):
            reading.drafts.append(d)
        if len(reading.drafts) >= limit:
            break
    if facet.key in ("dosing", "max_dose"):
        # a dose of one of several indications or populations, quoted with the heading it stands under (fix14d)
        reading.drafts = [with_heading(label, d) for d in reading.drafts]
    return reading


_HEADED_CANDIDATES = 16  # the best-scored dose sentences whose heading is looked up (a lookup per sentence)


def _under_the_asked_heading(scored: list[tuple[float, int, Draft]], label: LabelDoc, focus: Focus,
                             topic: Topic) -> list[tuple[float, int, Draft]]:
    """A dose question that names an indication ("starting dose of metoprolol for angina", "sertraline dose for panic
    disorder"): a dose sentence stands under the heading of its indication ("2.2 Angina Pectoris: The usual initial
    dosage is 100 mg daily"), which the sentence itself rarely repeats. The best candidates are read with their
    heading: one under the asked indication's heading counts its words as named; one under another indication's
    heading, while some candidate stands under the asked one, is that other indication's dose and ranks below. The
    heading also keeps two like sentences of two indications apart ("The usual initial dosage is 100 mg daily ...").
    A table row that names the indication by its short form ("Indication: PD, PTSD, SAD" for panic disorder) names
    it too."""
    def said(text: str) -> int:  # what the sentence's score already counts
        words = sentence_words(text)
        return sum(1 for t in focus.condition if mentions(t, words))

    top = sorted(scored, key=lambda t: (-t[0], t[1]))[:_HEADED_CANDIDATES]
    read: dict[int, tuple[Draft, int]] = {}
    for _, _, d in top:
        h = with_heading(label, d)
        if h is not d:
            h = replace(h, words=content_words(h.text))
        read[id(d)] = (h, topic.hits(h.text if h is not d else _own_words(d)) - said(_own_words(d)))
    if not any(gain > 0 for _, gain in read.values()):
        return scored
    out = []
    for sc, order, d in scored:
        if id(d) in read:
            h, gain = read[id(d)]
            if gain > 0:
                sc += 2.5 * min(gain, 2)
            elif h is not d:
                sc -= 2.0  # under another indication's heading
            d = h
        out.append((sc, order, d))
    return out


def _amounts(text: str) -> set[tuple[str, str]]:
    return {(n.replace(",", ""), u.lower()) for n, u in _AMOUNT.findall(text)}


def _own_answer(d: Draft, c: Draft, focus: Focus) -> bool:
    """Whether `d`, though its words are much like kept `c`'s, states a dose `c` does not for the patient the question
    describes (their band of weight, clearance or age; the amount asked): "Consider 5 mg once daily for patients
    <60 kg" is not a repeat of "patients weighing <60 kg have an increased exposure ... on a 10 mg once daily
    maintenance dose" (its few words are all in it; "5" is too short to count as one)."""
    if not _amounts(d.text) - _amounts(c.text):
        return False
    text = _own_words(d)
    return bool((focus.measures and in_band(text, focus.measures))
                or any(re.search(rf"(?<![\d.]){re.escape(n)}\s*{re.escape(u)}\b", text, re.I)
                       for n, u in focus.amounts))


def _own_words(d: Draft) -> str:
    """What a draft itself says: a table row's own cells (its first quote, the row line), not the header or caption
    every row of its table shares ("Coadministered Drug or Grapefruit Juice" heads the diltiazem row too); a
    sentence's text."""
    return d.evidence[0].quote if d.table_row else d.text


ADJUSTED_PENALTY = 3.5  # points: a usual-dose question's lead is the usual dose, not a population's adjustment
DENSE_WEIGHT = 0.75  # points per standard deviation a passage's embedding is closer to the question than the label's
DENSE_CAP = 2.0  # standard deviations: a bonus never outweighs stating the asked fact (+5)


def _dense_bonus(focus: Focus, label: LabelDoc) -> dict[str, float]:
    """A bonus for the sentences of passages whose embedding is closer to the question than the label's other
    passages are (z-score of the cosine within the label, 0 to DENSE_CAP, times DENSE_WEIGHT): the dense side of the
    question-focused reading (issue 12 point 2), which finds a paraphrase no word form or synonym table links to the
    question. Only a sentence that already says something on the facet gets it. {} without vectors."""
    if focus.similarity is None or len(label.passages) < 3:
        return {}
    sims = focus.similarity(tuple(p.id for p in label.passages))
    if len(sims) < 3:
        return {}
    mean = sum(sims.values()) / len(sims)
    sd = math.sqrt(sum((v - mean) ** 2 for v in sims.values()) / len(sims))
    if sd <= 1e-9:
        return {}
    return {pid: DENSE_WEIGHT * min(DENSE_CAP, (v - mean) / sd) for pid, v in sims.items() if v > mean}


def select_sentences(facet: Facet, label: LabelDoc, q: Question, limit: int, focus: Focus | None = None) -> list[Draft]:
    """`read_label`'s chosen sentences."""
    return read_label(facet, label, q, limit, focus).drafts


_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(mg|mcg|g)\b", re.I)
_WITH_OTHER_DRUGS = re.compile(
    r"\b(in patients taking|concomitant\w*|coadminist\w*|co-administ\w*|when (taken|used|given) with|"
    r"in combination with)\b",
    re.I,
)


def prefer_the_maximum(scored: list[tuple[float, int, Draft]], q: Question) -> list[tuple[float, int, Draft]]:
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
