"""Drug recognition from a dictionary built at ingest from the labels, with a drug lexicon beside it.

Surface forms (generic, brand and substance names) are normalized (case, punctuation, salts, plurals)
and mapped to canonical ingredient names; brands map to their ingredient. Names no stored label carries
(Zoloft, Tylenol, APAP, paracetamol) and drug classes (statins, NSAIDs) come from the drug lexicon
(retrieve/lexicon.py), stored at ingest. A question matches a name exactly; a word that is not an English
word or known term may match a label name with one typo (two for names of nine letters or more; the first
letter kept) or with a stray space ("ator vastatin"). A name that is also an everyday English word ("Chronic",
"Allergy") counts only when capitalised inside the question or used as a drug ("dose of ...", "... tablets").
Combination products ("oxycodone and acetaminophen") are recognised only when the question names every
ingredient or the combination brand.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from ..drugnames import (
    FORM_WORDS,
    NEVER_INGREDIENTS,
    SALT_WORDS,
    acid_anion,
    canonical_drug_name,
    ingredients,
    is_combination,
    normalize,
    strip_salts,
)
from .english import EVERYDAY_ZIPF, is_known_word, is_ordinary_word, is_written_english, zipf
from .lexicon import CLASS, TERM, LexiconEntry

MAX_NAME_WORDS = 4
MAX_LEXICON_WORDS = 6  # lexicon names run longer ("non-steroidal anti-inflammatory agents")
# Words that are names of drugs somewhere but mean something else in questions.
_NOT_DRUG_WORDS = frozenset(
    """use used dose doses daily maximum max what is the for of in and with adults children pain
    kidney renal liver hepatic failure safe pregnancy side effects take should does how long nitrates nitrate""".split()
)
# Diluents of kits: an ingredient only of a label that is that diluent alone ("Sodium Chloride Injection").
KIT_DILUENTS = frozenset({"sodium chloride", "bacteriostatic sodium chloride", "dextrose"})
# Words before or after a name that show it is used as a drug ("dose of Chronic", "Allergy tablets").
_DRUG_CONTEXT_BEFORE = frozenset(
    "dose doses dosage dosing take taking takes took prescribed prescribe start started stop stopped "
    "brand drug medication medicine mg allergy allergic".split()  # "allergy to penicillin": a drug, not a word
)
_DRUG_CONTEXT_AFTER = frozenset(
    """tablet capsule injection solution suspension syrup elixir cream ointment gel patch spray caplet softgel
    mg mcg ml dose dosage dosing overdose used""".split()  # "what is Gold used for" names a product
)
# A facet right after a capitalised name shows it is a product ("Soma side effects"), wherever it stands.
_FACET_AFTER = [["interaction"], ["warning"], ["contraindication"]]
# "<facet> of X": X is the drug asked about ("the side effects of penicillin").
_FACET_OF = frozenset("effect interaction contraindication warning indication dose dosage overdose use".split())

# MeSH names classes "... agents"; questions say "... drugs" ("non-steroidal anti-inflammatory drugs").
_AS_AGENT = re.compile(r"(?<= )(?:drug|medication|medicine)$")

LexiconLookup = Callable[[list[str]], dict[str, LexiconEntry]]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _key_words(words: list[str]) -> list[str]:
    """Form words dropped and salts stripped per ingredient: the parts of a combination are split at "and"
    first, so "lidocaine and sodium chloride" keeps its diluent while "lithium carbonate" is lithium."""
    out: list[str] = []
    part: list[str] = []
    for w in [*words, "and"]:
        if w == "and":
            kept = [x for x in part if x not in FORM_WORDS]
            out.extend(strip_salts(kept))
            part = []
        else:
            part.append(w)
    return out


def name_key(name: str) -> str:
    """Comparison key of a drug name: normalized, plural-insensitive, form words and salts dropped
    ('Lithium Carbonate' and 'lithium citrate' -> 'lithium'; 'Sodium Chloride' stays)."""
    words = [_singular(w) for w in normalize(name).split()]
    return " ".join(_key_words(words) or words)


def _label_canonical(drugs: list[str]) -> str | None:
    if not drugs:
        return None
    if len(drugs) == 1:
        return drugs[0]
    return canonical_drug_name(" and ".join(drugs))


def _is_kit(meta: dict[str, Any]) -> bool:
    return "kit" in str(meta.get("dosage_form") or "").lower() or "kit" in normalize(
        " ".join(str(n) for n in meta.get("brand_names") or [])).split()


def _word_kind(kind: str, key: str, *, own_name: bool) -> str:
    """`kind` + "_word" for a name that is also an everyday word, so it counts only when used as a drug: a brand
    or other name spelt like a dictionary word ("Chronic", "Allergy Relief"), an ingredient's own name only when it
    is among the commonest words ("gold", "mineral", "oxygen"; not "lithium", "aspirin"), any name under 3 letters.
    """
    words = key.split()
    if len(key) < 3:
        return kind + "_word"
    if own_name:
        everyday = len(words) == 1 and is_ordinary_word(key) and zipf(key) >= EVERYDAY_ZIPF
    else:
        everyday = all(is_ordinary_word(w) for w in words)
    return kind + "_word" if everyday else kind


def dictionary_rows(labels: Iterable[tuple[str, list[str], dict[str, Any]]]) -> Iterator[tuple[str, str, str, int]]:
    """(name key, canonical, kind, number of labels) rows from each label's drugs and meta names.

    Each ingredient of a combination label is a name of that ingredient (so a question about it can reach the
    combination label); excipients and kit diluents never are. A brand that is an everyday English word
    ("Chronic") gets kind "brand_word": matched only when capitalised or used as a drug.
    """
    counts: Counter[tuple[str, str, str]] = Counter()
    for _doc_id, drugs, meta in labels:
        canonical = _label_canonical(drugs)
        if canonical is None:
            continue
        several = is_combination(canonical)
        seen: set[tuple[str, str, str]] = set()
        seen.add((name_key(canonical), canonical, _word_kind("generic", name_key(canonical), own_name=True)))
        for d in drugs:  # each ingredient of a combination is also a name of itself
            for ing in d.split(" and "):
                if ing in NEVER_INGREDIENTS or (several and ing in KIT_DILUENTS):
                    continue
                seen.add((name_key(ing), ing, _word_kind("generic", name_key(ing), own_name=True)))
            seen.add((name_key(d), d, _word_kind("generic", name_key(d), own_name=True)))
        generic_keys = {name_key(d) for d in drugs} | {name_key(i) for d in drugs for i in d.split(" and ")}
        for kind, key in (("generic", "generic_names"), ("brand", "brand_names"), ("substance", "substance_names")):
            for raw in meta.get(key) or []:
                if not isinstance(raw, str) or not raw.strip():
                    continue
                k = name_key(raw)
                if not k or k in _NOT_DRUG_WORDS or k in NEVER_INGREDIENTS:
                    continue
                if kind == "substance":
                    target = canonical_drug_name(raw)
                    if target in KIT_DILUENTS and (several or _is_kit(meta)):
                        continue  # the diluent of a kit, not its drug
                    if target not in drugs and not several and len(meta.get("substance_names") or []) <= 1:
                        target = canonical  # the label's one substance ("sodium chloride" of a "Saline" label)
                else:
                    # a combination label listing each ingredient's own generic name: that name is the ingredient
                    one = canonical_drug_name(raw)
                    target = one if several and one in canonical.split(" and ") else canonical
                seen.add((k, target, _word_kind(kind, k, own_name=k in generic_keys)))
        counts.update(seen)
    # an acid's anion names the same drug ("valproate" is valproic acid, "folate" folic acid), unless the anion
    # is itself the name of a stored drug ("mycophenolate" of mycophenolate mofetil stays that drug)
    names = {k for k, _, _ in counts}
    for (k, canonical, kind), n in list(counts.items()):
        anion = acid_anion(k)
        if anion and anion not in names:
            counts[(anion, canonical, kind)] += n
    for (k, canonical, kind), n in sorted(counts.items()):
        yield (k, canonical, kind, n)


@dataclass(frozen=True)
class DrugMatch:
    """A drug (or, with kind "class", a drug class) named in a question."""

    canonical: str
    surface: str  # the words of the question that matched
    kind: str  # generic | brand | substance | brand_word (labels); alias | external (lexicon); class
    exact: bool

    @property
    def in_labels(self) -> bool:
        """False for a drug only the lexicon knows: no stored label names it."""
        return not self.kind.startswith("external")


@dataclass(frozen=True)
class Recognised:
    """What a question names: drugs (label or lexicon), drug classes, and unknown drug-like words."""

    drugs: list[DrugMatch] = field(default_factory=list)
    classes: list[DrugMatch] = field(default_factory=list)


@dataclass(frozen=True)
class _Token:
    word: str  # lower-case, singular
    raw: str  # as written
    start: int = 0  # where it starts in the text


def _tokens(text: str) -> list[_Token]:
    # the same tokens as normalize(): runs of ASCII letters and digits
    return [_Token(_word_of(m.group()), m.group(), m.start()) for m in re.finditer(r"[A-Za-z0-9]+", text)]


def _word_of(raw: str) -> str:
    """Lower-case singular: an abbreviation's plural drops its "s" ("PPIs", "SSRIs", "ARBs" end in "is", "bs")."""
    if len(raw) >= 3 and raw.endswith("s") and raw[:-1].isupper():
        return raw[:-1].lower()
    return _singular(raw.lower())


def _gram_key(words: list[str]) -> str:
    return " ".join(_key_words(words))


def _title_case(tokens: list[_Token]) -> bool:
    """Most words capitalised (a title): capitals say nothing about names there."""
    words = [t.raw for t in tokens[1:] if t.raw[:1].isalpha() and len(t.raw) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) * 2 > len(words)


# Minerals that are drugs ("potassium chloride") and lab values ("high potassium"): read as a lab value beside
# these words.
_LAB_ANALYTES = frozenset("potassium sodium calcium magnesium phosphate glucose iron".split())
_LAB_BEFORE = frozenset("high low elevated raised increased decreased serum blood plasma abnormal".split())
_LAB_AFTER = frozenset("level levels concentration concentrations".split())


def _lab_value(tokens: list[_Token], i: int) -> bool:
    before = tokens[i - 1].word if i > 0 else ""
    after = tokens[i + 1].word if i + 1 < len(tokens) else ""
    return before in _LAB_BEFORE or after in _LAB_AFTER


def _drug_use(tokens: list[_Token], i: int, n: int) -> bool:
    """The name at tokens[i:i+n] is used as a drug: capitalised inside a sentence, or in drug context."""
    raw = tokens[i].raw
    if i > 0 and raw[:1].isupper() and not raw.isupper() and not _title_case(tokens):
        return True
    facet = [t.word for t in tokens[i + n : i + n + 2]]
    if raw[:1].isupper() and (facet == ["side", "effect"] or facet[:1] in _FACET_AFTER):
        return True  # "Soma side effects", "SOMA interactions": a product's facet, even first in the question
    before = {t.word for t in tokens[max(0, i - 2) : i]}
    after = tokens[i + n].word if i + n < len(tokens) else ""
    if bool(before & _DRUG_CONTEXT_BEFORE) or after in _DRUG_CONTEXT_AFTER:
        return True
    # the drug slot of a question: "side effects of X", "interactions of X", "Is X safe", "X and alcohol"
    two_before = [t.word for t in tokens[max(0, i - 2) : i]]
    two_after = [t.word for t in tokens[i + n : i + n + 2]]
    return (
        (len(two_before) == 2 and two_before[1] == "of" and two_before[0] in _FACET_OF)
        or (two_before[-1:] == ["is"] and two_after[:1] == ["safe"])
        or two_after == ["and", "alcohol"]
    )


def _english_alias(key: str, entry: LexiconEntry) -> bool:
    """A lexicon name of a drug, not its own name, spelt in English words the ingest cut for everyday words lets
    through ("precipitated" for calcium carbonate, "available generically" for hydromorphone, "gypsum"): like a
    word-like name, it counts only when used as a drug. Classes and the drug's own name ("quinine") keep counting
    anywhere."""
    if entry.base_kind == CLASS or key == name_key(entry.canonical):
        return False
    words = key.split()
    return all(is_ordinary_word(w) or is_written_english(w) for w in words) and any(
        is_written_english(w) for w in words)


_STRENGTH_TAIL = re.compile(r"(?: \d+)+$")


def _brands_without_strength(
        by_key: dict[str, list[tuple[str, str, int]]]) -> list[tuple[str, str, str, int]]:
    """Brand names the label records with their strength ("Xultophy 100/3.6" -> key "xultophy 100 3 6", "Soliqua
    100/33"), as people say them: without it ("does xultophy have a boxed warning"). Without this the bare brand
    missed the label's own name and fell through to the lexicon, which maps some combination brands to one of their
    ingredients (Xultophy -> insulin degludec): the brief then read the component's labels, not the product's. Done
    here, on the stored rows, so a store ingested before it gets the names too; a bare name that is already a name of
    any drug is left to that drug, and one that is an everyday word ("Oxide 20") counts only when used as a drug."""
    out: dict[tuple[str, str, str], int] = {}
    for key, entries in by_key.items():
        base = _STRENGTH_TAIL.sub("", key)
        if base == key or len(base.replace(" ", "")) < 4 or base in by_key or base in _NOT_DRUG_WORDS \
                or base in NEVER_INGREDIENTS:
            continue
        for canonical, kind, n in entries:
            if kind.startswith("brand"):
                k = (base, canonical, _word_kind("brand", base, own_name=False))
                out[k] = out.get(k, 0) + n
    return [(b, c, kind, n) for (b, c, kind), n in sorted(out.items())]


class DrugDictionary:
    """In-memory lookup over the stored dictionary rows, with an optional lexicon lookup beside it."""

    def __init__(self, rows: Iterable[tuple[str, str, str, int]], lexicon: LexiconLookup | None = None) -> None:
        self.by_key: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, canonical, kind, n in rows:
            self.by_key[key].append((canonical, kind, n))
        # brands said without the strength their label records ("xultophy"): matched when no name is, and kept apart
        # from `by_key`, whose names are the labels' own (ingest maps the lexicon's variants onto them: "xultophy"
        # there would pull the lexicon's insulin degludec, and with it "tresiba", onto the combination)
        self.bare: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, canonical, kind, n in _brands_without_strength(self.by_key):
            self.bare[key].append((canonical, kind, n))
        self.single_words: dict[int, list[str]] = defaultdict(list)
        for key in self.by_key:
            if " " not in key and len(key) >= 5:
                self.single_words[len(key)].append(key)
        self.lexicon = lexicon
        self._combos: list[str] | None = None
        self._names: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self.by_key)

    @functools.cached_property
    def stored(self) -> frozenset[str]:
        """The canonical drugs of the stored labels (`canonicals`, computed once)."""
        return frozenset(self.canonicals())

    def canonicals(self) -> set[str]:
        return {c for entries in self.by_key.values() for c, _, _ in entries}

    def names_of(self, canonical: str) -> list[str]:
        """Every surface key that maps to a canonical drug (generic, brands, substances), sorted."""
        if canonical not in self._names:  # a scan of the whole dictionary: once per drug
            self._names[canonical] = sorted(
                {key for key, entries in self.by_key.items() for c, _, _ in entries if c == canonical}
            )
        return self._names[canonical]

    def combinations_with(self, ingredient: str) -> list[str]:
        """Canonical combinations (of the stored labels) that contain `ingredient`, or every ingredient of a
        combination ("aluminum hydroxide and magnesium hydroxide" -> the antacid that adds dimethicone)."""
        if self._combos is None:
            self._combos = sorted(c for c in self.canonicals() if is_combination(c))
        wanted = set(ingredient.split(" and "))
        return [c for c in self._combos if c != ingredient and wanted <= set(c.split(" and "))]

    def _best(self, key: str) -> tuple[str, str] | None:
        entries = self.by_key.get(key) or self.bare.get(key)
        if not entries:
            return None
        # a generic spelling beats a brand, then the name most labels use
        rank = {"generic": 0, "substance": 1, "brand": 2}
        canonical, kind, _ = min(entries, key=lambda e: (rank.get(e[1].removesuffix("_word"), 3), -e[2], e[0]))
        return canonical, kind

    def lookup(self, name: str) -> str | None:
        """The canonical drug of an exact name (no typo tolerance): for resolving brands at ingest."""
        key = name_key(name)
        hit = self._best(key)
        if hit is not None:
            return hit[0]
        if self.lexicon is not None:
            entry = self.lexicon([key]).get(key)
            if entry is not None and entry.base_kind != CLASS:
                return entry.canonical
        return None

    def knows(self, word: str) -> bool:
        """The word names a drug or class of the label dictionary or the lexicon (in any context)."""
        key = name_key(word)
        if not key:
            return False
        if key in self.by_key or key in self.bare:
            return True
        if self.lexicon is None:
            return False
        entry = self.lexicon([key]).get(key)
        return entry is not None and entry.base_kind != TERM

    def text_ingredient(self, text: str) -> str | None:
        """The drug a label's own text is about, for a label filed under a brand no dictionary knows: the
        stored-label ingredient named exactly on the most lines, when it dominates every other drug the text names
        (on at least twice as many lines as all the others together) and is named on two lines or more (one, if
        no other drug is named at all). Interaction and comparator drugs ("drugs which deplete norepinephrine
        (e.g., reserpine, labetalol)") thus never become the label's drug. Salts and ordinary English words
        ("potassium", "electrolytes", "plasma") are not drugs here; lexicon-only names count only as others.
        """
        counts: Counter[str] = Counter()
        others = 0
        for line in text.splitlines():
            for m in self.recognise(line):
                if not m.exact or is_combination(m.canonical):
                    continue
                if m.kind.endswith("_word") or m.canonical in SALT_WORDS or all(
                    is_ordinary_word(w) for w in m.canonical.split()
                ):
                    continue  # words of lab results and excipients, not the product
                if m.in_labels:
                    counts[m.canonical] += 1
                else:
                    others += 1  # a drug only the lexicon knows: a comparator, never the label's own
        if not counts:
            return None
        top, n = counts.most_common(1)[0]
        rest = sum(counts.values()) - n + others
        return top if n >= 2 * rest and (n >= 2 or rest == 0) else None

    def _fuzzy(self, word: str) -> str | None:
        """The label name one edit away (two for nine letters or more) with the same first letter, for a word that
        is not an English word or known term; the name most labels use wins ties."""
        if len(word) < 5 or word in _NOT_DRUG_WORDS or not word.isalpha():
            return None
        edits = 2 if len(word) >= 9 else 1
        cands = [
            (DamerauLevenshtein.distance(word, cand, score_cutoff=edits), cand)
            for n in range(len(word) - edits, len(word) + edits + 1)
            for cand in self.single_words.get(n, ())
            if cand[0] == word[0]  # misspellings keep the first letter; "detemine" is not "ketamine"
        ]
        cands = [(d, c) for d, c in cands if d <= edits and (d <= 1 or len(c) >= 9)]
        if not cands or is_known_word(word):  # the word list loads only when a name is near
            return None
        return min(cands, key=lambda t: (t[0], -max(e[2] for e in self.by_key[t[1]]), t[1]))[1]

    def recognise(self, text: str) -> list[DrugMatch]:
        """Drugs named in `text`, longest names first, each canonical once, in order of mention."""
        return self.recognise_all(text).drugs

    def recognise_all(self, text: str) -> Recognised:
        """Drugs and drug classes named in `text`."""
        tokens = _tokens(text)
        words = [t.word for t in tokens]
        lexicon_hits: dict[str, LexiconEntry] = {}
        if self.lexicon is not None and words:
            keys = {
                _gram_key(words[i : i + n])
                for i in range(len(words))
                for n in range(1, min(MAX_LEXICON_WORDS, len(words) - i) + 1)
            }
            keys = {k for k in keys if k and k not in _NOT_DRUG_WORDS and k not in self.by_key}
            keys |= {_AS_AGENT.sub("agent", k) for k in keys if _AS_AGENT.search(k)}
            lexicon_hits = self.lexicon(sorted(keys)) if keys else {}
        matches: list[DrugMatch] = []
        classes: list[DrugMatch] = []
        i = 0
        while i < len(words):
            found: tuple[int, DrugMatch | None] | None = None
            for n in range(min(MAX_LEXICON_WORDS, len(words) - i), 0, -1):
                gram = words[i : i + n]
                if n > 1 and (gram[0] in FORM_WORDS or gram[-1] in FORM_WORDS):
                    continue  # "Advil and" is "Advil": the name's own words only
                key = _gram_key(gram)
                if not key or key in NEVER_INGREDIENTS or (n == 1 and key in _NOT_DRUG_WORDS):
                    continue
                surface = " ".join(t.raw for t in tokens[i : i + n])
                if n == 1 and key in _LAB_ANALYTES and _lab_value(tokens, i):
                    found = (1, None)  # "high potassium", "sodium levels": a lab value, not the drug
                    break
                hit = self._best(key) if n <= MAX_NAME_WORDS else None
                if hit:
                    if hit[1].endswith("_word") and not _drug_use(tokens, i, n):
                        continue
                    found = (n, DrugMatch(hit[0], surface, hit[1], True))
                    break
                entry = lexicon_hits.get(key) or lexicon_hits.get(_AS_AGENT.sub("agent", key))
                if entry is not None and entry.base_kind == TERM:
                    found = (n, None)  # a known non-drug term ("C-reactive protein"): no drug, no typo guess
                    break
                if entry is not None:
                    if entry.word_like and not _drug_use(tokens, i, n):
                        continue
                    if n > 1 and is_combination(entry.canonical) and entry.canonical not in self.stored \
                            and i and "," in text[tokens[i - 1].start + len(tokens[i - 1].raw):tokens[i].start] \
                            and any(self.by_key.get(name_key(part)) for part in ingredients(entry.canonical)):
                        # "warfarin, aspirin and omeprazole": the end of a list of drugs, not the combination
                        # product the store holds no label of (Yosprala); its stored ingredients are read by their
                        # own labels ("sacubitril and valsartan dose" still names the combination)
                        continue
                    if _english_alias(key, entry) and not _drug_use(tokens, i, n):
                        found = (n, None)  # English words, not the drug: "receptor tyrosine kinases" names none
                        break
                    found = (n, DrugMatch(entry.canonical, surface, entry.base_kind, True))
                    break
            if found is None and i + 1 < len(words) and words[i].isalpha() and words[i + 1].isalpha():
                joined = words[i] + words[i + 1]  # a stray space: "ator vastatin"
                hit = self._best(joined)
                if hit and not is_known_word(joined):
                    found = (2, DrugMatch(hit[0], f"{tokens[i].raw} {tokens[i + 1].raw}", hit[1], False))
            acronym = tokens[i].raw.isupper() and not text.isupper()  # "ANDROS Day Surgery": a name, not a typo
            if found is None and not acronym and words[i] not in SALT_WORDS and words[i] not in FORM_WORDS:
                near = self._fuzzy(words[i])
                if near:
                    hit = self._best(near)
                    if hit:
                        found = (1, DrugMatch(hit[0], tokens[i].raw, hit[1], False))
            if found:
                if found[1] is not None:
                    (classes if found[1].kind == CLASS else matches).append(found[1])
                i += found[0]
            else:
                i += 1
        out: list[DrugMatch] = []
        seen: set[str] = set()
        for m in matches:
            if m.canonical not in seen:
                seen.add(m.canonical)
                out.append(m)
        return Recognised(self._combinations(out), classes)

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
