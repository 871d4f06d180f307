"""Issue 12 point 3, the fresh user's trial (fix12a), asked as the user asked on the real shared labels (MEDBRIEF_DATA):
prasugrel (Effient) and triamterene / hydrochlorothiazide, openFDA."""

from __future__ import annotations

from medbrief.store import Store

from ..conftest import label_statements, module_store_of_shared_labels

PRASUGREL = "c4ae70fce4ebd2a3f2cdd92ea28a50d0e02af1a4.json"
TRIAMTERENE_HCTZ = "9b09754edf91dd808dcdc9ab971145e1bba21c9c.json"

store = module_store_of_shared_labels((PRASUGREL, TRIAMTERENE_HCTZ))


def test_the_low_weight_dosing_sentence_is_quoted_without_its_subsection_heading(store: Store) -> None:
    said = label_statements(store, "prasugrel dose for a patient under 60 kg")
    texts = [s["text"] for s in said]
    assert not any(t.startswith("Dosing in Low Weight Patients") for t in texts)
    low = [s for s in said if "patients weighing <60 kg" in s["text"]]
    assert low and low[0]["text"].startswith("Compared to patients weighing")
    assert low[0]["support"][0]["quote"] == low[0]["text"]  # the span moved; the text is the label's own


def test_a_contraindication_key_fact_starts_after_its_subsection_heading(store: Store) -> None:
    said = label_statements(store, "Can I take triamterene hydrochlorothiazide with potassium supplements?")
    texts = [s["text"] for s in said]
    assert not any(t.startswith(("Hyperkalemia Triamterene", "Hepatic Coma Triamterene")) for t in texts)
    assert any(t.startswith("Triamterene and hydrochlorothiazide should not be used in the presence of elevated "
                            "serum potassium") for t in texts)
