"""Is a word ordinary English? Decides where drug-name typo tolerance and word-like brand names may apply.

The word frequencies come from `wordfreq` (Apache-2.0, offline data shipped in the wheel): a word with a Zipf
frequency of at least `KNOWN_ZIPF` (about once in 3 million words of web, news, books and subtitles) is a word
people write on purpose, so a question using it is not misspelling a drug ("sugar" is not "Sular", "reflex" is
not "Keflex"). Drug misspellings score 0 ("metfromin", "tizanadine"). The word list is loaded on first use only
(about 0.1 s), so commands that never ask pay nothing.

Frequency alone cannot tell "chronic" from "Xanax" (both Zipf > 3). A name is an *ordinary* word when it is also
in an English dictionary: Webster's Second and GCIDE from `english-words` (MIT), which predate the coined names
of drugs ("xanax", "viagra", "botox", "tylenol" are absent; "chronic", "allergy", "relief", "sugar" are there).
"""

from __future__ import annotations

import math
from functools import cache

# Zipf >= 2.5: "spasms" (2.98), "edema" (2.95), "neuropathy" (2.83) are known terms; "tizanadine" (0) is not.
KNOWN_ZIPF = 2.5
# Zipf >= 4.0: among the commonest words ("gold", "iron", "oxygen", "mineral"): even an ingredient's own name
# spelt like one needs drug context ("lithium" 3.6, "insulin" 3.8, "aspirin" 3.3 do not).
EVERYDAY_ZIPF = 4.0
# Zipf >= 3.0 (wordfreq's 'small' list): an everyday word ("chronic", "allergy", "relief", "sugar").
COMMON_ZIPF = 3.0


@cache
def _small() -> frozenset[str]:
    """wordfreq's 'small' English list: words with Zipf >= 3 (loads in ~10 ms)."""
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover
        return frozenset()
    return frozenset(get_frequency_dict("en", wordlist="small"))


@cache
def _dictionary() -> frozenset[str]:
    """Lower-case alphabetic headwords of Webster's Second and GCIDE (english-words; ~0.15 s to load)."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # pragma: no cover
        return frozenset()
    return frozenset(get_english_words_set(["web2", "gcide"], lower=True, alpha=True))


@cache
def _zipf() -> dict[str, float] | None:
    """wordfreq's large English list (word -> frequency); a word's Zipf value is computed when it is looked up,
    not for all ~320k words at load (that took ~0.3 s of the first question that needed it)."""
    try:
        from wordfreq import get_frequency_dict  # lazy: import cost
    except ImportError:  # pragma: no cover - wordfreq is a core dependency; stay usable without it
        return None
    return get_frequency_dict("en", wordlist="large")


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in English (0.0 when unknown or wordfreq is missing)."""
    table = _zipf()
    f = 0.0 if table is None else table.get(word, 0.0)
    return round(math.log10(f) + 9, 2) if f > 0 else 0.0


def is_known_word(word: str) -> bool:
    """A word written on purpose (English or a common medical term): never read as a misspelt drug name."""
    if word in _small():  # the small list answers most words without loading the large one
        return True
    return zipf(word) >= KNOWN_ZIPF or _in_dictionary(word)  # "endoderm", "cytosine": rare but real words


def is_common_word(word: str) -> bool:
    """An everyday English word ("chronic", "water"): a drug name spelt like it needs drug context to count."""
    return word in _small()


def is_ordinary_word(word: str) -> bool:
    """An everyday word that is in an English dictionary ("chronic", "allergy", "caps"), not a coined drug name
    that became common ("xanax", "viagra"): a brand spelt like it counts only when used as a drug."""
    return is_common_word(word) and _in_dictionary(word)


def is_written_english(word: str) -> bool:
    """A dictionary word people write on purpose (Zipf >= KNOWN_ZIPF) that is not among the everyday ones
    ("precipitated" 2.99, "generically", "gypsum"): below the cut of `is_ordinary_word`, yet still English."""
    return zipf(word) >= KNOWN_ZIPF and not is_common_word(word) and _in_dictionary(word)


def _in_dictionary(word: str) -> bool:
    words = _dictionary()
    return word in words or (word.endswith("s") and word[:-1] in words)
