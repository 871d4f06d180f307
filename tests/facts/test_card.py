"""The drug card built from hand-made facts and label documents (pure: facts.card): statements merged across labels
only when they say the same, absent facts said, disagreements side by side, the text at any width."""

from __future__ import annotations

from medbrief.facts import LabelFact
from medbrief.facts.card import build_card, to_text, value_text
from medbrief.facts.drug_entry import drug_entry
from medbrief.records import Document, Section


def doc(doc_id: str, date: str, title: str, manufacturer: str, form: str = "TABLET") -> Document:
    return Document(id=f"label:{doc_id}", tier="label", title=title, source="openFDA",
                    sections=(Section("x", "x", None),), date=date, version="3",
                    meta={"set_id": doc_id, "manufacturer": manufacturer, "dosage_form": form, "route": ["ORAL"]})


def fact(doc_id: str, fact_: str, kind: str, quote: str, value: object = None, unit: str | None = None,
         per: str | None = None, population: str | None = None) -> LabelFact:
    return LabelFact(doc_id=f"label:{doc_id}", set_id=doc_id, fact=fact_, kind=kind,  # type: ignore[arg-type]
                     passage_id=f"label:{doc_id}#1", start=0, end=len(quote), quote=quote,
                     value=value, unit=unit, per=per, population=population)  # type: ignore[arg-type]


OLD = doc("old", "2019-01-01", "Carvedilol tablets", "Old Labs")
NEW = doc("new", "2026-01-01", "Carvedilol tablets", "New Labs")
CAPS = doc("caps", "2024-06-01", "Carvedilol phosphate capsules", "Caps Inc", "CAPSULE")
FACTS = [
    fact("old", "max_dose", "maximum", "Total daily dose should not exceed 50 mg.", 50, "mg", "day"),
    fact("new", "max_dose", "maximum", "Total daily dose must not exceed 50 mg.", 50, "mg", "day"),
    fact("new", "max_dose", "maximum", "Do not exceed 50 mg in a day, whatever the indication, as explained.", 50,
         "mg", "day"),
    fact("caps", "max_dose", "maximum", "Total daily dose should not exceed 80 mg.", 80, "mg", "day"),
    fact("new", "max_dose", "range", "The usual dose is 6.25 to 25 mg twice daily.", [6.25, 25], "mg", "dose"),
    fact("old", "hepatic", "contraindicated", "Contraindicated in severe hepatic impairment."),
    fact("new", "hepatic", "contraindicated", "Contraindicated in severe  hepatic impairment."),
    fact("caps", "hepatic", "contraindicated", "Do not use in patients with severe hepatic impairment."),
]


def test_card_merges_same_statements_and_shows_disagreements() -> None:
    entry = drug_entry("carvedilol", [OLD, NEW, CAPS])
    card = build_card("Coreg", entry, FACTS, {r.doc_id: r.dosage_form for r in entry.labels})
    maxima = card.sections[0].statements
    # the ceiling first (50 mg: two labels; 80 mg: one), the range last and never a maximum
    assert [(s.fact.value, s.fact.kind, s.doc_ids) for s in maxima] == [
        (50, "maximum", ("label:new", "label:old")), (80, "maximum", ("label:caps",)),
        ([6.25, 25], "range", ("label:new",))]
    assert maxima[0].fact.quote == "Total daily dose must not exceed 50 mg."  # the newest label's shortest
    hepatic = next(s for s in card.sections if s.key == "hepatic").statements
    # the same words (spacing aside) merge; other words stay apart
    assert [s.doc_ids for s in hepatic] == [("label:new", "label:old"), ("label:caps",)]
    assert card.absent == ["starting_dose", "titration", "renal", "boxed_warning", "contraindication", "withdrawal",
                           "pregnancy", "lactation", "adverse_reaction"]
    [d] = card.disagreements
    assert [(v, [f.doc_id for f in fs]) for v, _, fs in d.values] == [
        (50, ["label:new", "label:new", "label:old"]), (80, ["label:caps"])]
    text = to_text(card, 100)
    assert "Labels: 3 (2019-01-01 to 2026-01-01)" in text
    assert "  - 50 mg per day\n    “Total daily dose must not exceed 50 mg.” [1] (and 1 other label)" in text
    assert "usual range 6.25–25 mg per dose (a range, not a maximum)" in text
    # what the reader did not find is said as that, never as a claim about the label (issue 15 trial)
    assert ("Starting dose\n-------------\n  None found by the fact reader in these labels (read section 2, Dosage and"
            in text)
    assert "Pregnancy, in the label)." in text and "not stated" not in text.lower()
    assert "    80 mg | [2] Carvedilol phosphate capsules | “Total daily dose should not exceed 80 mg.”" in text
    rows = [ln for ln in text.splitlines() if " | [" in ln]
    assert rows == ["    50 mg | [1] Carvedilol tablets | “Total daily dose must not exceed 50 mg.”",  # one row a label
                    "    50 mg | [3] Carvedilol tablets | “Total daily dose should not exceed 50 mg.”",
                    "    80 mg | [2] Carvedilol phosphate capsules | “Total daily dose should not exceed 80 mg.”"]
    assert "  [1] Carvedilol tablets — New Labs, set id new, version 3, 2026-01-01" in text
    assert "RxCUI: not recorded" in text and "UNII: not recorded" in text
    d = card.to_dict()
    assert d["absent"] == d["not_found"] == card.absent and d["disagreements"][0]["values"][1]["value"] == 80
    preg = next(s for s in d["sections"] if s["key"] == "pregnancy")
    assert preg["absent"] is preg["not_found"] is True and preg["read"] == "section 8.1, Pregnancy"
    assert d["sections"][0]["not_found"] is False


def test_card_text_wraps_and_never_cuts_words() -> None:
    entry = drug_entry("carvedilol", [OLD, NEW, CAPS])
    card = build_card("carvedilol", entry, FACTS)
    for width in (20, 33, 60, 80, 120):
        lines = to_text(card, width).splitlines()
        assert all(len(ln) <= width or " " not in ln.strip() for ln in lines), width
        assert " ".join(" ".join(lines).split()).count("Total daily dose must not exceed 50 mg.") == 2  # fact + row
    assert len(max(to_text(card, 0).splitlines(), key=len)) > 90  # 0: no wrapping


def test_combination_only_card_says_so() -> None:
    combo = doc("combo", "2025-01-01", "JANUMET (sitagliptin and metformin) tablets", "Merck")
    entry = drug_entry("sitagliptin", [], {"metformin and sitagliptin": [combo]})
    card = build_card("sitagliptin", entry, [fact("combo", "boxed_warning", "present", "WARNING: LACTIC ACIDOSIS")])
    text = to_text(card, 80)
    assert ("No label of sitagliptin alone is stored: shown from combination labels (metformin and sitagliptin)."
            in " ".join(text.split()))
    assert card.to_dict()["entry"]["from_combinations"] is True


def test_value_text() -> None:
    step = fact("a", "starting_dose", "titration", "Increase by 2 mg to 4 mg every 1 to 4 days.", [2, 4], "mg",
                "1 to 4 days")
    assert value_text(step) == "step 2–4 mg, every 1 to 4 days"
    assert value_text(fact("a", "starting_dose", "start", "Start with 10 or 20 mg.", [10, 20], "mg")) == "10 or 20 mg"
    assert value_text(fact("a", "max_dose", "maximum", "Do not exceed 4,000 mg a day.", 4000, "mg", "day",
                           "adults")) == "4000 mg per day — adults"
    assert value_text(fact("a", "renal", "no_adjustment", "No dose adjustment is needed.")) == "no dose adjustment"


def test_another_drugs_ceiling_is_shown_apart_from_the_drugs_own_maximum():
    # darunavir/cobicistat's Drug Interactions: atorvastatin's cap with it is no ceiling of darunavir/cobicistat
    label = doc("pc", "2025-01-01", "Prezcobix tablets", "Janssen")
    quote = "atorvastatin dosage should not exceed 20 mg/day"
    facts = [fact("pc", "max_dose", "interaction", quote, 20, "mg", "day", "atorvastatin, with PREZCOBIX")]
    card = build_card("prezcobix", drug_entry("prezcobix", [label]), facts)
    sections = {s.key: s for s in card.sections}
    assert sections["max_dose"].statements == ()
    assert [s.fact.quote for s in sections["interaction_max"].statements] == [quote]
    text = to_text(card, 0)
    own = text.split("Maximum dose\n")[1].split("\n\n")[0]
    assert "20 mg" not in own and "None found" in own
    assert "Other drugs' limits when taken with it" in text and "atorvastatin, with PREZCOBIX" in text
    # a card with no such limit lists no empty section for them, and does not call them not found
    empty = build_card("prezcobix", drug_entry("prezcobix", [label]), [])
    assert "Other drugs' limits" not in to_text(empty, 0) and "interaction_max" not in empty.absent
