"""PubMed files for connector tests, built from REAL recorded efetch answers (Biopython's Tests/Entrez under
MEDBRIEF_DATA): their <PubmedArticle> records regrouped into baseline-/update-shaped PubmedArticleSet files, gzipped
as NCBI serves them. Nothing of the shared data is copied into the repo."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import shared_data

HEAD = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
        b' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')


def entrez_dir() -> Path:
    d = shared_data() / "pubmed" / "xml" / "biopython_entrez"
    if not d.is_dir():
        pytest.skip(f"recorded E-utilities answers not found at {d} (set MEDBRIEF_DATA)")
    return d


def entrez(name: str) -> bytes:
    """One recorded E-utilities answer, as NCBI sent it."""
    return (entrez_dir() / name).read_bytes()


def articles(*names: str) -> list[bytes]:
    """The <PubmedArticle> records of recorded efetch answers (pubmed1.xml ...), each serialized on its own."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    out: list[bytes] = []
    for name in names:
        root = etree.fromstring(entrez(name), parser)
        out.extend(etree.tostring(el) for el in root if el.tag == "PubmedArticle")
    return out


def article_set(records: list[bytes], deleted: tuple[str, ...] = ()) -> bytes:
    """A PubmedArticleSet file: the records, then a <DeleteCitation> block as update files end with one."""
    body = b"".join(records)
    if deleted:
        body += b"<DeleteCitation>" + b"".join(b'<PMID Version="1">%s</PMID>' % p.encode() for p in deleted) + \
            b"</DeleteCitation>\n"
    return HEAD + b"<PubmedArticleSet>\n" + body + b"</PubmedArticleSet>\n"


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
