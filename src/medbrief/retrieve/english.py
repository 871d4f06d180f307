"""Is a word ordinary English? Decides where drug-name typo tolerance and word-like brand names may apply.

The word frequencies come from `wordfreq` (Apache-2.0, offline data shipped in the wheel): a word with a Zipf
frequency of at least `KNOWN_ZIPF` (about once in 3 million words of web, news, books and subtitles) is a word
people write on purpose, so a question using it is not misspelling a drug ("sugar" is not "Sular", "reflex" is
not "Keflex"). Drug misspellings score 0 ("metfromin", "tizanadine"). The word list is loaded on first use only
(about 0.1 s), so commands that never ask pay nothing.
"""

from __future__ import annotations

from functools import cache

# Zipf >= 2.5: "spasms" (2.98), "edema" (2.95), "neuropathy" (2.83) are known terms; "tizanadine" (0) is not.
KNOWN_ZIPF = 2.5
# Zipf >= 3.0 (wordfreq's 'small' list): an everyday word ("chronic", "allergy", "relief", "sugar").
COMMON_ZIPF = 3.0


@cache
def _zipf() -> dict[str, float] | None:
    try:
        from wordfreq import get_frequency_dict, zipf_frequency  # noqa: F401  (lazy: import cost)
    except ImportError:  # pragma: no cover - wordfreq is a core dependency; stay usable without it
        return None
    import math

    return {w: round(math.log10(f) + 9, 2) for w, f in get_frequency_dict("en", wordlist="large").items() if f > 0}


def zipf(word: str) -> float:
    """Zipf frequency of a lower-case word in English (0.0 when unknown or wordfreq is missing)."""
    table = _zipf()
    return 0.0 if table is None else table.get(word, 0.0)


def is_known_word(word: str) -> bool:
    """A word written on purpose (English or a common medical term): never read as a misspelt drug name."""
    return zipf(word) >= KNOWN_ZIPF


def is_common_word(word: str) -> bool:
    """An everyday English word ("chronic", "water"): a drug name spelt like it needs drug context to count."""
    return zipf(word) >= COMMON_ZIPF
