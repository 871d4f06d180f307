"""Word forms for matching a question's words in label and abstract sentences.

A question says "psoriasis", the label "psoriatic arthritis"; a patient says "kidney", the label "renal". Two
words match when one is the other's stem-like prefix (the shorter word, at least 4 letters, or a common prefix of
6 letters: "psoriasis" ~ "psoriatic", "child" ~ "children", "hypertension" ~ "hypertensive"), or when a small table
of lay and clinical terms links them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Lay word (or clinical word) -> word beginnings that say the same in labels and abstracts.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "kidney": ("renal", "nephr", "creatinine", "egfr", "dialysis"),
    "kidneys": ("renal", "nephr", "creatinine", "egfr", "dialysis"),
    "renal": ("kidney", "nephr"),
    "liver": ("hepat", "cirrho", "child-pugh"),
    "hepatic": ("liver", "cirrho"),
    "heart": ("cardi", "coronary", "myocard"),
    "cardiac": ("heart", "coronary", "myocard"),
    "stomach": ("gastr", "peptic", "abdominal"),
    "lung": ("pulmon", "respirat", "bronch"),
    "lungs": ("pulmon", "respirat", "bronch"),
    "breathing": ("respirat", "dyspnea", "bronch"),
    "skin": ("derm", "cutaneous", "rash"),
    "seizure": ("epilep", "convuls", "seizur"),
    "seizures": ("epilep", "convuls", "seizur"),
    "epilepsy": ("seizur", "convuls", "epilep"),
    "blood pressure": ("hypertens", "hypotens"),
    "pressure": ("hypertens", "hypotens"),
    "sugar": ("glyc", "glucose", "diabet"),
    "diabetes": ("diabet", "glyc"),
    "cholesterol": ("lipid", "ldl", "hypercholesterol", "hyperlipid"),
    "stroke": ("cerebrovascular", "stroke"),
    "clot": ("thromb", "embol"),
    "clots": ("thromb", "embol"),
    "cancer": ("carcinom", "tumor", "tumour", "malignan", "neoplas", "cancer"),
    "flu": ("influenza",),
    "reflux": ("gerd", "gastroesophageal", "reflux"),
    "heartburn": ("gerd", "gastroesophageal", "heartburn"),
    "depression": ("depress", "antidepress"),
    "anxiety": ("anxi",),
    "sleep": ("insomni", "sleep"),
    "insomnia": ("sleep", "insomni"),
    "nerve": ("neuropath", "neuralg", "nerve"),
    "pain": ("pain", "analges", "neuralg"),
    "headache": ("headache", "migrain", "cephal"),
    "migraine": ("migrain", "headache"),
    "weight": ("obes", "weight", "bmi"),
    "arthritis": ("arthrit",),
    "bleeding": ("hemorrh", "haemorrh", "bleed"),
    "infection": ("infect", "bacteri"),
    "uti": ("urinary tract infection",),
    "alcohol": ("alcohol", "ethanol"),
    "pregnant": ("pregnan",),
    "breastfeeding": ("lactat", "breast", "milk", "nursing"),
    "elderly": ("geriatric", "elderly", "older"),
    "children": ("pediatric", "paediatric", "child", "infant", "adolescent"),
    "kids": ("pediatric", "child"),
}

_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")


def _prefix_match(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return short == long_
    return long_.startswith(short) or (len(short) >= 6 and short[:6] == long_[:6])


@lru_cache(maxsize=4096)
def forms(term: str) -> tuple[str, ...]:
    """The word beginnings that count as `term` in a sentence: the term itself and its table synonyms."""
    t = term.lower()
    return (t, *SYNONYMS.get(t, ()))


def sentence_words(text: str) -> frozenset[str]:
    """Lower-case words of a sentence, for `mentions`."""
    return frozenset(_WORD.findall(text.lower()))


def mentions(term: str, words: frozenset[str], text: str | None = None) -> bool:
    """Whether a sentence (its `sentence_words`, and its lower-case `text` for multi-word forms) says `term`."""
    for f in forms(term):
        if " " in f:
            if text is not None and f in text.lower():
                return True
            continue
        if f in words:
            return True
        if len(f) >= 4:
            head = f[:4]  # cheap filter before the prefix rule
            if any(w[:4] == head and _prefix_match(f, w) for w in words):
                return True
    return False
