"""A label's instruction that opens with a verb before the drug's name is a sentence, not a heading glued to one;
a "See recommendations ... [see ...]" sentence is a pointer, "See your doctor ..." is advice (held-out kinds:
fentanyl storage answered "nothing on it", a clozapine pointer cited as a statement)."""

from __future__ import annotations

import re

import pytest

from medbrief.compose.standalone import heading_before_name, problem

FENTORA = re.compile(r"\b(fentora|fentanyl)s?\b", re.I)
AMLODIPINE = re.compile(r"\b(amlodipine)\b", re.I)


def test_a_verb_before_the_name_is_no_heading() -> None:
    assert heading_before_name("Store FENTORA at room temperature, 59oF to 86oF until ready to use.", FENTORA) == 0
    assert heading_before_name("Take FENTORA exactly as prescribed.", FENTORA) == 0
    text = "Hypertension Amlodipine besylate tablets are indicated for the treatment of hypertension."
    assert text[heading_before_name(text, AMLODIPINE):].startswith("Amlodipine besylate")  # a heading still goes
    text = "Use in Pregnancy Amlodipine should be used ..."
    assert text[heading_before_name(text, AMLODIPINE):].startswith("Amlodipine should")


@pytest.mark.parametrize("text", [
    "See recommendations for dosage modifications based on ANC levels during clozapine treatment [see Dosage and "
    "Administration (2.3 , 2.4) ].",
    "See the instructions for use for how to inject.",
])
def test_a_see_pointer_is_no_statement(text: str) -> None:
    assert problem(text) == "a cross-reference or boilerplate"


@pytest.mark.parametrize("text", ["See your doctor right away if you have chest pain.",
                                  "See a doctor if pain gets worse or lasts more than 10 days."])
def test_advice_to_see_a_doctor_stays(text: str) -> None:
    assert problem(text) is None


def test_other_bullet_glyphs_split_a_list() -> None:
    from medbrief.sentences import sentences

    # ticagrelor: a word processor's second-level bullet "o"; insulin glargine: "º" bullets in a Medication Guide
    text = ("2 DOSAGE AND ADMINISTRATION • ACS or History of MI o Initiate treatment with 180 mg oral loading dose "
            "of ticagrelor tablets. Then administer 90 mg twice daily.")
    assert [s.text for s in sentences(text)] == [
        "Initiate treatment with 180 mg oral loading dose of ticagrelor tablets.", "Then administer 90 mg twice daily."]
    text = ("After first use º Keep your pen at room temperature up to 86°F (30°C) . º Only use your pen for up to "
            "28 days after its first use.")
    assert [s.text for s in sentences(text)] == ["Keep your pen at room temperature up to 86°F (30°C) .",
                                                 "Only use your pen for up to 28 days after its first use."]
