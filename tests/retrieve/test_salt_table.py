"""The one salt/ester/hydrate table: base ingredients of real USAN names; junk pieces of comma-split names."""

from __future__ import annotations

import pytest

from medbrief.drugnames import SALT_TABLE, canonical_drug_name
from medbrief.retrieve.drugs import DrugDictionary, dictionary_rows


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("DICLOFENAC EPOLAMINE", "diclofenac"),
        ("Candesartan cilexetil", "candesartan"),
        ("ISOSORBIDE DINITRATE", "isosorbide"),
        ("MYCOPHENOLATE MOFETIL", "mycophenolate"),
        ("METHENAMINE HIPPURATE", "methenamine"),
        ("LOTEPREDNOL ETABONATE", "loteprednol"),
        ("BALOXAVIR MARBOXIL", "baloxavir"),
        # benzathine and procaine make other products (intramuscular depots), never penicillin G potassium
        ("PENICILLIN G BENZATHINE", "penicillin g benzathine"),
        ("PENICILLIN G PROCAINE", "penicillin g procaine"),
        # a hyphen between two drug names joins a combination; biologic suffixes and name prefixes do not
        ("OLMESARTAN MEDOXOMIL-HYDROCHLOROTHIAZIDE", "hydrochlorothiazide and olmesartan"),
        ("MEROPENEM-VABORBACTAM", "meropenem and vaborbactam"),
        ("alpha-tocopherol", "alpha tocopherol"),
        ("dextro-amphetamine sulfate", "dextro amphetamine"),
        ("interferon gamma-1b", "interferon gamma 1b"),
        # USP inverted names and stereo prefixes
        ("ESTROGENS, CONJUGATED", "conjugated estrogens"),
        ("OLANZAPINE AND SAMIDORPHAN L-MALATE", "olanzapine and samidorphan"),
        ("PENICILLIN G POTASSIUM", "penicillin g"),
        ("ESOMEPRAZOLE STRONTIUM", "esomeprazole"),
        ("HYDROCODONE POLISTIREX AND CHLORPHENIRAMINE POLISTIREX", "chlorpheniramine and hydrocodone"),
        ("CICLOPIROX OLAMINE", "ciclopirox"),
        ("AMPHETAMINE ASPARTATE MONOHYDRATE", "amphetamine"),
        ("OLMESARTAN MEDOXOMIL", "olmesartan"),
        ("SALMETEROL XINAFOATE", "salmeterol"),
        ("CLOBETASOL PROPIONATE", "clobetasol"),
        ("KETOROLAC TROMETHAMINE", "ketorolac"),
        ("DIMENHYDRINATE", "dimenhydrinate"),
        # a salt that is the drug stays; a counter-ion drug alone with its salt is that drug
        ("SODIUM CHLORIDE", "sodium chloride"),
        ("POTASSIUM CHLORIDE", "potassium chloride"),
        ("PROCAINE HYDROCHLORIDE", "procaine"),
        ("LYSINE", "lysine"),
        ("MAGNESIUM HYDROXIDE", "magnesium hydroxide"),
    ],
)
def test_salts_esters_and_hydrates_are_stripped(name: str, canonical: str) -> None:
    assert canonical_drug_name(name) == canonical


def test_table_holds_the_usan_salt_words() -> None:
    words = set().union(*SALT_TABLE.values())
    assert not {"benzathine", "procaine"} & words  # other products, not other salts
    for w in """acetate aspartate benzoate besylate bitartrate bromide camsylate cilexetil cypionate
        decanoate dinitrate mononitrate dipropionate edisylate enanthate epolamine erbumine esylate estolate
        ethylsuccinate etabonate fumarate furoate gluconate hippurate hyclate hydrobromide iodide isethionate
        lactate lysine malate maleate marboxil medoxomil mesylate mofetil napsylate olamine oxalate palmitate
        pamoate pivoxil polistirex probutate propionate saccharate stearate strontium succinate tartrate teoclate
        tosylate tromethamine valerate xinafoate monohydrate dihydrate trihydrate hemihydrate sesquihydrate
        anhydrous dibasic monobasic""".split():
        assert w in words, w


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        # openFDA generic names split at commas: hydrate and qualifier pieces belong to the salt before them
        ("SODIUM PHOSPHATE, MONOBASIC, MONOHYDRATE AND SODIUM PHOSPHATE, DIBASIC, ANHYDROUS", "sodium phosphate"),
        ("LACTIC ACID, L-, CITRIC ACID MONOHYDRATE, AND POTASSIUM BITARTRATE",
         "citric acid and lactic acid and potassium bitartrate"),
        ("L-MENTHOL", "menthol"),
        # strengths inside the name end each ingredient; the description after the last one is not a drug
        ("MENTHOL 24MG CAPSAICIN 16MG TOPICAL ANALGESIC HEAT PATCH", "capsaicin and menthol"),
        ("LIDOCAINE HCL 2% AND EPINEPHRINE", "epinephrine and lidocaine"),
        ("Acetaminophen 500 mg tablets", "acetaminophen"),
        # homeopathic labels list ingredients with " - " (openFDA cuts long lists after a last " -")
        ("ALDESLEUKIN - MELATONIN - INTERFERON GAMMA-1B - SUS SCROFA SPLEEN -",
         "aldesleukin and interferon gamma 1b and melatonin and sus scrofa spleen"),
        ("VITAMIN D", "vitamin d"),
    ],
)
def test_name_pieces(name: str, canonical: str) -> None:
    assert canonical_drug_name(name) == canonical


LABELS = [
    ("label:a", [canonical_drug_name("CANDESARTAN CILEXETIL")], {"generic_names": ["CANDESARTAN CILEXETIL"]}),
    ("label:b", [canonical_drug_name("DICLOFENAC EPOLAMINE")], {"brand_names": ["Flector"],
                                                                "generic_names": ["DICLOFENAC EPOLAMINE"]}),
    ("label:c", [canonical_drug_name("MYCOPHENOLATE MOFETIL")], {"generic_names": ["MYCOPHENOLATE MOFETIL"]}),
    ("label:d", [canonical_drug_name("METHENAMINE HIPPURATE")], {"generic_names": ["METHENAMINE HIPPURATE"]}),
    ("label:e", [canonical_drug_name("PENICILLIN G POTASSIUM")], {"generic_names": ["PENICILLIN G POTASSIUM"]}),
    ("label:f", [canonical_drug_name("ESOMEPRAZOLE STRONTIUM")], {"generic_names": ["ESOMEPRAZOLE STRONTIUM"]}),
    ("label:g", [canonical_drug_name(n := "SODIUM PHOSPHATE, MONOBASIC, MONOHYDRATE AND SODIUM PHOSPHATE, "
                                         "DIBASIC, ANHYDROUS")],
     {"generic_names": [n], "substance_names": ["SODIUM PHOSPHATE, MONOBASIC, MONOHYDRATE",
                                                 "SODIUM PHOSPHATE, DIBASIC, ANHYDROUS"]}),
    ("label:h", [canonical_drug_name(m := "MENTHOL 24MG CAPSAICIN 16MG TOPICAL ANALGESIC HEAT PATCH")],
     {"generic_names": [m], "substance_names": ["MENTHOL", "CAPSAICIN"]}),
    ("label:i", [canonical_drug_name("LACTIC ACID, L-, CITRIC ACID MONOHYDRATE, AND POTASSIUM BITARTRATE")],
     {"generic_names": ["LACTIC ACID, L-, CITRIC ACID MONOHYDRATE, AND POTASSIUM BITARTRATE"]}),
]


@pytest.fixture(scope="module")
def dictionary() -> DrugDictionary:
    return DrugDictionary(dictionary_rows(LABELS))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("candesartan dose", ["candesartan"]),
        ("diclofenac side effects", ["diclofenac"]),
        ("mycophenolate dose", ["mycophenolate"]),
        ("methenamine for UTI prevention", ["methenamine"]),
        ("penicillin g dose", ["penicillin g"]),
        ("esomeprazole dose", ["esomeprazole"]),
        ("capsaicin side effects", ["capsaicin"]),
        ("menthol side effects", ["menthol"]),
        ("monohydrate side effects", []),
        ("anhydrous dibasic", []),
    ],
)
def test_questions_reach_salt_and_combination_labels(dictionary: DrugDictionary, question: str,
                                                     expected: list[str]) -> None:
    assert [m.canonical for m in dictionary.recognise(question)] == expected


def test_no_junk_ingredient_in_the_dictionary(dictionary: DrugDictionary) -> None:
    for junk in ("monohydrate", "anhydrous", "dibasic", "monobasic", "l"):
        assert junk not in dictionary.by_key


def test_text_ingredient_of_a_brand_only_label() -> None:
    from medbrief.retrieve.lexicon import LexiconEntry

    rows = dictionary_rows([
        ("l:1", ["carisoprodol"], {"generic_names": ["CARISOPRODOL"]}),
        ("l:2", ["norepinephrine"], {"generic_names": ["NOREPINEPHRINE BITARTRATE"]}),
        ("l:3", ["oxycodone"], {"generic_names": ["OXYCODONE HYDROCHLORIDE"]}),
    ])
    table = {k: LexiconEntry(c, "external") for k, c in
             (("reserpine", "reserpine"), ("labetalol", "labetalol"), ("amitriptyline", "amitriptyline"),
              ("meprobamate", "meprobamate"))}
    d = DrugDictionary(rows, lambda names: {n: table[n] for n in names if n in table})
    soma = ("Carisoprodol, the active ingredient in SOMA, has been subject to abuse.\n"
            "Cases of carisoprodol abuse have been reported.\nIts metabolite is meprobamate.")
    assert d.text_ingredient(soma) == "carisoprodol"
    roxicodone = "Adverse events in clinical trials with oxycodone:\nblood potassium abnormal"
    assert d.text_ingredient(roxicodone) == "oxycodone"
    adreview = ("Drugs which block norepinephrine uptake may decrease AdreView uptake.\n"
                "Antihypertensives that deplete norepinephrine stores (e.g., reserpine, labetalol)\n"
                "antidepressants that inhibit norepinephrine transport (e.g., amitriptyline)")
    assert d.text_ingredient(adreview) is None  # interaction drugs: never the label's own
    assert d.text_ingredient("Aminophylline may be given.") is None
