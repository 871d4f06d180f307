"""Label disagreements (issue 15 point 6): facts.compare on hand-built LabelFacts, and on two real carvedilol labels
of the shared data whose stated maxima differ (50 mg a day for the tablets, 80 mg a day for the extended-release
capsules: two products, so never compared)."""

from __future__ import annotations

import dataclasses

import pytest

from medbrief import facts_service
from medbrief.facts import LabelFact
from medbrief.facts.compare import (
    Disagreement,
    label_disagreements,
    label_form,
    label_release,
    population_key,
    population_of,
    releases_in,
    route_key,
)
from medbrief.store import Store
from tests.conftest import module_store_of_shared_labels


def fact(doc: str, value: object = 36, unit: str | None = "mg", per: str | None = "day", *, fact: str = "max_dose",
         kind: str = "maximum", population: str | None = None, route_form: str | None = None,
         quote: str = "The maximum total daily dosage is stated.") -> LabelFact:
    return LabelFact(doc_id=f"label:{doc}", set_id=doc, fact=fact, kind=kind, passage_id=f"label:{doc}#p1",  # type: ignore[arg-type]
                     start=0, end=len(quote), quote=quote, value=value, unit=unit, per=per,  # type: ignore[arg-type]
                     population=population, route_form=route_form)


def values(d: Disagreement) -> list[tuple[object, str | None, list[str]]]:
    return [(v, u, [f.doc_id for f in fs]) for v, u, fs in d.values]


def test_two_labels_stating_different_maxima_disagree_sorted_by_value() -> None:
    a, b, c = fact("a", 36), fact("b", 24), fact("c", 36)
    [d] = label_disagreements([a, b, c])
    assert (d.fact, d.per, d.population, d.route_form) == ("max_dose", "day", None, None)
    assert values(d) == [(24, "mg", ["label:b"]), (36, "mg", ["label:a", "label:c"])]
    assert d.values[1][2] == (a, c)  # the facts themselves, each quoting its label
    assert d.doc_ids == ("label:b", "label:a", "label:c")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.fact = "renal"  # type: ignore[misc]


def test_same_value_or_one_label_only_is_no_disagreement() -> None:
    assert label_disagreements([fact("a", 36), fact("b", 36)]) == []
    # one label stating two values (two products in one text) does not disagree with itself
    assert label_disagreements([fact("a", 36), fact("a", 24)]) == []


def test_silence_is_absence_not_disagreement() -> None:
    # label b states no maximum (only a usual range, a titration step and a caution): nothing to compare
    found = [fact("a", 36),
             fact("b", [10, 80], kind="range"),
             fact("b", 2, "mg", "1 to 4 days", fact="starting_dose", kind="titration"),
             fact("b", None, None, None, fact="renal", kind="monitor", quote="Use with caution in renal impairment.")]
    assert label_disagreements(found) == []


def test_a_shared_value_is_no_disagreement() -> None:
    # label a: 2,550 mg (tablets) and 2,000 mg (extended-release) in one text; label b: 2,000 mg only
    assert label_disagreements([fact("a", 2550), fact("a", 2000), fact("b", 2000)]) == []
    [d] = label_disagreements([fact("a", 2550), fact("a", 2000), fact("b", 1500)])
    assert values(d) == [(1500, "mg", ["label:b"]), (2000, "mg", ["label:a"]), (2550, "mg", ["label:a"])]


def test_units_normalised_to_mg_and_never_mixed() -> None:
    assert label_disagreements([fact("a", 4, "g"), fact("b", 4000, "mg"), fact("c", 4000000, "mcg")]) == []
    [d] = label_disagreements([fact("a", 3, "g"), fact("b", 4000, "mg")])
    assert values(d) == [(3000, "mg", ["label:a"]), (4000, "mg", ["label:b"])]
    # mg against mg/kg, tablets or mL: not comparable
    assert label_disagreements([fact("a", 40, "mg"), fact("b", 0.5, "mg/kg"), fact("c", 6, "tablets"),
                                fact("d", 20, "mL")]) == []
    # mcg/kg is compared as mg/kg
    [d] = label_disagreements([fact("a", 500, "mcg/kg"), fact("b", 1, "mg/kg")])
    assert values(d) == [(0.5, "mg/kg", ["label:a"]), (1, "mg/kg", ["label:b"])]


def test_per_population_and_route_must_match() -> None:
    assert label_disagreements([fact("a", 36, per="day"), fact("b", 12, per="dose")]) == []
    assert label_disagreements([fact("a", 4000, population="adults"),
                                fact("b", 75, population="pediatric patients")]) == []
    # adults however written, or unstated, are the same population
    [d] = label_disagreements([fact("a", 36, population="Adults"), fact("b", 24, population=None),
                               fact("c", 24, population="adult patients")])
    assert d.population is None and len(d.doc_ids) == 3
    assert label_disagreements([fact("a", 2000, route_form="extended-release tablets"),
                                fact("b", 2550, route_form="tablets")]) == []
    [d] = label_disagreements([fact("a", 36, route_form="by mouth"), fact("b", 24, route_form="tablets")])
    assert d.route_form == "oral"


def test_label_dosage_form_separates_an_injection_from_tablets() -> None:
    found = [fact("a", 10, fact="starting_dose", kind="start", per=None),
             fact("b", 150, fact="starting_dose", kind="start", per=None)]
    assert len(label_disagreements(found)) == 1
    assert label_disagreements(found, {"label:a": "TABLET, FILM COATED", "label:b": "injectable"}) == []
    [d] = label_disagreements(found, {"label:a": "tablet", "label:b": "capsule"})
    assert d.route_form == "oral"
    assert route_key("CAPSULE, EXTENDED RELEASE") == "oral extended-release"
    assert route_key("IV infusion") == "intravenous"
    assert population_key("ADULTS") is None and population_key("Pediatric  Patients") == "pediatric patients"


def test_a_dose_for_an_unnamed_subgroup_is_not_compared() -> None:
    # sildenafil on the demo store: 25 mg with CYP3A4 inhibitors against the usual 50 mg
    found = [fact("a", 25, per=None, fact="starting_dose", kind="start",
                  quote="Consider a starting dose of 25 mg in patients treated with strong CYP3A4 inhibitors."),
             fact("b", 50, per=None, fact="starting_dose", kind="start", quote="The recommended dose is 50 mg.")]
    assert label_disagreements(found) == []


def test_only_stated_maxima_and_starts_compared() -> None:
    found = [fact("a", 36), fact("b", 24, kind="range"),
             fact("a", 2, per=None, fact="starting_dose", kind="start"),
             fact("b", 4, per=None, fact="starting_dose", kind="titration"),
             fact("a", [85, 170]), fact("b", "320/25")]
    assert label_disagreements(found) == []


def at(passage: str, quote: str, value: object = 20, population: str | None = None) -> LabelFact:
    """A dose fact quoting `quote` at its last place in `passage`."""
    i = passage.rindex(quote)
    return dataclasses.replace(fact("x", value, quote=quote, population=population), start=i, end=i + len(quote))


def test_population_named_in_the_quote_the_heading_or_a_lead_in() -> None:
    # atorvastatin (issue 15 trial): the quote itself names children
    q = "Pediatric starting dose: 10 mg once daily; maximum recommended dose: 20 mg once daily (2.2)."
    assert population_of(at(q, q)) == "pediatric patients"
    # the subsection heading names them (another atorvastatin label's 2.2)
    text = ("2.1 Adults The maximum dose is 80 mg once daily. 2.2 Hyperlipidemia in Pediatric Patients (10-17 years) "
            "The maximum recommended dose is 20 mg/day.")
    assert population_of(at(text, "The maximum recommended dose is 20 mg/day."), text) == (
        "pediatric patients (10-17 years)")
    assert population_of(at(text, "The maximum dose is 80 mg once daily.", 80), text) is None  # the adults' heading
    # metformin: a lead-in ending in a colon, the nearest wins (adult before, pediatric after)
    hl = ("Adult Dosage for metformin hydrochloride tablets : Starting dose: 500 mg orally twice a day ( 2.1 ) "
          "Increase up to a maximum dose of 2550 mg per day ( 2.1 ) Pediatric Dosage for metformin hydrochloride "
          "tablets : Starting dose: 500 mg orally twice a day ( 2.2 ) Increase dosage up to a maximum of 2000 mg per "
          "day ( 2.2 )")
    assert population_of(at(hl, "Increase dosage up to a maximum of 2000 mg per day", 2000), hl) == (
        "pediatric patients")
    assert population_of(at(hl, "Increase up to a maximum dose of 2550 mg per day", 2550), hl) is None
    # the passage's section title is the heading when the text holds none
    assert population_of(at("The maximum dose is 20 mg a day.", "The maximum dose is 20 mg a day."),
                         "The maximum dose is 20 mg a day.", "8.4 Pediatric Use") == "pediatric patients"
    # the fact's own population first; a children's word in unrelated prose before is not a lead-in
    assert population_of(at(text, "The maximum recommended dose is 20 mg/day.", population="Adults"), text) is None
    prose = "Safety in pediatric patients has not been established. The maximum dose is 40 mg a day."
    assert population_of(at(prose, "The maximum dose is 40 mg a day.", 40), prose) is None


def test_a_childrens_dose_is_never_compared_with_an_adult_dose() -> None:
    hl = "Pediatric Dosage for the tablets : Increase dosage up to a maximum of 2000 mg per day ( 2.2 )"
    child = at(hl, "Increase dosage up to a maximum of 2000 mg per day", 2000)
    child = dataclasses.replace(child, doc_id="label:a", passage_id="label:a#1")
    adult = fact("b", 2550, quote="Increase up to a maximum dose of 2550 mg per day.")
    passage = dataclasses.make_dataclass("P", ["section", "text"])("Dosage and Administration", hl)
    assert label_disagreements([child, adult], passages={"label:a#1": passage}) == []
    assert len(label_disagreements([child, adult])) == 1  # without the lead-in read, the fault comes back


def renal(doc: str, kind: str, quote: str, population: str | None = None, organ: str = "renal") -> LabelFact:
    return fact(doc, None, None, None, fact=organ, kind=kind, quote=quote, population=population)


def test_renal_verdicts_contraindicated_against_no_adjustment_same_severity() -> None:
    avoid = renal("a", "contraindicated", "Contraindicated in patients with severe renal impairment.")
    none_severe = renal("b", "no_adjustment", "No dose adjustment is needed in severe renal impairment.")
    none_mild = renal("c", "no_adjustment", "No dose adjustment is needed in mild renal impairment.")
    [d] = label_disagreements([avoid, none_severe, none_mild])
    assert (d.fact, d.population) == ("renal", "severe")
    assert values(d) == [("contraindicated or avoid", None, ["label:a"]), ("no dose adjustment", None, ["label:b"])]
    # mild against severe: different patients, no disagreement
    assert label_disagreements([avoid, none_mild]) == []
    # renal is never compared with hepatic
    hep = renal("b", "no_adjustment", "No dose adjustment is needed in severe hepatic impairment.", organ="hepatic")
    assert label_disagreements([avoid, hep]) == []


def test_renal_adjust_or_monitor_states_no_comparable_verdict() -> None:
    adjust = renal("a", "adjust", "The recommended starting dosage is 50 mg in patients with mild renal impairment.")
    monitor = renal("a", "monitor", "Use with caution in patients with mild renal impairment.")
    none_mild = renal("b", "no_adjustment", "No dose adjustment is required for mild renal impairment.")
    assert label_disagreements([adjust, monitor, none_mild]) == []
    avoid = renal("c", "avoid", "Avoid use in patients with mild renal impairment.")
    assert [d.fact for d in label_disagreements([adjust, none_mild, avoid])] == ["renal"]


# -- two real labels of one ingredient (shared data) ---------------------------------------------------------------
CARVEDILOL = {
    "245dba0dfb8dc57c186b0a348f47789f512babc1.json": "carvedilol tablets (RemedyRepack): not to exceed 50 mg a day",
    "68de2ee6287db633d59d15cc9814aebe06e1967e.json": "carvedilol phosphate capsules (Bryant Ranch): 80 mg a day",
}

carvedilol = module_store_of_shared_labels(CARVEDILOL)


def test_release_read_from_every_place_the_record_states_it() -> None:
    # the openFDA dosage form says "capsule"; the title, a name or the description says extended-release
    assert label_release("Carvedilol Phosphate capsule", {"dosage_form": "capsule"}) is None
    desc = [dataclasses.make_dataclass("P", ["section", "text"])(
        "11 DESCRIPTION", "Carvedilol phosphate extended-release capsules are available for once-a-day use.")]
    assert label_release("Carvedilol Phosphate capsule", {"dosage_form": "capsule"}, desc) == "extended"
    assert label_form("Carvedilol Phosphate capsule", {"dosage_form": "capsule"}, desc) == "capsule, extended release"
    dosing = [dataclasses.make_dataclass("P", ["section", "text"])(
        "2 DOSAGE AND ADMINISTRATION", "Patients on immediate-release carvedilol tablets may be switched.")]
    assert label_release("Carvedilol tablets", {"dosage_form": "TABLET"}, dosing) is None  # dosing text not read
    assert label_release("TOPROL-XL", {}) == label_release("x", {"brand_names": ["Coreg CR"]}) == "extended"
    assert label_release("x", {"dosage_form": "TABLET, DELAYED RELEASE"}) == "delayed"
    assert label_release("x", {"generic_names": ["omeprazole DR"]}) == "delayed"
    assert label_release("Metformin tablets and metformin extended-release tablets",
                         {"generic_names": ["metformin immediate-release"]}) == "mixed"
    assert releases_in("sustained-release or controlled release") == {"extended"}
    assert releases_in("complete response (CR)", suffixes=False) == set()


def test_extended_release_never_compared_with_immediate_release() -> None:
    found = [fact("ir", 50), fact("er", 80)]
    forms = {"label:ir": "tablet", "label:er": "capsule, extended release"}
    assert label_disagreements(found, forms) == []
    # the dose's own words decide before the label's form; ER against ER is compared
    assert route_key(None, "Total daily dose should not exceed 80 mg.", "capsule, extended release") == (
        "oral extended-release")
    assert route_key("tablets", "Do not exceed 2,000 mg of the extended-release tablets.", "tablet") == (
        "oral extended-release")
    [d] = label_disagreements([fact("er", 80), fact("er2", 60)],
                              {"label:er": "capsule, extended release", "label:er2": "CAPSULE, EXTENDED RELEASE"})
    assert d.route_form == "oral extended-release"
    # a label of two products: a dose that names neither is not compared (which product is it of?)
    assert label_disagreements([fact("mix", 2550), fact("ir", 2000)],
                               {"label:mix": "tablet, mixed release", "label:ir": "tablet"}) == []


@pytest.mark.data
def test_real_carvedilol_tablets_and_extended_release_capsules_are_not_compared(carvedilol: Store) -> None:
    """The issue's fault: the carvedilol phosphate label (set id 3697789e…) is extended-release capsules in its own
    text, though its openFDA dosage form is "capsule"; its 80 mg a day was reported as disagreeing with the
    tablets' 50 mg."""
    found = list(facts_service.facts_store(carvedilol, "carvedilol"))
    ids = sorted({f.doc_id for f in found})
    assert len(ids) == 2
    docs = carvedilol.db.documents(ids)
    assert {docs[i].meta.get("dosage_form") for i in ids} == {"tablet", "capsule"}  # the record's forms alone
    forms = {i: label_form(docs[i].title, docs[i].meta, carvedilol.db.passages_of(i)) for i in ids}
    [er] = [i for i in ids if i.startswith("label:3697789e")]
    assert forms[er] == "capsule, extended release"
    assert forms[next(i for i in ids if i != er)] == "tablet"
    # both maxima are read (50 mg and 80 mg a day) ...
    maxima = {(f.doc_id == er, f.value) for f in found if f.fact == "max_dose" and f.kind == "maximum"
              and f.per == "day"}
    assert {(False, 50), (True, 80)} <= maxima
    # ... but never compared: two products
    assert [d for d in label_disagreements(found, forms) if d.fact == "max_dose"] == []
    # without the release read from the text, the old fault comes back (this test would catch it)
    bare = {i: docs[i].meta.get("dosage_form") for i in ids}
    assert [d.fact for d in label_disagreements(found, bare)] == ["max_dose"]
