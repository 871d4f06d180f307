"""Issue 12 point 3, the fresh user's trial after session 9 (fix12a): statements that stand alone, by kind, each on
real label text of the shared data (openFDA flattens subsection headings and line breaks into the text).

1. a heading glued to its sentence is cut off the quote (the quote's start moves; the text is not rewritten);
2. sentences run together without a space or a stop are split;
4. a sentence that depends on the one before ("Whereas ...", "Otherwise, ...", "(see above)") leans on it or is
   refused; and right statements are not cut or split.
"""

from __future__ import annotations

import re

import pytest

from medbrief.compose import key_facts, standalone
from medbrief.compose.label_reading import statements, with_antecedents
from medbrief.facts.records import LabelFact
from medbrief.sentences import sentences

# ---------------------------------------------------------------------------------------------------------------
# 1. Headings glued to the sentence


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # prasugrel (Effient), 2 DOSAGE AND ADMINISTRATION: the subsection title before a participle
        ("Dosing in Low Weight Patients Compared to patients weighing ≥60 kg, patients weighing <60 kg have an "
         "increased exposure to the active metabolite of prasugrel and an increased risk of bleeding on a 10 mg once "
         "daily maintenance dose.", "Compared to patients weighing"),
        # somatrogon, 12.3: before a participle
        ("Specific Populations Based on population PK analyses, age, sex, race, and ethnicity do not have a clinically "
         "meaningful effect on the pharmacokinetics of somatrogon-ghla in pediatric patients with GHD.",
         "Based on population PK"),
        # an SSRI's counselling: before an imperative to the prescriber
        ("Missed Dose Counsel patients if they miss a dose, they should take it as soon as they remember.",
         "Counsel patients if"),
        # deuruxolitinib, 6.1: before a preposition
        ("Herpes Zoster During the 24-week treatment period, opportunistic infections (herpes zoster) were reported "
         "in 0 subjects treated with placebo.", "During the 24-week"),
        # an infliximab Medication Guide: before a quantifier
        ("Liver Injury Some patients receiving infliximab products have developed serious liver problems.",
         "Some patients receiving"),
        # clozapine, boxed warning: a heading whose words the sentence repeats in lower case
        ("Severe Neutropenia Clozapine has caused severe neutropenia which is associated with an increased risk of "
         "serious and potentially fatal infections.", "Clozapine has caused"),
        # VOQUEZNA DUAL PAK, 2.2: the rest of "2.2 Recommended Dosage for VOQUEZNA DUAL PAK" before the same name
        ("Dosage for VOQUEZNA DUAL PAK VOQUEZNA DUAL PAK is a co-packaged product containing vonoprazan tablets and "
         "amoxicillin capsules given with or without food, for 14 days [see Clinical Pharmacology (12.3) ] .",
         "VOQUEZNA DUAL PAK is a co-packaged"),
        # VOQUEZNA, 2.1: a heading with a binomial name ("H. pylori") closed by a colon
        ("Treatment of H. pylori Infection Triple Therapy: The recommended adult oral dosage is VOQUEZNA 20 mg plus "
         "amoxicillin 1,000 mg plus clarithromycin 500 mg, each given twice daily (in the morning and evening, 12 "
         "hours apart) for 14 days.", "The recommended adult oral dosage is VOQUEZNA 20 mg"),
        # clopidogrel, 7: a heading in sentence case that ends with the name the sentence opens with
        ("Drug Interactions Effect of other drugs on clopidogrel Clopidogrel is metabolized to its active metabolite "
         "in part by CYP2C19.", "Clopidogrel is metabolized"),
        # alprazolam, 12.3 (kind 3): a list lead-in kept with its first item, whose label the sentence repeats
        ("Other studied drugs include: Cimetidine : Coadministration of cimetidine increased the maximum plasma "
         "concentration of alprazolam by 82%, decreased clearance by 42%, and increased elimination half-life by 16%.",
         "Coadministration of cimetidine"),
    ],
)
def test_a_glued_heading_is_cut_off_and_the_sentence_kept_verbatim(text: str, sentence: str) -> None:
    cut = standalone.trimmed(text)
    assert text[cut:].startswith(sentence)
    assert standalone.problem(text[cut:]) is None


@pytest.mark.parametrize(
    "text",
    [
        # a Title Case subject and its verb: no heading (piperacillin / tazobactam, Mircera)
        "Clostridioides Difficile Associated Diarrhea has been reported with use of nearly all antibacterial agents.",
        "Toxic Epidermal Necrolysis has been reported in patients treated with erythropoiesis-stimulating agents.",
        # a product whose name the sentence repeats: no heading
        "Metformin Hydrochloride Tablets are contraindicated in patients with severe renal impairment; metformin "
        "hydrochloride is excreted by the kidney.",
        # ordinary sentences that open with a capitalised word
        "Use With Caution in elderly patients.",
        # LINZESS highlights: the lead-in says whom the listed doses are for
        "The recommended dosage in adults is: IBS-C : 290 mcg orally once daily. ( 2.1 ) CIC : 145 mcg orally once "
        "daily or 72 mcg orally once daily based on individual presentation or tolerability.",
        "Take 1 tablet by mouth once daily with food.",
    ],
)
def test_a_sentence_with_title_case_words_is_not_cut(text: str) -> None:
    assert standalone.trimmed(text) == 0
    assert standalone.heading_end(text) == 0


def test_the_colon_label_of_a_key_fact_is_kept_and_a_heading_before_the_name_is_cut() -> None:
    # triamterene and hydrochlorothiazide, 4 CONTRAINDICATIONS: "Hyperkalemia" is the subsection heading
    passage = ("CONTRAINDICATIONS Hyperkalemia Triamterene and hydrochlorothiazide should not be used in the presence "
               "of elevated serum potassium levels (greater than or equal to 5.5 mEq/liter).")
    quote = passage[len("CONTRAINDICATIONS "):]
    fact = LabelFact(doc_id="label:x", set_id=None, fact="contraindication", kind="contraindicated",
                     passage_id="label:x#6", start=18, end=18 + len(quote), quote=quote)
    names = re.compile(r"\b(triamterene|hydrochlorothiazide)s?\b", re.I)
    draft = key_facts._draft(_Label(), fact,  # type: ignore[arg-type]
                              "contraindication", names)
    assert draft.text.startswith("Triamterene and hydrochlorothiazide should not be used")
    ev = draft.evidence[0]
    assert passage[ev.start:ev.end] == draft.text  # still a verbatim span
    # a run-in label closed by a colon says whom the sentence is about: key facts keep it
    assert standalone.heading_end("Severe Hepatic Impairment: Consider reducing the starting dose by half.") == 0


class _Doc:
    id = "label:x"


class _Label:
    doc = _Doc()


# ---------------------------------------------------------------------------------------------------------------
# 2. Sentences run together


def test_a_full_stop_without_a_space_ends_the_sentence() -> None:
    # CIMZIA Medication Guide; alprazolam Medication Guide (a heading "Mania." on its own line, then the sentence)
    cimzia = ("Heart failure including new heart failure or worsening of heart failure you already have.Symptoms "
              "include shortness of breath, swelling of your ankles or feet, or sudden weight gain.")
    assert [s.text for s in sentences(cimzia)] == [
        "Heart failure including new heart failure or worsening of heart failure you already have.",
        "Symptoms include shortness of breath, swelling of your ankles or feet, or sudden weight gain."]
    alprazolam = ("Stopping alprazolam tablets can cause seizures and seizures that will not stop (status "
                  "epilepticus).\nMania.Alprazolam tablets may cause an increase in activity and talking (hypomania "
                  "and mania) in people who have depression.")
    assert [s.text for s in sentences(alprazolam)][-1].startswith("Alprazolam tablets may cause")


def test_a_bracket_the_label_never_closed_does_not_hold_the_later_full_stops() -> None:
    # tolterodine ER, 2 DOSAGE AND ADMINISTRATION: "(Child-Pugh class A or B ( 2.2 )" is never closed; every
    # sentence after it ran into one 1,300-character "sentence" that no brief could quote
    text = ("o mild to moderate hepatic impairment (Child-Pugh class A or B ( 2.2 ) o drugs that are potent CYP3A4 "
            "inhibitors. ( 2.2 ) 2.1 Dosing Information The recommended dose of tolterodine tartrate extended-release "
            "capsules is 4 mg once daily with water and swallowed whole. The dose may be lowered to 2 mg daily based "
            "on individual response and tolerability; however, limited efficacy data are available for tolterodine "
            "tartrate extended-release capsules 2 mg [see CLINICAL STUDIES (14) ] . For patients with mild to "
            "moderate hepatic impairment (Child-Pugh Class A or B) or severe renal impairment (CCr 10 - 30 mL/min), "
            "the recommended dose of tolterodine tartrate extended-release capsules is 2 mg once daily.")
    said = [s.text for s in sentences(text)]
    assert said[-1].startswith("For patients with mild to moderate hepatic impairment")
    assert any(t.startswith("The dose may be lowered to 2 mg daily") for t in said)
    # a bracket that does close still holds its full stops: "(Fig. 2A)", "(Kane et al. 1988)"
    inside = "Plasma levels rose (Kane et al. 1988) and fell (see Fig. 2A) after the dose in most of the patients."
    assert [s.text for s in sentences(inside)] == [inside]


@pytest.mark.parametrize(
    "text",
    [
        "The usual dose is 5 mg/kg i.v. every 8 hours (e.g.Parkinson's disease patients were excluded).",
        "Approved by the U.S.Food and Drug Administration for use in adults with hypertension.",
        "Report side effects at www.Fda.gov/medwatch or call your doctor for medical advice.",
        "Give 2.5 mg/kg once daily, as Dr.Smith reported a mean Cmax of 1.2 mcg/mL in 12 volunteers.",
    ],
)
def test_abbreviations_addresses_and_decimals_are_no_sentence_end(text: str) -> None:
    assert len(sentences(text)) <= 1
    assert all(s.text == text for s in sentences(text))


def test_a_dosing_schedule_keeps_its_items_with_its_lead_in_and_splits_without_one() -> None:
    # VOQUEZNA TRIPLE PAK, 2.1: the lead-in and both items are one statement (half a regimen would mislead)
    lead = ("The recommended adult oral dosage of VOQUEZNA TRIPLE PAK is the following: In the morning, take 20 mg "
            "of vonoprazan (one oval pale red tablet), 1,000 mg of amoxicillin (two yellow capsules), and 500 mg of "
            "clarithromycin (one oval white tablet) In the evening, take 20 mg of vonoprazan (one oval pale red "
            "tablet), and 1,000 mg of amoxicillin (two yellow capsules), and 500 mg of clarithromycin (one oval white "
            "tablet)")
    assert [s.text for s in sentences(lead)] == [lead]
    items = ("Take 20 mg of vonoprazan (one oval pale red tablet) and 1,000 mg of amoxicillin (two yellow capsules) "
             "In the evening, take 20 mg of vonoprazan (one oval pale red tablet).")
    assert [s.text for s in sentences(items)][1].startswith("In the evening, take")


# ---------------------------------------------------------------------------------------------------------------
# 4. Sentences that depend on the one before


@pytest.mark.parametrize(
    "text",
    [
        # neostigmine / pyridostigmine, overdosage
        "Whereas the presence of myasthenic crisis requires more intensive anticholinesterase therapy, cholinergic "
        "crisis calls for the prompt withdrawal of all drugs of this type.",
        # colchicine, 10 OVERDOSAGE
        "Otherwise, treatment is symptomatic and supportive.",
        "Moreover, the risk of hypoglycemia increases with the dose.",
    ],
)
def test_a_sentence_that_continues_the_one_before_leans_on_it(text: str) -> None:
    assert standalone.leans_on_previous(text)


def test_a_leaning_sentence_is_quoted_with_the_one_before() -> None:
    colchicine = ("Treatment of colchicine poisoning should begin with gastric lavage and measures to prevent shock. "
                  "Otherwise, treatment is symptomatic and supportive. No specific antidote is known.")
    said = with_antecedents(colchicine, statements(colchicine, False))
    joined = [s for s in said if "Otherwise" in s.text]
    assert joined and joined[0].text.startswith("Treatment of colchicine poisoning")


@pytest.mark.parametrize(
    "text",
    [
        # amlodipine, 6.1: "(see above)" points to text the quote leaves out
        "In the CAMELOT and PREVENT studies [see Clinical Studies (14.4) ], the adverse event profile was similar to "
        "that reported previously (see above), with the most common adverse event being peripheral edema.",
        'See "What is the most important information I should know about BOTOX?" for more details.',
        # VOQUEZNA, 2.1: a dose quoted with the pointer after it ("Also" leans on the dose, so the two were one quote)
        "The recommended adult oral dose is VOQUEZNA 20 mg given twice daily (in the morning and evening) plus "
        "amoxicillin 1,000 mg three times daily (in the morning, mid-day, and evening) for 14 days. Also refer to the "
        "amoxicillin and clarithromycin full prescribing information.",
        # lopinavir / ritonavir highlights; ketorolac
        "See the Full Prescribing Information for the recommended dosage in geriatric patients, patients with hepatic "
        "impairment, and with use with ritonavir.",
        "See package insert for ketorolac tromethamine tablets for transition from intravenous or intramuscular "
        "dosing.",
        "Overall, the adverse reactions seen were comparable to that noted above.",
    ],
)
def test_a_pointer_to_other_text_is_refused(text: str) -> None:
    assert standalone.problem(text) == "a cross-reference or boilerplate"


def test_a_highlights_heading_with_only_its_references_is_a_lead_in() -> None:
    # fluoxetine highlights, 7 DRUG INTERACTIONS
    assert standalone.problem("Monoamine Oxidase Inhibitors (MAOIs): (2.9, 2.10, 4.1, 5.2)") == \
        "a list lead-in without its items"
    # a run-in label closed by a colon before a whole sentence is no lead-in
    assert standalone.problem("Heart failure: Start at 3.125 mg twice daily and increase to 6.25, 12.5, and then 25 mg "
                              "twice daily over intervals of at least 2 weeks.") is None


def test_a_table_row_flattened_into_prose_without_its_header_is_refused() -> None:
    # REXULTI, 2.7 Table 1 as openFDA's prose copy: the row's label then its cell, with no column names
    for row in ("Known CYP2D6 poor metabolizers taking strong/moderate CYP3A4 inhibitors Administer a quarter of the "
                "recommended dosage.", "Strong CYP3A4 inducers Double the recommended dosage over 1 to 2 weeks."):
        assert standalone.problem(row) == "two statements run together"
    assert standalone.problem("In known CYP2D6 poor metabolizers, administer half of the recommended dosage.") is None


def test_highlights_items_parted_by_a_zero_width_space_are_two_statements() -> None:
    # donepezil highlights, 2 DOSAGE AND ADMINISTRATION (a U+200B before the second item)
    text = ("Mild to Moderate Alzheimer’s Disease: 5 mg to 10 mg once daily ( 2.1 ) \u200bModerate to Severe "
            "Alzheimer’s Disease: 10 mg to 23 mg once daily ( 2.2 )")
    assert [s.text for s in sentences(text)] == [
        "Mild to Moderate Alzheimer’s Disease: 5 mg to 10 mg once daily ( 2.1 )",
        "Moderate to Severe Alzheimer’s Disease: 10 mg to 23 mg once daily ( 2.2 )"]


@pytest.mark.parametrize(
    "text",
    [
        "As with other NSAIDs, anaphylactic reactions may occur in patients without known prior exposure.",
        "See your healthcare provider right away if you have chest pain or shortness of breath.",
        "In patients with renal impairment, the dose should be reduced (see Table 3).",
        "Concentrations above 2 mcg/mL were associated with toxicity in 3 patients.",
        "It is not known whether prasugrel is present in human milk.",
    ],
)
def test_a_sentence_that_stands_alone_is_kept(text: str) -> None:
    assert standalone.problem(text) is None
    assert not standalone.leans_on_previous(text)
