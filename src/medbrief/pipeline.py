"""The library's front door: every interface (CLI, HTTP, MCP) calls these functions."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import (
    IndexDamaged,
    InvalidQuestion,
    ModelUnavailable,
    ModeUnavailable,
    PathMissing,
    StoreMissing,
    UnknownDrug,
)
from .records import TIERS, Hit, Passage, Tier
from .retrieve.dense import (
    Embedder,
    EmbedEstimate,
    MiniLMOnnx,
    default_embedder,
    default_embedder_loading,
    embed_pending,
    preload_default_embedder,
    retrieval_mode,
)
from .retrieve.fuse import MODES, Mode, search_ids
from .settings import Settings
from .store import CheckReport, Reporter, Store
from .store.faults import store_faults
from .store.vectors import coverage, has_vectors, stored_models

if TYPE_CHECKING:
    from .brief import Brief
    from .evaluate import evaluate_retrieval
    from .ingest import FreeTextGuideline, IngestReport, ProgressFn
    from .retrieve.question import Question

# Imported on first use (issue 16, fast start): `search` and `stats` need neither the brief composer, the ingest
# readers nor the evaluation code (~0.2 s of imports). Module attributes for the interfaces and tests.
_LAZY = {"Brief": "brief", "evaluate_retrieval": "evaluate", "FreeTextGuideline": "ingest",
         "IngestReport": "ingest", "ProgressFn": "ingest"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MAX_QUERY_CHARS = 10_000
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _store_faults(fn: F) -> F:
    """Run a pipeline entry (first argument: Settings) so that a fault of the environment (full disk, a database
    locked by another program, read-only, damaged) reaches the interfaces as one StoreError naming the store."""

    @functools.wraps(fn)
    def guarded(settings: Settings, *args: Any, **kwargs: Any) -> Any:
        with store_faults(settings.db_path):
            return fn(settings, *args, **kwargs)

    return guarded  # type: ignore[return-value]


def open_store(settings: Settings, *, create: bool = False, write: bool = False, check_index: bool = True,
               reporter: Reporter | None = None) -> Store:
    """Open the configured store; raises StoreMissing when absent (unless `create`).

    `create` / `write` take the store's write lock (waiting up to `settings.lock_timeout` s, then StoreLocked).
    With `check_index` the index is compared with the records and repaired when they differ (store.ensure_index),
    saying so through `reporter`; IndexStale when it cannot be. Other StoreErrors: ForeignStore, DamagedStore,
    ReadOnlyStore."""
    if not create and not settings.db_path.exists():
        raise StoreMissing(f"no medbrief store at {settings.db_path}")
    store = Store(settings.db_path, create=create, write=write, reporter=reporter, lock_timeout=settings.lock_timeout)
    if check_index:
        try:
            store.ensure_index()
        except BaseException:
            store.close()
            raise
    return store


@_store_faults
def ingest(
    settings: Settings,
    paths: Iterable[Path],
    *,
    as_guideline: FreeTextGuideline | None = None,
    progress: ProgressFn | None = None,
    batch_size: int = 1000,
    embedder: Embedder | None = None,
    embed_progress: Callable[[int, int], None] | None = None,
    reporter: Reporter | None = None,
) -> IngestReport:
    """Read `paths` into the store; see `ingest.run_ingest`. With an `embedder`, passage vectors are computed
    after each batch (only for new or changed text). Holds the store's write lock throughout.

    PathMissing (before the store is opened or created) when a path does not exist: a mistyped path in a list is
    caught before a long ingest of the others, not reported as one skip among many."""
    from .ingest import run_ingest

    paths = list(paths)
    missing = [p for p in paths if not p.exists()]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise PathMissing(f"no such file or folder: {missing[0]}{more}; nothing was ingested")
    with open_store(settings, create=True, reporter=reporter) as store:
        report = run_ingest(store, paths, as_guideline=as_guideline, progress=progress, batch_size=batch_size,
                            embedder=embedder, embed_progress=embed_progress)
        store.sync_vectors()  # the passages changed: the vectors file follows, as the index did
        return report


def repairing(store: Store, answer: Callable[[], T]) -> T:
    """Run a read; when it meets a damaged block of the index (which only shows when read), rebuild the index from
    the records and run it once more."""
    try:
        return answer()
    except IndexDamaged as exc:
        store.rebuild_damaged(str(exc))
        return answer()


def _check_query(query: str) -> str:
    q = query.strip()
    if not q:
        raise InvalidQuestion("the query is empty", hint="give the words to search for")
    if len(q) > MAX_QUERY_CHARS:
        raise InvalidQuestion(f"the query is {len(q)} characters long; the limit is {MAX_QUERY_CHARS}",
                              hint=f"search with fewer words (at most {MAX_QUERY_CHARS:,} characters)")
    return q


def search_store(
    store: Store,
    query: str,
    *,
    tiers: Iterable[Tier] | None = None,
    k: int = 10,
    doc_ids: Iterable[str] | None = None,
    mode: Mode = "bm25",
    embedder: Embedder | None = None,
) -> list[Hit]:
    """Ranked passages for a query from an open store: BM25, dense, or their fusion (`mode`)."""
    q = _check_query(query)
    scored = search_ids(store, q, mode=mode, embedder=embedder, k=k, tiers=tiers, doc_ids=doc_ids)
    with store.db.snapshot():  # passages and their documents from one state of the records
        passages = store.db.passages_by_id([pid for pid, _ in scored])
        docs = store.db.documents(p.doc_id for p in passages.values())
    hits: list[Hit] = []
    for pid, score in scored:
        p = passages.get(pid)
        if p is None or p.doc_id not in docs:
            continue  # index ahead of records (a concurrent delete): skip rather than fail
        d = docs[p.doc_id]
        hits.append(Hit(p, score, d.tier, d.title, rank=len(hits) + 1))
    return hits


class Hits(list[Hit]):
    """A search's ranked hits, with the ranking that ran (`mode`: bm25, dense or hybrid) and, when it is not what
    full vectors would give, a `note` saying why (a store only partly embedded)."""

    def __init__(self, hits: Iterable[Hit] = (), mode: str = "bm25", note: str | None = None) -> None:
        super().__init__(hits)
        self.mode = mode
        self.note = note


def resolve_mode(
    store: Store,
    mode: str | None,
    tiers: list[Tier] | None,
    *,
    default_model: Callable[[], Embedder | None],
    model: Callable[[], Embedder],
) -> tuple[str, Embedder | None, str | None]:
    """(mode to run, its embedder or None, note or None) for a search of `tiers`: the one rule of the CLI, HTTP and
    MCP. `mode=None` is hybrid when `default_model()` gives a model and every searched passage has its vector,
    else BM25 (with a note when some have one); an explicit `dense` / `hybrid` needs the store to hold vectors of
    the installed model (ModeUnavailable, never a silent BM25; `model()` may raise ModelUnavailable) and runs over
    the embedded passages, the note saying what the others get."""
    if mode == "bm25":
        return "bm25", None, None
    if mode is None:
        embedder = default_model()
        if embedder is None:
            return "bm25", None, None
        used, note = retrieval_mode(store, embedder, tiers)
        return used, embedder, note
    require_vectors(store, mode)
    embedder = model()
    used, note = retrieval_mode(store, embedder, tiers, mode)
    return used, embedder, note


@_store_faults
def search(
    settings: Settings, query: str, *, tier: Tier | None = None, k: int = 10, mode: Mode | None = None,
    reporter: Reporter | None = None,
) -> Hits:
    """Open the store, search, close; the hits say the mode that ran (`resolve_mode`), and its note, when there
    is one, also goes through `reporter`. ModeUnavailable for a mode the store cannot serve, ModelUnavailable
    when the model is not installed."""
    _check_query(query)  # an empty or too long query is refused before any note on the mode
    with open_store(settings, reporter=reporter) as store:
        tiers = [tier] if tier else None
        used, embedder, note = resolve_mode(store, mode, tiers, default_model=lambda: embedder_for(store),
                                            model=default_embedder_loading)
        if note and reporter is not None:
            reporter.note(note)
        hits = repairing(store, lambda: search_store(store, query, tiers=tiers, k=k, mode=used,  # type: ignore[arg-type]
                                                      embedder=embedder))
        return Hits(hits, used, note)


def require_vectors(store: Store, mode: str) -> None:
    """ModeUnavailable unless the store holds passage vectors of the default model (what `dense` and `hybrid`
    search need; without them dense finds nothing and hybrid is BM25 under another name)."""
    if has_vectors(store, MiniLMOnnx.name):
        return
    others = stored_models(store.db.conn)
    if others:
        # vectors of another model live in another space: a query embedded by ours would rank them at random
        raise ModeUnavailable(
            f"search mode '{mode}' needs passage vectors of the installed model {MiniLMOnnx.name}, and this store's "
            f"vectors are of another model ({', '.join(others)}); nothing was searched",
            hint="`medbrief embed` computes vectors of the installed model, or use --mode bm25")
    raise ModeUnavailable(f"search mode '{mode}' needs passage vectors, and this store has none "
                          f"(of the {MiniLMOnnx.name} model); nothing was searched")


def embedder_for(store: Store) -> Embedder | None:
    """The default model, loaded only when the store holds its vectors (so lexical stores start fast), in the
    background: the caller goes on (imports, drug dictionary, BM25) while it loads (dense.LoadingEmbedder)."""
    if not has_vectors(store, MiniLMOnnx.name):
        return None
    try:
        return default_embedder_loading()
    except ModelUnavailable:
        return None


def preload_model(settings: Settings) -> None:
    """Start loading the default model on another thread when the configured store holds its vectors, so that it is
    ready by the first search (dense.preload_default_embedder; nothing when there is no store or no model)."""
    preload_default_embedder(settings.db_path)


def embedder_if_available() -> Embedder | None:
    """The default embedding model when the `dense` extra is installed, else None."""
    try:
        return default_embedder()
    except ModelUnavailable:
        return None


@_store_faults
def embed(settings: Settings, progress: Callable[[int, int], None] | None = None,
          reporter: Reporter | None = None, *, estimate: EmbedEstimate | None = None,
          embedder: Embedder | None = None) -> int:
    """Compute the missing passage embeddings of the store (under its write lock); returns how many texts were
    embedded. `estimate(passages, seconds)` is called once before the bulk of the work (after a short timed first
    batch; see `embed_pending`). `embedder` defaults to the installed model (ModelUnavailable without it)."""
    with open_store(settings, write=True, reporter=reporter) as store:
        n = embed_pending(store, embedder or default_embedder(), progress, estimate=estimate)
        store.sync_vectors()  # even when nothing was embedded: a missing or stale file is written here
        return n


def vector_stats(store: Store, model: str | None = None) -> dict[str, Any]:
    """`{"model", "current_model", "passages_with_vectors", "passages", "models"}` of an open store: how many
    stored passages have a vector of `model` (default: the installed model's name if the store holds its vectors,
    else the model with most vectors, else None with 0), and distinct texts embedded per stored model."""
    models = stored_models(store.db.conn)
    current = MiniLMOnnx.name
    if model is None:
        model = current if current in models else next(iter(models), None)
    with_vectors, passages = coverage(store.db.conn, model) if model else (0, store.db.passage_count())
    return {"model": model, "current_model": current, "passages_with_vectors": with_vectors, "passages": passages,
            "models": models}


@_store_faults
def stats(settings: Settings, reporter: Reporter | None = None) -> dict[str, Any]:
    """Counts per tier and source, the store's path and size, and `vectors` (see `vector_stats`): stable keys,
    other tools read them."""
    with open_store(settings, reporter=reporter) as store:
        return {**store.stats(), "vectors": vector_stats(store)}


@_store_faults
def reindex(settings: Settings, reporter: Reporter | None = None) -> int:
    """Rebuild the lexical index from the records, whatever state its folder is in (re-cutting passages first if
    the passage rule changed); holds the write lock; returns passages indexed."""
    from .ingest import resplit

    with open_store(settings, write=True, check_index=False, reporter=reporter) as store:
        store.reindex()  # first: resplit's outbox replay needs a sound index
        n = store.reindex() if resplit(store) else store.db.passage_count()
        store.sync_vectors(rebuild=True)  # the other derived data, rewritten from the records (repairs what
        # only `check` sees: rows that are not the records' vectors under a matching note)
        return n


@_store_faults
def check(settings: Settings, reporter: Reporter | None = None) -> CheckReport:
    """`medbrief check`: SQLite integrity plus a full records/index comparison; changes nothing."""
    with open_store(settings, check_index=False, reporter=reporter) as store:
        return store.check()


def get_document_store(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A document with its passages from an open store, or None."""
    doc = store.db.document(doc_id)
    if doc is None:
        return None
    out = doc.to_dict()
    out["passages"] = [passage_dict(p) for p in store.db.passages_of(doc_id)]
    return out


@_store_faults
def get_document(settings: Settings, doc_id: str) -> dict[str, Any] | None:
    """A document with its passages, or None."""
    with open_store(settings) as store:
        return get_document_store(store, doc_id)


def passage_dict(p: Passage) -> dict[str, Any]:
    return {"id": p.id, "doc_id": p.doc_id, "section": p.section, "section_code": p.section_code,
            "order": p.order, "text": p.text}


def hit_dict(h: Hit, snippet_chars: int = 240) -> dict[str, Any]:
    text = h.passage.text
    return {
        "rank": h.rank, "score": round(h.score, 4), "tier": h.tier, "doc_id": h.passage.doc_id,
        "passage_id": h.passage.id, "title": h.title, "section": h.passage.section,
        "section_code": h.passage.section_code,
        "snippet": text if len(text) <= snippet_chars else text[: snippet_chars - 1].rstrip() + "…",
    }


__all__ = [
    "MODES",
    "TIERS",
    "Brief",
    "Embedder",
    "FreeTextGuideline",
    "Hits",
    "IngestReport",
    "ask",
    "ask_store",
    "check",
    "default_embedder",
    "embed",
    "embedder_for",
    "embedder_if_available",
    "evaluate_retrieval",
    "get_document",
    "get_document_store",
    "hit_dict",
    "ingest",
    "open_store",
    "passage_dict",
    "reindex",
    "repairing",
    "require_vectors",
    "resolve_mode",
    "search",
    "search_store",
    "stats",
    "vector_stats",
]


def ask_store(store: Store, question: str, *, validate: bool = True, embedder: Embedder | None = None) -> Brief:
    """Compose the evidence brief for a question from an open store (deterministic for a given store).
    With an `embedder` whose vectors the store holds, retrieval is hybrid in each tier whose passages all have
    one, BM25 elsewhere, and the brief's notes say where and why ("retrieval: ..."); otherwise BM25."""
    from . import brief as brief_module
    from .compose import compose_brief
    from .retrieve.corpus import Corpus
    from .retrieve.question import analyse
    from .store.facts_cache import FactsCache

    with store.db.snapshot():  # every statement from one state of the records, whatever a writer commits meanwhile
        corpus = Corpus(store, embedder)
        q = analyse(question, corpus.drugs)
        _refuse_unknown_drug(store, q)
        corpus.facts_cache = FactsCache.beside(store)  # the Key facts' label facts, read once per label
        try:
            brief = compose_brief(q, corpus)
        finally:
            corpus.facts_cache.close()
        brief.notes.extend(corpus.retrieval_notes)
        if validate or brief_module.VALIDATE_EVERY_BRIEF:
            brief_module.validate(brief.to_json_dict())
    return brief


def _refuse_unknown_drug(store: Store, q: Question) -> None:
    """UnknownDrug when the question names, anywhere, a drug-like word (`Question.unknown_words`) that no stored
    passage of any tier contains: a brief would otherwise answer about other drugs ("flibbertonib dose") or leave
    half of the question out ("baclofen with flibbertonib"). Looked up by BM25 only: a dense ranking always
    returns neighbours, so it cannot say a word is absent."""
    for word in q.unknown_words:
        if search_ids(store, word, mode="bm25", k=1):
            continue
        others = f"; the corpus does know {', '.join(q.drug_names)}" if q.drugs else ""
        raise UnknownDrug(
            f"'{word}' is not a drug in the corpus: no label, guideline or abstract mentions it{others}",
            hint="check the spelling, ask without it, or ingest sources that cover it",
        )


@_store_faults
def ask(settings: Settings, question: str, reporter: Reporter | None = None, *, validate: bool = True) -> Brief:
    """Open the store and answer a question with a Brief, checked against the JSON Schema unless `validate` is
    False (the CLI checks only a brief it prints as JSON, the contract `medbrief schema` states: the check and
    its jsonschema import are 0.02-0.05 s of a cold `ask`, and a Brief built by its pydantic models is well
    formed)."""
    with open_store(settings, reporter=reporter) as store:
        embedder = embedder_for(store)
        brief = repairing(store, lambda: ask_store(store, question, embedder=embedder, validate=validate))
    if reporter is not None:  # said where the user looks too, not only in the brief's notes
        for note in brief.notes:
            if note.startswith("retrieval: "):
                reporter.note(note)
    return brief
