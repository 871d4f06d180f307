"""Issue 12, the fresh-user trial's kinds on the real shared labels (MEDBRIEF_DATA): a store of olanzapine, metformin,
meclizine (openFDA) and albuterol (SPL) labels, asked as the trial asked."""

from __future__ import annotations

from medbrief import pipeline
from medbrief.store import Store

from ..conftest import module_store_of_shared_labels

OLANZAPINE = "3c9115d589f1bb506405b4e4a1bd991388409ab3.json"
METFORMIN = "15d0ef9c6f36b16582e318c9ea7d9f280d8cd3f7.json"
MECLIZINE = "7d157da6247c67efef088507a85b5b54b9b4f8d8.json"
ALBUTEROL = "labels/mateoportillo_fda_rag/albuterol.xml"

store = module_store_of_shared_labels((OLANZAPINE, METFORMIN, MECLIZINE), (ALBUTEROL,))


def _label(store: Store, question: str) -> tuple[list[dict], list[str]]:
    brief = pipeline.ask_store(store, question).to_json_dict()
    tier = next(t for t in brief["sections"] if t["tier"] == "label")
    return tier["blocks"], brief["notes"]


def test_olanzapine_half_life_leads_with_the_half_life_quoted_with_what_it_is_of(store: Store) -> None:
    blocks, _ = _label(store, "What is the half-life of olanzapine?")
    first = blocks[0]["statements"][0]["text"]
    assert "Its half-life ranges from 21 to 54 hours" in first
    assert first.startswith("Olanzapine displays linear kinetics")  # the antecedent says what "its" is
    quoted = [s["text"] for b in blocks for s in b["statements"]]
    assert not any(t.startswith(("It ", "Its ")) for t in quoted)  # never a leaning sentence alone


def test_is_metformin_soluble_in_water_is_answered_from_description(store: Store) -> None:
    blocks, _ = _label(store, "Is metformin soluble in water?")
    assert blocks[0]["heading"].startswith("Description")
    assert "freely soluble in water" in blocks[0]["statements"][0]["text"]


def test_a_7_year_olds_albuterol_dose_is_the_childrens_line(store: Store) -> None:
    blocks, _ = _label(store, "How much albuterol can a 7 year old take?")
    first = blocks[0]["statements"][0]["text"]
    assert "children 6 to 12 years of age is 2 mg" in first
    children = [s["text"] for b in blocks if b["heading"] == "Use in Children" for s in b["statements"]]
    assert not any("adults and children 12 years and older" in t for t in children)


def test_meclizines_daily_dose_is_no_nothing_on_maximum(store: Store) -> None:
    """heldout2 f010: the Drug Facts label states "chew 1 to 2 tablets once daily" and no separate maximum; the note
    must not say the label has nothing on it."""
    blocks, notes = _label(store, "how many meclizine can i take in a day for motion sickness")
    assert any("1 to 2 tablets once daily" in s["text"] for b in blocks for s in b["statements"])
    assert not any("nothing on maximum dose" in n for n in notes)
    assert any("states no maximum dose apart from its daily dose" in n for n in notes)
