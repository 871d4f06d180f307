"""Regression briefs across facets and the drugs in ../shared/data/labels: what each brief must contain.

Each case: the question, the drugs it must recognise, the facet it must lead with, and patterns that some cited
statement of the given tier must state (in its text and in its support quotes). `note` patterns must appear in the
brief's notes (honest gaps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from medbrief import pipeline
from medbrief.brief import validate
from medbrief.store import Store
from tests.integration.briefs import check_spans, first_label_statement, says, statements

pytestmark = pytest.mark.data


@dataclass(frozen=True)
class Case:
    question: str
    drugs: list[str]
    facet: str | None = None
    label: tuple[str, ...] = ()  # patterns one label statement states
    first_label: str | None = None  # pattern the first label statement states
    research: tuple[str, ...] = ()
    guideline: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    overview: bool = False
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("What is the maximum daily dose of metformin?", ["metformin"], "max_dose", first_label=r"2,?550 mg"),
    Case("What is the maximum dose of gabapentin?", ["gabapentin"], "max_dose", label=(r"(1,?800|2,?400|3,?600) mg",)),
    Case("What are the side effects of gabapentin?", ["gabapentin"], "side_effects",
         label=(r"dizziness|somnolence",)),
    Case("Zanaflex side effects", ["tizanidine"], "side_effects", label=(r"dry mouth|somnolence",)),
    Case("atorvastatn side effects", ["atorvastatin"], "side_effects", label=(r"adverse|incidence",)),
    Case("Is warfarin safe in pregnancy?", ["warfarin"], "pregnancy", label=(r"fetal|pregnan",)),
    Case("What drugs interact with warfarin?", ["warfarin"], "interactions", label=(r"CYP2C9|bleeding|inhibitors",)),
    Case("What is the starting dose of sertraline?", ["sertraline"], "dosing", label=(r"\b(25|50) mg",)),
    Case("Does apixaban have a boxed warning?", ["apixaban"], "boxed_warning",
         label=(r"premature discontinuation|spinal|epidural",)),
    Case("What are the contraindications of lisinopril?", ["lisinopril"], "contraindications",
         label=(r"contraindicated|angioedema",)),
    Case("How does metoprolol work?", ["metoprolol"], "mechanism", label=(r"beta|adrenergic",)),
    Case("Can amlodipine be used in hepatic impairment?", ["amlodipine"], "hepatic", label=(r"hepatic",)),
    Case("What happens with an overdose of escitalopram?", ["escitalopram"], "overdose",
         label=(r"overdos",)),
    Case("Should metformin be used in kidney failure?", ["metformin"], "renal", label=(r"renal|eGFR",)),
    Case("Is tizanidine safe in renal impairment?", ["tizanidine"], "renal", label=(r"creatinine clearance|renal",)),
    Case("How should tizanidine be discontinued?", ["tizanidine"], "withdrawal",
         label=(r"discontinu", r"slowly|decrease|taper")),
    Case("What is the boxed warning for Wegovy?", ["semaglutide"], "boxed_warning", label=(r"thyroid C-cell|MTC",)),
    Case("How is adalimumab administered?", ["adalimumab"], "administration", label=(r"subcutaneous",)),
    Case("What are the warnings for azithromycin?", ["azithromycin"], "warnings",
         label=(r"QT|allergic|hepatotox|Clostridi",)),
    Case("What are the adverse reactions of albuterol?", ["albuterol"], "side_effects",
         label=(r"adverse reactions",)),
    Case("What is prednisone used for?", ["prednisone"], None, label=(r"indicated",), overview=True),
    Case("What is semaglutide used for?", ["semaglutide"], None, label=(r"indicated|reduce",), overview=True),
    Case("What is the dose of levothyroxine?", ["levothyroxine"], "dosing", label=(r"mcg",)),
    Case("What is the dose of amoxicillin?", ["amoxicillin"], "dosing", label=(r"\d+ (mg|gram)",)),
    Case("Is sertraline safe during breastfeeding?", ["sertraline"], "lactation",
         label=(r"pregnan|lactation|breast|milk",)),
    Case("What is the maximum daily dose of baclofen?", ["baclofen"], "max_dose",
         notes=(r"(nothing on|no section on).*maximum dose", r"no oral baclofen label")),
    Case("Is baclofen safe in kidney failure?", ["baclofen"], "renal", research=(r"renal",),
         notes=(r"No guideline in the corpus addresses baclofen",)),
    Case("What happens if baclofen is stopped abruptly?", ["baclofen"], "withdrawal",
         label=(r"abrupt", r"fever|rebound|rigidity"), research=(r"withdrawal",)),
    Case("How does baclofen work?", ["baclofen"], "mechanism", research=(r"GABA",)),
    Case("LIORESAL", ["baclofen"], None, label=(r"abrupt|somnolence",), overview=True),
    Case("What does the USPSTF recommend about aspirin?", [], None, guideline=(r"aspirin",)),
    Case("What does the CDC recommend about naloxone?", [], None, guideline=(r"naloxone",)),
    # an interaction question: the label's aspirin-dose advice, and no guideline that names only one of the two
    # (USPSTF aspirin-for-prevention statements were cited for it)
    # a Medication Guide's "Store FENTORA at room temperature ..." in a label without a storage section: was cut to
    # "FENTORA at room ..." as if "Store" were a heading, and the brief said the label had nothing on storage
    Case("how should fentora tablets be stored at home", ["fentanyl"], "storage", label=(r"room temperature",)),
    Case("can i keep taking my 325 mg aspirin with brilinta?", ["aspirin", "ticagrelor"], "interactions",
         label=(r"aspirin",),
         notes=(r"No guideline in the corpus addresses (?:[a-z ]+ for )?aspirin with ticagrelor",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.question for c in CASES])
def test_brief(real_store: Store, case: Case) -> None:
    brief = pipeline.ask_store(real_store, case.question).to_json_dict()
    validate(brief)
    check_spans(brief, lambda pid: (p := real_store.db.passages_by_id([pid]).get(pid)) and p.text)
    assert brief["drugs"][: len(case.drugs)] == case.drugs
    if case.facet:
        assert brief["facets"][0] == case.facet
    if case.overview:
        assert brief["facets"] == ["indications"]
    if case.label:
        assert says(brief, *case.label, tier="label"), first_label_statement(brief)
    if case.first_label:
        assert re.search(case.first_label, first_label_statement(brief), re.I), first_label_statement(brief)
    if case.research:
        assert says(brief, *case.research, tier="research")
    if case.guideline:
        assert says(brief, *case.guideline, tier="guideline")
    elif any("No guideline" in n for n in case.notes):
        assert statements(brief, "guideline") == []
    for pattern in case.notes:
        assert any(re.search(pattern, n, re.I) for n in brief["notes"]), brief["notes"]


def test_at_least_25_regression_questions() -> None:
    assert len(CASES) >= 25
