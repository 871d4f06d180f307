"""Question analysis: which drugs, which facets, which issuing body, which content words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import InvalidQuestion
from ..store.lexical import query_terms
from .drugs import DrugDictionary, DrugMatch
from .english import is_known_word
from .facets import recognise_facets

MAX_QUESTION_CHARS = 2000
BODIES = {
    "CDC": re.compile(r"\b(cdc|centers? for disease control)\b", re.I),
    "USPSTF": re.compile(r"\b(uspstf|task ?force|preventive services)\b", re.I),
}
# a word in the drug slot of a question ("what is X used for", "dose of X") that the dictionary lacks
_DRUG_SLOT = re.compile(
    r"\bwhat (?:is|are) (?:the )?([a-z][\w\-]{3,30})(?: used)? for\b|"
    r"\b(?:dose|dosage|dosing|side effects?|uses?|indications?|contraindications?|interactions?|overdose|"
    r"mechanism of action) (?:of|for) ([a-z][\w\-]{3,30})\b|"
    r"^\s*([a-z][\w\-]{3,30})\s*\??\s*$",
    re.I,
)


# Words that say how a question is asked, not what it is about.
_ASKING_WORDS = frozenset(
    """recommend recommends recommended recommendation recommendations guideline guidelines say says tell
    know use used using take taking taken given safe ok okay need needs best good yes get"""
    .split()
)


def content_terms(text: str) -> list[str]:
    """Query words that carry the topic of a question."""
    return [t for t in query_terms(text) if t not in _ASKING_WORDS]


# Who a question is about is not what it is about: "adults 40 to 75" matches many unrelated records.
POPULATION_WORDS = frozenset(
    """adult adults aged age ages years year old older children child women woman men man people persons patients
    pregnant adolescents""".split()
)


@dataclass(frozen=True)
class Question:
    """A parsed question."""

    text: str
    drugs: tuple[DrugMatch, ...]
    facets: tuple[str, ...]
    overview: bool
    bodies: tuple[str, ...]
    terms: tuple[str, ...]  # content words (no stop words, no drug names)
    unknown_drug: str | None  # a word in a drug slot that no label names
    classes: tuple[DrugMatch, ...] = ()  # drug classes named ("statins": canonical is the class name)

    @property
    def drug_names(self) -> list[str]:
        return [d.canonical for d in self.drugs]

    @property
    def topic(self) -> tuple[str, ...]:
        """Content words without population words, numbers or the names of issuing bodies."""
        bodies = {b.lower() for b in self.bodies}
        return tuple(
            t for t in self.terms if t not in POPULATION_WORDS and not t.isdigit() and t not in bodies
        )


def clean_question(text: str) -> str:
    """Normalize Unicode, drop control characters, collapse spaces; reject empty or oversized text."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise InvalidQuestion("the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return text


def analyse(text: str, dictionary: DrugDictionary) -> Question:
    """Recognise drugs, facets and bodies in a question."""
    text = clean_question(text)
    found = dictionary.recognise_all(text)
    drugs = tuple(found.drugs)
    fq = recognise_facets(text, names_drug=bool(drugs), n_drugs=len(drugs))
    bodies = tuple(b for b, rx in BODIES.items() if rx.search(text))
    drug_words = {w for d in drugs for w in re.findall(r"\w+", d.surface.lower())}
    class_words = {w for c in found.classes for w in re.findall(r"\w+", c.surface.lower())}
    terms = tuple(t for t in content_terms(text) if t not in drug_words)
    unknown = None
    if not drugs:
        m = _DRUG_SLOT.search(text)
        if m:
            word = next(g for g in m.groups() if g).lower()
            # only a word that looks like a name: never an English or medical word ("toddlers", "infants"), nor a
            # name the dictionary or lexicon holds (the note must never say the corpus does not know it)
            known = word in class_words or is_known_word(word) or dictionary.knows(word)
            unknown = None if known else word
    return Question(text, drugs, fq.facets, fq.overview, bodies, terms, unknown, tuple(found.classes))
