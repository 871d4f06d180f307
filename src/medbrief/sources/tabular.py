"""CSV / TSV literature exports: one row per PubMed record with PMID, title and abstract columns.

Modelled on the Cohen 2006 drug-class review sets (`pubmedID,title,keywords,authors,abstracts,label1,
label2`, MeSH headings and authors joined by "; ") and the usual `pmid,title,abstract,...` exports.
Header names are matched case-insensitively, ignoring spaces, '_' and '-'.

Dates: a year or date column (PubMed's CSV export: `PMID, Title, Authors, Citation, First Author,
Journal/Book, Publication Year, Create Date, ...`; MEDLINE `DP`; a reference manager's `Date`) gives
the record its date; without one, the year in a `Citation` column ("Lancet. 2020 Feb 15;395:497."). A
table with none of them (the Cohen 2006 sets carry only PMID, title, MeSH, authors, abstract and
triage labels) leaves the date empty: a year is never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..records import Document, Section, SkippedRecord, SourceItem
from . import pubtypes
from .xmltext import clean_text

NAME = "tabular"
# Abstracts can be long; csv's 128 KiB default refuses some real rows, 16 MB still bounds a broken quote.
FIELD_SIZE_LIMIT = 16 * 1024 * 1024

_COLUMNS: dict[str, frozenset[str]] = {
    "pmid": frozenset({"pmid", "pubmedid", "pubmed", "pmids"}),
    "title": frozenset({"title", "articletitle", "ti"}),
    "abstract": frozenset({"abstract", "abstracts", "abstracttext", "ab"}),
    "mesh": frozenset({"mesh", "meshterms", "meshheadings", "mh"}),
    "keywords": frozenset({"keywords", "keyword", "ot"}),
    "authors": frozenset({"authors", "author", "au"}),
    "year": frozenset({"year", "pubyear", "publicationyear", "py", "yearpublished"}),
    # PubMed's "Publication Year" and "Create Date" export, MEDLINE's DP, reference managers' "Date".
    "date": frozenset({"date", "pubdate", "publicationdate", "dp", "datepublished", "dateofpublication"}),
    "citation": frozenset({"citation", "so"}),  # "Lancet. 2020 Feb 15;395(10223):497-506."
    "journal": frozenset({"journal", "journaltitle", "jt", "journal/book", "journalbook", "sourcetitle"}),
}
_DELIMITERS = (",", "\t", ";", "|")
# A cell that says "no value" in the words of the tool that wrote the table (R's NA, pandas' NaN, SQL's NULL,
# Excel's #N/A): empty, not text. The Cohen 2006 sets write "NA" for 1,165 missing abstracts, which were stored
# and searched as the two-letter passage "NA".
MISSING_VALUES = frozenset({"na", "n/a", "nan", "null", "none", "#n/a"})
_AUTHOR = re.compile(r"^(?P<last>[^,]+),\s*(?P<initials>[A-Z][A-Z .-]*)$")


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lstrip("\ufeff").lower())


def column_map(header: list[str]) -> dict[str, int]:
    """Our field name -> column index, for the header columns we recognise (first match wins)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _key(name)
        for field, aliases in _COLUMNS.items():
            if key in aliases and field not in found:
                found[field] = index
    return found


def _first_line(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def _delimiter(header_line: str) -> str:
    """The delimiter the header line uses most (header names do not contain delimiters)."""
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def sniff(head: bytes, name: str) -> bool:
    """True when the first line is a header naming a PMID column and a title or abstract column."""
    try:
        line = _first_line(head[:8192].decode("utf-8-sig", errors="replace"))
    except (ValueError, TypeError):
        return False
    if not line or line.lstrip().startswith(("{", "[", "<")):
        return False
    try:
        header = next(csv.reader([line], delimiter=_delimiter(line)))
    except (csv.Error, StopIteration):
        return False
    cols = column_map(header)
    return "pmid" in cols and ("title" in cols or "abstract" in cols)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # spreadsheet exports are often cp1252/latin-1


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _authors(value: str) -> list[str]:
    """Cohen's "Litwiller, S E; Frohman, E M" or PubMed's CSV export "Smith J, Jones K."."""
    if ";" not in value and value.endswith(".") and "," in value:
        return [v.strip() for v in value[:-1].split(",") if v.strip()]
    return _split(value)


def _author(name: str) -> str:
    """ "Litwiller, S E" -> "Litwiller SE" (PubMed's "Last Initials"); other forms kept as written."""
    match = _AUTHOR.match(name.strip())
    if not match:
        return name.strip()
    return pubtypes.author_name(match["last"], re.sub(r"[\s.-]+", "", match["initials"]))


def read(data: bytes, origin: str) -> Iterator[SourceItem]:
    """One research Document per row with a numeric PMID; other rows become SkippedRecords.

    Rows are numbered as in a spreadsheet: the header is row 1, the first record row 2.
    """
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    text = _decode(data)
    header_line = _first_line(text)
    # strict: an unterminated quote is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=_delimiter(header_line), strict=True)
    try:
        header = next(reader)
    except StopIteration as exc:
        raise ParseError(f"{origin}: empty table", origin=origin) from exc
    except csv.Error as exc:
        raise ParseError(f"{origin}: unreadable table header: {exc}", origin=origin) from exc
    cols = column_map(header)
    if "pmid" not in cols or not ("title" in cols or "abstract" in cols):
        raise ParseError(
            f"{origin}: table header has no PMID column with a title or abstract column: {header[:8]}", origin=origin
        )
    row_no = 1
    try:
        for row in reader:
            row_no += 1
            if not any(cell.strip() for cell in row):
                continue
            item = _row_item(row, cols, origin, row_no)
            if item is not None:
                yield item
    except csv.Error as exc:
        # A runaway quote or an oversized field: the rest of the file cannot be trusted.
        where = f"row {row_no + 1}"
        raise ParseError(f"{origin}: malformed CSV at {where}: {exc}", origin=origin, position=where) from exc


_CITATION_DATE = re.compile(r"\.\s+((?:1[89]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:-[A-Z][a-z]{2})?(?:\s+\d{1,2})?)?)\b")


def _date(date: str, year: str, citation: str) -> str | None:
    """ISO date (or year) of a row: the date column, then the year column, then the citation's date."""
    parsed = pubtypes.parse_pub_date(date) if date else None
    if parsed:
        return parsed
    match = re.fullmatch(r"\s*((?:1[89]|20)\d\d)(?:\.0+)?\s*", year)  # "2004", or "2004.0" from a spreadsheet
    if match:
        return match.group(1)
    found = _CITATION_DATE.search(citation) if citation else None
    return pubtypes.parse_pub_date(found.group(1)) if found else None


def _row_item(row: list[str], cols: dict[str, int], origin: str, row_no: int) -> SourceItem | None:
    def cell(field: str) -> str:
        index = cols.get(field)
        value = row[index].strip() if index is not None and index < len(row) else ""
        return "" if value.lower() in MISSING_VALUES else value

    position = f"row {row_no}"
    pmid = cell("pmid")
    if not pmid.isdigit():
        return SkippedRecord(origin, position, f"no numeric PMID (got {pmid[:40]!r})")
    title = clean_text(cell("title"))
    abstract = clean_text(cell("abstract"))
    if not title and not abstract:
        return SkippedRecord(origin, position, f"PMID {pmid} has neither title nor abstract")
    keywords = _split(cell("keywords"))
    has_mesh = "mesh" in cols
    date = _date(cell("date"), cell("year"), cell("citation"))
    year = pubtypes.year_of(date)
    meta: dict[str, Any] = {
        "pmid": pmid,
        "journal": cell("journal") or None,
        "journal_abbrev": None,
        "year": year,
        "publication_types": [],
        # Cohen's "keywords" column holds MeSH headings; a separate mesh column wins when present.
        "mesh": _split(cell("mesh")) if has_mesh else keywords,
        "keywords": keywords if has_mesh else [],
        "authors": [_author(a) for a in _authors(cell("authors"))][: pubtypes.MAX_AUTHORS],
        "retracted": pubtypes.is_retracted([], 0, title),
        "study_type": None,
    }
    return Document(
        id=f"pmid:{pmid}",
        tier="research",
        title=title or f"PubMed {pmid}",
        source="MEDLINE export",
        sections=(Section("Abstract", abstract, "ABSTRACT"),) if abstract else (),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        date=date,
        drugs=(),
        meta=meta,
        origin=origin,
    )
