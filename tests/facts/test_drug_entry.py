"""The drug dictionary entry (issue 15 point 1) from hand-built label documents: names, codes, forms, dates, and
combination products kept apart."""

from __future__ import annotations

import pytest

from medbrief.facts.drug_entry import drug_entry
from medbrief.records import Document
from tests.conftest import make_doc


def _dated(doc_id: str, date: str | None, version: str | None, meta: dict) -> Document:
    d = make_doc(f"label:{doc_id}", tier="label", title=f"{doc_id} tablets", version=version, meta=meta)
    return Document(id=d.id, tier=d.tier, title=d.title, source="openFDA", sections=d.sections, date=date,
                    version=d.version, drugs=d.drugs, meta=d.meta)


TIZ_A = _dated("a", "2024-05-10", "21", {
    "set_id": "a", "brand_names": ["Zanaflex"], "generic_names": ["TIZANIDINE HYDROCHLORIDE"],
    "substance_names": ["TIZANIDINE HYDROCHLORIDE"], "manufacturer": "Example Pharma", "route": ["ORAL"],
    "dosage_form": "TABLET", "rxcui": ["197625"], "unii": ["B53E3NMY5C"]})
TIZ_B = _dated("b", "2026-04-08", "9", {
    "set_id": "b", "brand_names": ["ZANAFLEX", "Tizanidine"], "generic_names": ["tizanidine hydrochloride"],
    "substance_names": ["TIZANIDINE HYDROCHLORIDE"], "manufacturer": "Other Labs", "route": ["ORAL"],
    "dosage_form": "CAPSULE", "rxcui": ["1243", "197625"]})  # no unii key: ingested before UNII was recorded
TIZ_C = _dated("c", None, None, {"brand_names": ["Zanaflex"]})  # TAC 2017: a brand only, no date
COMBO = _dated("combo", "2025-01-01", "3", {
    "set_id": "combo", "brand_names": ["JANUMET"], "generic_names": ["SITAGLIPTIN AND METFORMIN HYDROCHLORIDE"],
    "substance_names": ["SITAGLIPTIN PHOSPHATE", "METFORMIN HYDROCHLORIDE"], "route": ["ORAL"],
    "dosage_form": "TABLET, FILM COATED", "unii": ["TS63EW8X6F", "786Z46389E"], "manufacturer": "Merck"})


def test_entry_from_own_labels() -> None:
    e = drug_entry("tizanidine", [TIZ_A, TIZ_C, TIZ_B], {"metformin and tizanidine": []})
    assert e.canonical == "tizanidine" and not e.from_combinations
    # one spelling per name (the one most labels use), sorted
    assert e.brand_names == ("Tizanidine", "Zanaflex")
    assert e.generic_names == ("tizanidine hydrochloride",)  # a tie: the newest label's spelling (b)
    assert e.substance_names == ("TIZANIDINE HYDROCHLORIDE",)
    assert e.rxcuis == ("1243", "197625")
    assert e.uniis == ("B53E3NMY5C",)  # what the records give; label b's absence is not filled in
    assert e.routes == ("oral",) and e.dosage_forms == ("capsule", "tablet")
    assert e.manufacturers == ("Example Pharma", "Other Labs")
    assert e.label_count == 3
    assert [r.doc_id for r in e.labels] == ["label:b", "label:a", "label:c"]  # newest first, undated last
    assert (e.first_date, e.last_date) == ("2024-05-10", "2026-04-08")
    ref = e.labels[1]
    assert (ref.title, ref.manufacturer, ref.set_id, ref.version, ref.date, ref.dosage_form) == (
        "a tablets", "Example Pharma", "a", "21", "2024-05-10", "tablet")
    assert e.combinations == ()  # a combination with no label is not listed


def test_unii_not_recorded_is_empty_never_guessed() -> None:
    e = drug_entry("tizanidine", [TIZ_B, TIZ_C])
    assert e.uniis == ()
    assert e.to_dict()["unii"] == []


def test_combinations_listed_apart_never_merged() -> None:
    e = drug_entry("metformin", [_dated("m", "2026-01-01", "1", {"brand_names": ["Glucophage"],
                                                                  "substance_names": ["METFORMIN HYDROCHLORIDE"]})],
                   {"metformin and sitagliptin": [COMBO]})
    assert [r.doc_id for r in e.labels] == ["label:m"]
    assert e.brand_names == ("Glucophage",)  # JANUMET is the combination's, not metformin's
    assert e.uniis == () and e.manufacturers == ()
    [c] = e.combinations
    assert c.canonical == "metformin and sitagliptin" and [r.doc_id for r in c.labels] == ["label:combo"]
    assert c.brand_names == ("JANUMET",)
    d = e.to_dict()
    assert d["combinations"][0]["label_count"] == 1 and d["label_count"] == 1


def test_combination_only_drug_is_built_from_its_combination_labels() -> None:
    e = drug_entry("sitagliptin", [], {"metformin and sitagliptin": [COMBO]})
    assert e.from_combinations
    assert [r.doc_id for r in e.labels] == ["label:combo"]
    assert e.brand_names == ("JANUMET",) and e.uniis == ("786Z46389E", "TS63EW8X6F")
    assert [c.canonical for c in e.combinations] == ["metformin and sitagliptin"]
    with pytest.raises(ValueError):
        drug_entry("nothing", [], {})
