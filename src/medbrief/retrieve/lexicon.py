"""Drug names no stored label carries: brands, abbreviations, international names and drug classes.

The names come from `drug-named-entity-recognition` (Fast Data Science, MIT): about 107,000 variants (brands such
as Zoloft, Tylenol, Advil; abbreviations such as APAP, HCTZ, cipro; international names such as paracetamol;
MeSH pharmacologic classes such as statins, NSAIDs) mapped to some 20,000 ingredients, from DrugBank, MeSH,
MedlinePlus and Wikipedia, shipped in the wheel. Only its data file is read: importing the package's finder would
read a cache in the home folder and pull in a web client, and this project never goes online.

At ingest the variants are mapped onto the ingredients the stored labels use ('thyroxine' reaches the
'levothyroxine' labels through a shared variant) and stored in the `drug_lexicon` table, so a question costs an
indexed lookup, not the 2 s it takes to read the file.
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..drugnames import NEVER_INGREDIENTS, acid_anion, canonical_drug_name
from .english import EVERYDAY_ZIPF, is_ordinary_word, zipf

# Kinds of lexicon rows. A "_word" suffix marks a name that is also an everyday English word ("Armour",
# "Buffers", "oats"): matched only when capitalised or in drug context.
ALIAS = "alias"  # a name of an ingredient the stored labels carry
EXTERNAL = "external"  # a drug no stored label carries
CLASS = "class"  # a drug class (MeSH pharmacologic action or chemical group)
TERM = "term"  # a MeSH substance that is not a drug ("C-reactive protein", "kinase"): known, never a drug


@dataclass(frozen=True)
class LexiconEntry:
    canonical: str
    kind: str  # alias | external | class, with "_word" when the name is an everyday word

    @property
    def word_like(self) -> bool:
        return self.kind.endswith("_word")

    @property
    def base_kind(self) -> str:
        return self.kind.removesuffix("_word")


_PACKAGE = "drug_named_entity_recognition"
_PACKAGE_FILE = "drug_ner_dictionary.pkl.bz2"


def _package_file() -> Path | None:
    """The package's data file, found without importing the package: its `__init__` builds the package's own
    finder from the same file (2-3 s of CPU on every ingest, and in every test process that builds a store)."""
    spec = importlib.util.find_spec(_PACKAGE)  # a top-level package: located, not imported
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        if (Path(folder) / _PACKAGE_FILE).is_file():
            return Path(folder) / _PACKAGE_FILE
    return None


@cache
def _package_data() -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]] | None:
    """(variant -> canonicals, canonical -> data) from the package's shipped file; None when not installed."""
    path = _package_file()
    if path is None:
        return None
    try:
        with bz2.open(path, "rb") as f:
            data = pickle.load(f)  # the package's own data file, installed from PyPI with it
    except FileNotFoundError:
        return None
    return data["drug_variant_to_canonical"], data["drug_canonical_to_data"]


def _is_class(name: str, data: Mapping[str, Any]) -> bool:
    """A MeSH pharmacologic action (tree D27) or a plural chemical group with no single-drug identifiers."""
    if data.get("drugbank_id") or data.get("medline_plus_id"):
        return False
    trees = data.get("mesh_tree") or []
    return any(str(t).startswith("D27") for t in trees) or (bool(data.get("mesh_id")) and name.endswith("s"))


def _clean_name(name: str) -> str:
    """The package's name as an ingredient name: 'ofatumumab (chronic lymphocytic leukemia)' -> 'ofatumumab',
    'insulin, regular, human' (an inverted MeSH heading, not a list) -> 'insulin regular human'."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    if " and " not in name:
        name = name.replace(",", " ")
    return canonical_drug_name(name)


@dataclass(frozen=True)
class _PackageEntry:
    name: str  # the package's canonical name
    clean: str  # as an ingredient name
    is_drug: bool
    is_class: bool
    variants: tuple[tuple[str, str], ...]  # (variant, name key), the canonical name first


@cache
def _package_entries(key_of: Callable[[str], str]) -> tuple[_PackageEntry, ...]:
    """The package's names grouped by canonical, with their name keys computed once per process."""
    loaded = _package_data()
    if loaded is None:
        return ()
    variant_to_canonical, canonical_data = loaded
    variants: dict[str, list[str]] = defaultdict(list)
    for variant, canonicals in variant_to_canonical.items():
        for c in canonicals:
            variants[c].append(variant)
    out = []
    for name in sorted(variants):
        data = canonical_data.get(name) or {}
        names = sorted(variants[name], key=lambda v: (v != name, len(v), v))
        out.append(_PackageEntry(
            name, _clean_name(name), bool(data.get("drugbank_id") or data.get("medline_plus_id")),
            _is_class(name, data), tuple((v, key_of(v)) for v in names),
        ))
    return tuple(out)


# Everyday names of drug classes the package lacks, mapped to its MeSH class ("statins", "NSAIDs", "opioids" are
# there already): abbreviations and plurals as clinicians write them. Keys are compared as name keys (plural- and
# hyphen-insensitive: "beta-blockers" is "beta blocker").
CLASS_ABBREVIATIONS: dict[str, str] = {
    "ppi": "proton pump inhibitors",
    "beta blocker": "adrenergic beta-antagonists",
    "b blocker": "adrenergic beta-antagonists",
    "ace inhibitor": "angiotensin-converting enzyme inhibitors",
    "acei": "angiotensin-converting enzyme inhibitors",
    "arb": "angiotensin ii type 1 receptor blockers",
    "angiotensin receptor blocker": "angiotensin ii type 1 receptor blockers",
    "ssri": "selective serotonin reuptake inhibitors",
    "snri": "serotonin and noradrenaline reuptake inhibitors",
    "ccb": "calcium channel blockers",
    "h2 blocker": "histamine h2 antagonists",
    "benzo": "benzodiazepines",
    "thiazide": "sodium chloride symporter inhibitors",
    "thiazide diuretic": "sodium chloride symporter inhibitors",
    "blood thinner": "anticoagulants",
    # (the package files "MAOI" nowhere, and reads "SNRI" and "ACE inhibitor" as two-ingredient combinations: the
    # class they name is no drug, and "MAOI" was left as the condition asked about, "SSRI in MAOI")
    "maoi": "monoamine oxidase inhibitors",
    "mao inhibitor": "monoamine oxidase inhibitors",
    "monoamine oxidase inhibitor": "monoamine oxidase inhibitors",
    "nsaid": "anti-inflammatory agents, non-steroidal",
    "opioid": "analgesics, opioid",
    "benzodiazepine": "benzodiazepines",
}
# Lay names of drug classes, as patients write them ("can I take a water pill with lisinopril"): the class the
# package files them under. Stored at ingest with the abbreviations above, and looked up at question time too
# (`lay_class`), so a store ingested before a name was added knows it. ("antacid" stays what the package makes it,
# the aluminum/magnesium hydroxide product, whose label answers "can I still use antacids".)
LAY_CLASS_NAMES: dict[str, str] = {
    "water pill": "diuretics",
    "water tablet": "diuretics",
    "fluid pill": "diuretics",
    "diuretic": "diuretics",
    "blood thinner": "anticoagulants",
    "statin": "hydroxymethylglutaryl-coa reductase inhibitors",
    "sleeping pill": "sleep aids, pharmaceutical",
    "sleeping tablet": "sleep aids, pharmaceutical",
    "sleep aid": "sleep aids, pharmaceutical",
    "sleep medication": "sleep aids, pharmaceutical",
    "pain killer": "analgesics",
    "painkiller": "analgesics",
    "pain reliever": "analgesics",
    "pain pill": "analgesics",
    "steroid": "glucocorticoids",
    "muscle relaxer": "muscle relaxants, central",
    "muscle relaxant": "muscle relaxants, central",
    "blood pressure pill": "antihypertensive agents",
    "blood pressure medication": "antihypertensive agents",
    "blood pressure medicine": "antihypertensive agents",
}
CLASS_ABBREVIATIONS.update({k: v for k, v in LAY_CLASS_NAMES.items() if k not in CLASS_ABBREVIATIONS})
# Classes of drugs a patient takes beside another ("NSAIDs with lisinopril", "a water pill"): a question naming one
# beside a drug asks about the two together. Not every class the lexicon knows is one ("dialysis solutions",
# "ophthalmic solutions", "drug implants", "antidotes" name the setting or the product's kind).
TAKEN_CLASSES: frozenset[str] = frozenset({
    *CLASS_ABBREVIATIONS.values(), "hydroxymethylglutaryl-coa reductase inhibitors",
    "anti-inflammatory agents, non-steroidal", "analgesics, opioid", "narcotics", "hypnotics and sedatives",
    "platelet aggregation inhibitors", "antidepressive agents", "antipsychotic agents", "monoamine oxidase inhibitors",
    "factor xa inhibitors", "calcium channel blockers", "diuretics", "anticoagulants", "benzodiazepines",
    "selective serotonin reuptake inhibitors", "glucocorticoids", "histamine antagonists",
})


@cache
def _lay_keys(key_of: Callable[[str], str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, cls in CLASS_ABBREVIATIONS.items():
        for variant in (name, name + "s", name.replace(" ", "")):
            out[key_of(variant)] = cls
            out[variant] = cls
    return out


def lay_class(key: str, key_of: Callable[[str], str]) -> str | None:
    """The class a lay name or a class abbreviation stands for ("water pills" -> diuretics, "MAOIs" -> monoamine
    oxidase inhibitors), by name key; None for any other name. Looked up at question time, so a store ingested
    before a name was added (or one whose package rows read "SNRI" as a combination) knows it as the class."""
    return _lay_keys(key_of).get(key)


# The last tables computed, by their inputs: every ingest rebuilds the lexicon (0.5 s), and most ingests (a file
# added to a store, the test suite's many small stores built from a few fixture sets) have the same label names as
# a recent one in the process. A few entries (~85,000 rows of shared strings each): bounded memory.
_LAST_ROWS: OrderedDict[tuple[Callable[[str], str], frozenset[tuple[str, str]]], tuple[tuple[str, str, str], ...]] = \
    OrderedDict()
_LAST_ROWS_KEPT = 6


def lexicon_rows(label_keys: Mapping[str, str], key_of: Callable[[str], str]) -> Iterator[tuple[str, str, str]]:
    """(name key, canonical, kind) rows for every variant the package knows that no label name covers, and the
    anion of each acid drug ('valproate' for valproic acid, which the package lists only as a MeSH term)."""
    inputs = (key_of, frozenset(label_keys.items()))
    rows = _LAST_ROWS.get(inputs)
    if rows is None:
        rows = tuple(_lexicon_rows(label_keys, key_of))
        _LAST_ROWS[inputs] = rows
        while len(_LAST_ROWS) > _LAST_ROWS_KEPT:
            _LAST_ROWS.popitem(last=False)
    else:
        _LAST_ROWS.move_to_end(inputs)
    yield from rows


def _lexicon_rows(label_keys: Mapping[str, str], key_of: Callable[[str], str]) -> Iterator[tuple[str, str, str]]:
    rows = {key: (target, kind) for key, target, kind in _variant_rows(label_keys, key_of)}
    for key, (target, kind) in list(rows.items()):
        anion = acid_anion(key)
        if anion and kind.removesuffix("_word") in (ALIAS, EXTERNAL) and anion not in label_keys and (
            anion not in rows or rows[anion][1] == TERM
        ):
            rows[anion] = (target, kind)
    for key, (target, kind) in rows.items():
        yield key, target, kind


def _variant_rows(label_keys: Mapping[str, str], key_of: Callable[[str], str]) -> Iterator[tuple[str, str, str]]:
    """(name key, canonical, kind) rows for every variant the package knows that no label name covers.

    `label_keys` maps the stored labels' name keys to their canonical ingredient; `key_of` is the name-key
    function of the label dictionary (so both tables compare names the same way). A combination the package
    names ("Excedrin": aspirin/paracetamol/caffeine) is mapped ingredient by ingredient through the package's
    international names (paracetamol -> acetaminophen), so it reaches the stored combination label.
    """
    entries = _package_entries(key_of)
    ours_by_name: dict[str, str] = {}
    for entry in entries:
        ours = next((label_keys[k] for _, k in entry.variants if k in label_keys), None)
        if ours:
            ours_by_name[entry.name] = ours_by_name[entry.clean] = ours
    label_canonicals = set(label_keys.values())
    loaded = _package_data()
    variant_to_canonical = loaded[0] if loaded else {}

    def ingredient(part: str) -> str:
        """A combination's part as the stored labels name it ('paracetamol' -> 'acetaminophen')."""
        if key_of(part) in label_keys:
            return label_keys[key_of(part)]
        return next((ours_by_name[c] for c in variant_to_canonical.get(part, ()) if c in ours_by_name),
                    ours_by_name.get(part, part))

    seen: set[str] = set()
    for entry in entries:
        ours = ours_by_name.get(entry.name)
        parts = entry.clean.split(" and ")
        if ours:
            target, kind = ours, ALIAS
        elif len(parts) > 1 and all(len(p) >= 4 for p in parts):
            target = canonical_drug_name(" and ".join(ingredient(p) for p in parts))
            kind = ALIAS if target in label_canonicals else EXTERNAL
        elif entry.is_class:
            target, kind = entry.name, CLASS
        elif entry.is_drug:
            target, kind = entry.clean, EXTERNAL
        else:  # a MeSH heading for a protein, gene, receptor, organism: a known term, not a drug
            target, kind = entry.clean, TERM
        if len(target) < 3:
            continue  # 'i' from 'I-131': a name cut to nothing useful
        for v, key in entry.variants:
            if len(key) < 4 or key in label_keys or key in seen or key in NEVER_INGREDIENTS:
                continue
            if not any(ch.isalpha() for ch in key):
                continue
            seen.add(key)
            # an everyday word ("Armour", "caps", "gold") counts only as a drug in drug context, unless it is the
            # ingredient's own name and not among the commonest words ("aspirin", "lithium", "insulin")
            word_like = kind in (ALIAS, EXTERNAL) and (
                all(is_ordinary_word(w) for w in key.split())
                if v != entry.name or not entry.is_drug or " " in key
                else is_ordinary_word(key) and zipf(key) >= EVERYDAY_ZIPF
            )
            yield key, target, kind + ("_word" if word_like else "")
    classes = {entry.name for entry in entries if entry.is_class}
    for alias, name in CLASS_ABBREVIATIONS.items():
        key = key_of(alias)
        if name in classes and key not in seen and key not in label_keys:
            seen.add(key)
            yield key, name, CLASS
