"""The question that was asked (issue 12's examples): the label text that answers it leads, the wrong text is absent.

Each case names the facet the brief must lead with, patterns the first label block must state, and patterns no label
statement may state (the wrong answer the brief used to give).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from medbrief import pipeline
from medbrief.brief import validate
from medbrief.store import Store
from tests.integration.briefs import check_spans, statements

pytestmark = pytest.mark.data


@dataclass(frozen=True)
class Asked:
    question: str
    facet: str | None  # the first facet recognised (None: read by the question's own words)
    first_block: tuple[str, ...]  # patterns some statement of the first label block states (all of them)
    never: tuple[str, ...] = ()  # patterns no label statement states
    no_note: str | None = None  # a note pattern that must not appear


CASES = [
    # "read as an indications question; none of ~20 statements says the combination is contraindicated"
    Asked("Can tizanidine be taken with ciprofloxacin?", "interactions", (r"contraindicated", r"ciprofloxacin"),
          never=(r"indicated for the treatment of spasticity",)),
    # "an empty label tier and the note 'the warfarin label has nothing on: interactions'"
    Asked("warfarin drug interactions", "interactions", (r"CYP2C9|interact|concomitant",),
          no_note=r"warfarin label.*nothing on.*interactions"),
    # "misses 'contraindicated in patients with an eGFR below 30'"
    Asked("Can metformin be used in stage 4 chronic kidney disease?", "renal", (r"contraindicated", r"eGFR")),
    # label content outside the old facet table
    Asked("How is metformin excreted?", "pharmacokinetics", (r"excreted|eliminat", r"urine|renal")),
    Asked("What does the boxed warning for warfarin say?", "boxed_warning", (r"bleeding",)),
    Asked("What are the inactive ingredients in Lipitor?", "ingredients", (r"inactive ingredients",)),
    Asked("What does a 10 mg lisinopril tablet look like?", "dosage_forms", (r"\b10 mg", r"imprint|debossed|pink")),
    Asked("How should insulin glargine be stored?", "storage", (r"refrigerat|°F|°C",)),
    Asked("How long does alprazolam stay in the body?", "pharmacokinetics", (r"half-life",)),
    Asked("What should I do if I miss a dose of warfarin?", "counseling", (r"\bmiss",)),
    Asked("Can I drink alcohol with metronidazole?", "interactions", (r"alcohol",)),
    Asked("What should be done for a tizanidine overdose?", "overdose", (r"overdos",)),
    Asked("Is sertraline safe in older adults?", "geriatric", (r"elderly|geriatric|older",)),
    Asked("Is tramadol habit forming?", "abuse_dependence", (r"abuse|addiction|dependence",)),
    Asked("Is it safe to take sumatriptan while breastfeeding?", "lactation", (r"milk|lactation|breast",)),
    Asked("What should patients be told about tizanidine?", "counseling", (r"patients|advise|inform",)),
    Asked("Is lisinopril safe in pregnancy?", "pregnancy", (r"fetal|pregnan",)),
    Asked("How should tizanidine be discontinued?", "withdrawal", (r"decrease|slowly|taper",)),
    # "psoriatic never meets psoriasis": the condition's word forms reach the label
    Asked("What is the dose of adalimumab for psoriasis?", "dosing", (r"psoria",)),
    # a lab value is no second drug ("cholesterol" is in the drug lexicon as a substance)
    Asked("how does ezetimibe lower cholesterol", "mechanism", (r"ezetimibe|cholesterol|absorption",)),
    # the dialysis dose within the renal facet: gabapentin's post-hemodialysis supplemental dose (a table row)
    Asked("gabapentin dose after hemodialysis", "renal", (r"Hemodialysis.*\b125\b",)),
    # the patient's measure picks the table row whose band holds it (pregabalin's renal table, CrCl 30 to 60)
    Asked("pregabalin dose for CrCl 45", "renal", (r"30 to 60.*\b75\b",)),
    # a label without a Contraindications section (a TAC 2017 extract) says who must not take it in its boxed warning
    Asked("who should not take zontivity", "contraindications", (r"Do not use ZONTIVITY",)),
    # a question that names no facet is answered by its own words, never by the overview
    Asked("does cabergoline require echocardiogram monitoring for valve disease?", None, (r"echocardiogra|valv",)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.question for c in CASES])
def test_asked_question(real_store: Store, case: Asked) -> None:
    brief = pipeline.ask_store(real_store, case.question).to_json_dict()
    validate(brief)
    check_spans(brief, lambda pid: (p := real_store.db.passages_by_id([pid]).get(pid)) and p.text)
    if case.facet:
        assert brief["facets"][0] == case.facet, brief["facets"]
    label = next(sec for sec in brief["sections"] if sec["tier"] == "label")
    assert label["blocks"], brief["notes"]
    first = [s["text"] for s in label["blocks"][0]["statements"]]
    for pattern in case.first_block:
        assert any(re.search(pattern, t, re.I) for t in first), (pattern, first)
    # the answer's statements: the Key facts block (issue 15.4), which every drug brief has, is not part of it
    texts = [s["text"] for b in label["blocks"] if not (b.get("heading") or "").endswith("Key facts")
             for s in b["statements"]]
    for pattern in case.never:
        assert not any(re.search(pattern, t, re.I) for t in texts), pattern
    if case.no_note:
        assert not any(re.search(case.no_note, n, re.I) for n in brief["notes"]), brief["notes"]


def test_a_lab_value_is_not_a_drug(real_store: Store) -> None:
    assert pipeline.ask_store(real_store, "how does ezetimibe lower cholesterol").drugs == ["ezetimibe"]
    brief = pipeline.ask_store(real_store, "Can spironolactone cause high potassium?").to_json_dict()
    assert brief["drugs"] == ["spironolactone"]
    assert any(re.search(r"hyperkal|potassium", s["text"], re.I) for s in statements(brief, "label"))
    # the mineral as a drug stays a drug
    assert "potassium chloride" in pipeline.ask_store(real_store, "potassium chloride dose").drugs


def test_no_overview_for_a_question_not_understood(real_store: Store) -> None:
    brief = pipeline.ask_store(real_store, "does cabergoline require echocardiogram monitoring for valve disease?")
    assert brief.facets != ["indications"]


def test_a_sentence_about_another_product_is_not_cited(real_store: Store) -> None:
    # a lidocaine label record carries an amlodipine/benazepril indication sentence
    for question in ("What is lidocaine used for?", "lidocaine indications"):
        texts = [s["text"] for s in statements(pipeline.ask_store(real_store, question).to_json_dict(), "label")]
        assert texts and not any(re.search(r"amlodipine|benazepril", t, re.I) for t in texts)


@pytest.mark.parametrize("question", [
    "What is prednisone used for?", "What are the contraindications of spironolactone?",
    "What is the dose of gabapentin in renal impairment?", "What is the boxed warning for quetiapine?",
    "How should eszopiclone be taken?", "What strengths does citalopram come in?",
])
def test_statements_stand_alone(real_store: Store, question: str) -> None:
    """No list lead-in without its items, no table row, no cross-reference or boilerplate, no heading glued on."""
    for s in statements(pipeline.ask_store(real_store, question).to_json_dict(), "label"):
        text = s["text"]
        assert not text.rstrip().endswith(":"), text
        assert " | " not in text and not text.startswith("|"), text
        assert not re.search(r"see full prescribing information", text, re.I), text
        assert not re.match(r"(\d+(\.\d+)+\s|[A-Z][A-Z ]{12,}\s[A-Z][a-z])", text), text


def test_nothing_asked_found_no_key_facts_fill_the_gap(real_store: Store) -> None:
    """A saline spray's label has no dosing text: the notes say so, and its uses (Key facts) do not stand in for
    the answer."""
    brief = pipeline.ask_store(real_store, "how many times a day can i use whisidom saline solution").to_json_dict()
    assert statements(brief, "label") == []
    assert any(re.search(r"sodium chloride label.*nothing on dosing", n) for n in brief["notes"]), brief["notes"]


def test_a_dose_that_lives_in_a_table_is_quoted_with_its_row_and_header(real_store: Store) -> None:
    """Amoxicillin's pediatric ear-infection dose stands only in its dosing table (issue 12's "not done": answers
    that live only in tables)."""
    brief = pipeline.ask_store(real_store, "amoxicillin dose for a 6 year old with an ear infection").to_json_dict()
    label = next(sec for sec in brief["sections"] if sec["tier"] == "label")
    first = label["blocks"][0]["statements"]
    row = next(s for s in first
               if "Ear/Nose/Throat" in s["text"] and re.search(r"Less than 40 kg: \d+ mg/kg", s["text"]))
    # the row, its header line and the table's caption line, each a verbatim span
    assert row["support"][1]["quote"].startswith("| Infection | Severity |")
    assert row["support"][2]["quote"].startswith("Table 1. Dosage Recommendations")


def test_key_facts_give_the_first_indication_and_no_statement_of_what_is_not_known(real_store: Store) -> None:
    """Ciprofloxacin: its Key facts once opened with typhoid fever (a later indication scoring higher than the near-
    identical ones before it) and gave "No information is available on dosing adjustments ... for pediatric patients
    with ... renal insufficiency" as the renal advice; amlodipine's with a heading glued to its first sentence."""
    brief = pipeline.ask_store(real_store, "What is ciprofloxacin used for?").to_json_dict()
    label = next(sec for sec in brief["sections"] if sec["tier"] == "label")
    key = next(b for b in label["blocks"] if (b.get("heading") or "").endswith("Key facts"))
    texts = [s["text"] for s in key["statements"]]
    assert "indicated" in texts[0] and "typhoid" not in texts[0], texts
    assert not any(re.search(r"no information is available", t, re.I) for t in texts), texts
    amlodipine = pipeline.ask_store(real_store, "What is amlodipine used for?").to_json_dict()
    first = next(sec for sec in amlodipine["sections"] if sec["tier"] == "label")["blocks"][0]["statements"][0]
    assert first["text"].startswith("Amlodipine"), first["text"]
