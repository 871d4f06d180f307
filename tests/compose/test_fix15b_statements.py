"""Statements that stand alone, the kinds fix15b fixed (issue 12 point 3), on real label text (small excerpts of the
shared labels, verbatim): HTML markup quoted as text, a title closed by bracketed examples glued to its sentence, a
sentence that ends with a pointer to another section, and the one section-reference pattern every reader uses."""

from __future__ import annotations

import re

import pytest

from medbrief.compose import standalone
from medbrief.compose.dose_heading import _REF_END
from medbrief.compose.label_reading import deferred_pointer_at, statements
from medbrief.sentences import MARKUP, SECTION_REF
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

# atorvastatin calcium tablets (openFDA, label 56a9e58f-...#60): the document carries "<br/>" in its text
ATORVASTATIN = (
    "Call your healthcare provider for medical advice about side effects. You may report side effects to FDA at "
    "1-800-FDA-1088. <br/> How do I store Atorvastatin Calcium Tablets Store atorvastatin calcium tablets at room "
    "temperature, 68°F to 77°F (20°C to 25°C). Bottles of 30's and 90's comes with a child-resistant closure."
)
# duloxetine (label 90224073-...#68): a subsection title with its examples in brackets, run into its first sentence
DULOXETINE = (
    "7.3 Dual Inhibition of CYP1A2 and CYP2D6 Concomitant administration of duloxetine 40 mg twice daily with "
    "fluvoxamine 100 mg, a potent CYP1A2 inhibitor, to CYP2D6 poor metabolizer subjects (n=14) resulted in a 6-fold "
    "increase in duloxetine AUC and C max . 7.4 Drugs that Interfere with Hemostasis (e.g., NSAIDs, Aspirin, and "
    "Warfarin) Serotonin release by platelets plays an important role in hemostasis."
)


@pytest.mark.parametrize("items", [True, False])
def test_markup_in_a_passage_is_never_quoted(items: bool) -> None:
    said = statements(ATORVASTATIN, False, items=items)
    assert all(ATORVASTATIN[s.start : s.end] == s.text for s in said)  # verbatim spans
    assert not any("<br" in s.text for s in said)
    texts = [s.text for s in said]
    assert "Store atorvastatin calcium tablets at room temperature, 68°F to 77°F (20°C to 25°C)." in texts
    assert "You may report side effects to FDA at 1-800-FDA-1088." in texts


def test_markup_pattern_is_html_not_a_bracketed_word() -> None:
    # real texts that hold angle brackets and are no markup: a brand in brackets, a comparison
    assert not MARKUP.search("debossed with YARAL <DICLOFENAC EPOLAMINE TOPICAL SYSTEM> 1.3%.")
    assert not MARKUP.search("in patients with normal hepatic function (total bilirubin and AST <ULN).")
    assert [m.group() for m in MARKUP.finditer("a <br/> b <BR> c </p>")] == ["<br/>", "<BR>", "</p>"]


def test_a_title_closed_by_bracketed_examples_is_cut_before_its_sentence() -> None:
    said = statements(DULOXETINE, False, items=True)
    assert all(DULOXETINE[s.start : s.end] == s.text for s in said)
    assert "Serotonin release by platelets plays an important role in hemostasis." in [s.text for s in said]
    assert not any(s.text.startswith(("Drugs that", "7.4")) for s in said)


@pytest.mark.parametrize("text, sentence", [
    # zopiclone (label c4ff1d6a-...#22), an empagliflozin-class label (f56593f7-...#97), aripiprazole (99747897-...#54)
    ("Drugs that Induce CYP3A4 (Rifampicin) Racemic zopiclone exposure was decreased 80% by concomitant use of "
     "rifampicin.", "Racemic zopiclone"),
    ("Genital Mycotic Infections in Males (e.g., Balanitis) Inform male patients that yeast infections of the penis "
     "may occur.", "Inform male"),
    ("Strong CYP3A4 Inducers (e.g., carbamazepine, rifampin) Concomitant use of aripiprazole and carbamazepine "
     "decreased the exposure.", "Concomitant use"),
])
def test_the_kind_on_other_labels(text: str, sentence: str) -> None:
    assert text[standalone.trimmed(text):].startswith(sentence)


@pytest.mark.parametrize("text", [
    "Toxic Epidermal Necrolysis (TEN) has been reported in patients treated with lamotrigine.",  # subject and verb
    "The Centers for Disease Control (CDC) Guidance recommends that adults be vaccinated.",  # a sentence opener
    "Metformin Hydrochloride Tablets (500 mg) Tablets are white, round and debossed.",  # a product word after it
])
def test_a_bracket_inside_a_sentence_is_no_title(text: str) -> None:
    assert standalone.trimmed(text) == 0


@pytest.mark.parametrize("text, kept", [
    # esketamine (SPRAVATO, label d81a6a79-...#52)
    ("Use in this population is not recommended [see Clinical Pharmacology (12.3) ].",
     "Use in this population is not recommended"),
    ("Combination therapy of gemfibrozil with simvastatin (see WARNINGS and PRECAUTIONS ).",
     "Combination therapy of gemfibrozil with simvastatin"),
    ("Reduce the dosage or discontinue naproxen as appropriate [see Warnings and Precautions ( 5.8 )] .",
     "Reduce the dosage or discontinue naproxen as appropriate"),
    # a statement that ends in two pointers
    ("Patients with G6PD deficiency or unknown G6PD status due to the risk of hemolytic anemia [see Warnings and "
     "Precautions ( 5.1 )] [see Adverse Reactions ( 6.1 )].",
     "Patients with G6PD deficiency or unknown G6PD status due to the risk of hemolytic anemia"),
])
def test_a_pointer_at_the_end_is_left_out_of_the_quote(text: str, kept: str) -> None:
    assert text[: deferred_pointer_at(text)] == kept


@pytest.mark.parametrize("text", [
    "For dosing [see Table 2].",  # the pointer is what it says
    "Taper dose when possible and monitor for discontinuation symptoms ( 5.10 ).",  # a section number cites
    "Advise patients to read the Medication Guide (see Patient Counseling Information) before starting.",  # mid
])
def test_no_cut_when_the_pointer_is_the_statement_or_none_ends_it(text: str) -> None:
    assert deferred_pointer_at(text) == 0


@pytest.mark.parametrize("ref", ["( 5.1 )", "(2.3 , 12.3)", "( 2 .2)", "(5.1; 5.2)", "( 4 )", "(4, 5.1)"])
def test_one_section_reference_pattern(ref: str) -> None:
    assert re.fullmatch(SECTION_REF, ref)
    assert _REF_END.search(f"Initial dosage is 100 mg daily {ref}")  # dose_heading reads every written form


@pytest.mark.parametrize("text", ["(see 5.1)", "(1a)", "(n=14)", "(20°C to 25°C)"])
def test_no_section_reference(text: str) -> None:
    assert not re.fullmatch(SECTION_REF, text)


@pytest.mark.parametrize("text, sentence", [
    # irbesartan (Pregnancy, PLLR format): the subsection headings in sentence case, run into their sentences
    ("Fetal/neonatal adverse reactions Oligohydramnios in pregnant women who use drugs affecting the renin-angiotensin "
     "system in the second and third trimesters of pregnancy can result in the following: reduced fetal renal function "
     "leading to anuria and renal failure.", "Oligohydramnios"),
    ("Disease-associated maternal and/or embryo-fetal risk Hypertension in pregnancy increases the maternal risk for "
     "preeclampsia, gestational diabetes, premature delivery, and delivery complications.", "Hypertension in"),
    ("Clinical Considerations Disease-associated maternal and/or embryo/fetal risk Poorly controlled diabetes in "
     "pregnancy increases the maternal risk for diabetic ketoacidosis.", "Poorly controlled"),
    ("Human Data Published data from cohort studies have not reported an association with major birth defects.",
     "Published data"),
])
def test_a_pregnancy_subsection_heading_is_cut(text: str, sentence: str) -> None:
    assert text[standalone.trimmed(text):].startswith(sentence)


def test_a_sentence_that_opens_with_a_heading_word_is_kept() -> None:
    text = "Data from a prospective cohort study show no increase in the risk of major birth defects."
    assert standalone.trimmed(text) == 0


ELAGOLIX = "cc975996ac480a19d1ca9a3fb9a63193a9985ab6.json"  # Orilissa (openFDA): 8.3 holds the contraception advice

elagolix_store = module_store_of_shared_labels((ELAGOLIX,))


def test_a_sentence_cut_before_its_pointer_is_not_read_as_a_table_cell(elagolix_store: Store) -> None:
    # quoted up to "[see Warnings and Precautions ( 5.5 )]", the sentence is contained in a table cell's text of the
    # same label: judged as the label writes it (pointer and all), it is a sentence of its own, and it answers
    said = label_statements(elagolix_store, "do i need birth control while im on orilissa, and can it be the pill?")
    texts = [s["text"] for s in said]
    assert any(t.startswith("Advise women to use effective non-hormonal contraception") and t.endswith("ORILISSA.")
               for t in texts), texts


# digoxin tablets (openFDA Highlights, the Key facts' indication quote): items run together with "( 1.1 )" between them
DIGOXIN = ("Digoxin Tablets are a cardiac glycoside indicated for: Treatment of mild to moderate heart failure in "
           "adults. ( 1.1 ) Increasing myocardial contractility in pediatric patients with heart failure. ( 1.2 ) "
           "Control of resting ventricular rate in patients with chronic atrial fibrillation in adults. ( 1.3 )")


def test_key_facts_state_a_list_without_the_references_between_its_items() -> None:
    from medbrief.compose.drafts import Draft, Evidence
    from medbrief.compose.key_facts import without_item_refs

    at = 7  # the quote's start in its passage
    passage = "x" * at + DIGOXIN
    d = without_item_refs(Draft(DIGOXIN, [Evidence("label:d", "label:d#0", at, at + len(DIGOXIN), DIGOXIN)],
                                facet="key:indication"))
    assert "( 1." not in d.text and len(d.evidence) == 3
    assert all(passage[e.start : e.end] == e.quote for e in d.evidence)  # each piece a verbatim span
    assert d.text == " ".join(e.quote for e in d.evidence)
    assert d.text.startswith("Digoxin Tablets are a cardiac glycoside indicated for: Treatment of mild")
    assert d.text.endswith("chronic atrial fibrillation in adults.")
    # a sentence with no reference between items is left as it is
    one = Draft("Baclofen is indicated for spasticity.", [Evidence("label:b", "label:b#0", 0, 37,
                                                                   "Baclofen is indicated for spasticity.")])
    assert without_item_refs(one) is one


def test_key_facts_keep_a_reference_before_the_sentences_own_full_stop() -> None:
    from medbrief.compose.drafts import Draft, Evidence
    from medbrief.compose.key_facts import without_item_refs

    # macitentan (openFDA Highlights): one use, its reference before the full stop; cut, the statement lost its end
    text = ("Macitentan tablets are an endothelin receptor antagonist (ERA) indicated for the treatment of pulmonary "
            "arterial hypertension (PAH, WHO Group I) in adults to reduce the risks of disease progression and "
            "hospitalization for PAH ( 1.1 ).")
    one = Draft(text, [Evidence("label:m", "label:m#2", 0, len(text), text)], facet="key:indication")
    assert without_item_refs(one) is one
