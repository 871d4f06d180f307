"""Renal/hepatic kinds of error found on the seed-17 gold (now a dev set), third tuning pass: ways labels name the
patients and the action that were missed, each on the label's own sentence (openFDA text, verbatim)."""

from __future__ import annotations

import pytest

from medbrief.facts.populations import hepatic, renal


@pytest.mark.parametrize(("text", "kind"), [
    # sotalol: "with decreased renal function" names the patients without "patients with"
    ("In any age group with decreased renal function, sotalol doses should be lowered or the intervals between doses "
     "increased.", "adjust"),
    ("therefore lower doses are necessary in conditions of renal impairment", "adjust"),
    # felbamate: "the renally impaired"
    ("In the renally impaired, starting and maintenance doses should be reduced by one-half", "adjust"),
    # metyrosine: both organs in one list, "impaired hepatic or renal function"
    ("caution should be observed in patients with impaired hepatic or renal function.", "monitor"),
    # topiramate: "one-half of the usual adult dose ... is recommended"
    ("In patients with renal impairment (creatinine clearance less than 70 mL/min/1.73 m 2 ), one-half of the usual "
     "adult dose of topiramate tablets is recommended", "adjust"),
    # phenytoin: "renal or liver disease"
    ("Patients with a history of renal or liver disease should not receive the oral loading regimen.", "avoid"),
    # difenoxin: "hepatorenal disease"
    ("MOTOFEN ® should be used with extreme caution in patients with advanced hepatorenal disease and in all patients "
     "with abnormal liver function tests since hepatic coma may be precipitated.", "monitor"),
    # the dose's timing around dialysis (tofacitinib, pomalidomide, imipenem/relebactam, sodium zirconium)
    ("For patients undergoing hemodialysis, administer the dose after the dialysis session on dialysis days.",
     "adjust"),
    ("For patients with severe renal impairment requiring dialysis, administer pomalidomide after the completion of "
     "hemodialysis on dialysis days", "adjust"),
    ("ESRD patients on hemodialysis should receive RECARBRIO after hemodialysis session", "adjust"),
    ("For patients on chronic hemodialysis, administer LOKELMA only on non-dialysis days.", "adjust"),
])
def test_renal_statements_third_pass(text: str, kind: str) -> None:
    assert [f.kind for f in renal(text)] == [kind]


@pytest.mark.parametrize(("text", "kind"), [
    # escitalopram: "hepatically impaired patients"
    ("The recommended dose of escitalopram oxalate in hepatically impaired patients is 10 mg daily", "adjust"),
    # bosentan: "avoided"
    ("Bosentan should generally be avoided in patients with moderate or severe liver impairment.", "avoid"),
    # modafinil: five words between the dosage and "reduced"
    ("In patients with severe hepatic impairment, the dosage of modafinil tablets should be reduced to one-half of "
     "that recommended for patients with normal hepatic function", "adjust"),
    # alprazolam: "the recommended starting oral dosage"
    ("In patients with hepatic impairment, the recommended starting oral dosage of alprazolam tablets is 0.25 mg, "
     "given 2 or 3 times daily.", "adjust"),
    # haloperidol decanoate: "the low end of the recommended dosing range"
    ("In patients with hepatic impairment, consider starting at the low end of the recommended dosing range for the "
     "first haloperidol decanoate dose", "adjust"),
    ("caution should be observed in patients with impaired hepatic or renal function.", "monitor"),
    # entrectinib: "the risk-benefit profile"
    ("Consider the risk-benefit profile of ROZLYTREK prior to determining whether to administer ROZLYTREK to patients "
     "with moderate to severe hepatic impairment.", "monitor"),
    # felbamate: "should not be started on"
    ("patients with a history of hepatic dysfunction should not be started on felbamate.", "avoid"),
    # alogliptin/pioglitazone (seed-15 gold): "abnormal liver tests" the patients have
    ("In patients with abnormal liver tests, alogliptin and pioglitazone tablets should be initiated with caution.",
     "monitor"),
])
def test_hepatic_statements_third_pass(text: str, kind: str) -> None:
    assert [f.kind for f in hepatic(text)] == [kind]


@pytest.mark.parametrize("text", [
    # still not statements: the other organ only, pharmacokinetics, the geriatric boilerplate
    "Bosentan should generally be avoided in patients with moderate or severe liver impairment.",
    "In subjects with decreased renal function, AUC was increased 2-fold.",
    "Elderly patients are more likely to have decreased renal function.",
])
def test_not_renal_statements_third_pass(text: str) -> None:
    assert renal(text) == []


def test_a_table_caption_cut_after_table_is_a_pointer() -> None:
    # tofacitinib: the splitter cuts "Table 1 displays ..." after "Table"; the caption states nothing itself
    text = ("1 displays the recommended dosage of tofacitinib tablets for adults with RA, PsA, and AS [see Indication "
            "and Usage (1.1 , 1.2 , 1.3) ] with and without renal impairment (including those who are undergoing "
            "hemodialysis) or hepatic impairment.")
    assert renal(text) == [] and hepatic(text) == []
    assert renal(text.replace("1 displays the recommended dosage of", "Reduce the dosage of")) != []
