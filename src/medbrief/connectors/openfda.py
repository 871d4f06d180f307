"""openFDA drug labels (issue 14 point 1): every label of one ingredient from the label API, or the whole label
set from the bulk files listed by openFDA's download index. Files only; `pipeline.ingest` reads them
(sources/openfda.py: `{"meta","results"}` answers, and zips of them).

API: `GET /drug/label.json?search=...&limit=100`, paged by following the answer's `Link: rel="next"` (openFDA's
search_after cursor, no cap) and, when an answer has no Link, by `skip` (openFDA refuses skip > 25,000: beyond it
the rest is left with a note pointing at `--bulk`). A 404 "No matches found!" is zero labels, not an error.
Politeness: 240 requests a minute (openFDA's per-minute limit, with or without a key); the key
(OPENFDA_API_KEY) only raises the daily quota (1,000 -> 120,000) and is sent as `api_key`, never cached or shown.

Bulk: `GET /download.json` -> `results.drug.label` {export_date, partitions: [{file, size_mb, records,
display_name}]}; each partition zip is downloaded resumably into `dest/<export_date>/` and checked (a readable zip
holding JSON; size_mb is only approximate). A partition whose JSON is larger than the ingest reader takes in one
piece (real ones hold ~20,000 labels, over 1 GB of JSON) is split, streaming, into `.json.gz` files of
`CHUNK_RECORDS` labels in the same `{"meta","results"}` format.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import RemoteError
from ..settings import SourceSettings
from . import Downloaded
from .http import SOURCE_FAILED, HttpSource

LABEL_PATH = "/drug/label.json"
INDEX_PATH = "/download.json"
PAGE_SIZE = 100        # labels per API page (openFDA allows 1,000; 100 keeps one answer ~10 MB at most)
SKIP_MAX = 25_000      # openFDA: "Skip value must 25000 or less."
PER_SECOND = 4.0       # 240 requests/min
# A partition's JSON up to this size is ingested as the zip itself; above it, split into chunks (the reader loads
# one file whole, and refuses more than files.MAX_INPUT_BYTES).
SPLIT_ABOVE = 64 * 1024 * 1024
CHUNK_RECORDS = 200    # labels per split chunk: ~10-25 MB of JSON; bounds the memory of a split

Progress = Callable[[int, int | None], None]


def openfda_source(sources: SourceSettings, *, deadline: float | None = None, **options: Any) -> HttpSource:
    """The HttpSource for openFDA: base URL from MEDBRIEF_OPENFDA_URL, api_key from OPENFDA_API_KEY, 240/min,
    the cache under MEDBRIEF_CACHE; `options` go to HttpSource (tests inject sleep / clock / retries)."""
    fixed = {"api_key": sources.openfda_api_key} if sources.openfda_api_key else None
    return HttpSource("openfda", sources.openfda_url, per_second=PER_SECOND, cache_dir=sources.cache_dir,
                      fixed_params=fixed, deadline=deadline, **options)


def _yyyymmdd(since: date | str | None) -> str | None:
    if since is None:
        return None
    text = since.strftime("%Y%m%d") if isinstance(since, date) else re.sub(r"\D", "", str(since))
    if len(text) != 8:
        raise ValueError(f"since={since!r}: expected a date (YYYY-MM-DD or YYYYMMDD)")
    return text


def search_query(name: str, since: date | str | None = None) -> str:
    """The openFDA `search` for every label of a drug: an exact phrase in openfda.generic_name,
    openfda.substance_name or openfda.brand_name (upper case, as openFDA stores them; a brand such as JANUMET is
    named only in brand_name), and effective_time from `since` on.

    search_query("baclofen", "2024-01-01") is (on one line) '(openfda.generic_name:"BACLOFEN" OR
    openfda.substance_name:"BACLOFEN" OR openfda.brand_name:"BACLOFEN") AND effective_time:[20240101 TO *]'
    """
    words = " ".join(name.split()).upper()
    if not words:
        raise ValueError("empty drug name")
    phrase = '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'
    query = f"(openfda.generic_name:{phrase} OR openfda.substance_name:{phrase} OR openfda.brand_name:{phrase})"
    stamp = _yyyymmdd(since)
    return f"{query} AND effective_time:[{stamp} TO *]" if stamp else query


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _page(body: bytes, where: str) -> tuple[list[dict[str, Any]], int | None]:
    """(results, meta.results.total) of an API answer; RemoteError when it is not one."""
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise RemoteError(f"openFDA: the answer to {where} is not JSON: {exc}", hint=SOURCE_FAILED) from None
    results = doc.get("results") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise RemoteError(f"openFDA: the answer to {where} has no 'results' list", hint=SOURCE_FAILED)
    paging = (doc.get("meta") or {}).get("results") or {}
    total = paging.get("total") if isinstance(paging, dict) else None
    return results, total if isinstance(total, int) else None


def _newest(results: list[dict[str, Any]], newest: str | None) -> str | None:
    for rec in results:
        stamp = rec.get("effective_time") if isinstance(rec, dict) else None
        if isinstance(stamp, str) and stamp.isdigit() and (newest is None or stamp > newest):
            newest = stamp
    return newest


def download_drug(sources: SourceSettings, name: str, dest: Path, *, since: date | str | None = None,
                  progress: Progress | None = None, deadline: float | None = None, http: HttpSource | None = None,
                  page_size: int = PAGE_SIZE) -> Downloaded:
    """Every openFDA label of the drug `name` (all labels whose generic, substance or brand name holds it as a
    phrase; every page asked of openFDA, never from the cache), written as the API's own `{"meta","results"}`
    pages `dest/label-page-NNNN.json`.

    since: only labels with effective_time on or after it (for `update`). progress(done, total) counts labels.
    deadline: a time.monotonic() after which no request starts (DeadlineReached; pages already written stay
    complete). http: an HttpSource to use (tests), else one from `sources` (closed on return).
    Returns Downloaded(source "openfda", request 'drug=NAME[ since=YYYYMMDD]', the page files in order,
    cursor = the newest effective_time seen (None when no label)). Zero matches (openFDA's 404 "No matches
    found!") is a note, not an error. Errors: SourceUnreachable, RemoteError, DeadlineReached, ValueError (an
    empty name or a bad `since`).
    """
    query = search_query(name, since)
    stamp = _yyyymmdd(since)
    request = f"drug={' '.join(name.split())}" + (f" since={stamp}" if stamp else "")
    own = http is None
    http = http or openfda_source(sources, deadline=deadline)
    first_requests, first_cached = http.requests, http.cached
    dest.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    notes: list[str] = []
    newest: str | None = None
    got, total = 0, None
    target: str = LABEL_PATH
    params: dict[str, str | int] | None = {"search": query, "limit": page_size}
    try:
        while True:
            try:
                # never from the cache: the search decides what is new, and `update` or a re-run within a day
                # must see labels published since (an answer cached yesterday would hide them)
                body, next_url = http.get_page(target, params, cache=False)
            except RemoteError as exc:
                if exc.status == 404:  # openFDA's "No matches found!": zero labels, or paged past the end
                    break
                raise
            results, total_here = _page(body, request)
            total = total_here if total_here is not None else total
            if not results:
                break
            path = dest / f"label-page-{len(files) + 1:04d}.json"
            _write_atomic(path, body)
            files.append(path)
            got += len(results)
            newest = _newest(results, newest)
            if progress:
                progress(got, total)
            if total is not None and got >= total:
                break
            if next_url:  # openFDA's search_after cursor: no skip cap
                target, params = next_url, None
                continue
            if got > SKIP_MAX:
                notes.append(f"openFDA pages at most {SKIP_MAX:,} labels by skip: {total - got:,} of {total:,} "
                             f"not fetched; `medbrief fetch openfda --bulk` has them all" if total else
                             f"openFDA pages at most {SKIP_MAX:,} labels by skip; the rest was not fetched")
                break
            target, params = LABEL_PATH, {"search": query, "limit": page_size, "skip": got}
    finally:
        if own:
            http.close()
    for stale in dest.glob("label-page-*.json"):  # pages of an earlier, longer answer: not part of this one
        if stale not in files:
            stale.unlink(missing_ok=True)
    since_text = f" with effective_time from {stamp}" if stamp else ""
    if not files:
        notes.insert(0, f"openFDA has no label for {name}{since_text}" + (
            "" if stamp else f" (searched generic, substance and brand names); if {name} is a product name, "
                             "try its active ingredient, e.g. `medbrief fetch openfda --drug sitagliptin`"))
    else:
        pages = "1 page" if len(files) == 1 else f"{len(files)} pages"
        notes.insert(0, f"openFDA has {total if total is not None else got:,} label(s) for {name}{since_text}; "
                        f"{got:,} fetched in {pages}")
    return Downloaded(source="openfda", request=request, files=tuple(files), cursor=newest,
                      requests=http.requests - first_requests, cached=http.cached - first_cached,
                      notes=tuple(notes))


# -- bulk ---------------------------------------------------------------------------------------------------
def label_index(body: bytes) -> tuple[str, list[dict[str, Any]]]:
    """(export_date, partitions) of download.json's `results.drug.label`; RemoteError when absent."""
    try:
        doc = json.loads(body)
        label = doc["results"]["drug"]["label"]
        export_date = str(label["export_date"])
        partitions = [p for p in label["partitions"] if isinstance(p, dict) and p.get("file")]
    except (ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"openFDA download.json has no results.drug.label partitions ({exc!r})",
                          hint=SOURCE_FAILED) from None
    if not re.fullmatch(r"[0-9-]{8,10}", export_date):
        raise RemoteError(f"openFDA download.json: unexpected export_date {export_date!r}", hint=SOURCE_FAILED)
    return export_date, partitions


def zip_problem(path: Path) -> str | None:
    """None when `path` is a complete zip whose members are readable (CRC-checked) and hold JSON, else what is
    wrong."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if not i.is_dir()]
            if not members:
                return "is an empty zip"
            bad = zf.testzip()
            if bad is not None:
                return f"has a damaged member {bad}"
            with zf.open(members[0]) as fh:
                head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
            if head[:1] not in (b"{", b"["):
                return f"holds {members[0].filename}, which is not JSON"
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return f"is not a complete zip ({exc})"
    return None


def _checked(zpath: Path) -> bool:
    """True when `zpath` was checked whole before (its `.<name>.checked` note, a dot file the ingest skips, matches
    its size), or checks whole now: testing a 130 MB zip's CRCs costs seconds, so it is done once per file."""
    note = zpath.with_name(f".{zpath.name}.checked")
    try:
        if note.read_text().strip() == str(zpath.stat().st_size):
            return True
    except OSError:
        pass
    if zpath.exists() and zip_problem(zpath) is None:
        _mark_checked(zpath)
        return True
    return False


def _mark_checked(zpath: Path) -> None:
    zpath.with_name(f".{zpath.name}.checked").write_text(f"{zpath.stat().st_size}\n")


def _split_partition(zpath: Path, out_dir: Path) -> list[Path]:
    """Stream the zip's `{"meta","results":[...]}` JSON into `out_dir/<stem>-NNNN.json.gz` files of CHUNK_RECORDS
    labels each, in the same format; written under a temporary folder and renamed into place, so a cut split leaves
    nothing that looks finished. Returns the chunk files in order."""
    import ijson  # streaming: a partition's JSON is over 1 GB, never held in memory whole

    stem = zpath.name.removesuffix(".zip").removesuffix(".json")
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with zipfile.ZipFile(zpath) as zf:
        member = next(i for i in zf.infolist() if not i.is_dir())
        with zf.open(member) as fh:
            meta = next(ijson.items(fh, "meta"), {})
        with zf.open(member) as fh:
            chunk: list[Any] = []
            number = 0
            for record in ijson.items(fh, "results.item", use_float=True):
                chunk.append(record)
                if len(chunk) >= CHUNK_RECORDS:
                    number += 1
                    _write_chunk(tmp / f"{stem}-{number:04d}.json.gz", meta, chunk)
                    chunk = []
            if chunk:
                number += 1
                _write_chunk(tmp / f"{stem}-{number:04d}.json.gz", meta, chunk)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.replace(tmp, out_dir)
    return sorted(out_dir.glob("*.json.gz"))


def _write_chunk(path: Path, meta: Any, records: list[Any]) -> None:
    # level 1: 3x faster than 6 and still ~5x smaller than the JSON; mtime=0: the same labels give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz:
        gz.write(json.dumps({"meta": meta, "results": records}, ensure_ascii=False).encode())


def _member_size(zpath: Path) -> int:
    with zipfile.ZipFile(zpath) as zf:
        return sum(i.file_size for i in zf.infolist() if not i.is_dir())


def _ready_files(zpath: Path) -> list[Path]:
    """What to ingest for a complete partition zip: the zip itself, or its split chunks (made once)."""
    if _member_size(zpath) <= SPLIT_ABOVE:
        return [zpath]
    out_dir = zpath.with_name(zpath.name.removesuffix(".zip") + ".chunks")
    done = out_dir / ".complete"
    if done.exists():
        return sorted(out_dir.glob("*.json.gz"))
    chunks = _split_partition(zpath, out_dir)
    done.write_text(f"{len(chunks)}\n")
    return chunks


def download_bulk(sources: SourceSettings, dest: Path, *, progress: Progress | None = None,
                  http: HttpSource | None = None) -> Downloaded:
    """Every drug label partition listed by openFDA's download index, downloaded resumably into
    `dest/<export_date>/` (a cut download resumes from its `.part` on the next call; a partition already complete
    is not downloaded again), each checked to be a complete zip holding JSON.

    progress(done, total) counts bytes over all partitions (total from the index's approximate size_mb until the
    real sizes are known). Returns Downloaded(source "openfda-bulk", request "bulk", files = per partition the zip,
    or its `.json.gz` chunks when its JSON is too large to read whole, cursor = the index's export_date). Folders of
    older exports in `dest` are removed once this export is complete (openFDA re-exports every label each time).
    Errors: SourceUnreachable, RemoteError (no index, a partition that is not a complete zip after a fresh
    download).
    """
    own = http is None
    http = http or openfda_source(sources)
    first_requests, first_cached = http.requests, http.cached
    try:
        export_date, partitions = label_index(http.get(INDEX_PATH, cache=False))
        folder = dest / export_date
        folder.mkdir(parents=True, exist_ok=True)
        estimate = [int(float(p.get("size_mb") or 0) * 1024 * 1024) for p in partitions]
        files: list[Path] = []
        skipped = 0
        finished = 0  # bytes of the partitions done
        for i, part in enumerate(partitions):
            url = str(part["file"])
            zpath = folder / url.rstrip("/").rsplit("/", 1)[-1]
            if _checked(zpath):
                skipped += 1
            else:
                zpath.unlink(missing_ok=True)

                def report(done: int, total: int | None, i: int = i, before: int = finished) -> None:
                    if progress:
                        rest = sum(estimate[i + 1:])
                        progress(before + done, before + (total or estimate[i]) + rest)

                http.download(url, zpath, progress=report)
                problem = zip_problem(zpath)
                if problem is not None:
                    zpath.unlink(missing_ok=True)
                    raise RemoteError(f"openFDA bulk file {zpath.name} {problem}; run the command again to fetch "
                                      "it anew", hint=SOURCE_FAILED)
                _mark_checked(zpath)
            finished += zpath.stat().st_size
            files.extend(_ready_files(zpath))
        if progress:
            progress(finished, finished)
    finally:
        if own:
            http.close()
    for old in dest.iterdir():
        if old.is_dir() and old.name != export_date and re.fullmatch(r"[0-9-]{8,10}", old.name):
            shutil.rmtree(old, ignore_errors=True)
    records = sum(int(p.get("records") or 0) for p in partitions)
    notes = [f"openFDA bulk labels of {export_date}: {len(partitions)} partition(s), {records:,} labels, "
             f"{finished / 1e6:,.0f} MB" + (f"; {skipped} already complete" if skipped else "")]
    return Downloaded(source="openfda-bulk", request="bulk", files=tuple(files), cursor=export_date,
                      requests=http.requests - first_requests, cached=http.cached - first_cached,
                      notes=tuple(notes))

