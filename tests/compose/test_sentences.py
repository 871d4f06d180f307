"""Sentence spans: exact slices, headings trimmed, abbreviations respected."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbrief.compose.sentences import content_words, sentences, similarity

LABEL = (
    "INDICATIONS AND USAGE Tizanidine is a central alpha-2-adrenergic agonist indicated for the management of "
    "spasticity.\n2.1 Dosing Information Tizanidine tablets may be prescribed with or without food. The total daily "
    "dose should not exceed 36 mg.\nWARNINGS AND PRECAUTIONS 5.1 Hypotension Tizanidine can cause hypotension, e.g. "
    "when standing up."
)


def test_spans_are_exact_and_headings_trimmed() -> None:
    got = sentences(LABEL)
    assert [s.text for s in got] == [
        "Tizanidine is a central alpha-2-adrenergic agonist indicated for the management of spasticity.",
        "Tizanidine tablets may be prescribed with or without food.",
        "The total daily dose should not exceed 36 mg.",
        "Tizanidine can cause hypotension, e.g. when standing up.",
    ]
    for s in got:
        assert LABEL[s.start : s.end] == s.text


def test_near_duplicates_score_high_and_distinct_facts_low() -> None:
    a = content_words("Baclofen is effective in reducing spasticity in multiple sclerosis.")
    b = content_words("In multiple sclerosis, baclofen is effective in reducing spasticity.")
    c = content_words("Somnolence and dizziness were the most common adverse events.")
    assert similarity(a, b) == 1.0
    assert similarity(a, c) < 0.2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_valid_spans(text: str) -> None:
    for s in sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text


def test_abstract_sections_joined_by_semicolons_split_into_sentences() -> None:
    # MEDLINE CSV exports join an abstract's sections with "; " after the full stop
    text = ("Baclofen overdose has not received mention.; A 42-year-old man took 800 mg of baclofen.; "
            "He recovered within three days.")
    got = [s.text for s in sentences(text)]
    assert got == ["Baclofen overdose has not received mention.", "A 42-year-old man took 800 mg of baclofen.",
                   "He recovered within three days."]
    assert all(text[s.start:s.end] == s.text for s in sentences(text))
    # a semicolon inside a sentence still is not a boundary
    assert len(sentences("Doses were 5 mg; 10 mg; and 20 mg daily.")) == 1


# --- sentence boundaries in biomedical text (issue 11, point 4): one test per kind of trap ---------------------------

import itertools  # noqa: E402

from medbrief.compose.sentences import segments  # noqa: E402


def _texts(text: str) -> list[str]:
    got = segments(text)
    for s in got:
        assert text[s.start : s.end] == s.text
    return [s.text for s in got]


def test_unit_abbreviation_at_a_real_sentence_end_splits() -> None:
    # field case F13
    text = ("The total daily dose should not exceed 80 mg. Abrupt discontinuation has been followed by "
            "hallucinations and seizures.")
    assert [s.text for s in sentences(text)] == [
        "The total daily dose should not exceed 80 mg.",
        "Abrupt discontinuation has been followed by hallucinations and seizures.",
    ]
    assert _texts("The final volume is 7.5 mL. Use within 4 hours.") == ["The final volume is 7.5 mL.",
                                                                         "Use within 4 hours."]
    assert _texts("All patients were monitored for the next 72 h. Overall, it worked.")[1] == "Overall, it worked."


def test_unit_abbreviation_inside_a_sentence_does_not_split() -> None:
    text = "The mean daily dose of desipramine was 150 mg. and methylphenidate 30 mg. daily. The rest differed."
    assert _texts(text) == ["The mean daily dose of desipramine was 150 mg. and methylphenidate 30 mg. daily.",
                            "The rest differed."]


def test_dosing_and_route_abbreviations_before_a_number_or_a_word() -> None:
    assert len(_texts("Tirapazamine 9 mg/m2 was given i.v. 1/2 to 1 h prior to irradiation.")) == 1
    assert len(_texts("They received pantoprazole 40 mg b.i.d. during 7 or 14 days.")) == 1
    assert len(_texts("Morphine 10 mg i.m. was given instead.")) == 1
    assert len(_texts("The reference arm was 25 mg q.d. RPV administered alone.")) == 1
    assert _texts("Patients used morphine via s.c. PCA. The following variables were recorded.") == [
        "Patients used morphine via s.c. PCA.", "The following variables were recorded."]
    # a dotted abbreviation at a real end, before a sentence that starts with "pH"
    assert _texts("Patients were on proton pump inhibitor b.d. pH tracings were analysed.") == [
        "Patients were on proton pump inhibitor b.d.", "pH tracings were analysed."]


def test_single_capital_letters() -> None:
    assert _texts("Leafy, green vegetables contain vitamin K. Certain oils also contain it.") == [
        "Leafy, green vegetables contain vitamin K.", "Certain oils also contain it."]
    assert _texts("More patients reported no pain than Group L. Group C20 results were similar.")[1].startswith(
        "Group C20")
    assert len(_texts("Lansoprazole may be active against H. pylori in comparison with omeprazole.")) == 1
    assert len(_texts("Resistance in E. coli and other Enterobacterales occurs.")) == 1


def test_abbreviations_inside_brackets_do_not_split() -> None:
    # field case F15
    text = ("Apixaban was an effective treatment for stroke prevention in adults older than 75 years (Fig. 2A) and "
            "caused less major bleeding than vitamin K antagonists. It should be preferred.")
    assert _texts(text)[0].endswith("vitamin K antagonists.")
    assert _texts("Pain did not differ between groups (Fig. 1). The mean NRS was 4.6 (+/- 2.4) after 3 h.") == [
        "Pain did not differ between groups (Fig. 1).", "The mean NRS was 4.6 (+/- 2.4) after 3 h."]
    assert len(_texts("It binds highly (ca. 99.6%) to serum proteins.")) == 1
    assert len(_texts("Dilute to 10 to 20 mg/mL (e.g. 1000 mg in 100 mL or 2000 mg in 100 mL) before use.")) == 1
    assert len(_texts("This criterion (Kane et al. 1988) was met by 18 patients.")) == 1
    assert len(_texts("Ranges are wide (i.e. 30 to 100%), and levels were higher.")) == 1


def test_latin_and_reference_abbreviations() -> None:
    assert len(_texts("It has potential in neurodegeneration (e.g. Parkinson's disease, ALS) and in pain.")) == 1
    assert len(_texts("Ladas et al. found a 66.7% success rate in Grades II-III disease.")) == 1
    assert _texts("It was calculated by the method described by Bergman et al. Basal extraction was lower.") == [
        "It was calculated by the method described by Bergman et al.", "Basal extraction was lower."]
    assert len(_texts("There were more episodes of angina (29 vs. 12, p = 0.05) in that group.")) == 1
    assert len(_texts("The incidence was lower with mivazerol (vs. placebo) during surgery.")) == 1
    assert len(_texts("Gastric emptying is slow in approx. 30-50% of outpatients.")) == 1


def test_numbers_decimals_and_no_before_a_number() -> None:
    assert len(_texts("The 10 mg tablet also contains FD&C Red No. 40 aluminum lake.")) == 1
    assert len(_texts("Rates were 88.5% (95% CI: 85.5-91. 5%) with clarithromycin 250 mg.")) == 1
    assert _texts("Its molecular weight is 460.96. Benazeprilat is the active metabolite.") == [
        "Its molecular weight is 460.96.", "Benazeprilat is the active metabolite."]


def test_numbered_items_with_and_without_full_stops() -> None:
    text = ("1. A review was conducted. 2. Four groups were defined. 3. There were 7 NRs and 18 CRs 4. The groups "
            "improved within a month.")
    assert _texts(text) == ["1. A review was conducted.", "2. Four groups were defined.",
                            "3. There were 7 NRs and 18 CRs", "4. The groups improved within a month."]
    text = "(1) What is the rate? (2) Is it possible to reduce it? The primary endpoint is time."
    assert _texts(text) == ["(1) What is the rate?", "(2) Is it possible to reduce it?",
                            "The primary endpoint is time."]
    text = "c. The study used a higher dose. d. Study conducted with HARVONI. e. Comparison based on controls."
    assert _texts(text) == ["c. The study used a higher dose.", "d. Study conducted with HARVONI.",
                            "e. Comparison based on controls."]


def test_list_items_without_full_stops() -> None:
    text = ("The following reactions are described elsewhere: • Serious Infections [see Warnings and Precautions "
            "(5.1) ] • Heart Failure [see Warnings and Precautions (5.8) ] Most common adverse reactions are rash.")
    assert _texts(text) == [
        "The following reactions are described elsewhere:",
        "• Serious Infections [see Warnings and Precautions (5.1) ]",
        "• Heart Failure [see Warnings and Precautions (5.8) ]",
        "Most common adverse reactions are rash.",
    ]
    assert _texts("- nosebleeds\n- bleeding gums\n- pink or brown urine") == [
        "- nosebleeds", "- bleeding gums", "- pink or brown urine"]


def test_cross_references_stay_with_their_sentence() -> None:
    text = "Most common adverse reactions are headache and rash. ( 6.1 ) To report SUSPECTED ADVERSE REACTIONS, call."
    assert _texts(text) == ["Most common adverse reactions are headache and rash. ( 6.1 )",
                            "To report SUSPECTED ADVERSE REACTIONS, call."]
    # the statement itself ends at its full stop
    assert next(s.text for s in sentences(text)) == "Most common adverse reactions are headache and rash."


def test_numbered_section_headings_never_lead_a_sentence() -> None:
    # field case F15: openFDA text begins with the section number and title, here before an upper-case brand
    for text, first in [
        ("1 INDICATIONS AND USAGE ELIQUIS is a factor Xa inhibitor indicated to reduce the risk of stroke.",
         "ELIQUIS is a factor Xa inhibitor"),
        ("1 INDICATIONS AND USAGE VYKAT XR is indicated for the treatment of hyperphagia in adults. ( 1 )",
         "VYKAT XR is indicated"),
        ("4 CONTRAINDICATIONS RYALTRIS is contraindicated in patients with known hypersensitivity.",
         "RYALTRIS is contraindicated"),
        ("1 INDICATIONS & USAGE Carglumic acid tablets are indicated in pediatric and adult patients.",
         "Carglumic acid tablets"),
        ("11 DESCRIPTION Benazepril hydrochloride, USP is a white to off-white crystalline powder.",
         "Benazepril hydrochloride"),
        ("2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage The recommended dose of INFASURF is 3 mL/kg.",
         "The recommended dose"),
        ("WARNING: HEPATOTOXICITY and EMBRYO-FETAL TOXICITY See full prescribing information for the warning.",
         "See full prescribing"),
        ("8.5 Geriatric Use Of the 2800 patients in the U.S. studies, 478 patients were 65 years or older.",
         "Of the 2800 patients in the U.S. studies"),
        ("1 Indications and Usage ELIQUIS is a factor Xa inhibitor indicated to reduce the risk of stroke.",
         "ELIQUIS is a factor Xa inhibitor"),
        ("8 USE IN SPECIFIC POPULATIONS 8.1 Pregnancy Risk Summary There are no data in pregnant women.",
         "There are no data"),
        ("WARNING: ABUSE, MISUSE, AND ADDICTION Dextroamphetamine Saccharate, Amphetamine Aspartate Tablets have a "
         "high potential for abuse and misuse.", "Dextroamphetamine Saccharate, Amphetamine"),
    ]:
        got = sentences(text)
        assert got and got[0].text.startswith(first), text
        assert text[got[0].start : got[0].end] == got[0].text
        heads = [s.text for s in segments(text) if s.heading]
        assert heads and first not in heads[-1]


def test_run_in_subheadings_are_segments_of_their_own() -> None:
    text = ("12.3 Pharmacokinetics Absorption In healthy volunteers, EPA and DHA were absorbed. Distribution "
            "Hydroxychloroquine sulfate is extensively distributed to tissues.")
    got = segments(text)
    assert [(s.text, s.heading) for s in got] == [
        ("12.3 Pharmacokinetics", True), ("Absorption", True),
        ("In healthy volunteers, EPA and DHA were absorbed.", False), ("Distribution", True),
        ("Hydroxychloroquine sulfate is extensively distributed to tissues.", False),
    ]
    # a sentence that merely begins with such a word is not cut
    assert len(segments("Distribution of the drug into tissues is extensive.")) == 1


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB1.2()•\n;:?-KmgL")), max_size=400))
def test_segments_are_ordered_exact_spans(text: str) -> None:
    got = segments(text)
    for s in got:
        assert text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(got))


def test_milliseconds_end_a_sentence() -> None:
    assert _texts("Avoid use when the QTc interval exceeds 500 ms. Discontinue the drug if it does.") == [
        "Avoid use when the QTc interval exceeds 500 ms.", "Discontinue the drug if it does."]


def test_limit_and_count_abbreviations_before_a_number_do_not_end_a_sentence() -> None:
    assert _texts("Initial dose 0.1 mg/kg; max. 4 mg per dose.") == ["Initial dose 0.1 mg/kg; max. 4 mg per dose."]
    assert _texts("Dose 15 mg/kg q6h, max. 4 g/day. Reduce the dose in renal failure.") == [
        "Dose 15 mg/kg q6h, max. 4 g/day.", "Reduce the dose in renal failure."]
    assert _texts("Give 10 mg orally. Max. 200 mg per dose") == ["Give 10 mg orally.", "Max. 200 mg per dose"]
    assert len(_texts("Infuse over min. 30 minutes; approx. 12 mL remain in vol. 2 of the set.")) == 1
    # before a capitalised word the same word can still end a sentence
    assert len(_texts("The dose was titrated to the max. Patients tolerated it well.")) == 2


def test_citation_numbers_glued_after_a_full_stop() -> None:
    for text, cited in [
        ("Hepatitis has been reported.12 Use H2-receptor antagonists with caution.", "reported.12"),
        ("Hepatitis has been reported.12,13 Use H2-receptor antagonists with caution.", "reported.12,13"),
        ("Hepatitis has been reported in adults.4-6 In such cases stop the drug at once.", "adults.4-6"),
    ]:
        got = _texts(text)
        assert len(got) == 2 and got[0].endswith(cited) and got[1][0].isupper(), got
    # the statement ends at its full stop, without the citation
    text = "Serious hepatitis has been reported in adults.12 Use H2 antagonists with caution."
    assert [s.text for s in sentences(text)] == [
        "Serious hepatitis has been reported in adults.", "Use H2 antagonists with caution."]
    # a decimal is never a citation
    assert len(_texts("The mean value was 0.12 Use of the drug lowered it.")) == 1
    assert len(_texts("FD&C Red No.40 Aluminum Lake is present.")) == 1


def test_title_case_run_in_headings_are_segments_of_their_own() -> None:
    for text, heading, first in [
        ("For Edema The usual adult dosage is 25 to 100 mg daily as a single dose.", "For Edema", "The usual"),
        ("Anti-Viral Medications In patients taking saquinavir, the dose is lower.", "Anti-Viral Medications",
         "In patients"),
        ("Recommended Starting Dosage in Patients with Type 2 Diabetes The recommended starting dosage is 10 units.",
         "Recommended Starting Dosage in Patients with Type 2 Diabetes", "The recommended"),
        ("Dosage for Epilepsy with Partial Onset Seizures Patients 12 Years of Age and Above The starting dose is "
         "300 mg.", "Dosage for Epilepsy with Partial Onset Seizures Patients 12 Years of Age and Above", "The start"),
        ("Sexual Dysfunction [See Warnings and Precautions ( )] Most common adverse reactions are nausea and rash.",
         "Sexual Dysfunction [See Warnings and Precautions ( )]", "Most common"),
        ("Narcolepsy Usual dose 5 mg to 60 mg per day in divided doses.", "Narcolepsy", "Usual dose"),
        ("Tablet and Capsule Forms Advise patients to swallow the tablets whole.", "Tablet and Capsule Forms",
         "Advise"),
        ("Risks to Patients with Serious Cardiac Disease Sudden death has been reported in patients with "
         "structural cardiac abnormalities.", "Risks to Patients with Serious Cardiac Disease", "Sudden death"),
    ]:
        got = segments(text)
        assert (got[0].text, got[0].heading) == (heading, True), text
        assert sentences(text)[0].text.startswith(first)
        assert all(text[s.start : s.end] == s.text for s in got)
    # a capitalised subject followed by its verb is a sentence, not a heading
    for text in [
        "Tizanidine Hydrochloride Tablets are indicated for the management of spasticity.",
        "Patients With Renal Impairment should receive a lower starting dose.",
        "The Food and Drug Administration has approved the label in 2019.",
        "Hepatitis A vaccine is given in two doses.",
        "Read the Instructions for Use for detailed information about the pen.",
        "A If your dose of the drug is written in mg, use the syringe.",
        "Clinical Impact: Concomitant use of strong inhibitors increases exposure.",
        "Musculoskeletal and Connective Tissue Disorders were reported in 2% of patients.",
        "Taking Oxycodone and Acetaminophen Tablets with certain other medicines can cause side effects.",
    ]:
        assert [s.heading for s in segments(text)] == [False], text


def test_title_case_headings_after_a_subsection_number_or_inside_a_list() -> None:
    text = ("2.2 Dosage for Epilepsy with Partial Onset Seizures Patients 12 Years of Age and Above The starting dose "
            "is 300 mg three times a day.")
    assert [s.text for s in sentences(text)] == ["The starting dose is 300 mg three times a day."]
    text = ("2.4 Switching to LANGLARA from Other Insulin Therapies Dosage adjustments are recommended to lower the "
            "risk of hypoglycemia.")
    assert sentences(text)[0].text.startswith("Dosage adjustments are")
    # the last item of a flattened list ends at its cross-reference, written "[See" or "[see"
    text = ("• Hyponatremia [See Warnings and Precautions ( 5.8 )] • Sexual Dysfunction [See Warnings and Precautions "
            "( )] Most common adverse reactions in pooled trials were nausea, diarrhea and tremor.")
    assert _texts(text)[-1].startswith("Most common adverse reactions")


def test_a_list_lead_in_is_a_statement_only_with_its_items() -> None:
    text = ("1 INDICATIONS AND USAGE Sertraline hydrochloride tablets are indicated for the treatment of the following "
            "[See Clinical Studies ( 14 )] : • Major depressive disorder (MDD) • Panic disorder (PD) • Social anxiety "
            "disorder (SAD) Sertraline hydrochloride tablet is a selective serotonin reuptake inhibitor (SSRI) "
            "indicated for the treatment of ( 1 ): • Major depressive disorder (MDD) • Panic disorder (PD)")
    # segments: the lead-in, each item, the next sentence (the last item of the first list no longer runs into it)
    assert _texts(text)[1:6] == [
        "Sertraline hydrochloride tablets are indicated for the treatment of the following [See Clinical Studies "
        "( 14 )] :", "• Major depressive disorder (MDD)", "• Panic disorder (PD)", "• Social anxiety disorder (SAD)",
        "Sertraline hydrochloride tablet is a selective serotonin reuptake inhibitor (SSRI) indicated for the "
        "treatment of ( 1 ):"]
    got = [s.text for s in sentences(text)]
    assert got == [
        "Sertraline hydrochloride tablets are indicated for the treatment of the following [See Clinical Studies "
        "( 14 )] : • Major depressive disorder (MDD) • Panic disorder (PD) • Social anxiety disorder (SAD)",
        "Sertraline hydrochloride tablet is a selective serotonin reuptake inhibitor (SSRI) indicated for the "
        "treatment of ( 1 ): • Major depressive disorder (MDD) • Panic disorder (PD)"]
    # the same list with one item a line, as the SPL reader writes it
    text = "It is indicated for the following:\n- Major depressive disorder (MDD)\n- Panic disorder (PD)\n"
    assert [s.text for s in sentences(text)] == [
        "It is indicated for the following:\n- Major depressive disorder (MDD)\n- Panic disorder (PD)"]
    # a list too long for one statement: the lead-in and its items stay statements of their own
    items = " ".join(f"• Serious reaction number {k} of this list [see Warnings and Precautions (5.{k})]"
                     for k in range(1, 12))
    got = [s.text for s in sentences("The following serious adverse reactions are described elsewhere: " + items)]
    assert got[0] == "The following serious adverse reactions are described elsewhere:"
    assert len(got) == 12 and all(g.startswith("Serious reaction number") for g in got[1:])
