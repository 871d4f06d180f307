"""Readers v6 on the real shared labels (MEDBRIEF_DATA): openFDA tables whose header row is set in bold are read
with their header, so an incidence question is answered by its row; a row is picked for a named drug or food by its
own cells, never by the header every row shares; an overview's block keeps to the label's prose."""

from __future__ import annotations

from medbrief.store import Store

from ..conftest import label_blocks, module_store_of_shared_labels

TIZANIDINE = "cecf8f5fb8d54e460f633341fb95593d2644f58c.json"
SIMVASTATIN = "a78ab5359ac16062f51bd4a6bcf91ebb77cb9ef6.json"

store = module_store_of_shared_labels((TIZANIDINE, SIMVASTATIN))


def _statements(store: Store, question: str) -> list[str]:
    return [s["text"] for b in label_blocks(store, question) if b["heading"] != "Key facts" for s in b["statements"]]


def test_how_common_is_a_reaction_is_answered_by_its_row_with_the_header(store: Store) -> None:
    said = _statements(store, "How common is dry mouth with tizanidine?")
    assert said[0] == "Adverse Reaction: Dry mouth; Placebo N = 261%: 10; Tizanidine Tablet N = 264 %: 49."


def test_an_interaction_row_is_picked_by_its_own_cells(store: Store) -> None:
    said = _statements(store, "is grapefruit juice ok with simvastatin")
    assert said[0] == "Avoid grapefruit juice when taking simvastatin."
    rows = [s for s in said if "Coadministered Drug or Grapefruit Juice:" in s]
    assert all("Grapefruit Juice§" in r for r in rows)  # the header names grapefruit juice for every row
    # (fix12i: Table 4's grapefruit rows stack two analytes' ratios in one cell, "simvastatin acid simvastatin | 7 16":
    # no value pairs with its analyte, so the rows are not quoted)
    assert not any("7 16" in r or "1.3 1.9" in r for r in rows)
    assert not any("Diltiazem" in s for s in said)


def test_an_overview_block_keeps_to_the_labels_prose(store: Store) -> None:
    said = _statements(store, "What is tizanidine used for?")
    assert any(s.startswith("The most common adverse reactions") for s in said)
    assert not any(s.startswith("Adverse Reaction:") for s in said)
