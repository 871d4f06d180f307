"""Live sources (issue 14): the pipeline's first stage, remote sources -> files the existing parsers read.

A connector only DOWNLOADS complete files in the source's real format (openFDA `{"meta","results"}` JSON, PubMed XML
/ .xml.gz, DailyMed SPL zip) into a destination folder chosen by the caller and returns a `Downloaded` record.
Ingesting them (`pipeline.ingest`, transactional per batch) and recording the fetch in the store is the
orchestration's job, so a connector never writes the store and a download cut in the middle leaves only a `.part`
file, which the next run resumes (`http.HttpSource.download`).

    http.py      HttpSource: timeouts, retries with backoff, Retry-After, rate limit, on-disk cache, fixed params
    openfda.py   download_drug (label API, paged), download_bulk (the bulk label zips of download.json)

Every connector takes its base URL from `settings.SourceSettings` (MEDBRIEF_*_URL), so the tests point it at a
replay server on 127.0.0.1 (tests/connectors/replay.py) and no test touches the internet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Downloaded:
    """What one connector call brought: complete files ready for `pipeline.ingest`, and how to resume.

    source: "openfda" | "openfda-bulk" | "pubmed" | "pubmed-baseline" | "dailymed".
    request: human-readable, e.g. 'drug=baclofen', 'query="baclofen spasticity" max=300 since=2024-01-01'.
    files: complete files in the order to ingest them (never a partial one).
    cursor: what `medbrief update` resumes from (newest effective_time, newest Entrez date, last update file ...);
        None when nothing new came.
    requests: HTTP requests sent (retries included, cache hits excluded); cached: answers served from the cache.
    notes: what a user should know ("openFDA has 3 labels for baclofen; 1 page").
    """

    source: str
    request: str
    files: tuple[Path, ...]
    cursor: str | None
    requests: int = 0
    cached: int = 0
    notes: tuple[str, ...] = ()
