"""Statements that do not stand alone, by kind (issue 12 point 3), each from real label text in the shared data."""

from __future__ import annotations

import pytest

from medbrief.compose.sentences import sentences
from medbrief.compose.standalone import problem
from medbrief.sentences import segments


@pytest.mark.parametrize(
    "text",
    [
        # a table row label run into its cell (Sporanox, Drug Interactions table)
        "Lipid-Lowering Drugs Lomitapide Lovastatin Simvastatin Contraindicated during and 2 weeks after SPORANOX ® "
        "treatment.",
        # a subsection title glued to a sentence whose own first word is capitalised (donepezil, 7)
        "Effect of Other Drugs on the Metabolism of Donepezil Hydrochloride Tablets Ketoconazole and quinidine, "
        "strong inhibitors of CYP450 3A and 2D6, respectively, inhibit donepezil metabolism in vitro .",
        # a table title and column headers before a footnote (pregabalin, Table 1)
        "Pregabalin Dosage Adjustment Based on Renal Function Creatinine Clearance (CLcr) (mL/min) Total Pregabalin "
        "Daily Dose (mg/day) Total daily dose (mg/day) should be divided as indicated by dose regimen to provide "
        "mg/dose.",
        # a highlights table row flattened (pregabalin)
        "Neuropathic Pain Associated with Spinal Cord Injury ( 2.6 ) 2 divided doses per day 300 mg/day within 1 week.",
    ],
)
def test_a_long_title_case_run_before_the_sentence_is_a_glued_heading(text: str) -> None:
    assert problem(text) == "a heading glued to the sentence"


def test_a_table_row_whose_cells_repeat_is_a_flattened_table() -> None:
    insulin = ("Not in-use (unopened) Refrigerated (36°F-46°F [2°C-8°C]) Not in-use (unopened) Room Temperature (up "
               "to 86°F [30°C]) In-use (opened) (see temperature below) 3 mL single-patient-use prefilled pen Until "
               "expiration date 28 days 28 days Room temperature only (Do not refrigerate)")
    assert problem(insulin) == "a table flattened into text"
    # the same amount twice in prose, apart, is a sentence
    assert problem("Take 1 tablet every 4 to 6 hours, 1 tablet every 4 to 6 hours if needed.") is None


def test_a_lead_in_whose_items_lost_their_separators_is_a_flattened_list() -> None:
    spironolactone = ("Spironolactone is contraindicated in the patients with: Hyperkalemia Addison’s disease "
                      "Concomitant use of eplerenone Spironolactone is contraindicated in patients with ( 4 ): "
                      "Hyperkalemia Addison’s disease Concomitant use of eplerenone")
    assert problem(spironolactone) == "a list flattened into text"


def test_a_statement_made_mostly_of_cross_references_is_boilerplate() -> None:
    valacyclovir = ("Elderly patients are also more likely to have renal or CNS adverse events [see Dosage and "
                    "Administration ( 2.4 ), Warnings and Precautions ( 5.2 , 5.3 ), Clinical Pharmacology ( 12.3 )] .")
    assert problem(valacyclovir) == "a cross-reference or boilerplate"
    assert problem("Use with caution in patients with hepatic impairment [see Warnings and Precautions ( 5.3 )].") \
        is None


@pytest.mark.parametrize(
    "text",
    [
        "The maximum total daily dosage is 36 mg.",
        "Tizanidine Hydrochloride Tablets are indicated for the management of spasticity.",
        "Systemic Lupus Erythematosus in Adults ( 2.4 ): 200 mg once daily or 400 mg once daily (or in two divided "
        "doses)",
        "The Centers for Disease Control and Prevention Advisory Committee on Immunization Practices recommends it.",
    ],
)
def test_statements_that_stand_alone_pass(text: str) -> None:
    assert problem(text) is None


def test_an_image_caption_after_the_last_full_stop_is_not_part_of_the_sentence() -> None:
    citalopram = ("The tablets also contain the following inactive ingredients: copovidone, corn starch, and titanium "
                  "dioxide. image description")
    assert [s.text for s in sentences(citalopram)] == [citalopram[: citalopram.index(" image")]]


def test_a_heading_never_ends_in_a_comma() -> None:
    effient = ("8.5 Geriatric Use In TRITON-TIMI 38, 38.5% of patients were ≥65 years of age and 13.2% were ≥75 "
               "years of age. The risk of bleeding increased.")
    segs = segments(effient)
    assert (segs[0].text, segs[0].heading) == ("8.5 Geriatric Use", True)
    assert segs[1].text.startswith("In TRITON-TIMI 38, 38.5% of patients")


def test_a_line_without_a_sentence_end_is_not_a_statement() -> None:
    caption = ("Reactions that occurred in ≥1% of modafinil tablets -treated patients (either 200, 300, or 400 mg once "
               "daily) and greater incidence than placebo in Narcolepsy, OSA, and SWD")
    assert problem(caption) == "not a whole sentence (no sentence end)"
    # Drug Facts items are written without full stops
    assert problem("take 2 tablets every 4 to 6 hours while symptoms last", items=True) is None


def test_a_numbered_list_item_without_its_list_is_a_fragment() -> None:
    assert problem("3. jaundice (intrahepatic cholestatic jaundice)") == "a fragment of a longer sentence"
    assert problem("2. Take the tablet with a full glass of water.") is None


def test_a_heading_glued_before_the_drug_name_is_cut_off() -> None:
    import re

    from medbrief.compose.standalone import heading_before_name

    names = re.compile(r"\b(amlodipine|spironolactone|norvasc)s?\b", re.I)
    amlodipine = "Hypertension Amlodipine besylate tablets are indicated for the treatment of hypertension."
    assert amlodipine[heading_before_name(amlodipine, names):].startswith("Amlodipine besylate tablets")
    spiro = "Heart Failure Spironolactone is indicated for treatment of NYHA Class III-IV heart failure."
    assert spiro[heading_before_name(spiro, names):].startswith("Spironolactone is indicated")
    for whole in ("The Amlodipine arm had fewer events.", "In patients taking amlodipine, edema occurred.",
                  "Hypertension, Amlodipine and others: see below.", "Amlodipine is a calcium channel blocker."):
        assert heading_before_name(whole, names) == 0, whole


def test_two_statements_run_together_without_a_stop() -> None:
    gabapentin = ("The recommended dose is reached by upward titration over a period of approximately 3 days "
                  "Dose should be adjusted in patients with reduced renal function ( 2.3 , 2.4 )")
    assert problem(gabapentin) == "two statements run together"
    # a section title inside a cross-reference is no second statement
    digoxin = ("Because elderly patients are more likely to have decreased renal function, care should be taken in "
               "dose selection, which should be based on renal function, and it may be useful to monitor renal "
               "function [see Dosage and Administration (2.1 ) ].")
    assert problem(digoxin) is None


@pytest.mark.parametrize(
    "text",
    [
        "See FPI for dosage modifications in patients with renal impairment.",
        "The recommended dosage of adalimumab for pediatric patients with Crohn's disease is shown below.",
        "The titration schedule is described in Table 2.",
        "The recommended titration is included in Table 1.",
        "Otherwise, the estimated value should be calculated using the following table.",
        "To report SUSPECTED ADVERSE REACTIONS, contact Torrent Pharma Inc. at 1-800-912-9561.",
        "What is the most important information I should know about the vaginal ring?",
        "Congenital or acquired long QT syndrome, ( 4 )",
    ],
)
def test_pointers_leaflet_questions_and_list_items_are_not_statements(text: str) -> None:
    assert problem(text) is not None


def test_a_brand_in_capitals_with_its_form_is_the_subject_not_a_heading() -> None:
    pradaxa = "PRADAXA Capsules is indicated to reduce the risk of stroke and systemic embolism in adult patients."
    assert [s.text for s in sentences(pradaxa)] == [pradaxa]


def test_headings_before_a_bullet_or_a_subordinate_clause_are_trimmed() -> None:
    from medbrief.compose.standalone import trimmed

    levothyroxine = ("Limitations of Use : - Not indicated for suppression of benign thyroid nodules and nontoxic "
                     "diffuse goiter in iodine-sufficient patients.")
    assert levothyroxine[trimmed(levothyroxine):].startswith("Not indicated for suppression")
    estradiol = ("Fluid retention Because estrogens may cause some degree of fluid retention, patients with conditions "
                 "that might be influenced by this factor should be observed.")
    assert estradiol[trimmed(estradiol):].startswith("Because estrogens")
    carcinogenesis = ("Carcinogenesis, Mutagenesis, Impairment of Fertility Two year oral carcinogenicity studies were "
                      "conducted in rats.")
    assert [s.text for s in sentences(carcinogenesis)] == [
        "Two year oral carcinogenicity studies were conducted in rats."]
