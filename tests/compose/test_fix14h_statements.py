"""Issue 12 point 3 (fix14h): statements that stand alone. Highlights lines that run their items together on one line
(a section reference ends one item, the next follows: " - ", a run-in label, or items after ". " in lower case), list
items whose lead-in the splitter cut off (a lead-in announcing "the following patients:" with one item in its own
sentence, a Drug Facts lead-in set before bullets with no colon), headings glued to a sentence (a boxed warning's title
repeated by its text, a heading before a brand written with its ® mark), and a sentence that leaves what to do to a
cross-reference ("... as appropriate [see Drug Interactions (7)] ."). Real openFDA labels of the shared data."""

from __future__ import annotations

from medbrief.compose import standalone
from medbrief.compose.label_reading import ListItem, deferred_pointer_at, statements
from medbrief.store import Store
from tests.conftest import label_statements, module_store_of_shared_labels

ALLOPURINOL = "ff0c7580d9e302f969edc70dc18ffb4466d2494e.json"
CELECOXIB = "f7de3ab499980d2b44e3664e6eed37acc81d7230.json"
JARDIANCE = "5644b9fd4b3fc0f90d9ec771901607ef5e212e04.json"
RIVAROXABAN = "b8c394f61a3f0602a310ab77a6adff787e869214.json"
MELOXICAM = "ebc425f294d2f3982cbe748fd0eb3166ae7272de.json"
LOVENOX = "45cfc89fb12b944f070d346fb33877b4e1a99d48.json"
ACETAMINOPHEN = "4881eee6adedb816f06f8e307c4ba1e97adb9e46.json"
CIPROFLOXACIN = "28c4d5fd8c0b226269fd3b4cb205b30d8c83f1e0.json"
WAYRILZ = "1bc6bb178aa29f302859369084cebae601516009.json"
SPIRIVA = "9e955bc1f08b0610922ee4fa4c67f376121bdf73.json"
METHOTREXATE = "2d732fc17bd36b08451c4ab050eb0ca67e2dd52f.json"
ACETAMINOPHEN_SPL = "labels/spl_xml/hafsaahmed614_xml_information/otc_2f8bbda5-0100-4d14-84b7-e5712f6dad6f.xml"

store = module_store_of_shared_labels(
    (ALLOPURINOL, CELECOXIB, JARDIANCE, RIVAROXABAN, MELOXICAM, LOVENOX, ACETAMINOPHEN, CIPROFLOXACIN, WAYRILZ,
     SPIRIVA, METHOTREXATE), (ACETAMINOPHEN_SPL,))


def _text(store: Store, needle: str) -> str:
    row = store.db.conn.execute("SELECT text FROM passages WHERE text LIKE ?", (f"%{needle}%",)).fetchone()
    assert row, needle
    return row[0]


def _said(store: Store, needle: str, *, items: bool = True) -> list[str]:
    return [s.text for s in statements(_text(store, needle), False, items=items)]


def test_a_highlights_line_is_cut_where_a_section_reference_ends_an_item_before_a_dash(store: Store) -> None:
    said = _said(store, "gout flares is recommended. ( 2.1 , 2.2 ) - Patients")
    assert "Prophylactic treatment for gout flares is recommended. ( 2.1 , 2.2 )" in said
    assert "Patients with normal kidney function: Initial dosage is 100 mg orally daily." in said
    assert not any("recommended. ( 2.1" in t and "Patients with" in t for t in said)


def test_a_highlights_line_is_cut_before_a_run_in_label_after_a_section_reference(store: Store) -> None:
    for items in (True, False):
        said = _said(store, "may be of benefit ( 2.5 , 14.4 ) AP and PD", items=items)
        assert any(t.endswith("may be of benefit ( 2.5 , 14.4 )") for t in said), said
        assert any(t.startswith("AP and PD: 400 mg initially") for t in said), said


def test_items_after_a_full_stop_in_lower_case_are_items_of_their_own_with_the_lead_in(store: Store) -> None:
    said = _said(store, "heart failure in adults with heart failure. to reduce")
    ours = [t for t in said if t.startswith("JARDIANCE is indicated: ")]
    assert len(ours) >= 3, said
    assert not any(". to reduce" in t for t in ours), ours
    assert all(standalone.problem(t if t.endswith(".") else f"{t}.") is None for t in ours), ours


def test_the_jardiance_uses_are_not_run_together_in_the_brief(store: Store) -> None:
    texts = [s["text"] for s in label_statements(store, "What is Jardiance used for?")]
    assert texts
    assert not any(". to reduce" in t for t in texts), texts


def test_items_of_a_list_announced_by_the_following_keep_their_lead_in_after_a_sentence_break(store: Store) -> None:
    found = statements(_text(store, "Meloxicam is contraindicated in the following patients:"), False, items=True)
    lead = "Meloxicam is contraindicated in the following patients: "
    history = [s for s in found if "History of asthma" in s.text and "( 4 )" not in s.text]
    assert history and all(isinstance(s, ListItem) and s.text.startswith(lead) for s in history), history
    cabg = [s for s in found if s.text.endswith("(CABG) surgery [see Warnings and Precautions ( 5.1 )]")]
    assert cabg and cabg[0].text.startswith(lead)
    # the sentence between the items is stated as it is, not as an item
    assert any(s.text.startswith("Severe, sometimes fatal, anaphylactic reactions") for s in found)


def test_a_drug_facts_lead_in_before_bullets_without_a_colon_gives_its_items(store: Store) -> None:
    said = _said(store, "Severe liver damage may occur if you take")
    lead = "Severe liver damage may occur if you take "
    assert f"{lead}3 or more alcoholic drinks every day while using this product" in said, said
    assert f"{lead}with other drugs containing acetaminophen" in said, said
    assert "Acetaminophen may cause severe skin reactions." in said  # no longer run into the last item


def test_a_boxed_warning_title_repeated_by_its_text_is_cut(store: Store) -> None:
    said = _said(store, "increases the risk of thrombotic events Premature discontinuation")
    assert not any("thrombotic events Premature" in t for t in said), said
    t = "(A) Premature discontinuation of rivaroxaban increases the risk of thrombotic events Premature " \
        "discontinuation of any oral anticoagulant, including rivaroxaban, increases the risk of thrombotic events."
    assert t[standalone.trimmed(t):].startswith("Premature discontinuation of any oral anticoagulant")
    # a sentence that says its subject twice is no title: "Risk ... Risk" needs the repeat capitalised after no stop
    plain = "Premature discontinuation of any oral anticoagulant increases the risk. Premature discontinuation of X."
    assert standalone.trimmed(plain) == 0


def test_a_heading_glued_before_a_brand_with_its_mark_is_cut(store: Store) -> None:
    said = _said(store, "Prophylaxis of Deep Vein Thrombosis Lovenox")
    assert not any(t.startswith("Prophylaxis of Deep Vein Thrombosis Lovenox") for t in said), said
    assert any(t.startswith("Lovenox ® is indicated for the prophylaxis of deep vein thrombosis") for t in said), said
    assert standalone.trimmed("The Lovenox ® pen is used once daily.") == 0


def test_a_sentence_deferring_to_a_cross_reference_is_quoted_up_to_it(store: Store) -> None:
    text = _text(store, "adjust dosage as appropriate [see Drug Interactions (7) ] .")
    pointer = "as appropriate [see Drug Interactions (7) ] ."
    s = next(s.text for s in statements(text, False) if s.text.endswith(pointer))
    end = deferred_pointer_at(s)
    assert s[:end].endswith("monitor serum levels of theophylline and adjust dosage as appropriate")
    assert deferred_pointer_at("Reduce the dose [see Dosage and Administration (2.2)].") == 0
    stmts = label_statements(store, "Can ciprofloxacin be taken with theophylline?")
    for st in stmts:
        assert "as appropriate [see" not in st["text"]
        for sp in st["support"]:
            row = store.db.conn.execute("SELECT text FROM passages WHERE id = ?", (sp["passage_id"],)).fetchone()
            assert row[0][sp["start"] : sp["end"]] == sp["quote"]


def test_a_cross_reference_closing_an_item_before_a_sentence_ends_the_item_and_the_lead_in_stays(store: Store) -> None:
    # "... elsewhere in the labeling: Serious Infections [see ...] Hepatotoxicity, Including Drug-Induced Liver Injury
    # [ see ... (5.2) ] Most common adverse reactions (incidence >=10%) were ...": the items with their lead-in (which
    # the reader then refuses as a pointer), the sentence after them on its own
    found = statements(_text(store, "Hepatotoxicity, Including Drug-Induced Liver Injury [ see"), False, items=True)
    lead = "The following clinically important adverse reactions are described elsewhere in the labeling: "
    hepatotoxicity = [s for s in found if "Drug-Induced Liver Injury" in s.text]
    assert hepatotoxicity and all(isinstance(s, ListItem) and s.text.startswith(lead) for s in hepatotoxicity)
    assert any(s.text.startswith("Most common adverse reactions (incidence ≥10%) were diarrhea") for s in found)
    assert not any("Liver Injury" in s.text and "Most common" in s.text for s in found)
    assert all(standalone.problem(s.text) is not None for s in hepatotoxicity)  # a pointer elsewhere


def test_a_how_to_heading_glued_before_its_instruction_is_cut(store: Store) -> None:
    said = _said(store, "How to store your SPIRIVA RESPIMAT inhaler Store SPIRIVA")
    assert not any(t.startswith("How to store your SPIRIVA RESPIMAT inhaler Store") for t in said), said
    assert any(t.startswith("Store SPIRIVA RESPIMAT at room temperature") for t in said), said
    assert standalone.trimmed("How to take aspirin tablets with water is shown below.") == 0


def test_a_drug_facts_lead_in_before_dashed_items_on_new_lines_gives_its_items(store: Store) -> None:
    said = _said(store, "Severe liver damage may occur if you take\n- more than 4,000 mg")
    lead = "Severe liver damage may occur if you take "
    assert f"{lead}3 or more alcoholic drinks every day while using this product" in said, said
    assert f"{lead}more than 4,000 mg of acetaminophen in 24 hours" in said, said


def test_the_key_facts_quote_a_deferring_sentence_up_to_its_pointer(store: Store) -> None:
    stmts = label_statements(store, "is methotrexate safe during pregnancy")
    assert stmts
    for st in stmts:
        assert "as appropriate [see" not in st["text"], st["text"]
        for sp in st["support"]:
            row = store.db.conn.execute("SELECT text FROM passages WHERE id = ?", (sp["passage_id"],)).fetchone()
            assert row[0][sp["start"] : sp["end"]] == sp["quote"]
