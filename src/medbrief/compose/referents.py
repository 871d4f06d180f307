"""Statements that name what they are about only by pointing back at the sentence before them, anywhere in the
sentence, not only at its start (`standalone.leans_on_previous` reads the start): "The recommended dose of zolpidem
tartrate in these patients is 5 mg" (which patients?), "To reduce this risk, consider coverage with another
anticoagulant ..." (which risk?), "The remainder of the dose is excreted as metabolites ..." (the remainder after
what?), "On Day 3 of coadministration a transient 2-fold increase in AUC ..." (with what?), "One approach is to
discontinue ELIQUIS ..." (an approach to what?) — issue 12 point 3, fix13p.

Such a statement is quoted with the sentence before it, the way a renal instruction is quoted with the sentence
naming the patients (`label_reading.with_antecedents`), or not at all.
"""

from __future__ import annotations

import re

# A group named only as "these/those/such X": the group was named in the sentence before. "those patients who ...",
# "such patients with ..." name the group themselves.
_GROUP = (r"patients|subjects|individuals|children|adults|infants|neonates|women|men|patient (?:populations?|groups?)|"
          r"populations?|groups?|cases")
_THESE_GROUP = re.compile(
    rf"\b(?:these|those|such)\s+(?:{_GROUP})\b(?!\s*(?:who|whom|with|that|receiving|taking|treated|on|in whom|"
    r"undergoing|having|at|whose|where)\b)", re.IGNORECASE)
# "this risk", "this effect", "this interaction": a thing named in the sentence before ("this drug", "this product",
# "this medication" name the drug; "this section", "this label" the document).
_THIS_THING = re.compile(
    r"\b(?:this|these|such)\s+(?:increased\s+|potential\s+|possible\s+)?(?:risks?|effects?|adverse (?:reactions?|"
    r"events?)|reactions?|events?|interactions?|combinations?|situations?|settings?|findings?|increases?|"
    r"decreases?|regimens?|approach(?:es)?|complications?|symptoms?|conditions?|doses?|dosages?)\b", re.IGNORECASE)
# A part or a choice of something the sentence before named.
_PART_OF_BEFORE = re.compile(
    r"^(?:The|A) (?:remainder|rest|balance)\b|^(?:One|Another|An alternative) (?:approach|option|alternative|"
    r"strategy)\b|\bboth doses\b|\bthe (?:latter|former)\b|^(?:The|A|This) (?:causal )?relationship (?:to|with)\b",
    re.IGNORECASE)
# "On Day 3 of coadministration ...", "during coadministration, the AUC ...": coadministration with no drug named.
_BARE_COADMINISTRATION = re.compile(
    r"\b(?:of|during|after|upon|following|on)\s+co-?administration\b(?!\s*(?:with|of)\b)", re.IGNORECASE)


# A group the sentence itself names before pointing at it: "... in the elderly, the starting dose should be reduced in
# these patients" has its antecedent inside it.
_GROUP_NAMED = re.compile(
    rf"\b(?:{_GROUP}|patient|elderly|geriatric|pediatric|older|impairment|insufficiency|disease|failure|dialysis)\b",
    re.IGNORECASE)


# A word each pattern above needs (lower case): these/those/such, this, the part's noun, administration.
_POINTER_WORDS = ("these", "those", "such", "this", "remainder", "rest", "balance", "approach", "option",
                  "alternative", "strategy", "both doses", "latter", "former", "relationship", "administration")


def refers_back(text: str) -> bool:
    """Whether `text` names what it is about only by pointing at the sentence before it (see the module's doc); a
    pointer whose group or thing the sentence names before it is not one."""
    if text.isascii():  # ASCII text without a word every pointer holds points at nothing (spares the four searches)
        low = text.lower()
        if not any(w in low for w in _POINTER_WORDS):
            return False
    group = _THESE_GROUP.search(text)
    if group and not _GROUP_NAMED.search(text[:group.start()]):
        return True
    thing = _THIS_THING.search(text)
    if thing:
        noun = thing.group(0).split()[-1].lower().rstrip("s")[:6]
        before = text[:thing.start()]
        # a pointer late in a sentence follows what it points at ("Active DVT, PE, or a history of these conditions")
        if noun not in before.lower() and len(before.split()) < 6:
            return True
    return bool(_PART_OF_BEFORE.search(text) or _BARE_COADMINISTRATION.search(text))
