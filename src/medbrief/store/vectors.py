"""Passage embeddings in the store's SQLite file, and an exact in-memory vector index over them.

    embeddings(model, text_hash, vector)   one row per distinct embedded text and model

Vectors are keyed by a hash of the text that was embedded (the document title, unless it is a
stand-in, then the passage text), not by passage id: re-ingesting an unchanged passage, or the same
text under another id, costs nothing, and an interrupted `medbrief embed` resumes where it stopped.
Vectors are stored as float16 (768 bytes for 384 dimensions; the rankings are unchanged at the
precision a cosine needs) and searched as float32.

Search is exact (one matrix-vector product): at ~100k passages it takes a few milliseconds on two
cores, so an approximate index would not pay for its build time and recall loss (BENCHMARKS.md).

The matrix a search reads is kept beside the store, memory-mapped, so that a process does not decode it
from SQLite rows (1.6 s at 88k passages; issue 16):

    <db>.vectors/<model>.json                 the note: which build is current, and the records' fingerprint
                                              (store created, generation, write id, vectors id) it was made from
    <db>.vectors/<model>.<build>.npy          float32 rows (n, dim), grouped by tier, read with mmap_mode="r"
    <db>.vectors/<model>.<build>.tiers.npy    uint8 tier code per row
    <db>.vectors/<model>.<build>.pids.json    passage id per row; .docs.json: document id per row

The note also records the size and sha256 of each of the build's four files (issue 16: a damaged, truncated or
reordered file must not be read as current). A reader verifies on open what is cheap: every file's size, and the
digests of the tier codes and the passage ids (~10 ms at 88k rows: a reordered id list would silently change
which passage a row is); the document ids are verified when first read. The matrix's digest (135 MB: ~0.3 s) is
verified only by `medbrief check`, which also compares a sample of rows with the vectors stored in SQLite, so a
file whose rows do not belong to their ids is caught even when its note was rewritten to match.

Like the lexical index it is derived data, kept in step by the writers (`sync_vector_files`, under the write
lock, after ingest, embed and reindex): a new build is written beside the old one (temporary names, fsync,
rename), then the note is replaced atomically, then the old build is removed, so a crash leaves the old or the
new one and a reader that opened the old one keeps reading it. Every change of the vectors (the
`embeddings_vectors_id` triggers) or of the passages (the generation and write id the index uses) changes the
fingerprint; a reader whose note does not match never uses the file: it decodes the rows (saying so once) and,
when the write lock is free, writes the file for the next process. The matrix is cached per process and
rebuilt when this connection or another process has written to the database since.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import MedbriefError
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
# A new random vectors id with every change of the stored vectors, in the same transaction (as write_id for the
# passages): the vectors file's note records it, so a file made before any insert, replace or delete of a vector
# is never read as current. Triggers, not code in `put`: they also fire for a writer that does not know the file.
_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS embeddings_vectors_id_{event.lower()} AFTER {event} ON embeddings BEGIN
    INSERT OR REPLACE INTO build(key, value) VALUES ('vectors_id', lower(hex(randomblob(8))));
END"""
    for event in ("INSERT", "UPDATE", "DELETE")
]
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
        for trigger in _TRIGGERS:
            self.conn.execute(trigger)

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
    `vectors` is an in-memory array (decoded from the rows) or a read-only memory map of the vectors file
    (`source` "records" or "file"); `doc_ids` is the document of each row, or a function that reads them (the
    file's are read only when a search is restricted to documents).
    """

    pids: list[str]
    tiers: np.ndarray  # uint8 code per row, see TIER_CODES
    vectors: np.ndarray  # (n, dim) float32
    doc_ids: list[str] | Callable[[], list[str]] = field(default_factory=list)
    missing: int = 0  # stored passages without a vector for this model
    missing_by_tier: dict[str, int] = field(default_factory=dict)
    source: str = "records"

    @property
    def size(self) -> int:
        return len(self.pids)

    @cached_property
    def rows_of_doc(self) -> dict[str, list[int]]:
        """Matrix rows of each document id."""
        docs = self.doc_ids() if callable(self.doc_ids) else self.doc_ids
        out: dict[str, list[int]] = {}
        for row, doc_id in enumerate(docs):
            out.setdefault(doc_id, []).append(row)
        return out

    def coverage(self, tiers: Iterable[Tier] | None = None) -> tuple[int, int]:
        """(passages with a vector, stored passages) of `tiers` (all when None), as of when the matrix was made."""
        names = list(TIER_CODES) if tiers is None else list(tiers)
        have = sum(b - a for a, b in (self.tier_range(TIER_CODES[t]) for t in names if t in TIER_CODES))
        if tiers is None:
            return self.size, self.size + self.missing
        return have, have + sum(self.missing_by_tier.get(t, 0) for t in names)

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
# Keyed per connection too: the HTTP service reads through a pool of open stores (one connection each), and one
# shared entry would be rebuilt every time consecutive requests came through different connections. Bounded: a
# long-running server replaces its connections after each change of the store.
_CACHE: OrderedDict[tuple[str, str, int], tuple[tuple[int, int, int], VectorMatrix]] = OrderedDict()
_CACHE_ENTRIES = 8


def _fingerprint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    # total_changes: writes through this connection; data_version: commits by any other connection.
    return (id(conn), conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0]))


def load_matrix(conn: sqlite3.Connection, model: str) -> VectorMatrix:
    """Build the matrix of every stored passage that has a vector for `model` (passages without one are counted)."""
    if not _has_table(conn):
        return VectorMatrix([], np.zeros(0, np.uint8), np.zeros((0, 0), np.float32))
    by_hash = dict(conn.execute("SELECT text_hash, vector FROM embeddings WHERE model = ?", (model,)))
    entries: list[tuple[int, str, str, bytes]] = []
    missing: dict[str, int] = {}
    for pid, doc_id, tier, text in _passage_rows(conn):
        blob = by_hash.get(text_hash(text))
        if blob is None:
            missing[tier] = missing.get(tier, 0) + 1
            continue
        entries.append((TIER_CODES.get(tier, 255), pid, doc_id, blob))
    if not entries:
        return VectorMatrix([], np.zeros(0, np.uint8), np.zeros((0, 0), np.float32), missing=sum(missing.values()),
                            missing_by_tier=missing)
    # rows grouped by tier (stable), so a tier is a contiguous slice that is searched without copying
    entries.sort(key=lambda e: e[0])
    vectors = np.frombuffer(b"".join(e[3] for e in entries), dtype=STORED_DTYPE).reshape(len(entries), -1)
    return VectorMatrix([e[1] for e in entries], np.array([e[0] for e in entries], dtype=np.uint8),
                        vectors.astype(np.float32), [e[2] for e in entries], sum(missing.values()), missing)


# -- the vectors file beside the store ------------------------------------------------------------------------
FILE_FORMAT = 2  # 2: the note records each data file's size and sha256
_FILES = {"npy": ".npy", "tiers": ".tiers.npy", "pids": ".pids.json", "docs": ".docs.json"}
_FILE_NAMES = {"npy": "its matrix", "tiers": "its tier list", "pids": "its passage-id list",
               "docs": "its document-id list"}
CHECK_SAMPLE = 200  # rows `medbrief check` compares with the vectors stored in SQLite
_NOTED: set[tuple[str, str]] = set()  # (store, model) whose stale file this process has already reported


def vectors_path(db_path: Path) -> Path:
    """`<db>.vectors`: the folder of the memory-mapped vector files."""
    return db_path.with_name(db_path.name + ".vectors")


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", model)  # no dot: `<slug>.` starts only this model's file names


def records_fingerprint(store: Store) -> dict[str, Any]:
    """What a vectors file must have been made from to be current: the store's identity and creation time, the
    records generation and write id (every passage change), and the vectors id (every vector change)."""
    info = store.db.build_info()
    return {"store_created": info.get("created", ""), "generation": store.db.generation(),
            "write_id": info.get("write_id", ""), "vectors_id": info.get("vectors_id", "")}


@dataclass(frozen=True)
class VectorFileCheck:
    """The state of one model's vectors file, and a sentence saying why:
    ok | missing | stale | damaged (readers refuse it and decode the rows) | wrong (found only by
    `medbrief check`: the file passes a reader's checks but its rows are not the records' vectors, so searches
    would use it; `check` exits 1)."""

    model: str
    state: str
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _read_note(folder: Path, model: str) -> dict[str, Any] | None:
    try:
        note = json.loads((folder / f"{_slug(model)}.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"its note cannot be read ({exc})") from exc
    if not isinstance(note, dict):
        raise ValueError("its note is not a JSON object")
    return note


def _compare(note: dict[str, Any] | None, model: str, fingerprint: dict[str, Any], where: str) -> VectorFileCheck:
    if note is None:
        return VectorFileCheck(model, "missing", f"{where} is missing")
    if note.get("format") != FILE_FORMAT or note.get("model") != model:
        return VectorFileCheck(model, "stale", f"{where} was made by another medbrief version")
    if note.get("fingerprint") != fingerprint:
        made = note.get("fingerprint") or {}
        if made.get("store_created") != fingerprint["store_created"]:
            why = "was made for another store"
        elif made.get("generation") != fingerprint["generation"] or made.get("write_id") != fingerprint["write_id"]:
            why = "is older than the passages"
        else:
            why = "is older than the stored vectors"
        return VectorFileCheck(model, "stale", f"{where} {why}")
    return VectorFileCheck(model, "ok")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _noted(note: dict[str, Any], kind: str) -> dict[str, Any]:
    files = note.get("files")
    entry = files.get(kind) if isinstance(files, dict) else None
    return entry if isinstance(entry, dict) else {}


def check_vector_file(store: Store, model: str, deep: bool = False) -> VectorFileCheck:
    """Compare `model`'s vectors file with the records. Read-only.

    Without `deep` only the note is read (`stats`). With `deep` (`medbrief check`) also every data file's size
    and sha256 against the note, the arrays' shapes, and `CHECK_SAMPLE` random rows against the records: the
    row's passage, document and tier, and its vector equal to the one stored in SQLite for that passage's text.
    States: see VectorFileCheck."""
    where = f"the vectors file of {store.db_path} ({model})"
    try:
        note = _read_note(vectors_path(store.db_path), model)
    except ValueError as exc:
        return VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
    check = _compare(note, model, records_fingerprint(store), where)
    if not deep or not check.ok or note is None:
        return check
    base = vectors_path(store.db_path) / f"{_slug(model)}.{note.get('build')}"
    for kind, suffix in _FILES.items():
        try:
            size, digest = _file_digest(Path(f"{base}{suffix}"))
        except FileNotFoundError:
            return VectorFileCheck(model, "damaged", f"{where} is damaged: {_FILE_NAMES[kind]} is missing")
        except OSError as exc:
            return VectorFileCheck(model, "damaged", f"{where} is damaged: {_FILE_NAMES[kind]} cannot be read "
                                                     f"({exc})")
        entry = _noted(note, kind)
        if size != entry.get("bytes"):
            return VectorFileCheck(model, "damaged", f"{where} is damaged: {_FILE_NAMES[kind]} has {size:,} bytes, "
                                                     f"its note says {entry.get('bytes')}")
        if digest != entry.get("sha256"):
            # same size, other bytes: a reader checks only the matrix's size, so it would use this matrix
            state = "wrong" if kind == "npy" else "damaged"
            return VectorFileCheck(model, state, f"{where} is damaged: {_FILE_NAMES[kind]} does not match its note "
                                                 "(other bytes of the same size)")
    try:
        vectors = np.load(f"{base}.npy", mmap_mode="r", allow_pickle=False)
        tiers = np.load(f"{base}.tiers.npy", allow_pickle=False)
        pids = json.loads(Path(f"{base}.pids.json").read_text(encoding="utf-8"))
        docs = json.loads(Path(f"{base}.docs.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
    rows = int(note.get("rows", -1))
    if vectors.ndim != 2 or vectors.dtype != np.float32 or len(vectors) != rows or len(tiers) != rows \
            or len(pids) != rows or len(docs) != rows:
        return VectorFileCheck(model, "damaged", f"{where} is damaged: its arrays do not have {rows:,} rows")
    bad = _sample_rows(store.db.conn, model, vectors, tiers, pids, docs)
    if bad:
        return VectorFileCheck(model, "wrong", f"{where} does not match the records: {bad}")
    return check


def _sample_rows(conn: sqlite3.Connection, model: str, vectors: np.ndarray, tiers: np.ndarray, pids: list[str],
                 docs: list[str]) -> str:
    """'' when `CHECK_SAMPLE` random rows (and the first and last) are the records' passages and vectors, else
    what the first differing row shows. Catches a reordered or swapped id list even under a rewritten note."""
    n = len(pids)
    if n == 0:
        return ""
    rng = np.random.default_rng()
    sample = sorted({0, n - 1, *(int(r) for r in rng.choice(n, size=min(CHECK_SAMPLE, n), replace=False))})
    for row in sample:
        pid = pids[row]
        found = conn.execute(_ROWS + " WHERE p.id = ?", (pid,)).fetchone()
        if found is None:
            return f"row {row:,} is passage {pid}, which is not stored"
        _pid, doc_id, tier, title, text, source, beir_id = found
        if doc_id != docs[row] or TIER_CODES.get(tier, 255) != int(tiers[row]):
            return f"row {row:,} ({pid}) names another document or tier than the records"
        blob = conn.execute("SELECT vector FROM embeddings WHERE model = ? AND text_hash = ?",
                            (model, text_hash(embed_text(title, text, source, beir_id)))).fetchone()
        stored = None if blob is None else np.frombuffer(blob[0], dtype=STORED_DTYPE).astype(np.float32)
        if stored is None or stored.shape != vectors[row].shape or not np.array_equal(stored, vectors[row]):
            return f"row {row:,} holds another vector than the one stored for passage {pid}"
    return ""


def _open_file(store: Store, model: str, fingerprint: dict[str, Any]) -> tuple[VectorMatrix | None, VectorFileCheck]:
    """The matrix mapped from the vectors file when its note matches `fingerprint`, else None and why."""
    folder = vectors_path(store.db_path)
    where = f"the vectors file of {store.db_path}"
    for _attempt in range(2):  # a writer may replace the build between our reading its note and its files
        try:
            note = _read_note(folder, model)
        except ValueError as exc:
            return None, VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
        check = _compare(note, model, fingerprint, where)
        if not check.ok or note is None:
            return None, check
        base = folder / f"{_slug(model)}.{note['build']}"
        kind = "npy"
        try:
            vectors = np.load(f"{base}.npy", mmap_mode="r", allow_pickle=False)
            # its size only (and the shape below): hashing 135 MB would cost ~0.3 s per process; `check` does it
            if Path(f"{base}.npy").stat().st_size != _noted(note, "npy").get("bytes"):
                return None, _mismatch(model, where, "npy")
            kind = "tiers"
            raw_tiers = Path(f"{base}.tiers.npy").read_bytes()
            if not _matches(note, "tiers", raw_tiers):
                return None, _mismatch(model, where, "tiers")
            tiers = np.load(io.BytesIO(raw_tiers), allow_pickle=False)
            kind = "pids"
            raw_pids = Path(f"{base}.pids.json").read_bytes()
            # verified on open: a reordered list would silently pair rows with other passages
            if not _matches(note, "pids", raw_pids):
                return None, _mismatch(model, where, "pids")
            pids = json.loads(raw_pids.decode("utf-8"))
            kind = "docs"
            # opened now, read when a search is first restricted to documents: the open file outlives a writer's
            # removal of this build, so the ids read later are this build's
            docs = open(f"{base}.docs.json", "rb")  # noqa: SIM115
            if os.fstat(docs.fileno()).st_size != _noted(note, "docs").get("bytes"):
                docs.close()
                return None, _mismatch(model, where, "docs")
        except FileNotFoundError:
            if _build_of(folder, model) == note.get("build"):  # still the current build: a file of it is gone
                return None, VectorFileCheck(model, "damaged", f"{where} is damaged: {_FILE_NAMES[kind]} is "
                                                               "missing")
            continue
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            return None, VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
        rows = int(note.get("rows", -1))
        if vectors.ndim != 2 or vectors.dtype != np.float32 or len(vectors) != rows or len(tiers) != rows \
                or len(pids) != rows:
            docs.close()
            return None, VectorFileCheck(model, "damaged", f"{where} is damaged: its arrays do not have "
                                                           f"{rows:,} rows")
        read: list[list[str]] = []
        docs_digest = _noted(note, "docs").get("sha256")

        def read_docs(docs: Any = docs, read: list[list[str]] = read, pids: list[str] = pids,
                      digest: Any = docs_digest) -> list[str]:
            if not read:
                with docs:
                    raw = docs.read()
                ids = json.loads(raw.decode("utf-8")) if _sha256(raw) == digest else None
                if not isinstance(ids, list) or len(ids) != len(pids):
                    # damaged after the open: the documents of these passages from the records instead
                    store.reporter.note(f"{where} is damaged: {_FILE_NAMES['docs']} does not match its note; "
                                        "read the passages' documents from the records")
                    of = dict(store.db.conn.execute("SELECT id, doc_id FROM passages"))
                    ids = [of.get(p, "") for p in pids]
                read.append(list(ids))
            return read[0]

        missing = {str(k): int(v) for k, v in (note.get("missing_by_tier") or {}).items()}
        # np.asarray: a plain ndarray view of the map (matmul results stay plain arrays)
        return VectorMatrix(pids, tiers.astype(np.uint8, copy=False), np.asarray(vectors), read_docs,
                            sum(missing.values()), missing, source="file"), VectorFileCheck(model, "ok")
    return None, VectorFileCheck(model, "stale", f"{where} was being replaced while read")


def _matches(note: dict[str, Any], kind: str, data: bytes) -> bool:
    entry = _noted(note, kind)
    return len(data) == entry.get("bytes") and _sha256(data) == entry.get("sha256")


def _mismatch(model: str, where: str, kind: str) -> VectorFileCheck:
    return VectorFileCheck(model, "damaged", f"{where} is damaged: {_FILE_NAMES[kind]} does not match its note")


def _build_of(folder: Path, model: str) -> Any:
    try:
        note = _read_note(folder, model)
    except ValueError:
        return None
    return None if note is None else note.get("build")


class _Digesting:
    """A binary file wrapper that counts and hashes what is written through it (np.save writes in chunks)."""

    def __init__(self, f: Any) -> None:
        self.f, self.hash, self.size = f, hashlib.sha256(), 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self.hash.update(view)
        self.size += len(view)
        return int(self.f.write(view))

    def entry(self) -> dict[str, Any]:
        return {"bytes": self.size, "sha256": self.hash.hexdigest()}


def _write_atomic(path: Path, write: Callable[[Any], None], binary: bool = True) -> None:
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    try:
        with open(tmp, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()  # a full disk leaves no half-written file behind
        raise


def write_vector_file(store: Store, model: str, matrix: VectorMatrix, fingerprint: dict[str, Any]) -> None:
    """Write `matrix` (made from the records as of `fingerprint`) as `model`'s vectors file: a new build, then the
    note naming it (atomic rename), then the old builds are removed. The caller holds the write lock."""
    folder = vectors_path(store.db_path)
    folder.mkdir(exist_ok=True)
    slug = _slug(model)
    build = secrets.token_hex(6)
    base = folder / f"{slug}.{build}"
    vectors = np.ascontiguousarray(matrix.vectors, dtype=np.float32)
    if vectors.ndim != 2:
        vectors = vectors.reshape(len(matrix.pids), -1)
    docs = matrix.doc_ids() if callable(matrix.doc_ids) else matrix.doc_ids
    files: dict[str, dict[str, Any]] = {}

    def save(kind: str, write: Callable[[Any], None]) -> None:
        def digesting(f: Any) -> None:
            d = _Digesting(f)
            write(d)
            files[kind] = d.entry()
        _write_atomic(Path(f"{base}{_FILES[kind]}"), digesting)

    save("npy", lambda f: np.save(f, vectors, allow_pickle=False))
    save("tiers", lambda f: np.save(f, np.asarray(matrix.tiers, np.uint8), allow_pickle=False))
    save("pids", lambda f: f.write(json.dumps(list(matrix.pids)).encode("utf-8")))
    save("docs", lambda f: f.write(json.dumps(list(docs)).encode("utf-8")))
    note = {"format": FILE_FORMAT, "model": model, "build": build, "rows": matrix.size,
            "dim": int(vectors.shape[1]) if vectors.ndim == 2 else 0, "dtype": "float32",
            "missing_by_tier": matrix.missing_by_tier, "fingerprint": fingerprint, "files": files}
    _write_atomic(folder / f"{slug}.json", lambda f: json.dump(note, f), binary=False)
    _remove_builds(folder, slug, keep=build)
    _share_like(store.db_path, folder)


def _remove_builds(folder: Path, slug: str, keep: str | None) -> None:
    """Delete `slug`'s build files other than `keep` (and its note too when `keep` is None), and leftovers of
    interrupted writes. A reader holding an old build's map keeps reading it (POSIX keeps unlinked files)."""
    for f in folder.iterdir():
        name = f.name
        if not name.startswith(slug + "."):
            continue
        rest = name[len(slug) + 1 :]
        if rest == "json" and keep is not None:
            continue
        if keep is not None and rest.startswith(keep + ".") and ".tmp" not in rest:
            continue
        with contextlib.suppress(OSError):
            f.unlink()


def _share_like(db_path: Path, folder: Path) -> None:
    from .lexical import share_like

    share_like(db_path, folder)


def sync_vector_files(store: Store, rebuild: bool = False) -> list[str]:
    """Bring the vectors files in step with the records: rebuild each stored model's file that is missing or
    stale (every one with `rebuild`), and remove files of models no longer stored. The caller holds the write
    lock. Returns the models whose file was (re)written."""
    conn = store.db.conn
    folder = vectors_path(store.db_path)
    if _has_table(conn):
        for trigger in _TRIGGERS:  # from now on every vector change is seen, whoever makes it
            conn.execute(trigger)
    models = stored_models(conn)
    written: list[str] = []
    for model in models:
        with store.db.snapshot():  # the rows and the fingerprint from one state of the records
            fingerprint = records_fingerprint(store)
            if not rebuild and check_vector_file(store, model).ok:
                continue
            matrix = load_matrix(conn, model)
        write_vector_file(store, model, matrix, fingerprint)
        written.append(model)
    if folder.is_dir():
        live = {_slug(m) for m in models}
        for note in folder.glob("*.json"):
            slug = note.name[: -len(".json")]
            if "." not in slug and slug not in live:
                _remove_builds(folder, slug, keep=None)
    return written


def matrix_for(store: Store, model: str) -> VectorMatrix:
    """The matrix of `model` for an open store: mapped from the vectors file when it is current, else decoded
    from the records (said once per process through the store's reporter) and, when the write lock is free,
    written to the file for the next process. Cached per process; rebuilt only when the database changed."""
    conn = store.db.conn
    key = (str(store.db_path), model, id(conn))
    fp = _fingerprint(conn)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == fp:
        _CACHE.move_to_end(key)
        return cached[1]
    with store.db.snapshot():
        fingerprint = records_fingerprint(store)
        matrix, check = _open_file(store, model, fingerprint)
        if matrix is None:
            matrix = load_matrix(conn, model)
    if matrix.source == "records" and (matrix.size or matrix.missing) and _has_vectors_of(conn, model):
        _keep_file(store, model, matrix, fingerprint, check)
    _CACHE[key] = (_fingerprint(conn), matrix)
    _CACHE.move_to_end(key)
    while len(_CACHE) > _CACHE_ENTRIES:
        _CACHE.popitem(last=False)
    return matrix


def _has_vectors_of(conn: sqlite3.Connection, model: str) -> bool:
    return _has_table(conn) and conn.execute("SELECT 1 FROM embeddings WHERE model = ? LIMIT 1", (model,)) \
        .fetchone() is not None


def _keep_file(store: Store, model: str, matrix: VectorMatrix, fingerprint: dict[str, Any],
               check: VectorFileCheck) -> None:
    """After decoding the rows for want of a current file: write the file when the write lock is ours or free
    (never waiting for it, never on a read-only store), and say what happened once per process."""
    wrote = False
    if not store.read_only:
        took = False
        try:
            took = not store.lock.held and store.lock.try_acquire()
            if store.lock.held:
                write_vector_file(store, model, matrix, fingerprint)
                wrote = True
        except (OSError, ValueError, MedbriefError) as exc:  # a full disk, a read-only folder (the lock file):
            # answer from the decoded rows all the same
            check = VectorFileCheck(model, check.state, f"{check.reason}; it cannot be written ({exc})")
        finally:
            if took:
                store.lock.release()
    key = (str(store.db_path), model)
    if key in _NOTED:
        return
    _NOTED.add(key)
    done = "and wrote the file for the next process" if wrote else "for this process (the file is rewritten by " \
        "the next writer, or by a reader when the store is not being written)"
    store.reporter.note(f"{check.reason}: decoded {matrix.size:,} passage vectors from the records {done}")


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
