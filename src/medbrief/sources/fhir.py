"""FHIR R4 PlanDefinition JSON (computable guideline recommendations), alone or inside a Bundle.

Modelled on the CDC 2022 opioid guideline IG (cqframework/opioid-cds-r4): `description` holds the
verbatim recommendation, `action[]` the CDS card texts, and each card carries the grading as the
standard extensions `cqf-strengthOfRecommendation` (strong/weak) and `cqf-qualityOfEvidence`
(high/moderate/low/very-low). For CDC those are the guideline's recommendation category (A/B) and
evidence type (1-4): the IG pages of the same guide give exactly that pairing for all 12 recs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import oversized
from .freetext import decode_text, markdown_inline, paragraphs_text, slugify
from .xmltext import clean_text, parse_xml, render_text

NAME = "fhir"

_RESOURCE_TYPE = re.compile(rb'"resourceType"\s*:\s*"([A-Za-z]+)"')
_WANTED = (b"PlanDefinition", b"Bundle")
_STRENGTH_URL = "cqf-strengthOfRecommendation"
_QUALITY_URL = "cqf-qualityOfEvidence"
# CDC 2022 guideline: category A = strong, B = weak; evidence type 1-4 = GRADE high .. very low.
_CDC_CATEGORY = {"strong": "A", "weak": "B"}
_CDC_EVIDENCE = {"high": "1", "moderate": "2", "low": "3", "very-low": "4", "very low": "4"}
_LONG_BODY_NAMES = {
    "centers for disease control and prevention": "CDC",
    "u.s. preventive services task force": "USPSTF",
    "us preventive services task force": "USPSTF",
    "world health organization": "WHO",
    "national institute for health and care excellence": "NICE",
}
_TRAILING_ABBREV = re.compile(r"\(([A-Z][A-Za-z&./-]{1,15})\)\s*$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_REC_TITLE = re.compile(r"^\s*Recommendations?\s*((?:#?\d+[\s,&]*(?:and\s+)?)+)(?:\s*[-:–]\s*(.*))?$", re.I)
_REC_NAME = re.compile(r"Recommendations?[_\s-]*((?:\d+[_\s-]*)+)", re.I)
_REC_CODING_ID = re.compile(r"recommendation-(\d+)-", re.I)


def sniff(head: bytes, name: str) -> bool:
    """A JSON object whose (top-level) resourceType is PlanDefinition or Bundle."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"{"):
        return False
    if len(head) < 65536:  # the whole file: decide on the top-level key, not a contained resource
        try:
            obj = json.loads(stripped.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            obj = None
        if isinstance(obj, dict):
            return obj.get("resourceType") in ("PlanDefinition", "Bundle")
    match = _RESOURCE_TYPE.search(stripped)  # resourceType is conventionally the first key
    return match is not None and match.group(1) in _WANTED


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Documents from a PlanDefinition, a Bundle of resources, or NDJSON of either."""
    text = decode_text(data, origin, latin1_fallback=False)
    for obj, position in _json_objects(text, origin):
        rtype = obj.get("resourceType")
        too_big = oversized(obj, origin, position) if rtype == "PlanDefinition" else None
        if too_big is not None:
            yield too_big
        elif rtype == "PlanDefinition":
            yield plan_document(obj, origin, position)
        elif rtype == "Bundle":
            yield from _bundle_items(obj, origin, position)
        else:
            raise ParseError(
                f"{origin}: resourceType {rtype!r} is not a PlanDefinition or Bundle", origin=origin, position=position
            )


def _json_objects(text: str, origin: str) -> Iterator[tuple[dict[str, Any], str | None]]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise ParseError(f"{origin}: malformed FHIR JSON: {exc}", origin=origin) from exc
        yield from _ndjson_objects(text, origin)
        return
    if not isinstance(obj, dict):
        raise ParseError(f"{origin}: FHIR JSON must be an object, got {type(obj).__name__}", origin=origin)
    yield obj, None


def _ndjson_objects(text: str, origin: str) -> Iterator[tuple[dict[str, Any], str | None]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"{origin}: malformed FHIR NDJSON line {lineno}: {exc}", origin=origin) from exc
        if not isinstance(obj, dict):
            raise ParseError(f"{origin}: line {lineno} is not a JSON object", origin=origin, position=f"line {lineno}")
        yield obj, f"line {lineno}"


def _bundle_items(bundle: dict[str, Any], origin: str, position: str | None) -> Iterator[SourceItem]:
    entries = bundle.get("entry")
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise ParseError(f"{origin}: Bundle.entry is not a list", origin=origin, position=position)
    found = 0
    prefix = f"{position}/" if position else ""
    for i, entry in enumerate(entries):
        where = f"{prefix}entry[{i}]"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            yield SkippedRecord(origin, where, f"{origin}: Bundle entry without a resource object")
            continue
        if resource.get("resourceType") != "PlanDefinition":
            continue  # value sets, libraries ... travel with the plans; they are not guideline text
        found += 1
        too_big = oversized(resource, origin, where)
        yield too_big if too_big is not None else plan_document(resource, origin, where)
    if not found:
        yield SkippedRecord(origin, position, f"{origin}: FHIR Bundle holds no PlanDefinition")


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def body_from_publisher(publisher: str) -> str:
    """Short issuing body: 'Centers for Disease Control and Prevention (CDC)' -> 'CDC'."""
    name = " ".join(publisher.split())
    if not name:
        return "Unknown"
    abbrev = _TRAILING_ABBREV.search(name)
    if abbrev:
        return abbrev.group(1)
    return _LONG_BODY_NAMES.get(name.lower().rstrip("."), name)


def _guideline_artifact(res: dict[str, Any]) -> tuple[str, str | None]:
    """(citation text, url) of the first documentation/citation relatedArtifact."""
    artifacts = res.get("relatedArtifact")
    if not isinstance(artifacts, list):
        return "", None
    for art in artifacts:
        if not isinstance(art, dict) or art.get("type") not in ("documentation", "citation", "derived-from"):
            continue
        doc = art.get("document")
        url = _str(art.get("url")) or (_str(doc.get("url")) if isinstance(doc, dict) else "")
        label = _str(art.get("display")) or _str(art.get("citation")) or (
            _str(doc.get("title")) if isinstance(doc, dict) else ""
        )
        if url or label:
            return label, url or None
    return "", None


def _year_and_date(res: dict[str, Any], citation: str) -> tuple[int | None, str | None]:
    """Year of the guideline itself.

    The cited guideline's year comes first: `date` is when the FHIR artifact was last edited (the
    CDC files say 2025-08-06 for the 2022 guideline), which is not what a citation should show.
    """
    match = _YEAR.search(citation)
    if match:
        return int(match.group(1)), match.group(1)
    period = res.get("effectivePeriod")
    candidates = [
        _str(period.get("start")) if isinstance(period, dict) else "",
        _str(res.get("approvalDate")),
        _str(res.get("date")),
    ]
    for value in candidates:
        match = _YEAR.match(value)
        if match:
            return int(match.group(1)), value[:10]
    return None, None


def _rec_numbers(res: dict[str, Any]) -> tuple[list[str], str]:
    """Recommendation numbers and the rest of the title ('Recommendations #4 and #5 - X' -> [4, 5], X)."""
    title = _str(res.get("title"))
    match = _REC_TITLE.match(title)
    if match:
        return [str(int(n)) for n in re.findall(r"\d+", match.group(1))], (match.group(2) or "").strip()
    for field in ("name", "id"):
        m = _REC_NAME.search(_str(res.get(field)))
        if m:
            return [str(int(n)) for n in re.findall(r"\d+", m.group(1))], title
    return [], title


def _walk_actions(actions: Any) -> Iterator[dict[str, Any]]:
    if isinstance(actions, list):
        for action in actions:
            if isinstance(action, dict):
                yield action
                yield from _walk_actions(action.get("action"))


def _codings(ext: dict[str, Any]) -> list[dict[str, Any]]:
    concept = ext.get("valueCodeableConcept")
    codings = concept.get("coding") if isinstance(concept, dict) else None
    return [c for c in codings if isinstance(c, dict)] if isinstance(codings, list) else []


def _grading(res: dict[str, Any], numbers: list[str]) -> dict[str, dict[str, str]]:
    """Per recommendation number: strength and quality codes from the cqf extensions."""
    out: dict[str, dict[str, str]] = {}
    holders = [res, *_walk_actions(res.get("action"))]
    for holder in holders:
        exts = holder.get("extension")
        if not isinstance(exts, list):
            continue
        for ext in exts:
            if not isinstance(ext, dict):
                continue
            url = _str(ext.get("url"))
            key = "strength" if url.endswith(_STRENGTH_URL) else "quality" if url.endswith(_QUALITY_URL) else None
            if key is None:
                continue
            codings = _codings(ext)
            for i, coding in enumerate(codings):
                code = _str(coding.get("code")).lower()
                if not code:
                    continue
                by_id = _REC_CODING_ID.search(_str(coding.get("id")))
                if by_id:
                    num = str(int(by_id.group(1)))
                elif len(codings) == len(numbers):
                    num = numbers[i]
                else:
                    num = numbers[0] if numbers else ""
                out.setdefault(num, {}).setdefault(key, code)
    return out


def narrative_text(res: dict[str, Any], origin: str) -> str:
    """The resource narrative (`text.div`, XHTML) by the shared markup renderer; '' when absent or unreadable."""
    text = res.get("text")
    div = _str(text.get("div")) if isinstance(text, dict) else ""
    if not div:
        return ""
    try:
        return render_text(parse_xml(div.encode("utf-8"), origin))
    except ParseError:
        return ""


def _card_text(action: dict[str, Any]) -> str:
    """Title, description (Markdown in CDS cards) and documentation labels of one action."""
    lines: list[str] = []
    title = _str(action.get("title"))
    if title:
        lines.append(title)
    desc = _str(action.get("description"))
    if desc:
        lines.append(paragraphs_text(desc, markdown=True))
    docs = action.get("documentation")
    if isinstance(docs, list):
        for doc in docs:
            if isinstance(doc, dict):
                label = _str(doc.get("display")) or _str(doc.get("citation"))
                if label:
                    lines.append(markdown_inline(label))
    return clean_text("\n".join(lines))


def _cds_sections(res: dict[str, Any]) -> list[Section]:
    sections: list[Section] = []
    for depth, action in _actions_with_depth(res.get("action")):
        # Nested actions without a title are the card's override choices ("Snooze* - ..."), not guidance.
        if depth > 0 and not _str(action.get("title")):
            continue
        text = _card_text(action)
        if text:
            sections.append(Section("Decision support", text, "cds"))
    return sections


def _actions_with_depth(actions: Any, depth: int = 0) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(actions, list):
        for action in actions:
            if isinstance(action, dict):
                yield depth, action
                yield from _actions_with_depth(action.get("action"), depth + 1)


def _hooks(res: dict[str, Any]) -> list[str]:
    hooks: list[str] = []
    for action in _walk_actions(res.get("action")):
        triggers = action.get("trigger")
        if isinstance(triggers, list):
            for trig in triggers:
                name = _str(trig.get("name")) if isinstance(trig, dict) else ""
                if name and name not in hooks:
                    hooks.append(name)
    return hooks


def _texts(items: Any, key: str) -> list[str]:
    if not isinstance(items, list):
        return []
    return [t for t in (_str(i.get(key)) for i in items if isinstance(i, dict)) if t]


def _title(body: str, year: int | None, citation: str, numbers: list[str], rest: str, fallback: str) -> str:
    if not numbers:
        return f"{body}: {fallback}" if fallback else body
    label = f"{body} {year}" if year else body
    # Short guideline label for citations: the CDC files cite "... Guideline for Prescribing Opioids ...".
    label += " opioid guideline" if "opioid" in citation.lower() else " guideline"
    recs = f"Recommendation {numbers[0]}" if len(numbers) == 1 else f"Recommendations {' and '.join(numbers)}"
    return f"{label}, {recs}: {rest}" if rest else f"{label}, {recs}"


def plan_document(res: dict[str, Any], origin: str, position: str | None = None) -> SourceItem:
    """One PlanDefinition -> a guideline Document (or a SkippedRecord saying what is missing)."""
    rid = _str(res.get("id")) or slugify(_str(res.get("name")))
    if not rid:
        return SkippedRecord(origin, position, f"{origin}: PlanDefinition without id or name")
    description = clean_text(_str(res.get("description")))
    sections: list[Section] = []
    if description:
        sections.append(Section("Recommendation", description, "recommendation"))
    else:  # no description: the human-readable narrative (XHTML text.div) carries the recommendation
        narrative = narrative_text(res, origin)
        if narrative:
            sections.append(Section("Recommendation", narrative, "recommendation"))
    sections.extend(_cds_sections(res))
    if not sections:
        return SkippedRecord(origin, position, f"{origin}: PlanDefinition {rid} has no description or action text")
    body = body_from_publisher(_str(res.get("publisher")))
    citation, url = _guideline_artifact(res)
    year, date = _year_and_date(res, citation)
    numbers, rest = _rec_numbers(res)
    grading = _grading(res, numbers)
    meta: dict[str, Any] = {"body": body, "year": year, "resource_id": rid}
    if numbers:
        meta["recommendation"] = "-".join(numbers)
        meta["recommendations"] = numbers
    grades: list[dict[str, str]] = []
    for num in numbers or sorted(grading):
        g = grading.get(num, {})
        entry = {"recommendation": num, **{k: v for k, v in g.items()}}
        if body == "CDC":
            if g.get("strength") in _CDC_CATEGORY:
                entry["category"] = _CDC_CATEGORY[g["strength"]]
            if g.get("quality") in _CDC_EVIDENCE:
                entry["evidence_type"] = _CDC_EVIDENCE[g["quality"]]
        if len(entry) > 1:
            grades.append(entry)
    if grades:
        meta["grading"] = grades
        for key in ("category", "evidence_type", "strength", "quality"):
            values = [g[key] for g in grades if key in g]
            if values:
                meta[key] = "/".join(values)
    topics = _texts(res.get("topic"), "text")
    if topics:
        meta["topic"] = "; ".join(topics)
    hooks = _hooks(res)
    if hooks:
        meta["cds_hooks"] = hooks
    for key in ("status", "date", "name"):
        if _str(res.get(key)):
            meta[f"resource_{key}"] = _str(res.get(key))
    if citation:
        meta["guideline"] = citation
    return Document(
        id=f"guideline:{slugify(body) or 'unknown'}/{slugify(rid, 120)}",
        tier="guideline",
        title=_title(body, year, citation, numbers, rest, _str(res.get("title")) or rid),
        source=body,
        sections=tuple(sections),
        url=url if url and url.startswith(("https://", "http://")) else None,  # never javascript: or data:
        date=date,
        version=_str(res.get("version")) or None,
        meta=meta,
        origin=f"{origin}#{position}" if position else origin,
    )
