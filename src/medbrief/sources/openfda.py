"""openFDA drug label JSON: API responses, bare record lists, JSON Lines and single records.

One `Document` per label record (`label:<set_id>`), one `Section` per label text field in the
record's own order (openFDA keeps the label's document order: boxed warning, indications, dosage ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..drugnames import canonical_names, product_heading
from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import oversized
from .loinc import field_code, section_name
from .markup import repair_flattened_powers
from .tables import TABLES_SUFFIX
from .xmltext import clean_text, render_text

NAME = "openfda"
SOURCE = "openFDA"
DAILYMED_URL = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={set_id}"

# Keys that only openFDA label records carry; two of them in the head make a label file.
_LABEL_KEYS = (
    b'"set_id"', b'"effective_time"', b'"openfda"', b'"spl_product_data_elements"',
    b'"indications_and_usage"', b'"dosage_and_administration"', b'"adverse_reactions"',
    b'"package_label_principal_display_panel"', b'"boxed_warning"', b'"spl_id"',
)
# Identity and packaging fields: not label text.
_NON_TEXT_FIELDS = frozenset(
    {
        "set_id", "id", "version", "effective_time", "openfda", "spl_product_data_elements",
        "package_label_principal_display_panel", "spl_indexing_data_elements", "route",
        "components",
    }
)
_TABLE_SUFFIX = "_table"
_HTML_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)

# Dosage-form words looked for in the package label to finish a title ("... tablet").
_FORM_RE = re.compile(
    r"\b(tablets?|capsules?|injection|injectable|oral solution|oral suspension|solution|suspension|"
    r"cream|ointment|gel|lotion|patch|spray|inhaler|aerosol|powder|granules|syrup|elixir|"
    r"suppositor(?:y|ies)|film|lozenges?|foam|shampoo|drops|kit|implant|pellets?)\b",
    re.IGNORECASE,
)
_PANEL_PREFIX = re.compile(r"^(?:package label[.\s-]*principal display panel[\s:-]*)+", re.IGNORECASE)


def sniff(head: bytes, name: str) -> bool:
    """True when the head is a JSON object/array/lines holding openFDA drug label keys."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start not in (b"{", b"["):
        return False
    found = sum(1 for key in _LABEL_KEYS if key in head)
    if found >= 2:
        return True
    # An openFDA API envelope whose records are too big to show their keys in the head.
    return b"open.fda.gov" in head and b'"results"' in head


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Yield one Document per label record; a record without set_id becomes a SkippedRecord."""
    records = list(_records(data, origin))
    several = len(records) > 1
    for position, record in records:
        if isinstance(record, SkippedRecord):
            yield record
            continue
        if not isinstance(record, dict):
            yield SkippedRecord(origin, position, f"{origin} {position}: not a JSON object")
            continue
        too_big = oversized(record, origin, position)
        if too_big is not None:
            yield too_big
            continue
        set_id = record.get("set_id")
        if not isinstance(set_id, str) or not set_id.strip():
            yield SkippedRecord(origin, position, f"{origin} {position}: label record has no set_id")
            continue
        where = f"{origin}#{position}" if several else origin
        yield record_to_document(record, where)


def _records(data: bytes, origin: str) -> Iterator[tuple[str, Any]]:
    """(position, record) pairs from any of the four layouts; unreadable lines as SkippedRecords."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{origin}: openFDA JSON is not UTF-8: {exc}", origin=origin) from exc
    if not text.strip():
        raise ParseError(f"{origin}: empty openFDA JSON file", origin=origin)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield from _json_lines(text, origin, exc)
        return
    del text  # parsed: holding the decoded copy as well would double the memory of a large file
    if isinstance(doc, dict) and "results" in doc:
        results = doc["results"]
        if not isinstance(results, list):
            raise ParseError(f"{origin}: openFDA 'results' is not a list", origin=origin)
        for i, rec in enumerate(results):
            yield f"results[{i}]", rec
    elif isinstance(doc, list):
        for i, rec in enumerate(doc):
            yield f"[{i}]", rec
    elif isinstance(doc, dict):
        yield "record", doc
    else:
        raise ParseError(f"{origin}: JSON is neither a label record nor a list of them", origin=origin)


def _json_lines(text: str, origin: str, whole_error: json.JSONDecodeError) -> Iterator[tuple[str, Any]]:
    """Records of a JSON Lines file; a file whose first record fails is broken as a whole."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    first = True
    for n, line in lines:
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            if first:
                # Not JSON Lines either: report the whole-file error (truncated or malformed JSON).
                raise ParseError(
                    f"{origin}: malformed or truncated JSON: {whole_error}", origin=origin
                ) from whole_error
            yield f"line {n}", SkippedRecord(origin, f"line {n}", f"{origin} line {n}: bad JSON: {exc}")
            continue
        first = False
        yield f"line {n}", rec


def record_to_document(rec: dict[str, Any], origin: str = "") -> Document:
    """Turn one openFDA label record (with set_id) into a Document."""
    set_id = str(rec["set_id"]).strip()
    of = rec.get("openfda") if isinstance(rec.get("openfda"), dict) else {}
    brands = _strings(of.get("brand_name"))
    generics = _strings(of.get("generic_name"))
    substances = _strings(of.get("substance_name"))
    product_brand, product_generic = _product_names(rec)
    if not generics and product_generic:
        generics = [product_generic]
    if not brands and product_brand:
        brands = [product_brand]
    drugs = canonical_names(generics or substances)
    effective = _first_string(rec.get("effective_time"))
    form = _dosage_form(rec)
    meta: dict[str, Any] = {
        "set_id": set_id,
        "spl_id": _first_string(rec.get("id")),
        "brand_names": brands,
        "generic_names": generics,
        "substance_names": substances,
        "manufacturer": _first_string(of.get("manufacturer_name")),
        "route": _strings(of.get("route")),
        "product_type": _first_string(of.get("product_type")),
        "effective_time": effective,
        "rxcui": _strings(of.get("rxcui")),
        # the ingredient substances' UNII codes (openfda.unii: "B53E3NMY5C" is tizanidine hydrochloride)
        "unii": _strings(of.get("unii")),
    }
    if form:
        meta["dosage_form"] = form
    for kind in ("pharm_class_epc", "pharm_class_moa"):
        # the pharmacologic classes ("Angiotensin Converting Enzyme Inhibitor [EPC]"): another label names the drug
        # by them ("Do not use with ... angiotensin-converting enzyme inhibitors"); only when openFDA gives them
        classes = _strings(of.get(kind))
        if classes:
            meta[kind] = classes
    if not of:
        meta["openfda_missing"] = True
    return Document(
        id=f"label:{set_id}",
        tier="label",
        title=_title(brands, generics, form, rec, set_id),
        source=SOURCE,
        sections=tuple(_sections(rec)),
        url=DAILYMED_URL.format(set_id=set_id),
        date=iso_date(effective),
        version=_first_string(rec.get("version")),
        drugs=drugs,
        meta=meta,
        origin=origin,
    )


def _sections(rec: dict[str, Any]) -> Iterator[Section]:
    """One Section per text field, in record order, each followed by its `*_table` field's tables as a Section of
    the same name and code. openFDA's text fields hold their tables flattened (cells run together with no marks:
    "Indication Initial Dose Maximum Dose Schizophrenia-Adults ( 2.2 ) 25 mg ..."), so the tables are read again
    from the HTML, rows apart from the header (tables.py), where a reader can quote a row with its header."""
    for field, value in rec.items():
        if field in _NON_TEXT_FIELDS:
            continue
        if field.endswith(_TABLE_SUFFIX):
            base = field[: -len(_TABLE_SUFFIX)]
            if base in rec or base in _NON_TEXT_FIELDS:
                continue  # read right after its text field
            yield from _section(base, "\n".join(html_table_text(t) for t in _strings(value)))
            continue
        yield from _section(field, "\n".join(_strings(value)))
        tables = rec.get(field + _TABLE_SUFFIX)
        if tables:
            yield from _section(field, "\n".join(html_table_text(t) for t in _strings(tables)), TABLES_SUFFIX)


def _section(field: str, text: str, suffix: str = "") -> Iterator[Section]:
    text = clean_text(repair_flattened_powers(text))  # '50 x 109/L' -> '50 x 10^9/L' (markup.py)
    if text:
        code = field_code(field)
        yield Section(name=section_name(code, field.replace("_", " ").capitalize()) + suffix, text=text, code=code)


def html_table_text(html: str) -> str:
    """Flatten an openFDA `*_table` HTML fragment to text rows ('cell | cell')."""
    try:
        root = etree.fromstring(f"<div>{html}</div>", _HTML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    if root is None:
        return ""
    return render_text(root)


def iso_date(value: str | None) -> str | None:
    """'20260401' -> '2026-04-01' ('202604' -> '2026-04', '2026' -> '2026'); None when not a date."""
    if not value:
        return None
    digits = value.strip()
    if not digits.isdigit():
        return None
    if len(digits) >= 8:
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"
    if len(digits) == 6:
        return f"{digits[:4]}-{digits[4:6]}"
    if len(digits) == 4:
        return digits
    return None


def _title(brands: list[str], generics: list[str], form: str | None, rec: dict[str, Any], set_id: str) -> str:
    """'LIPITOR (atorvastatin calcium) tablet' style; package-label words when names are missing."""
    head = product_heading(brands, generics)
    if head:
        return f"{head} {form}" if form and form.lower() not in head.lower() else head
    panel = clean_text(" ".join(_strings(rec.get("package_label_principal_display_panel"))))
    panel = _PANEL_PREFIX.sub("", panel).strip()
    words = panel.split()[:8]
    return " ".join(words) if words else f"openFDA label {set_id}"


def _dosage_form(rec: dict[str, Any]) -> str | None:
    """First dosage-form word of the package label (or dosage forms section), singular, lower case."""
    for field in ("package_label_principal_display_panel", "dosage_forms_and_strengths", "how_supplied"):
        match = _FORM_RE.search(" ".join(_strings(rec.get(field))))
        if match:
            form = match.group(1).lower()
            if form.endswith("ies"):
                return form[:-3] + "y"
            return form[:-1] if form.endswith("s") and form not in ("granules", "drops") else form
    return None


def _product_names(rec: dict[str, Any]) -> tuple[str | None, str | None]:
    """(brand, generic) from spl_product_data_elements: '<brand> <generic> <SUBSTANCE UPPER> ...'.

    First choice: a run of words immediately repeated in upper case (the generic name followed by
    the active substance name). Otherwise: the words between the first word (the brand) and the
    first upper-case run (the substance names). Only used when the `openfda` block is missing.
    """
    text = " ".join(_strings(rec.get("spl_product_data_elements")))
    words = text.split()[:200]
    for i in range(len(words)):
        for size in range(1, min(6, (len(words) - i) // 2) + 1):
            run = words[i : i + size]
            if not any(ch.islower() for w in run for ch in w):
                continue
            if [w.upper() for w in run] == words[i + size : i + 2 * size]:
                return " ".join(words[:i]) or None, _dedupe_words(run)
    upper = [i for i, w in enumerate(words) if i > 0 and _is_upper_word(w)]
    if upper and 1 < upper[0] <= 9:
        return words[0], " ".join(words[1 : upper[0]])
    return None, None


def _dedupe_words(words: list[str]) -> str:
    """Join words, dropping case-insensitive immediate repeats ('Tacrolimus Tacrolimus' -> 'Tacrolimus')."""
    out: list[str] = []
    for word in words:
        if not out or out[-1].lower() != word.lower():
            out.append(word)
    return " ".join(out)


def _is_upper_word(word: str) -> bool:
    """An all-capitals word of at least three letters (substance names are upper case)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)



def _strings(value: Any) -> list[str]:
    """A str or list of str as a de-duplicated list of non-empty stripped strings."""
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    else:
        return []
    return list(dict.fromkeys(v.strip() for v in items if v.strip()))


def _first_string(value: Any) -> str | None:
    """The first string of a str/list value, or None."""
    items = _strings(value)
    return items[0] if items else None
