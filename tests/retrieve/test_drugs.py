"""Drug recognition: generic, brand and substance names; case, punctuation, plurals, one typo; combinations."""

from __future__ import annotations

import pytest

from medbrief.retrieve.drugs import DrugDictionary, dictionary_rows

LABELS = [
    ("label:1", ["atorvastatin"], {"brand_names": ["LIPITOR"], "generic_names": ["ATORVASTATIN CALCIUM"],
                                   "substance_names": ["ATORVASTATIN CALCIUM TRIHYDRATE"]}),
    ("label:2", ["atorvastatin"], {"brand_names": ["Atorvastatin Calcium"], "generic_names": ["atorvastatin calcium"]}),
    ("label:3", ["tizanidine"], {"brand_names": ["Zanaflex"], "generic_names": ["TIZANIDINE HYDROCHLORIDE"]}),
    ("label:4", ["baclofen"], {"brand_names": ["LIORESAL"]}),
    ("label:5", ["acetaminophen and oxycodone"], {"brand_names": ["PERCOCET"],
                                                  "generic_names": ["OXYCODONE AND ACETAMINOPHEN"],
                                                  "substance_names": ["OXYCODONE HYDROCHLORIDE", "ACETAMINOPHEN"]}),
    ("label:6", ["oxycodone"], {"brand_names": ["ROXICODONE"], "generic_names": ["OXYCODONE HYDROCHLORIDE"]}),
]


@pytest.fixture(scope="module")
def dictionary() -> DrugDictionary:
    return DrugDictionary(dictionary_rows(LABELS))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What is the maximum daily dose of Lipitor?", ["atorvastatin"]),
        ("ATORVASTATIN calcium tablets: side effects", ["atorvastatin"]),
        ("max dose of atorvastatn", ["atorvastatin"]),  # one typo
        ("zanaflex and lioresal", ["tizanidine", "baclofen"]),
        ("What are Zanaflexes used for?", ["tizanidine"]),  # plural
        ("Is BACLOFEN safe in kidney failure?", ["baclofen"]),
        ("What is oxycodone used for?", ["oxycodone"]),  # no combination unless asked
        ("Percocet dose", ["acetaminophen and oxycodone"]),
        ("What is the dose of the headache medicine?", []),
    ],
)
def test_recognise(dictionary: DrugDictionary, question: str, expected: list[str]) -> None:
    assert [m.canonical for m in dictionary.recognise(question)] == expected


def test_naming_every_ingredient_asks_for_the_combination_too(dictionary: DrugDictionary) -> None:
    got = [m.canonical for m in dictionary.recognise("oxycodone with acetaminophen for pain")]
    assert "acetaminophen and oxycodone" in got and "oxycodone" in got


def test_typo_match_is_marked_inexact(dictionary: DrugDictionary) -> None:
    (m,) = dictionary.recognise("tizanadine")
    assert m.canonical == "tizanidine" and not m.exact


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("ATORVASTATIN CALCIUM TRIHYDRATE", "atorvastatin"),
        ("Tizanidine Hydrochloride", "tizanidine"),
        ("OXYCODONE AND ACETAMINOPHEN", "acetaminophen and oxycodone"),
        ("adalimumab-ryvk", "adalimumab"),
        ("MAGNESIUM HYDROXIDE", "magnesium hydroxide"),
        ("Sodium Chloride", "sodium chloride"),
        ("baclofen injection", "baclofen"),
    ],
)
def test_canonical_names(name: str, canonical: str) -> None:
    from medbrief.drugnames import canonical_drug_name

    assert canonical_drug_name(name) == canonical


# -- issue 11 point 5: salts, ordinary words, combinations, the drug lexicon --------------------------------------

@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("LITHIUM CARBONATE", "lithium"),
        ("lithium citrate", "lithium"),  # both salts are lithium
        ("SEVELAMER CARBONATE", "sevelamer"),
        ("SEVELAMER HYDROCHLORIDE", "sevelamer"),
        ("METOPROLOL SUCCINATE", "metoprolol"),
        ("AMLODIPINE BESYLATE", "amlodipine"),
        ("IMATINIB MESYLATE", "imatinib"),
        ("CHLORPHENIRAMINE MALEATE", "chlorpheniramine"),
        ("MORPHINE SULFATE", "morphine"),
        ("NAPROXEN SODIUM", "naproxen"),
        ("MOMETASONE FUROATE MONOHYDRATE", "mometasone"),
        ("potassium chloride", "potassium chloride"),  # nothing else left: the salt is the drug
        ("CALCIUM CARBONATE", "calcium carbonate"),
        ("sodium bicarbonate", "sodium bicarbonate"),
        ("insulin glargine-aldy", "insulin glargine"),  # biosimilar suffix
        ("epoetin alfa-epbx", "epoetin alfa"),
        ("LIDOCAINE HYDROCHLORIDE AND SODIUM CHLORIDE AND WATER", "lidocaine and sodium chloride"),  # diluent
    ],
)
def test_salts_esters_and_hydrates_are_stripped_to_the_ingredient(name: str, canonical: str) -> None:
    from medbrief.drugnames import canonical_drug_name

    assert canonical_drug_name(name) == canonical


def test_one_salt_table_every_word_has_one_role() -> None:
    from medbrief.drugnames import SALT_TABLE, SALT_WORDS

    roles = list(SALT_TABLE.values())
    assert all(not (a & b) for i, a in enumerate(roles) for b in roles[i + 1 :])
    assert {"carbonate", "citrate", "sulfate", "succinate", "hydrochloride", "maleate", "tartrate", "besylate",
            "mesylate", "sodium", "potassium", "furoate"} <= SALT_WORDS


def test_name_keys_of_salts_agree() -> None:
    from medbrief.retrieve.drugs import name_key

    assert name_key("Lithium Carbonate") == name_key("lithium citrate") == "lithium"
    assert name_key("Sodium Chloride") == "sodium chloride" != name_key("chloride")


WORDY = [
    ("label:m", ["metformin"], {"brand_names": ["Metformin Hydrochloride"],
                                "substance_names": ["METFORMIN HYDROCHLORIDE"]}),
    ("label:s", ["nisoldipine"], {"brand_names": ["Sular"], "generic_names": ["NISOLDIPINE"]}),
    ("label:k", ["cephalexin"], {"brand_names": ["KEFLEX"], "generic_names": ["CEPHALEXIN"]}),
    ("label:b", ["baclofen"], {"brand_names": ["Baclofen"]}),
    ("label:c", ["arnica montana"], {"brand_names": ["Chronic"], "generic_names": ["ARNICA MONTANA"]}),
    ("label:a", ["diphenhydramine"], {"brand_names": ["Allergy Relief"], "generic_names": ["DIPHENHYDRAMINE HCL"]}),
    ("label:w", ["lidocaine and sodium chloride"], {"brand_names": ["Lidocaine Kit"], "dosage_form": "kit",
                                                    "substance_names": ["LIDOCAINE", "SODIUM CHLORIDE", "WATER"]}),
    ("label:h", ["hydrochlorothiazide"], {"generic_names": ["HYDROCHLOROTHIAZIDE"]}),
    ("label:t", ["atorvastatin"], {"brand_names": ["LIPITOR"]}),
    ("label:x", ["acetaminophen and hydrocodone"], {"substance_names": ["HYDROCODONE BITARTRATE", "ACETAMINOPHEN"]}),
]


@pytest.fixture(scope="module")
def wordy() -> DrugDictionary:
    return DrugDictionary(dictionary_rows(WORDY))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Does metformin lower blood sugar?", ["metformin"]),  # not Sular
        ("Does baclofen reduce reflex spasms?", ["baclofen"]),  # not Keflex
        ("chronic pain and water retention", []),  # the brand Chronic, the kit's water
        ("allergy relief for children", []),  # a brand of ordinary words, used as words
        ("What is the dose of Allergy Relief?", ["diphenhydramine"]),  # ... used as a drug
        ("Is Chronic safe?", ["arnica montana"]),  # capitalised inside the question
        ("what is chronic used for", ["arnica montana"]),  # the drug slot of a question
        ("Chronic Pain In Older Adults With Kidney Disease", []),  # a title: capitals say nothing
        ("metfromin side effects", ["metformin"]),  # one transposition
        ("hydrochlorthiazide dose", ["hydrochlorothiazide"]),  # a long name, one letter missing
        ("hydroclorthiazide dose", ["hydrochlorothiazide"]),  # two edits in a long name
        ("ator vastatin max dose", ["atorvastatin"]),  # a stray space
        ("sodium chloride infusion", []),  # the kit's diluent is not its ingredient
        ("lidocaine kit", ["lidocaine"]),
        ("maximum dose of acetaminophen", ["acetaminophen"]),  # an ingredient of a combination label
    ],
)
def test_ordinary_words_and_misspellings(wordy: DrugDictionary, question: str, expected: list[str]) -> None:
    assert [m.canonical for m in wordy.recognise(question)] == expected


def test_combination_labels_are_found_from_each_ingredient(wordy: DrugDictionary) -> None:
    assert wordy.combinations_with("acetaminophen") == ["acetaminophen and hydrocodone"]
    assert wordy.combinations_with("metformin") == []


def test_english_words() -> None:
    from medbrief.retrieve.english import is_known_word, is_ordinary_word

    assert all(is_known_word(w) for w in ["sugar", "reflex", "chronic", "water", "allergy", "spasms"])
    assert not any(is_known_word(w) for w in ["metfromin", "tizanadine", "atorvastatn"])
    assert is_ordinary_word("chronic") and is_ordinary_word("caps")
    assert not is_ordinary_word("xanax") and not is_ordinary_word("tylenol")


def _lexicon(table: dict[str, tuple[str, str]]):
    from medbrief.retrieve.lexicon import LexiconEntry

    entries = {k: LexiconEntry(c, kind) for k, (c, kind) in table.items()}
    return lambda names: {n: entries[n] for n in names if n in entries}


def test_lexicon_names_brands_classes_and_unknown_drugs() -> None:
    lex = _lexicon({"zoloft": ("sertraline", "external"), "tylenol": ("acetaminophen", "alias"),
                    "statin": ("hydroxymethylglutaryl-coa reductase inhibitors", "class"),
                    "nsaid": ("anti-inflammatory agents, non-steroidal", "class"),
                    "non steroidal anti inflammatory agent": ("anti-inflammatory agents, non-steroidal", "class"),
                    "cap": ("capsaicin", "alias_word")})
    d = DrugDictionary(dictionary_rows(WORDY), lex)
    (m,) = d.recognise("What is Zoloft used for?")
    assert (m.canonical, m.in_labels) == ("sertraline", False)
    assert [m.canonical for m in d.recognise("maximum dose of Tylenol")] == ["acetaminophen"]
    found = d.recognise_all("Are statins safe in pregnancy? And NSAIDs?")
    assert found.drugs == [] and [c.surface for c in found.classes] == ["statins", "NSAIDs"]
    found = d.recognise_all("non-steroidal anti-inflammatory drugs and bleeding")
    assert found.drugs == [] and found.classes[0].canonical == "anti-inflammatory agents, non-steroidal"
    assert d.recognise("caps on the bottle") == []  # a lexicon name that is an everyday word
    assert [m.canonical for m in d.recognise("allergic to caps")] == ["capsaicin"]  # ... in drug context


def test_lexicon_rows_from_the_package() -> None:
    from medbrief.retrieve.drugs import name_key
    from medbrief.retrieve.lexicon import lexicon_rows

    rows = {k: (c, kind) for k, c, kind in lexicon_rows({"sertraline": "sertraline", "baclofen": "baclofen",
                                                         "acetaminophen": "acetaminophen"}, name_key)}
    assert rows["zoloft"] == ("sertraline", "alias")
    assert rows["lioresal"] == ("baclofen", "alias")
    assert rows["tylenol"] == ("acetaminophen", "alias")
    assert rows["paracetamol"] == ("acetaminophen", "alias") and rows["apap"] == ("acetaminophen", "alias")
    assert rows["hctz"][0] == "hydrochlorothiazide" and rows["cipro"][0] == "ciprofloxacin"
    assert rows["statin"][1] == "class" and rows["benzodiazepine"][1] == "class"
    assert rows["xanax"] == ("alprazolam", "external")
    for word in ("sugar", "reflex", "chronic", "water", "allergy"):
        assert word not in rows or rows[word][1].endswith("_word") or rows[word][1] == "class"
    # the package lists "valproate" only as a MeSH term: the anion of valproic acid names that drug
    rows = {k: (c, kind) for k, c, kind in lexicon_rows({"divalproex": "divalproex"}, name_key)}
    assert rows["valproic acid"][0] == "divalproex" and rows["valproate"][0] == "divalproex"


def test_an_acids_anion_names_the_same_drug() -> None:
    # "valproate" is valproic acid; an anion that is itself a stored drug's name keeps that drug
    d = DrugDictionary(dictionary_rows([
        ("label:v", ["divalproex"], {"generic_names": ["DIVALPROEX SODIUM"], "substance_names": ["VALPROIC ACID"]}),
        ("label:f", ["folic acid"], {"generic_names": ["FOLIC ACID"]}),
        ("label:m", ["mycophenolate"], {"generic_names": ["MYCOPHENOLATE MOFETIL"]}),
        ("label:a", ["mycophenolic acid"], {"generic_names": ["MYCOPHENOLIC ACID"]}),
    ]))
    assert [m.canonical for m in d.recognise("What is the dose of sodium valproate?")] == ["divalproex"]
    assert [m.canonical for m in d.recognise("folate in pregnancy dose")] == ["folic acid"]
    assert [m.canonical for m in d.recognise("mycophenolate dose")] == ["mycophenolate"]


def test_a_lexicon_alias_spelt_in_english_words_needs_drug_context() -> None:
    # issue 12 (heldout6 n021): the package lists "precipitated" (chalk) for calcium carbonate and "available
    # generically" for hydromorphone; Zipf just under the everyday-word cut, so the ingest rule let them match anywhere
    from medbrief.ingest import _label_keys, _lexicon_lookup
    from medbrief.retrieve.drugs import name_key
    from medbrief.retrieve.lexicon import lexicon_rows

    labels = [
        ("label:o", ["olanzapine and samidorphan"], {"brand_names": ["LYBALVI"]}),
        ("label:c", ["calcium carbonate"], {"generic_names": ["CALCIUM CARBONATE"]}),
        ("label:x", ["oxycodone"], {"generic_names": ["OXYCODONE HYDROCHLORIDE"]}),
    ]
    rows = list(dictionary_rows(labels))
    lexicon = list(lexicon_rows(_label_keys(rows), name_key))
    table = {k: (c, kind) for k, c, kind in lexicon}
    assert table["precipitated"][0] == "calcium carbonate" and table["available generically"][0] == "hydromorphone"
    d = DrugDictionary(rows, _lexicon_lookup(lexicon))
    q = ("How long must a patient be off opioids before starting olanzapine/samidorphan, "
         "to avoid precipitated withdrawal?")
    assert [m.canonical for m in d.recognise(q)] == ["olanzapine and samidorphan"]
    assert [m.canonical for m in d.recognise("Is oxycodone available generically?")] == ["oxycodone"]
    # in drug context the alias still names its drug; a drug's own name and a class need none
    assert [m.canonical for m in d.recognise("how much precipitated chalk should I take? dose of precipitated")] \
        == ["calcium carbonate"]


def test_a_combination_without_a_stored_label_named_as_its_ingredients_is_those_drugs() -> None:
    # the merge's trial: "Can I take warfarin, aspirin and omeprazole together?" read "aspirin and omeprazole" as the
    # combination product (Yosprala, in the lexicon, no label in the store), dropped omeprazole (stored) and noted
    # "No FDA label for aspirin and omeprazole"
    rows = [("label:w", ["warfarin"], {"generic_names": ["WARFARIN SODIUM"]}),
            ("label:o", ["omeprazole"], {"generic_names": ["OMEPRAZOLE"]})]
    lex = _lexicon({"aspirin omeprazole": ("aspirin and omeprazole", "external"),
                    "aspirin": ("aspirin", "external")})
    d = DrugDictionary(dictionary_rows(rows), lex)
    got = [m.canonical for m in d.recognise("Can I take warfarin, aspirin and omeprazole together?")]
    assert got == ["warfarin", "aspirin", "omeprazole"]
    # not at the end of a list, the two names are the combination product ("sacubitril and valsartan dose")
    assert "aspirin and omeprazole" in [m.canonical for m in d.recognise("aspirin and omeprazole tablets")]
