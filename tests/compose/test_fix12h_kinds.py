"""Issue 12 (fix12h, the fifth held-out set's half k), on the real shared labels (MEDBRIEF_DATA): a second drug named
by its class in the first drug's label (openFDA's pharmacologic class, and the abbreviation the label itself
defines), a child's age in months under a contraindicated age, a boxed warning asked beside another topic, and the
handling of a hazardous product."""

from __future__ import annotations

import re

import pytest

from medbrief.compose.label_tier import _class_pattern, pharm_classes
from medbrief.retrieve.corpus import Corpus
from medbrief.retrieve.facets import recognise_facets

from ..conftest import label_tier, module_store_of_shared_labels

TEKTURNA = "9f17120bf93b3881036bf18f16819c7ee07e7e0a.json"
BENAZEPRIL = "a4cdd7da9bae2fc3b2efbd21350e0bb0f77ae152.json"
IRBESARTAN = "48c3dc0960900ba231eea13f7ea4a63cc5856b78.json"
CARBINOXAMINE = "d24ab8858016f9dd6a6c9f5f728946413af9cfb8.json"
DANTROLENE = "e39d9c1c7a681855515d474f6cc3dc7d510a58c8.json"
HYDROXYUREA = "de66568fda0f5a53d7be6f55d6ca668a04179c08.json"

store = module_store_of_shared_labels((TEKTURNA, BENAZEPRIL, IRBESARTAN, CARBINOXAMINE, DANTROLENE, HYDROXYUREA))


def _block(blocks: list[dict], heading: str) -> list[str]:
    return [s["text"] for b in blocks if b["heading"] == heading for s in b["statements"]]


# Kind 1: the other drug named by its class, in words or in the abbreviation the label defines.

@pytest.mark.parametrize("question", [
    "im diabetic and on benazepril, can my doctor add tekturna (aliskiren)?",
    "I have diabetes. Can I take irbesartan together with Tekturna?",
])
def test_the_other_drug_by_its_class_and_the_labels_abbreviation(store, question: str) -> None:
    blocks, _, facets = label_tier(store, question)
    assert "interactions" in facets
    said = _block(blocks, "aliskiren: Interactions")
    # "Do not use Tekturna with ARBs or ACEIs in patients with diabetes": ACEIs / ARBs as the label abbreviates them
    assert any(re.search(r"\bwith ARBs or ACEIs in patients with diabetes", t) for t in said), said
    assert said and re.search(r"contraindicated|do not use", said[0], re.I), said


def test_openfda_pharmacologic_class_is_kept_and_read(store) -> None:
    corpus = Corpus(store)
    classes = pharm_classes(corpus.labels_for("irbesartan"))
    assert "angiotensin 2 receptor blocker" in classes, classes
    rx = re.compile(_class_pattern("angiotensin 2 receptor blocker"), re.I)
    # as labels write it: the number in either form or left out, plural, a hyphen broken by a line
    for text in ("angiotensin II receptor blockers", "angiotensin receptor blockers (ARBs)", "angiotensin- receptor "
                 "blocker"):
        assert rx.search(text), text
    assert not rx.search("angiotensin converting enzyme inhibitors")
    assert pharm_classes(corpus.labels_for("aliskiren")) == []  # this openFDA record gives no class


# Kind 3: a child's age in months under the contraindicated age.

@pytest.mark.parametrize("question", ["can i give my 18 month old carbinoxamine for her allergies?",
                                      "is carbinoxamine ok for a 10-month-old baby"])
def test_an_age_in_months_is_a_child_and_the_contraindication_leads(store, question: str) -> None:
    assert "pediatric" in recognise_facets(question, names_drug=True).facets
    blocks, _, _ = label_tier(store, question)
    first = blocks[0]["statements"][0]["text"]
    assert re.search(r"(younger|less) than 2 years", first) and re.search(r"contraindicated|deaths", first), first


# Kind 4: the boxed warning asked beside another topic.

def test_a_boxed_warning_asked_leads(store) -> None:
    question = "does dantrolene have a black box warning? my dr said something about my liver"
    assert recognise_facets(question, names_drug=True).facets[0] == "boxed_warning"
    blocks, _, _ = label_tier(store, question)
    assert blocks[0]["heading"] == "Boxed Warning", [b["heading"] for b in blocks]
    assert any("hepat" in s["text"] for s in blocks[0]["statements"])


# Kind 5: handling precautions are storage and handling.

@pytest.mark.parametrize("question", ["What handling precautions should caregivers follow with hydroxyurea capsules?",
                                      "how should i handle hydroxyurea capsules safely"])
def test_handling_is_storage_and_handling(store, question: str) -> None:
    facets = recognise_facets(question, names_drug=True).facets
    assert facets[0] == "storage" and "warnings" not in facets, facets
    blocks, _, _ = label_tier(store, question)
    assert blocks[0]["heading"] == "Storage and Handling"
    assert any("gloves" in s["text"] for s in blocks[0]["statements"]), blocks[0]["statements"]


def test_handling_machinery_is_no_storage_question() -> None:
    assert "storage" not in recognise_facets("can i handle machinery on baclofen", names_drug=True).facets


def test_every_class_of_the_table_reads_with_hyphens_and_line_breaks() -> None:
    # "[\s-]*" stays optional ("hmgcoa"), "[\s-]" takes a run ("angiotensin- converting"); every pattern compiles
    from medbrief.compose.label_tier import _spaced
    from medbrief.compose.topic import CLASS_MEMBERS

    for _, member in CLASS_MEMBERS:
        re.compile(_spaced(member))
    ace = next(_spaced(m) for _, m in CLASS_MEMBERS if "pril" in m)
    assert re.search(ace, "angiotensin- converting enzyme inhibitors", re.I)
    statin = next(_spaced(m) for _, m in CLASS_MEMBERS if "statin" in m)
    assert re.search(statin, "HMG-CoA reductase inhibitors", re.I) and re.search(statin, "hmgcoa reductase inhibitor",
                                                                                  re.I)


@pytest.mark.parametrize("question", ["How should Austedo dosing be handled in a CYP2D6 poor metabolizer?",
                                      "how do i handle a missed dose of xarelto"])
def test_handled_dosing_is_no_handling_of_the_product(question: str) -> None:
    assert "storage" not in recognise_facets(question, names_drug=True).facets, question
