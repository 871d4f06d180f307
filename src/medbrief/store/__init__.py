"""The store: SQLite records (source of truth) plus the derived lexical index beside them.

    <db>            SQLite database (documents, passages, drug dictionary, outbox, skips)
    <db>.index/     tantivy index over passages, rebuilt by `reindex`
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import IndexStale
from .lexical import LexicalIndex, rebuild
from .records_db import Change, RecordsDB, StoredDocument, content_hash

__all__ = ["Change", "RecordsDB", "Store", "StoredDocument", "content_hash"]


def index_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".index")


class Store:
    """Records and index opened together; `sync_index` makes the index catch up with the records."""

    def __init__(self, db_path: Path, *, create: bool = False) -> None:
        self.db_path = db_path
        self.db = RecordsDB(db_path, create=create)
        self.index_path = index_path(db_path)
        self.index = LexicalIndex(self.index_path)

    def close(self) -> None:
        self.index.close()
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sync_index(self) -> int:
        """Apply pending record changes to the index; returns how many documents were re-indexed."""
        pending = self.db.outbox()
        if not pending:
            return 0
        doc_ids = list(dict.fromkeys(d for _, d in pending))
        for i in range(0, len(doc_ids), 2000):
            chunk = doc_ids[i : i + 2000]
            rows = [row for d in chunk for row in self.db.index_rows_of(d)]
            self.index.replace_documents(chunk, rows)
        self.index.commit()
        self.db.clear_outbox(pending[-1][0])
        return len(doc_ids)

    def reindex(self) -> int:
        """Rebuild the lexical index from the records; returns the number of passages indexed."""
        self.index.close()
        last = self.db.outbox()
        n = rebuild(self.index_path, self.db.iter_index_rows())
        if last:
            self.db.clear_outbox(last[-1][0])
        self.index = LexicalIndex(self.index_path)
        return n

    def require_index(self) -> None:
        """Raise IndexStale when records exist but the index is empty (deleted or never built)."""
        if self.index.num_docs() == 0 and sum(self.db.counts()["passages"].values()) > 0:
            raise IndexStale(f"the search index of {self.db_path} is missing or empty")

    def consistent(self) -> bool:
        """True when the index holds exactly one entry per stored passage and nothing is pending."""
        counts = self.db.counts()["passages"]
        return not self.db.outbox() and self.index.num_docs() == sum(counts.values())

    def size_bytes(self) -> int:
        files = [self.db_path, self.db_path.with_name(self.db_path.name + "-wal")]
        total = sum(f.stat().st_size for f in files if f.exists())
        if self.index_path.exists():
            total += sum(f.stat().st_size for f in self.index_path.rglob("*") if f.is_file())
        return total

    def stats(self) -> dict[str, Any]:
        counts = self.db.counts()
        return {
            "documents": counts["documents"],
            "passages": counts["passages"],
            "sources": counts["sources"],
            "skipped": counts["skipped"],
            "db": str(self.db_path),
            "index": str(self.index_path),
            "size_bytes": self.size_bytes(),
            "built": self.db.build_info().get("last_ingest"),
        }
