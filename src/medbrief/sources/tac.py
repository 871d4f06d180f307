"""TAC 2017 ADR label XML (NLM): `<Label drug="brand" track="TAC2017_ADR"><Text><Section name=...>`.

The files carry only the brand and three sections (adverse reactions, warnings and precautions, boxed
warning) as plain text; annotation blocks (<Mentions>, <Relations>, <Reactions>) are ignored. The
ingredient is recovered from what the text says (e.g. "LIORESAL INTRATHECAL (baclofen injection)");
when the text does not name it clearly the Document has no drugs and `meta["drug_unresolved"]`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from lxml import etree

from ..drugnames import SALT_WORDS, canonical_drug_name
from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from .markup import repair_flattened_powers
from .xmltext import local_name, parse_xml, render_text

NAME = "tac"
SOURCE = "TAC 2017"
# The evidence that only proposes an ingredient: a brand another label (or the lexicon) names comes first.
WEAK_EVIDENCE = "salt/form"

SECTION_CODES: dict[str, tuple[str, str]] = {
    "adverse reactions": ("34084-4", "Adverse Reactions"),
    "boxed warnings": ("34066-1", "Boxed Warning"),
    "boxed warning": ("34066-1", "Boxed Warning"),
    "warnings and precautions": ("43685-7", "Warnings and Precautions"),
    "warnings": ("34071-1", "Warnings"),
    "precautions": ("42232-9", "Precautions"),
}

_ROOT_LABEL = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<Label\b[^>]*>", re.DOTALL
)
_BULLET_LINE = re.compile(r"^\s*[*\u2022]\s+")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_PAREN_SPACES = re.compile(r"[([]\s+|\s+[)\]]")
# Dose and count noise inside a parenthesis: "(30 mg Ulipristal Acetate)", "(umeclidinium/vilanterol 62.5 mcg)".
_DOSE = re.compile(
    r"\b\d[\d.,]*\s*(?:(?:mg|mcg|g|ml|units?)\b|%)(?:\s*/\s*(?:ml|kg|day|hr|h|dose|actuation|m2)\b)?", re.IGNORECASE
)
# Endings of disease and finding words ("steatosis", "gastric hemorrhage"), not of ingredient names.
_FINDING_ENDING = re.compile(r"(?:ic|ia|osis|itis|age|ions?|ence|ance)$")
# Words that start or make up a parenthesis that is not an ingredient name.
_NOT_INGREDIENT = frozenset(
    """
    see n the a an and or of with without in on at to for from by than as vs versus e g i ie eg
    including approximately range mean median total overall incidence up patients patient subjects
    subject population safety term terms preferred trial trials study studies group groups arm arms
    placebo pooled dose doses dosing daily once twice loading day days week weeks month months year
    grade stage table figure section hepatic renal serum blood monotherapy combination adjunctive alone
    iv sc im respectively overdose potentially reported above below more less most open label controlled intravenous
    subcutaneous oral sequential alternating time lowest highest higher lower other others all both
    only also which that these this those it its is are was were be been when if not no any each
    """.split()
)
# Salt and product-form words that follow an ingredient name ("tizanidine hydrochloride", "Tizanidine Tablets").
# Electrolyte salts are left out: "serum potassium", "monitor sodium" are lab values, not products.
_ELECTROLYTES = frozenset("sodium potassium calcium magnesium chloride bromide phosphate disodium".split())
_ADJACENT = "|".join(
    sorted(SALT_WORDS - _ELECTROLYTES) + "tablets tablet capsules capsule injection patch".split()
)
_ADJACENCY = re.compile(rf"\b([A-Za-z][a-z-]{{3,}})\s+(?:{_ADJACENT})\b", re.IGNORECASE)
# Broader list for checking a generic-named label ("heparin sodium", "morphine sulfate oral solution").
_ADJACENT_ANY = "|".join(
    sorted(SALT_WORDS - {"and"}) + "tablets tablet capsules capsule injection patch solution buccal".split()
)
_ADJACENCY_ANY = re.compile(rf"\b([A-Za-z][a-z-]{{3,}})\s+(?:{_ADJACENT_ANY})\b", re.IGNORECASE)
# English word endings that ingredient names rarely have ("chewable", "intravitreal", "delayed", "after").
_ENGLISH_ENDING = re.compile(r"(?:able|ible|al|ar|ed|ing|ly|ive|ous|er|ary|ment|ness|ity|ions?|release)$")


def sniff(head: bytes, name: str) -> bool:
    """True for a TAC 2017 label: a <Label drug=...> root (track TAC2017_ADR) with <Section name=...>."""
    # The root element must be <Label ...>: prose that merely mentions the format is not a label.
    match = _ROOT_LABEL.match(head)
    if match is None:
        return False
    return b"TAC2017" in match.group(0) or (b"drug=" in match.group(0) and b"<Section" in head)


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Yield the Document of one TAC label file."""
    root = parse_xml(data, origin)
    if local_name(root) != "Label":
        raise ParseError(f"{origin}: not a TAC 2017 label (root <{local_name(root)}>)", origin=origin)
    drug_attr = (root.get("drug") or "").strip()
    if not drug_attr:
        yield SkippedRecord(origin, "Label/@drug", f"{origin}: TAC label has no drug attribute")
        return
    sections = tuple(_sections(root))
    if not sections:
        yield SkippedRecord(origin, "Label/Text", f"{origin}: TAC label has no section text")
        return
    yield build_document(drug_attr, sections, origin)


def build_document(drug_attr: str, sections: tuple[Section, ...], origin: str) -> Document:
    """Document for a TAC label: id from the file stem, ingredient from the text."""
    stem = _stem(origin) or drug_attr
    brand = re.sub(r"\d+$", "", drug_attr).strip() or drug_attr
    text = " ".join(s.text for s in sections)
    flat = _SPACES.sub(" ", text.replace("\n", " "))
    ingredient = resolve_ingredient(brand, flat)
    meta: dict[str, object] = {"brand_names": [brand.upper()], "tac_drug": drug_attr}
    if ingredient is None:
        meta["drug_unresolved"] = True
    else:
        meta["drug_evidence"] = ingredient[1]
    if ingredient is not None and ingredient[1] == WEAK_EVIDENCE:
        # a salt/form word after a name is as often a trial's comparator ("abacavir sulfate and lamivudine tablets"
        # in TIVICAY's trials): the brand as other labels know it wins at ingest (ingest._resolve_brands)
        meta["drug_candidate"] = ingredient[0]
        ingredient = None
    return Document(
        id=f"label:tac2017/{stem.lower()}",
        tier="label",
        title=_title(brand, flat),
        source=SOURCE,
        sections=sections,
        url=None,
        date=None,
        version=None,
        drugs=(ingredient[0],) if ingredient else (),
        meta=meta,
        origin=origin,
    )


def _sections(root: etree._Element) -> Iterator[Section]:
    """The <Text>/<Section> elements as Sections (annotation blocks are ignored)."""
    for sec in root.iter("Section"):
        label = (sec.get("name") or "").strip().lower()
        text = clean_tac_text(render_text(sec, keep_newlines=True))
        if not text:
            continue
        code, name = SECTION_CODES.get(label, (label or None, label.title() or "Section"))
        yield Section(name=name, text=text, code=code)


def clean_tac_text(raw: str) -> str:
    """Collapse spaces, keep one line per paragraph/bullet, turn ' *  item' bullets into '- item'."""
    lines: list[str] = []
    for line in raw.split("\n"):
        bullet = _BULLET_LINE.match(line) is not None
        line = _BULLET_LINE.sub("", line)
        line = _PAREN_SPACES.sub(lambda m: m.group(0).strip(), _SPACES.sub(" ", line)).strip()
        line = repair_flattened_powers(line)  # '0.03 x 106/mm3' -> '0.03 x 10^6/mm3' (markup.py)
        if line:
            lines.append(f"- {line}" if bullet else line)
    return "\n".join(lines)


def resolve_ingredient(brand: str, text: str) -> tuple[str, str] | None:
    """(canonical ingredient, evidence) named by the text for `brand`, or None.

    In order: "BRAND [words] (generic form)"; the brand itself used as a lower-case common noun
    (a label filed under its generic name, e.g. "oxycodone"); a word repeatedly followed by a salt
    or form word ("tizanidine hydrochloride", "Tizanidine Tablets").
    """
    found = _from_parenthesis(brand, text)
    if found:
        return found, "parenthesis"
    if _brand_is_generic(brand, text):
        partner = _combination_partner(brand, text)
        if partner:  # a file titled "TRAMADOL" about "Tramadol HCl 37.5 mg/Acetaminophen 325 mg" tablets
            return canonical_drug_name(f"{brand} and {partner}"), "generic name, combination"
        return canonical_drug_name(brand), "generic name"
    found = _from_adjacency(brand, text)
    if found:
        return found, WEAK_EVIDENCE
    return None


def _combination_partner(generic: str, text: str) -> str | None:
    """The second ingredient of a combination product filed under one generic name: the word written at least twice
    right after the name (its salt and strength between them) with "/" or "and" ("Tramadol HCl 37.5
    mg/Acetaminophen 325 mg", "tramadol HCl and acetaminophen"), not an ordinary word ("tramadol and other
    opioids", "... and alcohol"); None when there is none."""
    pattern = (rf"\b{re.escape(generic)}(?:\s+(?:hcl|hydrochloride|[a-z]+ate|sodium|potassium))?"
               r"(?:\s+[\d.]+\s*mg)?\s*(?:/|\band\b)\s*([A-Za-z]{5,})\b")
    counts = Counter(m.group(1).lower() for m in re.finditer(pattern, text, re.IGNORECASE))
    for word, n in counts.most_common(1):
        if n >= 2 and word not in _NOT_INGREDIENT and word not in _NOT_PARTNER and word not in SALT_WORDS \
                and not _ENGLISH_ENDING.search(word):
            return word
    return None


# Words after "<drug> and" that name no second ingredient.
_NOT_PARTNER = frozenset("alcohol other others opioids opioid similar related another their these those with".split())


def _from_parenthesis(brand: str, text: str) -> str | None:
    """Ingredient in 'BRAND [up to 3 words] (ingredient [form])'."""
    # Words between the brand and the parenthesis extend the brand ("INTRATHECAL", "ELLIPTA"): capitalised.
    pattern = rf"\b(?i:{re.escape(brand)})\b(?:[\s-]+[A-Z][A-Za-z]*){{0,3}}?\s*[®™]?\s*\(([^()]{{3,80}})\)"
    for match in re.finditer(pattern, text):
        content = re.sub(r"\s*/\s*", "/", _DOSE.sub(" ", match.group(1))).strip("/ ")
        if re.search(r"[\d%=<>\[\];:]", content) or brand.lower() in content.lower():
            continue
        words = [w.strip(",.") for w in content.split() if w.strip(",.")]
        if not words or len(words) > 6 or not re.search("[a-z]", content):
            continue
        if any(w.lower() in _NOT_INGREDIENT for w in words if w.lower() != "and"):
            continue
        if not all(re.fullmatch(r"[A-Za-z][A-Za-z-]*(?:/[A-Za-z][A-Za-z-]*)*", w) for w in words):
            continue
        if any(_is_pronunciation(w) for w in words):
            continue
        if _FINDING_ENDING.search(words[0].lower().split("/")[0]):
            continue
        if len(words) > 2 and all(w[0].isupper() for w in words if w.lower() != "and"):
            continue  # a capitalised phrase ("Risk Evaluation and Mitigation Strategy")
        name = canonical_drug_name(" ".join(words))
        if name and len(name.replace(" ", "")) >= 4:
            return name
    return None


def _is_pronunciation(word: str) -> bool:
    """'mor-feen', 'ser-tra-line': a pronunciation guide, not a name."""
    parts = word.split("-")
    return len(parts) >= 2 and all(len(p) <= 5 for p in parts)


def _brand_is_generic(brand: str, text: str) -> bool:
    """The label is filed under its generic name: the name is written in lower case in running text
    (outside web addresses) and at least once followed by a salt or form word."""
    if len(brand) < 4:
        return False
    lower = re.findall(rf"(?<![\w./@-]){re.escape(brand.lower())}(?![\w@-]|\.\w)", text)
    if len(lower) >= 3:
        return True
    return bool(lower) and any(m.group(1).lower() == brand.lower() for m in _ADJACENCY_ANY.finditer(text))


def _from_adjacency(brand: str, text: str) -> str | None:
    """The word most often followed by a salt/form word, when it recurs (at least twice so).

    Words that extend the brand ("MS CONTIN tablets") and ordinary English words are left out.
    """
    brand_tails = {
        m.group(1).lower() for m in re.finditer(rf"\b{re.escape(brand)}[\s-]+([A-Za-z]+)", text, re.IGNORECASE)
    }
    counts: Counter[str] = Counter()
    for match in _ADJACENCY.finditer(text):
        word = match.group(1).lower()
        if (
            word == brand.lower()
            or word in _NOT_INGREDIENT
            or word in SALT_WORDS
            or word in brand_tails
            or len(word) < 5
            or _ENGLISH_ENDING.search(word)
        ):
            continue
        counts[word] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return canonical_drug_name(ranked[0][0])


def _title(brand: str, text: str) -> str:
    """First 'BRAND [words] (generic ...)' mention as written, else the brand in capitals."""
    pattern = rf"\b(?i:{re.escape(brand)})\b(?:[\s-]+[A-Z][A-Za-z]*){{0,3}}?\s*[®™]?\s*\([^()]{{3,80}}\)"
    for match in re.finditer(pattern, text):
        if _from_parenthesis(brand, match.group(0)):
            return match.group(0)
    return brand.upper()


def _stem(origin: str) -> str:
    """File stem of the final path component ('a.zip!x/LIORESAL.xml' -> 'LIORESAL')."""
    last = re.split(r"[!/\\]", origin)[-1] if origin else ""
    return PurePosixPath(last).stem
