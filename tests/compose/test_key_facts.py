"""The Key facts lead of the label tier (issue 15 points 4 and 5)."""

from __future__ import annotations

from medbrief import pipeline
from medbrief.compose.drafts import Draft, DraftBlock, Evidence
from medbrief.compose.key_facts import asked_slots, daily_maximum, drop_repeats, pick, span, usable
from medbrief.facts import LabelFact
from medbrief.store import Store


def fact(fact: str, kind: str, quote: str, value: object = None, unit: str | None = None, per: str | None = None,
         population: str | None = None, start: int = 0) -> LabelFact:
    return LabelFact("label:x", "x", fact, kind, "label:x#2", start, start + len(quote), quote, value, unit, per,
                     population)


TIZANIDINE = [
    fact("max_dose", "maximum", "Recommended starting dose: 2 mg by mouth every 6 to 8 hours, as needed, up to a "
         "maximum of 3 doses in 24 hours (2.2)", 3, "doses", "day"),
    fact("max_dose", "maximum", "Dosage can be increased by 2 mg to 4 mg per dose every 1 to 4 days; maximum total "
         "daily dosage is 36 mg (2.2)", 36, "mg", "day", start=200),
    fact("max_dose", "maximum", "The maximum total daily dosage is 36 mg.", 36, "mg", "day", start=400),
    fact("starting_dose", "start", "The recommended starting dose is 2 mg by mouth every 6 to 8 hours, as needed, to "
         "a maximum of three doses in 24 hours.", 2, "mg", start=500),
    fact("contraindication", "contraindicated", "Tizanidine capsules are contraindicated in patients: taking strong "
         "CYP1A2 inhibitors [see Drug Interactions ( 7.1 )]. with a history of hypersensitivity to tizanidine.",
         start=700),
]


def test_the_daily_maximum_is_the_stated_mass_per_day_in_its_shortest_wording() -> None:
    # issue 15.5: "maximum daily dose of tizanidine" leads with 36 mg a day, not "3 doses in 24 hours"
    m = daily_maximum(TIZANIDINE)
    assert m is not None and m.quote == "The maximum total daily dosage is 36 mg."


def test_a_limit_beside_other_drugs_is_no_maximum_and_a_range_never_is() -> None:
    facts = [fact("max_dose", "maximum", "In patients taking nelfinavir, do not exceed atorvastatin 40 mg once daily.",
                  40, "mg", "day"),
             fact("max_dose", "range", "The dosage range is 10 mg to 80 mg once daily.", [10, 80], "mg", "day")]
    assert daily_maximum(facts) is None
    assert set(pick(facts)) == {"range"}


def test_quotes_are_trimmed_to_one_whole_sentence() -> None:
    f = TIZANIDINE[-1]
    start, end, text = span(f)
    assert text == "Tizanidine capsules are contraindicated in patients: taking strong CYP1A2 inhibitors [see Drug " \
                   "Interactions ( 7.1 )]."
    assert (start, end) == (f.start, f.start + len(text))
    glued = fact("starting_dose", "start", "Metformin hydrochloride tablets The recommended starting dose of metformin "
                 "is 500 mg orally twice a day.", 500, "mg")
    assert span(glued)[2].startswith("The recommended starting dose")
    assert pick(TIZANIDINE)["contraindication"] is f


def test_fragments_and_lead_ins_are_not_key_facts() -> None:
    assert not usable("Pregabalin capsules are indicated for: • Management of neuropathic pain • Management of "
                      "fibromyalgia")
    assert not usable("Acute liver failure or decompensated cirrhosis [see Warnings and Precautions (5.3)]")
    assert not usable("Maintenance of Normal Sinus Rhythm (Delay in AF/AFl Recurrence) Dofetilide capsules are "
                      "indicated for the maintenance of normal sinus rhythm.")
    assert usable("The maximum total daily dosage is 36 mg.")


def test_the_asked_fact_leads() -> None:
    assert asked_slots(("max_dose",))[0] == "maximum"
    assert asked_slots(("renal", "warnings")) == ("renal",)
    assert asked_slots(("interactions",)) == ()


def test_a_statement_the_lead_shows_is_dropped_below() -> None:
    ev = Evidence("label:x", "label:x#2", 400, 440, "The maximum total daily dosage is 36 mg.")
    lead = DraftBlock("Key facts", [Draft(ev.quote, [ev])])
    other = Draft("Monitor aminotransferase levels at baseline.", [Evidence("label:x", "label:x#3", 0, 44, "...")])
    below = [DraftBlock("Maximum Dose", [Draft(ev.quote, [ev])]), DraftBlock("Dosing", [other])]
    assert [(b.heading, [d.text for d in b.statements]) for b in drop_repeats(below, lead)] == [
        ("Dosing", ["Monitor aminotransferase levels at baseline."])]


def _label_tier(store: Store, question: str) -> tuple[list[dict], list[str]]:
    brief = pipeline.ask_store(store, question).to_json_dict()
    tier = next(s for s in brief["sections"] if s["tier"] == "label")
    return tier["blocks"], brief["notes"]


def test_real_tizanidine_maximum_question_opens_with_the_daily_maximum(real_store: Store) -> None:
    blocks, notes = _label_tier(real_store, "What is the maximum daily dose of tizanidine?")
    assert blocks[0]["heading"] == "Key facts"
    texts = [s["text"] for s in blocks[0]["statements"]]
    assert texts[0] == "The maximum total daily dosage is 36 mg."
    assert len(texts) <= 6 and any("starting dose is 2 mg" in t for t in texts)
    spans = [(sp["passage_id"], sp["start"]) for b in blocks for s in b["statements"] for sp in s["support"][:1]]
    assert len(spans) == len(set(spans))  # nothing twice in the label tier
    # the Key facts' note names only the facts asked (fix15n): a maximum-dose question is not told of a boxed warning
    assert not any("boxed warning was found" in n for n in notes), notes
    assert not any("above the label maximum" in n for n in notes)  # research titrates to 36 mg/d: not above


def test_real_metformin_kidney_question_leads_with_the_renal_contraindication(real_store: Store) -> None:
    blocks, _ = _label_tier(real_store, "Is metformin safe in kidney disease?")
    first = blocks[0]["statements"][0]["text"]
    assert blocks[0]["heading"] == "Key facts" and "contraindicated" in first and "eGFR" in first


def test_real_questions_the_lead_does_not_answer_keep_their_answer_first(real_store: Store) -> None:
    # an interaction question's answer is the contraindicated combination, not the lead's indication and doses
    blocks, _ = _label_tier(real_store, "Can tizanidine be taken with ciprofloxacin?")
    assert not blocks[0]["heading"].endswith("Key facts")
    assert "ciprofloxacin" in blocks[0]["statements"][0]["text"]
    assert any(b["heading"].endswith("Key facts") for b in blocks[1:])
    # an overview still opens with the Key facts
    blocks, _ = _label_tier(real_store, "What is tizanidine used for?")
    assert blocks[0]["heading"] == "Key facts"


def test_a_childs_or_first_dose_ceiling_is_not_the_maximum() -> None:
    # fresh-user trial: atorvastatin's "Pediatric starting dose: ...; maximum recommended dose: 20 mg once daily" and
    # metoprolol's "Patients >= 6 Years of age: ... the maximum initial dose should not exceed 50 mg" were shown as
    # the drug's maximum and drove false "above the label maximum" notes
    from medbrief.compose.key_facts import applies_to_all

    child = fact("max_dose", "maximum", "Pediatric starting dose: 10 mg once daily; maximum recommended dose: 20 mg "
                 "once daily.", 20, "mg", "day")
    first = fact("max_dose", "maximum", "Patients ≥ 6 Years of age: The recommended starting dose is 1 mg/kg once "
                 "daily, but the maximum initial dose should not exceed 50 mg once daily.", 50, "mg", "day", start=300)
    adult = fact("max_dose", "maximum", "The maximum total daily dosage is 80 mg.", 80, "mg", "day", start=600)
    assert "maximum" not in pick([child, first])
    assert daily_maximum([child, first, adult]) == adult and pick([child, adult])["maximum"] == adult
    assert applies_to_all(adult) and not applies_to_all(child) and not applies_to_all(first)


def test_a_statement_that_leans_on_the_one_before_or_a_subgroups_dose_is_no_key_fact() -> None:
    # second trial: morphine's "Start these patients with a lower than usual dosage" as the renal AND hepatic fact,
    # aripiprazole's adolescent "starting daily dose ... in these patients was 2 mg", oxybutynin's frail elderly start
    from medbrief.compose.key_facts import for_everyone

    these = fact("renal", "adjust", "Start these patients with a lower than usual dosage and titrate slowly.")
    elderly = fact("starting_dose", "start", "A lower starting dose of 2.5 mg two or three times a day is recommended "
                   "for the frail elderly.", 2.5, "mg", start=200)
    adult = fact("starting_dose", "start", "The usual starting dose is 5 mg two times a day.", 5, "mg", start=400)
    got = pick([these, elderly, adult])
    assert "renal" not in got and got["start"] == adult
    text = "Renal Impairment: For patients with creatinine clearance below 30 mL/min, halve the initial dose. "
    capped = fact("max_dose", "maximum", "Up titrate as tolerated to a maximum of 40 mg daily.", 40, "mg", "day",
                  start=len(text))
    assert not for_everyone(capped, (text + capped.quote, "Dosage and Administration"))
    other = LabelFact("label:x", "x", "max_dose", "maximum", "p", 14, 14 + len(capped.quote), capped.quote, 40, "mg",
                      "day")
    assert for_everyone(other, ("Hypertension: " + capped.quote, "Dosage and Administration"))


def test_a_dose_under_a_subgroups_subsection_heading_is_not_for_everyone() -> None:
    # second trial: lisinopril's "Up titrate as tolerated to a maximum of 40 mg daily." stands under "2.4 Dose in
    # Patients with Renal Impairment", more than a few sentences after the heading
    from medbrief.compose.key_facts import for_everyone

    head = ("2.4 Dose in Patients with Renal Impairment\nNo dose adjustment of lisinopril is required in patients with "
            "creatinine clearance > 30 mL/min. In patients with creatinine clearance >= 10 mL/min and <= 30 mL/min, "
            "reduce the initial dose of lisinopril to half of the usual recommended dose i.e., hypertension, 5 mg; "
            "systolic heart failure, 2.5 mg and acute MI, 2.5 mg. ")
    quote = "Up titrate as tolerated to a maximum of 40 mg daily."
    f = LabelFact("label:l", "l", "max_dose", "maximum", "p", len(head), len(head) + len(quote), quote, 40, "mg", "day")
    assert not for_everyone(f, (head + quote, "Dosage and Administration"))
    other = "2.1 Hypertension\n" + "Initial therapy: 10 mg once daily. " * 8
    g = LabelFact("label:l", "l", "max_dose", "maximum", "p", len(other), len(other) + len(quote), quote, 40, "mg",
                  "day")
    assert for_everyone(g, (other + quote, "Dosage and Administration"))
