"""Issue 12 point 3 (fix14d): a dose is stated with the heading that governs it, when the dosing section gives doses
for several indications or populations. Real openFDA labels (members of the shared openFDA zip), one test per kind of
place the governing heading sits in the stored text, and the kinds where no heading is certain (none is quoted)."""

from __future__ import annotations

import pytest

from medbrief.compose.dose_heading import governing_heading
from medbrief.retrieve.corpus import Corpus, LabelDoc
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

LOVENOX = "45cfc89fb12b944f070d346fb33877b4e1a99d48.json"
QUETIAPINE = "6e8e19cef7f16ed76a51e5677c17a01b5966643e.json"
ALPRAZOLAM = "d9db66b18e845cc2ae28fe77c91ba6752a9e7050.json"
METOPROLOL = "67f5727b2e05209abbb725928e6cfd23c85fc074.json"
GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"

store = module_store_of_shared_labels((LOVENOX, QUETIAPINE, ALPRAZOLAM, METOPROLOL, GABAPENTIN))


def _label(store: Store, drug: str) -> LabelDoc:
    labels = Corpus(store).labels_for(drug)
    assert len(labels) == 1, [lb.doc.title for lb in labels]
    return labels[0]


def _heading(label: LabelDoc, needle: str, nth: int = 0) -> list[tuple[str, str]] | None:
    """The heading(s) governing the dosing sentence that starts with `needle` (its `nth` occurrence), as (passage id,
    quote); each quote checked to be the passage's text at its span."""
    found = [(p, i) for p in label.passages if p.section_code == "34068-7"
             for i in range(len(p.text)) if p.text.startswith(needle, i)]
    assert len(found) > nth, needle
    p, start = found[nth]
    spans = governing_heading(label, p.id, start)
    if spans is None:
        return None
    texts = {q.id: q.text for q in label.passages}
    for pid, a, b in spans:
        assert texts[pid][a:b].strip() == texts[pid][a:b] and texts[pid][a:b], (pid, a, b)
    return [(pid, texts[pid][a:b]) for pid, a, b in spans]


def _quotes(found: list[tuple[str, str]] | None) -> list[str] | None:
    return None if found is None else [q for _, q in found]


def test_a_pediatric_dose_is_under_its_pediatric_heading_and_an_adult_dose_under_its_own(store: Store) -> None:
    gabapentin = _label(store, "gabapentin")
    # unnumbered subheading lines inside one passage: "Pediatric Patients" / "Age 3 to 11 Years"
    assert _quotes(_heading(gabapentin, "The recommended maintenance dose of gabapentin capsules in patients 3 to 4")) \
        == ["Pediatric Patients", "Age 3 to 11 Years"]
    adult = _quotes(_heading(gabapentin, "The recommended maintenance dose of gabapentin capsules is 300 mg"))
    assert adult is not None and adult[-1].endswith("Patients 12 Years of Age and Above"), adult
    metoprolol = _label(store, "metoprolol")
    assert _quotes(_heading(metoprolol, "The usual initial dosage is 25 mg to 100 mg daily")) == ["Hypertension",
                                                                                               "Adults"]
    # "... not been studied. Pediatric Hypertensive Patients >= 6 Years of age: The recommended starting dose ...
    # Doses above 2 mg/kg ...": a run-in label in text without line breaks, whose reach is not known (the merge's
    # trial found benazepril's adult dose quoted under such a label): no heading, the sentence names its population
    assert _heading(metoprolol, "Doses above 2 mg/kg") is None
    # the same sentence under the next indication's heading gets that heading
    assert _quotes(_heading(metoprolol, "The usual initial dosage is 100 mg daily")) == ["Angina Pectoris"]


def test_an_unnumbered_subheading_inside_a_passage_governs_not_the_numbered_title_before_it(store: Store) -> None:
    lovenox = _label(store, "enoxaparin")
    assert _quotes(_heading(lovenox, "The recommended dose of Lovenox is 30 mg every 12 hours")) == [
        "Hip or Knee Replacement Surgery"]
    # "Medical" / "Patients during Acute Illness The recommended dose ...": the heading glued to the sentence's front
    medical = _quotes(_heading(lovenox, "The recommended dose of Lovenox is 40 mg once a day administered"))
    assert medical is not None and medical[-1] == "Patients during Acute Illness", medical
    assert "Abdominal" not in " ".join(medical)


def test_a_heading_ending_the_previous_passage_governs(store: Store) -> None:
    quetiapine = _label(store, "quetiapine")
    found = _heading(quetiapine, "Patients with hepatic impairment should be started on 25 mg/day.")
    assert _quotes(found) == ["Dose Modifications in Hepatically Impaired Patients"]
    sentence_passage = next(p.id for p in quetiapine.passages
                            if "Patients with hepatic impairment should be started" in p.text)
    assert found is not None and found[0][0] != sentence_passage  # the title closes the passage before


def test_no_heading_when_a_line_before_may_hide_one(store: Store) -> None:
    quetiapine = _label(store, "quetiapine")
    # a table flattened into text: "... 800 mg/day Bipolar Mania- Children and Adolescents (10 to 17 years), ..."
    assert _heading(quetiapine, "Day 2: Twice daily dosing totaling 100 mg.", nth=1) is None
    gabapentin = _label(store, "gabapentin")
    # Highlights run together: "... three times a day) Epilepsy with Partial Onset Seizures ( 2.2 ) Patients 12 ..."
    # (the "Postherpetic Neuralgia" heading before it is not this dose's: the line's own run-in label is all it has)
    found = _quotes(_heading(gabapentin, "Patients 12 years of age and older: starting dose is 300 mg"))
    assert found in (None, ["Patients 12 years of age and older"]), found


@pytest.mark.parametrize(("question", "dose", "heading", "not_heading"), [
    ("What is the maximum dose of alprazolam?", "4 mg daily", "Dosage in Generalized Anxiety Disorder", "Panic"),
    ("What is the usual dose of metoprolol succinate?", "25 mg to 100 mg daily", "Hypertension", "Angina"),
])
def test_the_brief_quotes_the_dose_with_its_heading(store: Store, question: str, dose: str, heading: str,
                                                    not_heading: str) -> None:
    said = label_statements(store, question)
    with_dose = [s for s in said if dose in s["text"]]
    assert with_dose, [s["text"] for s in said]
    for s in with_dose:
        assert s["text"].rstrip(".").endswith(")") and heading in s["text"].split(dose, 1)[1], s["text"]
        assert not_heading not in s["text"].split(dose, 1)[1], s["text"]
        quotes = [x["quote"] for x in s["support"]]
        assert any(heading in q for q in quotes[1:]), quotes
    # a statement that names its own indication ("Panic Disorder : Recommended ...") is not given another's heading
    for s in said:
        if "Panic Disorder" in s["text"].split(":")[0]:
            assert "Generalized Anxiety" not in s["text"], s["text"]


BENAZEPRIL = "a4cdd7da9bae2fc3b2efbd21350e0bb0f77ae152.json"
LISINOPRIL_SPL = "labels/mateoportillo_fda_rag/lisinopril.xml"
run_in_store = module_store_of_shared_labels((BENAZEPRIL,), (LISINOPRIL_SPL,))


def test_a_run_in_label_heads_only_its_own_line(run_in_store: Store) -> None:
    # the fresh pharmacist's trial of the merge: benazepril's adult maintenance dose, after the flattened Highlights'
    # "Renal Impairment: Initiate with 5 mg ... ( 2 .2) 2.1 Recommended Dosage ADULTS ...", was quoted
    # "(Renal Impairment)". In text without line breaks a run-in label's reach is not known: no heading.
    benazepril = _label(run_in_store, "benazepril")
    assert _heading(benazepril, "The usual maintenance dosage range is 20 to 40 mg per day") is None
    # lisinopril's SPL: "Initial Therapy in adults: The recommended initial dose ..." heads the sentences of its line,
    # whole (not "Therapy in adults"); the sentence-case line "Use with diuretics in adults" (no full stop) may
    # head the lines after it, so the diuretic dose below it gets no heading rather than the one above
    lisinopril = _label(run_in_store, "lisinopril")
    assert _quotes(_heading(lisinopril, "The usual dosage range is 20 mg to 40 mg per day")) == [
        "Initial Therapy in adults"]
    assert _heading(lisinopril, "The recommended starting dose in adult patients with hypertension taking") is None
