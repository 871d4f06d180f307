"""PubMed / MEDLINE XML: `PubmedArticleSet` (efetch responses, baseline and update files, with
`PubmedArticle`, `PubmedBookArticle` and `DeleteCitation`) and the older `MedlineCitationSet`.

Baseline files run to hundreds of MB, so the file is streamed with `iterparse` and each top-level
record is cleared once read. One Document per article (`pmid:<PMID>`), research tier unless the
publication types say Practice Guideline / Guideline.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..errors import ParseError
from ..records import Deletion, Document, Section, SkippedRecord, SourceItem
from . import pubtypes
from .xmltext import local_name, render_text

NAME = "pubmed"
ROOTS = frozenset({"PubmedArticleSet", "MedlineCitationSet", "PubmedBookArticleSet"})
_DELETE_TAGS = frozenset({"DeleteCitation", "DeleteDocument"})
_RECORD_TAGS = frozenset({"PubmedArticle", "PubmedBookArticle", "MedlineCitation", "BookDocument"})

_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def root_name(head: bytes) -> str | None:
    """Name of the root element in an XML head, skipping BOM, declaration, DOCTYPE, comments and PIs."""
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    size = len(head)
    while pos < size:
        while pos < size and head[pos : pos + 1].isspace():
            pos += 1
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            pos = size if end < 0 else end + 2
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos)
            pos = size if end < 0 else end + 3
        elif head.startswith(b"<!", pos):  # DOCTYPE, possibly with an internal subset [...]
            close = head.find(b">", pos)
            bracket = head.find(b"[", pos)
            if 0 <= bracket < close:
                end = head.find(b"]", bracket)
                close = head.find(b">", end) if end >= 0 else -1
            pos = size if close < 0 else close + 1
        else:
            match = _FIRST_TAG.match(head, pos)
            if not match:
                return None
            return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
    return None


def sniff(head: bytes, name: str) -> bool:
    """True when the root element is PubmedArticleSet / MedlineCitationSet (not esearch, esummary ...)."""
    return root_name(head) in ROOTS


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """Stream the records of one PubMed XML file: Documents, Deletions, SkippedRecords."""
    context = etree.iterparse(
        io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True, recover=False,
    )
    depth = 0
    index = 0
    root_seen = False
    try:
        for event, el in context:
            if event == "start":
                if depth == 0:
                    root_seen = True
                    if local_name(el) not in ROOTS:
                        raise ParseError(
                            f"{origin}: not PubMed XML (root element <{local_name(el)}>)", origin=origin
                        )
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            index += 1
            yield from _top_level(el, origin, index)
            # Free what was read: the record and the (already cleared) siblings before it.
            el.clear(keep_tail=True)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        where = f" after record {index}" if index else ""
        raise ParseError(
            f"{origin}: malformed PubMed XML{where}: {exc}", origin=origin, position=f"record {index + 1}"
        ) from exc
    if not root_seen:
        raise ParseError(f"{origin}: empty XML document", origin=origin)


def _top_level(el: etree._Element, origin: str, index: int) -> Iterator[SourceItem]:
    name = local_name(el)
    position = f"record {index}"
    if name in _DELETE_TAGS:
        for pmid_el in el.iter("PMID"):
            pmid = (pmid_el.text or "").strip()
            if pmid.isdigit():
                yield Deletion(doc_id=f"pmid:{pmid}", origin=origin)
            else:
                yield SkippedRecord(origin, position, f"{name} with a non-numeric PMID {pmid!r}")
        return
    if name not in _RECORD_TAGS:
        return  # e.g. a stray element between records: nothing to index
    try:
        doc = article_document(el, origin)
    except (ValueError, TypeError, KeyError) as exc:
        yield SkippedRecord(origin, position, f"unreadable <{name}>: {exc}")
        return
    if doc is None:
        yield SkippedRecord(origin, position, f"<{name}> has no PMID")
    else:
        yield doc


def _text(el: etree._Element | None) -> str:
    """Inline text of an element by the markup renderer (<i>, <sup>, <sub>, MathML; markup.py).

    PubMed text elements (ArticleTitle, AbstractText) hold inline markup only, so line breaks in
    them are pretty-printing, not paragraphs.
    """
    if el is None:
        return ""
    return render_text(el, inline=True)


# Structure inside an AbstractText (a results table, a list): its rows and items keep their own lines.
_STRUCTURE = frozenset({"table", "tr", "list", "ul", "ol", "li", "item", "p"})


def _abstract_text(el: etree._Element) -> str:
    """AbstractText as text: one line, unless it holds a table or list, whose rows and items stay lines
    ("Arm | Nausea" / "A | 12%"), never run together into one sentence."""
    if any(local_name(d) in _STRUCTURE for d in el.iterdescendants()):
        return render_text(el)
    return _text(el)


def _find_text(el: etree._Element | None, path: str) -> str:
    return _text(el.find(path)) if el is not None else ""


def _date(el: etree._Element | None) -> str | None:
    """ISO date from a PubDate / ArticleDate / DateCompleted element (Year/Month/Day or MedlineDate)."""
    if el is None:
        return None
    medline = el.findtext("MedlineDate")
    if medline:
        return pubtypes.parse_pub_date(medline)
    return pubtypes.date_from_parts(el.findtext("Year"), el.findtext("Month"), el.findtext("Day"))


def _abstract_sections(abstract: etree._Element | None) -> tuple[Section, ...]:
    """One Section per labelled AbstractText; an unlabelled abstract becomes one "Abstract" section."""
    if abstract is None:
        return ()
    parts = abstract.findall("AbstractText")
    if not any(p.get("Label") for p in parts):
        text = "\n".join(t for t in (_abstract_text(p) for p in parts) if t)
        return (Section("Abstract", text, "ABSTRACT"),) if text else ()
    sections = []
    for part in parts:
        text = _abstract_text(part)
        if not text:
            continue
        label = (part.get("Label") or "").strip()
        category = (part.get("NlmCategory") or "").strip()
        name = pubtypes.label_name(label) if label else "Abstract"
        # NLM's category is the stable code; UNASSIGNED (an unmapped label) says nothing, use the label.
        if category and category.upper() != "UNASSIGNED":
            code = category.upper()
        else:
            code = label.upper() if label else "ABSTRACT"
        sections.append(Section(name, text, code))
    return tuple(sections)


def _authors(author_list: etree._Element | None) -> list[str]:
    """Authors as "Last Initials" (a collective name as written), at most MAX_AUTHORS."""
    names: list[str] = []
    if author_list is None:
        return names
    for author in author_list.findall("Author"):
        name = _find_text(author, "CollectiveName")
        if not name:
            last = _find_text(author, "LastName")
            name = pubtypes.author_name(last, _find_text(author, "Initials")) if last else ""
        if name:
            names.append(name)
            if len(names) == pubtypes.MAX_AUTHORS:
                break
    return names


def _first_author_collective(author_list: etree._Element | None) -> str | None:
    first = author_list.find("Author") if author_list is not None else None
    if first is None:
        return None
    return _find_text(first, "CollectiveName") or None


def _doi(article: etree._Element | None, record: etree._Element) -> str | None:
    if article is not None:
        for loc in article.findall("ELocationID"):
            if loc.get("EIdType") == "doi" and (loc.text or "").strip():
                return loc.text.strip()
    # Only the record's own ArticleIdList: ReferenceList entries carry the cited papers' DOIs.
    for art_id in record.findall("PubmedData/ArticleIdList/ArticleId") + record.findall(
        "PubmedBookData/ArticleIdList/ArticleId"
    ):
        if art_id.get("IdType") == "doi" and (art_id.text or "").strip():
            return art_id.text.strip()
    return None


def article_document(record: etree._Element, origin: str) -> Document | None:
    """A Document from a PubmedArticle / PubmedBookArticle / MedlineCitation element; None without PMID."""
    name = local_name(record)
    if name == "PubmedArticle":
        citation = record.find("MedlineCitation")
    elif name == "PubmedBookArticle":
        citation = record.find("BookDocument")
    else:
        citation = record
    if citation is None:
        return None
    pmid_el = citation.find("PMID")
    pmid = (pmid_el.text or "").strip() if pmid_el is not None else ""
    if not pmid.isdigit():
        return None
    version_attr = (pmid_el.get("Version") or "").strip() if pmid_el is not None else ""
    is_book = local_name(citation) == "BookDocument"

    article = None if is_book else citation.find("Article")
    base = citation if is_book else article  # where title, abstract and authors live
    book = citation.find("Book") if is_book else None
    journal = article.find("Journal") if article is not None else None

    title = pubtypes.display_title(
        _find_text(base, "ArticleTitle"), _find_text(base, "VernacularTitle"), _find_text(book, "BookTitle")
    )
    journal_title = _find_text(journal, "Title") or _find_text(book, "BookTitle")
    journal_abbrev = _find_text(journal, "ISOAbbreviation") or _find_text(citation, "MedlineJournalInfo/MedlineTA")

    date = (
        _date(journal.find("JournalIssue/PubDate") if journal is not None else None)
        or _date(book.find("PubDate") if book is not None else None)
        or _date(article.find("ArticleDate") if article is not None else None)
        or _date(citation.find("DateCompleted"))
        or _date(citation.find("DateCreated"))
    )

    type_list = article.find("PublicationTypeList") if article is not None else None
    type_parent = citation if is_book else type_list
    pub_types = [_text(t) for t in type_parent.findall("PublicationType")] if type_parent is not None else []
    pub_types = [t for t in pub_types if t]
    links = citation.findall("CommentsCorrectionsList/CommentsCorrections")
    retraction_links = sum(1 for c in links if c.get("RefType") == "RetractionIn")

    # Books list editors in a second AuthorList; authors are the list without Type="editors".
    author_lists = [a for a in (base.findall("AuthorList") if base is not None else []) if a.get("Type") != "editors"]
    author_list = author_lists[0] if author_lists else None
    authors = _authors(author_list)

    abstract = base.find("Abstract") if base is not None else None
    sections = _abstract_sections(abstract)

    guideline = pubtypes.is_guideline(pub_types)
    meta: dict[str, Any] = {
        "pmid": pmid,
        "journal": journal_title or None,
        "journal_abbrev": journal_abbrev or None,
        "year": pubtypes.year_of(date),
        "publication_types": pub_types,
        "mesh": [t for t in (_text(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")) if t],
        "keywords": [t for t in (_text(k) for k in citation.findall("KeywordList/Keyword")) if t],
        "authors": authors,
        "retracted": pubtypes.is_retracted(pub_types, retraction_links, title),
        "study_type": pubtypes.study_type(pub_types),
    }
    doi = _doi(article, record)
    if doi:
        meta["doi"] = doi
    revised = _date(citation.find("DateRevised"))
    if revised:  # NLM's revision stamp: decides which copy of a PMID is current (sources/revision.py)
        meta["date_revised"] = revised
    if is_book:
        meta["book"] = True
    if guideline:
        # The issuing body: a collective first author ("WHO Guideline Development Group") or the journal.
        meta["body"] = _first_author_collective(author_list) or journal_title or None

    return Document(
        id=f"pmid:{pmid}",
        tier="guideline" if guideline else "research",
        title=title or f"PubMed {pmid}",
        source="PubMed",
        sections=sections,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        date=date,
        version=version_attr if version_attr and version_attr != "1" else None,
        drugs=(),
        meta=meta,
        origin=origin,
    )
