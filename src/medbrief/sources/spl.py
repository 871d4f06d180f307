"""DailyMed SPL XML (HL7 v3 `<document xmlns="urn:hl7-org:v3">`): one label version per file.

Every `<section>` with text becomes a `Section` carrying its LOINC code; nested sections are separate
Sections (a section's own text leaves out its subsections). Product data (names, ingredients, form,
route) comes from the SPL product data elements section.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from ..drugnames import canonical_names, product_heading
from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from .loinc import LABEL_SECTIONS
from .openfda import iso_date
from .xmltext import local_name, parse_xml, render_text

NAME = "spl"
SOURCE = "DailyMed"
HL7 = "urn:hl7-org:v3"
NS = {"v": HL7}
DAILYMED_URL = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}"

PACKAGE_LABEL = "51945-4"
PRODUCT_DATA = "48780-1"
_SKIP_CODES = frozenset({PACKAGE_LABEL, PRODUCT_DATA})
# Ingredient class codes of active ingredients (basis of strength: active ingredient / moiety / reference).
_ACTIVE_CLASSES = frozenset({"ACTIB", "ACTIM", "ACTIR"})
UNII_SYSTEM = "2.16.840.1.113883.4.9"  # FDA's Unique Ingredient Identifier (UNII) code system
# Children of a section that are not its narrative (nested sections live in <component>).
_NOT_NARRATIVE = frozenset({"component", "id", "code", "effectiveTime", "subject", "replacementOf"})

_HIGHLIGHTS_BOILERPLATE = re.compile(
    r"these highlights do not include all the information needed to use .*?"
    r"safely and effectively\.?",
    re.IGNORECASE | re.DOTALL,
)
_FULL_PI_SENTENCE = re.compile(r"see full prescribing information for .*?(?:\.(?=\s|$)|$)", re.IGNORECASE)
# Titles that say nothing about the product (OTC "Drug Facts" documents).
_GENERIC_TITLES = frozenset({"drug facts", "label", "package insert", "prescribing information"})
_INITIAL_APPROVAL = re.compile(r"initial u\.?\s?s\.? approval:?\s*\d{4}\.?", re.IGNORECASE)
_BULLET = re.compile(r"^[\W_]{0,3}$|^[oO]$")


def sniff(head: bytes, name: str) -> bool:
    """True for an HL7 v3 SPL document: a <document> root in the urn:hl7-org:v3 namespace."""
    if b"urn:hl7-org:v3" not in head or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"<":
        return False
    return re.search(rb"<(?:\w+:)?document[\s>]", head) is not None


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Yield the Document of one SPL file (a SkippedRecord when it has no setId)."""
    root = parse_xml(data, origin)
    if local_name(root) != "document" or not str(root.tag).startswith(f"{{{HL7}}}"):
        raise ParseError(f"{origin}: not an HL7 v3 SPL document (root <{local_name(root)}>)", origin=origin)
    set_id = _attr(root, "v:setId/@root")
    if not set_id:
        yield SkippedRecord(origin, "document/setId", f"{origin}: SPL document has no setId")
        return
    yield document_from_root(root, set_id, origin)


def document_from_root(root: etree._Element, set_id: str, origin: str = "") -> Document:
    """Build the Document of a parsed SPL <document> element."""
    products = _products(root)
    brands = _unique(p["name"] for p in products)
    main = [p for p in products if not p["part"]] or products
    generics = _unique(g for p in main for g in p["generics"]) or _unique(
        g for p in products for g in p["generics"]
    )
    substances = _unique(s for p in main for s in p["substances"]) or _unique(
        s for p in products for s in p["substances"]
    )
    uniis = _unique(u for p in main for u in p["uniis"]) or _unique(u for p in products for u in p["uniis"])
    forms = _unique(p["form"] for p in products)
    routes = _unique(
        str(r).strip() for r in root.xpath(f"{_product_sections()}//v:routeCode/@displayName", namespaces=NS)
    )
    effective = _attr(root, "v:effectiveTime/@value")
    meta: dict[str, Any] = {
        "set_id": set_id,
        "spl_id": _attr(root, "v:id/@root"),
        "brand_names": brands,
        "generic_names": generics,
        "substance_names": substances,
        "unii": uniis,
        "manufacturer": _text_of(root, "v:author/v:assignedEntity/v:representedOrganization/v:name"),
        "route": routes,
        "dosage_form": forms[0] if forms else None,
        "effective_time": effective,
        "document_type": _attr(root, "v:code/@displayName"),
    }
    return Document(
        id=f"label:{set_id}",
        tier="label",
        title=_title(root, brands, generics, forms),
        source=SOURCE,
        sections=tuple(_sections(root)),
        url=DAILYMED_URL.format(set_id=set_id),
        date=iso_date(effective),
        version=_attr(root, "v:versionNumber/@value"),
        drugs=canonical_names(generics or substances),
        meta=meta,
        origin=origin,
    )


def _product_sections() -> str:
    """XPath of the product data elements sections."""
    return f"//v:section[v:code/@code='{PRODUCT_DATA}']"


def _products(root: etree._Element) -> list[dict[str, Any]]:
    """Name, generic names, active substances and form of every listed product (and kit part)."""
    path = (
        f"{_product_sections()}//v:subject/v:manufacturedProduct/*"
        "[self::v:manufacturedProduct or self::v:manufacturedMedicine] | "
        f"{_product_sections()}//v:part/v:partProduct"
    )
    out: list[dict[str, Any]] = []
    for prod in root.xpath(path, namespaces=NS):
        generics = [_clean(n) for n in prod.xpath("v:asEntityWithGeneric/v:genericMedicine/v:name", namespaces=NS)]
        actives = [ing for ing in prod.xpath("v:ingredient", namespaces=NS) if ing.get("classCode") in _ACTIVE_CLASSES]
        active = [_clean(n) for ing in actives for n in ing.xpath("v:ingredientSubstance/v:name", namespaces=NS)]
        # the ingredient substance's UNII (as openFDA's openfda.unii: the salt, "B53E3NMY5C" tizanidine
        # hydrochloride), not its active moiety's
        uniis = [str(c).strip() for ing in actives
                 for c in ing.xpath(f"v:ingredientSubstance/v:code[@codeSystem='{UNII_SYSTEM}']/@code", namespaces=NS)]
        # Older SPL (before 2009) lists actives as activeIngredient/activeIngredientSubstance.
        active += [
            _clean(n) for n in prod.xpath("v:activeIngredient/v:activeIngredientSubstance/v:name", namespaces=NS)
        ]
        uniis += [str(c).strip() for c in prod.xpath(
            f"v:activeIngredient/v:activeIngredientSubstance/v:code[@codeSystem='{UNII_SYSTEM}']/@code", namespaces=NS)]
        out.append(
            {
                "name": _text_of(prod, "v:name") or "",
                "generics": [g for g in generics if g],
                "substances": [a for a in active if a],
                "uniis": [u for u in uniis if u],
                "form": str(prod.xpath("string(v:formCode/@displayName)", namespaces=NS)).strip(),
                "part": local_name(prod) == "partProduct",
            }
        )
    return out


def _title(root: etree._Element, brands: list[str], generics: list[str], forms: list[str]) -> str:
    """Document title without the Highlights boilerplate; product names when the title is empty."""
    title_el = root.find(f"{{{HL7}}}title")
    lines = render_text(title_el).split("\n") if title_el is not None else []
    kept: list[str] = []
    for line in lines:
        # Line by line: the boilerplate sentence may lack its final period before a <br/>.
        line = _HIGHLIGHTS_BOILERPLATE.sub(" ", line)
        line = _FULL_PI_SENTENCE.sub(" ", line)
        line = _INITIAL_APPROVAL.sub(" ", line)
        line = re.sub(r"\s+", " ", line).strip(" .;")
        if line:
            kept.append(line)
    text = " ".join(kept)
    if text and text.lower() not in _GENERIC_TITLES:
        return text
    head = product_heading(brands, generics)
    form = forms[0].lower() if forms else ""
    return f"{head} {form}".strip() or text or "SPL label"


UNCLASSIFIED = "42229-5"


def _sections(root: etree._Element) -> Iterator[Section]:
    """Every section with narrative text, in document order, package labels and product data left out."""
    for sec in root.iter(f"{{{HL7}}}section"):
        code = _attr(sec, "v:code/@code")
        if code in _SKIP_CODES or _inside_skipped(sec):
            continue
        title_el = sec.find(f"{{{HL7}}}title")
        title = render_text(title_el, inline=True) if title_el is not None else ""
        text = section_text(sec)
        body = text[len(title) :].strip() if title and text.startswith(title) else text
        if not body:
            continue
        display = _attr(sec, "v:code/@displayName")
        name = title or LABEL_SECTIONS.get(code or "", "") or _display_name(display) or "Section"
        yield Section(name=name, text=text, code=_effective_code(sec, code))


def _effective_code(sec: etree._Element, code: str | None) -> str | None:
    """PLR subsections ('2.2 Recommended Dosage') are coded 'SPL unclassified' (42229-5) or not at all: they
    belong to their parent's section (34068-7 Dosage & Administration), which is what readers look them up by."""
    if code and code != UNCLASSIFIED:
        return code
    for anc in sec.iterancestors(f"{{{HL7}}}section"):
        anc_code = _attr(anc, "v:code/@code")
        if anc_code and anc_code != UNCLASSIFIED:
            return anc_code
    return code


def section_text(sec: etree._Element) -> str:
    """A section's own text (title first, then highlights excerpt and narrative), without subsections."""
    shallow = etree.Element(sec.tag)
    for child in sec:
        if isinstance(child.tag, str) and local_name(child) not in _NOT_NARRATIVE:
            shallow.append(copy.deepcopy(child))
    for item in shallow.iter(f"{{{HL7}}}item"):
        _bullet_item(item)
    return render_text(shallow)


def _bullet_item(item: etree._Element) -> None:
    """Replace a list item's bullet caption ('•', 'o', '-') by a '- ' prefix; keep real captions."""
    first = item[0] if len(item) else None
    marker = "- "
    if first is not None and local_name(first) == "caption" and not (item.text or "").strip():
        caption = render_text(first, inline=True)
        if not _BULLET.match(caption):
            marker = f"{caption} "
        tail = first.tail or ""
        item.remove(first)
        item.text = marker + tail.lstrip()
        return
    item.text = marker + (item.text or "").lstrip()


def _inside_skipped(sec: etree._Element) -> bool:
    """True when an ancestor section is a package label or product data section."""
    return any(_attr(anc, "v:code/@code") in _SKIP_CODES for anc in sec.iterancestors(f"{{{HL7}}}section"))


def _display_name(display: str | None) -> str:
    """'DOSAGE & ADMINISTRATION SECTION' -> 'Dosage & Administration'."""
    if not display:
        return ""
    name = re.sub(r"\s+section$", "", display.strip(), flags=re.IGNORECASE)
    return name.title()


def _attr(el: etree._Element, path: str) -> str | None:
    """First value of an attribute XPath, stripped, or None."""
    values = el.xpath(path, namespaces=NS)
    for v in values:
        s = str(v).strip()
        if s:
            return s
    return None


def _text_of(el: etree._Element, path: str) -> str | None:
    """Clean text of the first element an XPath finds, or None."""
    for found in el.xpath(path, namespaces=NS):
        text = _clean(found)
        if text:
            return text
    return None


def _clean(el: etree._Element) -> str:
    """All text of an element on one line."""
    return render_text(el, inline=True)


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, first occurrence kept."""
    return list(dict.fromkeys(v for v in values if v))

