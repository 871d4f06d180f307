"""Canonical drug names: one spelling per ingredient, shared by sources and drug recognition."""

from __future__ import annotations

import re

# Salt and form words that do not change the ingredient ("atorvastatin calcium trihydrate" is atorvastatin).
SALT_WORDS = frozenset(
    """
    hydrochloride hcl dihydrochloride hydrobromide sodium potassium calcium magnesium besylate besilate
    mesylate maleate fumarate tartrate bitartrate succinate citrate sulfate sulphate phosphate acetate
    trihydrate dihydrate monohydrate hemihydrate hydrate anhydrous hyclate dipropionate propionate
    bromide chloride nitrate lactate gluconate disodium dimesylate malate tosylate estolate stearate
    ethylsuccinate pamoate valerate furoate xinafoate monosodium hemifumarate medoxomil
    """.split()
)
FORM_WORDS = frozenset(
    """
    tablet tablets capsule capsules injection injectable solution suspension oral intrathecal extended
    release delayed er xr sr cr dr usp film coated chewable orally disintegrating for syrup elixir
    cream ointment gel patch spray nasal ophthalmic topical powder kit and mg ml mcg
    """.split()
)

# Words that are the drug itself when paired with a metal: "magnesium hydroxide" is not "hydroxide".
ANION_ONLY = frozenset("hydroxide oxide carbonate bicarbonate trisilicate sulfide peroxide".split())
# FDA's four-letter suffix of biologics and biosimilars: "adalimumab-ryvk" is adalimumab.
_BIOLOGIC_SUFFIX = re.compile(r"\b([a-z]+(?:mab|cept|ase|tide|poetin|grastim|kin|rsen))-[a-z]{4}\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower-case, punctuation-free, single-spaced form used for every name comparison."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def canonical_drug_name(name: str) -> str:
    """Reduce a generic or substance name to its ingredient: 'ATORVASTATIN CALCIUM' -> 'atorvastatin'.

    Combination names keep their parts joined by ' and ' in sorted order so the same combination
    always has one spelling ('hydrocodone bitartrate and acetaminophen' -> 'acetaminophen and hydrocodone').
    """
    parts = re.split(r"\s*(?:,|/|\band\b|\bwith\b|\+)\s*", _BIOLOGIC_SUFFIX.sub(r"\1", name.lower()))
    out: list[str] = []
    for part in parts:
        kept = [w for w in normalize(part).split() if w not in FORM_WORDS and not w.isdigit()]
        words = [w for w in kept if w not in SALT_WORDS]
        if not words or all(w in ANION_ONLY for w in words):
            words = kept  # "magnesium hydroxide", "sodium chloride": the salt is the drug
        if words:
            out.append(" ".join(words))
    if not out:
        return normalize(name)
    return " and ".join(sorted(dict.fromkeys(out)))


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
