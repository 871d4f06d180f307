"""Issue 12 point 4 (fix12i): "Is X removed by (hemo)dialysis?" is answered by a label sentence that says so, or a
note says plainly that no label of the drug states it, with no general renal text in its place. Real openFDA labels:
ONGENTYS (opicapone; no sentence mentions dialysis) and gabapentin ("Gabapentin can be removed from plasma by
hemodialysis.")."""

from __future__ import annotations

from medbrief.store import Store
from tests.conftest import label_tier, module_store_of_shared_labels

ONGENTYS = "a2f41773c8810084b32c141fa31df4516a871c37.json"
GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"

store = module_store_of_shared_labels((ONGENTYS, GABAPENTIN))


def test_no_label_says_so_the_brief_says_that_and_nothing_else(store: Store) -> None:
    for question in ("Is opicapone removed by hemodialysis?", "is ongentys dialyzable", "can dialysis get rid of "
                     "opicapone in an overdose?"):
        blocks, notes, _ = label_tier(store, question)
        # (the Key facts lead, issue 15.4, is no answer and may stand)
        assert all(b["heading"].endswith("Key facts") for b in blocks), (question, [b["heading"] for b in blocks])
        assert any("opicapone" in n and "dialysis removes it" in n for n in notes), (question, notes)


def test_a_label_that_says_so_is_quoted(store: Store) -> None:
    blocks, notes, _ = label_tier(store, "Is gabapentin removed by hemodialysis?")
    texts = [s["text"] for b in blocks for s in b["statements"]]
    assert any("removed" in t and "hemodialysis" in t for t in texts), texts
    assert not any("dialysis removes it" in n for n in notes), notes
