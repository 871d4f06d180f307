"""Research and guideline statements stay on the question's topic and keep their meaning (issue 12, point 5).

The store holds invented PubMed records (XML, and a run-together abstract in the Cohen CSV form) and guidelines
modelled on what the shared data made the briefs cite:
a baclofen abstract whose comparison ("less common") reassures while its conclusion says the drug is not
appropriate in renal failure, tizanidine trial dropouts and rat paw withdrawal, rizatriptan and enalapril abstracts
that only share "treatment ... after" with a stroke question, and a newborn eye-prophylaxis guideline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from medbrief import pipeline
from medbrief.compose.research_tier import _conclusion_start, _standalone
from medbrief.compose.sentences import sentences
from medbrief.compose.topic import class_pattern, condition_topic, same_word
from medbrief.records import Passage
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.question import analyse
from medbrief.store import Store
from tests.conftest import store_of_fixtures


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    st = store_of_fixtures(tmp_path_factory, "research_topic", "tac")
    yield st
    st.close()


def _texts(brief: dict[str, Any], tier: str) -> list[str]:
    return [st["text"] for sec in brief["sections"] if sec["tier"] == tier for b in sec["blocks"]
            for st in b["statements"]]


def ask(store: Store, question: str) -> dict[str, Any]:
    return pipeline.ask_store(store, question).to_json_dict()


def test_baclofen_in_kidney_failure_cites_the_conclusion_not_the_comparison(store: Store) -> None:
    research = _texts(ask(store, "Is baclofen safe in kidney failure?"), "research")
    assert any("is not appropriate" in t and "renal function" in t for t in research), research
    assert not any("less common" in t for t in research), research


def test_spasticity_after_stroke_stays_on_spasticity_after_stroke(store: Store) -> None:
    b = ask(store, "What is the treatment for spasticity after stroke?")
    research, guideline = _texts(b, "research"), _texts(b, "guideline")
    assert any("tizanidine is safe and efficacious" in t for t in research), research
    assert not any(w in t.lower() for t in research for w in ("rizatriptan", "enalapril")), research
    assert any("spasticity after stroke" in t for t in guideline), guideline
    assert not any("birth" in t or "ophthalmia" in t for t in guideline), guideline


def test_tizanidine_withdrawal_is_not_paw_withdrawal_or_dropouts(store: Store) -> None:
    research = _texts(ask(store, "tizanidine withdrawal"), "research")
    assert any("rebound hypertension" in t for t in research), research
    assert not any(w in t for t in research for w in ("paw", "withdrew from the study", "lost to follow-up")), research


def test_an_animal_question_keeps_animal_work(store: Store) -> None:
    research = _texts(ask(store, "tizanidine paw withdrawal in rats"), "research")
    assert any("paw withdrawal" in t for t in research), research


def test_no_guideline_on_the_topic_says_so(store: Store) -> None:
    b = ask(store, "What is the treatment for psoriasis in newborns?")
    assert not _texts(b, "guideline")
    assert any(n.startswith("No guideline in the corpus addresses") for n in b["notes"]), b["notes"]


def test_condition_words_and_their_forms(store: Store) -> None:
    drugs = Corpus(store).drugs
    kidney = condition_topic(analyse("Is baclofen safe in kidney failure?", drugs))
    assert kidney.words == ("kidney", "failure")
    assert kidney.met_by("Baclofen is not appropriate in patients with severely impaired renal function.")
    assert not kidney.met_by("Baclofen is cleared by the kidney.")
    assert condition_topic(analyse("Is baclofen safe in kidney disease?", drugs)).words == ("kidney",)
    assert condition_topic(analyse("What is the treatment for spasticity after stroke?", drugs)).words == (
        "spasticity", "stroke")
    assert not condition_topic(analyse("What are the side effects of tizanidine?", drugs))
    assert not condition_topic(analyse("tizanidine withdrawal", drugs))
    topic = condition_topic(analyse("methotrexate for psoriasis", drugs))
    assert topic.met_by("Methotrexate improved psoriatic arthritis.")
    assert not topic.met_by("Methotrexate improved rheumatoid arthritis.")
    assert same_word("kidney", "renal") and same_word("renal", "nephrotoxicity") and same_word("liver", "hepatic")
    assert same_word("spasticity", "spastic") and same_word("pain", "painful") and same_word("stroke", "strokes")
    assert not same_word("neuropathic", "neurons") and not same_word("cancer", "cancel")
    assert same_word("muscle", "spasticity") and not same_word("spasticity", "muscle")
    assert not condition_topic(analyse("What happens if tizanidine is stopped abruptly?", drugs))
    # words asking for recent research are no condition (was: "No guideline ... addresses baclofen in latest
    # spasticity")
    for q in ("What is the latest research on baclofen in spasticity?", "recent studies of baclofen for spasticity",
              "new evidence on baclofen in spasticity", "emerging evidence baclofen spasticity 2025",
              "recent meta-analyses of baclofen in spasticity", "systematic reviews of baclofen for spasticity",
              "baclofen spasticity randomized controlled trials 2024"):
        assert condition_topic(analyse(q, drugs)).words == ("spasticity",), q


def test_a_drug_class_is_named_by_its_members(store: Store) -> None:
    q = analyse("Do statins cause muscle pain?", Corpus(store).drugs)
    rx = class_pattern(q)
    if rx is None:
        pytest.skip("the drug lexicon (drug-named-entity-recognition) is not installed: no classes")
    assert rx.search("Atorvastatin raised CK levels.") and rx.search("Statin myopathy is rare.")
    assert not rx.search("Metformin lowered glucose.")
    assert condition_topic(q).words == ("muscle", "pain")


def test_conclusion_of_a_run_together_abstract_and_anaphoric_sentences() -> None:
    text = ("Nine patients with severely impaired renal function were included for analysis.; Severe complications "
            "such as seizures were less common in these patients. Abdominal pain was noted in five of the nine "
            "patients.; Patients with renal failure develop baclofen intoxication soon after starting therapy. Thus, "
            "the administration of baclofen in these patients is not appropriate.")
    p = Passage("pmid:1#0", "pmid:1", "Abstract", "ABSTRACT", text, 0)
    every = sentences(text)
    start = _conclusion_start(p, every)
    assert start == text.index("Patients with renal")
    last = _standalone(text, every, every[-1])
    assert last.text.startswith("Patients with renal") and last.text.endswith("not appropriate.")
    first_of_part = next(s for s in every if s.text.startswith("Severe complications"))
    assert _standalone(text, every, first_of_part) == first_of_part  # never joined across '; ' parts


def test_a_comparison_needs_its_context_only_without_its_comparator() -> None:
    from medbrief.compose.research_tier import needs_context

    assert needs_context("The accumulated dosage was small and severe complications were less common.")
    assert needs_context("Seizures were relatively uncommon among patients with impaired renal function.")
    assert not needs_context("Dizziness was more frequent with gabapentin than with placebo (24% vs 4.9%).")
    assert not needs_context("Adverse events occurred more often in the gabapentin group (24%).")
    assert not needs_context("Baclofen reduced spasticity in 18 of 20 patients.")


def test_a_class_the_lexicon_may_miss_is_found_by_the_table(store: Store) -> None:
    q = analyse("Do beta blockers worsen asthma?", Corpus(store).drugs)
    rx = class_pattern(q)
    assert rx is not None and rx.search("Atenolol was given.") and rx.search("beta-blockers were stopped")
    assert condition_topic(q).words == ("asthma",)


def test_a_verdict_counts_only_about_the_drug() -> None:
    import re

    from medbrief.compose.research_tier import _drug_verdict

    rx = re.compile(r"\bbaclofen\b", re.I)
    assert _drug_verdict("Thus, the administration of baclofen, regardless of the dosage, in these patients is not "
                         "appropriate.", rx)
    assert not _drug_verdict("Baclofen toxicity was seen. Hemodialysis is effective in alleviating the symptoms.", rx)


def test_a_drug_named_only_as_a_vehicle_or_placebo_is_not_the_subject() -> None:
    """'how many times a day can I use this saline solution' once cited an oxybutynin trial whose placebo was saline."""
    import re

    from medbrief.compose.research_tier import only_as_vehicle

    saline = re.compile(r"\b(sodium chloride|saline|dextrose)\b", re.I)
    assert only_as_vehicle("Patients received either 20 mg oxybutynin or placebo as 40 ml sterile sodium chloride "
                           "solution administered intravesically over a period of 10 days.", saline)
    assert only_as_vehicle("The drug was diluted in 5% dextrose and infused over 1 hour.", saline)
    assert not only_as_vehicle("Hypertonic saline reduced intracranial pressure more than mannitol.", saline)
    # one mention as the comparator's placebo, one as the treatment: about the drug
    assert not only_as_vehicle("Nebulized hypertonic saline improved lung function compared with isotonic saline "
                               "placebo.", saline)
