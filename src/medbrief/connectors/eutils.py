"""PubMed through NCBI E-utilities: esearch on the history server, then efetch in batches (issue 14 point 2).

    esearch.fcgi db=pubmed term=<query> usehistory=y retmax=0 [mindate=<since> maxdate=3000 datetype=edat]
        -> Count, WebEnv, QueryKey (the result set stays on NCBI's history server)
    efetch.fcgi db=pubmed WebEnv=<w> query_key=<k> retstart=0,200,400... retmax=200 rettype=abstract retmode=xml
        -> PubmedArticleSet, saved as it came: the file `sources/pubmed.py` reads

NCBI's rules (https://www.ncbi.nlm.nih.gov/books/NBK25497/): at most 3 requests a second without an API key, 10
with one (NCBI_API_KEY, sent as `api_key`); every request names the tool (`tool=medbrief`) and, when
MEDBRIEF_NCBI_EMAIL is set, a contact `email`. The pure functions (parameters, parsing, the batch plan) are
separate from `download_query`, which is the only one that talks to the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from ..settings import SourceSettings

NAME = "pubmed"
TOOL = "medbrief"
ESEARCH = "esearch.fcgi"
EFETCH = "efetch.fcgi"
BATCH = 200  # records per efetch: NCBI's examples use 500 at most for XML; 200 keeps one answer ~2-4 MB
PER_SECOND_KEYLESS = 3.0
PER_SECOND_WITH_KEY = 10.0
FILE_PREFIX = "efetch-"
# Entrez date (EDAT): when the record entered PubMed, the date "new since" is about. maxdate=3000: no upper bound.
OPEN_END = "3000"

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_RECORD_START = re.compile(rb"<(PubmedArticle|PubmedBookArticle)[\s>]")


@dataclass(frozen=True)
class SearchResult:
    """What esearch said. `errors`: ERROR elements (the query could not run); `not_found`: PhraseNotFound /
    FieldNotFound entries (parts of the query NCBI ignored); `warnings`: OutputMessage / QuotedPhraseNotFound ...
    (e.g. "No items found.")."""

    count: int
    webenv: str | None = None
    query_key: str | None = None
    ids: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    translation: str | None = None


@dataclass(frozen=True)
class FetchedBatch:
    """One efetch answer: how many records it holds, their PMIDs, the newest Entrez date among them, and the
    ERROR text when NCBI answered with an <eFetchResult><ERROR> instead of records."""

    records: int
    pmids: tuple[str, ...] = ()
    newest_entrez: date | None = None
    error: str | None = None


def per_second(sources: SourceSettings) -> float:
    """NCBI's rate: 10 requests/s with NCBI_API_KEY, else 3."""
    return PER_SECOND_WITH_KEY if sources.ncbi_api_key else PER_SECOND_KEYLESS


def fixed_params(sources: SourceSettings) -> dict[str, str]:
    """Parameters sent on every request: tool, email (MEDBRIEF_NCBI_EMAIL) and api_key (NCBI_API_KEY) when set.
    The HTTP layer keeps api_key out of its cache keys and files."""
    params = {"tool": TOOL}
    if sources.ncbi_email:
        params["email"] = sources.ncbi_email
    if sources.ncbi_api_key:
        params["api_key"] = sources.ncbi_api_key
    return params


def entrez_day(day: date) -> str:
    """A date as E-utilities writes it (YYYY/MM/DD)."""
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def esearch_params(query: str, since: date | None = None, *, retmax: int = 0) -> dict[str, str]:
    """esearch parameters: the result set is kept on the history server (usehistory=y); `retmax=0` because the
    records come from efetch, not from the id list. With `since`: records whose Entrez date is on or after it."""
    params = {"db": "pubmed", "term": query, "usehistory": "y", "retmax": str(retmax)}
    if since is not None:
        params.update(mindate=entrez_day(since), maxdate=OPEN_END, datetype="edat")
    return params


def efetch_params(webenv: str, query_key: str, retstart: int, retmax: int) -> dict[str, str]:
    """efetch parameters for one batch of the history-server result set, as PubMed XML."""
    return {"db": "pubmed", "WebEnv": webenv, "query_key": query_key, "retstart": str(retstart),
            "retmax": str(retmax), "rettype": "abstract", "retmode": "xml"}


def plan_batches(count: int, max_records: int, batch: int = BATCH) -> list[tuple[int, int]]:
    """(retstart, retmax) of each efetch: the first min(count, max_records) records in steps of `batch`; the last
    batch asks only for what is left, so `max_records` is never exceeded."""
    if batch <= 0:
        raise ValueError("batch must be positive")
    total = max(0, min(count, max_records))
    return [(start, min(batch, total - start)) for start in range(0, total, batch)]


def _texts(root: etree._Element, *paths: str) -> tuple[str, ...]:
    out: list[str] = []
    for path in paths:
        out.extend(t for t in (" ".join((el.text or "").split()) for el in root.iterfind(path)) if t)
    return tuple(out)


def parse_esearch(data: bytes) -> SearchResult:
    """Parse an esearch answer, XML (eSearchResult) or JSON (retmode=json: {"esearchresult": ...}).

    Raises ValueError when the answer is neither (an HTML error page, a truncated body)."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return _parse_esearch_json(data)
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"esearch answer is not XML: {exc}") from exc
    if root.tag != "eSearchResult":
        raise ValueError(f"esearch answer has root <{root.tag}>, not <eSearchResult>")
    count_text = (root.findtext("Count") or "").strip()
    errors = _texts(root, "ERROR", "ErrorList/ERROR")
    if not count_text.isdigit() and not errors:
        raise ValueError("esearch answer has no <Count>")
    return SearchResult(
        count=int(count_text) if count_text.isdigit() else 0,
        webenv=(root.findtext("WebEnv") or "").strip() or None,
        query_key=(root.findtext("QueryKey") or "").strip() or None,
        ids=_texts(root, "IdList/Id"),
        errors=errors,
        not_found=_texts(root, "ErrorList/PhraseNotFound", "ErrorList/FieldNotFound"),
        warnings=_texts(root, "WarningList/*"),
        translation=" ".join((root.findtext("QueryTranslation") or "").split()) or None,
    )


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(str(v) for v in value if str(v).strip())
    return ()


def _parse_esearch_json(data: bytes) -> SearchResult:
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ValueError(f"esearch answer is not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise ValueError("esearch JSON answer is not an object")
    if "esearchresult" not in doc:
        # e.g. {"error":"API rate limit exceeded","count":"11","limit":"10"}
        return SearchResult(count=0, errors=_strings(doc.get("error") or doc.get("ERROR") or "no esearchresult"))
    res = doc["esearchresult"]
    if not isinstance(res, dict):
        raise ValueError("esearchresult is not an object")
    errors = _strings(res.get("ERROR"))
    count_text = str(res.get("count", "")).strip()
    if not count_text.isdigit() and not errors:
        raise ValueError("esearch answer has no count")
    errlist = res.get("errorlist") if isinstance(res.get("errorlist"), dict) else {}
    warnlist = res.get("warninglist") if isinstance(res.get("warninglist"), dict) else {}
    return SearchResult(
        count=int(count_text) if count_text.isdigit() else 0,
        webenv=str(res.get("webenv") or "").strip() or None,
        query_key=str(res.get("querykey") or "").strip() or None,
        ids=_strings(res.get("idlist")),
        errors=errors,
        not_found=_strings(errlist.get("phrasesnotfound")) + _strings(errlist.get("fieldsnotfound")),
        warnings=tuple(s for v in warnlist.values() for s in _strings(v)),
        translation=" ".join(str(res.get("querytranslation") or "").split()) or None,
    )


def _day(el: etree._Element) -> date | None:
    try:
        return date(int(el.findtext("Year") or ""), int(el.findtext("Month") or "1"), int(el.findtext("Day") or "1"))
    except ValueError:
        return None


def parse_efetch(data: bytes) -> FetchedBatch:
    """Count the records of an efetch answer and find the newest Entrez date (PubmedData/History/PubMedPubDate
    PubStatus="entrez"). An <eFetchResult><ERROR> answer (e.g. an expired WebEnv) gives records=0 and `error`.

    Raises ValueError when the answer is not XML (an HTML error page, a cut body)."""
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"efetch answer is not well-formed XML: {exc}") from exc
    if root.tag == "eFetchResult" or root.tag == "ERROR":
        msg = " ".join((root.text or "").split()) if root.tag == "ERROR" else " ".join(_texts(root, "ERROR"))
        return FetchedBatch(0, error=msg or "efetch answered without records")
    if root.tag != "PubmedArticleSet":
        raise ValueError(f"efetch answer has root <{root.tag}>, not <PubmedArticleSet>")
    pmids: list[str] = []
    newest: date | None = None
    for rec in root:
        if not isinstance(rec.tag, str) or rec.tag not in ("PubmedArticle", "PubmedBookArticle"):
            continue
        pmid = (rec.findtext("MedlineCitation/PMID") or rec.findtext("BookDocument/PMID") or "").strip()
        pmids.append(pmid)
        for pd in rec.iterfind("PubmedData/History/PubMedPubDate[@PubStatus='entrez']"):
            d = _day(pd)
            if d is not None and (newest is None or d > newest):
                newest = d
        for pd in rec.iterfind("PubmedBookData/History/PubMedPubDate[@PubStatus='entrez']"):
            d = _day(pd)
            if d is not None and (newest is None or d > newest):
                newest = d
    return FetchedBatch(len(pmids), tuple(pmids), newest)


def request_text(query: str, max_records: int, since: date | None) -> str:
    """The human-readable request: 'query="baclofen spasticity" max=300 since=2024-01-01'."""
    text = f"query={json.dumps(query, ensure_ascii=False)} max={max_records}"
    return f"{text} since={since.isoformat()}" if since else text


def _utc_today() -> date:
    return datetime.now(UTC).date()


def fallback_cursor(today: date) -> date:
    """The cursor when no fetched record carries an Entrez date: the day before today (UTC). NCBI stamps Entrez
    dates in US Eastern time, up to 5 hours behind UTC, so "today" in UTC may be tomorrow at NCBI; the day before
    can never skip a record, and re-fetching a day's records only finds them unchanged."""
    return today - timedelta(days=1)
