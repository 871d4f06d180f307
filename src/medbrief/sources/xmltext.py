"""Safe XML parsing and block-aware text extraction shared by the XML readers."""

from __future__ import annotations

import re

from lxml import etree

from ..errors import ParseError

# Never resolve entities or fetch DTDs; refuse huge trees (entity-expansion bombs stay small).
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
)

# Elements that start a new line of text when flattened (HTML, SPL/HL7 v3 narrative, PubMed).
BLOCK_TAGS = frozenset(
    "paragraph p item li tr caption title br div section table list h1 h2 h3 h4 h5 h6 AbstractText".split()
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def parse_xml(data: bytes, origin: str) -> etree._Element:
    """Parse XML bytes with the safe parser; a broken file raises ParseError naming it."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{origin}: malformed XML: {exc}", origin=origin) from exc
    if root is None:
        raise ParseError(f"{origin}: empty XML document", origin=origin)
    return root


def local_name(el: etree._Element) -> str:
    """Tag without namespace ('{urn:hl7-org:v3}section' -> 'section')."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def clean_text(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks between blocks, trim."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def block_text(el: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """Flatten an element to text; block elements start new lines, table cells are ' | '-joined.

    `skip` lists local tag names whose subtrees are left out (e.g. nested SPL sections).
    """
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local_name(node)
        if name in skip and node is not el:
            if node.tail:
                parts.append(node.tail)
            return
        block = name in BLOCK_TAGS
        if block:
            parts.append("\n")
        if name in ("td", "th"):
            parts.append(" | ")
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    text = "".join(parts).replace("\n | ", "\n")
    return clean_text(text)
