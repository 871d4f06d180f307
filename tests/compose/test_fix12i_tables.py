"""Issue 12 point 3 (fix12i): a table row that merges several rows of the label's table (a cell stacking bare
numbers, "Dyskinesia Dizziness | 20 3 | 6 1") is not a statement: read with its header it still pairs no value
with its item. Real openFDA labels: ONGENTYS (opicapone) adverse reactions, simvastatin's Table 4."""

from __future__ import annotations

import re

from medbrief.compose.table_reading import stacked_row, table_rows
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

ONGENTYS = "a2f41773c8810084b32c141fa31df4516a871c37.json"
SIMVASTATIN = "a78ab5359ac16062f51bd4a6bcf91ebb77cb9ef6.json"

store = module_store_of_shared_labels((ONGENTYS, SIMVASTATIN))
_STACK = re.compile(r":\s\d+(?:\.\d+)?\s+\d+(?:\.\d+)?(?:;|\.$)")


def test_stacked_cells_are_recognised() -> None:
    assert stacked_row(("Nervous system disorders Dyskinesia Dizziness", "20 3", "6 1"))
    assert stacked_row(("Posaconazole", "100 mg (oral suspension) QD", "40 mg", "simvastatin acid simvastatin",
                        "7.3 10.3", "9.2 9.4"))
    assert not stacked_row(("Dyskinesia", "20", "6"))
    assert not stacked_row(("Tablets", "10 mg", "20 mg, 40 mg"))
    assert not stacked_row(("Nelfinavir", "1250 mg BID for 14 days", "20 mg QD for 28 days", "simvastatin", "6", ""))


def test_no_merged_table_row_is_stated(store: Store) -> None:
    for question in ("what are the most common side effects of ongentys",
                     "Can posaconazole and simvastatin be co-administered?",
                     "simvastatin drug interactions with itraconazole and gemfibrozil"):
        texts = [s["text"] for s in label_statements(store, question)]
        assert texts, question
        assert not [t for t in texts if _STACK.search(t)], question
        assert not any("Dyskinesia Dizziness" in t or "simvastatin acid simvastatin" in t for t in texts), question


def test_the_rows_that_stand_alone_are_still_read(store: Store) -> None:
    (doc,) = store.db.docs_for_drug("simvastatin", "label")
    rows = [r.text for rs in table_rows(tuple(store.db.passages_of(doc))).values() for r in rs]
    assert any("Telithromycin" in r and "12" in r for r in rows)  # one value per cell: read with its header
    assert not any("Gemfibrozil" in r and "2.85 1.35" in r for r in rows)
