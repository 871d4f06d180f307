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
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..errors import ConfigError, DeadlineReached, InvalidQuestion, RemoteError
from . import Downloaded
from .http import SOURCE_FAILED, HttpSource

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
# PubMed's E-utilities serve only the first 10,000 records of a search (since the 2022 PubMed API update); the
# baseline files (pubmed_baseline.py) are the way to more.
SEARCH_LIMIT = 10_000
# Entrez date (EDAT): when the record entered PubMed, the date "new since" is about. maxdate=3000: no upper bound.
OPEN_END = "3000"

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


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


def make_http(sources: SourceSettings, *, deadline: float | None = None, sleep: Callable[[float], None] = time.sleep,
              clock: Callable[[], float] = time.monotonic) -> HttpSource:
    """The HttpSource for E-utilities: NCBI's rate (3 or 10 requests/s), tool/email/api_key on every request."""
    return HttpSource(NAME, sources.eutils_url, per_second=per_second(sources), cache_dir=sources.cache_dir,
                      fixed_params=fixed_params(sources), deadline=deadline, sleep=sleep, clock=clock)


def _search(http: HttpSource, query: str, since: date | None) -> SearchResult:
    # Never cached: the answer changes as PubMed grows, and its WebEnv is a session on NCBI's side.
    data = http.get(ESEARCH, esearch_params(query, since), cache=False)
    try:
        return parse_esearch(data)
    except ValueError as exc:
        raise RemoteError(f"{http.host}: unreadable esearch answer: {exc}", body=data[:4000],
                          hint=SOURCE_FAILED) from exc


def _write_atomically(path: Path, data: bytes) -> None:
    """tmp + rename: a file named efetch-*.xml is always complete."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def download_query(sources: SourceSettings, query: str, dest: Path, *, max_records: int = 300,
                   since: date | None = None, progress: Callable[[int, int | None], None] | None = None,
                   deadline: float | None = None, http: HttpSource | None = None) -> Downloaded:
    """Fetch the PubMed records of `query` (at most `max_records`) as PubMed XML files in `dest`.

    One esearch puts the result set on NCBI's history server (usehistory=y), in NCBI's default order: newest
    Entrez date first (the recorded answers list PMIDs in descending order), so `max_records` keeps the newest
    records. efetch then pages through it by
    WebEnv + query_key, retstart 0, 200, 400 ... (BATCH records each), and each answer is saved as it came, a
    PubmedArticleSet file `dest/efetch-<retstart>.xml` (written whole, then renamed: never partial). Files of an
    earlier call in `dest` are removed first, so `dest` holds this fetch only.

    since: only records whose Entrez date (the day the record entered PubMed, `datetype=edat`) is on or after it
    (`mindate=since maxdate=3000`, both ends inclusive).
    cursor: the newest Entrez date among the records fetched, ISO (YYYY-MM-DD); `medbrief update` passes it back
    as `since`. It comes from NCBI's own clock, so it can never be later than any record added after this call:
    nothing is skipped, and the records of that one day are fetched again (ingest finds them unchanged). When no
    record carries an Entrez date, the day before today (UTC). None when nothing was fetched, or when the deadline
    cut the fetch short (keep the old one: the next update asks again for what this one did not get to).
    progress(records fetched, records to fetch). deadline: a time.monotonic() after which no request starts; when
    it passes after some batches, what came is returned with a note (DeadlineReached when nothing came).

    Notes (never errors): an esearch ERROR (the query could not run), PhraseNotFound (terms PubMed ignored), no
    records, more records than `max_records`, efetch answering fewer records than asked.
    Errors: InvalidQuestion (empty query), ConfigError (max_records < 1), SourceUnreachable, RemoteError (HTTP errors
    retrying cannot fix, unreadable answers), DeadlineReached.
    """
    query = " ".join(query.split())
    if not query:
        raise InvalidQuestion("the PubMed query is empty", hint="give the words to search PubMed for")
    if max_records < 1:
        raise ConfigError(f"--max must be at least 1 (got {max_records})")
    request = request_text(query, max_records, since)
    own = http is None
    client = http if http is not None else make_http(sources, deadline=deadline)
    sent0, cached0 = client.requests, client.cached
    notes: list[str] = []

    def result(files: list[Path], cursor: str | None) -> Downloaded:
        return Downloaded(NAME, request, tuple(files), cursor, client.requests - sent0, client.cached - cached0,
                          tuple(notes))

    try:
        dest.mkdir(parents=True, exist_ok=True)
        for old in [*dest.glob(f"{FILE_PREFIX}*.xml"), *dest.glob(f".{FILE_PREFIX}*.tmp")]:
            old.unlink()  # an earlier fetch's files (and a killed run's temporary ones): dest holds this fetch
        found = _search(client, query, since)
        if found.errors:
            notes.append(f"PubMed could not run the query: {'; '.join(found.errors)}")
            return result([], None)
        if found.not_found:
            notes.append(f"PubMed found nothing for: {', '.join(found.not_found)} (ignored in the search)")
        if found.count == 0:
            window = f" with an Entrez date since {since.isoformat()}" if since else ""
            notes.append(f"PubMed has no records for {query!r}{window}")
            return result([], None)
        if not (found.webenv and found.query_key):
            raise RemoteError(f"{client.host}: esearch answered without WebEnv/QueryKey (usehistory=y was sent)",
                              hint=SOURCE_FAILED)
        if found.count > max_records:
            notes.append(f"PubMed has {found.count:,} records for the query; fetching {max_records:,} (--max)")
        if max_records > SEARCH_LIMIT and found.count > SEARCH_LIMIT:
            notes.append(f"E-utilities serve only the first {SEARCH_LIMIT:,} records of a PubMed search; for more, "
                         "narrow the query (e.g. with --since) or use the baseline files (fetch pubmed-baseline)")
        plan = plan_batches(found.count, min(max_records, SEARCH_LIMIT), BATCH)
        total = sum(n for _, n in plan)
        webenv, query_key = found.webenv, found.query_key
        files: list[Path] = []
        fetched = asked = 0
        newest: date | None = None
        searched_again = False
        if progress:
            progress(0, total)
        for retstart, retmax in plan:
            try:
                batch, data = _fetch(client, webenv, query_key, retstart, retmax)
                if batch.error and not searched_again:
                    # The history server forgets a WebEnv after a while ("Unable to obtain query #1"): search once
                    # more and go on from the same place.
                    searched_again = True
                    again = _search(client, query, since)
                    if again.webenv and again.query_key:
                        webenv, query_key = again.webenv, again.query_key
                        notes.append(f"NCBI's history server lost the search ({batch.error}); searched again at "
                                     f"record {retstart:,}")
                        batch, data = _fetch(client, webenv, query_key, retstart, retmax)
            except DeadlineReached:
                if not files:
                    raise
                notes.append(f"stopped at the time limit after {fetched:,} of {total:,} records")
                # No cursor: an update must not start after records this fetch never got to.
                return result(files, None)
            if batch.error:
                raise RemoteError(f"{client.host}: efetch at record {retstart:,} failed: {batch.error}")
            asked += retmax
            if batch.records:
                path = dest / f"{FILE_PREFIX}{retstart:06d}.xml"
                _write_atomically(path, data)
                files.append(path)
                fetched += batch.records
                if batch.newest_entrez and (newest is None or batch.newest_entrez > newest):
                    newest = batch.newest_entrez
            if progress:
                progress(fetched, total)
        if fetched < asked:
            notes.append(f"efetch returned {fetched:,} of the {asked:,} records asked for (NCBI leaves out records "
                         "it cannot serve)")
        if not files:
            notes.append("efetch returned no records")
            return result([], None)
        cursor = newest or fallback_cursor(_utc_today())
        return result(files, cursor.isoformat())
    finally:
        if own:
            client.close()


def _fetch(http: HttpSource, webenv: str, query_key: str, retstart: int, retmax: int) -> tuple[FetchedBatch, bytes]:
    # Not cached: the WebEnv names a session that lives for hours, so a cached answer could never be asked for again.
    params = efetch_params(webenv, query_key, retstart, retmax)
    data = http.get(EFETCH, params, cache=False)
    try:
        return parse_efetch(data), data
    except ValueError:
        # A cut answer without Content-Length (chunked) reads as malformed XML: ask once more before giving up.
        data = http.get(EFETCH, params, cache=False)
    try:
        return parse_efetch(data), data
    except ValueError as exc:
        raise RemoteError(f"{http.host}: unreadable efetch answer at record {retstart:,}: {exc}",
                          body=data[:4000], hint=SOURCE_FAILED) from exc
