"""Issue 12, the kinds behind a fresh user's five worst briefs (fix12f), on the real shared labels (MEDBRIEF_DATA): the
openFDA labels of topiramate, methotrexate (Trexall), rifabutin and sertraline, and the DailyMed SPLs of lisinopril
and apixaban, with the TAC 2017 tramadol label. Each test states the right statement (or facet) and the wrong one the
brief gave before."""

from __future__ import annotations

from medbrief.store import Store

from ..conftest import label_tier, module_store_of_shared_labels

TOPIRAMATE = "598349fbd91861c2f57e01ab73f2148dc8d7cabd.json"
METHOTREXATE = "2d732fc17bd36b08451c4ab050eb0ca67e2dd52f.json"
RIFABUTIN = "e3f59f603dddcc5d262acf75553d3d801f1cc743.json"
SERTRALINE = "1fdd67f0ee799c8a5acb965066da45fd121e2140.json"
LISINOPRIL = "labels/mateoportillo_fda_rag/lisinopril.xml"
APIXABAN = "labels/mateoportillo_fda_rag/apixaban.xml"
TRAMADOL = "labels/tac2017_adr/unannotated_xml/TRAMADOL0.xml"


store = module_store_of_shared_labels(
    (TOPIRAMATE, METHOTREXATE, RIFABUTIN, SERTRALINE), (LISINOPRIL, APIXABAN, TRAMADOL))


def _ask(store: Store, question: str) -> tuple[list[dict], list[str], list[str]]:
    """(label blocks, all notes of the brief, facets)."""
    return label_tier(store, question)


def _texts(blocks: list[dict]) -> list[str]:
    return [s["text"] for b in blocks for s in b["statements"]]


# Kind 1: "is X used for CONDITION" is a use question, whatever words the condition has ("alcohol", "withdrawal").

def test_a_use_question_naming_alcohol_use_disorder_leads_with_the_indications(store: Store) -> None:
    """"alcohol" sent it to interactions: the first block was the alcohol/CNS-depressant caution."""
    blocks, _, facets = _ask(store, "Is topiramate used for alcohol use disorder?")
    assert facets[0] == "indications" and "interactions" not in facets
    first = blocks[0]["statements"][0]["text"]
    assert "indicated" in first and "seizures" in first
    assert "CNS depressant" not in first


# Kind 2: a dose question giving an older patient's age, weight and creatinine leads with the dose for those
# criteria, not a trial's enrolment by age; "The recommended dose of X is N mg ..." is the label's starting dose.

def test_a_dose_question_with_the_patients_criteria_leads_with_the_adjusted_dose(store: Store) -> None:
    blocks, notes, _ = _ask(store, "What dose of apixaban for an 82 year old weighing 58 kg with creatinine 1.6?")
    first = blocks[0]["statements"][0]["text"]
    assert "age greater than or equal to 80 years" in first and "2.5 mg orally twice daily" in first
    assert "ARISTOTLE and AVERROES" not in first
    assert not any("No starting dose" in n for n in notes)


def test_the_recommended_dose_sentence_is_a_starting_dose_fact(store: Store) -> None:
    from medbrief.facts.dose import starting_doses

    passages = store.db.passages_of("label:a454cd24-0c6d-46e8-b1e4-197388606175")
    sentence = "The recommended dose of ELIQUIS for most patients is 5 mg taken orally twice daily."
    text = next(p.text for p in passages if sentence in p.text)
    assert [(f.value, f.unit) for f in starting_doses(sentence)] == [(5, "mg")]
    assert sentence in text
    # a later or conditional dose is no starting dose
    later = "The recommended dose of ELIQUIS is 2.5 mg taken orally twice daily after at least 6 months of treatment"
    assert any(later in p.text for p in passages)
    assert starting_doses(later + " for DVT or PE.") == []


# Kind 3: a body sign turning a colour is an adverse reaction / counseling question, not the product's appearance.

def test_a_body_fluid_colour_question_reads_the_reactions_not_the_tablet_colour(store: Store) -> None:
    blocks, _, facets = _ask(store, "What color should my urine be on methotrexate?")
    assert facets[:2] == ["side_effects", "counseling"] and "dosage_forms" not in facets
    assert not any("Green, oval-shaped" in t or "Debossed" in t for t in _texts(blocks))


def test_a_body_fluid_colour_question_finds_the_label_sentence_that_states_it(store: Store) -> None:
    blocks, _, _ = _ask(store, "Will rifabutin turn my urine orange?")
    texts = _texts(blocks)
    assert any("Urine, feces, saliva, sputum, perspiration, tears, and skin may be colored brown-orange" in t
               for t in texts)
    assert not any("capsule" in t.lower() and "imprinted" in t.lower() for t in texts)


# Kind 4: "how common is <reaction>" leads with the sentence or row giving that reaction's own rate; the criterion a
# list was chosen by ("events 2% greater than placebo") is no rate of it.

def test_a_frequency_question_leads_with_the_rate_of_the_reaction_asked(store: Store) -> None:
    blocks, _, _ = _ask(store, "How common is cough with lisinopril?")
    first = blocks[0]["statements"][0]["text"]
    assert "cough (by 2.5%)" in first
    assert not first.startswith("Common adverse reactions (events 2% greater than placebo) by use")


# Kind 5: a two-drug question leads with the label sentence naming the other drug; a field-and-value table
# ("| Clinical Impact: | ... |", "| Examples: | ... |") is read as fields, never as a header over its own rows.

def test_the_sentence_naming_the_other_drug_leads_over_a_row_naming_its_class(store: Store) -> None:
    """The first statement was "Clinical Impact:: Examples; The concomitant use of SSRIs ...: other SSRIs, ...
    opioids, ..." — a field row read under another field row as its header."""
    blocks, _, _ = _ask(store, "Can I take sertraline and tramadol together?")
    sertraline = next(b for b in blocks if b["heading"].startswith("sertraline") and b["statements"])
    first = sertraline["statements"][0]["text"]
    assert "tramadol" in first and "serotonin" in first.lower()
    assert not any("::" in t or "Clinical Impact:" in t for t in _texts(blocks))


def test_a_field_and_value_table_row_is_read_with_its_group_or_as_its_sentence(store: Store) -> None:
    from medbrief.compose.table_reading import table_rows

    passages = tuple(store.db.passages_of("label:f6346a11-88b9-4425-b08d-a22f19c4ceb4"))
    rows = [r.text for rs in table_rows(passages).values() for r in rs]
    assert "Other Serotonergic Drugs – Examples: other SSRIs, SNRIs, triptans" in " ".join(rows)
    assert not any(r.startswith("Clinical Impact:") or "::" in r for r in rows)
