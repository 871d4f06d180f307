"""Question analysis: which drugs, which facets, which issuing body, which content words."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, replace

from ..drugnames import FORM_WORDS, SALT_WORDS
from ..errors import InvalidQuestion
from ..store.lexical import query_terms
from .drugs import DrugDictionary, DrugMatch
from .english import is_common_word, is_known_word, is_ordinary_word
from .facets import OVERDOSE_TREATED, recognise_facets
from .lexicon import TAKEN_CLASSES

MAX_QUESTION_CHARS = 2000
QUESTION_HINT = (f"ask one clinical question in words (at most {MAX_QUESTION_CHARS:,} characters), "
                 'e.g. "What is baclofen used for?"')
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

# An unknown word anywhere in a question reads as a drug name when it has the ending of one: the INN/USAN stems of
# the drug classes people ask about ("-nib" kinase inhibitors, "-mab" antibodies, "-pril", "-sartan", "-olol",
# "-statin", "-prazole", "-oxacin", "-cillin", "-azepam", ...). English words with these endings ("tonight",
# "alpine", "gastrin") never get here: only words that are neither English nor known to the corpus are looked at.
_DRUG_STEM = re.compile(
    r"(?:nib|mab|vir|pril|prilat|sartan|olol|alol|statin|azole|oxacin|cillin|mycin|micin|cycline|dipine|tidine|"
    r"triptan|setron|gliptin|gliflozin|glutide|parin|xaban|gatran|azepam|azolam|afil|lukast|dronate|platin|taxel|"
    r"rubicin|tecan|relin|lutamide|trozole|fungin|vudine|caine|profen|oxetine|pramine|triptyline|peridol|apine|"
    r"idone|azosin|terol|tropium|semide|thiazide|lisib|ciclib|zomib|parib|degib|ercept|kinra|barbital|xone|sone|"
    r"olone|tide|zumab|ximab|umab)$"
)
# The drug slot after the drug ("X dose", "X side effects", "X and alcohol", "is X safe", "take X"): a word there
# that nothing knows is the drug asked about even when the question names no facet by the usual words.
_DRUG_SLOT_AFTER = re.compile(
    r"\b([a-z][\w\-]{3,30})\s+(?:dose|doses|dosage|dosing|side\s+effects?|uses?|indications?|contraindications?|"
    r"interactions?|overdose|safe|safety|and\s+alcohol|with\s+alcohol|in\s+pregnancy|warnings?|half-life|"
    r"mechanism)\b|"
    r"\b(?:take|taking|took|on|with|and|plus|versus|vs\.?)\s+([a-z][\w\-]{3,30})\b",
    re.I,
)
# A word of a question, for the unknown-drug check: letters (any script) and inner hyphens.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo_of_a_word(word: str) -> bool:
    """One edit (a letter deleted, swapped, replaced or added) from an everyday English word: a misspelling
    ("interacton", "hypertensoin"), not a drug name."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    edits.discard(word)
    return any(is_common_word(e) for e in edits if len(e) > 3)


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
    # words anywhere in the question that read as drug names nothing knows (`unknown_drug` first): the pipeline
    # refuses the question (UnknownDrug) when the corpus mentions one of them nowhere
    unknown_words: tuple[str, ...] = ()
    # other names of a named drug the question writes ("Fragmin" beside "dalteparin", "Benicar HCT"): no topic (fix13m)
    name_words: tuple[str, ...] = ()

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
        raise InvalidQuestion("the question is empty", hint=QUESTION_HINT)
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(f"the question is {len(text)} characters long; the limit is {MAX_QUESTION_CHARS}",
                              hint=QUESTION_HINT)
    return text


# An electrolyte or blood value given as a patient's result ("potassium came back 5.6", "serum sodium 128", "high
# potassium levels"): a lab value, not a drug, when the question names another drug.
_ANALYTES = r"potassium|sodium|calcium|magnesium|phosphate|phosphorus|chloride|bicarbonate|glucose|iron|zinc"
_LAB_VALUE = re.compile(
    rf"\b(?:serum|blood|plasma|high|low|elevated|raised)\s+(?:{_ANALYTES})\b|"
    rf"\b(?:{_ANALYTES})\s+(?:levels?|concentrations?|results?)\b|"
    rf"\b(?:{_ANALYTES})\b(?:\s+(?:came back|was|is|of|at|reading|value))*\s*[:=]?\s*[<>≤≥]?\s*\d+(?:\.\d+)?"
    r"(?!\s*(?:mg|mcg|g|meq|mmol|ml|%|tablets?|capsules?)\b)(?![\d.])", re.IGNORECASE)


def _lab_values(text: str, drugs: tuple[DrugMatch, ...]) -> tuple[DrugMatch, ...]:
    """The drugs of `drugs` without those the question names only as a lab result, when another drug is left."""
    labs = {m.group(0).lower() for m in _LAB_VALUE.finditer(text)}
    kept = tuple(d for d in drugs if not any(d.surface.lower() in lab for lab in labs))
    return kept if kept else drugs


# A food or drink that is also a drug with labels of its own (caffeine citrate injection, dehydrated alcohol,
# grapefruit allergen extract): asked beside another drug ("does caffeine or coffee interact with droxidopa", "can I
# have grapefruit with atorvastatin"), it is what the other drug is taken with, not a second asked drug whose own
# label is read. Alone ("caffeine dose for apnea of prematurity") it is the drug asked about.
_DIETARY = re.compile(r"caffeine|alcohol|ethanol|ethyl alcohol|grapefruit", re.I)


def _dietary(drugs: tuple[DrugMatch, ...]) -> tuple[DrugMatch, ...]:
    """The drugs of `drugs` without a food or drink named beside another drug (`_DIETARY`)."""
    def dietary(d: DrugMatch) -> bool:
        return bool(_DIETARY.fullmatch(d.surface.strip()) and _DIETARY.fullmatch(d.canonical.strip()))

    kept = tuple(d for d in drugs if not dietary(d))
    return kept if kept else drugs


_WITH = r"with\s+"


def _brand(d: DrugMatch) -> bool:
    """The name was written as a brand (its surface is not the ingredient's name)."""
    return d.surface.lower() not in d.canonical.lower()


def _one_product(text: str, drugs: tuple[DrugMatch, ...]) -> tuple[DrugMatch, ...]:
    """A combination product written as one ("triamterene/hctz", "hydrocodone/apap", "valsartan hctz": its
    ingredients joined by a slash, plus, hyphen or nothing; "tylenol with codeine": a brand name, then "with" its other
    ingredient) is one drug, the combination: the question is not about how its ingredients interact. "tramadol and
    acetaminophen", "ibuprofen with codeine" may be two drugs: kept."""
    low = text.lower()
    out = list(drugs)
    for combo in (d for d in drugs if " and " in d.canonical):
        parts = sorted((d for d in drugs if d.canonical in combo.canonical.split(" and ")),
                       key=lambda d: low.find(d.surface.lower()))
        joined = len(parts) >= 2 and all(
            re.search(rf"{re.escape(a.surface)}(?:\s*[/+-]\s*|\s+{_WITH if _brand(a) else ''}){re.escape(b.surface)}",
                      text, re.I)
            for a, b in itertools.pairwise(parts))
        if joined:
            out = [d for d in out if d not in parts]
        # a product with its ingredients in brackets: "Suprep (sodium sulfate, potassium sulfate, magnesium sulfate)",
        # "Benicar HCT (olmesartan/hydrochlorothiazide)" (the brand before the bracket names one ingredient's
        # labels too): the bracket spells out the one product asked about, no second drug taken with it
        for m in _IN_BRACKETS.finditer(text):
            inside, before = _plain(m.group(1)), _plain(text[max(0, m.start() - 30):m.start()])
            listed = [d for d in parts if f" {_plain(d.surface)} " in f" {inside} "
                      or f" {_plain(d.canonical)} " in f" {inside} "]
            if len(listed) >= 2 or (_plain(combo.surface) in inside and listed):
                out = [d for d in out if d not in listed]
            if _plain(combo.surface) in inside:
                out = [d for d in out if d not in parts or f" {_plain(d.surface)} " not in f" {before} "]
    return tuple(out)


_IN_BRACKETS = re.compile(r"\(([^()]{3,200})\)")


def _plain(text: str) -> str:
    """Lower-case words, one space apart ("olmesartan/hydrochlorothiazide" -> "olmesartan hydrochlorothiazide")."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _squashed(canonical: str) -> str:
    """A drug's name without spaces, hyphens or ingredient order: "ethinylestradiol and etonogestrel" is
    "ethinyl estradiol and etonogestrel"."""
    return " and ".join(sorted(re.sub(r"[^a-z0-9]", "", part) for part in canonical.lower().split(" and ")))


def _stored_spelling(drugs: tuple[DrugMatch, ...], dictionary: DrugDictionary) -> tuple[DrugMatch, ...]:
    """The drugs with a name only the lexicon spells (no stored label under it) read as the stored label's spelling
    of the same product ("NuvaRing" -> "ethinylestradiol and etonogestrel" in the lexicon, "ethinyl estradiol and
    etonogestrel" on the labels), each product once: one ring named twice ("nuvaring (etonogestrel/ethinyl estradiol
    ring)") is no pair of drugs whose interaction is asked, nor a drug with "No FDA label"."""
    stored = dictionary.stored if any(not d.in_labels for d in drugs) else frozenset()
    if not stored:
        return drugs
    wanted = {_squashed(d.canonical) for d in drugs if not d.in_labels}
    spelled = {k: c for c in stored if (k := _squashed(c)) in wanted}
    out: list[DrugMatch] = []
    for d in drugs:
        if not d.in_labels and d.canonical not in stored and _squashed(d.canonical) in spelled:
            d = replace(d, canonical=spelled[_squashed(d.canonical)], kind="brand")
        if all(o.canonical != d.canonical for o in out):
            out.append(d)
    return tuple(out)


def analyse(text: str, dictionary: DrugDictionary) -> Question:
    """Recognise drugs, facets and bodies in a question."""
    text = clean_question(text)
    found = dictionary.recognise_all(text)
    named = _stored_spelling(_lab_values(text, tuple(found.drugs)), dictionary)
    drugs = _dietary(_one_product(text, named))
    # a class named beside a drug is a second thing taken with it ("a water pill with lisinopril", "NSAIDs and
    # warfarin"): the pair asks about their interaction as two drugs would
    # (not the poison of an overdose the drug treats: "naloxone for a suspected opioid overdose")
    treated = " ".join(m.group(0).lower() for m in OVERDOSE_TREATED.finditer(text))
    taken = [c for c in found.classes if c.surface.lower() not in treated and c.canonical in TAKEN_CLASSES]
    fq = recognise_facets(text, names_drug=bool(drugs), n_drugs=len(drugs) + len(taken))
    if not drugs and found.classes and "interactions" in fq.facets:
        # "Are NSAIDs safe in kidney disease?": the class asked about is no second thing taken with it; the
        # interaction must be asked in the question's other words ("sleeping pills with alcohol")
        blank = text
        for c in found.classes:
            blank = blank.replace(c.surface, " " * len(c.surface))
        if "interactions" not in recognise_facets(blank, names_drug=False, n_drugs=len(found.classes)).facets:
            fq = replace(fq, facets=tuple(k for k in fq.facets if k != "interactions"))
    bodies = tuple(b for b, rx in BODIES.items() if rx.search(text))
    # the drug's own names are never the topic: "Invega (paliperidone)" recognises one drug under its brand, and
    # "paliperidone" was left as a condition ("No guideline addresses paliperidone in paliperidone")
    # (and the parts of a combination written as one: "tylenol" of "tylenol with codeine")
    drug_words = {w for d in named for n in (d.surface, d.canonical) for w in re.findall(r"\w+", n.lower())}
    own_names = _own_names(text, dictionary, named, drug_words)  # never the topic, still query words
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
    others = _unknown_drug_words(text, dictionary, drug_words | class_words, bodies)
    unknown_words = tuple(dict.fromkeys([w for w in (unknown,) if w] + others))
    return Question(text, drugs, fq.facets, fq.overview, bodies, terms, unknown, tuple(found.classes),
                    unknown_words, tuple(sorted(own_names)))


# Where the asking begins: a clause that opens with a question word ("I take metformin, lisinopril and aspirin. Can I
# take ibuprofen?", "My mother is on warfarin and digoxin; is it safe for her to take fluconazole?").
_ASKING_CLAUSE = re.compile(
    r"(?:^|[.;:!?]\s+|,\s*(?:but\s+|so\s+|and\s+)?|\b(?:but|so)\s+)"
    r"(?=(?:can|could|may|might|should|shall|is|are|am|does|do|did|will|would|what|how|which|when|why)\b)", re.I)


def asked_first(q: Question) -> tuple[DrugMatch, ...]:
    """The question's drugs with those of its asking clause first (the last clause that opens with a question word,
    to the end), the rest in question order: the drug a long question asks about is the one it names in its question
    ("... Can I take ibuprofen?"), not the medicines it lists before it (fix14v: a five-drug question left out the
    fifth, the one asked about)."""
    starts = [m.end() for m in _ASKING_CLAUSE.finditer(q.text)]
    at = max((s for s in starts if s < len(q.text)), default=0)
    end = q.text.find("?", at)
    tail = q.text[at:end + 1 if end >= 0 else len(q.text)].lower()
    asked = tuple(d for d in q.drugs if re.search(rf"\b{re.escape(d.surface.lower())}\b", tail))
    return asked + tuple(d for d in q.drugs if d not in asked)


# "dalteparin (Fragmin)", "Benicar HCT (olmesartan/hydrochlorothiazide)", "dutoprol (metoprolol/hctz)": a name and
# another name of the same product in brackets beside it.
_BRACKETED = re.compile(r"((?:[A-Za-z][\w-]*\s+){0,2}[A-Za-z][\w-]*)\s*\(([^()]{1,60})\)")
_NAME_TOKEN = re.compile(r"[A-Za-z][\w-]*")


def _own_names(text: str, dictionary: DrugDictionary, named: tuple[DrugMatch, ...], drug_words: set[str]) -> set[str]:
    """The words of the question that are other names of a drug it names (fix13m): the recogniser keeps one name per
    drug ("Fragmin" after "dalteparin" was left as the condition asked about: "No guideline addresses dalteparin in
    FDA-approved indications for dalteparin (Fragmin"), and a brand or suffix the dictionary lacks stands in brackets
    beside a name it knows ("Benicar HCT (olmesartan/...)", "Lomotil (diphenoxylate/atropine)")."""
    canonicals = {d.canonical for d in named}
    if not canonicals:
        return set()
    toks = [m.group() for m in _NAME_TOKEN.finditer(text)]
    # (a form, a salt or an everyday English word is no name of its own: "tablets", "er" and "mg" look up as the drug)
    formless = [not {w.lower(), w.lower().removesuffix("s")} & (FORM_WORDS | SALT_WORDS) for w in toks]
    # (a lone everyday word is no name: two words that name the drug are, "vitamin d")
    name_like = [ok and not is_ordinary_word(w.lower()) for w, ok in zip(toks, formless, strict=True)]
    out: set[str] = set()
    for n in (2, 1):
        for i in range(len(toks) - n + 1):
            gram = " ".join(toks[i:i + n])
            if len(gram) >= 3 and all(formless[i:i + n]) and (n == 2 or name_like[i]) \
                    and gram.lower() not in drug_words and dictionary.lookup(gram) in canonicals:
                out |= {w.lower() for w in toks[i:i + n]}  # "vitamin d": the whole name
    known = drug_words | out

    def coined(word: str) -> bool:
        """A name no English word list holds, written as a name ("Olinvyk", "dutoprol"; not "CKD" or "eGFR")."""
        return len(word) >= 4 and word[1:].islower() and not is_known_word(word.lower())

    def product_word(word: str) -> bool:
        # a suffix of the brand before the bracket: "HCT", "HFA", "XR"
        return word.lower() in known or coined(word) or (word.isupper() and len(word) <= 4)

    for m in _BRACKETED.finditer(text):
        before, inside = _NAME_TOKEN.findall(m.group(1)), _NAME_TOKEN.findall(m.group(2))
        run: list[str] = []
        for word in reversed(before):  # the name right before the bracket ("Parafon Forte", "Benicar HCT")
            if not (product_word(word) or (word[:1].isupper() and run and len(run) < 2)):
                break
            run.insert(0, word)
        while run and not product_word(run[0]):
            run.pop(0)
        if run and any(w.lower() in known for w in inside):
            out |= {w.lower() for w in run}
        # the other name in the bracket: one the dictionary knows with its suffix ("Benicar HCT"), or a coined word
        named_inside = any(w.lower() in known for w in inside)
        if any(w.lower() in known for w in run) and len(inside) <= 2 and all(
                coined(w) or (named_inside and product_word(w)) for w in inside):
            out |= {w.lower() for w in inside}
    return out


def _unknown_drug_words(text: str, dictionary: DrugDictionary, known_words: set[str],
                        bodies: tuple[str, ...]) -> list[str]:
    """Words anywhere in `text` that read as drug names no dictionary knows: in a drug slot ("X dose", "take X",
    "baclofen with X") or with a drug name's ending ("flibbertonib"), at least 5 letters, neither an English or
    medical word, nor a misspelling of an everyday word, nor a name the label dictionary or lexicon holds. Whether
    the corpus mentions them is the pipeline's check (it has the index)."""
    slotted = {g.lower() for m in _DRUG_SLOT_AFTER.finditer(text) for g in m.groups() if g}
    skip = known_words | {b.lower() for b in bodies}
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group(0).lower()
        if len(word) < 5 or word in skip or word in out:
            continue
        if word not in slotted and not _DRUG_STEM.search(word):
            continue
        if is_known_word(word) or dictionary.knows(word) or _typo_of_a_word(word):
            continue
        if "-" in word and all(is_known_word(part) for part in word.split("-")):  # "dementia-related"
            continue
        out.append(word)
    return out
