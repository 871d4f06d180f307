"""Issue 12 points 4 and 5 (fix13n): a note says "nothing on X" only when true, and says plainly when the asked fact
is absent; research statements on the asked condition are found when they name it in other words.

Kinds, each seen by a fresh user on real data:
- a condition named by its abbreviation ("PCOS" in an abstract that defines "polycystic ovary syndrome (PCOS)"; "CKD"
  for "chronic kidney disease"; "AF" for "atrial fibrillation"), both ways;
- a Key facts note calling a fact absent that the label's own text states (quetiapine's renal impairment text);
- a fact no label states (a price) answered with an overview of the label;
- a dose asked for a use no label is indicated for (colchicine's only label is for familial Mediterranean fever), in
  a population the label gives a dose for (dialysis).

Real openFDA labels of the shared zip, the apixaban DailyMed SPL, and the one Cohen 2006 record (CSV form) on metformin
in PCOS, written to a temporary folder from the shared file (nothing of the shared data is kept in the repo).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

import pytest

from medbrief import pipeline
from medbrief.compose.topic import Topic, abbreviates, definitions, mentions, sentence_words
from medbrief.settings import Settings
from medbrief.store import Store
from tests.conftest import LUCKYGOOD_ZIP, shared_data

QUETIAPINE = "6e8e19cef7f16ed76a51e5677c17a01b5966643e.json"
COLCHICINE = "3d312e140f35690e6025213ba3d6afe3b59f4868.json"
APIXABAN = "labels/mateoportillo_fda_rag/apixaban.xml"
ESTROGENS = "pubmed/cohen2006_drug_class_reviews/Estrogens.csv"
PCOS_PMID = "12970273"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    data = shared_data()
    if not (data / LUCKYGOOD_ZIP).is_file() or not (data / ESTROGENS).is_file():
        pytest.skip(f"shared data not found at {data} (set MEDBRIEF_DATA)")
    src = tmp_path_factory.mktemp("fix13n")
    with zipfile.ZipFile(data / LUCKYGOOD_ZIP) as z:
        for member in (QUETIAPINE, COLCHICINE):
            (src / member).write_bytes(z.read(member))
    with (data / ESTROGENS).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out).writerows([rows[0], *(r for r in rows[1:] if r and r[0] == PCOS_PMID)])
    (src / "Estrogens.csv").write_text(out.getvalue(), encoding="utf-8")
    settings = Settings.load(db=tmp_path_factory.mktemp("store") / "medbrief.db", data_dir=data)
    pipeline.ingest(settings, [src, data / APIXABAN])
    with pipeline.open_store(settings) as st:
        yield st


def ask(store: Store, question: str) -> tuple[dict[str, list[str]], list[str]]:
    """(statement texts by tier, every note) of the brief for `question`."""
    brief = pipeline.ask_store(store, question).to_json_dict()
    texts = {s["tier"]: [st["text"] for b in s["blocks"] for st in b["statements"]] for s in brief["sections"]}
    notes = [n for s in brief["sections"] for n in s.get("notes", [])] + brief["notes"]
    return texts, notes


# --- abbreviations, both ways -------------------------------------------------------------------------------------

def test_an_abbreviation_spells_its_long_form() -> None:
    assert abbreviates("pcos", ["polycystic", "ovary", "syndrome"])
    assert abbreviates("afib", ["atrial", "fibrillation"])
    assert abbreviates("t2dm", ["type", "2", "diabetes", "mellitus"])
    assert abbreviates("copd", ["chronic", "obstructive", "pulmonary", "disease"])
    assert not abbreviates("ckd", ["chronic", "liver", "disease"])
    assert not abbreviates("pcos", ["polycystic"])  # one word is no abbreviation of it
    assert definitions("women with polycystic ovary syndrome (PCOS), who also show (n = 52) ...") == {
        "pcos": ("polycystic", "ovary", "syndrome")}


def test_a_condition_meets_its_abbreviation_both_ways() -> None:
    pcos = Topic(("polycystic", "ovary"), 2, ("polycystic", "ovary", "syndrome"))
    assert pcos.met_by("Metformin is potentially an effective treatment for hirsutism in women with PCOS.")
    assert not pcos.met_by("Metformin is potentially an effective treatment for hirsutism in women with GERD.")
    ckd = Topic(("ckd",), 1, ("CKD",))
    assert ckd.met_by("Metformin is contraindicated in patients with chronic kidney disease and an eGFR below 30.")
    assert not ckd.met_by("Metformin is contraindicated in patients with chronic liver disease.")
    af = Topic(("af",), 1, ("AF",))
    assert af.met_by("Apixaban reduced stroke in patients with atrial fibrillation.")
    assert not af.met_by("Take apixaban after food for the first days.")  # "after food" spells AF: no condition
    hf = Topic(("heart", "failure"), 2, ("heart", "failure"))
    assert hf.met_by("Metoprolol reduced mortality in CHF.")  # the table: CHF is not spelled from "heart failure"
    # a label's lower-case words: the long form for the question's short form, the short form for its words
    assert mentions("ckd", sentence_words("Use in chronic kidney disease: reduce the dose."))
    assert mentions("ovary", sentence_words("in women with pcos"))
    assert not mentions("ovary", sentence_words("in women with copd"))


def test_an_abstract_that_writes_pcos_answers_a_question_on_polycystic_ovary_syndrome(store: Store) -> None:
    for question in ("Is metformin used for polycystic ovary syndrome?", "Is metformin used for PCOS?"):
        texts, notes = ask(store, question)
        assert any("hirsutism in women with PCOS" in t for t in texts.get("research", [])), (question, texts)
        assert not any(n.startswith("No research abstract") for n in notes), (question, notes)
    # a condition the abstract does not name stays unanswered by it
    texts, notes = ask(store, "Is metformin used for gout?")
    assert not any("PCOS" in t for t in texts.get("research", [])), texts
    assert any(n.startswith("No research abstract") for n in notes), notes


# --- Key facts: absent only when the label's text does not state it --------------------------------------------

def test_a_label_that_states_renal_impairment_gets_no_renal_absent_note(store: Store) -> None:
    texts, notes = ask(store, "What is the maximum dose of quetiapine for bipolar mania?")
    assert any("Maximum Dose: 800 mg/day" in t for t in texts["label"]), texts["label"]
    assert not any("renal impairment was found" in n for n in notes), notes


# --- an asked fact no label states: said plainly, no overview in its place ------------------------------------

def test_a_price_no_label_states_is_said_absent_without_an_overview(store: Store) -> None:
    texts, notes = ask(store, "How much does a month of Eliquis cost?")
    assert texts["label"] == [], texts["label"]  # neither the dosing text nor the Key facts answer a price
    assert any("apixaban label" in n and "price or cost" in n for n in notes), notes
    assert any(n.startswith("No research abstract") and "price or cost" in n for n in notes), notes
    # the dose is stated, and no price note is given, when the dose is asked
    texts, notes = ask(store, "How much apixaban should I take for atrial fibrillation?")
    assert any("5 mg" in t for t in texts["label"]), texts["label"]
    assert not any("price" in n for n in notes), notes


def test_a_dose_for_a_use_no_label_is_indicated_for_is_said_plainly(store: Store) -> None:
    texts, notes = ask(store, "What colchicine dose for a gout flare in a patient on dialysis?")
    assert any("indicated for gout flare" in n and "colchicine" in n for n in notes), notes
    # the label's own use: its dialysis dose stands, with no such note
    texts, notes = ask(store, "What colchicine dose for familial Mediterranean fever in a patient on dialysis?")
    assert any("dialysis" in t and "0.3 mg" in t for t in texts["label"]), texts["label"]
    assert not any("is indicated for" in n for n in notes), notes
