"""Passage embeddings in the store's SQLite file, and an exact in-memory vector index over them.

    embeddings(model, text_hash, vector)   one row per distinct embedded text and model

Vectors are keyed by a hash of the text that was embedded (the document title, unless it is a
stand-in, then the passage text), not by passage id: re-ingesting an unchanged passage, or the same
text under another id, costs nothing, and an interrupted `medbrief embed` resumes where it stopped.
Vectors are stored as float16 (768 bytes for 384 dimensions; the rankings are unchanged at the
precision a cosine needs) and searched as float32.

Search is exact (one matrix-vector product): at ~100k passages it takes a few milliseconds on two
cores, so an approximate index would not pay for its build time and recall loss (BENCHMARKS.md).
The matrix is built on first use and cached per process; it is rebuilt when this connection or
another process has written to the database since.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ..records import Tier

if TYPE_CHECKING:
    from . import Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,          -- float16, little-endian, `dim` values
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID
"""
_ROWS = """
SELECT p.id, p.doc_id, d.tier, d.title, p.text, d.source, json_extract(d.meta, '$.beir_id')
FROM passages p JOIN documents d ON d.id = p.doc_id
"""
STORED_DTYPE = np.dtype("<f2")


def embed_text(title: str, text: str, source: str = "", beir_id: str | None = None) -> str:
    """The text embedded for a passage: title + " " + text, without the stand-in title of an untitled BEIR doc."""
    if beir_id is not None and source.startswith("BEIR:") and title.endswith(f" {beir_id}"):
        return text
    return f"{title} {text}" if title else text


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _passage_rows(
    conn: sqlite3.Connection, doc_ids: list[str] | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """(passage id, doc id, tier, embedded text) for every stored passage, or those of `doc_ids`."""
    if doc_ids is None:
        cursors: Iterable[sqlite3.Cursor] = [conn.execute(_ROWS)]
    else:
        cursors = (conn.execute(_ROWS + " WHERE p.doc_id = ?", (d,)) for d in doc_ids)
    for cursor in cursors:
        for pid, doc_id, tier, title, text, source, beir_id in cursor:
            yield pid, doc_id, tier, embed_text(title, text, source, beir_id)


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'embeddings'").fetchone()
    return row is not None


class VectorStore:
    """Read and write embeddings on an open SQLite connection (the store's own)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # execute, not executescript: the latter would commit a transaction the caller (ingest) has open.
        self.conn.execute(_SCHEMA)

    def pending(self, model: str, doc_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(text hash, text) of every distinct passage text (of `doc_ids`, if given) without a vector for `model`."""
        ids = None if doc_ids is None else list(dict.fromkeys(doc_ids))
        out: dict[str, str] = {}
        for _pid, _doc, _tier, text in _passage_rows(self.conn, ids):
            out.setdefault(text_hash(text), text)
        if not out:
            return []
        if ids is None:
            have = {h for (h,) in self.conn.execute("SELECT text_hash FROM embeddings WHERE model = ?", (model,))}
        else:
            hashes = list(out)
            have = set()
            for i in range(0, len(hashes), 500):
                chunk = hashes[i : i + 500]
                have.update(h for (h,) in self.conn.execute(
                    f"SELECT text_hash FROM embeddings WHERE model = ? AND text_hash IN ({','.join('?' * len(chunk))})",
                    (model, *chunk),
                ))
        return [(h, t) for h, t in out.items() if h not in have]

    def put(self, model: str, hashes: list[str], matrix: np.ndarray) -> None:
        """Store vectors (one row of `matrix` per hash); committed at once unless a transaction is open."""
        data = [(model, h, np.asarray(v, dtype=STORED_DTYPE).tobytes()) for h, v in zip(hashes, matrix, strict=True)]
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany("INSERT OR REPLACE INTO embeddings(model, text_hash, vector) VALUES (?, ?, ?)", data)
        except BaseException:
            if own:
                self.conn.execute("ROLLBACK")
            raise
        if own:
            self.conn.execute("COMMIT")

    def count(self, model: str | None = None) -> int:
        if model is None:
            return int(self.conn.execute("SELECT count(*) FROM embeddings").fetchone()[0])
        return int(self.conn.execute("SELECT count(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0])

    def prune(self, model: str) -> int:
        """Delete vectors of `model` whose text no stored passage has any more; returns how many."""
        live = {text_hash(t) for _, _, _, t in _passage_rows(self.conn)}
        dead = [
            (model, h) for (h,) in self.conn.execute("SELECT text_hash FROM embeddings WHERE model = ?", (model,))
            if h not in live
        ]
        self.conn.executemany("DELETE FROM embeddings WHERE model = ? AND text_hash = ?", dead)
        return len(dead)


@dataclass
class VectorMatrix:
    """All embedded passages of one model as a float32 matrix, with ids, tiers and a doc -> rows map.

    Rows are grouped by tier code, ascending (load_matrix sorts them): `search` reads a tier as one slice.
    """

    pids: list[str]
    tiers: np.ndarray  # uint8 code per row, see TIER_CODES
    vectors: np.ndarray  # (n, dim) float32
    rows_of_doc: dict[str, list[int]] = field(default_factory=dict)
    missing: int = 0  # stored passages without a vector for this model

    @property
    def size(self) -> int:
        return len(self.pids)

    @cached_property
    def row_of(self) -> dict[str, int]:
        """Matrix row of each passage id."""
        return {pid: i for i, pid in enumerate(self.pids)}

    def cosines(self, query: np.ndarray, pids: Iterable[str]) -> dict[str, float]:
        """Cosine of the query with each of `pids` that has a vector (the others are left out)."""
        rows = [(pid, self.row_of[pid]) for pid in pids if pid in self.row_of]
        if not rows:
            return {}
        scores = self.vectors[[r for _, r in rows]] @ query
        return {pid: float(s) for (pid, _), s in zip(rows, scores, strict=True)}

    def search(
        self, query: np.ndarray, k: int, *, tiers: Iterable[Tier] | None = None, doc_ids: Iterable[str] | None = None
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, cosine) for a normalised query vector, optionally within tiers / documents."""
        codes = None if tiers is None else np.array([TIER_CODES[t] for t in tiers], dtype=np.uint8)
        if doc_ids is not None:
            rows = np.array(sorted({r for d in doc_ids for r in self.rows_of_doc.get(d, ())}), dtype=np.int64)
            if codes is not None:
                rows = rows[np.isin(self.tiers[rows], codes)]
            scores = self.vectors[rows] @ query
        elif codes is not None:
            # tiers are contiguous row ranges: score each range in place
            ranges = [self.tier_range(int(c)) for c in np.unique(codes)]
            rows = np.concatenate([np.arange(a, b) for a, b in ranges]) if ranges else np.zeros(0, np.int64)
            scores = np.concatenate([self.vectors[a:b] @ query for a, b in ranges]) if ranges else np.zeros(0)
        else:
            rows = None
            scores = self.vectors @ query
        n = scores.shape[0]
        if n == 0:
            return []
        kk = min(k, n)
        top = np.argpartition(-scores, kk - 1)[:kk] if kk < n else np.arange(n)
        top = top[np.argsort(-scores[top], kind="stable")]
        ids = top if rows is None else rows[top]
        return [(self.pids[int(i)], float(s)) for i, s in zip(ids, scores[top], strict=True)]

    def tier_range(self, code: int) -> tuple[int, int]:
        """The [start, end) rows of one tier (rows are grouped by tier)."""
        return (int(np.searchsorted(self.tiers, code, side="left")),
                int(np.searchsorted(self.tiers, code, side="right")))


TIER_CODES: dict[str, int] = {"guideline": 0, "label": 1, "research": 2}
_CACHE: dict[tuple[str, str], tuple[tuple[int, int, int], VectorMatrix]] = {}


def _fingerprint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    # total_changes: writes through this connection; data_version: commits by any other connection.
    return (id(conn), conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0]))


def load_matrix(conn: sqlite3.Connection, model: str) -> VectorMatrix:
    """Build the matrix of every stored passage that has a vector for `model` (passages without one are counted)."""
    if not _has_table(conn):
        return VectorMatrix([], np.zeros(0, np.uint8), np.zeros((0, 0), np.float32))
    by_hash = dict(conn.execute("SELECT text_hash, vector FROM embeddings WHERE model = ?", (model,)))
    entries: list[tuple[int, str, str, bytes]] = []
    missing = 0
    for pid, doc_id, tier, text in _passage_rows(conn):
        blob = by_hash.get(text_hash(text))
        if blob is None:
            missing += 1
            continue
        entries.append((TIER_CODES.get(tier, 255), pid, doc_id, blob))
    if not entries:
        return VectorMatrix([], np.zeros(0, np.uint8), np.zeros((0, 0), np.float32), missing=missing)
    # rows grouped by tier (stable), so a tier is a contiguous slice that is searched without copying
    entries.sort(key=lambda e: e[0])
    rows_of_doc: dict[str, list[int]] = {}
    for row, (_, _, doc_id, _) in enumerate(entries):
        rows_of_doc.setdefault(doc_id, []).append(row)
    vectors = np.frombuffer(b"".join(e[3] for e in entries), dtype=STORED_DTYPE).reshape(len(entries), -1)
    return VectorMatrix([e[1] for e in entries], np.array([e[0] for e in entries], dtype=np.uint8),
                        vectors.astype(np.float32), rows_of_doc, missing)


def matrix_for(store: Store, model: str) -> VectorMatrix:
    """The cached matrix of `model` for an open store, rebuilt only when the database changed."""
    conn = store.db.conn
    key = (str(store.db_path), model)
    fp = _fingerprint(conn)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == fp:
        return cached[1]
    matrix = load_matrix(conn, model)
    _CACHE[key] = (_fingerprint(conn), matrix)
    return matrix


def has_vectors(store: Store, model: str) -> bool:
    """True when the store holds at least one vector of `model` (so dense and hybrid search can run)."""
    conn = store.db.conn
    return _has_table(conn) and conn.execute("SELECT 1 FROM embeddings WHERE model = ? LIMIT 1", (model,)).fetchone() \
        is not None


def stored_models(conn: sqlite3.Connection) -> dict[str, int]:
    """{model name: distinct texts with a vector of it}, most vectors first ({} when nothing was ever embedded)."""
    if not _has_table(conn):
        return {}
    rows = conn.execute("SELECT model, count(*) AS n FROM embeddings GROUP BY model ORDER BY n DESC, model")
    return {m: int(n) for m, n in rows}


def coverage(conn: sqlite3.Connection, model: str) -> tuple[int, int]:
    """(stored passages whose text has a vector of `model`, stored passages)."""
    have: set[str] = set()
    if _has_table(conn):
        have = {h for (h,) in conn.execute("SELECT text_hash FROM embeddings WHERE model = ?", (model,))}
    with_vectors = total = 0
    for _pid, _doc, _tier, text in _passage_rows(conn):
        total += 1
        with_vectors += text_hash(text) in have
    return with_vectors, total
