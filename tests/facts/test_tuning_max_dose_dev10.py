"""Maximum doses stated outside Dosage and Administration (tenth tuning pass, issue 15): the boxed warning, Warnings /
Precautions and an old label's unclassified section are read for the label's own dosing ceilings, never for an
animal, pharmacokinetic or trial statement, another drug's cap, a comparison's other product, a restatement of a
Dosage and Administration maximum in another form, or the upper end of a usual range stated there. Texts are the
labels' own (openFDA, verbatim). Also the same pass's sentence-boundary fix: an embedded subsection title no
longer swallows the first words of the sentence after it when a brand in capitals follows."""

from __future__ import annotations

from typing import Any

from medbrief.facts import label_facts
from medbrief.facts.dose import outside_maxima
from medbrief.records import Passage

DOSAGE, WARNINGS_PRECAUTIONS, WARNINGS, PRECAUTIONS, BOXED, UNCLASSIFIED = (
    "34068-7", "43685-7", "34071-1", "42232-9", "34066-1", "42229-5")


def _keys(found: list) -> list[tuple]:
    return [(f.value, f.unit, f.per) for f in found if f.kind == "maximum"]


def _maxima(meta: dict[str, Any], *sections: tuple[str, str]) -> list[tuple]:
    doc = "label:t10"
    passages = [Passage(f"{doc}#{i}", doc, code, code, text, i) for i, (code, text) in enumerate(sections)]
    return sorted((f.value if not isinstance(f.value, list) else tuple(f.value), f.unit, f.per)
                  for f in label_facts(doc, {"set_id": "s", **meta}, passages)
                  if f.fact == "max_dose" and f.kind == "maximum")


TREOSULFAN = {"generic_names": ["TREOSULFAN"], "brand_names": ["GRAFAPEX"]}


def test_ceiling_in_warnings_and_precautions_is_read() -> None:
    # treosulfan (seed 15): the ceiling is said only in 5.x
    text = "Avoid exceeding the recommended GRAFAPEX dosage of 10 g/m 2 daily for three consecutive days."
    assert _maxima(TREOSULFAN, (DOSAGE, "The recommended dose is 10 g/m 2 intravenously daily on Days -4, -3 and -2."),
                   (WARNINGS_PRECAUTIONS, text)) == [(10, "g/m2", "day")]
    # without the label's names whose ceiling it is cannot be told: nothing
    assert _keys(outside_maxima(text)) == []


def test_old_label_unclassified_dosing_text_is_read() -> None:
    # iothalamate meglumine (seed 22): the whole dosing text stands in the unclassified section
    meta = {"generic_names": ["IOTHALAMATE MEGLUMINE"], "brand_names": ["Conray"]}
    got = _maxima(meta, (UNCLASSIFIED, "The usual dosage in adults and children is 2 mL/kg (1 mL/lb) by intravenous "
                                       "administration, not to exceed a total dose of 150 mL."))
    assert got == [(150, "mL", "course")]


def test_boxed_warning_comparison_keeps_only_the_own_product() -> None:
    # ketorolac tablets (seed 22): the injection's ceiling is the comparator, not this label's
    meta = {"generic_names": ["KETOROLAC TROMETHAMINE"]}
    text = ("The recommended total daily dose of ketorolac tromethamine tablets (maximum 40 mg) is significantly lower "
            "than for ketorolac tromethamine injection (maximum 120 mg) (see DOSAGE AND ADMINISTRATION ).")
    assert (120, "mg", "dose") not in _keys(outside_maxima(text, frozenset({"ketorolac", "tromethamine"})))
    assert _maxima(meta, (BOXED, text)) and all(v != 120 for v, _, _ in _maxima(meta, (BOXED, text)))


def test_animal_trial_and_calculation_sentences_are_not_ceilings() -> None:
    names = frozenset({"sodium", "nitrite"})
    for text in (
        # sodium nitrite 8.1 (seed 17)
        "In a published study, treatment of pregnant mice with approximately 243 mg/kg sodium nitrite daily (2.6 "
        "times the maximum recommended daily dose of 450 mg/day based on body surface are) via the drinking water",
        # golimumab 8.4 (seed 21): a trial's regimen
        "In the 16 week open-label phase, all patients received MTX and SIMPONI 30 mg/m 2 (maximum 50 mg) "
        "subcutaneously every 4 weeks.",
        # atenolol and chlorthalidone Warnings: the footnote of an animal multiple
        "*Based on the maximum dose of 100 mg/day in a 50 kg patient.",
        # cyclosporine Warnings: an excipient's amount
        "For an adult weighing 70 kg, the maximum daily oral dosage would deliver about 1 gram of alcohol",
        # furosemide Warnings: what has been used, not a ceiling
        "(for adults, an infusion rate not exceeding 4 mg furosemide per minute has been used)",
    ):
        assert _keys(outside_maxima(text, names)) == [], text


def test_another_drugs_cap_in_precautions_is_not_the_labels() -> None:
    # gemfibrozil Precautions (seed 20)
    meta = {"generic_names": ["GEMFIBROZIL"], "brand_names": ["Lopid"]}
    text = ("If concomitant use cannot be avoided, initiate rosuvastatin at 5mg once daily. The dose of rosuvastatin "
            "should not exceed 10mg once daily.")
    assert _maxima(meta, (PRECAUTIONS, text)) == []


def test_restated_or_range_end_ceiling_defers_to_dosage_and_administration() -> None:
    # primidone (seed 16): Precautions restates section 2's per-dose ceiling as a day's in grams
    meta = {"generic_names": ["PRIMIDONE"]}
    assert (2000, "mg", "day") not in _maxima(meta, (DOSAGE, "daily doses should not exceed 500 mg four times a day"),
                                              (PRECAUTIONS, "The total daily dosage should not exceed 2 g."))
    assert _maxima(meta, (PRECAUTIONS, "The total daily dosage should not exceed 2 g.")) == [(2, "g", "day")]
    # colistimethate (seed 15): Warnings' "should not exceed 5 mg/kg/day" is the end of section 2's usual range
    meta = {"generic_names": ["COLISTIMETHATE SODIUM"]}
    warn = ("Maximum daily dose calculated from colistin base activity should not exceed 5 mg/kg/day with normal "
            "renal function.")
    assert _maxima(meta, (DOSAGE, "The dose of Colistimethate for Injection, USP should be 2.5 to 5 mg/kg per day of "
                                  "colistin base in 2 to 4 divided doses for patients with normal renal function"),
                   (WARNINGS, warn)) == []


def _segments(text: str) -> list[tuple[bool, str]]:
    from medbrief.sentences import segments

    return [(g.heading, text[g.start : g.end]) for g in segments(text)]


def test_subsection_title_keeps_the_sentences_first_words() -> None:
    # gabapentin enacarbil 2.4 (seed 18) and imipenem/relebactam 8.6 (seed 17): the title ended inside the sentence,
    # before the brand in capitals, so the statement lost "Dosing of" / "Reduce" and its renal instruction
    text = ("If the dose is not taken at the recommended time, skip this dose. 2.4 Recommended Dosage for Renal "
            "Impairment Dosing of HORIZANT is adjusted in accordance with renal function, as represented by "
            "creatinine clearance [see Clinical Pharmacology (12.3) ] .")
    assert (True, "2.4 Recommended Dosage for Renal Impairment") in _segments(text)
    assert any(t.startswith("Dosing of HORIZANT is adjusted") for h, t in _segments(text) if not h)
    text = ("Dosage adjustment for elderly patients should be based on renal function. 8.6 Renal Impairment Reduce "
            "RECARBRIO dosage in adult patients with a CLcr less than 90 mL/min.")
    assert (True, "8.6 Renal Impairment") in _segments(text)
    assert (False, "Reduce RECARBRIO dosage in adult patients with a CLcr less than 90 mL/min.") in _segments(text)
    # a title that ends in a word an instruction may start with stays whole, and a brand after it starts the sentence
    text = "See above. 8.4 Pediatric Use PROLIA is not approved for use in pediatric patients."
    assert (True, "8.4 Pediatric Use") in _segments(text)
    # the instruction is read as the label's renal statement
    meta = {"generic_names": ["IMIPENEM, CILASTATIN, RELEBACTAM"], "brand_names": ["RECARBRIO"]}
    doc = "label:t10"
    p = Passage(f"{doc}#0", doc, "Use in Specific Populations", "43684-0",
                "Dosage adjustment for elderly patients should be based on renal function. 8.6 Renal Impairment Reduce "
                "RECARBRIO dosage in adult patients with a CLcr less than 90 mL/min.", 0)
    quotes = [f.quote for f in label_facts(doc, {"set_id": "s", **meta}, [p]) if f.fact == "renal"]
    assert any(q.startswith("Reduce RECARBRIO dosage") for q in quotes)
