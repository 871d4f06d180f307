"""Issue 12 point 1 (fix12i): "how long is my inhaler good for once i open the foil tray" asks how long the opened
product keeps (storage and handling), whatever the package is called: not the indications. Real openFDA label:
Umeclidinium and Vilanterol Ellipta ("Discard ... 6 weeks after opening the foil tray ...")."""

from __future__ import annotations

import pytest

from medbrief.retrieve.facets import recognise_facets
from medbrief.store import Store
from tests.conftest import label_blocks, module_store_of_shared_labels

ELLIPTA = "2b00461ec5814321f1814b6afc10b43a7c3376a6.json"

store = module_store_of_shared_labels((ELLIPTA,))


@pytest.mark.parametrize("question", [
    "how long is my anoro ellipta inhaler good for once i open the foil tray",
    "does my anoro ellipta last after i open the pouch",
    "how long is umeclidinium and vilanterol usable after you first open it",
])
def test_a_shelf_life_once_opened_is_storage(question: str) -> None:
    assert recognise_facets(question, names_drug=True).facets[0] == "storage"


def test_the_discard_sentence_answers_first(store: Store) -> None:
    blocks = label_blocks(store, "how long is my anoro ellipta inhaler good for once i open the foil tray")
    assert blocks[0]["heading"] == "Storage and Handling"
    assert any("6 weeks after opening the foil tray" in s["text"] for s in blocks[0]["statements"])
