"""Safe XML parsing shared by the XML readers; their text comes from the one renderer in markup.py."""

from __future__ import annotations

from lxml import etree

from ..errors import ParseError
from .markup import local_name, render_text, tidy

__all__ = ["clean_text", "local_name", "parse_xml", "render_text"]

# Never resolve entities or fetch DTDs; refuse huge trees (entity-expansion bombs stay small).
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
)

def parse_xml(data: bytes, origin: str) -> etree._Element:
    """Parse XML bytes with the safe parser; a broken file raises ParseError naming it."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{origin}: malformed XML: {exc}", origin=origin) from exc
    if root is None:
        raise ParseError(f"{origin}: empty XML document", origin=origin)
    return root


def clean_text(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks between blocks, trim (markup.tidy)."""
    return tidy(text)
