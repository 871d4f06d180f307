"""Safety facts: boxed warning (present, and its topics), contraindications, most common adverse reactions (with
the incidence threshold where given), withdrawal and discontinuation warnings.

A packaging or handling notice printed in the boxed-warning field ("PHARMACY BULK PACKAGE - NOT FOR DIRECT
INFUSION", "Rx only", a tamper-evident seal, "For inhalation only") is not a boxed warning.
"""

from __future__ import annotations

import re

from .quantity import NUM, number
from .records import Found

# Statements of the boxed-warning field that are notices, not warnings.
_NOTICE = re.compile(
    r"^\W*(?:boxed\s+warning\W*)?(?:(?:pharmacy\s+bulk\s+package|not\s+for\s+(?:direct\s+infusion|intrathecal|"
    r"intravenous|intramuscular|injection|ophthalmic)|rx\s+only|tamper|safety\s+seal|do\s+not\s+use\s+if\s+(?:the\s+)?"
    r"(?:safety\s+)?seal|for\s+(?:oral|inhalation|topical|external|intravenous|intramuscular|rectal|vaginal|"
    r"ophthalmic|nasal)\s+(?:use\s+)?only|do\s+not\s+swallow|only\s+use\s+.{0,80}\bnebulizer|do\s+not\s+use\s+with\s+an?"
    r"\s+\w+\s+nebulizer|you\s+must\s+consult\s+your\s+doctor\s+for\s+important\s+information|keep\s+out\s+of\s+reach|"
    r"figure|principal\s+display\s+panel|package\s+label|ndc\b|each\s+(?:tablet|capsule|ml)\s+contains|"
    r"single[-\s]dose\s+vial|discard\s+unused|store\s+at))",
    re.I,
)
# Boxed-warning topics: (topic as reported, pattern in the warning's text).
BOXED_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((t, re.compile(p, re.I)) for t, p in (
    ("addiction, abuse, and misuse", r"\baddiction\b|\babuse\b|\bmisuse\b"),
    ("respiratory depression", r"respiratory\s+depression"),
    ("accidental ingestion", r"accidental\s+(?:ingestion|exposure)"),
    ("neonatal opioid withdrawal syndrome", r"neonatal\s+opioid\s+withdrawal"),
    ("REMS (restricted program)", r"\bREMS\b|risk\s+evaluation\s+and\s+mitigation|only\s+through\s+a\s+restricted\s+"
                                   r"(?:distribution\s+)?program"),
    ("cytochrome P450 3A4 interaction", r"cytochrome\s+P450\s+3A4|\bCYP3A4\b"),
    ("concomitant benzodiazepines or CNS depressants",
     r"benzodiazepines?\s+or\s+other\s+CNS\s+depressants|concomitant\s+use\s+with\s+benzodiazepines"),
    ("dependence and withdrawal", r"\bdependence\b|withdrawal\s+reactions"),
    ("suicidal thoughts and behaviors", r"suicid\w*"),
    ("mortality in elderly patients with dementia-related psychosis", r"dementia[-\s]related\s+psychosis"),
    ("fetal toxicity", r"fetal\s+toxicity|embryo[-\s]?fetal|injury\s+and\s+(?:even\s+)?death\s+to\s+the\s+developing"
                       r"\s+fetus|when\s+pregnancy\s+is\s+detected"),
    ("hepatotoxicity", r"hepatotoxicity|liver\s+(?:failure|injury|damage)|hepatic\s+failure"),
    ("lactic acidosis", r"lactic\s+acidosis"),
    ("cardiovascular thrombotic events", r"cardiovascular\s+thrombotic|myocardial\s+infarction|\bstroke\b"),
    ("gastrointestinal bleeding", r"gastrointestinal\s+(?:bleeding|risk)|\bGI\s+bleeding"),
    ("serious infections", r"serious\s+infections?"),
    ("malignancy", r"malignanc\w*|lymphoma"),
    ("bleeding", r"\bbleeding\b|hemorrhage"),
    ("spinal/epidural hematoma", r"(?:spinal|epidural)\s+hematoma"),
    ("premature discontinuation increases thrombotic events", r"premature\s+discontinuation"),
    ("tendinitis and tendon rupture", r"tendon\s+rupture|tendinitis"),
    ("anaphylaxis", r"anaphyla\w*"),
    ("bone marrow suppression", r"bone\s+marrow\s+(?:suppression|depression)|myelosuppression|agranulocytosis"),
    ("serious dermatologic reactions", r"stevens[-\s]johnson|toxic\s+epidermal"),
    ("cardiomyopathy / heart failure", r"(?:cause|exacerbate|worsen)\w*\s+(?:or\s+\w+\s+)?(?:congestive\s+)?heart\s+"
                                       r"failure|cardiomyopathy|cardiotoxicity"),
    ("severe hypotension", r"severe\s+hypotension|profound\s+hypotension"),
    ("fluid and electrolyte depletion", r"profound\s+diuresis|electrolyte\s+depletion"),
    ("carcinogenicity", r"\bcarcinogen\w*|tumorigen\w*"),
    ("endometrial cancer, cardiovascular disorders, dementia (estrogens)", r"endometrial\s+cancer"),
    ("lethal if given by other routes", r"\bfatal\b[^.]{0,60}\b(?:intrathecal|route)|for\s+intravenous\s+use\s+only"),
    ("abrupt discontinuation", r"abrupt\s+(?:discontinuation|withdrawal|cessation)"),
    ("vision loss", r"vision\s+loss"),
    ("progressive multifocal leukoencephalopathy", r"leukoencephalopathy|\bPML\b"),
    ("hypersensitivity", r"hypersensitivity"),
    ("thyroid C-cell tumors", r"thyroid\s+C-cell\s+tumou?rs?"),
    ("cytokine release syndrome", r"cytokine\s+release\s+syndrome"),
    ("neurologic toxicity", r"neurologic(?:al)?\s+toxicit|neurotoxicity"),
    ("QT prolongation", r"\bQTc?\s+(?:interval\s+)?prolongation|torsade"),
    ("severe hypoglycemia", r"severe\s+hypoglycemia"),
    ("severe hypocalcemia", r"severe\s+hypocalcemia"),
    ("bronchospasm", r"bronchospasm"),
    ("increased mortality", r"increased\s+(?:incidence\s+of\s+)?mortality|increased\s+risk\s+of\s+death"),
    ("serious neuropsychiatric events", r"neuropsychiatric|psychiatric\s+and\s+behavioral"),
    ("not for obesity or weight loss", r"treatment\s+of\s+obesity\s+or\s+for\s+weight\s+loss"),
))
# The highlights' pointer to the full boxed warning: a warning is there, but this line states none of it.
SEE_FULL = re.compile(r"\bsee\s+full\s+prescribing\s+information\s+for\s+(?:the\s+)?complete\s+boxed\s+warning",
                      re.I)


def is_notice(statement: str) -> bool:
    """True when a statement of the boxed-warning field is a packaging, route or handling notice."""
    return bool(_NOTICE.match(statement))


def boxed_topics(text: str) -> list[str]:
    """The topics a boxed-warning statement names, in `BOXED_TOPICS` order."""
    return [topic for topic, pattern in BOXED_TOPICS if pattern.search(text)]


_MOST_COMMON = re.compile(r"\bmost\s+(?:common(?:ly)?|frequent(?:ly)?)\b|\bcommonly\s+(?:observed|reported)\b", re.I)
_ADVERSE = re.compile(r"\badverse\s+(?:reactions?|events?|effects?)\b|\bside\s+effects?\b", re.I)
_THRESHOLD = re.compile(rf"(?:≥|>=|>|greater\s+than(?:\s+or\s+equal\s+to)?|at\s+least)\s*(?P<n>{NUM})\s*%", re.I)


def adverse_reactions(text: str) -> list[Found]:
    """A statement naming the most common adverse reactions (kind "most_common"); `value` the incidence
    threshold ("incidence >= 5%": 5, unit "%") when given."""
    if not (_MOST_COMMON.search(text) and _ADVERSE.search(text)):
        return []
    if re.search(r"\bleading\s+to\s+(?:dose|dosage|treatment|permanent|discontinuation|interruption|reduction)", text,
                 re.I):
        return []  # "the most common adverse reactions leading to dose interruption": why doses changed, not the most
        # common adverse reactions
    m = _THRESHOLD.search(text)
    return [Found("adverse_reaction", "most_common", value=number(m.group("n")) if m else None,
                  unit="%" if m else None)]


_WITHDRAWAL = re.compile(r"\bwithdrawal\b|\brebound\b|\babrupt(?:ly)?\b[^.]{0,40}\b(?:discontinu|stop|cessation|"
                         r"withdraw)", re.I)
_TAPER = re.compile(r"\btaper\w*|\bgradual(?:ly)?\b|\b(?:decrease|reduce|reduction\s+of)\s+(?:the\s+)?(?:dose|dosage)"
                    r"\b[^.]{0,40}\bslowly|\bslowly\b", re.I)
_DISCONTINUE = re.compile(r"\bdiscontinu\w*|\bstop\w*|\bcessation\b|\bwithdraw\w*", re.I)


def withdrawal(text: str) -> list[Found]:
    """A withdrawal or discontinuation warning: kind "taper" (taper or reduce gradually) or "warning" (abrupt
    discontinuation risks withdrawal reactions or rebound)."""
    if not _WITHDRAWAL.search(text) or not _DISCONTINUE.search(text):
        return []
    if re.search(r"\bneedle\s+for\s+withdrawal|\bwithdraw\w*\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+)?"
                 r"(?:dose|solution|contents|volume|drug|medication)\s+(?:from|into)\b|"
                 r"\bwithdrawal\s+of\s+consent|withdrew|withdrawn\s+from\s+the\s+market|\b(?:monkeys?|rats?|mice|"
                 r"dogs?|animals?)\b|\bdependence\s+is\s+a\s+state\b", text, re.I):
        return []  # trial withdrawals, animal studies and the definition of dependence warn no patient
    return [Found("withdrawal", "taper" if _TAPER.search(text) else "warning")]


def contraindication(text: str) -> list[Found]:
    """Every statement of a Contraindications section (or a Drug Facts "Do not use") is a contraindication,
    except one saying there is none ("None.")."""
    if re.fullmatch(r"\W*(?:\d+\s+)?(?:contraindications\s+)?none(?:\s+known)?\W*", text, re.I):
        return []
    if re.search(r"\bthere\s+are\s+no\s+(?:known\s+)?contraindications\b", text, re.I):
        return []
    return [Found("contraindication", "contraindicated")]
