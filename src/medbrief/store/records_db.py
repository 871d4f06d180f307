"""SQLite: the source of truth for documents, passages, the drug dictionary and the index outbox.

Every write that changes what search should see also appends to `index_outbox` in the same
transaction; the lexical index applies the outbox after each commit. A crash between the two leaves
the outbox non-empty, and the next open applies it again (applying is idempotent), so records and
index always converge.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..errors import ForeignStore, ReadOnlyStore, StoreError, StoreMissing
from ..records import Document, Passage, Section, SkippedRecord, Tier
from ..sources import READER_VERSION
from ..sources.revision import Revision, compare, deleted_later
from .faults import environment_error

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS build (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    tier TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    date TEXT,
    version TEXT,
    drugs TEXT NOT NULL,          -- JSON list of canonical generic names
    meta TEXT NOT NULL,           -- JSON object
    sections TEXT NOT NULL,       -- JSON list of [name, code, text]: the document as read
    origin TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_tier ON documents(tier);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    section_code TEXT,
    text TEXT NOT NULL,
    ord INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);
CREATE TABLE IF NOT EXISTS document_drugs (
    drug TEXT NOT NULL,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (drug, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS document_drugs_doc ON document_drugs(doc_id);
CREATE TABLE IF NOT EXISTS index_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL);
-- A new random write id with every change the index must follow, in the same transaction: two copies of one store
-- that took other changes have the same generation but other write ids, so an index never fits the wrong copy.
CREATE TRIGGER IF NOT EXISTS index_outbox_write_id AFTER INSERT ON index_outbox BEGIN
    INSERT OR REPLACE INTO build(key, value) VALUES ('write_id', lower(hex(randomblob(8))));
END;
CREATE TABLE IF NOT EXISTS drug_names (
    name TEXT NOT NULL,           -- normalized surface form
    canonical TEXT NOT NULL,      -- canonical generic name
    kind TEXT NOT NULL,           -- generic | brand | substance
    labels INTEGER NOT NULL,
    PRIMARY KEY (name, canonical)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deletions (   -- ids a source deleted, and where: an older file never brings them back
    doc_id TEXT PRIMARY KEY, origin TEXT NOT NULL, at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS drug_lexicon (
    name TEXT PRIMARY KEY,        -- normalized name no stored label carries (Zoloft, APAP, statins)
    canonical TEXT NOT NULL,      -- the ingredient (a stored label's canonical name when one matches) or class
    kind TEXT NOT NULL            -- alias | external | class, "_word" when the name is an everyday word
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skips (
    origin TEXT NOT NULL, position TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (origin, position)
) WITHOUT ROWID;
-- Every completed fetch from a live source (issue 14), written in the transaction that ends its ingest: what
-- `medbrief sources` lists and `medbrief update` re-runs from `cursor`. Added by any write open of an older store.
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,         -- openfda | openfda-bulk | pubmed | pubmed-baseline | dailymed
    request TEXT NOT NULL,        -- human-readable: drug=baclofen
    params TEXT NOT NULL,         -- JSON object: the request's parameters (the key `update` re-runs)
    fetched_at TEXT NOT NULL,     -- UTC, ISO 8601
    url TEXT NOT NULL,            -- the base URL fetched from
    files INTEGER NOT NULL,       -- files downloaded and ingested
    documents INTEGER NOT NULL,   -- distinct documents read from them that the store holds
    written INTEGER NOT NULL,     -- of which added or updated by this fetch
    cursor TEXT,                  -- where `update` resumes (newest date / last file); NULL when none yet
    requests INTEGER NOT NULL DEFAULT 0,
    cached INTEGER NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '[]'  -- JSON list of sentences
);
CREATE INDEX IF NOT EXISTS fetches_key ON fetches(source, params);
"""

# Rows for the lexical index; an untitled BEIR document's stand-in title ("PubMed 123") is not indexed.
_INDEX_ROWS = (
    "SELECT p.id, p.doc_id, d.tier, CASE WHEN d.source LIKE 'BEIR:%' AND json_extract(d.meta, '$.beir_id') IS NOT NULL"
    " AND d.title LIKE '% ' || json_extract(d.meta, '$.beir_id') THEN '' ELSE d.title END, p.text"
    " FROM passages p JOIN documents d ON d.id = p.doc_id"
)

Change = Literal["added", "updated", "unchanged", "kept_newer", "kept_existing", "deleted", "absent"]


def content_hash(doc: Document, reader: int | None = READER_VERSION) -> str:
    """Hash of everything that a re-ingest could change (not the origin path), after the version of the readers
    that made the text ("r002:<sha1>"; `reader=None`: the bare sha1 stores before version 2 wrote). Two copies of
    one revision keep the larger hash (`upsert`), so a record read again by newer readers replaces its older
    reading, whichever sha1 is larger."""
    payload = json.dumps(
        [doc.tier, doc.title, doc.source, doc.url, doc.date, doc.version, list(doc.drugs), doc.meta,
         [[s.name, s.code, s.text] for s in doc.sections]],
        sort_keys=True, ensure_ascii=False, default=str,
    )
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()
    return f"r{reader:03d}:{digest}" if reader else digest


def reader_of(stored_hash: str) -> int | None:
    """The reader version a stored content hash was made under (None: before versions were recorded)."""
    return int(stored_hash[1:4]) if re.match(r"r\d{3}:", stored_hash) else None


def _json_dict(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def _json_list(text: str | None) -> list[Any]:
    try:
        value = json.loads(text or "[]")
    except json.JSONDecodeError:
        return []
    return value if isinstance(value, list) else []


def params_json(params: dict[str, Any]) -> str:
    """A request's parameters as canonical JSON (sorted keys): equal requests give equal text, the registry's key."""
    return json.dumps(params, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class FetchRecord:
    """One completed fetch from a live source (the `fetches` table)."""

    source: str
    request: str
    params: dict[str, Any]
    fetched_at: str
    url: str
    files: int
    documents: int
    written: int
    cursor: str | None
    requests: int = 0
    cached: int = 0
    notes: tuple[str, ...] = ()
    id: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """(source, canonical parameters): fetches of the same request share it."""
        return self.source, params_json(self.params)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "request": self.request, "params": self.params,
                "fetched_at": self.fetched_at, "url": self.url, "files": self.files, "documents": self.documents,
                "written": self.written, "cursor": self.cursor, "requests": self.requests, "cached": self.cached,
                "notes": list(self.notes)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredDocument:
    """A document row as stored (sections kept as read)."""

    id: str
    tier: Tier
    title: str
    source: str
    url: str | None
    date: str | None
    version: str | None
    drugs: tuple[str, ...]
    meta: dict[str, Any]
    origin: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "tier": self.tier, "title": self.title, "source": self.source, "url": self.url,
            "date": self.date, "version": self.version, "drugs": list(self.drugs), "meta": self.meta,
        }


class RecordsDB:
    """The SQLite side of the store."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        """Open (or with `create`, make) the store at `path`.

        A file that is not a medbrief store is never modified: ForeignStore. A corrupt file: DamagedStore. A store
        whose file or folder cannot be written is opened read-only (`read_only` True) unless `create` was asked
        (ReadOnlyStore). No store and no `create`: StoreMissing.
        """
        self.path = path
        if not create and not path.exists():
            raise StoreMissing(f"no medbrief store at {path}")
        if path.exists():
            check_medbrief_file(path)
            if not create and path.stat().st_size == 0:
                raise StoreMissing(f"no medbrief store at {path} (the file is empty)")
        self.read_only = path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        if self.read_only and create:
            raise ReadOnlyStore(f"{path} cannot be written: the file or its folder is read-only")
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReadOnlyStore(f"cannot create the store folder {path.parent}: {exc.strerror or exc}") from exc
        try:
            if self.read_only:
                self.conn = _connect_read_only(path)
            else:
                self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL keeps the database consistent if the process is killed (WAL); only an OS crash
                # could lose the last commits, which a re-run of ingest restores.
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=10000")
            if create:
                # one transaction: a process killed while creating leaves no half-made store behind
                self.conn.executescript(
                    f"BEGIN; {_SCHEMA} INSERT OR IGNORE INTO build(key, value) VALUES "
                    f"('schema_version', '{SCHEMA_VERSION:d}'), ('created', '{_now()}'); COMMIT;"
                )
            else:
                self.conn.execute("SELECT 1 FROM documents LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise _open_error(path, exc) from exc

    def close(self) -> None:
        self.conn.close()

    # -- transactions -------------------------------------------------------------------------
    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read inside one transaction: every query sees the records as of its first read, whatever a
        concurrent writer commits meanwhile (WAL readers never wait). No-op inside an open transaction."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def savepoint(self, name: str = "record") -> Iterator[None]:
        """Run the body inside `SAVEPOINT name`: on any exception every row it wrote is undone (ROLLBACK TO)
        and the exception is re-raised; the enclosing transaction and what it wrote before stay.

        Call inside begin/commit. Per-record isolation in ingest: a record that fails half-way through its
        document, passage, drug and outbox rows leaves none of them. When SQLite itself already rolled the
        whole transaction back (some SQLITE_FULL / IOERR cases) there is no savepoint left to return to; the
        original exception is raised all the same."""
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                try:
                    self.conn.execute(f"ROLLBACK TO {name}")
                    self.conn.execute(f"RELEASE {name}")
                except sqlite3.Error:
                    pass  # the original exception says more than a failed undo of an undone transaction
            raise
        self.conn.execute(f"RELEASE {name}")

    # -- writes (call inside begin/commit) ------------------------------------------------------
    def upsert(self, doc: Document, passages: list[Passage]) -> Change:
        """Insert or replace a document and its passages; an older revision never replaces a newer one."""
        h = content_hash(doc)
        sections_json = json.dumps([[s.name, s.code, s.text] for s in doc.sections], ensure_ascii=False)
        row = self.conn.execute(
            "SELECT content_hash, source, version, date, meta, origin FROM documents WHERE id=?", (doc.id,)
        ).fetchone()
        if row is None:
            tomb = self.conn.execute("SELECT origin FROM deletions WHERE doc_id=?", (doc.id,)).fetchone()
            if tomb is not None:
                if deleted_later(doc.origin, tomb[0]):
                    return "kept_newer"  # a later file deleted this record: an older copy stays out
                self.conn.execute("DELETE FROM deletions WHERE doc_id=?", (doc.id,))
        if row is not None:
            if row[0] == h:
                return "unchanged"
            # Which copy is current follows the source's own revision rule (sources/revision.py): versions,
            # update-file order, revision dates; never which copy has more text.
            stored = Revision(doc.id, row[1], row[2], row[3], _json_dict(row[4]), row[5])
            order = compare(Revision(doc.id, doc.source, doc.version, doc.date, doc.meta, doc.origin), stored)
            if order < 0:
                return "kept_newer"
            # The same revision with other content (two copies of one label version in one format, a TAC
            # file annotated and not): the larger content hash wins, so any reading order ends with the
            # same copy and a re-run changes nothing; the hash leads with the readers' version, so a copy read by
            # newer readers (tables read with their header) replaces the older reading of the same record.
            if order == 0 and h <= row[0]:
                return "kept_existing"
            self.conn.execute("DELETE FROM documents WHERE id=?", (doc.id,))
        self.conn.execute(
            "INSERT INTO documents(id, tier, title, source, url, date, version, drugs, meta, sections, origin,"
            " content_hash, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.id, doc.tier, doc.title, doc.source, doc.url, doc.date, doc.version,
                json.dumps(list(doc.drugs)), json.dumps(doc.meta, ensure_ascii=False, default=str),
                sections_json,
                doc.origin, h, _now(),
            ),
        )
        self.conn.executemany(
            "INSERT INTO passages(id, doc_id, section, section_code, text, ord) VALUES (?,?,?,?,?,?)",
            [(p.id, p.doc_id, p.section, p.section_code, p.text, p.order) for p in passages],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO document_drugs(drug, doc_id) VALUES (?, ?)", [(d, doc.id) for d in doc.drugs]
        )
        self.conn.execute("INSERT INTO index_outbox(doc_id) VALUES (?)", (doc.id,))
        return "added" if row is None else "updated"

    def replace_passages(self, doc_id: str, passages: list[Passage]) -> None:
        """Replace a stored document's passages (after the passage rule changed) and queue it for the index."""
        self.conn.execute("DELETE FROM passages WHERE doc_id=?", (doc_id,))
        self.conn.executemany(
            "INSERT INTO passages(id, doc_id, section, section_code, text, ord) VALUES (?,?,?,?,?,?)",
            [(p.id, p.doc_id, p.section, p.section_code, p.text, p.order) for p in passages],
        )
        self.conn.execute("INSERT INTO index_outbox(doc_id) VALUES (?)", (doc_id,))

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def delete(self, doc_id: str, origin: str = "") -> Change:
        """Remove a document and its passages, and remember where the deletion came from."""
        self.conn.execute(
            "INSERT OR REPLACE INTO deletions(doc_id, origin, at) VALUES (?,?,?)", (doc_id, origin, _now())
        )
        cur = self.conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        if cur.rowcount == 0:
            return "absent"
        self.conn.execute("INSERT INTO index_outbox(doc_id) VALUES (?)", (doc_id,))
        return "deleted"

    def record_skip(self, skip: SkippedRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO skips(origin, position, reason, at) VALUES (?,?,?,?)",
            (skip.origin, skip.position or "", skip.reason, _now()),
        )

    def clear_skip(self, origin: str) -> None:
        self.conn.execute("DELETE FROM skips WHERE origin=?", (origin,))

    def replace_drug_names(self, rows: Iterable[tuple[str, str, str, int]]) -> None:
        self.conn.execute("DELETE FROM drug_names")
        self.conn.executemany("INSERT OR REPLACE INTO drug_names(name, canonical, kind, labels) VALUES (?,?,?,?)", rows)

    def replace_drug_lexicon(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self.conn.execute("DELETE FROM drug_lexicon")
        self.conn.executemany("INSERT OR REPLACE INTO drug_lexicon(name, canonical, kind) VALUES (?,?,?)", rows)

    def lexicon_lookup(self, names: list[str]) -> dict[str, tuple[str, str]]:
        """(canonical, kind) of each name found in the drug lexicon."""
        out: dict[str, tuple[str, str]] = {}
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for name, canonical, kind in self.conn.execute(
                f"SELECT name, canonical, kind FROM drug_lexicon WHERE name IN ({marks})", chunk
            ):
                out[name] = (canonical, kind)
        return out

    def record_fetch(self, fetch: FetchRecord) -> int:
        """Store one completed fetch (call inside begin/commit, in the transaction of its ingest); returns its id."""
        cur = self.conn.execute(
            "INSERT INTO fetches(source, request, params, fetched_at, url, files, documents, written, cursor,"
            " requests, cached, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (fetch.source, fetch.request, params_json(fetch.params), fetch.fetched_at, fetch.url, fetch.files,
             fetch.documents, fetch.written, fetch.cursor, fetch.requests, fetch.cached,
             json.dumps(list(fetch.notes), ensure_ascii=False)),
        )
        return int(cur.lastrowid or 0)

    def fetches(self) -> list[FetchRecord]:
        """Every recorded fetch, oldest first ([] for a store made before fetches were recorded)."""
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='fetches'").fetchone():
            return []
        rows = self.conn.execute(
            "SELECT source, request, params, fetched_at, url, files, documents, written, cursor, requests, cached,"
            " notes, id FROM fetches ORDER BY id"
        ).fetchall()
        return [FetchRecord(r[0], r[1], _json_dict(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                            tuple(_json_list(r[11])), r[12]) for r in rows]

    def set_build(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO build(key, value) VALUES (?, ?)", (key, value))

    # -- outbox ---------------------------------------------------------------------------------
    def outbox(self) -> list[tuple[int, str]]:
        return self.conn.execute("SELECT seq, doc_id FROM index_outbox ORDER BY seq").fetchall()

    def clear_outbox(self, upto: int) -> None:
        self.conn.execute("DELETE FROM index_outbox WHERE seq <= ?", (upto,))

    # -- reads ----------------------------------------------------------------------------------
    def passages_of(self, doc_id: str) -> list[Passage]:
        rows = self.conn.execute(
            "SELECT id, doc_id, section, section_code, text, ord FROM passages WHERE doc_id=? ORDER BY ord",
            (doc_id,),
        ).fetchall()
        return [Passage(*r) for r in rows]

    def passages_by_id(self, ids: list[str]) -> dict[str, Passage]:
        out: dict[str, Passage] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                f"SELECT id, doc_id, section, section_code, text, ord FROM passages WHERE id IN ({q})", chunk
            ):
                out[r[0]] = Passage(*r)
        return out

    def iter_index_rows(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(passage id, doc id, tier, title, text) for every passage, for a full reindex."""
        yield from self.conn.execute(_INDEX_ROWS)

    def index_rows_of(self, doc_id: str) -> list[tuple[str, str, str, str, str]]:
        return self.conn.execute(_INDEX_ROWS + " WHERE p.doc_id = ?", (doc_id,)).fetchall()

    def document(self, doc_id: str) -> StoredDocument | None:
        r = self.conn.execute(
            "SELECT id, tier, title, source, url, date, version, drugs, meta, origin FROM documents WHERE id=?",
            (doc_id,),
        ).fetchone()
        return None if r is None else _stored(r)

    def documents(self, ids: Iterable[str]) -> dict[str, StoredDocument]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, StoredDocument] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = ",".join("?" * len(chunk))
            for r in self.conn.execute(
                "SELECT id, tier, title, source, url, date, version, drugs, meta, origin FROM documents"
                f" WHERE id IN ({q})",
                chunk,
            ):
                out[r[0]] = _stored(r)
        return out

    def document_sections(self, doc_id: str) -> list[Section]:
        r = self.conn.execute("SELECT sections FROM documents WHERE id=?", (doc_id,)).fetchone()
        return [] if r is None else [Section(n, t, c) for n, c, t in json.loads(r[0])]

    def docs_for_drug(self, drug: str, tier: Tier | None = None) -> list[str]:
        sql = "SELECT dd.doc_id FROM document_drugs dd"
        if tier:
            sql += " JOIN documents d ON d.id = dd.doc_id WHERE dd.drug = ? AND d.tier = ?"
            return [r[0] for r in self.conn.execute(sql + " ORDER BY dd.doc_id", (drug, tier))]
        return [r[0] for r in self.conn.execute(sql + " WHERE dd.drug = ? ORDER BY dd.doc_id", (drug,))]

    def label_meta(self) -> Iterator[tuple[str, list[str], dict[str, Any]]]:
        """(doc id, drugs, meta) of every label, for the drug dictionary."""
        for doc_id, drugs, meta in self.conn.execute("SELECT id, drugs, meta FROM documents WHERE tier='label'"):
            yield doc_id, json.loads(drugs), json.loads(meta)

    def labels_without_drugs(self) -> list[tuple[str, dict[str, Any]]]:
        """(doc id, meta) of labels whose text named no ingredient (TAC 2017 files carry only a brand)."""
        return [
            (doc_id, json.loads(meta))
            for doc_id, meta in self.conn.execute(
                "SELECT id, meta FROM documents WHERE tier='label' AND drugs='[]'"
            )
        ]

    def set_document_drugs(self, doc_id: str, drugs: tuple[str, ...]) -> None:
        """Replace a stored document's own drug list (and its content hash and drug links), keeping the rest.

        For an upgrade whose name rules derive other drug lists from the same records (ingest.rederive_drugs):
        the hash must follow, or a re-read of the same record would look like another copy of it."""
        row = self.document(doc_id)
        if row is None:
            return
        doc = Document(id=row.id, tier=row.tier, title=row.title, source=row.source, url=row.url, date=row.date,
                       version=row.version, drugs=drugs, meta=row.meta, sections=tuple(self.document_sections(doc_id)))
        stored = self.conn.execute("SELECT content_hash FROM documents WHERE id=?", (doc_id,)).fetchone()[0]
        # the text is still the older readers' reading: keep their version, so a re-read by newer readers replaces it
        self.conn.execute("UPDATE documents SET drugs=?, content_hash=? WHERE id=?",
                          (json.dumps(list(drugs)), content_hash(doc, reader_of(stored)), doc_id))
        self.conn.execute("DELETE FROM document_drugs WHERE doc_id=?", (doc_id,))
        self.conn.executemany("INSERT OR IGNORE INTO document_drugs(drug, doc_id) VALUES (?, ?)",
                              [(d, doc_id) for d in drugs])

    def unlink_drugs(self, doc_id: str) -> None:
        """Forget the derived drug links of a document whose own drugs list is empty (re-resolved each ingest)."""
        self.conn.execute("DELETE FROM document_drugs WHERE doc_id=?", (doc_id,))

    def document_text(self, doc_id: str, limit: int = 200_000) -> str:
        """The passages of a document, in order, one per line (up to `limit` characters)."""
        rows = self.conn.execute("SELECT text FROM passages WHERE doc_id=? ORDER BY ord", (doc_id,))
        return "\n".join(r[0] for r in rows)[:limit]

    def link_drug(self, drug: str, doc_id: str) -> None:
        """Record that a document is about a drug (derived, e.g. a brand resolved through the dictionary)."""
        self.conn.execute("INSERT OR IGNORE INTO document_drugs(drug, doc_id) VALUES (?, ?)", (drug, doc_id))

    def drug_names(self) -> list[tuple[str, str, str, int]]:
        return self.conn.execute("SELECT name, canonical, kind, labels FROM drug_names").fetchall()

    def counts(self) -> dict[str, Any]:
        docs = dict(self.conn.execute("SELECT tier, count(*) FROM documents GROUP BY tier").fetchall())
        pas = dict(
            self.conn.execute(
                "SELECT d.tier, count(*) FROM passages p JOIN documents d ON d.id = p.doc_id GROUP BY d.tier"
            ).fetchall()
        )
        sources = dict(self.conn.execute("SELECT source, count(*) FROM documents GROUP BY source ORDER BY source"))
        tiers = ("guideline", "label", "research")
        return {
            "documents": {t: int(docs.get(t, 0)) for t in tiers},
            "passages": {t: int(pas.get(t, 0)) for t in tiers},
            "sources": {k: int(v) for k, v in sources.items()},
            "skipped": int(self.conn.execute("SELECT count(*) FROM skips").fetchone()[0]),
        }

    def build_info(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM build").fetchall())

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def integrity_problems(self, limit: int = 20) -> list[str]:
        """SQLite's `integrity_check` and `foreign_key_check` findings (empty when the file is sound)."""
        found = [r[0] for r in self.conn.execute(f"PRAGMA integrity_check({int(limit)})") if r[0] != "ok"]
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check").fetchmany(limit):
            found.append(f"{table} row {rowid} points to a missing {parent} row")
        return found

    # -- the fingerprint the index is compared with (store/__init__.py) -------------------------------
    def generation(self) -> int:
        """The records generation: the highest outbox sequence number ever issued (0 for a new store).

        AUTOINCREMENT keeps it in sqlite_sequence, bumped in the same transaction as every change the index must
        follow, and never reused, so an index that applied generation N has seen every change up to N."""
        row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name='index_outbox'").fetchone()
        return int(row[0]) if row else 0

    def write_id(self) -> str:
        """The random id of the last change the index must follow ('' in a store from before it was kept)."""
        row = self.conn.execute("SELECT value FROM build WHERE key='write_id'").fetchone()
        return str(row[0]) if row else ""

    def passage_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM passages").fetchone()[0])

    def passage_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM passages")]

    def created(self) -> str:
        """When the store was created (its identity: an index made for another store never matches)."""
        return self.build_info().get("created", "")


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection. In a read-only folder SQLite cannot make the WAL index (-shm) a WAL database needs;
    `immutable=1` then reads the file as it is (nothing can write it there either)."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def check_medbrief_file(path: Path) -> None:
    """Raise ForeignStore / DamagedStore unless `path` (which exists) is a medbrief store or an empty file; reads
    only. A directory, device or pipe (`--db /dev/null`) is never a store."""
    if not path.is_file():
        raise ForeignStore(f"{path} is not a medbrief store (not a regular file); it was not changed")
    if path.stat().st_size == 0:
        return  # an empty file: nothing to lose, it becomes a store (a reader finds no store there yet)
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head != _SQLITE_MAGIC:
        raise ForeignStore(f"{path} is not a medbrief store (not an SQLite database); it was not changed")
    conn = None
    try:
        conn = _connect_read_only(path)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if not tables:
            return  # an empty database: nothing to lose, it becomes a store
        if "build" in tables and conn.execute("SELECT 1 FROM build WHERE key='schema_version'").fetchone():
            return
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from exc
    finally:
        if conn is not None:
            conn.close()
    shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
    raise ForeignStore(f"{path} is an SQLite database of something else (tables: {shown}), not a medbrief store; "
                       "it was not changed")


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    return environment_error(exc, path) or StoreError(f"cannot open store {path}: {exc}")


def _stored(r: tuple[Any, ...]) -> StoredDocument:
    return StoredDocument(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(json.loads(r[7])), json.loads(r[8]), r[9])
