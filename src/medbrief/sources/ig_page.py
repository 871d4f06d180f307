"""FHIR IG page sources (XHTML + Jekyll/Liquid include) of the CDC 2022 opioid guideline IG.

Each page (`input/pagecontent/recommendation-NN.xml`) is an XHTML `<div>` whose text holds
`{% include recommendation-page-template.html recommendationNum='1' topic='...' description='...'
recommendation-category='B' evidence-type='3' ... %}`. A page may hold several includes: one per
recommendation (the 04-05 page) or one per CDS hook variant of the same recommendation (10, 11);
identical variants become one Document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import ParseError
from ..records import Document, Section, SourceItem
from .freetext import slugify
from .xmltext import clean_text, local_name, parse_xml, render_text

NAME = "ig_page"

# The IG pages carry no year or publisher: the IG they come from (cqframework/opioid-cds-r4, the
# recommendation-page-template of "2022 CDC Clinical Practice Guideline for Prescribing Opioids IG")
# implements the 2022 CDC guideline, MMWR Recomm Rep 2022;71(RR-3).
BODY = "CDC"
YEAR = 2022
GUIDELINE_LABEL = "CDC 2022 opioid guideline"
GUIDELINE_URL = "https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm"

_XHTML_NS = b"http://www.w3.org/1999/xhtml"
_INCLUDE_START = re.compile(r"\{%-?\s*include\s+([^\s%]+)")
_PARAM = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([^\s%'"]+))""", re.S)
_INCLUDE_END = re.compile(r"\s*-?%\}")
_ESCAPE = re.compile(r"\\(.)", re.S)
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class Include:
    """One Liquid include: template name, parameters, where it sits in the text and the page."""

    template: str
    params: dict[str, str]
    start: int
    end: int
    pane: str | None  # id of the enclosing tab pane (e.g. "order-sign"), if any


def sniff(head: bytes, name: str) -> bool:
    """An XHTML <div> root whose text holds a Liquid include with recommendationNum=."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml"):
        stripped = stripped[stripped.find(b"?>") + 2 :].lstrip()
    return (
        stripped.startswith(b"<div")
        and _XHTML_NS in stripped[:2048]
        and b"{% include" in head
        and b"recommendationNum=" in head
    )


def parse_includes(text: str, origin: str, pane: str | None = None) -> list[Include]:
    """All `{% include ... %}` tags in `text`; quoted values may hold the other quote or \\-escapes."""
    found: list[Include] = []
    pos = 0
    while (m := _INCLUDE_START.search(text, pos)) is not None:
        params: dict[str, str] = {}
        cur = m.end()
        while True:
            end = _INCLUDE_END.match(text, cur)
            if end:
                cur = end.end()
                break
            p = _PARAM.match(text, _SPACE.match(text, cur).end())
            if p is None:
                snippet = " ".join(text[cur : cur + 60].split())
                raise ParseError(
                    f"{origin}: malformed include parameters near {snippet!r}", origin=origin, position=f"char {cur}"
                )
            raw = next(v for v in (p.group(2), p.group(3), p.group(4)) if v is not None)
            params[p.group(1)] = " ".join(_ESCAPE.sub(r"\1", raw).split())
            cur = p.end()
        found.append(Include(m.group(1), params, m.start(), cur, pane))
        pos = cur
    return found


def _pane_id(el: etree._Element) -> str | None:
    node: etree._Element | None = el
    while node is not None:
        if "tab-pane" in (node.get("class") or "").split() and node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None


def _page_includes(root: etree._Element, origin: str) -> list[Include]:
    """Includes in document order, each with the tab pane it sits in."""
    out: list[Include] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and "{%" in el.text:
            out.extend(parse_includes(el.text, origin, _pane_id(el)))
        parent = el.getparent()
        if el.tail and "{%" in el.tail and parent is not None:
            out.extend(parse_includes(el.tail, origin, _pane_id(parent)))
    return out


def _notes(root: etree._Element, origin: str) -> str:
    """Prose outside the includes; navigation tabs are page chrome, not guideline text."""
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el is not root and (
            local_name(el) == "nav" or "nav" in (el.get("class") or "").split()
        ):
            _remove_keep_tail(el)
    text = render_text(root)
    pieces: list[str] = []
    pos = 0
    for inc in parse_includes(text, origin):
        pieces.append(text[pos : inc.start])
        pos = inc.end
    pieces.append(text[pos:])
    return clean_text("\n".join(pieces))


def _remove_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _padded(num: str) -> str:
    return num.zfill(2) if num.isdigit() else num


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """One Document per recommendation include on the page (identical hook variants merged)."""
    root = parse_xml(data, origin)
    if local_name(root) != "div":
        raise ParseError(f"{origin}: IG page root is <{local_name(root)}>, expected an XHTML <div>", origin=origin)
    recs = [inc for inc in _page_includes(root, origin) if "recommendationNum" in inc.params]
    if not recs:
        raise ParseError(f"{origin}: no recommendation include (recommendationNum=) on the page", origin=origin)
    for i, inc in enumerate(recs):
        if not inc.params.get("description"):
            raise ParseError(
                f"{origin}: include for recommendation {inc.params['recommendationNum']!r} has no description",
                origin=origin, position=f"include {i + 1}",
            )
    notes = _notes(root, origin)
    groups: dict[tuple[str, str, str, str], list[Include]] = {}
    for inc in recs:
        p = inc.params
        key = (
            p["recommendationNum"], p["description"], p.get("recommendation-category", ""), p.get("evidence-type", "")
        )
        groups.setdefault(key, []).append(inc)
    nums = [key[0] for key in groups]
    for n, (key, incs) in enumerate(groups.items(), 1):
        yield _document(incs, origin, notes, variant=None if nums.count(key[0]) == 1 else incs[0].pane or str(n))


def _document(incs: list[Include], origin: str, notes: str, *, variant: str | None) -> Document:
    params = incs[0].params
    num = params["recommendationNum"]
    # Several identical includes are the CDS hook variants of one recommendation (tab panes).
    variants = [inc.pane for inc in incs if inc.pane] if len(incs) > 1 else []
    slug = f"opioids-2022-page-{_padded(num)}"
    if variant is not None:  # same number, different text: keep each variant as its own document
        slug += f"-{slugify(variant)}"
    topic = params.get("topic", "")
    meta: dict[str, Any] = {"body": BODY, "year": YEAR, "recommendation": num}
    for param, key in (("recommendation-category", "category"), ("evidence-type", "evidence_type"), ("topic", "topic")):
        if params.get(param):
            meta[key] = params[param]
    if variants:
        meta["variants"] = variants
    sections = [Section("Recommendation", params["description"], "recommendation")]
    if notes:
        sections.append(Section("Notes", notes, "notes"))
    title = f"{GUIDELINE_LABEL}, Recommendation {num}" + (f": {topic}" if topic else "")
    return Document(
        id=f"guideline:cdc/{slug}",
        tier="guideline",
        title=title,
        source=BODY,
        sections=tuple(sections),
        url=GUIDELINE_URL,
        date=str(YEAR),
        meta=meta,
        origin=origin,
    )
