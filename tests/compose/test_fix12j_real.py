"""Issue 12 point 3 (fix12j): statements stand alone. Real openFDA labels: the digoxin tablet label's Drug
Interactions table (a class cell, a drug cell, then the effect: "Thyroid supplement Thyroid Treatment of
hypothyroidism ...", heldout_b b066) and the oseltamivir capsule label's Pediatric Use list ("1 year to 12 years of
age: oseltamivir phosphate for prophylaxis ...", heldout_c c051)."""

from __future__ import annotations

from medbrief.compose import standalone
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

DIGOXIN = "b2cf418021b1ac52d5e5f43eaee50fb36bae9d8f.json"
OSELTAMIVIR = "68c7f19dd200d636bddf12e59225b5a81bb08fa9.json"

store = module_store_of_shared_labels((DIGOXIN, OSELTAMIVIR))


def _passage(store: Store, doc_suffix: str, needle: str) -> str:
    row = store.db.conn.execute("SELECT text FROM passages WHERE id LIKE ? AND text LIKE ?",
                             (f"label:{doc_suffix}%", f"%{needle}%")).fetchone()
    assert row, needle
    return row[0]


def test_every_cell_heading_of_a_flattened_table_row_is_cut(store: Store) -> None:
    text = _passage(store, "5886e233", "Thyroid supplement")
    start = text.index("Thyroid supplement")
    row = text[start: text.index(".", start) + 1]
    cut = standalone.trimmed(row)
    assert row[cut:].startswith("Treatment of hypothyroidism in patients taking digoxin")
    # the same table's other rows: class and drug cells before the effect
    start = text.index("Supplements Calcium")
    row = text[start: text.index(".", start) + 1]
    assert row[standalone.trimmed(row):].startswith("If administered rapidly")


def test_the_digoxin_brief_states_the_thyroid_row_without_its_cells(store: Store) -> None:
    texts = [s["text"] for s in label_statements(store, "does hypothyroidism change digoxin dose requirements")]
    thyroid = [t for t in texts if "hypothyroidism in patients taking digoxin" in t]
    assert thyroid and all(t.startswith("Treatment of hypothyroidism") for t in thyroid), thyroid


def test_an_age_range_item_without_its_lead_in_is_no_statement(store: Store) -> None:
    text = _passage(store, "809f859e", "1 year to 12 years of age: oseltamivir")
    start = text.index("1 year to 12 years of age: oseltamivir")
    item = text[start: text.index("] .", start) + 3]
    assert standalone.problem(item) == "a list item without its lead-in"
    later = text[text.index("Additional safety information"):]
    assert standalone.problem(later[: later.index(".") + 1]) is None  # the sentences after it stand alone
    texts = [s["text"] for s in label_statements(store, "oseltamivir dose for a 6 month old with influenza")]
    assert texts and not any(t.startswith("1 year to 12 years of age:") for t in texts)
