"""DailyMed: every SPL of a drug name, as the SPL zips DailyMed distributes (what `medbrief ingest` reads).

Two calls of the DailyMed web services (https://dailymed.nlm.nih.gov/dailymed/app-support-web-services.cfm):

    GET {base}/services/v2/spls.json?drug_name=NAME&pagesize=100&page=N
        [&published_date=YYYY-MM-DD&published_date_comparison=gte]
        -> {"data": [{"setid", "spl_version", "title", "published_date": "May 25, 2026"}, ...],
            "metadata": {"total_elements", "total_pages", "current_page", "elements_per_page", "next_page_url",
                         "db_published_date", ...}}
    GET {base}/downloadzipfile.cfm?setId=SETID
        -> the current version's SPL zip (the SPL XML plus its images)

The zip is fetched from downloadzipfile.cfm, not from the web services' own `spls/{SETID}.zip`, which public
clients report answering with a redirect to the home page (HTML) instead of the zip; whatever answers, a file that
is not a zip is refused (RemoteError), never handed to ingest. Recorded shapes and where they come from:
tests/fixtures/connectors/README.md.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import DeadlineReached, RemoteError
from ..settings import SourceSettings
from . import Downloaded
from .http import SOURCE_FAILED, HttpSource

SPLS = "/services/v2/spls.json"
ZIP = "/downloadzipfile.cfm"
PAGESIZE = 100  # the web services' largest page
PER_SECOND = 4.0  # DailyMed publishes no limit; stay polite
MAX_PAGES = 200  # 20,000 SPLs: far beyond any drug name; a bound in case a server pages forever


def _source(sources: SourceSettings, deadline: float | None) -> HttpSource:
    return HttpSource("dailymed", sources.dailymed_url, per_second=PER_SECOND,
                      cache_dir=sources.cache_dir, deadline=deadline)


def published(text: str) -> date | None:
    """DailyMed's `published_date` ("May 25, 2026"; ISO dates accepted too) as a date, or None."""
    text = (text or "").strip()
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _since(since: date | str | None) -> str | None:
    if since is None or since == "":
        return None
    if isinstance(since, date):
        return since.isoformat()
    day = published(str(since))
    if day is None:
        raise ValueError(f"since={since!r} is not a date (YYYY-MM-DD)")
    return day.isoformat()


def search(http: HttpSource, name: str, *, since: date | str | None = None,
           deadline: float | None = None) -> tuple[list[dict[str, Any]], int]:
    """Every SPL DailyMed lists for `name` (published on or after `since`), one entry per set id (the highest
    version listed), in the order listed; and the number of pages read. RemoteError when an answer is not the
    web services' JSON."""
    # drug_name is "the generic or brand name" in DailyMed's web services (spls.json): brands are found already
    params: dict[str, str | int] = {"drug_name": name, "pagesize": PAGESIZE}
    day = _since(since)
    if day:
        # gte, not gt: a label published later on the day of the last fetch is not missed (the ones already
        # ingested that day come back unchanged)
        params.update(published_date=day, published_date_comparison="gte")
    by_set: dict[str, dict[str, Any]] = {}
    page, pages = 1, 1
    while page <= pages and page <= MAX_PAGES:
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineReached(f"DailyMed search for {name!r} stopped at page {page} of {pages}: time is up")
        # a listing is never served from the cache: `update` must see what was published since
        body = http.get(SPLS, {**params, "page": page}, cache=False)
        try:
            answer = json.loads(body)
            rows = answer["data"]
            meta = answer.get("metadata") or {}
        except (ValueError, KeyError, TypeError) as exc:
            raise RemoteError(f"DailyMed's SPL search answered something that is not its JSON ({body[:80]!r})",
                              hint=SOURCE_FAILED) \
                from exc
        for row in rows:
            setid = str(row.get("setid") or "").strip()
            if not setid:
                continue
            seen = by_set.get(setid)
            if seen is None or _version(row) > _version(seen):
                by_set[setid] = row
        try:
            pages = int(meta.get("total_pages") or 1)
        except (TypeError, ValueError):
            pages = 1
        page += 1
    return list(by_set.values()), page - 1


def _version(row: dict[str, Any]) -> int:
    try:
        return int(row.get("spl_version") or 0)
    except (TypeError, ValueError):
        return 0


def download_drug(sources: SourceSettings, name: str, dest: Path, *, since: date | str | None = None,
                  progress: Callable[[int, int | None], None] | None = None, deadline: float | None = None,
                  http: HttpSource | None = None) -> Downloaded:
    """Download the SPL zip of every label DailyMed lists for `name` (generic or brand) into `dest`, as
    `<setid>_<version>.zip` (DailyMed's own naming); with `since` (a date or "YYYY-MM-DD"), only labels published
    on or after it. A zip already complete in `dest` is not downloaded again, so a re-run after an interruption
    resumes. `progress(done, total)` counts zips. The cursor is the newest `published_date` listed ("YYYY-MM-DD"),
    None when nothing is listed.

    Errors: SourceUnreachable (offline), RemoteError (an HTTP error retrying cannot fix, or an answer that is not
    the expected JSON or zip), DeadlineReached (time is up: what was downloaded stays in `dest`)."""
    http = http or _source(sources, deadline)
    before = _counters(http)
    dest.mkdir(parents=True, exist_ok=True)
    rows, pages = search(http, name, since=since, deadline=deadline)
    files: list[Path] = []
    if progress:
        progress(0, len(rows))
    for i, row in enumerate(rows):
        if deadline is not None and time.monotonic() > deadline:
            raise DeadlineReached(f"DailyMed download for {name!r} stopped after {i} of {len(rows)} labels: "
                                  "time is up")
        setid = _safe(str(row["setid"]).strip())
        target = dest / f"{setid}_{_version(row)}.zip"
        if not (target.is_file() and zipfile.is_zipfile(target)):
            http.download(f"{ZIP}?setId={setid}", target)
            if not zipfile.is_zipfile(target):
                target.unlink(missing_ok=True)
                raise RemoteError(f"DailyMed answered the download of label {setid} with something that is not "
                                  "an SPL zip (a web page?)", hint=SOURCE_FAILED)
        files.append(target)
        if progress:
            progress(i + 1, len(rows))
    days = [d for d in (published(str(r.get("published_date") or "")) for r in rows) if d]
    cursor = max(days).isoformat() if days else None
    since_text = f" published since {_since(since)}" if _since(since) else ""
    notes = (f"DailyMed lists {len(rows)} label(s) for {name!r}{since_text} ({pages} page(s))"
             + ("" if rows or since_text else "; DailyMed searches generic and brand names: check the spelling, "
                "or try the active ingredient's name"),)
    requests, cached = _counters(http)
    return Downloaded(source="dailymed", request=f"drug={name}" + (f" since={_since(since)}" if since else ""),
                      files=tuple(files), cursor=cursor, requests=requests - before[0], cached=cached - before[1],
                      notes=notes)


def _safe(setid: str) -> str:
    """A set id as a file name (a hostile answer cannot climb out of `dest`)."""
    return "".join(c for c in setid if c.isalnum() or c == "-")[:80] or "label"


def _counters(http: HttpSource) -> tuple[int, int]:
    """(requests sent, cache hits) so far, when the HttpSource counts them."""
    return int(getattr(http, "requests", 0) or 0), int(getattr(http, "cached", 0) or 0)
