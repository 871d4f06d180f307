"""Issue 12, the broken statements of the fourth held-out set (fix12c), on the real shared labels (MEDBRIEF_DATA):
the openFDA labels of NovoLog Mix 70/30, Marplan, celecoxib, atovaquone and proguanil, and Sezaby. Each test states
the statement as the brief must give it and the broken one it gave before."""

from __future__ import annotations

from medbrief.compose import standalone
from medbrief.store import Store

from ..conftest import label_statements, module_store_of_shared_labels

NOVOLOG_MIX = "f214c0b796de2f680d6f693de3cee36b285ffee1.json"
MARPLAN = "56d6db4877e531b5d83348dc05d4f4b6bc3afca8.json"
CELECOXIB = "f7de3ab499980d2b44e3664e6eed37acc81d7230.json"
ATOVAQUONE_PROGUANIL = "866193ad662c34b9e11c8cbeb97b573360be4aa6.json"
SEZABY = "fa533bf4ff32e94914f3b55f5b5f895b43650bca.json"

store = module_store_of_shared_labels((NOVOLOG_MIX, MARPLAN, CELECOXIB, ATOVAQUONE_PROGUANIL, SEZABY))


def _passage(store: Store, needle: str) -> str:
    row = store.db.conn.execute("SELECT text FROM passages WHERE text LIKE ? LIMIT 1", (f"%{needle}%",)).fetchone()
    assert row, needle
    return row[0]


def test_a_product_name_ending_in_digits_is_not_cut_as_a_heading(store: Store) -> None:
    """"1 INDICATIONS AND USAGE NOVOLOG MIX 70/30 is a mixture ...": the section heading goes, the name stays (was
    "70/30 is a mixture ...")."""
    texts = [s["text"] for s in label_statements(store, "What is NovoLog Mix 70/30 indicated for?")]
    assert any(t.startswith("NOVOLOG MIX 70/30 is a mixture of insulin aspart protamine") for t in texts), texts
    assert not any(t.startswith("70/30") for t in texts)


def test_a_heading_cut_at_its_own_preposition_is_cut_whole(store: Store) -> None:
    """"Cheese or Other Foods With a High Tyramine Content Hypertensive crises ...": the heading's "With" is no
    sentence opener (was "With a High Tyramine Content Hypertensive crises ...")."""
    text = _passage(store, "High Tyramine Content Hypertensive")
    start = text.index("Cheese or Other Foods With")
    sentence = text[start: text.index(".", start) + 1]
    assert sentence[standalone.trimmed(sentence):].startswith("Hypertensive crises have sometimes occurred")


def test_a_heading_before_an_abbreviation_in_capitals_is_cut(store: Store) -> None:
    """The NSAID boxed warning: "Gastrointestinal Bleeding, Ulceration, and Perforation NSAIDs cause ..."."""
    text = _passage(store, "Ulceration, and Perforation NSAIDs cause")
    start = text.index("Gastrointestinal Bleeding, Ulceration, and Perforation NSAIDs")
    sentence = text[start: text.index(".", start) + 1]
    cut = standalone.trimmed(sentence)
    assert sentence[cut:].startswith("NSAIDs cause an increased risk of serious gastrointestinal")
    assert standalone.heading_end(sentence) == cut
    # a product's name with "USP" is the sentence's subject, not a heading
    assert standalone.trimmed("Celecoxib Capsules USP are indicated for osteoarthritis.") == 0


def test_a_subheading_with_and_or_closed_by_a_colon_is_cut(store: Store) -> None:
    """"Disease-Associated Maternal and/or Embryo/Fetal Risk: Malaria during pregnancy ..." (Pregnancy): "and/or" is
    a connector of the heading as "and" is."""
    text = _passage(store, "Embryo/Fetal Risk: Malaria during")
    start = text.index("Disease-Associated Maternal")
    sentence = text[start: text.index(".", start) + 1]
    assert sentence[standalone.trimmed(sentence):].startswith("Malaria during pregnancy increases the risk")
    texts = [s["text"] for s in label_statements(store, "is atovaquone-proguanil safe in pregnancy?")]
    assert not any(t.startswith("Disease-Associated Maternal") for t in texts), texts


def test_a_flattened_dosing_table_row_is_no_statement(store: Store) -> None:
    """Sezaby's dosing table read as text: "Term Infants 20 mg/kg Maintenance Dosage (...) ... Option 1 1.5 mg/kg
    every 8 hours Option 2 2.25 mg/kg every 12 hours 1 If seizures persist ...": two pairs of bare numbers."""
    question = "What is the maximum total loading dose of Sezaby for neonatal seizures?"
    texts = [s["text"] for s in label_statements(store, question)]
    assert not any("Option 1 1.5 mg/kg" in t for t in texts), texts
    text = _passage(store, "Option 1 1.5 mg/kg")
    row = text[text.index("Term Infants"):]
    assert standalone.problem(row[: row.index("loading dose.") + len("loading dose.")]) == "a table flattened into text"
