"""Everyday words for what labels say in medical words: "eyesight" is the label's visual acuity, an "MRI" its magnetic
resonance imaging, hair that falls out its alopecia, "pee" its urine.

Source and why: written by hand (issue 12, fix12e) from the patient questions of bench/questions, whose answers the
label states in its own words. No openly licensed consumer health vocabulary installs offline from PyPI: the UMLS
Consumer Health Vocabulary needs a UMLS licence and download, `med-terms` builds its dictionary from licensed MedDRA
files, `medterm4ds` (GPL) fetches UMLS-derived tables from a model hub at run time. So the table is kept small: only
words a label never uses for the thing itself, each mapped to the beginnings of the label's words for it, and no
everyday word that is often no condition at all ("sun", "throw", "racing": a lay word counts as a condition word).

Each entry is an exact question word (never a word beginning: "pee" must not meet "peeling") -> the beginnings of
sentence words that name the same thing. `topic.same_word` reads it, so the question reader's condition words, the
label reading's term weights and the notes' checks all expand a lay word the same way.
"""

from __future__ import annotations

LAY_WORDS: dict[str, tuple[str, ...]] = {
    # the eye: "can ethambutol mess up your eyesight?" -> "decreases in visual acuity ... optic neuritis"
    "eyesight": ("vision", "visual", "optic", "blind", "sight"),
    "sight": ("vision", "visual", "optic", "blind", "eyesight"),
    "vision": ("visual", "optic", "blind", "sight", "eyesight"),
    "blurry": ("blur",),
    # imaging: "take my patch off before an MRI?" -> "removed prior to magnetic resonance imaging"
    "mri": ("magnetic", "mri"),
    "mris": ("magnetic", "mri"),
    # hair: "make your hair fall out?" -> "alopecia"
    "hair": ("hair", "alopec"),
    "bald": ("alopec", "hair"),
    "balding": ("alopec", "hair"),
    # urine: "pee", "peeing" -> "urine", "urinary", "micturition"
    "pee": ("urin", "micturi"),
    "peeing": ("urin", "micturi"),
    "wee": ("urin", "micturi"),
    # the mouth and gut in everyday words
    "puke": ("vomit", "emesis"),
    "poop": ("stool", "fecal", "faecal", "bowel", "defecat"),
    "constipated": ("constipat",),
    # the heart beat
    "palpitations": ("palpitat", "tachycard", "arrhythm"),
    # sex: "sex drive" -> "libido", "erection problems" -> "erectile dysfunction"
    "libido": ("libido", "sexual"),
    "erection": ("erect", "impoten"),
    "erections": ("erect", "impoten"),
    # sunburn: "burn easily in the sun" -> "photosensitivity"
    "sunburn": ("photosensitiv", "sunburn", "sunlight", "phototox"),
    # heat: "exercise outside when it's really hot" -> "high environmental temperature ... heat prostration"
    "hot": ("heat", "hot", "temperatur"),
    # blood pressure (see LAY_PHRASES): "raise your blood pressure" -> "hypertension", "drop it" -> "hypotension"
    "pressure": ("pressure", "hypertens", "hypotens"),
    # blood sugar (see LAY_PHRASES): "mess with my blood sugar" -> "hyperglycemia", "blood glucose"
    "sugar": ("sugar", "glucose", "glyc", "hyperglyc", "hypoglyc"),
}

# Everyday phrases whose one word stands for the whole (the other words are dropped from the condition): "blood
# pressure" is what "hypertension" names, which has no "blood" in it; "blood" alone stays a condition word ("blood
# clots").
LAY_PHRASES: dict[str, str] = {
    "blood pressure": "pressure",
    "blood sugar": "sugar",
    "blood sugars": "sugar",
}
