"""Fetching from live sources (issue 14): download (a connector) -> ingest -> record, and `update`.

A connector only downloads complete files into `sources.cache_dir/downloads/<source>/<slug>`; this module ingests
them (the same `run_ingest` as `medbrief ingest`, under the store's write lock) and then records the fetch in the
store's `fetches` table: source, request, parameters, when (UTC), files, documents, and the cursor `update` resumes
from. Nothing half-done is recorded: a download that fails leaves the store untouched (what was downloaded stays
in the cache folder and the re-run resumes it); an ingest that fails keeps only whole batches, all re-read
unchanged by the re-run, and records no fetch. The error's hint names the command to run again.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .connectors import Downloaded
from .errors import ConfigError, MedbriefError
from .ingest import IngestReport, ProgressFn, run_ingest
from .pipeline import _store_faults, open_store
from .retrieve.dense import Embedder
from .settings import Settings, SourceSettings
from .store import FetchRecord, Reporter
from .store.records_db import RecordsDB, params_json

SOURCES = ("openfda", "openfda-bulk", "pubmed", "pubmed-baseline", "dailymed")
DownloadProgress = Callable[[int, int | None], None]  # (done, total) in the connector's unit


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch: a source and its parameters (JSON-able; the registry's key, with the source).

    openfda / dailymed: {"drug": NAME} (lower-case); openfda-bulk: {}; pubmed: {"query": Q, "max": N, "since":
    "YYYY-MM-DD" or None}; pubmed-baseline: {"updates": bool}.

    `max_files` (pubmed-baseline only) limits one run, it is not part of the request: the baseline (or update)
    file sequence is ONE request per kind, downloaded into one folder, and each run continues after the last file
    applied (its recorded cursor), so `--max-files 1` run three times reads files 1, 2, 3."""

    source: str
    params: dict[str, Any] = field(default_factory=dict)
    max_files: int | None = field(default=None, compare=False)

    @classmethod
    def make(cls, source: str, **params: Any) -> FetchRequest:
        """A request with its parameters normalized (so equal requests share one registry key); ConfigError for
        an unknown source or a missing parameter."""
        if source not in SOURCES:
            raise ConfigError(f"unknown source {source!r}; the sources are {', '.join(SOURCES)}")
        if source in ("openfda", "dailymed"):
            drug = " ".join(str(params.get("drug") or "").split()).lower()
            if not drug:
                raise ConfigError(f"fetching from {source} needs a drug name")
            return cls(source, {"drug": drug})
        if source == "pubmed":
            query = " ".join(str(params.get("query") or "").split())
            if not query:
                raise ConfigError("fetching from PubMed needs a query")
            since = params.get("since")
            return cls(source, {"query": query, "max": int(params.get("max") or 300),
                                "since": since.isoformat() if isinstance(since, date) else since or None})
        if source == "pubmed-baseline":
            max_files = params.get("max_files")
            return cls(source, {"updates": bool(params.get("updates"))},
                       max_files=int(max_files) if max_files else None)
        return cls(source, {})

    @property
    def describe(self) -> str:
        """Human-readable: 'drug=baclofen', 'query="baclofen spasticity" max=300'."""
        p = self.params
        if "drug" in p:
            return f"drug={p['drug']}"
        if self.source == "pubmed":
            return f'query="{p["query"]}" max={p["max"]}' + (f" since={p['since']}" if p.get("since") else "")
        if self.source == "pubmed-baseline":
            return "update files" if p.get("updates") else "baseline files"
        return "bulk label files"

    @property
    def command(self) -> str:
        """The command line that runs this request again."""
        p = self.params
        if self.source == "openfda-bulk":
            return "medbrief fetch openfda --bulk"
        if "drug" in p:
            return f"medbrief fetch {self.source} --drug {shlex.quote(p['drug'])}"
        if self.source == "pubmed":
            return (f"medbrief fetch pubmed --query {shlex.quote(p['query'])} --max {p['max']}"
                    + (f" --since {p['since']}" if p.get("since") else ""))
        return "medbrief fetch pubmed-baseline" + (" --updates" if p.get("updates") else "") + (
            f" --max-files {self.max_files}" if self.max_files else "")

    @property
    def slug(self) -> str:
        """The request's folder name under downloads/<source>/: readable, and unique by a hash of the params."""
        words = re.sub(r"[^a-z0-9]+", "-", self.describe.lower()).strip("-")[:60] or "all"
        digest = hashlib.sha1(params_json(self.params).encode()).hexdigest()[:8]
        return f"{words}-{digest}"

    def dest(self, sources: SourceSettings) -> Path:
        return sources.cache_dir / "downloads" / self.source / self.slug

    def url(self, sources: SourceSettings) -> str:
        return {"openfda": sources.openfda_url, "openfda-bulk": sources.openfda_url, "pubmed": sources.eutils_url,
                "pubmed-baseline": sources.pubmed_ftp_url, "dailymed": sources.dailymed_url}[self.source]


@dataclass(frozen=True)
class FetchResult:
    """A completed fetch: what was downloaded, what the ingest did (None when no file was new), the record."""

    request: FetchRequest
    downloaded: Downloaded
    report: IngestReport | None
    record: FetchRecord
    dest: Path

    def to_dict(self) -> dict[str, Any]:
        return {**self.record.to_dict(), "dest": str(self.dest),
                "ingest": self.report.to_dict() if self.report is not None else None}


def _date(text: str | None) -> date | None:
    """A cursor or a --since value as a date: 2024-01-31, 2024/01/31, 20240131 (None when it is none of them)."""
    if not text:
        return None
    digits = re.sub(r"[^0-9]", "", str(text))[:8]
    try:
        return datetime.strptime(digits, "%Y%m%d").date() if len(digits) == 8 else None
    except ValueError:
        return None


def download(settings: Settings, request: FetchRequest, *, cursor: str | None = None,
             progress: DownloadProgress | None = None, deadline: float | None = None, http: Any = None) -> Downloaded:
    """Run the request's connector into its download folder, from `cursor` (an earlier fetch's) when given.
    Raises what the connector raises (SourceUnreachable, RemoteError, DeadlineReached)."""
    sources = settings.sources
    dest = request.dest(sources)
    p = request.params
    if request.source == "dailymed":
        from .connectors import dailymed

        return dailymed.download_drug(sources, p["drug"], dest, since=cursor, progress=progress, deadline=deadline,
                                      http=http)
    if request.source == "openfda":
        from .connectors import openfda

        return openfda.download_drug(sources, p["drug"], dest, since=cursor, progress=progress, deadline=deadline,
                                     http=http)
    if request.source == "openfda-bulk":
        from .connectors import openfda

        return openfda.download_bulk(sources, dest, progress=progress, http=http)
    if request.source == "pubmed":
        from .connectors import eutils

        since = max((d for d in (_date(p.get("since")), _date(cursor)) if d), default=None)
        return eutils.download_query(sources, p["query"], dest, max_records=p["max"], since=since,
                                     progress=progress, deadline=deadline, http=http)
    from .connectors import pubmed_baseline

    return pubmed_baseline.download_files(sources, dest, updates=p["updates"], after=cursor,
                                          max_files=request.max_files, progress=progress, http=http)


@_store_faults
def fetch(
    settings: Settings,
    request: FetchRequest,
    *,
    cursor: str | None = None,
    progress: DownloadProgress | None = None,
    ingest_progress: ProgressFn | None = None,
    deadline: float | None = None,
    http: Any = None,
    embedder: Embedder | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
    reporter: Reporter | None = None,
    rerun: str | None = None,
    record_empty: bool = True,
) -> FetchResult:
    """Download (from `cursor` when given), ingest the files, record the fetch; returns what happened.
    `record_empty=False` (ask --live) records nothing when the source had nothing (`record.id` stays 0).

    The download happens before the store is opened (no lock held while waiting on the network); the ingest and
    the record then happen under the store's write lock. When the connector finds nothing new, the record keeps
    the previous `cursor`. Any MedbriefError (network: SourceUnreachable / RemoteError / DeadlineReached; store
    faults) leaves no record and carries a hint naming the command to re-run (`rerun`, default the request's own
    `medbrief fetch ...`)."""
    try:
        if request.source == "pubmed-baseline" and cursor is None:
            # the file sequence continues after the last file applied, whether run by `update` or by hand
            cursor = _last_cursor(settings, request)
        downloaded = download(settings, request, cursor=cursor, progress=progress, deadline=deadline, http=http)
        if request.source == "openfda-bulk" and cursor and downloaded.cursor == cursor:
            # the same export as the last fetch: its files are the ones already ingested (hours of re-reading
            # for nothing); a new export_date is what `update` waits for
            downloaded = replace(downloaded, files=(), notes=(*downloaded.notes,
                                 f"openFDA's label export is still {cursor}: nothing new"))
        with open_store(settings, create=True, reporter=reporter) as store:
            report = None
            if downloaded.files:
                report = run_ingest(store, list(downloaded.files), progress=ingest_progress, embedder=embedder,
                                    embed_progress=embed_progress)
            if downloaded.files or record_empty:
                record = _record(store.db, settings, request, downloaded, report, cursor)
            else:  # ask --live's guess that found nothing: not a request to keep updating
                record = _unrecorded(settings, request, downloaded, cursor)
    except MedbriefError as exc:
        _hint_rerun(exc, rerun or request.command)
        raise
    return FetchResult(request, downloaded, report, record, request.dest(settings.sources))


def baseline_request(source: str, params: dict[str, Any]) -> FetchRequest:
    """The request a recorded fetch belongs to: a pubmed-baseline fetch recorded before max_files stopped being
    part of the request (params {"updates", "max_files"}) belongs to the one request of its kind."""
    if source == "pubmed-baseline":
        return FetchRequest(source, {"updates": bool(params.get("updates"))})
    return FetchRequest(source, params)


def _request_key(record: FetchRecord) -> tuple[str, str]:
    request = baseline_request(record.source, record.params)
    return request.source, params_json(request.params)


def _last_cursor(settings: Settings, request: FetchRequest) -> str | None:
    """The cursor `update` would resume this request from (None without a store or an earlier fetch)."""
    from .errors import StoreMissing

    try:
        records = recorded(settings)
    except StoreMissing:
        return None
    key = (request.source, params_json(request.params))
    return dict((_request_key(r[0]), r[1]) for r in _latest_cursors(records)).get(key)


def _latest_cursors(records: list[FetchRecord]) -> list[tuple[FetchRecord, str | None]]:
    """(the latest record, cursor to resume from) per request, in the order first fetched. For pubmed-baseline
    the cursor is the furthest file any fetch of the request applied (old max_files rows merged in)."""
    from .connectors.pubmed_baseline import file_key

    latest: dict[tuple[str, str], FetchRecord] = {}
    cursors: dict[tuple[str, str], str | None] = {}
    for r in records:
        key = _request_key(r)
        latest[key] = r
        if r.source == "pubmed-baseline" and cursors.get(key) and r.cursor:
            try:
                furthest = max(cursors[key], r.cursor, key=lambda c: file_key(c.rsplit("/", 1)[-1]))
            except ValueError:
                furthest = r.cursor
            cursors[key] = furthest
        else:
            cursors[key] = r.cursor or cursors.get(key)
    return [(latest[k], cursors[k]) for k in latest]


def _record(db: RecordsDB, settings: Settings, request: FetchRequest, downloaded: Downloaded,
            report: IngestReport | None, previous_cursor: str | None) -> FetchRecord:
    counts = report.document_counts() if report is not None else {"added": 0, "updated": 0}
    record = FetchRecord(
        source=request.source, request=downloaded.request or request.describe, params=request.params,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"), url=request.url(settings.sources),
        files=len(downloaded.files), documents=report.documents if report is not None else 0,
        written=counts["added"] + counts["updated"], cursor=downloaded.cursor or previous_cursor,
        requests=downloaded.requests, cached=downloaded.cached, notes=downloaded.notes,
    )
    db.begin()
    try:
        fid = db.record_fetch(record)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return replace(record, id=fid)


def _unrecorded(settings: Settings, request: FetchRequest, downloaded: Downloaded,
                previous_cursor: str | None) -> FetchRecord:
    return FetchRecord(source=request.source, request=downloaded.request or request.describe, params=request.params,
                       fetched_at=datetime.now(UTC).isoformat(timespec="seconds"), url=request.url(settings.sources),
                       files=0, documents=0, written=0, cursor=downloaded.cursor or previous_cursor,
                       requests=downloaded.requests, cached=downloaded.cached, notes=downloaded.notes)


def _hint_rerun(exc: MedbriefError, command: str) -> None:
    """Name the command to run again in an error's hint: in place of "the command" when the hint says it
    (SourceUnreachable's), else added after it (once)."""
    hint = exc.hint or ""
    if command in hint:
        return
    if "run the command again" in hint:
        exc.hint = hint.replace("run the command again", f"run `{command}` again")
        return
    again = f"run `{command}` again (downloaded files are kept and resumed; nothing half-done was recorded)"
    exc.hint = f"{hint}; then {again}" if hint else again


@_store_faults
def recorded(settings: Settings) -> list[FetchRecord]:
    """Every recorded fetch, oldest first ([] when the store has none; StoreMissing without a store)."""
    with open_store(settings, check_index=False) as store:
        return store.db.fetches()


@_store_faults
def stored_documents(settings: Settings, records: list[FetchRecord]) -> dict[tuple[str, str], int]:
    """Per request (the key `summary` groups by): how many documents the store holds whose stored text came from
    that request's downloads (their origin is a file under the request's download folder). A document the store
    already held unchanged from elsewhere is not counted (its text came from there); one that a later fetch (an
    `update`) added or revised is counted once; one an update file deleted is not. {} without a store."""
    from .errors import StoreMissing

    keys: dict[tuple[str, str], FetchRequest] = {}
    for r in records:
        keys.setdefault(_request_key(r), baseline_request(r.source, r.params))
    out: dict[tuple[str, str], int] = {}
    try:
        with open_store(settings, check_index=False) as store:
            for key, request in keys.items():
                folder = request.dest(settings.sources)
                prefixes = {f"{folder}/", f"{folder.resolve()}/"}
                out[key] = sum(store.db.conn.execute(
                    "SELECT COUNT(*) FROM documents WHERE substr(origin, 1, ?) = ?", (len(p), p)).fetchone()[0]
                    for p in prefixes)
    except StoreMissing:
        return {}
    return out


def summary(records: list[FetchRecord], stored: dict[tuple[str, str], int] | None = None) -> list[dict[str, Any]]:
    """One entry per request (source + parameters), in the order first fetched: `source`, `request`, `params`,
    `url`, `first_fetched`, `last_fetched`, `fetches`, `documents`, `written` (added or updated, all fetches),
    `files` (all fetches), `cursor` (the latest), `command` (how to run it again).

    `documents`: with `stored` (from `stored_documents`), the documents the store holds from the request's
    downloads, each counted once however many fetches read it (so a fetch's 2 and an update's 1 added make 3).
    Without it, or when it finds none (the download folder moved: MEDBRIEF_CACHE changed), an estimate from the
    records: how many documents the request's fetches put in the store, each counted once. For most sources
    that is the most one fetch read (each fetch reads the request's whole answer again, or only what is new).
    For pubmed-baseline it is counted per distinct file: a fetch covers the files numbered up to its cursor (its
    last file), `files` of them; its documents count only for files no earlier fetch covered (all of them when it
    covered every earlier file too: then it re-read them), so a cut download, its resume and a plain re-run of
    the same files count the files' documents once, not once per fetch."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    covered: dict[tuple[str, str], set[tuple[int, int]]] = {}
    for r in records:
        key = _request_key(r)
        entry = out.get(key)
        if entry is None:
            request = baseline_request(r.source, r.params)
            entry = out[key] = {
                "source": r.source, "request": request.describe, "params": request.params,
                "url": r.url, "first_fetched": r.fetched_at, "fetches": 0, "documents": 0, "written": 0,
                "files": 0, "command": request.command,
            }
        entry["fetches"] += 1
        entry["last_fetched"] = r.fetched_at
        entry["url"] = r.url
        entry["cursor"] = r.cursor
        entry["written"] += r.written
        entry["files"] += r.files
        if not r.files:
            continue
        span = _baseline_span(r) if r.source == "pubmed-baseline" else None
        if span is None:
            entry["documents"] = max(entry["documents"], r.documents)
            continue
        seen = covered.setdefault(key, set())
        new = span - seen
        if seen <= span:  # it read every file counted so far, and maybe more: its own count is the whole
            entry["documents"] = max(entry["documents"], r.documents)
        elif new:  # partly new files: their share of its documents
            entry["documents"] += round(r.documents * len(new) / len(span))
        seen |= span
    for key, entry in out.items():
        if stored and stored.get(key):
            entry["documents"] = stored[key]
    return list(out.values())


def _baseline_span(record: FetchRecord) -> set[tuple[int, int]] | None:
    """The (year, number) keys of the files a pubmed-baseline fetch read: its `files` files ending at its cursor
    (files are consecutive in number order); None when the cursor is not a PubMed file name."""
    from .connectors.pubmed_baseline import file_key

    try:
        year, last = file_key((record.cursor or "").rsplit("/", 1)[-1])
    except ValueError:
        return None
    return {(year, n) for n in range(max(0, last - record.files + 1), last + 1)}


def pending_updates(records: list[FetchRecord]) -> list[tuple[FetchRequest, str | None]]:
    """(request, cursor of its latest fetch) for every recorded request, in the order first fetched."""
    return [(baseline_request(r.source, r.params), cursor) for r, cursor in _latest_cursors(records)]


# -- ask --live: fetch what a question needs before answering it -----------------------------------------------
# A question asks for recent research when it says so: "latest", "recent", "new", "current", "this year",
# "since 2024", "in 2025".
_RECENT = re.compile(r"\b(?:latest|recent(?:ly)?|newe?st|new|newer|current|up[- ]to[- ]date|this year|last year|"
                     r"(?:since|after|from|in) ((?:19|20)\d\d))\b", re.I)
# words that ask for research rather than name its topic
_NOT_TOPIC = frozenset("""latest recent recently new newer newest current research studies study trials trial
    evidence data label labels literature papers publications findings year years since""".split())
# words a drug slot catches that name no drug ("dose for children", "what is it used for")
_NOT_DRUG = frozenset("""this that these those them it kids infants toddlers newborns babies elderly pregnancy
    breastfeeding pain fever hypertension diabetes dose doses dosage dosing maximum usual recommended treatment
    therapy drug drugs medication medicine best difference risk risks""".split())
LIVE_RESEARCH_MAX = 100  # abstracts fetched for a question: enough for a research tier, quick within the deadline


@dataclass(frozen=True)
class LivePlan:
    """What `ask --live` fetches for a question: labels of `drugs` (named, no local label) and, when the question
    asks for recent research, PubMed records for `research_query` published since `since`."""

    drugs: tuple[str, ...] = ()
    research_query: str | None = None
    since: date | None = None

    @property
    def empty(self) -> bool:
        return not self.drugs and not self.research_query


def live_plan(settings: Settings, question: str, *, today: date | None = None) -> LivePlan:
    """Read the question against the local store (or, without one, against an empty dictionary): the drugs it
    names that no stored label names (a drug word nothing knows, or a name only the lexicon knows), and whether
    it asks for recent research. InvalidQuestion for an empty or oversized question."""
    from .retrieve.drugs import DrugDictionary
    from .retrieve.question import _DRUG_SLOT, POPULATION_WORDS, analyse

    if settings.db_path.exists():
        from .retrieve.corpus import Corpus

        with open_store(settings) as store:
            corpus = Corpus(store)
            q = analyse(question, corpus.drugs)
    else:
        q = analyse(question, DrugDictionary([]))
    drugs = list(dict.fromkeys([*q.unknown_words, *(d.canonical for d in q.drugs if not d.in_labels)]))
    if not q.drugs:
        # the drug slot of "what is X used for" / "dose of X" even when X is an English word ("aspirin",
        # "metformin" are in the word lists, so analyse never calls them unknown): a wrong guess costs one
        # openFDA request that finds nothing
        slot = _DRUG_SLOT.search(q.text)
        word = next((g for g in slot.groups() if g), "").lower() if slot else ""
        if word and word not in POPULATION_WORDS and word not in _NOT_DRUG and word not in drugs:
            drugs.append(word)
    recent = _RECENT.search(q.text)
    query, since = None, None
    if recent:
        today = today or datetime.now(UTC).date()
        year = recent.group(1)
        since = date(int(year), 1, 1) if year else today.replace(year=today.year - 1)
        named = [*q.drug_names, *q.unknown_words]
        topic = [t for t in q.topic if t not in _NOT_TOPIC and t not in named and not t.isdigit()]
        words = list(dict.fromkeys([*named, *topic]))[:6]
        query = " ".join(words) or None
    return LivePlan(tuple(drugs), query, since if query else None)


@dataclass
class LiveOutcome:
    """What `ask --live` did: the fetches that completed and one sentence per thing a user should know."""

    results: list[FetchResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    offline: bool = False


def _live_source(sources: SourceSettings, source: str, deadline: float, timeout: float) -> Any:
    """A source's HttpSource for ask --live: the deadline stops new requests, and no single request may wait longer
    than the whole time allowed (a server that answers slowly or not at all cannot hold the answer up for the
    usual 30 s per try)."""
    if source == "openfda":
        from .connectors import openfda

        http = openfda.openfda_source(sources, deadline=deadline)
    elif source == "pubmed":
        from .connectors import eutils

        http = eutils.make_http(sources, deadline=deadline)
    else:
        from .connectors import dailymed

        http = dailymed._source(sources, deadline)
    http.timeout = max(1.0, min(http.timeout, timeout))  # read when its client is made, on the first request
    return http


def live_fetch(settings: Settings, plan: LivePlan, *, timeout: float = 20.0, http: Callable[[str], Any] | None = None,
               reporter: Reporter | None = None, embedder: Embedder | None = None) -> LiveOutcome:
    """Fetch what `plan` asks for within `timeout` seconds: for each drug openFDA's labels, then DailyMed's when
    openFDA has none; then the PubMed query since the plan's date. Never raises for the network: an unreachable
    source (offline) stops all fetching, a deadline stops what is left, a source's refusal moves on; each says so
    in `notes`. A store that cannot be written now (read-only, or another writer holding it past the deadline) stops
    the fetching too: it can still be read. Other store faults propagate (the answer could not be given from the
    store either). `http(source)` (tests) gives the HttpSource of a source."""
    import time

    from .errors import DeadlineReached, ReadOnlyStore, RemoteError, SourceUnreachable, StoreLocked

    outcome = LiveOutcome()
    deadline = time.monotonic() + max(0.0, timeout)
    if http is None:
        def http(source: str) -> Any:
            return _live_source(settings.sources, source, deadline, timeout)
    steps: list[tuple[str, FetchRequest]] = []
    for drug in plan.drugs:
        steps.append((drug, FetchRequest.make("openfda", drug=drug)))
    if plan.research_query:
        steps.append(("", FetchRequest.make("pubmed", query=plan.research_query, max=LIVE_RESEARCH_MAX,
                                            since=plan.since)))
    found: set[str] = set()
    for drug, request in steps:
        if drug and drug in found:
            continue
        requests = [request]
        if drug:
            requests.append(FetchRequest.make("dailymed", drug=drug))
        for req in requests:
            if drug and drug in found:
                break
            if time.monotonic() > deadline:
                outcome.notes.append(f"--live: {timeout:g} s passed before {req.source} {req.describe} was fetched; "
                                     "answering from what is local")
                return outcome
            # another writer holding the store is waited for only as long as --live may take, not 10 minutes
            bounded = replace(settings, lock_timeout=min(settings.lock_timeout,
                                                         max(0.0, deadline - time.monotonic())))
            try:
                result = fetch(bounded, req, deadline=deadline, http=http(req.source),
                               reporter=reporter, embedder=embedder, record_empty=False)
            except SourceUnreachable as exc:
                outcome.offline = True
                outcome.notes.append(f"--live: {exc}; answering from what is local")
                return outcome
            except DeadlineReached as exc:
                outcome.notes.append(f"--live: {exc} (--live-timeout {timeout:g} s); answering from what is local")
                return outcome
            except RemoteError as exc:
                outcome.notes.append(f"--live: {req.source} {req.describe}: {exc}")
                continue
            except (ReadOnlyStore, StoreLocked) as exc:  # the store can still be read: answer from it
                outcome.notes.append(f"--live: {exc}; answering from what is local")
                return outcome
            outcome.results.append(result)
            stored = result.record.documents
            if result.record.files:
                outcome.notes.append(f"--live: {req.source} {req.describe}: {result.record.files} file(s), "
                                     f"{stored} document(s) in the store")
            else:
                said = result.downloaded.notes[0] if result.downloaded.notes else "nothing found"
                outcome.notes.append(f"--live: {req.source} {req.describe}: {said}")
            if drug and stored:
                found.add(drug)
    return outcome
