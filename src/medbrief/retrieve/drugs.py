"""Drug recognition from a dictionary built at ingest from the labels.

Surface forms (generic, brand and substance names) are normalized (case, punctuation, salts, plurals)
and mapped to canonical ingredient names; brands map to their ingredient. A question matches a name
exactly, or with one typo for words of five letters or more. Combination products ("oxycodone and
acetaminophen") are recognised only when the question names every ingredient or the combination brand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from ..drugnames import FORM_WORDS, SALT_WORDS, canonical_drug_name, is_combination, normalize

MAX_NAME_WORDS = 4
# Words that are names of drugs somewhere but mean something else in questions.
_NOT_DRUG_WORDS = frozenset(
    """use used dose doses daily maximum max what is the for of in and with adults children pain
    kidney renal liver hepatic failure safe pregnancy side effects take should does how long""".split()
)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """Comparison key of a drug name: normalized, plural-insensitive, salt and form words dropped."""
    words = [_singular(w) for w in normalize(name).split()]
    kept = [w for w in words if w not in SALT_WORDS and w not in FORM_WORDS]
    return " ".join(kept or words)


def _label_canonical(drugs: list[str]) -> str | None:
    if not drugs:
        return None
    if len(drugs) == 1:
        return drugs[0]
    return canonical_drug_name(" and ".join(drugs))


def dictionary_rows(labels: Iterable[tuple[str, list[str], dict[str, Any]]]) -> Iterator[tuple[str, str, str, int]]:
    """(name key, canonical, kind, number of labels) rows from each label's drugs and meta names."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for _doc_id, drugs, meta in labels:
        canonical = _label_canonical(drugs)
        if canonical is None:
            continue
        seen: set[tuple[str, str, str]] = set()
        seen.add((name_key(canonical), canonical, "generic"))
        for d in drugs:  # each ingredient of a combination is also a name of itself
            seen.add((name_key(d), d, "generic"))
        for kind, key in (("generic", "generic_names"), ("brand", "brand_names"), ("substance", "substance_names")):
            for raw in meta.get(key) or []:
                if not isinstance(raw, str) or not raw.strip():
                    continue
                k = name_key(raw)
                if not k or k in _NOT_DRUG_WORDS:
                    continue
                if kind == "substance":
                    target = canonical_drug_name(raw)
                    if target not in drugs and not is_combination(canonical):
                        target = canonical
                else:
                    target = canonical
                seen.add((k, target, kind))
        counts.update(seen)
    for (k, canonical, kind), n in sorted(counts.items()):
        yield (k, canonical, kind, n)


@dataclass(frozen=True)
class DrugMatch:
    """A drug named in a question."""

    canonical: str
    surface: str  # the words of the question that matched
    kind: str  # generic | brand | substance
    exact: bool


class DrugDictionary:
    """In-memory lookup over the stored dictionary rows."""

    def __init__(self, rows: Iterable[tuple[str, str, str, int]]) -> None:
        self.by_key: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, canonical, kind, n in rows:
            self.by_key[key].append((canonical, kind, n))
        self.single_words: dict[int, list[str]] = defaultdict(list)
        for key in self.by_key:
            if " " not in key and len(key) >= 5:
                self.single_words[len(key)].append(key)
        self._combos: list[str] | None = None

    def __len__(self) -> int:
        return len(self.by_key)

    def canonicals(self) -> set[str]:
        return {c for entries in self.by_key.values() for c, _, _ in entries}

    def _best(self, key: str) -> tuple[str, str] | None:
        entries = self.by_key.get(key)
        if not entries:
            return None
        # a generic spelling beats a brand, then the name most labels use
        rank = {"generic": 0, "substance": 1, "brand": 2}
        canonical, kind, _ = min(entries, key=lambda e: (rank.get(e[1], 3), -e[2], e[0]))
        return canonical, kind

    def lookup(self, name: str) -> str | None:
        """The canonical drug of an exact name (no typo tolerance): for resolving brands at ingest."""
        hit = self._best(name_key(name))
        return None if hit is None else hit[0]

    def _fuzzy(self, word: str) -> str | None:
        """The dictionary word one edit (insert, delete, substitute, swap) away, preferring the same first letter."""
        if len(word) < 5 or word in _NOT_DRUG_WORDS:
            return None
        cands = [
            cand
            for n in (len(word) - 1, len(word), len(word) + 1)
            for cand in self.single_words.get(n, ())
            if DamerauLevenshtein.distance(word, cand, score_cutoff=1) <= 1
        ]
        if not cands:
            return None
        return min(cands, key=lambda c: (c[0] != word[0], -max(e[2] for e in self.by_key[c]), c))

    def recognise(self, text: str) -> list[DrugMatch]:
        """Drugs named in `text`, longest names first, each canonical once, in order of mention."""
        words = [_singular(w) for w in normalize(text).split()]
        matches: list[tuple[int, DrugMatch]] = []
        i = 0
        while i < len(words):
            found = None
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                gram = words[i : i + n]
                key = " ".join(w for w in gram if w not in SALT_WORDS and w not in FORM_WORDS)
                if not key or (n == 1 and key in _NOT_DRUG_WORDS):
                    continue
                hit = self._best(key)
                if hit:
                    found = (n, DrugMatch(hit[0], " ".join(gram), hit[1], True))
                    break
            if found is None and words[i] not in SALT_WORDS and words[i] not in FORM_WORDS:
                near = self._fuzzy(words[i])
                if near:
                    hit = self._best(near)
                    if hit:
                        found = (1, DrugMatch(hit[0], words[i], hit[1], False))
            if found:
                matches.append((i, found[1]))
                i += found[0]
            else:
                i += 1
        out: list[DrugMatch] = []
        seen: set[str] = set()
        for _, m in matches:
            if m.canonical not in seen:
                seen.add(m.canonical)
                out.append(m)
        return self._combinations(out)

    def _combinations(self, matches: list[DrugMatch]) -> list[DrugMatch]:
        """A question naming every ingredient of a known combination asks about the combination too."""
        named = {m.canonical for m in matches if not is_combination(m.canonical)}
        if len(named) < 2:
            return matches
        if self._combos is None:
            self._combos = sorted(c for c in self.canonicals() if is_combination(c))
        extra = [
            DrugMatch(c, c, "generic", True)
            for c in self._combos
            if set(c.split(" and ")) <= named and c not in {m.canonical for m in matches}
        ]
        return matches + extra
