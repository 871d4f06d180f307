"""USPSTF recommendations in the Prevention TaskForce API JSON shape.

`{"specificRecommendations": [...], "generalRecommendations": ..., "tools": ..., "risks": ...}`:
each specific record is one population-specific recommendation (`id`, `title`, `grade`,
`gender`/`sex`, `ageRange`, `text` as HTML fragments, `servFreq`, `serviceOptions`, `riskName`,
`riskText`, `general` = topic id, `tool`). Records carry no date; the year stays None unless a field
gives it (the years inside the text are surveillance or literature-scan dates, not publication).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import oversized
from .freetext import decode_text, html_to_text, slugify
from .xmltext import clean_text

NAME = "uspstf"
BODY = "USPSTF"
HOME_URL = "https://www.uspreventiveservicestaskforce.org/"

_KEYS = re.compile(rb'"(?:specificRecommendations|generalRecommendations)"\s*:')
_HREF = re.compile(r"""href\s*=\s*["']([^"'#\s]+)""", re.I)
_YEAR_ONLY = re.compile(r"^\s*((?:19|20)\d\d)(?:-\d\d(?:-\d\d)?)?")
_OPEN_AGE = 100  # the API writes "and older" as an upper bound of 100
# Section fields of a specific record, in reading order.
_EXTRA_SECTIONS = (("servFreq", "Frequency", "frequency"), ("riskText", "Risk assessment", "risk_assessment"))
_GENERAL_TEXT_FIELDS = (("text", "Recommendation"), ("clinical", "Clinical considerations"), ("rationale", "Rationale"))
_GENERAL_URL_FIELDS = ("clinicalUrl", "url", "link")
_YEAR_FIELDS = ("topicYear", "year", "releaseDate", "datePublished", "date")
_RISK_GROUPS = frozenset({"pregnant", "sexually active", "tobacco user"})


def sniff(head: bytes, name: str) -> bool:
    """A JSON object with a specificRecommendations or generalRecommendations key."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"{") and _KEYS.search(stripped) is not None


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """One Document per specific (and general) recommendation; bad records become SkippedRecords."""
    text = decode_text(data, origin, latin1_fallback=False)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{origin}: malformed USPSTF JSON: {exc}", origin=origin) from exc
    if not isinstance(obj, dict) or not (
        "specificRecommendations" in obj or "generalRecommendations" in obj
    ):
        raise ParseError(f"{origin}: no specificRecommendations or generalRecommendations", origin=origin)
    general = _records(obj.get("generalRecommendations"), origin, "generalRecommendations")
    general_by_id = {str(rec.get("id", key)): rec for key, rec in general if isinstance(rec, dict)}
    for key, rec in _records(obj.get("specificRecommendations"), origin, "specificRecommendations"):
        yield oversized(rec, origin, key) or _specific(rec, origin, key, general_by_id)
    for key, rec in general:
        yield oversized(rec, origin, key) or _general(rec, origin, key)


def _records(value: Any, origin: str, field: str) -> list[tuple[str, Any]]:
    """(position, record) pairs from a list or an id-keyed object."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(f"{field}[{i}]", rec) for i, rec in enumerate(value)]
    if isinstance(value, dict):
        return [(f"{field}[{k!r}]", rec if not isinstance(rec, dict) or "id" in rec else {"id": k, **rec})
                for k, rec in value.items()]
    raise ParseError(f"{origin}: {field} is {type(value).__name__}, expected a list or object", origin=origin)


def _str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def population(sex: str, age_range: Any, risk_name: str) -> str | None:
    """'women, ages 21-30' from sex 'female' and ageRange [21, 30]; None when nothing narrows it."""
    lo, hi = _age_bounds(age_range)
    adult = lo is not None and lo >= 18
    parts: list[str] = []
    sex = sex.lower()
    if sex == "female":
        parts.append("women" if adult else "females")
    elif sex == "male":
        parts.append("men" if adult else "males")
    if lo is not None and hi is not None:
        if hi >= _OPEN_AGE:
            if lo > 0:
                parts.append(f"ages {lo} and older")
        else:
            parts.append(f"ages {lo}-{hi}")
    if risk_name.lower() in _RISK_GROUPS:
        parts.append(risk_name.lower())
    return ", ".join(parts) or None


def _age_bounds(age_range: Any) -> tuple[int | None, int | None]:
    if isinstance(age_range, list) and len(age_range) == 2:
        try:
            return int(age_range[0]), int(age_range[1])
        except (TypeError, ValueError):
            return None, None
    return None, None


def _statement_url(rec: dict[str, Any]) -> str | None:
    """Link to the recommendation statement page, when the HTML fields carry one."""
    for field in ("text", "servFreq", "riskText", "clinical", "rationale"):
        for href in _HREF.findall(_str(rec.get(field))):
            if "uspreventiveservicestaskforce.org" in href and "/RecommendationStatementFinal/" in href:
                return href
    for field in _GENERAL_URL_FIELDS:
        url = _str(rec.get(field))
        if url.startswith(("http://", "https://")):
            return url
    return None


def _year(rec: dict[str, Any]) -> tuple[int | None, str | None]:
    for field in _YEAR_FIELDS:
        value = _str(rec.get(field))
        match = _YEAR_ONLY.match(value)
        if match:
            return int(match.group(1)), match.group(0).strip()
    return None, None


def _service_options(value: Any) -> str:
    lines: list[str] = []
    if isinstance(value, list):
        for opt in value:
            if not isinstance(opt, dict):
                continue
            name = _str(opt.get("serviceName"))
            months = opt.get("servFrequencyMonths")
            if name and isinstance(months, int) and not isinstance(months, bool):
                lines.append(f"{name}: every {months} months")
            elif name:
                lines.append(name)
    return "\n".join(lines)


def _specific(
    rec: Any, origin: str, position: str, general_by_id: dict[str, dict[str, Any]]
) -> SourceItem:
    if not isinstance(rec, dict):
        return SkippedRecord(origin, position, f"{origin}: record is {type(rec).__name__}, not an object")
    rid = _str(rec.get("id"))
    if not rid:
        return SkippedRecord(origin, position, f"{origin}: USPSTF record without id")
    statement = html_to_text(_str(rec.get("text")))
    if not statement:
        return SkippedRecord(origin, position, f"{origin}: USPSTF record {rid} has no recommendation text")
    sections = [Section("Recommendation", statement, "recommendation")]
    for field, name, code in _EXTRA_SECTIONS:
        extra = html_to_text(_str(rec.get(field)))
        if extra:
            sections.append(Section(name, extra, code))
    options = _service_options(rec.get("serviceOptions"))
    if options:
        sections.append(Section("Service options", options, "service_options"))
    topic_rec = general_by_id.get(_str(rec.get("general")), {})
    year, date = _year(rec)
    if year is None:
        year, date = _year(topic_rec)
    title = clean_text(_str(rec.get("title"))) or f"USPSTF recommendation {rid}"
    sex = _str(rec.get("sex")) or _str(rec.get("gender"))
    risk_name = _str(rec.get("riskName"))
    meta: dict[str, Any] = {
        "body": BODY,
        "year": year,
        "grade": _str(rec.get("grade")) or None,
        "population": population(sex, rec.get("ageRange"), risk_name),
        "topic": title.split(" -- ", 1)[0].strip(),
    }
    if sex:
        meta["sex"] = sex
    lo, hi = _age_bounds(rec.get("ageRange"))
    if lo is not None:
        meta["age_range"] = [lo, hi]
    if risk_name and risk_name.lower() != "none":
        meta["risk_name"] = risk_name
    for field, key in (("general", "topic_id"), ("bmi", "bmi")):
        if _str(rec.get(field)):
            meta[key] = _str(rec.get(field))
    return Document(
        id=f"guideline:uspstf/{slugify(rid)}",
        tier="guideline",
        title=title,
        source=BODY,
        sections=tuple(sections),
        url=_statement_url(rec) or _statement_url(topic_rec) or HOME_URL,
        date=date,
        meta=meta,
        origin=f"{origin}#{position}",
    )


def _general(rec: Any, origin: str, position: str) -> SourceItem:
    """A topic-level (general) recommendation: title plus its statement / clinical text."""
    if not isinstance(rec, dict):
        return SkippedRecord(origin, position, f"{origin}: record is {type(rec).__name__}, not an object")
    rid = _str(rec.get("id"))
    if not rid:
        return SkippedRecord(origin, position, f"{origin}: USPSTF general record without id")
    sections = [
        Section(name, text, slugify(name).replace("-", "_"))
        for field, name in _GENERAL_TEXT_FIELDS
        if (text := html_to_text(_str(rec.get(field))))
    ]
    if not sections:
        return SkippedRecord(origin, position, f"{origin}: USPSTF general record {rid} has no text")
    year, date = _year(rec)
    title = clean_text(_str(rec.get("title"))) or f"USPSTF topic {rid}"
    return Document(
        id=f"guideline:uspstf/general-{slugify(rid)}",
        tier="guideline",
        title=title,
        source=BODY,
        sections=tuple(sections),
        url=_statement_url(rec) or HOME_URL,
        date=date,
        meta={"body": BODY, "year": year, "grade": _str(rec.get("grade")) or None, "topic": title, "general": True},
        origin=f"{origin}#{position}",
    )
