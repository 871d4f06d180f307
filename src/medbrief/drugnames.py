"""Canonical drug names: one spelling per ingredient, shared by sources and drug recognition."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

# The one table of salt, ester and hydrate words: parts of a substance name that do not change the active
# ingredient ("atorvastatin calcium trihydrate" is atorvastatin, "lithium carbonate" and "lithium citrate" are
# lithium, "sevelamer carbonate" and "sevelamer hydrochloride" are sevelamer). They are dropped from a name
# unless nothing else is left: then the salt IS the drug ("sodium chloride", "potassium chloride",
# "calcium carbonate", "sodium bicarbonate"). Grouped by role so a reader can check a word's place.
SALT_TABLE: dict[str, frozenset[str]] = {
    # counter-ions that are metals or bases ("naproxen sodium", "heparin sodium", "ibuprofen lysine",
    # "esomeprazole strontium", "ciclopirox olamine", "diclofenac epolamine", "ketorolac tromethamine")
    "cation": frozenset(
        """sodium disodium monosodium trisodium potassium dipotassium calcium magnesium zinc strontium
        meglumine dimeglumine tromethamine lysine arginine olamine diolamine epolamine erbumine
        ammonium aluminum diethylamine""".split()
    ),
    # acid counter-ions ("sertraline hydrochloride", "amlodipine besylate", "metoprolol succinate")
    "anion": frozenset(
        """hydrochloride hcl dihydrochloride hydrobromide hbr hydroiodide besylate besilate mesylate mesilate
        dimesylate maleate fumarate hemifumarate tartrate bitartrate succinate citrate sulfate sulphate
        bisulfate phosphate diphosphate acetate diacetate bromide chloride iodide nitrate dinitrate mononitrate
        lactate gluconate malate tosylate napsylate edisylate esylate camsylate isethionate estolate pamoate
        oxalate carbonate bicarbonate hyclate xinafoate saccharate ethylsuccinate stearate aspartate glutamate
        hippurate teoclate polistirex trifenatate orotate embonate lactobionate glucoheptonate hemisulfate
        methylsulfate""".split()
    ),
    # esters and prodrug groups ("mometasone furoate", "estradiol valerate", "candesartan cilexetil",
    # "mycophenolate mofetil", "baloxavir marboxil", "loteprednol etabonate", "clobetasol propionate")
    "ester": frozenset(
        """propionate dipropionate valerate furoate butyrate cypionate enanthate decanoate palmitate
        benzoate acetonide medoxomil axetil pivoxil proxetil cilexetil mofetil marboxil etabonate probutate
        undecanoate undecylenate caproate aceponate buteprate""".split()
    ),
    # water of crystallisation ("mometasone furoate monohydrate")
    "hydrate": frozenset(
        """hydrate monohydrate dihydrate trihydrate tetrahydrate pentahydrate hexahydrate heptahydrate
        hemihydrate sesquihydrate hemipentahydrate anhydrous""".split()
    ),
    # qualifiers of a salt's acidity ("sodium phosphate, dibasic")
    "qualifier": frozenset("dibasic monobasic tribasic".split()),
}
# Words that qualify a salt and never name anything alone ("sodium phosphate, dibasic, anhydrous"): a piece of a
# comma-split name made only of these belongs to the piece before it, and they never stay in a name.
MODIFIER_WORDS = SALT_TABLE["hydrate"] | SALT_TABLE["qualifier"]
# Stereo prefixes ("L-MENTHOL", "LACTIC ACID, L-"): not part of the ingredient's everyday name.
_STEREO = frozenset({"l", "d", "dl"})
# Counter-ions that are drugs when alone with a salt ("procaine hydrochloride" is procaine, the anaesthetic;
# "lysine hydrochloride" is lysine); beside another drug they are counter-ions ("penicillin g procaine").
DRUG_COUNTERIONS = frozenset("lysine arginine zinc strontium".split())
# Salts that make another product, never stripped: penicillin G benzathine (intramuscular depot, dosed once) and
# penicillin G procaine are not penicillin G potassium (intravenous, every 4 to 6 hours). Kept out of the table.
DISTINCT_PRODUCT_SALTS = frozenset({"benzathine", "procaine"})
# USP inverted names: "ESTROGENS, CONJUGATED" is conjugated estrogens, not the drugs "estrogens" and "conjugated".
_INVERTED_ADJECTIVES = frozenset("conjugated esterified synthetic purified modified".split())
# Greek letters and stereo words before a hyphen are part of a name ("alpha-tocopherol", "dextro-amphetamine").
_GREEK = frozenset("alpha beta gamma delta omega kappa sigma theta dextro levo racemic trans".split())
SALT_WORDS = frozenset().union(*SALT_TABLE.values())
FORM_WORDS = frozenset(
    """
    tablet tablets capsule capsules injection injectable solution suspension oral intrathecal extended
    release delayed er xr sr cr dr usp film coated chewable orally disintegrating for syrup elixir
    cream ointment gel patch spray nasal ophthalmic topical powder kit and mg ml mcg sublingual buccal
    transdermal intravenous subcutaneous intramuscular vaginal rectal inhalation granule granules pellet
    pellets lotion foam shampoo lozenge troche drops
    """.split()
)

# Words that are the drug itself when left alone with a salt word: "magnesium hydroxide" is not "hydroxide",
# "dimethyl fumarate" is not "dimethyl".
ANION_ONLY = frozenset("hydroxide oxide trisilicate sulfide peroxide methyl dimethyl ethyl diethyl monomethyl".split())
# FDA's four-letter suffix of biologics and biosimilars: "adalimumab-ryvk" is adalimumab, "insulin
# glargine-aldy" is insulin glargine, "epoetin alfa-epbx" is epoetin alfa. In a label's substance name a
# hyphen before four letters at the end of a name is that suffix (no dosage or form word has that shape).
_BIOLOGIC_SUFFIX = re.compile(r"\b([a-z]{4,})-[a-z]{4}(?=\s*(?:$|[,/+]|\band\b|\bwith\b))")
# Diluents: never an ingredient of a product that has another ("lidocaine kit with sterile water").
DILUENTS = frozenset({"water", "sterile water", "bacteriostatic water", "purified water"})
# Excipients and diluents: never an ingredient, whatever a kit's substance list says.
NEVER_INGREDIENTS = DILUENTS | frozenset({"sugar",
                               "sucrose", "lactose", "gelatin", "glycerin", "alcohol", "air", "nitrogen",
                               # what a lab test measures, named in questions as such ("lower cholesterol")
                               "cholesterol", "triglyceride", "triglycerides", "bilirubin", "creatinine",
                               "hemoglobin", "uric acid"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


# The version of the name rules (salt table, name pieces). Stores record the rule their documents' drug lists were
# derived by; an ingest under another rule derives them again (ingest.rederive_drugs). Change it with the rules.
DRUG_RULE = "names=3"


def normalize(text: str) -> str:
    """Lower-case, punctuation-free, single-spaced form used for every name comparison."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def strip_salts(words: list[str]) -> list[str]:
    """The ingredient words of a name: salt, ester and hydrate words dropped, unless the salt is the drug.

    ['lithium', 'carbonate'] -> ['lithium']; ['sodium', 'chloride'] -> ['sodium', 'chloride'] (nothing else
    is left); ['magnesium', 'hydroxide'] -> both (a metal with an anion that is never a mere counter-ion).
    """
    kept = [w for w in words if w not in SALT_WORDS]
    if not kept:  # only salt words: a counter-ion drug with its salt, else the salt is the drug
        drug = [w for w in words if w in DRUG_COUNTERIONS]
        if len(drug) == 1 and len(words) > 1:
            return drug
        return [w for w in words if w not in MODIFIER_WORDS] or list(words)
    if all(w in ANION_ONLY for w in kept):
        return list(words)
    return kept


# A strength inside a name ("menthol 24mg capsaicin 16mg analgesic heat"): it ends an ingredient's name.
_STRENGTH = re.compile(r"(?<![a-z])\d+(?:\.\d+)?\s*(?:mg|mcg|g|ml|iu|units?|%)(?![a-z])")
# Separators of a combination's ingredients; " - " lists them in homeopathic labels ("GUNA-FLU (A - B - C)").
_SEPARATOR = re.compile(r"\s*(?:,|/|\band\b|\bwith\b|\+|\s-\s|\s-$)\s*")


def _name_pieces(name: str) -> list[str]:
    """The parts of a name that are each one ingredient's name, before salts are stripped."""
    text = _BIOLOGIC_SUFFIX.sub(r"\1", name.lower())
    segments = _STRENGTH.split(text)
    if len(segments) > 1 and not re.match(r"\s*(?:,|/|\band\b|\bwith\b|\+|-)", segments[-1]):
        segments = segments[:-1]  # after the last strength comes a description ("analgesic heat"), not a drug
    pieces: list[str] = []
    for segment in segments:
        for piece in _SEPARATOR.split(segment):
            pieces.extend(_hyphen_pieces(piece))
    return pieces


def _hyphen_pieces(piece: str) -> list[str]:
    """'olmesartan medoxomil-hydrochlorothiazide' -> two pieces: a hyphen between two words of five letters or
    more joins two ingredients (biologic suffixes are four letters, stereo prefixes one or two, and a Greek
    letter before a hyphen is part of the name: 'alpha-tocopherol')."""
    cuts = [m.end(1) for m in _HYPHEN.finditer(piece)
            if len(m.group(1)) >= 5 and len(m.group(2)) >= 5 and m.group(1) not in _GREEK]
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(piece)]
    return [piece[a:b].strip("- ") for a, b in pairwise(bounds)]


_HYPHEN = re.compile(r"\b([a-z]+)-(?=([a-z]+)\b)")


_IC_ACID = re.compile(r"^([a-z]{3,})ic acid$")


def acid_anion(key: str) -> str | None:
    """The anion that names an acid's drug: 'valproic acid' -> 'valproate', 'folic acid' -> 'folate'; else None."""
    m = _IC_ACID.match(key)
    return f"{m.group(1)}ate" if m else None


def canonical_names(names: Iterable[str]) -> tuple[str, ...]:
    """Canonical ingredient names of a label's generic or substance names, de-duplicated, in order."""
    out = [canonical_drug_name(n) for n in names if isinstance(n, str) and n.strip()]
    return tuple(dict.fromkeys(n for n in out if n))


def canonical_drug_name(name: str) -> str:
    """Reduce a generic or substance name to its ingredient: 'ATORVASTATIN CALCIUM' -> 'atorvastatin'.

    Combination names keep their parts joined by ' and ' in sorted order so the same combination
    always has one spelling ('hydrocodone bitartrate and acetaminophen' -> 'acetaminophen and hydrocodone').
    A part that is only hydrate or qualifier words or a stereo prefix ('sodium phosphate, dibasic, anhydrous',
    'lactic acid, l-') belongs to the part before it and is never an ingredient of its own.
    """
    out: list[str] = []
    for part in _name_pieces(name):
        kept = [w for w in normalize(part).split() if w not in FORM_WORDS and not w.isdigit()]
        if len(kept) > 1 and kept[0] in _STEREO:
            kept = kept[1:]  # "l menthol" is menthol
        if not kept or all(w in MODIFIER_WORDS or len(w) == 1 or w in _STEREO for w in kept):
            continue
        if all(w in _INVERTED_ADJECTIVES for w in kept) and out:
            out[-1] = f"{' '.join(kept)} {out[-1]}"  # "estrogens, conjugated"
            continue
        words = strip_salts(kept)
        if len(words) > 1 and len(words) < len(kept) and words[-1] in _STEREO:
            words = words[:-1]  # "samidorphan l-malate": the stereo prefix of the stripped salt ("vitamin d" stays)
        if words:
            out.append(" ".join(words))
    if not out:
        return normalize(name)
    out = [p for p in out if p not in DILUENTS] or out
    return " and ".join(sorted(dict.fromkeys(out)))


def ingredients(canonical: str) -> list[str]:
    """The single ingredients of a canonical name ('acetaminophen and hydrocodone' -> both; a single drug -> it)."""
    return canonical.split(" and ")


def product_heading(brands: list[str], generics: list[str]) -> str:
    """'LIPITOR (atorvastatin calcium)' from the first brand and generic name; either alone when they agree."""
    brand = brands[0] if brands else ""
    generic = generics[0] if generics else ""
    if brand and generic and brand.lower() != generic.lower():
        return f"{brand} ({generic.lower()})"
    return brand or generic


def is_combination(canonical: str) -> bool:
    """True for a canonical name that joins several ingredients."""
    return " and " in canonical
