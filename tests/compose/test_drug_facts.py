"""OTC Drug Facts: flattened Directions split into items (spans of the stored text), OTC dose units, briefs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medbrief import pipeline
from medbrief.compose.drug_facts import drug_facts_items, is_drug_facts
from medbrief.compose.label_reading import SPECIFIC_DRUG_FACTS as _SPECIFIC_DRUG_FACTS
from medbrief.compose.label_reading import statements as _statements
from medbrief.compose.sentences import Sentence, sentences
from medbrief.records import Passage
from medbrief.store import Store
from tests.conftest import store_of_fixtures

FIXTURE = Path(__file__).parents[1] / "fixtures" / "openfda_otc" / "drug-facts.json"


def _directions(generic: str) -> str:
    for rec in json.loads(FIXTURE.read_text())["results"]:
        if rec["openfda"]["generic_name"] == [generic]:
            return str(rec["dosage_and_administration"][0])
    raise KeyError(generic)


def _items(text: str) -> list[str]:
    out = []
    for s in sentences(text):
        for item in drug_facts_items(text, s):
            assert text[item.start : item.end] == item.text  # every item is a span of the stored text
            out.append(item.text)
    return out


@pytest.mark.parametrize(
    ("generic", "expected"),
    [
        ("IBUPROFEN", [
            "do not take more than directed",
            "the smallest effective dose should be used",
            "adults and children 12 years and over: take 1 tablet every 4 to 6 hours while symptoms last if pain or "
            "fever does not respond to 1 tablet, 2 tablets may be used",
            "do not exceed 6 tablets in 24 hours, unless directed by a doctor",
            "children under 12 years: ask a doctor",
        ]),
        ("ACETAMINOPHEN", [
            "do not take more than directed (see overdose warning)",
            "adults and children 12 years and over take 2 caplets every 6 hours while symptoms last",
            "do not take more than 6 caplets in 24 hours, unless directed by a doctor",
            "do not use for more than 10 days unless directed by a doctor",
            "children under 12 years ask a doctor",
        ]),
        ("LORATADINE", [
            "adults and children 6 years and over 1 tablet daily; not more than 1 tablet in 24 hours",
            "children 2 to under 6 years of age ask a doctor",
            "children under 2 years of age ask a doctor",
            "consumers with liver or kidney disease ask a doctor",
        ]),
        ("GUAIFENESIN", [
            "do not take more than 6 doses in any 24-hour period",
            "adults and children 12 years and over 2 to 4 teaspoons every 4 hours",
            "children 6 to under 12 years 1 to 2 teaspoons every 4 hours",
            "children under 6 years do not use",
        ]),
    ],
)
def test_flattened_directions_split_into_items(generic: str, expected: list[str]) -> None:
    assert _items(_directions(generic)) == expected


def test_a_flattened_dosing_chart_is_not_an_item() -> None:
    # openFDA runs a weight/age chart into the text: its header ends the item before it, and its cells ("24-35
    # 2-3 years 5 mL") are never stated without the columns that say what they are
    text = ("Directions shake well before using do not give more than 5 times in 24 hours Weight (lb) Age (yr) "
            "Dose (mL) under 24 under 2 years ask a doctor 24-35 2-3 years 5 mL 36-47 4-5 years 7.5 mL")
    assert _items(text) == ["shake well before using", "do not give more than 5 times in 24 hours"]


def test_items_keep_clauses_whole() -> None:
    # "to children under 12", "may be used", "1 spray", "gently rub", "prolonged use of": no item starts there
    text = ("Directions do not give to children under 12 years of age unless directed by a doctor adults and children "
            "12 years and over use 1 spray in each nostril once daily then gently rub the nose avoid prolonged use of "
            "this product")
    assert _items(text) == [
        "do not give to children under 12 years of age unless directed by a doctor",
        "adults and children 12 years and over use 1 spray in each nostril once daily then gently rub the nose avoid "
        "prolonged use of this product",
    ]


def test_bullets_and_hyphen_items_are_trimmed() -> None:
    text = "Directions • take 2 caplets every 6 hours ▪ do not take more than 6 caplets in 24 hours"
    assert _items(text) == ["take 2 caplets every 6 hours", "do not take more than 6 caplets in 24 hours"]
    headed = "Directions: take 2 tablets every 4 hours do not take more than 8 tablets in 24 hours"
    assert _items(headed) == ["take 2 tablets every 4 hours", "do not take more than 8 tablets in 24 hours"]
    spl_lines = "Directions\n- take 1 tablet every 4 to 6 hours\n- do not take more than 6 times in 24 hours"
    assert _items(spl_lines) == ["take 1 tablet every 4 to 6 hours", "do not take more than 6 times in 24 hours"]


_PIECES = st.sampled_from([*"abt eo:;,.•-\n12A", "take ", "do not ", "children under 12 years ", "adults and children ",
                            "use ", "tablets ", ": ", "consumers with ", "gently "])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_items_are_spans_inside_their_sentence(text: str) -> None:
    for s in sentences(text, min_chars=1):
        for item in drug_facts_items(text, s):
            assert s.start <= item.start < item.end <= s.end
            assert text[item.start : item.end] == item.text and item.text == item.text.strip()


def test_only_drug_facts_directions_are_split() -> None:
    def passage(code: str, text: str = "x") -> Passage:
        return Passage("label:a#0", "label:a", "s", code, text, 0)

    assert is_drug_facts([passage("34068-7"), passage("55105-1")])  # has a Purpose section: Drug Facts
    assert not is_drug_facts([passage("34067-9"), passage("34068-7")])  # prescribing information
    prose = "Patients should take the tablets with food and take 2 mg at bedtime if tolerated over several weeks."
    assert [s.text for s in _statements(prose, False)] == [prose]
    assert all(isinstance(s, Sentence) for s in _statements(prose, True))


@pytest.mark.parametrize(
    ("facet", "text"),
    [
        ("max_dose", "do not exceed 6 tablets in 24 hours, unless directed by a doctor"),
        ("max_dose", "do not take more than 4 doses in 24 hours"),
        ("max_dose", "not more than 1 tablet in 24 hours"),
        ("max_dose", "do not exceed 3 caplets in a 24-hour period"),
        ("max_dose", "do not take more than 8 teaspoonfuls in 24 hours"),
        ("max_dose", "do not exceed 8 softgels per 24 hrs"),
        ("max_dose", "do not take more than 6 times in 24 hours"),
        ("max_dose", "apply to affected area not more than 3 to 4 times daily"),
        ("max_dose", "do not take more than 3 capsules daily"),
        ("dosing", "take 2 caplets every 6 hours while symptoms last"),
        ("dosing", "adults and children 12 years and over 10 mL every 4 hours"),
        ("dosing", "children 6 to under 12 years 1 teaspoon every 4 hours"),
        ("dosing", "take 1 tablet every 4 to 6 hours while symptoms last"),
        ("dosing", "chew 1 to 2 tablets once daily, or as directed by a doctor"),
        ("dosing", "take 1 capsule with each meal containing fat"),
        ("dosing", "apply half a capful 2 times a day to the scalp in the hair loss area"),
        ("dosing", "Adults and children twelve years and older: 5 pellets 3 times per day"),
    ],
)
def test_otc_dose_patterns(facet: str, text: str) -> None:
    assert _SPECIFIC_DRUG_FACTS[facet].search(text)


@pytest.mark.parametrize("text", ["take 2 caplets every 6 hours", "use 1 spray in each nostril once daily",
                                  "wait 24 hours before applying shampoo"])
def test_a_dose_is_not_a_daily_limit(text: str) -> None:
    assert not _SPECIFIC_DRUG_FACTS["max_dose"].search(text)


# -- end to end: ingest the fixture, ask, read the statements -------------------------------------------------


@pytest.fixture(scope="module")
def otc_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return store_of_fixtures(tmp_path_factory, "openfda_otc")


def _label_statements(store: Store, question: str) -> tuple[list[str], list[str]]:
    brief = pipeline.ask_store(store, question)
    texts = [s.text for sec in brief.sections if sec.tier == "label" for b in sec.blocks for s in b.statements]
    for sec in brief.sections:
        for b in sec.blocks:
            for s in b.statements:
                p = store.db.passages_by_id([s.support[0].passage_id])[s.support[0].passage_id]
                assert p.text[s.support[0].start : s.support[0].end] == s.text  # verbatim span
    return texts, list(brief.notes)


def _nothing_on(notes: list[str], facet: str) -> bool:
    return any("has nothing on:" in n and facet in n.split("has nothing on:")[1] for n in notes)


def test_advil_maximum_daily_dose(otc_store: Store) -> None:
    texts, notes = _label_statements(otc_store, "What is the maximum daily dose of Advil?")
    assert texts[0] == "do not exceed 6 tablets in 24 hours, unless directed by a doctor"
    assert not _nothing_on(notes, "maximum dose")


def test_how_often_can_i_take_advil(otc_store: Store) -> None:
    texts, notes = _label_statements(otc_store, "How often can I take Advil?")
    assert any("take 1 tablet every 4 to 6 hours while symptoms last" in t for t in texts[:1])
    assert not _nothing_on(notes, "dosing")


def test_how_much_advil_a_day(otc_store: Store) -> None:
    texts, _ = _label_statements(otc_store, "How much Advil a day?")
    assert texts[0] == "do not exceed 6 tablets in 24 hours, unless directed by a doctor"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("What is the maximum daily dose of acetaminophen?",
         "do not take more than 6 caplets in 24 hours, unless directed by a doctor"),
        ("How much naproxen sodium a day?", "do not exceed 3 caplets in a 24-hour period"),
        ("What is the maximum daily dose of guaifenesin?", "do not take more than 6 doses in any 24-hour period"),
        ("What is the maximum dose of diphenhydramine?", "do not take more than 6 doses in 24 hours"),
        ("How often can I take loratadine?",
         "adults and children 6 years and over 1 tablet daily; not more than 1 tablet in 24 hours"),
        ("How often can I take guaifenesin?", "adults and children 12 years and over 2 to 4 teaspoons every 4 hours"),
        ("How much diphenhydramine can I give?", "adults and children 12 years and over 10 mL to 20 mL"),
    ],
)
def test_otc_questions_lead_with_the_label_item(otc_store: Store, question: str, first: str) -> None:
    texts, notes = _label_statements(otc_store, question)
    assert texts and texts[0] == first
    assert not _nothing_on(notes, "dos")


def test_an_adult_item_is_not_penalised_as_pediatric(otc_store: Store) -> None:
    texts, _ = _label_statements(otc_store, "How often can I take acetaminophen?")
    assert texts[0] == "adults and children 12 years and over take 2 caplets every 6 hours while symptoms last"
    assert not any(re.match(r"children under", t) for t in texts)


def test_otc_overdose_warning_answers_an_overdose_question(otc_store: Store) -> None:
    # Drug Facts have no Overdosage section: the overdose warning stands under "Keep out of reach of children"
    texts, notes = _label_statements(otc_store, "What should I do in case of an Advil overdose?")
    assert "In case of overdose, get medical help or contact a Poison Control Center right away." in texts
    assert not _nothing_on(notes, "overdose")


def test_a_drug_facts_use_item_answers_what_it_is_used_for(tmp_path_factory: pytest.TempPathFactory) -> None:
    # A Drug Facts "Use" is an infinitive item ("Use to regrow hair ..."): quoted whole, not refused as a fragment;
    # and "used for hair loss" asks for the use, not for hair loss as a side effect.
    store = store_of_fixtures(tmp_path_factory, "openfda_otc_uses")
    try:
        use = "to regrow hair on the top of the scalp (vertex only, see pictures on side of this carton)"
        texts, notes = _label_statements(store, "Is minoxidil used for hair loss?")
        assert any(t.endswith(use) for t in texts[:2])  # openFDA keeps the heading inline: "Use to ..."
        assert not any("cannot be quoted on their own" in n for n in notes)
        texts, notes = _label_statements(store, "What is minoxidil used for?")
        assert texts and not any("nothing on" in n and "indications" in n for n in notes)
    finally:
        store.close()


def test_an_infinitive_is_whole_only_as_a_drug_facts_item() -> None:
    from medbrief.compose import standalone

    text = "to regrow hair on the top of the scalp (vertex only, see pictures on side of this carton)"
    assert standalone.problem(text, items=True) is None
    assert standalone.problem(text, items=False) == "a fragment of a longer sentence"
    assert standalone.problem("to 80 mg once daily.", items=True) is not None  # a number after "to" is a tail
