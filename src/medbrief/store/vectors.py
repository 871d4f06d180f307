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
FILE_FORMAT = 1
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
    """The state of one model's vectors file: ok | missing | stale | damaged, and a sentence saying why."""

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


def check_vector_file(store: Store, model: str) -> VectorFileCheck:
    """Compare `model`'s vectors file with the records (its note only; reads no vectors). Read-only."""
    where = f"the vectors file of {store.db_path} ({model})"
    try:
        note = _read_note(vectors_path(store.db_path), model)
    except ValueError as exc:
        return VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
    return _compare(note, model, records_fingerprint(store), where)


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
        try:
            vectors = np.load(f"{base}.npy", mmap_mode="r", allow_pickle=False)
            tiers = np.load(f"{base}.tiers.npy", allow_pickle=False)
            pids = json.loads(Path(f"{base}.pids.json").read_text(encoding="utf-8"))
            # opened now, read when a search is first restricted to documents: the open file outlives a writer's
            # removal of this build, so the ids read later are this build's
            docs = open(f"{base}.docs.json", encoding="utf-8")  # noqa: SIM115
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            return None, VectorFileCheck(model, "damaged", f"{where} is damaged: {exc}")
        rows = int(note.get("rows", -1))
        if vectors.ndim != 2 or vectors.dtype != np.float32 or len(vectors) != rows or len(tiers) != rows \
                or len(pids) != rows:
            docs.close()
            return None, VectorFileCheck(model, "damaged", f"{where} is damaged: its arrays do not have "
                                                           f"{rows:,} rows")
        read: list[list[str]] = []

        def read_docs(docs: Any = docs, read: list[list[str]] = read) -> list[str]:
            if not read:
                with docs:
                    read.append(list(json.load(docs)))
            return read[0]

        missing = {str(k): int(v) for k, v in (note.get("missing_by_tier") or {}).items()}
        # np.asarray: a plain ndarray view of the map (matmul results stay plain arrays)
        return VectorMatrix(pids, tiers.astype(np.uint8, copy=False), np.asarray(vectors), read_docs,
                            sum(missing.values()), missing, source="file"), VectorFileCheck(model, "ok")
    return None, VectorFileCheck(model, "stale", f"{where} was being replaced while read")


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
    _write_atomic(Path(f"{base}.npy"), lambda f: np.save(f, vectors, allow_pickle=False))
    _write_atomic(Path(f"{base}.tiers.npy"), lambda f: np.save(f, np.asarray(matrix.tiers, np.uint8),
                                                               allow_pickle=False))
    _write_atomic(Path(f"{base}.pids.json"), lambda f: json.dump(list(matrix.pids), f), binary=False)
    _write_atomic(Path(f"{base}.docs.json"), lambda f: json.dump(list(docs), f), binary=False)
    note = {"format": FILE_FORMAT, "model": model, "build": build, "rows": matrix.size,
            "dim": int(vectors.shape[1]) if vectors.ndim == 2 else 0, "dtype": "float32",
            "missing_by_tier": matrix.missing_by_tier, "fingerprint": fingerprint}
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


def sync_vector_files(store: Store) -> list[str]:
    """Bring the vectors files in step with the records: rebuild each stored model's file that is missing or
    stale, and remove files of models no longer stored. The caller holds the write lock. Returns the models
    whose file was (re)written."""
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
            if check_vector_file(store, model).ok:
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
