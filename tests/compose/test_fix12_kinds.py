"""Issue 12, the fresh-user trial's last kinds (session 8): statements that lean on the sentence before, named
pharmacokinetic quantities, adverse-reaction incidence, physical/chemical properties, a child's dose, and sentence-
case headings glued to their sentence. Label text is quoted from the shared openFDA labels (real format)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from medbrief.compose import standalone
from medbrief.compose.label_reading import Focus, read_label, statements, with_antecedents
from medbrief.facts.compare import CHILD
from medbrief.records import Passage
from medbrief.retrieve.corpus import LabelDoc
from medbrief.retrieve.facets import ALL_FACETS, BY_KEY, recognise_facets
from medbrief.retrieve.question import Question
from medbrief.store.records_db import StoredDocument

# olanzapine tablets (label:b6f0b2e2-3cbd-4564-8b3e-f811589af275#111, 12.3 Pharmacokinetics), verbatim
OLANZAPINE_PK = (
    "Oral Administration, Monotherapy — Olanzapine is well absorbed and reaches peak concentrations in approximately "
    "6 hours following an oral dose. It is eliminated extensively by first pass metabolism, with approximately 40% "
    "of the dose metabolized before reaching the systemic circulation. Food does not affect the rate or extent of "
    "olanzapine absorption. Olanzapine displays linear kinetics over the clinical dosing range. Its half-life ranges "
    "from 21 to 54 hours (5th to 95th percentile; mean of 30 hr), and apparent plasma clearance ranges from 12 to 47 "
    "L/hr (5th to 95th percentile; mean of 25 L/hr). Plasma concentrations, half-life, and clearance of olanzapine "
    "may vary between individuals on the basis of smoking status, gender, and age."
)
OLANZAPINE_GERIATRIC = (
    "Geriatric — In a study involving 24 healthy subjects, the mean elimination half-life of olanzapine was about "
    "1.5 times greater in elderly (≥65 years) than in nonelderly subjects (<65 years)."
)


def _label(*passages: tuple[str, str, str], drug: str = "exampline") -> LabelDoc:
    doc = StoredDocument("label:x", "label", "X", "openFDA", None, None, "1", (drug,), {}, "x.json")
    return LabelDoc(doc, tuple(Passage(f"label:x#{i}", "label:x", section, code, text, i)
                               for i, (section, code, text) in enumerate(passages)))


def _q(text: str, *, drug: str = "exampline") -> Question:
    facets = recognise_facets(text, names_drug=True).facets
    terms = tuple(w for w in text.lower().strip("?").split() if len(w) > 3 and w != drug)
    return Question(text, (), facets, False, (), terms, None)


def _read(q: Question, label: LabelDoc, facet: str, limit: int = 4, focus: Focus | None = None) -> list[str]:
    return [d.text for d in read_label(ALL_FACETS[facet], label, q, limit, focus).drafts]


# 1. Statements that lean on the sentence before ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "It should not be used in patients with severe hepatic impairment.",
    "Its half-life ranges from 21 to 54 hours.",
    "These events occurred in 2% of patients.",
    "This effect was reversible on discontinuation.",
    "Such patients should be monitored closely.",
    "However, the clinical significance is unknown.",
    "In the airways, it exhibits pharmacological effects through inhibition of M 3 -receptors.",
])
def test_a_statement_that_leans_on_the_one_before_is_told(text: str) -> None:
    assert standalone.leans_on_previous(text)


@pytest.mark.parametrize("text", [
    "It is not known whether olanzapine is excreted in human milk.",
    "This product contains acetaminophen.",
    "Itching occurred in 3% of patients.",
    "The half-life is 30 hours.",
    "In adults, the recommended dose is 10 mg.",
    "If pregnant or breast-feeding, this product should be used only on a doctor's advice.",
])
def test_an_expletive_it_or_the_product_stands_alone(text: str) -> None:
    assert not standalone.leans_on_previous(text)


def test_a_leaning_sentence_is_quoted_with_its_antecedent_as_one_verbatim_span() -> None:
    found = with_antecedents(OLANZAPINE_PK, statements(OLANZAPINE_PK, False))
    joined = [s for s in found if "Its half-life" in s.text]
    assert len(joined) == 1
    s = joined[0]
    assert s.text.startswith("Olanzapine displays linear kinetics over the clinical dosing range. Its half-life")
    assert OLANZAPINE_PK[s.start : s.end] == s.text  # one span of the passage covering both sentences


def test_a_leaning_sentence_with_no_antecedent_in_its_passage_is_never_cited() -> None:
    text = "These events occurred in 2% of exampline-treated patients and led to discontinuation."
    label = _label(("Adverse Reactions", "34084-4", text))
    q = _q("What are the side effects of exampline?")
    reading = read_label(ALL_FACETS["side_effects"], label, q, 4)
    assert reading.drafts == []
    assert reading.rejected["leans on a sentence before it that cannot be quoted with it"] == 1


# 2. A named quantity: the sentence that states it with a number leads ------------------------------------------

def test_the_half_life_question_leads_with_the_sentence_stating_the_half_life() -> None:
    """"What is the half-life of olanzapine?" cited Pharmacokinetics but not "Its half-life ranges from 21 to 54
    hours"; the geriatric ratio and "half-life ... may vary" named the quantity without giving it."""
    label = _label(("Pharmacokinetics", "43682-4", OLANZAPINE_PK),
                   ("Pharmacokinetics", "43682-4", OLANZAPINE_GERIATRIC), drug="olanzapine")
    q = _q("What is the half-life of olanzapine?", drug="olanzapine")
    assert q.facets == ("pharmacokinetics",)
    texts = _read(q, label, "pharmacokinetics")
    assert "Its half-life ranges from 21 to 54 hours" in texts[0]
    assert not texts[0].startswith(("Plasma concentrations, half-life", "In a study involving 24"))


@pytest.mark.parametrize("question, fact", [
    ("What is the protein binding of warfarin?", "Approximately 99% of the drug is bound to plasma proteins."),
    ("What is the bioavailability of warfarin?", "Warfarin is essentially completely absorbed after oral "
                                                 "administration with peak concentration generally attained "
                                                 "within the first 4 hours, and its bioavailability is 100%."),
    ("What is the volume of distribution of warfarin?", "Warfarin shows a volume of distribution of about 0.14 L/kg."),
])
def test_each_named_quantity_leads_with_its_number(question: str, fact: str) -> None:
    other = ("The clearance of R-warfarin is generally half that of S-warfarin, thus as the volumes of distribution "
             "are similar, the half-life of R-warfarin is longer than that of S-warfarin.")
    text = " ".join([other, "Warfarin is a racemic mixture of the R- and S-enantiomers.", fact])
    label = _label(("Pharmacokinetics", "43682-4", text), drug="warfarin")
    q = _q(question, drug="warfarin")
    assert q.facets == ("pharmacokinetics",)
    assert _read(q, label, "pharmacokinetics")[0] == fact


# 3. How common is a reaction: its incidence row or sentence leads ------------------------------------------------

@pytest.mark.parametrize("question", ["How common is headache with exampline?",
                                      "What percentage of patients get headache on exampline?",
                                      "how often do people get headache on exampline"])
def test_an_incidence_question_is_a_side_effect_question(question: str) -> None:
    assert recognise_facets(question, names_drug=True).facets == ("side_effects",)


def test_the_reactions_incidence_row_leads_not_other_adverse_reaction_sentences() -> None:
    """Sumatriptan injection's table 'Adverse Reaction | Sumatriptan ... % | Placebo ... %' (shared label text,
    rows abridged): the headache row leads, with its header."""
    text = "\n".join([
        "The most common adverse reactions (≥5% and > placebo) were injection site reactions, tingling, warm/hot "
        "sensation, burning sensation, feeling of heaviness, pressure sensation, flushing.",
        "| Adverse Reaction | Sumatriptan Injection 6 mg Subcutaneous (n = 547) % | Placebo (n = 370) % |",
        "| --- | --- | --- |", "| Injection site reactions | 59 | 24 |", "| Tingling | 14 | 3 |",
        "| Headache | 2 | <1 |", "| Weakness | 5 | <1 |"])
    label = _label(("Adverse Reactions", "34084-4", text), drug="sumatriptan")
    q = _q("What percentage of patients get headache on sumatriptan?", drug="sumatriptan")
    texts = _read(q, label, "side_effects", focus=Focus(condition=("headache",)))
    assert texts[0].startswith("Adverse Reaction: Headache;")
    assert "Placebo (n = 370) %: <1" in texts[0]


# 4. Physical and chemical properties: the Description section ----------------------------------------------------

@pytest.mark.parametrize("question", ["What is the solubility of baclofen?", "Is metformin soluble in water?",
                                      "What is the pKa of olanzapine?", "What is the molecular weight of warfarin?"])
def test_a_property_of_the_substance_is_a_description_question(question: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == "description"
    assert "indications" not in facets
    assert BY_KEY["description"].label_codes[0] == "34089-3"


def test_the_solubility_sentence_of_the_description_answers() -> None:
    text = ("Metformin hydrochloride tablets, USP contain an oral antihyperglycemic drug used in the management of "
            "type 2 diabetes. Metformin hydrochloride USP is a white crystalline powder that is freely soluble in "
            "water and practically insoluble in acetone, ether and chloroform. The pKa of metformin is 12.4.")
    label = _label(("Indications", "34067-9", "Metformin is indicated as an adjunct to diet and exercise."),
                   ("Description", "34089-3", text), drug="metformin")
    q = _q("Is metformin soluble in water?", drug="metformin")
    texts = _read(q, label, "description")
    assert texts[0].startswith("Metformin hydrochloride USP is a white crystalline powder that is freely soluble")
    assert not any("indicated" in t for t in texts)


def test_a_figure_caption_before_the_description_sentence_is_trimmed() -> None:
    text = "The chemical structure is: Olanzapine USP is a yellow crystalline solid, which is practically insoluble."
    assert text[standalone.trimmed(text):] == "Olanzapine USP is a yellow crystalline solid, which is practically " \
                                              "insoluble."


# 5. A child's dose: the children's line leads, the adults' never ------------------------------------------------

@pytest.mark.parametrize("text", ["How much acetaminophen can a 5 year old take?", "dose for my 8-year-old",
                                  "is it safe for kids", "children 6 to under 12 years", "Patients >= 6 Years of age",
                                  "a 10 month old baby", "pediatric patients"])
def test_the_one_children_pattern_reads_ages_and_words(text: str) -> None:
    assert CHILD.search(text)


@pytest.mark.parametrize("text", ["Child-Pugh class C", "patients 65 years of age and older", "adults", "kidney",
                                  "a 45 year old man"])
def test_the_children_pattern_leaves_adults_alone(text: str) -> None:
    assert not CHILD.search(text)


ALBUTEROL = (
    ("Adults and Children Over 12 Years of Age", "34068-7",
     "Adults and Children Over 12 Years of Age\nThe usual starting dosage for adults and children 12 years and older "
     "is 2 or 4 mg three or four times a day."),
    ("Children 6 to 12 Years of Age", "34068-7",
     "Children 6 to 12 Years of Age\nThe usual starting dosage for children 6 to 12 years of age is 2 mg three or "
     "four times a day."),
)


def test_a_childs_dose_question_leads_with_the_childrens_line() -> None:
    """Albuterol tablets (shared label a22af54a, 2 Dosage and Administration): a 7 year old gets the 6-to-12 line;
    the adults' line neither leads the dose nor counts as use in children."""
    label = _label(*ALBUTEROL, drug="albuterol")
    q = _q("How much albuterol can a 7 year old take?", drug="albuterol")
    assert q.facets[:2] == ("pediatric", "dosing")
    focus = Focus(measures=((7.0, "age"),))
    dosing = _read(q, label, "dosing", focus=focus)
    assert dosing[0].startswith("The usual starting dosage for children 6 to 12 years of age")
    pediatric = _read(q, label, "pediatric", focus=focus)
    assert pediatric and not any("adults and children 12 years and older" in t for t in pediatric)


def test_an_adult_question_still_gets_the_adult_line_first() -> None:
    label = _label(*ALBUTEROL, drug="albuterol")
    q = _q("What is the starting dose of albuterol?", drug="albuterol")
    assert _read(q, label, "dosing")[0].startswith("The usual starting dosage for adults and children 12 years")


def test_a_teenager_past_the_adult_lines_age_is_not_kept_from_it() -> None:
    label = _label(*ALBUTEROL, drug="albuterol")
    q = _q("How much albuterol can a 14 year old take?", drug="albuterol")
    texts = _read(q, label, "dosing", focus=Focus(measures=((14.0, "age"),)))
    assert any(t.startswith("The usual starting dosage for adults and children 12 years") for t in texts)


# 6. Sentence-case and short headings glued before a capitalised word -------------------------------------------

@pytest.mark.parametrize("text, rest", [
    ("Hepatic Insufficiency Hepatically impaired patients should be given lower doses.",
     "Hepatically impaired patients should be given lower doses."),
    ("Renal impairment Adjustment of the dosing schedule in renally impaired patients is not routinely needed.",
     "Adjustment of the dosing schedule in renally impaired patients is not routinely needed."),
    ("Thyroiditis Thyroiditis occurred in 2.8% (10/355) of patients.", "Thyroiditis occurred in 2.8% (10/355) of "
                                                                       "patients."),
    ("Adrenal Insufficiency Cases of adrenal insufficiency have been reported with opioid use.",
     "Cases of adrenal insufficiency have been reported with opioid use."),
    ("Labor and delivery Misoprostol can induce or augment uterine contractions.",
     "Misoprostol can induce or augment uterine contractions."),
])
def test_a_glued_heading_is_trimmed(text: str, rest: str) -> None:
    assert text[standalone.trimmed(text):] == rest


@pytest.mark.parametrize("text", ["Toxic Epidermal Necrolysis has been reported with this drug.",
                                  "Serious Skin Reactions occurred in 1% of patients.",
                                  "Patients with Hepatic impairment should be monitored.",
                                  "Stevens-Johnson Syndrome has been reported.",
                                  "Systemic Lupus Erythematosus in Adults ( 2.4 ): 200 mg once daily."])
def test_a_sentence_whose_subject_is_capitalised_is_not_cut(text: str) -> None:
    assert standalone.trimmed(text) == 0


def test_a_pointer_to_a_table_that_lost_its_word_table_is_no_statement() -> None:
    """Atomoxetine (held-out a030): "1 includes the recommended dosage ..." was "Table 1 includes ..."."""
    assert standalone.problem("1 includes the recommended dosage of atomoxetine oral solution in adult patients and "
                              "pediatric patients 6 years of age and older for treatment of ADHD.")


def test_a_childs_dose_question_reads_the_childrens_dose_first_in_use_in_children() -> None:
    """Dev a028 (aripiprazole, shared label text): for a 10 year old's dose, Use in Children leads with the
    children's dose, not the trial in children; a breastfed infant's exposure is no pediatric statement."""
    label = _label(
        ("Pediatric Use", "34081-0", "A maintenance trial was conducted in pediatric patients (6 to 17 years of age) "
                                     "with irritability associated with autistic disorder."),
        ("Lactation", "77290-5", "The calculated average daily infant dose was 10 mcg/kg/day to 40 mcg/kg/day, less "
                                 "than 1% of the weight-based therapeutic dose for a two-year old-child."),
        ("Dosage and Administration", "34068-7", "The recommended dosage range for the treatment of pediatric "
         "patients with irritability associated with autistic disorder is 5 to 15 mg/day."),
        drug="aripiprazole")
    q = _q("aripiprazole dose for a 10 year old with irritability from autistic disorder", drug="aripiprazole")
    # as the label tier reads a population for a dose question: Dosage and Administration first
    facet = replace(ALL_FACETS["pediatric"], label_codes=("34068-7", *ALL_FACETS["pediatric"].label_codes))
    texts = [d.text for d in read_label(facet, label, q, 4, Focus(measures=((10.0, "age"),))).drafts]
    assert texts[0].startswith("The recommended dosage range for the treatment of pediatric patients")
    assert not any("infant dose" in t for t in texts)
