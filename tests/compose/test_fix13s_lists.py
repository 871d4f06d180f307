"""Issue 12 point 3 (fix13s): a list's items are statements of their own, each stated with its lead-in. openFDA's
text and SPL text lose a list's markup, so a lead-in and its items ran into one statement ("Rivaroxaban is
contraindicated in patients with: active pathological bleeding [see ...] severe hypersensitivity ...", the digoxin
and gabapentin indications, the ELIQUIS highlights' dose items joined by " - "). Real labels of the shared data: the
openFDA rivaroxaban, gabapentin and digoxin tablet labels and the ELIQUIS SPL."""

from __future__ import annotations

from medbrief.compose.label_reading import ListItem, statements
from medbrief.store import Store
from tests.conftest import label_blocks, label_statements, module_store_of_shared_labels

RIVAROXABAN = "b8c394f61a3f0602a310ab77a6adff787e869214.json"
GABAPENTIN = "dc05d46923a9395dc7d5c37db88a8e05e99eb892.json"
DIGOXIN = "b2cf418021b1ac52d5e5f43eaee50fb36bae9d8f.json"
ELIQUIS = "labels/mateoportillo_fda_rag/apixaban.xml"

store = module_store_of_shared_labels((RIVAROXABAN, GABAPENTIN, DIGOXIN), (ELIQUIS,))


def _passage(store: Store, doc_prefix: str, needle: str) -> tuple[str, str]:
    row = store.db.conn.execute("SELECT id, text FROM passages WHERE id LIKE ? AND text LIKE ?",
                                (f"label:{doc_prefix}%", f"%{needle}%")).fetchone()
    assert row, needle
    return row[0], row[1]


def _supported(store: Store, statement: dict) -> bool:
    """Every support quote is its passage's text at its span."""
    for sp in statement["support"]:
        row = store.db.conn.execute("SELECT text FROM passages WHERE id = ?", (sp["passage_id"],)).fetchone()
        if row is None or row[0][sp["start"]: sp["end"]] != sp["quote"]:
            return False
    return True


def test_a_flattened_contraindication_list_gives_one_statement_per_item_with_its_lead_in(store: Store) -> None:
    _, text = _passage(store, "481b7802", "contraindicated in patients with:")
    said = [s.text for s in statements(text, False, items=True)]
    lead = "Rivaroxaban is contraindicated in patients with:"
    assert f"{lead} active pathological bleeding [see Warnings and Precautions ( 5.2 )]" in said
    assert (f"{lead} severe hypersensitivity reaction to rivaroxaban (e.g., anaphylactic reactions) [see Adverse "
            "Reactions ( 6.2 )]") in said
    assert not any("bleeding" in t and "hypersensitivity" in t for t in said)  # the two items run together
    # the facts reader quotes one span: its reading is unchanged
    assert any("bleeding" in s.text and "hypersensitivity" in s.text for s in statements(text, False))


def test_the_rivaroxaban_brief_states_each_contraindication_with_its_lead_in(store: Store) -> None:
    stmts = label_statements(store, "What are the contraindications of rivaroxaban?")
    texts = [s["text"] for s in stmts]
    assert any(t.startswith("Rivaroxaban is contraindicated in patients with: active pathological bleeding") for t in
               texts), texts
    assert not any("pathological bleeding" in t and "severe hypersensitivity" in t for t in texts), texts
    for s in stmts:
        assert _supported(store, s)
    item = [s for s in stmts if s["text"].startswith("Rivaroxaban is contraindicated in patients with: severe")]
    if item:  # the second item: the lead-in's span, then the item's
        assert item[0]["support"][0]["quote"] == "Rivaroxaban is contraindicated in patients with:"


def test_indications_whose_items_close_with_a_cross_reference_are_cut_at_it(store: Store) -> None:
    _, text = _passage(store, "5886e233", "cardiac glycoside indicated for:")
    found = statements(text, False, items=True)
    lead = "Digoxin Tablets are a cardiac glycoside indicated for:"
    said = [s.text for s in found]
    assert f"{lead} Treatment of mild to moderate heart failure in adults." in said
    assert f"{lead} Increasing myocardial contractility in pediatric patients with heart failure." in said
    assert not any("( 1.1 ) Increasing" in t for t in said)
    # the bare items, without their lead-in, are no statements
    assert "Increasing myocardial contractility in pediatric patients with heart failure." not in said
    second = next(s for s in found if "Increasing myocardial" in s.text)
    assert isinstance(second, ListItem)
    assert text[second.lead[0]: second.lead[1]] == lead
    assert text[second.start: second.end] == ("Increasing myocardial contractility in pediatric patients with heart "
                                              "failure.")


def test_items_run_together_without_any_separator_are_left_out(store: Store) -> None:
    # "Management of postherpetic neuralgia in adults Adjunctive therapy ...": nothing tells where an item ends
    _, text = _passage(store, "32169228", "Gabapentin Capsules are indicated for:")
    said = [s.text for s in statements(text, False, items=True)]
    assert not any("in adults Adjunctive" in t for t in said)
    assert not any("with epilepsy Gabapentin capsules" in t for t in said)
    texts = [s["text"] for s in label_statements(store, "What is gabapentin used for?")]
    assert not any("in adults Adjunctive" in t for t in texts), texts


def test_highlights_dose_items_joined_by_dashes_are_stated_each_with_its_indication(store: Store) -> None:
    _, text = _passage(store, "a454cd24", "nonvalvular atrial fibrillation:\n- The recommended dose is 5 mg")
    said = [s.text for s in statements(text, False, items=True)]
    lead = "Reduction of risk of stroke and systemic embolism in nonvalvular atrial fibrillation:"
    assert f"{lead} The recommended dose is 5 mg orally twice daily." in said
    assert any(t.startswith(f"{lead} In patients with at least 2 of the following characteristics: age") and
               t.endswith("the recommended dose is 2.5 mg orally twice daily.") for t in said)
    assert not any(f"{lead}\n-" in t or "(2.1)\n-" in t for t in said)
    stmts = label_statements(store, "What dose of apixaban for an 82-year-old with atrial fibrillation who weighs 58 "
                                    "kg and has a serum creatinine of 1.6 mg/dL?")
    assert not any(" - " in s["text"] or "\n-" in s["text"] for s in stmts), [s["text"] for s in stmts]
    assert all(_supported(store, s) for s in stmts)


def test_a_run_in_label_and_its_one_sentence_stay_one_statement() -> None:
    # rivaroxaban highlights (8.7): a title closed by a colon before one statement is no list
    text = ("Hepatic impairment: Avoid use in Child-Pugh B and C hepatic impairment or hepatic disease associated "
            "with coagulopathy ( 8.7 )")
    assert [s.text for s in statements(text, False, items=True)] == [text]


def test_the_key_facts_indication_is_a_whole_sentence_not_one_item_of_a_list(store: Store) -> None:
    # the ELIQUIS section 1 lists its uses ("ELIQUIS is a factor Xa inhibitor indicated:\n- to reduce the risk of
    # stroke ... (1.1)\n- for the prophylaxis of ..."): its first item alone is one use of several, not what the
    # drug treats; the Key facts quote a sentence that states a use whole (1.1's own sentence)
    _, text = _passage(store, "a454cd24", "factor Xa inhibitor indicated:")
    items = [s for s in statements(text, False, items=True) if isinstance(s, ListItem)]
    assert len(items) >= 2  # the list is read as items: the brief's Indications may quote them
    blocks = label_blocks(store, "What is eliquis used for?")
    key = next(b for b in blocks if b["heading"].endswith("Key facts"))
    indication = [s for s in key["statements"] if s["facet"] == "key:indication"]
    assert indication, key
    said = indication[0]["text"]
    assert not any(said == " ".join(s.text.split()) or said == s.text for s in items), said
    assert "indicated:" not in said, said
    assert len(indication[0]["support"]) == 1 and _supported(store, indication[0])
    row = store.db.conn.execute("SELECT text FROM passages WHERE id = ?",
                                (indication[0]["support"][0]["passage_id"],)).fetchone()
    whole = [s for s in statements(row[0], False, items=True) if not isinstance(s, ListItem)]
    assert any(s.start == indication[0]["support"][0]["start"] for s in whole), said


def test_an_item_is_stated_without_the_joiner_that_ties_it_to_the_next() -> None:
    # OFIRMEV (TAC 2017) boxed warning: "...: - ... not confused; - ...; - infusion pumps are properly programmed;
    # and - the total daily dose ..."
    text = ("In particular, be careful to ensure that:\n- the dose in milligrams (mg) and milliliters (mL) is not "
            "confused;\n- the dosing is based on weight for patients under 50 kg;\n- infusion pumps are properly "
            "programmed; and\n- the total daily dose of acetaminophen from all sources does not exceed maximum daily "
            "limits.\n")
    said = [s.text for s in statements(text, False, items=True)]
    lead = "In particular, be careful to ensure that:"
    assert f"{lead} infusion pumps are properly programmed" in said, said
    assert f"{lead} the dosing is based on weight for patients under 50 kg" in said, said
    assert not any(t.endswith((";", "; and", " and")) for t in said), said
