"""Label facts kept between runs and within a process, so the drug card and every brief's Key facts read a label's
facts once (issue 15; a cold `ask` must not re-extract the labels it cites, issue 16 point 4).

Two layers, both keyed by the label's content hash: this process's memory (the last 512 labels), then a small
SQLite file beside the store (`<db>.facts`, one row per label) that also carries a fingerprint of the extractor's
source, so a re-ingested label or a changed extractor is read afresh. The file is an optimisation only: when it
cannot be opened or written (a read-only folder, a lock held too long, a damaged file) the facts are extracted
without it for that run. Extraction itself (`medbrief.facts.extract`) is imported only on a miss.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..facts.records import LabelFact
from ..records import Passage
from . import Store

# What the facts of a label depend on besides its text: a change to any of these reads every label afresh.
EXTRACTOR_MODULES = ("medbrief.facts.extract", "medbrief.facts.dose", "medbrief.facts.populations",
                     "medbrief.facts.safety", "medbrief.facts.quantity", "medbrief.facts.records",
                     "medbrief.sentences", "medbrief.compose.label_reading", "medbrief.compose.drug_facts",
                     "medbrief.compose.standalone", "medbrief.sources.tables", "medbrief.compose.table_reading")
_MEMORY: OrderedDict[tuple[str, str], list[LabelFact]] = OrderedDict()
_MEMORY_SIZE = 512


@functools.cache
def extractor_fingerprint() -> str:
    """A hash of the extractor's source files (EXTRACTOR_MODULES), read without importing them."""
    h = hashlib.sha256()
    for name in EXTRACTOR_MODULES:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        h.update(Path(origin).read_bytes() if origin else name.encode())
    return h.hexdigest()[:16]


def cache_path(db_path: Path) -> Path:
    """The facts cache of a store: `<db>.facts` beside it."""
    return db_path.with_name(db_path.name + ".facts")


class FactsCache:
    """Label facts by doc id in the file `path`, valid for one content hash and extractor fingerprint (one row per
    label: a newer version replaces the old). Every fault of the file (unwritable folder, locked, damaged) turns
    the cache off for this run instead of failing the caller."""

    def __init__(self, path: Path | None) -> None:
        self.conn: sqlite3.Connection | None = None
        self.fingerprint = extractor_fingerprint()
        if path is None:
            return
        try:
            self.conn = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
            self.conn.execute("CREATE TABLE IF NOT EXISTS label_facts (doc_id TEXT PRIMARY KEY, content_hash TEXT "
                              "NOT NULL, extractor TEXT NOT NULL, facts TEXT NOT NULL)")
        except (sqlite3.Error, OSError):
            self.close()

    @classmethod
    def beside(cls, store: Store) -> FactsCache:
        """The cache file of `store` (`cache_path`)."""
        return cls(cache_path(Path(store.db_path)))

    def get(self, hashes: dict[str, str]) -> dict[str, list[LabelFact]]:
        """The cached facts of the labels whose content hash (`hashes`: doc id -> hash) and extractor match."""
        if self.conn is None or not hashes:
            return {}
        out: dict[str, list[LabelFact]] = {}
        ids = list(hashes)
        try:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows = self.conn.execute("SELECT doc_id, content_hash, extractor, facts FROM label_facts WHERE doc_id "
                                         f"IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                for doc_id, h, extractor, facts in rows:
                    if h == hashes[doc_id] and extractor == self.fingerprint:
                        out[doc_id] = [LabelFact(**d) for d in json.loads(facts)]
        except (sqlite3.Error, ValueError, TypeError):
            self.close()
            return {}
        return out

    def put(self, doc_id: str, content_hash: str, facts: list[LabelFact]) -> None:
        """Keep the facts of one label (replacing an older row); a failure turns the cache off."""
        if self.conn is None:
            return
        try:
            self.conn.execute("INSERT OR REPLACE INTO label_facts VALUES (?,?,?,?)",
                              (doc_id, content_hash, self.fingerprint,
                               json.dumps([f.to_dict() for f in facts], ensure_ascii=False)))
        except sqlite3.Error:
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def forget() -> None:
    """Empty this process's memory of label facts (the file is kept): the next read goes to the file or extracts."""
    _MEMORY.clear()


def _content_hashes(store: Store, doc_ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i : i + 500]
        out.update((d, h) for d, h in store.db.conn.execute(
            f"SELECT id, content_hash FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk) if h)
    return out


def facts_for(store: Store, labels: Iterable[tuple[str, dict[str, Any], Sequence[Passage] | None]],
              cache: FactsCache | None = None) -> dict[str, list[LabelFact]]:
    """The facts of each label, given as (doc id, meta, passages or None to read them from the store): from this
    process's memory, else `cache`, else extracted by `medbrief.facts.label_facts` (and then kept in both).
    A label without a content hash (not stored) is extracted every time."""
    labels = list(labels)
    hashes = _content_hashes(store, [doc_id for doc_id, _, _ in labels])
    out: dict[str, list[LabelFact]] = {}
    for doc_id, _, _ in labels:
        h = hashes.get(doc_id)
        got = _MEMORY.get((doc_id, h)) if h else None
        if got is not None:
            _MEMORY.move_to_end((doc_id, h))
            out[doc_id] = got
    if cache is not None:
        out.update(cache.get({d: h for d, h in hashes.items() if d not in out}))
    for doc_id, meta, passages in labels:
        if doc_id not in out:
            from ..facts.extract import label_facts  # the extractor's rule tables are compiled only when needed

            out[doc_id] = label_facts(doc_id, meta, passages if passages is not None else store.db.passages_of(doc_id))
            if cache is not None and doc_id in hashes:
                cache.put(doc_id, hashes[doc_id], out[doc_id])
        h = hashes.get(doc_id)
        if h:
            _MEMORY[(doc_id, h)] = out[doc_id]
            _MEMORY.move_to_end((doc_id, h))
            if len(_MEMORY) > _MEMORY_SIZE:
                _MEMORY.popitem(last=False)
    return out
