"""Issue 12 (fix12d), on the real shared labels (MEDBRIEF_DATA): a second name in the question that is part of the
product's own name ("tylenol with codeine", "valsartan hctz") or background to the asked facet ("switched me from
omeprazole", an antidote in an overdose question) does not make the brief lead with Interactions: the asked facet
leads."""

from __future__ import annotations

import pytest

from medbrief import pipeline
from medbrief.retrieve.facets import recognise_facets

from ..conftest import label_blocks, module_store_of_shared_labels

MIDAZOLAM = "0f8cf50e5c159de0f4735daa7fa23383d27510fe.json"
VALSARTAN_HCTZ = "28126e1f7f740ac0836988aa8077a1455502d531.json"
VALSARTAN = "563957b38eeffd49432b03076f19af44c695a597.json"
VOQUEZNA = "aeddc07420105bcd4541f8c0ebde6db8096692f4.json"
APAP_CODEINE = "be07e5f7bcb4242756b1a2648da0dc09bd37dcc8.json"
CODEINE = "264f6c44ada97ddcaf45ddb5d42e8be73e1bcf05.json"
NYSTATIN_POWDER = "66710ffbbe69cc3b8e0e73c213cf331df5bdda46.json"

store = module_store_of_shared_labels(
    (MIDAZOLAM, VALSARTAN_HCTZ, VALSARTAN, VOQUEZNA, APAP_CODEINE, CODEINE, NYSTATIN_POWDER))


def _first(store, question: str) -> str:
    return label_blocks(store, question)[0]["heading"]


@pytest.mark.parametrize(("question", "lead"), [
    ("is tylenol with codeine ok to take while breastfeeding my newborn", "Lactation"),
    ("i just found out im pregnant and i take valsartan hctz for my blood pressure, what should i do", "Pregnancy"),
    ("what is voquezna used for? my doctor switched me from omeprazole", "Indications"),
    ("How is a midazolam overdose managed, and when should flumazenil be avoided?", "Overdos"),
])
def test_asked_facet_leads_over_a_second_name(store, question: str, lead: str) -> None:
    first = _first(store, question)
    assert lead in first and "Interactions" not in first, first


def test_a_pair_asked_together_still_leads_with_interactions(store) -> None:
    # two drugs joined by an interaction word stay an interaction question
    assert "Interactions" in _first(store, "can I take codeine with midazolam")
    assert recognise_facets("is it safe to take codeine and midazolam together while pregnant", names_drug=True,
                            n_drugs=2).facets[0] == "interactions"


def test_how_many_times_a_day_is_dosing_with_no_maximum_dose_note(store) -> None:
    """"how many times a day" asks how often (the dosing), not the most per day: no "nothing on maximum dose" note
    (the Nystop label says "two or three times daily" and states no maximum)."""
    question = "how many times a day do i put the nystatin powder on my babys rash"
    brief = pipeline.ask_store(store, question).to_json_dict()
    tier = next(t for t in brief["sections"] if t["tier"] == "label")
    notes = [*tier.get("notes", []), *brief["notes"]]
    assert brief["facets"][0] == "dosing"
    assert not any("nothing on maximum dose" in n for n in notes), notes
    assert any("times daily" in s["text"] for b in tier["blocks"] for s in b["statements"])
